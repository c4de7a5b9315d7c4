"""From problem to measure to result: the chain of the action plan with what was done.

- From a measure (an activity), its problem and the lägesbild figures that show it: on the
  follow-up's activity page and, for a public activity, on the public promise page and in the API.
- From a prioritised problem, its measures with their progress against the plan (derived from
  the log, `progress`) and their indicators (`indicators`): the staff page *Problem och
  resultat* (`/<kommun>/uppfoljning/problem/<id>/`) and the API.
- How a measure is measured, for the plan's document (`promises.plan_document`), which may not
  import this later stage: `indicator_lines` is registered there in `apps.ready()`.

Anonymous readers get only public parts (`public_chain`): public measures of public promises,
and a problem only through them, with its summary only where the analyst made it public.
"""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone, translation
from django.utils.html import strip_tags

from tryggve.core.access import holds_role
from tryggve.core.models import Municipality
from tryggve.promises import action_plans, plan_document
from tryggve.promises.models import Activity, Problem, Promise
from tryggve.situation.references import Figures

from .indicators import Measured, measure
from .progress import Progress, progress
from .templatetags.indicator_text import indicator_line


@plan_document.measured_by
def indicator_lines(activity: Activity, published: Figures) -> list[dict[str, str]]:
    """Each indicator of the measure as its sentence, per language, as plain text."""
    today = timezone.localdate()
    lines = []
    for indicator in activity.indicators.select_related("area"):
        measured = measure(indicator, today, published)
        lines.append(sentences(measured))
    return lines


def sentences(measured: Measured) -> dict[str, str]:
    """The indicator's sentence in each language of the site, as plain text."""
    found = {}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            found[language] = strip_tags(indicator_line(measured))
    return found


@dataclass
class Result:
    """One measure of a problem with what was done and how it is measured."""

    progress: Progress
    measured: list[Measured]


def measures_of(problem: Problem, public_only: bool = False) -> list[Activity]:
    """The problem's measures: the activities of the plan's promise (its newest version) that
    answer it; only the public ones of a public promise for `public_only`."""
    promise = action_plans.promise_of(problem.plan)
    if promise is None or (public_only and not promise.is_public):
        return []
    found = problem.measures.filter(promise=promise).select_related("promise__cycle")
    if public_only:
        found = found.filter(public=True)
    return list(found.prefetch_related("responsible"))


def results(problem: Problem, today: date, public_only: bool = False) -> list[Result]:
    published = Figures(problem.plan.municipality)
    return [
        Result(item, [measure(i, today, published) for i in item.activity.indicators.select_related("area")])
        for item in progress(measures_of(problem, public_only), today)
    ]


def problem_of(activity: Activity, public_only: bool = False) -> dict[str, Any] | None:
    """The problem a measure answers, with its evidence and (public) summary; for `public_only`
    only for a public activity of a public promise."""
    problem = activity.problem
    if problem is None or (public_only and not (activity.public and activity.promise.is_public)):
        return None
    return plan_document.problem_data(problem, Figures(problem.plan.municipality))


def public_chain(problem: Problem) -> bool:
    """Whether anonymous readers may see the problem: a public measure of a public promise answers it."""
    return bool(measures_of(problem, public_only=True))


@login_required
def problem_page(request: HttpRequest, municipality: str, pk: int) -> HttpResponse:
    """A prioritised problem with its evidence, its measures and their results, for the staff
    of the municipality (any role)."""
    place = get_object_or_404(Municipality, slug=municipality)
    if not holds_role(request.user, place.pk):
        raise PermissionDenied
    found: Problem = get_object_or_404(
        Problem.objects.select_related("plan__cycle", "plan__municipality", "situation"),
        pk=pk,
        plan__municipality=place,
    )
    today = timezone.localdate()
    return render(
        request,
        "followup/problem.html",
        {
            "municipality": place,
            "problem": found,
            "data": plan_document.problem_data(found, Figures(place)),
            "results": results(found, today),
            "promise": action_plans.promise_of(found.plan),
        },
    )


def promise_problems(promise: Promise, published: Figures) -> dict[int, dict[str, Any]]:
    """The problems a public promise's public activities answer, by activity id (public parts)."""
    found = {}
    problems: dict[int, dict[str, Any]] = {}  # several measures answer one problem: drawn once
    for activity in promise.activities.filter(public=True, problem__isnull=False).select_related(
        "problem__plan__municipality", "problem__situation", "problem__analysis"
    ):
        assert activity.problem is not None  # noqa: S101 (filtered above)
        problem = activity.problem
        if problem.pk not in problems:
            problems[problem.pk] = plan_document.problem_data(problem, published)
        found[activity.pk] = problems[problem.pk]
    return found
