"""Print a weighted indicator of one survey: per area, sex, age band or area and sex, and for the
whole municipality (ALL)."""

import csv
import io
import json
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from tryggve.situation import estimators
from tryggve.situation.domains import ALL, BY, Indicator, Row, Sample, report, report_by
from tryggve.situation.long_table import text
from tryggve.surveys.models import Survey

FIGURES = ["estimate", "se", "ci_low", "ci_high", "n", "suppressed"]


class Command(BaseCommand):
    help = (
        "Post-stratified estimate of a share (--values 3,4) or a mean (--mean) of one question "
        "(question.item for a matrix row), with standard error and 95 % interval."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("municipality", help="The municipality's address name, e.g. halmstad.")
        parser.add_argument("survey", help="The survey's address name.")
        parser.add_argument("--question", required=True, help="The question's code, or question.item.")
        kind = parser.add_mutually_exclusive_group(required=True)
        kind.add_argument("--values", help="The answer codes that count, e.g. 3,4.")
        kind.add_argument("--mean", action="store_true", help="The mean of the answer instead of a share.")
        parser.add_argument(
            "--by",
            choices=list(BY),
            help="One row per area, sex, age band or area and sex (area,sex) as well as ALL.",
        )
        parser.add_argument("--format", choices=["csv", "json"], default="csv")

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override(settings.LANGUAGE_CODE):
            self.print_report(options)

    def print_report(self, options: dict[str, Any]) -> None:
        survey = Survey.objects.filter(
            municipality__slug=options["municipality"], slug=options["survey"]
        ).first()
        if survey is None:
            raise CommandError(
                _("%(municipality)s has no survey %(slug)s.")
                % {"municipality": options["municipality"], "slug": options["survey"]}
            )
        code, _dot, item = options["question"].partition(".")
        question = survey.questions.filter(code=code).first()
        if question is None or (item and not question.items.filter(code=item).exists()):
            raise CommandError(_("The survey has no question %(code)s.") % {"code": options["question"]})
        values = None
        if not options["mean"]:
            try:
                values = frozenset(int(value) for value in options["values"].split(","))
            except ValueError as error:
                raise CommandError(_("--values takes answer codes separated by commas, e.g. 3,4.")) from error
        sample = Sample(survey)
        indicator = Indicator(question, values, item)
        by = options["by"]
        found = report_by(sample, indicator, by) if by else report(sample, indicator, by_area=False)
        columns = (by or "area").split(",")
        rows = [
            {
                **{column: _domain(row, column) for column in columns},
                "estimate": row.result.estimate,
                "se": row.result.se,
                "ci_low": row.result.ci_low,
                "ci_high": row.result.ci_high,
                "n": row.result.n,
                "suppressed": row.suppressed,
            }
            for row in found.rows
        ]
        reasons = {
            estimators.NO_BASE: _("no respondents in the indicator's base"),
            estimators.ONE_RESPONDENT: _("one respondent only: no standard error"),
        }
        for row in found.rows:
            if row.result.reason:
                name = " / ".join(str(_domain(row, column)) for column in columns)
                self.stderr.write(f"{name}: {reasons.get(row.result.reason, row.result.reason)}")
        for cell in sample.design.without_population:
            self.stderr.write(
                _("Not weighted, no population count: %(cell)s") % {"cell": sample.cell_name(cell)}
            )
        for cell in sample.design.without_respondents:
            self.stderr.write(
                _("Not represented, no respondents: %(cell)s") % {"cell": sample.cell_name(cell)}
            )
        if options["format"] == "json":
            self.stdout.write(json.dumps(rows, ensure_ascii=False))
            return
        out = io.StringIO()
        writer = csv.DictWriter(out, [*columns, *FIGURES], lineterminator="\n")
        writer.writeheader()
        writer.writerows({key: text(value) for key, value in row.items()} for row in rows)
        self.stdout.write(out.getvalue(), ending="")


def _domain(row: Row, column: str) -> str:
    """A row's area, or its sex or age band; ALL for the whole."""
    return row.domain if column == "area" else row.group or ALL
