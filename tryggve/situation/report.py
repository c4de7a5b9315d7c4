"""The lägesbild report's sections and the figures each shows, with their source and year.

Lag (2023:196) asks for a lägesbild with an analysis; the report has the sections it names, in a
fixed order: the extent and nature of crime (recorded crime from Kolada, the police's events),
safety and trust (the survey), what partners see (EST incident reports), what residents say
(dialogues, and the places they reported), and the analysis and conclusions. Every figure is
read from the adopted version's public form (`publication.public`), so a figure hidden to protect
a small group is hidden here too; the texts are the analysts' (`models.Report`).
"""

from dataclasses import dataclass, field

from django.db import models
from django.utils.functional import Promise as LazyText
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from tryggve.core.languages import in_language

from . import publication, shape
from .domains import ALL
from .models import Report, Situation

# The police event types a section lists, the most frequent first: the feed has dozens.
POLICE_TYPES = 8


@dataclass(frozen=True)
class Line:
    """One figure of a section: its title per language, value (None: hidden to protect a small
    group), kind ("share", "mean", "count" or "value" with a unit), source and year."""

    title: dict[str, str]
    value: float | None
    kind: str
    source: str
    year: int
    unit: str = ""


@dataclass(frozen=True)
class Section:
    name: str  # the Report field that holds its text
    heading: str
    lines: list[Line] = field(default_factory=list)


def _crime(picture: shape.PublicPicture) -> list[Line]:
    lines = []
    for series in (picture["recorded_crime"] or {"series": []})["series"]:
        trend = series["trend"]
        if trend["latest_year"] is None:
            continue
        lines.append(
            Line(
                {"sv": series["title"]},
                trend["latest"],
                "value",
                f"{series['source'] or 'Kolada'}, {series['kpi']}",
                trend["latest_year"],
                series["unit"],
            )
        )
    events = picture["police_events"]
    if events is not None:
        source = str(_("The police's open events"))
        busiest = sorted(events["types"], key=lambda kind: -kind["total"])[:POLICE_TYPES]
        lines += [
            Line({"sv": kind["kind"]}, kind["total"], "count", source, events["year"]) for kind in busiest
        ]
    return lines


def _safety(picture: shape.PublicPicture) -> list[Line]:
    source = str(_("Survey: %(title)s")) % {"title": in_language(picture["survey"]["title"])}
    lines = []
    for indicator in picture["indicators"]:
        whole = next((row for row in indicator["rows"] if row["area"] == ALL), None)
        if whole is not None:
            lines.append(
                Line(
                    indicator["title"],
                    whole["estimate"],
                    indicator["kind"],
                    source,
                    picture["survey"]["year"],
                )
            )
    return lines


def _counted(counted: shape.Counted | None, source: LazyText) -> list[Line]:
    if counted is None:
        return []
    return [
        Line(
            label,
            sum(row["counts"][column] for row in counted["rows"]),
            "count",
            str(source),
            counted["year"],
        )
        for column, label in enumerate(counted["labels"])
    ]


def _place_reports(counted: shape.PublicPlaceReports | None) -> list[Line]:
    """The residents' place reports of the year per kind in the whole municipality, as published
    (a small count hidden); their source says they are reports, not a measure of safety."""
    if counted is None:
        return []
    source = str(_("Residents' place reports (what residents chose to report, not a measure of safety)"))
    return [
        Line(label, count, "count", source, counted["year"])
        for label, count in zip(counted["labels"], counted["whole"]["counts"], strict=True)
    ]


def heading(name: str) -> str:
    """A section's heading: the name of its text in `models.Report`."""
    found = Report._meta.get_field(name)
    assert isinstance(found, models.Field)  # noqa: S101 (the sections are text fields)
    return str(capfirst(found.verbose_name))


def sections(situation: Situation) -> list[Section]:
    """The report's sections in order, each with the figures of the version's public form; the
    headings are the names of the texts in `models.Report`."""
    picture = publication.public(situation.data)
    figures = {
        "crime": _crime(picture),
        "safety": _safety(picture),
        "partners": _counted(picture["incident_categories"], _("EST incident reports")),
        "residents": [
            *_counted(picture["dialogue_topics"], _("Dialogues")),
            *_place_reports(picture["place_reports"]),
        ],
    }
    return [Section(name, heading(name), figures.get(name, [])) for name in Report.SECTIONS]
