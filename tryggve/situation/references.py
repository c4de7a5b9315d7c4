"""One published figure of an adopted lägesbild, named by kind, code, area and year.

A promise's evidence and its indicators point at figures this way: "the share who feel unsafe
(`survey`, `unsafe_alone_evening`) in Andersberg in 2019", or "graffiti reports (`incidents`,
`graffiti`) in Vallås in 2019". Values come from the newest adopted version's public figures,
so a figure hidden to protect a small group is never shown through a promise either.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from tryggve.core.models import Area, Municipality

from . import publication
from .domains import ALL
from .models import Situation


class Kind(models.TextChoices):
    SURVEY = "survey", _("Survey indicator (question code)")
    INCIDENTS = "incidents", _("Incident reports (category code)")
    DIALOGUES = "dialogues", _("Dialogue topic (topic code)")
    POLICE = "police", _("Police events (event type)")


@dataclass(frozen=True)
class Figure:
    title: dict[str, str]  # per language
    value: float | None  # None: hidden to protect a small group, or not counted
    whole: float | None  # the whole municipality's value, for comparison
    kind: str  # "share", "mean" or "count"
    year: int
    counted: dict[str, str] | None = None  # for a share: the answers it counts, per language


def _survey(data: Mapping[str, Any], code: str, area: Area | None) -> Figure | None:
    indicator = next((i for i in data["indicators"] if i["code"] == code), None)
    if indicator is None:
        return None
    rows = indicator["rows"]
    row = next((r for r in rows if r["area_id"] == area.pk), None) if area else None
    whole = next((r for r in rows if r["area"] == ALL), None)
    if area is not None and row is None:
        return None
    chosen = row or whole
    return Figure(
        title=indicator["title"],
        value=chosen["estimate"] if chosen else None,
        whole=whole["estimate"] if whole else None,
        kind=indicator["kind"],
        year=data["year"],
        counted=indicator["counts"] if indicator["kind"] == "share" else None,
    )


def _counted(counted: dict[str, Any] | None, code: str, area: Area | None, year: int) -> Figure | None:
    if not counted or code not in counted["codes"]:
        return None
    column = counted["codes"].index(code)
    total = sum(row["counts"][column] for row in counted["rows"])
    value = (
        next((row["counts"][column] for row in counted["rows"] if row["area_id"] == area.pk), 0)
        if area
        else total
    )
    return Figure(title=counted["labels"][column], value=value, whole=total, kind="count", year=year)


def _police(events: dict[str, Any] | None, code: str, area: Area | None, year: int) -> Figure | None:
    if not events:
        return None
    total = next((row["total"] for row in events["types"] if row["kind"] == code), None)
    if total is None:
        return None
    in_area = next(
        (r["types"].get(code, 0) for r in events.get("areas", []) if area and r["area_id"] == area.pk), 0
    )
    return Figure(
        title={"sv": code, "en": code}, value=in_area if area else total, whole=total, kind="count", year=year
    )


class Figures:
    """The published figures of one municipality's adopted lägesbilder, each year's made public
    once however many figures a page asks for."""

    def __init__(self, place: Municipality) -> None:
        self.place = place
        self._published: dict[int, Mapping[str, Any] | None] = {}

    def _data(self, year: int) -> Mapping[str, Any] | None:
        if year not in self._published:
            situation = Situation.objects.readable().version_of(self.place, year)
            self._published[year] = publication.public(situation.data) if situation else None
        return self._published[year]

    def find(self, year: int, kind: str, code: str, area: Area | None) -> Figure | None:
        """The figure in the newest adopted lägesbild of the year, or None when there is none."""
        data = self._data(year)
        if data is None:
            return None
        if kind == Kind.SURVEY:
            return _survey(data, code, area)
        if kind == Kind.INCIDENTS:
            return _counted(data.get("incident_categories"), code, area, year)
        if kind == Kind.DIALOGUES:
            return _counted(data.get("dialogue_topics"), code, area, year)
        if kind == Kind.POLICE:
            return _police(data.get("police_events"), code, area, year)
        return None


@dataclass(frozen=True)
class Named:
    """A figure a promise may point at, as a choice list offers it: its kind, code and title."""

    kind: str
    code: str
    title: dict[str, str]

    @property
    def kind_label(self) -> str:
        return str(Kind(self.kind).label)


def years(place: Municipality) -> list[int]:
    """The years with an adopted lägesbild everyone may read, newest first."""
    found = Situation.objects.readable().filter(municipality=place).values_list("year", flat=True)
    return sorted(set(found), reverse=True)


def catalogue(place: Municipality) -> list[Named]:
    """Every figure the municipality's readable adopted lägesbilder publish, once per kind and code
    (the newest year's title), in the order of Kind."""
    published = Figures(place)
    found: dict[tuple[str, str], Named] = {}
    for year in years(place):
        data = published._data(year) or {}
        for indicator in data.get("indicators", []):
            found.setdefault(
                (Kind.SURVEY, indicator["code"]), Named(Kind.SURVEY, indicator["code"], indicator["title"])
            )
        for kind, part in ((Kind.INCIDENTS, "incident_categories"), (Kind.DIALOGUES, "dialogue_topics")):
            counted = data.get(part) or {"codes": [], "labels": []}
            for code, label in zip(counted["codes"], counted["labels"], strict=True):
                found.setdefault((kind, code), Named(kind, code, label))
        for event in (data.get("police_events") or {}).get("types", []):
            found.setdefault(
                (Kind.POLICE, event["kind"]), Named(Kind.POLICE, event["kind"], {"sv": event["kind"]})
            )
    order = list(Kind.values)
    return sorted(found.values(), key=lambda named: order.index(named.kind))


def find(place: Municipality, year: int, kind: str, code: str, area: Area | None) -> Figure | None:
    """One figure, for callers that need only one."""
    return Figures(place).find(year, kind, code, area)
