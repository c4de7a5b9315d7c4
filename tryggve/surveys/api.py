"""Survey definitions (open data) and response counts per area (staff only)."""

from datetime import date
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import Field, Router, Schema
from ninja.errors import HttpError
from ninja.security import django_auth

from tryggve.core.access import holds_role
from tryggve.core.api import municipality_or_404

from .counts import response_counts
from .definition import survey_definition, texts
from .models import Survey

router = Router(tags=["surveys"])

Texts = dict[str, str]


class SurveyOut(Schema):
    slug: str
    year: int
    title: Texts
    opens: date
    closes: date
    access: str
    is_open: bool
    url: str


class OptionOut(Schema):
    code: int
    label: Texts
    is_special: bool
    population_label: str
    counted: bool = Field(description="One of the answers the lägesbild's share of the question counts.")


class ItemOut(Schema):
    code: str
    label: Texts


class ConditionOut(Schema):
    question: str
    values: list[int]


class QuestionOut(Schema):
    code: str
    kind: str
    text: Texts
    help: Texts
    required: bool
    weighting: str
    min_value: int | None
    max_value: int | None
    show_if: ConditionOut | None
    options: list[OptionOut]
    items: list[ItemOut]


class PageOut(Schema):
    title: Texts
    intro: Texts
    questions: list[QuestionOut]


class SurveyDefinitionOut(Schema):
    title: Texts
    intro: Texts
    thanks: Texts
    access: str
    pages: list[PageOut]


class AreaCountOut(Schema):
    area: str
    area_name: str
    responses: int
    population: int | None
    response_rate_percent: float | None


class DayCountOut(Schema):
    day: date
    responses: int


class CountsOut(Schema):
    total: int
    quarantined: int
    no_area: int
    per_area: list[AreaCountOut]
    per_day: list[DayCountOut]


def _survey(slug: str, survey: str) -> Survey:
    municipality = municipality_or_404(slug)
    return get_object_or_404(
        Survey.objects.select_related("municipality"), municipality=municipality, slug=survey
    )


def _summary(request: HttpRequest, survey: Survey) -> dict[str, Any]:
    return {
        "slug": survey.slug,
        "year": survey.year,
        "title": texts(survey, "title"),
        "opens": survey.opens,
        "closes": survey.closes,
        "access": survey.access,
        "is_open": survey.is_open(),
        "url": request.build_absolute_uri(
            reverse("surveys:start", args=[survey.municipality.slug, survey.slug])
        ),
    }


@router.get("/municipalities/{slug}/surveys", response=list[SurveyOut], summary="A municipality's surveys")
def list_surveys(request: HttpRequest, slug: str) -> list[dict[str, Any]]:
    municipality = municipality_or_404(slug)
    surveys = Survey.objects.filter(municipality=municipality).select_related("municipality")
    return [_summary(request, survey) for survey in surveys]


@router.get(
    "/municipalities/{slug}/surveys/{survey}",
    response=SurveyDefinitionOut,
    summary="A survey's questions",
    description=(
        "Pages, questions (with their stable codes), options with their numeric codes, matrix items and "
        "skip logic, with every text per language. Special answers such as 'don't know' have "
        "is_special true and are never part of a scale. The options with counted true are the "
        "answers the lägesbild's share counts (none: the steps above the middle of the scale)."
    ),
)
def get_survey(request: HttpRequest, slug: str, survey: str) -> dict[str, Any]:
    return survey_definition(_survey(slug, survey))


@router.get(
    "/municipalities/{slug}/surveys/{survey}/counts",
    response=CountsOut,
    auth=django_auth,
    summary="Response counts per area and day (staff)",
    description="For logged-in staff with a role in the municipality. Counts only, never answers.",
)
def get_counts(request: HttpRequest, slug: str, survey: str) -> dict[str, Any]:
    found = _survey(slug, survey)
    if not holds_role(request.user, found.municipality_id):
        raise HttpError(403, "You have no role in this municipality.")
    counts = response_counts(found)
    return {
        "total": counts.total,
        "quarantined": counts.quarantined,
        "no_area": counts.no_area,
        "per_area": [
            {
                "area": row.area.slug,
                "area_name": row.area.name,
                "responses": row.responses,
                "population": row.population,
                "response_rate_percent": None if row.rate is None else round(row.rate, 2),
            }
            for row in counts.per_area
        ],
        "per_day": [{"day": day, "responses": count} for day, count in counts.per_day],
    }
