"""Import residents per area, sex and age band for one year: what survey answers are weighted to.

FILE is the CSV format of docs/formats.md, or Statistics Sweden's PxWeb answer in JSON-stat 2.0
(a file, or the API's address: the query is POSTed), read by `situation.scb_population`.
"""

import json
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
from tryggve.core.models import Area, Municipality
from tryggve.situation import scb_population
from tryggve.surveys.models import Question, Survey
from tryggve.surveys.standard_questions import AGE_BANDS

COLUMNS = ["area", "sex", "age_band", "population"]


class Command(BaseCommand):
    help = (
        "Import population counts from FILE.csv (columns area,sex,age_band,population; areas by name), "
        "or from SCB's PxWeb API in JSON-stat 2.0: a file, or the API's https:// address (the query is "
        "POSTed). A file with any problem changes nothing."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("municipality", help="The municipality's address name, e.g. halmstad.")
        parser.add_argument("year", type=int, help="The year the counts describe.")
        parser.add_argument("file", help="A CSV or JSON-stat file, or the address of SCB's API.")
        parser.add_argument(
            "--create-areas", action="store_true", help="Create unknown areas (without an outline; CSV only)."
        )
        parser.add_argument(
            "--query",
            type=Path,
            help="JSON-stat from an address: the query to POST (default: the DeSO table's).",
        )
        parser.add_argument(
            "--from-year",
            type=int,
            help="JSON-stat: the year of the file to read (default: YEAR), e.g. last year's counts.",
        )
        parser.add_argument(
            "--survey",
            default="",
            help="JSON-stat: count into the age bands of this survey (address name); default: the template.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override(settings.LANGUAGE_CODE):
            self.import_file(options)

    def import_file(self, options: dict[str, Any]) -> None:
        municipality = municipality_named(options["municipality"])
        source: str = options["file"]
        if source.startswith(("https://", "http://")):
            self.import_dataset(municipality, options, self.fetched(municipality, options))
            return
        text = read_text(Path(source))
        if scb_population.looks_like_json(text):
            try:
                data = json.loads(text)
            except ValueError as error:
                self.stdout.write(summary(0, 0, 1))
                raise CommandError(
                    _("%(file)s is not valid JSON: %(error)s") % {"file": Path(source).name, "error": error}
                ) from error
            self.import_dataset(municipality, options, data)
            return
        self.import_csv(municipality, options, text)

    def fetched(self, municipality: Municipality, options: dict[str, Any]) -> Any:
        year = options["from_year"] or options["year"]
        if options["query"]:
            query = json.loads(read_text(options["query"]))
        else:
            query = scb_population.default_query(municipality, year)
            if not query["query"][0]["selection"]["values"]:
                raise CommandError(
                    _(
                        "%(municipality)s's areas have no statistical regions: "
                        "import them first (import_areas)."
                    )
                    % {"municipality": municipality}
                )
        try:
            text = scb_population.fetch(options["file"], query)
            return json.loads(text)
        except scb_population.PopulationFileError as error:
            self.stdout.write(summary(0, 0, 1))
            raise CommandError(_("Nothing was imported: %(reason)s") % {"reason": error}) from error
        except ValueError as error:
            self.stdout.write(summary(0, 0, 1))
            raise CommandError(_("The API did not answer with JSON: %(error)s") % {"error": error}) from error

    def bands(self, municipality: Municipality, slug: str) -> list[str]:
        """The population labels of the age question of the survey, or of the template."""
        if not slug:
            return list(AGE_BANDS)
        survey = Survey.objects.filter(municipality=municipality, slug=slug).first()
        if survey is None:
            raise CommandError(
                _("%(municipality)s has no survey %(slug)s.") % {"municipality": municipality, "slug": slug}
            )
        question = Question.objects.filter(page__survey=survey, weighting=Question.Weighting.AGE_BAND).first()
        labels = [o.population_label for o in question.scale()] if question else []
        if not labels:
            raise CommandError(_("The survey %(slug)s has no age-band question.") % {"slug": slug})
        return labels

    def import_dataset(self, municipality: Municipality, options: dict[str, Any], data: Any) -> None:
        if not scb_population.is_dataset(data):
            self.stdout.write(summary(0, 0, 1))
            raise CommandError(
                _(
                    "The JSON is not a JSON-stat 2.0 dataset "
                    '("class": "dataset" with id, size, dimension, value).'
                )
            )
        try:
            bands = scb_population.survey_bands(self.bands(municipality, options["survey"]))
            result = scb_population.counts(data, municipality, options["from_year"] or options["year"], bands)
        except scb_population.PopulationFileError as error:
            for problem in error.problems:
                self.stderr.write(problem)
            self.stdout.write(summary(0, 0, len(error.problems)))
            raise CommandError(_("Nothing was imported: fix the regions above.")) from error
        for note in result.notes:
            self.stdout.write(note)
        self.stdout.write(
            _("Regions: %(read)s read, %(skipped)s of other municipalities skipped.")
            % {"read": result.regions, "skipped": result.skipped}
        )
        imported, unchanged = scb_population.store(
            options["year"], {(area_id, sex, band): n for (area_id, sex, band), n in result.counts.items()}
        )
        self.stdout.write(summary(imported, unchanged, 0))

    def import_csv(self, municipality: Municipality, options: dict[str, Any], text: str) -> None:
        rows = list(csv_reader(text))
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
        with transaction.atomic():
            by_area = {
                (
                    (areas.get(name.casefold()) or self.new_area(municipality, name, areas)).pk,
                    sex,
                    age_band,
                ): count
                for (name, sex, age_band), count in counts.items()
            }
            imported, unchanged = scb_population.store(options["year"], by_area)
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
