"""Import the Swedish Police's open events, from a file or a URL, idempotently by id."""

from datetime import date
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from tryggve.core.commands import summary
from tryggve.inputs.police import import_events
from tryggve.inputs.sources import read_source


class Command(BaseCommand):
    help = (
        "Read the police's open events feed (a JSON list of events) from a file or an https URL, "
        "e.g. https://polisen.se/api/events, and store the events of installed municipalities and "
        "their counties. Events already stored are updated where the feed changed them."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("source", help="A file, or an http(s) URL.")
        parser.add_argument(
            "--since", type=date.fromisoformat, help="Skip events before this date (YYYY-MM-DD)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override(settings.LANGUAGE_CODE):
            text = read_source(options["source"])
            result = import_events(text, since=options["since"])
            for problem in result.problems:
                self.stderr.write(problem)
            # An updated event counts in neither imported nor unchanged; the last line keeps the
            # shape every import prints.
            self.stdout.write(f"updated: {result.updated}")
            if result.problems:
                self.stdout.write(summary(0, 0, len(result.problems)))
                raise CommandError(_("Nothing was imported: fix the feed and run the command again."))
            self.stdout.write(summary(result.imported, result.unchanged, 0))
