"""Import survey responses (paper answers, or another tool's export) from the documented CSV format."""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, OutputWrapper
from django.db import OperationalError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from tryggve.core.commands import data_lines, municipality_named, summary
from tryggve.core.csv_files import CsvFile
from tryggve.surveys.bulk import import_connection
from tryggve.surveys.definition import build_survey
from tryggve.surveys.response_files import BATCH_LINES, FIXED, PROGRESS_EVERY, Importer

# A batch's lines are held in memory while it is checked and written: the bound on its size.
MAX_BATCH = 1_000_000


class Command(BaseCommand):
    help = (
        "Import responses from FILE.csv (docs/formats.md), of any size: it is read a line at a time. "
        "By default an invalid file imports nothing; every rejected line is reported with its line "
        "number, column and reason."
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
            help=(
                "The places file of the same answers: respondent,question,lat,lng,reason[,area,description]."
            ),
        )
        parser.add_argument(
            "--progress",
            type=int,
            default=PROGRESS_EVERY,
            metavar="LINES",
            help="Say how far the import has come every LINES lines (a bar on a terminal).",
        )
        parser.add_argument(
            "--batch",
            type=int,
            default=BATCH_LINES,
            metavar="LINES",
            help="Write LINES lines at a time (memory grows with it; the default suits a million lines).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override(settings.LANGUAGE_CODE):
            try:
                self.import_file(options)
            except OperationalError as error:
                # The database refused to grow (a full disk) or to go on: the transaction is
                # rolled back, so nothing of the file is stored.
                raise CommandError(
                    _(
                        "Nothing was imported: the database stopped the import (%(error)s). "
                        "If the disk is full, free space and import the file again."
                    )
                    % {"error": error}
                ) from error
            except MemoryError as error:
                raise CommandError(
                    _(
                        "Nothing was imported: the computer ran out of memory during the import. "
                        "Import with smaller batches (--batch)."
                    )
                ) from error

    def import_file(self, options: dict[str, Any]) -> None:
        if not 1 <= options["batch"] <= MAX_BATCH:
            raise CommandError(_("--batch takes 1 to %(most)s lines.") % {"most": f"{MAX_BATCH:,}"})
        municipality = municipality_named(options["municipality"])
        responses = CsvFile(options["file"])
        places = CsvFile(options["places"]) if options["places"] else None
        progress = Progress(self.stderr, responses, max(1, options["progress"]))
        with import_connection(), transaction.atomic():
            survey = municipality.surveys.filter(slug=options["survey"]).first()
            if survey is None:
                if not options["create_survey"]:
                    raise CommandError(
                        _("%(municipality)s has no survey %(slug)s (use --create-survey to create it).")
                        % {"municipality": municipality.name, "slug": options["survey"]}
                    )
                survey = build_survey(
                    definition_from_file(responses.rows(), options["survey"]),
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
            importer = Importer(
                survey,
                on_problem=lambda problem: self.stderr.write(str(problem)),
                on_progress=progress.show,
                progress_every=progress.every,
                batch_lines=options["batch"],
                size_hint=responses.size,
            )
            result = importer.run_rows(
                responses.rows(),
                places=places.rows() if places is not None else None,
                skip_invalid=options["skip_invalid"],
                received_on=survey.closes,
            )
            progress.done(result.lines)
            if result.problem_count and not options["skip_invalid"]:
                transaction.set_rollback(True)
                # A problem with the file as a whole (its header, say) rejects every line.
                self.stdout.write(summary(0, 0, result.rejected_lines or data_lines(responses.rows())))
                raise CommandError(
                    _("Nothing was imported: %(count)s problems. Fix the file, or use --skip-invalid.")
                    % {"count": result.problem_count}
                )
        self.stdout.write(
            _("Imported %(imported)s responses; rejected %(rejected)s lines.")
            % {"imported": result.imported, "rejected": result.rejected_lines}
        )
        self.stdout.write(summary(result.imported, result.unchanged, result.rejected_lines))


class Progress:
    """How far a long import has come, on stderr: a bar on a terminal, else a line now and then."""

    def __init__(self, out: OutputWrapper, file: CsvFile, every: int) -> None:
        self.out = out
        self.file = file
        self.every = every
        self.bar = out.isatty()
        self.shown = False

    def show(self, lines: int) -> None:
        if not self.bar:
            self.out.write(_("%(count)s lines read…") % {"count": lines})
            return
        fraction = self.file.fraction_read() or 0.0
        filled = round(30 * fraction)
        self.out.write(
            f"\r[{'#' * filled}{'.' * (30 - filled)}] {100 * fraction:3.0f} % "
            + _("%(count)s lines read…") % {"count": lines},
            ending="",
        )
        self.out.flush()
        self.shown = True

    def done(self, lines: int) -> None:
        if self.shown:
            self.out.write("")


def definition_from_file(rows: Iterator[list[str]], slug: str) -> dict[str, Any]:
    """A survey with the background questions and one scale question per other column.

    The file is read once, keeping each column's distinct values: a column found to hold text
    keeps no more of them."""
    first = next(rows, None)
    if not first or [name.strip() for name in first[: len(FIXED)]] != list(FIXED):
        raise CommandError(_("The first columns must be %(columns)s.") % {"columns": ",".join(FIXED)})
    header = [name.strip() for name in first]
    distinct: list[set[str]] = [set() for _name in header]
    text = [False] * len(header)
    for row in rows:
        for index, cell in enumerate(row[: len(header)]):
            value = cell.strip()
            if index < 2 or not value or text[index]:
                continue
            distinct[index].add(value)
            if index >= len(FIXED) and not value.lstrip("-").isdigit():
                text[index] = True
                distinct[index] = set()

    def found(index: int) -> list[str]:
        return sorted(distinct[index])

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
        if text[index]:
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
