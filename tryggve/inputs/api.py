"""Inputs for staff systems: incident reports (scoped like the pages, audit-logged), the weekly
EST aggregates and dialogue summaries. Residents get these only through an adopted lägesbild."""

from datetime import date, datetime
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.errors import HttpError
from ninja.security import django_auth

from tryggve.core import audit
from tryggve.core.access import areas_for
from tryggve.core.api import municipality_or_404
from tryggve.core.models import Area, AuditEntry, Municipality
from tryggve.core.roles import FILE_INCIDENT_REPORTS, RECORD_DIALOGUES

from . import est, summaries
from .models import Incident

router = Router(tags=["inputs"])
MAX_LIMIT = 1000


def _scope(request: HttpRequest, slug: str, *roles: str) -> tuple[Municipality, Any]:
    place = municipality_or_404(slug)
    areas = areas_for(request.user, place, *roles)
    if not areas.exists():
        raise HttpError(403, "You have no role for this municipality's raw data.")
    return place, areas


class IncidentOut(Schema):
    id: int
    category: str = Field(..., alias="category.slug")
    happened_at: datetime
    area: str = Field(..., alias="area.slug")
    latitude: float | None
    longitude: float | None
    address: str
    description: str
    organisation: str = Field(..., alias="organisation.slug")
    source: str
    redacted: bool
    purged: bool


class IncidentPage(Schema):
    count: int
    items: list[IncidentOut]


@router.get(
    "/municipalities/{slug}/incidents",
    response=IncidentPage,
    auth=django_auth,
    summary="Incident reports (staff)",
    description=(
        "EST incident reports in the areas the logged-in user reports for or analyses, newest first. "
        "Every call is written to the audit log."
    ),
)
def list_incidents(
    request: HttpRequest,
    slug: str,
    since: date | None = None,
    until: date | None = None,
    category: str | None = None,
    limit: int = 100,
    offset: int = 0,
) -> dict[str, Any]:
    place, areas = _scope(request, slug, *FILE_INCIDENT_REPORTS)
    if not 1 <= limit <= MAX_LIMIT or offset < 0:
        raise HttpError(422, f"limit must be 1–{MAX_LIMIT} and offset at least 0.")
    found = Incident.objects.filter(municipality=place, area__in=areas).select_related(
        "category", "area", "organisation"
    )
    if since:
        found = found.filter(happened_at__date__gte=since)
    if until:
        found = found.filter(happened_at__date__lte=until)
    if category:
        found = found.filter(category__slug=category)
    items = list(found[offset : offset + limit])
    audit.record(request, place, AuditEntry.Action.API, "incident reports", len(items))
    return {"count": found.count(), "items": items}


class LineOut(Schema):
    reports: int
    usual: float = Field(..., description="Average of the four weeks before.")
    same_week_last_year: int


class CategoryLineOut(LineOut):
    category: str


class AreaWeekOut(LineOut):
    area: str
    area_name: str
    categories: list[CategoryLineOut]


class WeekOut(Schema):
    year: int
    week: int
    monday: date
    total: LineOut
    areas: list[AreaWeekOut]


def _line(line: est.Line) -> dict[str, Any]:
    return {"reports": line.now, "usual": line.usual, "same_week_last_year": line.last_year}


@router.get(
    "/municipalities/{slug}/incidents/weeks/{year}/{week}",
    response=WeekOut,
    auth=django_auth,
    summary="The weekly EST picture (staff)",
    description="Reports per area and category in an ISO week, against the four weeks before and last year.",
)
def get_week(request: HttpRequest, slug: str, year: int, week: int) -> dict[str, Any]:
    if not 1 <= week <= 53:
        raise HttpError(422, "week must be 1–53.")
    place, areas = _scope(request, slug, *FILE_INCIDENT_REPORTS)
    picture = est.week(place, list(areas.order_by("name")), year, week)
    return {
        "year": year,
        "week": week,
        "monday": picture.monday,
        "total": _line(picture.total),
        "areas": [
            {
                "area": row.area.slug,
                "area_name": row.area.name,
                **_line(row.total),
                "categories": [{"category": line.key, **_line(line)} for line in row.categories],
            }
            for row in picture.areas
        ],
    }


class TopicAreaOut(Schema):
    area: str | None = Field(..., description="Empty for dialogues with the whole municipality.")
    dialogues: int
    participants: int
    topics: dict[str, int] = Field(..., description="Dialogues per topic code.")


class DialogueSummaryOut(Schema):
    year: int
    areas: list[TopicAreaOut]


@router.get(
    "/municipalities/{slug}/dialogues/summary",
    response=DialogueSummaryOut,
    auth=django_auth,
    summary="Dialogue topics per area (staff)",
    description="How many dialogues raised each topic in a year, per area, with internal staff dialogues.",
)
def dialogue_summary(request: HttpRequest, slug: str, year: int) -> dict[str, Any]:
    place, areas = _scope(request, slug, *RECORD_DIALOGUES)
    counted = summaries.topic_counts(place, year, areas=areas, internal=True)
    slugs = dict(Area.objects.filter(municipality=place).values_list("pk", "slug"))
    return {
        "year": year,
        "areas": [
            {
                "area": slugs.get(row["area_id"]) if row["area_id"] else None,
                "dialogues": row.get("dialogues", 0),
                "participants": row.get("participants", 0),
                "topics": {name: n for name, n in zip(counted["codes"], row["counts"], strict=True) if n},
            }
            for row in counted["rows"]
        ],
    }
