"""The action plan as plain data (JSON): its problems with the lägesbild figures that show them,
each problem's public summary, and the measures with who is responsible, when, the resources,
the expected effect and how each is measured. A decided version stores it (`content`); the plan
page, the print page and the API read it.

The cause analyses' internal texts are never part of it: they stay on the analysts' own page,
so neither a decided version nor a print-out carries suspected offences (GDPR article 10).
`public` keeps, field by field, what residents and the API may read.

How a measure is measured is the follow-up's (its indicators, `followup.Indicator`), a later
stage: `followup` registers it in its `apps.ready()` with `measured_by`, as the stages register
what retention removes, so this module never imports it.
"""

from collections.abc import Callable
from typing import Any

from django.utils import translation

from tryggve.core.forms import LANGUAGES
from tryggve.core.languages import FALLBACK
from tryggve.situation import references

from . import review
from .models import ActionPlan, Activity, Agreement, Evidence, Problem, Promise

Document = dict[str, Any]
# How a measure is measured: each of its indicators as a sentence per language, the figures read
# from the municipality's published lägesbilder (shared by the whole document).
Measuring = Callable[[Activity, references.Figures], list[dict[str, str]]]

_measuring: list[Measuring] = []


def measured_by(describe: Measuring) -> Measuring:
    _measuring.append(describe)
    return describe


def texts(instance: Any, name: str) -> dict[str, str]:
    """A translated field's text per language (empty ones left out)."""
    return {
        language.code: text
        for language in LANGUAGES
        if (text := getattr(instance, f"{name}_{language.code}", "") or "")
    }


def _evidence(evidence: Evidence, published: references.Figures) -> dict[str, Any]:
    figure = evidence.figure(published)
    return {
        "kind": evidence.kind,
        "code": evidence.code,
        "area": evidence.area.name if evidence.area else None,
        "year": evidence.year,
        "title": figure.title if figure else {FALLBACK: evidence.code},
        "value": figure.value if figure else None,
        "whole": figure.whole if figure else None,
        "figure_kind": figure.kind if figure else None,
        "counted": figure.counted if figure else None,
    }


def problem_data(problem: Problem, published: references.Figures) -> dict[str, Any]:
    analysis = getattr(problem, "analysis", None)
    return {
        "id": problem.pk,
        "title": texts(problem, "title"),
        "order": problem.order,
        "areas": sorted(area.name for area in problem.areas.all()),
        "situation": {"year": problem.situation.year, "version": problem.situation.version},
        "evidence": [_evidence(evidence, published) for evidence in problem.evidence.all()],
        "summary": texts(analysis, "public_summary") if analysis and analysis.summary_is_public else {},
    }


def per_language(say: Callable[[], Any]) -> dict[str, str]:
    """What `say` says in each language of the site."""
    found = {}
    for language in LANGUAGES:
        with translation.override(language.code):
            found[language.code] = str(say())
    return found


def measured(activity: Activity, published: references.Figures) -> list[dict[str, str]]:
    """How the measure is measured, as the follow-up registers it (its indicators)."""
    return [line for describe in _measuring for line in describe(activity, published)]


def measure_data(activity: Activity, published: references.Figures) -> dict[str, Any]:
    return {
        "id": activity.pk,
        "title": texts(activity, "title"),
        "public": activity.public,
        "problem": activity.problem_id,
        "responsible": sorted(organisation.name for organisation in activity.responsible.all()),
        "first_day": activity.first_day.isoformat(),
        "last_day": activity.last_day.isoformat(),
        "plan": per_language(lambda: review.plan(activity)),
        "resources": activity.resources,
        "expected_effect": activity.expected_effect,
        "measured": measured(activity, published),
    }


def agreement_data(agreement: Agreement | None) -> dict[str, Any] | None:
    if agreement is None:
        return None
    return {
        "terms": agreement.terms,
        "police_chief": agreement.police_chief,
        "police_chief_signed_on": _day(agreement.police_chief_signed_on),
        "chair": agreement.chair,
        "chair_signed_on": _day(agreement.chair_signed_on),
        "measures": sorted(agreed(agreement)),
    }


def agreed(agreement: Agreement) -> set[int]:
    """The measures the agreement lists, and the same measures in later versions of the promise
    (each continues the one before), so a new version keeps what the parties signed."""
    found = set(agreement.measures.values_list("pk", flat=True))
    latest = set(found)
    while latest:
        latest = set(Activity.objects.filter(continues__in=latest).values_list("pk", flat=True)) - found
        found |= latest
    return found


def _day(day: Any) -> str | None:
    return day.isoformat() if day else None


def document(plan: ActionPlan, promise: Promise | None) -> Document:
    """The plan as it reads now, with the measures of its promise (`action_plans.promise_of`); a
    plan not started yet (not saved) has no problems and no agreement."""
    published = references.Figures(plan.municipality)
    started = plan.pk is not None
    problems = (
        plan.problems.select_related("situation", "analysis").prefetch_related("areas", "evidence__area")
        if started
        else []
    )
    measures = promise.activities.prefetch_related("responsible") if promise is not None else []
    return {
        "municipality": plan.municipality.name,
        "year": plan.year,
        "summary": plan.summary,
        "coordination": plan.coordination,
        "promise": {"slug": promise.slug, "period": promise.period, "public": promise.is_public}
        if promise is not None
        else None,
        "problems": [problem_data(problem, published) for problem in problems],
        "measures": [measure_data(activity, published) for activity in measures],
        "agreement": agreement_data(Agreement.objects.filter(plan=plan).first() if started else None),
    }


def public(found: Document) -> Document:
    """What residents and the API may read of a plan's document: the promise's public measures
    (title, responsible, when), the problems they answer with their evidence and a summary only
    where the analyst made it public. Internal measures, resources, expected effects, the plan's
    own texts and the agreement's terms are left out."""
    measures = [
        {key: measure[key] for key in ("id", "title", "problem", "responsible", "first_day", "last_day")}
        for measure in found["measures"]
        if measure["public"]
    ]
    answered = {measure["problem"] for measure in measures}
    problems = [
        {key: problem[key] for key in ("id", "title", "areas", "situation", "evidence", "summary")}
        for problem in found["problems"]
        if problem["id"] in answered
    ]
    return {"year": found["year"], "problems": problems, "measures": measures}
