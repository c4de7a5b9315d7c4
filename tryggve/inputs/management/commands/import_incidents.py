"""Import incident reports from a partner's own system (CSV); see `tryggve.inputs.incident_import`."""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from tryggve.core.commands import municipality_named, summary
from tryggve.core.files import read_text
from tryggve.core.models import Organisation

from ...incident_import import COLUMNS, import_incidents


class Command(BaseCommand):
    help = (
        f"Import incident reports from FILE.csv (columns {','.join(COLUMNS)}) for ORGANISATION. "
        "Reports already imported (by id) are left unchanged; a file with any bad line changes nothing."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("municipality", help="The municipality's address name, e.g. halmstad.")
        parser.add_argument("organisation", help="The reporting organisation's address name, e.g. hfab.")
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override(settings.LANGUAGE_CODE):
            place = municipality_named(options["municipality"])
            organisation = Organisation.objects.filter(
                slug=options["organisation"], municipalities=place
            ).first()
            if organisation is None:
                raise CommandError(
                    _("No organisation %(slug)s takes part in %(municipality)s.")
                    % {"slug": options["organisation"], "municipality": place}
                )
            result = import_incidents(
                read_text(options["file"]), place, organisation, list(place.areas.all())
            )
            for problem in result.problems:
                self.stderr.write(problem)
            self.stdout.write(summary(result.imported, result.unchanged, result.rejected))
            if result.problems:
                raise CommandError(_("Nothing was imported: fix the lines above."))
