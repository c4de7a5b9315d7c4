"""Open data: published citizen promises with their focus areas and activities, each public
activity with the prioritised problem it answers; and the action plan of a year: its public part
for everyone (the public promise's activities and the problems they answer, with their evidence
and the summaries analysts made public), the whole plan for the municipality's staff."""

from typing import Any

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from tryggve.core.access import holds_role
from tryggve.core.api import Translated, municipality_or_404, translated
from tryggve.situation.references import Figures

from . import action_plans, plan_document
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


class EvidenceOut(Schema):
    kind: str
    code: str
    area: str | None  # the area's name; null for the whole municipality
    year: int  # the adopted lägesbild's
    title: dict[str, str]
    value: float | None  # null: hidden to protect a small group, or no longer published
    whole: float | None  # the whole municipality's value
    figure_kind: str | None  # share, mean or count


class SituationRefOut(Schema):
    year: int
    version: int


class ProblemOut(Schema):
    id: int
    title: dict[str, str]
    areas: list[str]
    situation: SituationRefOut  # the adopted lägesbild it was picked from
    evidence: list[EvidenceOut]
    summary: dict[str, str]  # the cause analysis's public summary; empty until an analyst publishes it


class ActivityOut(Schema):
    title: Translated
    description: Translated
    responsible: list[str]
    problem: ProblemOut | None  # the action plan's prioritised problem the activity answers

    @staticmethod
    def resolve_problem(obj: Activity) -> dict[str, Any] | None:
        if obj.problem is None:
            return None
        return plan_document.problem_data(obj.problem, Figures(obj.promise.municipality))

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
        .prefetch_related(
            "parties",
            "focus_areas__area",
            "activities__responsible",
            "activities__problem__evidence__area",
            "activities__problem__areas",
        )
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


class MeasureOut(Schema):
    id: int
    title: dict[str, str]
    problem: int | None  # the id of the problem it answers
    responsible: list[str]  # organisations' names
    first_day: str
    last_day: str
    # The plan's internal parts: for the municipality's staff only, null in the public part.
    public: bool | None = None
    plan: dict[str, str] | None = None
    resources: str | None = None
    expected_effect: str | None = None
    measured: list[dict[str, str]] | None = None  # each indicator's sentence per language


class AgreementOut(Schema):
    terms: str
    police_chief: str
    police_chief_signed_on: str | None
    chair: str
    chair_signed_on: str | None
    measures: list[int]


class PlanOut(Schema):
    year: int
    public_part: bool  # true: only what residents may read (the public promise's part)
    version: int | None  # the decided version shown; null for the plan as it reads now
    problems: list[ProblemOut]
    measures: list[MeasureOut]
    summary: str | None = None
    coordination: str | None = None
    agreement: AgreementOut | None = None


@router.get(
    "/municipalities/{slug}/plans/{year}",
    response=PlanOut,
    summary="A year's action plan: its public part, or the whole plan for the municipality's staff",
)
def get_plan(request: HttpRequest, slug: str, year: int, version: int | None = None) -> Any:
    """Everyone reads the public part: the public promise's activities and the prioritised
    problems they answer, with their evidence and public summaries. The municipality's staff
    read the whole plan as it reads now, or a decided `version`."""
    place = municipality_or_404(slug)
    plan = action_plans.plan_of(place, year)
    if plan is None:
        raise Http404
    if holds_role(request.user, place.pk):
        if version is not None:
            decided = plan.versions.filter(number=version).first()
            if decided is None:
                raise Http404
            return {**decided.content, "public_part": False, "version": version}
        whole = plan_document.document(plan, action_plans.promise_of(plan))
        return {**whole, "public_part": False, "version": None}
    promise = action_plans.promise_of(plan)
    if promise is None or not promise.is_public or version is not None:
        raise Http404
    return {
        **plan_document.public(plan_document.document(plan, promise)),
        "public_part": True,
        "version": None,
    }
