"""The follow-up report as a document to print, in one language: the lägesbild report's document
(`situation.report_document`), so the print page, the public page and the PDF
(`situation.report_pdf`) lay it out alike.

It is made from the report's data (`report.content`, or its public form, `report.public`) and an
optional decision: a summary, one part per measure (planned for the year against what the log
says was done, with a chart of the two, and the indicators' movement from baseline to latest
value), the evaluation, what should change and the analysts' commentary. The internal
commentary is a part only where the data holds it, the staff's draft and decided versions.
"""

import datetime
from collections.abc import Mapping
from typing import Any

from django.utils import formats, translation
from django.utils.translation import gettext as _

from tryggve.core.languages import FALLBACK, current_language, in_language
from tryggve.situation.report_document import (
    LANGUAGES,
    Bar,
    Chart,
    Decision,
    Document,
    Part,
    Row,
    decided,
)
from tryggve.situation.templatetags.situation import figure

from . import evaluation
from .evaluation_pages import Row as EvaluationRow
from .models import Indicator
from .progress import Status

LOG = Indicator.LOG


def status_text(status: str) -> str:
    return {
        Status.DONE: _("done"),
        Status.ON_TRACK: _("on track"),
        Status.BEHIND: _("behind plan"),
        Status.NOT_STARTED: _("not started"),
    }.get(status, _("no number planned"))


def _text(texts: Mapping[str, str], language: str) -> tuple[str, str]:
    own = texts.get(language, "")
    return (own, language) if own else (texts.get(FALLBACK, ""), FALLBACK)


def _amount(quantity: int, unit: Mapping[str, str]) -> str:
    return f"{formats.number_format(quantity, 0)} {in_language(dict(unit))}"


def _indicator_row(indicator: Mapping[str, Any], year: int) -> Row:
    kind = indicator["kind"]

    def shown(value: float | None) -> str:
        return figure(value, kind) if value is not None else "–"

    value = _("%(baseline)s (%(baseline_year)s) → %(latest)s, target %(target)s (%(target_year)s)") % {
        "baseline": shown(indicator["baseline"]),
        "baseline_year": indicator["baseline_year"],
        "latest": shown(indicator["latest"]),
        "target": shown(indicator["target"]),
        "target_year": indicator["target_year"],
    }
    if indicator.get("worse"):
        value += " · " + _("worse than the baseline")
    source = _("The activity log") if indicator.get("source") == LOG else _("Adopted lägesbild")
    title = _("Indicator: %(title)s") % {"title": in_language(dict(indicator["title"]))}
    return Row(title, value, str(source), indicator["latest_year"] or year)


def _measure(item: Mapping[str, Any], number: int, year: int) -> Part:
    unit = item["unit"]
    planned, done = item["planned"], item["done"]
    rows = [
        Row(
            _("Planned for the year"),
            _amount(planned, unit) if planned is not None else _("no number planned"),
            _("The action plan"),
            year,
        ),
        Row(
            _("Done, from the log"),
            _amount(done, unit)
            + (f" ({formats.number_format(round(100 * done / planned), 0)} %)" if planned else ""),
            _("The activity log"),
            year,
        ),
        Row(_("Status"), status_text(item["status"]), _("The activity log"), year),
        Row(_("Occasions logged"), formats.number_format(item["entries"], 0), _("The activity log"), year),
    ]
    if item["people_met"]:
        rows.append(
            Row(_("People met"), formats.number_format(item["people_met"], 0), _("The activity log"), year)
        )
    rows += [_indicator_row(indicator, year) for indicator in item["indicators"]]
    chart = None
    if planned:
        top = max(planned, done)
        chart = Chart(
            _("Chart: planned and done, in %(unit)s") % {"unit": in_language(dict(unit))},
            [
                Bar(_("Planned for the year"), planned / top, _amount(planned, unit)),
                Bar(_("Done, from the log"), done / top, _amount(done, unit)),
            ],
        )
    heading, heading_language = _text(item["title"], current_language())
    if item.get("public") is False:
        heading += " (" + _("internal measure") + ")"
    text = item.get("change") or ""
    return Part(
        f"measure-{item['activity']}", number, heading, rows, chart, text, FALLBACK, "", heading_language
    )


