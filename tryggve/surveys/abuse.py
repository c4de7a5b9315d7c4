"""The survey's abuse limits, counted by `core.abuse` (salted daily hashes in the cache)."""

import json
from typing import Any

from django.conf import settings
from django.http import HttpRequest

from tryggve.core.abuse import client_over_limit as _client_over_limit
from tryggve.core.abuse import identical_over_limit

PURPOSE = "survey"


def client_over_limit(request: HttpRequest, survey_id: int) -> bool:
    """Count a submission from this client; True when it is over the hourly limit."""
    return _client_over_limit(
        request, PURPOSE, str(survey_id), settings.SURVEY_SUBMISSIONS_PER_CLIENT_PER_HOUR
    )


def identical_burst(survey_id: int, answers: dict[str, Any]) -> bool:
    """Count these exact answers; True when too many identical ones arrived within the hour."""
    fingerprint = json.dumps(answers, sort_keys=True, separators=(",", ":"))
    return identical_over_limit(
        PURPOSE, str(survey_id), fingerprint, settings.SURVEY_IDENTICAL_SUBMISSIONS_PER_HOUR
    )
