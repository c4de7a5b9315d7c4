"""Open data: a published promise's evaluation ("Blev det bättre?"), exactly as its page shows it;
and the results of an action plan's prioritised problem: each measure with what was done against
its plan and its indicators (public measures of a public promise for everyone, every measure for
the municipality's staff)."""

from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone, translation
from ninja import Router, Schema

from tryggve.core.access import holds_role
from tryggve.core.api import Translated, municipality_or_404
from tryggve.promises.api import published_promises
from tryggve.promises.models import Problem
from tryggve.situation import publication

from . import traceability
from .evaluation_pages import Published, published

router = Router(tags=["promises"])


class QuantityOut(Schema):
    quantity: str  # focus_before, focus_after, rest_before, rest_after, focus_change, rest_change, did
    estimate: float | None  # a fraction for a share; null when too small a group to publish
    se: float | None
    ci_low: float | None
    ci_high: float | None
    n: int | None
    suppressed: bool
    interval_contains_zero: bool | None  # true: no change can be shown (null when suppressed)


class IndicatorOut(Schema):
    code: str
    title: Translated
    kind: str  # share or mean
    values: list[int] | None  # the answers a share counts
    quantities: list[QuantityOut]


class EvaluationOut(Schema):
    available: bool
    reason: str  # empty, or survey_open, not_adopted, not_evaluable
    message: Translated
    preliminary: bool
    before_survey: str | None
    before_year: int | None
    after_survey: str | None
    after_year: int | None
    focus_areas: list[str]
    min_respondents: int
    indicators: list[IndicatorOut]


def _in_languages(promise: Any) -> dict[str, Published]:
    found = {}
    for language in ("sv", "en"):
        with translation.override(language):
            found[language] = published(promise)
    return found


def evaluation_out(promise: Any) -> dict[str, Any]:
    """The published evaluation of a promise (evaluation_pages.published), in Swedish and English."""
    versions = _in_languages(promise)
    found = versions[settings.LANGUAGE_CODE[:2]] if settings.LANGUAGE_CODE[:2] in versions else versions["sv"]
    titles = {
        language: {item.code: item.title for item in version.indicators}
        for language, version in versions.items()
    }
    return {
        "available": found.available,
        "reason": found.reason,
        "message": {language: version.message or None for language, version in versions.items()},
        "preliminary": found.preliminary,
        "before_survey": found.before.slug if found.before else None,
        "before_year": found.before.year if found.before else None,
        "after_survey": found.after.slug if found.after else None,
        "after_year": found.after.year if found.after else None,
        "focus_areas": [chosen.area.slug for chosen in promise.focus_areas.all()] if found.available else [],
        "min_respondents": publication.minimum({}),
        "indicators": [
            {
                "code": item.code,
                "title": {language: titles[language].get(item.code) for language in titles},
                "kind": item.kind,
                "values": item.values,
                "quantities": [
                    {
                        "quantity": row.name,
                        "estimate": row.estimate,
                        "se": row.se,
                        "ci_low": row.ci_low,
                        "ci_high": row.ci_high,
                        "n": row.n,
                        "suppressed": row.suppressed,
                        "interval_contains_zero": row.contains_zero if row.shown else None,
                    }
                    for row in item.rows
                ],
            }
            for item in found.indicators
        ],
    }


@router.get(
    "/municipalities/{slug}/promises/{promise}/evaluation",
    response=EvaluationOut,
    summary="Did it get better? A published promise's evaluation (closed surveys, small groups hidden)",
)
def get_evaluation(request: Any, slug: str, promise: str) -> Any:
    return evaluation_out(get_object_or_404(published_promises(slug), slug=promise))


class MeasuredOut(Schema):
    kind: str  # a lägesbild figure's kind, or log
    code: str
    area: str | None
    baseline_year: int
    baseline: float | None
    target_year: int
    target: float
    values: list[list[float | None]]  # [year, value] after the baseline
    sentence: dict[str, str]  # the indicator as the pages say it, per language


class ResultOut(Schema):
    measure: int
    title: Translated
    public: bool
    done: int  # logged, in the measure's unit
    planned: int | None  # in the whole period; null when no number is planned
    status: str  # done, on_track, behind, not_started or unplanned
    indicators: list[MeasuredOut]


@router.get(
    "/municipalities/{slug}/problems/{problem}/results",
    response=list[ResultOut],
    summary="An action plan problem's measures and their results (public measures only, unless staff)",
)
def get_problem_results(request: HttpRequest, slug: str, problem: int) -> Any:
    place = municipality_or_404(slug)
    found: Problem = get_object_or_404(
        Problem.objects.select_related("plan"), pk=problem, plan__municipality=place
    )
    public_only = not holds_role(request.user, place.pk)
    if public_only and not traceability.public_chain(found):
        raise Http404
    return [
        {
            "measure": result.progress.activity.pk,
            "title": {
                code: getattr(result.progress.activity, f"title_{code}") or None
                for code in ("sv", "en", "ar")
            },
            "public": result.progress.activity.public,
            "done": result.progress.done,
            "planned": result.progress.planned,
            "status": result.progress.status,
            "indicators": [
                {
                    "kind": measured.indicator.kind,
                    "code": measured.indicator.code,
                    "area": measured.indicator.area.slug if measured.indicator.area else None,
                    "baseline_year": measured.indicator.baseline_year,
                    "baseline": measured.baseline,
                    "target_year": measured.indicator.target_year,
                    "target": measured.indicator.target,
                    "values": [[year, value] for year, value in measured.values],
                    "sentence": traceability.sentences(measured),
                }
                for measured in result.measured
            ],
        }
        for result in traceability.results(found, timezone.localdate(), public_only)
    ]
