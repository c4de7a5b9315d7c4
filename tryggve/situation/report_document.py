"""The lägesbild report as a document to print: plain data that the print page and the PDF
(`report_pdf`) both lay out, in one language.

It is made from the sections and figures of `report.sections` and from texts and an optional
decision given as plain data, so the same document is the staff draft (`models.Report`'s texts,
no decision yet) and, once the report is decided, its decided version (that version's texts and
decision). Each section gets a chart of its largest group of comparable figures (the same kind,
unit and source), drawn from 0 on one scale; a figure hidden to protect a small group is left out
of the chart as it is shown hidden in the table.
"""

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.utils import formats, translation
from django.utils.translation import gettext as _

from tryggve.core.languages import FALLBACK, in_language

from . import report
from .models import Report, Situation
from .templatetags.situation import figure

# The languages a report is printed in: the site's, and Arabic as the texts are written in it too.
LANGUAGES = ("sv", "en", "ar")
RIGHT_TO_LEFT = ("ar",)


@dataclass(frozen=True)
class Decision:
    """Who decided the report (the body), when, and the decision's reference (e.g. "KS § 12")."""

    body: str
    date: datetime.date
    reference: str


@dataclass(frozen=True)
class Row:
    """One figure as printed: its title, its value as text (or that it is hidden), source, year."""

    title: str
    value: str
    source: str
    year: int


@dataclass(frozen=True)
class Bar:
    label: str
    length: float  # of the chart's full width, 0 to 1
    value: str

    @property
    def percent(self) -> float:
        return round(self.length * 100, 2)

    @property
    def rest(self) -> float:
        """Where a bar drawn from the right begins, in percent of the width."""
        return round(100 - self.percent, 2)


@dataclass(frozen=True)
class Chart:
    caption: str
    bars: list[Bar]


@dataclass(frozen=True)
class Part:
    """A section as printed: its number and heading, figures, chart and the analysts' text."""

    name: str
    number: int
    heading: str
    rows: list[Row]
    chart: Chart | None
    text: str
    text_language: str  # the text's own language: Swedish where it is not written in `language`
    empty: str = ""  # what is said where the part has no figures (nothing: the part is text only)
    heading_language: str = ""  # the heading's own language where it is not the document's


@dataclass(frozen=True)
class Document:
    language: str
    title: str
    municipality: str
    year: int
    basis: str  # the adopted lägesbild the report is written from
    decided: str  # the decision in one sentence, or empty while the report is a draft
    parts: list[Part] = field(default_factory=list)

    @property
    def right_to_left(self) -> bool:
        return self.language in RIGHT_TO_LEFT


def texts_of(found: Report | None, language: str) -> dict[str, tuple[str, str]]:
    """Each section's text in `language` and the language it is in: Swedish where the analysts
    wrote none in `language`. A report not yet written has empty texts."""
    result = {}
    for name in Report.SECTIONS:
        own = getattr(found, f"{name}_{language}", "") if found is not None else ""
        swedish = getattr(found, f"{name}_{FALLBACK}", "") if found is not None else ""
        result[name] = (own, language) if own else (swedish or "", FALLBACK)
    return result


def _value(line: report.Line) -> str:
    if line.value is None:
        # Survey figures are hidden for too few respondents, counts (place reports) for too few reports.
        return _("Too few reports to show") if line.kind == "count" else _("Too few answers to show")
    return f"{figure(line.value, line.kind)} {line.unit}".strip()


def _chart(section: report.Section) -> Chart | None:
    groups: dict[tuple[str, str, str], list[report.Line]] = {}
    for line in section.lines:
        groups.setdefault((line.kind, line.unit, line.source), []).append(line)
    shown = max(
        ([line for line in group if line.value is not None] for group in groups.values()),
        key=len,
        default=[],
    )
    if len(shown) < 2:
        return None
    kind, unit, source, year = shown[0].kind, shown[0].unit, shown[0].source, shown[0].year
    top = 1.0 if kind == "share" else max(line.value or 0.0 for line in shown)
    if top <= 0:
        return None
    what = _("share in percent") if kind == "share" else unit or _("number")
    caption = _("Chart: %(what)s. Source: %(source)s, %(year)s") % {
        "what": what,
        "source": source,
        "year": year,
    }
    return Chart(
        caption,
        [
            Bar(in_language(line.title), min(max((line.value or 0.0) / top, 0.0), 1.0), _value(line))
            for line in shown
        ],
    )


def document(
    situation: Situation,
    texts: Mapping[str, tuple[str, str]],
    decision: Decision | None = None,
    language: str = FALLBACK,
) -> Document:
    """The report of `situation` in `language`, with the sections' texts (`texts_of`) and the
    decision, if it is decided."""
    if language not in LANGUAGES:
        raise ValueError(f"no report in {language!r}")
    with translation.override(language):
        parts = [
            Part(
                section.name,
                number,
                section.heading,
                [
                    Row(in_language(line.title), _value(line), line.source, line.year)
                    for line in section.lines
                ],
                _chart(section),
                *texts.get(section.name, ("", language)),
                ""
                if section.name == "analysis"
                else _("The adopted version has no figures for this section."),
            )
            for number, section in enumerate(report.sections(situation), start=1)
        ]
        basis = _(
            "Written from version %(version)s of the lägesbild, adopted %(adopted_on)s (%(decision)s)."
        ) % {
            "version": situation.version,
            "adopted_on": formats.date_format(situation.adopted_on, "j F Y"),
            "decision": situation.decision,
        }
        return Document(
            language,
            _("Lägesbild report %(year)s") % {"year": situation.year},
            situation.municipality.official_name,
            situation.year,
            basis,
            decided(decision) if decision is not None else "",
            parts,
        )


def decided(decision: Decision) -> str:
    """The decision in one sentence, as the report's cover gives it."""
    return _("Decided by %(body)s on %(date)s, %(reference)s.") % {
        "body": decision.body,
        "date": formats.date_format(decision.date, "j F Y"),
        "reference": decision.reference,
    }
