"""Import residents per area, sex and age band for one year: what survey answers are weighted to."""

import re
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from tryggve.core.commands import data_lines, municipality_named, summary
from tryggve.core.csv_files import csv_reader
from tryggve.core.files import read_text
from tryggve.core.models import Area, Municipality, Population

COLUMNS = ["area", "sex", "age_band", "population"]


class Command(BaseCommand):
    help = (
        "Import population counts from FILE.csv (columns area,sex,age_band,population; areas by name). "
        "A file with any bad line changes nothing."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("municipality", help="The municipality's address name, e.g. halmstad.")
        parser.add_argument("year", type=int, help="The year the counts describe.")
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--create-areas", action="store_true", help="Create unknown areas (without an outline)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override(settings.LANGUAGE_CODE):
            self.import_file(options)

    def import_file(self, options: dict[str, Any]) -> None:
        municipality = municipality_named(options["municipality"])
        rows = list(csv_reader(read_text(options["file"])))
        if not rows or [name.strip().lower() for name in rows[0]] != COLUMNS:
            self.stdout.write(summary(0, 0, data_lines(rows)))
            raise CommandError(_("The first line must be %(columns)s.") % {"columns": ",".join(COLUMNS)})
        areas = {area.name.casefold(): area for area in municipality.areas.all()}
        counts: dict[tuple[str, str, str], int] = {}
        problems: list[str] = []
        for line, row in enumerate(rows[1:], start=2):
            if not any(cell.strip() for cell in row):
                continue
            problem = self.problem_in(row, areas, options["create_areas"], counts)
            if problem:
                problems.append(_("line %(line)s: %(problem)s") % {"line": line, "problem": problem})
            else:
                name, sex, age_band, given = (cell.strip() for cell in row)
                counts[(name, sex, age_band)] = int(digits(given))
        for problem in problems:
            self.stderr.write(problem)
        if problems:
            self.stdout.write(summary(0, 0, len(problems)))
            raise CommandError(_("Nothing was imported: fix the lines above."))
        imported = unchanged = 0
        with transaction.atomic():
            for (name, sex, age_band), count in counts.items():
                area = areas.get(name.casefold()) or self.new_area(municipality, name, areas)
                cell, created = Population.objects.get_or_create(
                    area=area, year=options["year"], sex=sex, age_band=age_band, defaults={"count": count}
                )
                if created or cell.count != count:
                    cell.count = count
                    cell.save(update_fields=["count"])
                    imported += 1
                else:
                    unchanged += 1
        self.stdout.write(summary(imported, unchanged, 0))

    @staticmethod
    def problem_in(
        row: list[str], areas: dict[str, Area], create_areas: bool, seen: dict[tuple[str, str, str], int]
    ) -> str:
        if len(row) != len(COLUMNS):
            return _("expected 4 columns, found %(count)s") % {"count": len(row)}
        area, sex, age_band, count = (cell.strip() for cell in row)
        if not area or not sex or not age_band:
            return _("area, sex and age band must not be empty")
        if area.casefold() not in areas and not create_areas:
            return _("unknown area “%(area)s” (use --create-areas to create it)") % {"area": area}
        if not re.fullmatch(r"\d+", digits(count)):
            return _("population must be a whole number of 0 or more, not “%(value)s”") % {"value": count}
        if (area, sex, age_band) in seen:
            return _("%(area)s, %(sex)s, %(age_band)s appears twice") % {
                "area": area,
                "sex": sex,
                "age_band": age_band,
            }
        return ""

    @staticmethod
    def new_area(municipality: Municipality, name: str, areas: dict[str, Area]) -> Area:
        area = Area.objects.create(municipality=municipality, name=name, slug=slugify(name)[:50] or "omrade")
        areas[name.casefold()] = area
        return area


def digits(count: str) -> str:
    """A count without the spaces Swedish files put between thousands ("12 345")."""
    return count.replace(" ", "").replace("\xa0", "")
