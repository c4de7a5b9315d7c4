"""Open data: a published promise's evaluation ("Blev det bättre?"), exactly as its page shows it."""

from typing import Any

from django.conf import settings
from django.shortcuts import get_object_or_404
from django.utils import translation
from ninja import Router, Schema

from tryggve.core.api import Translated
from tryggve.promises.api import published_promises
from tryggve.situation import publication

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
