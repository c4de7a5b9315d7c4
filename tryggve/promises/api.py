"""Open data: published citizen promises with their focus areas and activities."""

from typing import Any

from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from tryggve.core.api import Translated, municipality_or_404, translated

from .models import Activity, FocusArea, Promise

router = Router(tags=["promises"])


class FocusAreaOut(Schema):
    area: str
    area_name: str
    description: Translated

    @staticmethod
    def resolve_area(obj: FocusArea) -> str:
        return obj.area.slug

    @staticmethod
    def resolve_area_name(obj: FocusArea) -> str:
        return obj.area.name

    resolve_description = translated("description")


class ActivityOut(Schema):
    title: Translated
    description: Translated
    responsible: list[str]

    resolve_title = translated("title")
    resolve_description = translated("description")

    @staticmethod
    def resolve_responsible(obj: Activity) -> list[str]:
        return [organisation.slug for organisation in obj.responsible.all()]


class PromiseOut(Schema):
    slug: str
    start_year: int
    last_year: int
    status: str
    parties: list[str]
    pledge: Translated
    why: Translated
    done_so_far: Translated
    dialogue_first: Translated
    decision_body: Translated
    decision_date: str | None
    decision_reference: str
    focus_areas: list[FocusAreaOut]
    activities: list[ActivityOut]

    resolve_pledge = translated("pledge")
    resolve_why = translated("why")
    resolve_done_so_far = translated("done_so_far")
    resolve_dialogue_first = translated("dialogue_first")
    resolve_decision_body = translated("decision_body")

    @staticmethod
    def resolve_parties(obj: Promise) -> list[str]:
        return [organisation.slug for organisation in obj.parties.all()]

    @staticmethod
    def resolve_decision_date(obj: Promise) -> str | None:
        return obj.decision_date.isoformat() if obj.decision_date else None

    @staticmethod
    def resolve_focus_areas(obj: Promise) -> list[FocusArea]:
        return list(obj.focus_areas.all())

    @staticmethod
    def resolve_activities(obj: Promise) -> list[Activity]:
        return [activity for activity in obj.activities.all() if activity.public]


def published_promises(slug: str) -> Any:
    return (
        Promise.objects.public()
        .filter(municipality=municipality_or_404(slug))
        .select_related("cycle")
        .prefetch_related("parties", "focus_areas__area", "activities__responsible")
        .order_by("-cycle__year")
    )


@router.get(
    "/municipalities/{slug}/promises", response=list[PromiseOut], summary="Published promises, newest first"
)
def list_promises(request: Any, slug: str) -> Any:
    return published_promises(slug)


@router.get("/municipalities/{slug}/promises/{promise}", response=PromiseOut, summary="One published promise")
def get_promise(request: Any, slug: str, promise: str) -> Any:
    return get_object_or_404(published_promises(slug), slug=promise)
