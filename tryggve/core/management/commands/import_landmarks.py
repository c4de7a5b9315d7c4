"""Import a municipality's named places (ortnamn) from a GeoJSON or CSV file."""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from tryggve.core import landmarks
from tryggve.core.commands import municipality_named


class Command(BaseCommand):
    help = (
        "Import named places from FILE: GeoJSON Point features (WGS 84, or SWEREF 99 TM as its crs "
        "says) or CSV name,lat,lon (WGS 84) or name,north,east (SWEREF 99 TM), with an optional kind. "
        "Places are matched by name. A file with any problem changes nothing."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("municipality", help="The municipality's address name, e.g. halmstad.")
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Remove the municipality's named places that the file does not name.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override(settings.LANGUAGE_CODE):
            municipality = municipality_named(options["municipality"])
            try:
                places = landmarks.read(options["file"], municipality)
            except landmarks.LandmarkError as error:
                self.stdout.write("named places: 0 created, 0 updated, 0 removed")
                raise CommandError(_("Nothing was imported: %(reason)s") % {"reason": error}) from error
            counts = landmarks.store(municipality, places, replace=options["replace"])
        if counts["unchanged"]:
            self.stdout.write(
                _("Named places already up to date: %(count)s") % {"count": counts["unchanged"]}
            )
        self.stdout.write(
            "named places: {created} created, {updated} updated, {removed} removed".format(**counts)
        )
