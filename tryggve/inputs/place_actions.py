"""What the later stages of the cycle make of a place report, shown on the report's page.

A report can become a safety walk's finding (`followup`) or a measure of the action plan
(`promises`), and those stages come after `inputs`, which imports neither. Each registers, in
its `apps.ready()`, a function that tells what the report has become (`became`) and one that
tells what the user may turn it into (`offers`); the report's page lists both.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import HttpRequest

from tryggve.core.access import AnyUser, areas_for
from tryggve.core.models import Municipality
from tryggve.core.roles import MODERATE_PLACE_REPORTS

from .models import PlaceReport


@dataclass(frozen=True)
class Link:
    text: str
    url: str


Links = Callable[[HttpRequest, PlaceReport], list[Link]]
_BECAME: list[Links] = []
_OFFERS: list[Links] = []


def register(became: Links, offers: Links) -> None:
    """A later stage's functions: what a report became there, and what the user may make of it."""
    if became not in _BECAME:
        _BECAME.append(became)
    if offers not in _OFFERS:
        _OFFERS.append(offers)


def became(request: HttpRequest, report: PlaceReport) -> list[Link]:
    return [link for found in _BECAME for link in found(request, report)]


def offers(request: HttpRequest, report: PlaceReport) -> list[Link]:
    """What the user may make of the report: only a report that can ever be public, for those
    who moderate it (the stages check their own roles too)."""
    if not report.public or not moderated(request.user, report.municipality).filter(pk=report.pk).exists():
        return []
    return [link for found in _OFFERS for link in found(request, report)]


def moderated(user: AnyUser, place: Municipality) -> QuerySet[PlaceReport]:
    """The reports the user moderates: those of the areas their moderating roles cover."""
    areas = areas_for(user, place, *MODERATE_PLACE_REPORTS)
    return PlaceReport.objects.filter(municipality=place, area__in=areas)
