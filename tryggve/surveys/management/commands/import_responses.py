"""Import survey responses (paper answers, or another tool's export) from the documented CSV format."""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from tryggve.core.commands import data_lines, municipality_named, summary
from tryggve.core.csv_files import csv_reader
from tryggve.core.files import read_text
from tryggve.surveys.definition import build_survey
from tryggve.surveys.response_files import FIXED, Importer


class Command(BaseCommand):
    help = (
        "Import responses from FILE.csv (docs/formats.md). By default an invalid file imports nothing; "
        "every rejected line is reported with its line number, column and reason."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("municipality", help="The municipality's address name, e.g. halmstad.")
        parser.add_argument("year", type=int, help="The year the survey ran.")
        parser.add_argument("file", type=Path)
        parser.add_argument("--survey", required=True, help="The survey's address name.")
        parser.add_argument(
            "--create-survey",
            action="store_true",
            help="Create the survey, with one numeric scale question per column after age_band.",
        )
        parser.add_argument("--skip-invalid", action="store_true", help="Import the valid lines of a file.")
        parser.add_argument(
            "--places",
            type=Path,
            help="The places file (respondent,question,lat,lng,reason) of the same answers.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override(settings.LANGUAGE_CODE):
            self.import_file(options)

    def import_file(self, options: dict[str, Any]) -> None:
        municipality = municipality_named(options["municipality"])
        text = read_text(options["file"])
        places = read_text(options["places"]) if options["places"] else ""
        with transaction.atomic():
            survey = municipality.surveys.filter(slug=options["survey"]).first()
            if survey is None:
                if not options["create_survey"]:
                    raise CommandError(
                        _("%(municipality)s has no survey %(slug)s (use --create-survey to create it).")
                        % {"municipality": municipality.name, "slug": options["survey"]}
                    )
                survey = build_survey(
                    definition_from_file(text, options["survey"]),
                    municipality=municipality,
                    year=options["year"],
                    slug=options["survey"],
                    opens=timezone.localdate().replace(year=options["year"], month=1, day=1),
                    closes=timezone.localdate().replace(year=options["year"], month=12, day=31),
                )
            elif survey.year != options["year"]:
                raise CommandError(
                    _("The survey %(slug)s ran in %(year)s, not %(given)s.")
                    % {"slug": survey.slug, "year": survey.year, "given": options["year"]}
                )
            result = Importer(survey).run(
                text, places=places, skip_invalid=options["skip_invalid"], received_on=survey.closes
            )
            for problem in result.problems:
                self.stderr.write(str(problem))
            if result.problems and not options["skip_invalid"]:
                transaction.set_rollback(True)
                # A problem with the file as a whole (its header, say) rejects every line.
                self.stdout.write(summary(0, 0, result.rejected_lines or data_lines(list(csv_reader(text)))))
                raise CommandError(
                    _("Nothing was imported: %(count)s problems. Fix the file, or use --skip-invalid.")
                    % {"count": len(result.problems)}
                )
        self.stdout.write(
            _("Imported %(imported)s responses; rejected %(rejected)s lines.")
            % {"imported": result.imported, "rejected": result.rejected_lines}
        )
        self.stdout.write(summary(result.imported, result.unchanged, result.rejected_lines))


def definition_from_file(text: str, slug: str) -> dict[str, Any]:
    """A survey with the background questions and one scale question per other column."""
    rows = list(csv_reader(text))
    if not rows or [name.strip() for name in rows[0][: len(FIXED)]] != list(FIXED):
        raise CommandError(_("The first columns must be %(columns)s.") % {"columns": ",".join(FIXED)})
    header = [name.strip() for name in rows[0]]

    def found(index: int) -> list[str]:
        return sorted({row[index].strip() for row in rows[1:] if len(row) > index and row[index].strip()})

    def same(text: str) -> dict[str, str]:
        return {"sv": text, "en": text}

    questions: list[dict[str, Any]] = [
        {"code": "area", "kind": "area", "text": same("area"), "weighting": "area"},
        *(
            {
                "code": name,
                "kind": "single",
                "text": same(name),
                "weighting": name,
                "options": [
                    {"code": code, "label": same(label), "population_label": label}
                    for code, label in enumerate(found(index), start=1)
                ],
            }
            for index, name in ((2, "sex"), (3, "age_band"))
        ),
    ]
    for index, name in enumerate(header[len(FIXED) :], start=len(FIXED)):
        values = found(index)
        if not all(value.lstrip("-").isdigit() for value in values):
            # Free text, such as a comment column, becomes a text question.
            questions.append({"code": name, "kind": "text", "text": same(name)})
            continue
        questions.append(
            {
                "code": name,
                "kind": "scale",
                "text": same(name),
                "options": [{"code": int(value), "label": same(value)} for value in sorted(values, key=int)],
            }
        )
    return {"title": same(slug), "pages": [{"title": same(slug), "questions": questions}]}