def _evaluation(evaluations: list[Mapping[str, Any]], number: int, year: int) -> Part:
    rows = []
    messages = []
    for each in evaluations:
        if each["message"]:
            messages.append(each["message"])
        for indicator in each["indicators"]:
            did = EvaluationRow(
                name="did",
                label=evaluation.labels()["did"],
                estimate=indicator["estimate"],
                se=indicator["se"],
                ci_low=indicator["ci_low"],
                ci_high=indicator["ci_high"],
                n=indicator["n"],
                suppressed=indicator["suppressed"],
                shown=indicator["shown"],
                is_change=True,
                kind=indicator["kind"],
            )
            value = (
                _("%(estimate)s (95 %% interval %(interval)s)")
                % {"estimate": did.estimate_text, "interval": did.interval_text}
                if did.shown
                else _("Too few answers to show")
            )
            if did.shown and did.contains_zero:
                value += " · " + _("no certain change")
            rows.append(
                Row(
                    _("%(title)s: focus areas against the rest")
                    % {"title": in_language(indicator["titles"])},
                    value,
                    _("Surveys %(before)s and %(after)s")
                    % {"before": each["before"], "after": each["after"]},
                    each["after"] or year,
                )
            )
    empty = " ".join(messages) or _("No promise ends this year, so there is no evaluation.")
    return Part("evaluation", number, _("Did the promise help?"), rows, None, "", FALLBACK, empty)


def _counts(measures: list[Mapping[str, Any]], year: int) -> list[Row]:
    done = sum(1 for item in measures if item["status"] == Status.DONE)
    planned = sum(1 for item in measures if item["planned"] is not None)
    return [
        Row(_("Measures followed up"), str(len(measures)), _("The action plan"), year),
        Row(
            _("Measures done as planned"),
            _("%(done)s of %(planned)s with a planned number") % {"done": done, "planned": planned},
            _("The activity log"),
            year,
        ),
    ]


def _problem(group: Mapping[str, Any], number: int, year: int, language: str) -> Part:
    """A prioritised problem of the action plan: its measures' counts and, where the analyst made
    it public, the summary of its cause analysis."""
    if group.get("problem"):
        heading = _("Prioritised problem: %(title)s") % {"title": in_language(dict(group["title"]))}
        name = f"problem-{group['problem']}"
    else:
        heading, name = _("Measures that answer no prioritised problem"), "problem-none"
    text, text_language = _text(group.get("summary") or {}, language)
    return Part(name, number, heading, _counts(group["measures"], year), None, text, text_language)


def document(data: Mapping[str, Any], decision: Decision | None = None, language: str = FALLBACK) -> Document:
    """The report in `language` from its data (staff or public form) and its decision, if decided."""
    if language not in LANGUAGES:
        raise ValueError(f"no report in {language!r}")
    year = data["year"]
    with translation.override(language):
        texts = data.get("texts", {})
        measures = [item for group in data["groups"] for item in group["measures"]]
        summary = Part(
            "summary",
            1,
            _("Summary"),
            _counts(measures, year),
            None,
            *_text(texts.get("summary", {}), language),
        )
        parts = [summary]
        by_problem = any(group.get("problem") for group in data["groups"])
        for group in data["groups"]:
            if by_problem:  # the action plan's problem, then the measures that answer it
                parts.append(_problem(group, len(parts) + 1, year, language))
            for item in group["measures"]:
                parts.append(_measure(item, len(parts) + 1, year))
        parts.append(_evaluation(data["evaluations"], len(parts) + 1, year))
        parts.append(
            Part(
                "changes",
                len(parts) + 1,
                _("What should change"),
                [],
                None,
                *_text(texts.get("changes", {}), language),
            )
        )
        parts.append(
            Part(
                "commentary",
                len(parts) + 1,
                _("The analysts' commentary"),
                [],
                None,
                *_text(texts.get("commentary", {}), language),
            )
        )
        if data.get("internal_note"):
            parts.append(
                Part(
                    "internal",
                    len(parts) + 1,
                    _("Internal commentary (for the parties' staff, never public)"),
                    [],
                    None,
                    data["internal_note"],
                    FALLBACK,
                )
            )
        generated = formats.date_format(datetime.date.fromisoformat(data["generated_on"]), "j F Y")
        basis = _(
            "Generated on %(date)s from the activity log, the indicators and the evaluation of the "
            "promises for %(year)s; the planned and done quantities are derived, never typed."
        ) % {"date": generated, "year": year}
        return Document(
            language,
            _("Follow-up report %(year)s") % {"year": year},
            data["municipality"],
            year,
            basis,
            decided(decision) if decision is not None else "",
            parts,
        )
