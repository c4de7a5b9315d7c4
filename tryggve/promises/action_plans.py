"""The action plan's rules: which promise is its public part, which activities are its measures,
and deciding it (a numbered version frozen with the plan as it then reads).

The plan and the promise are joined by their year, not by a key: the plan of a cycle's year
groups the promise running that year (`promise_of`: the newest version of the promise whose
period holds the year). Its measures are that promise's activities: the public ones are the
medborgarlöfte, the plan's public part; the internal ones (`public` unticked) are the rest of the
plan. So a measure is planned, logged and followed up like every activity, and a new version of
the promise carries its measures' problems with it."""

import datetime

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Max, Q, QuerySet

from tryggve.core.models import Cycle, Municipality
from tryggve.core.numbers import whole_number

from . import plan_document
from .models import ActionPlan, ActionPlanVersion, Activity, Problem, Promise


def plan_of(place: Municipality, year: int) -> ActionPlan | None:
    return ActionPlan.objects.filter(municipality=place, cycle__year=year).select_related("cycle").first()


def plan_for(cycle: Cycle) -> ActionPlan:
    """The cycle's plan, started (empty) the first time it is asked for."""
    plan, _created = ActionPlan.objects.get_or_create(municipality_id=cycle.municipality_id, cycle=cycle)
    return plan


def running(place: Municipality, year: int) -> QuerySet[Promise]:
    """The promises whose period holds the year, every version (superseded ones too)."""
    return Promise.objects.filter(municipality=place, cycle__year__lte=year).filter(
        Q(end_year__gte=year) | Q(end_year__isnull=True, cycle__year=year)
    )


def promise_of(plan: ActionPlan) -> Promise | None:
    """The plan's public part: the newest version of the promise running in the plan's year."""
    return (
        running(plan.municipality, plan.year)
        .select_related("cycle", "municipality")
        .order_by("-cycle__year", "-revision")
        .first()
    )


def measures_of(plan: ActionPlan, promise: Promise | None = None) -> QuerySet[Activity]:
    """Every activity of the plan's promise, public and internal, in the promise's order."""
    found = promise if promise is not None else promise_of(plan)
    if found is None:
        return Activity.objects.none()
    return found.activities.select_related("problem").prefetch_related("responsible", "areas")


def problems_of(plan: ActionPlan) -> QuerySet[Problem]:
    return plan.problems.select_related("situation", "analysis").prefetch_related("areas", "evidence__area")


def choosable_problems(promise: Promise) -> QuerySet[Problem]:
    """The problems a promise's activity may answer: those of the plans of the promise's years."""
    return Problem.objects.filter(
        plan__municipality_id=promise.municipality_id,
        plan__cycle__year__gte=promise.start_year,
        plan__cycle__year__lte=promise.last_year,
    ).order_by("plan__cycle__year", "order", "pk")


def decide(
    plan: ActionPlan, decision: ActionPlanVersion, today: datetime.date, by: User | None
) -> ActionPlanVersion:
    """Records `decision` (body, date, reference) as the plan's next version, with the plan as it
    reads now. A fault (`Decision.decision_errors`) raises ValidationError and stores nothing."""
    decision.check_decision(today)
    with transaction.atomic():
        ActionPlan.objects.select_for_update().filter(pk=plan.pk).first()
        last = plan.versions.aggregate(last=Max("number"))["last"] or 0
        decision.plan = plan
        decision.number = last + 1
        decision.content = plan_document.document(plan, promise_of(plan))
        decision.decided_by = by
        decision.save()
    return decision


def numbered(plan: ActionPlan, number: str) -> ActionPlanVersion | None:
    """The decided version an address names (`?version=N`); None for any other text."""
    found = whole_number(number, digits=5)
    return plan.versions.filter(number=found).first() if found is not None else None
