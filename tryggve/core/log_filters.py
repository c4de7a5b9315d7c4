"""What the application's own log leaves out: Django's lines about residents' requests.

Django writes a line for a refused or missing page (`django.request`, `django.security`), with
its address, to the journal, which stamps it with the time. For a resident's survey or place
report (the address of a report not yet public, which its sender follows right after sending
it) that line would tie the report, or an answer, to a time; nginx leaves the same requests out
of its access log (deploy/nginx/tryggve.conf).
"""

import logging
import re

# The addresses of residents' requests, under any language prefix.
RESIDENT_PATHS = re.compile(r"/(enkat|rapportera)(/|$)|/rapporterade-platser/|/place-reports(/|$)")


class ResidentRequestsLeftOut(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        request = getattr(record, "request", None)
        path = getattr(request, "path", "")
        return not (isinstance(path, str) and RESIDENT_PATHS.search(path))
