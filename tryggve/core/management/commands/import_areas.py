"""Import a municipality's areas from a boundary file (GeoPackage, zipped Shapefile, GeoJSON)."""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from tryggve.core import area_import
from tryggve.core.boundaries import BoundaryError, read_features
from tryggve.core.commands import municipality_named


class Command(BaseCommand):
    help = (
        "Import areas from FILE (GeoPackage, zipped Shapefile or GeoJSON in SWEREF 99 TM, a SWEREF 99 "
        "local zone or WGS 84), matching existing areas by official code, then by address name. "
        "A file with any problem changes nothing."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("municipality", help="The municipality's address name, e.g. halmstad.")
        parser.add_argument("file", type=Path)
        parser.add_argument("--layer", default="", help="The layer to read, if the file has several.")
        parser.add_argument(
            "--code-field", default="", help="The field with each feature's official code (default: deso, …)."
        )
        parser.add_argument(
            "--name-field", default="", help="The field with each area's name (default: namn, …)."
        )
        how = parser.add_mutually_exclusive_group()
        how.add_argument("--group-by", default="", help="Merge the features that share this field's value.")
        how.add_argument(
            "--mapping",
            type=Path,
            help="A CSV file code,area[,kind] naming the area each feature is part of.",
        )
        parser.add_argument(
            "--parent", default="", help="The address name of the area the areas are part of."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override(settings.LANGUAGE_CODE):
            self.import_file(options)

    def import_file(self, options: dict[str, Any]) -> None:
        municipality = municipality_named(options["municipality"])
        parent = None
        if options["parent"]:
            parent = municipality.areas.filter(slug=options["parent"]).first()
            if parent is None:
                raise CommandError(
                    _("%(municipality)s has no area with the address name %(slug)s.")
                    % {"municipality": municipality, "slug": options["parent"]}
                )
        path: Path = options["file"]
        try:
            mapping = area_import.read_mapping(options["mapping"]) if options["mapping"] else None
            features = read_features(
                path,
                layer=options["layer"],
                code_field=options["code_field"],
                name_field=options["name_field"],
                group_field=options["group_by"],
            )
            plan = area_import.plan(
                municipality,
                features,
                file=path.name,
                grouped=bool(options["group_by"]),
                mapping=mapping,
                parent=parent,
            )
        except BoundaryError as error:
            self.stdout.write("areas: 0 created, 0 updated")
            raise CommandError(_("Nothing was imported: %(reason)s") % {"reason": error}) from error
        created, updated = area_import.store(plan)
        if plan.skipped:
            self.stdout.write(
                _("Features of other municipalities, skipped: %(count)s") % {"count": plan.skipped}
            )
        if plan.unchanged:
            self.stdout.write(_("Areas already up to date: %(count)s") % {"count": plan.unchanged})
        self.stdout.write(f"areas: {created} created, {updated} updated")
