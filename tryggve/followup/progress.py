"""Progress of an activity against its plan, derived from the log (never typed by hand).

An activity planned as "2 controls a month" from 1 January to 31 December plans 24 in all; by
1 July about 12 are expected. It is on track with at least 90 % of what is expected by now,
done when the whole plan is reached, and behind otherwise.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count, Sum

from tryggve.promises.models import Activity

from .models import ActivityLog

DAYS_PER = {"month": 365.25 / 12, "quarter": 365.25 / 4, "year": 365.25}
ON_TRACK = 0.9
LATEST = 3


class Status:
    DONE = "done"
    ON_TRACK = "on_track"
    BEHIND = "behind"
    NOT_STARTED = "not_started"
    UNPLANNED = "unplanned"


def planned_by(activity: Activity, quantity: int, day: date) -> float:
    """How much of the plan falls between the activity's first day and `day` (inclusive)."""
    first, last = activity.first_day, activity.last_day
    if day < first:
        return 0.0
    days = (min(day, last) - first).days + 1
    if activity.per == Activity.Per.PERIOD:
        return quantity * days / ((last - first).days + 1)
    return quantity * days / DAYS_PER[activity.per]


@dataclass
class Progress:
    activity: Activity
    done: int = 0
    entries: int = 0
    people_met: int = 0
    planned: int | None = None  # in the whole period
    expected: float | None = None  # by today
    status: str = Status.UNPLANNED
    latest: list[ActivityLog] = field(default_factory=list)
    indicators: list[Any] = field(default_factory=list)  # filled by the pages that show them
    problem: dict[str, Any] | None = None  # the action plan's problem it answers, for pages that show it

    @property
    def percent(self) -> int | None:
        return round(100 * self.done / self.planned) if self.planned else None


def lineage(activities: list[Activity]) -> dict[int, int]:
    """Each activity's id, and the ids of the same activity in earlier versions of its promise,
    mapped to the activity: what was logged before a new version still counts."""
    owner = {activity.pk: activity.pk for activity in activities}
    frontier = {activity.continues_id: activity.pk for activity in activities if activity.continues_id}
    while frontier:
        owner.update(frontier)
        earlier = Activity.objects.filter(pk__in=list(frontier), continues__isnull=False)
        frontier = {
            pk: frontier[own] for own, pk in earlier.values_list("pk", "continues_id") if pk not in owner
        }
    return owner


def progress(activities: Iterable[Activity], today: date) -> list[Progress]:
    """Each activity's totals, latest entries and status on `today`: two queries, and one more per
    earlier version of a promise."""
    found = list(activities)
    owner = lineage(found)
    sums: dict[int, dict[str, int]] = {}
    for row in (
        ActivityLog.objects.filter(activity__in=list(owner))
        .values("activity")
        .annotate(done=Sum("quantity"), entries=Count("id"), people=Sum("people_met"))
        .order_by()
    ):
        total = sums.setdefault(owner[row["activity"]], {"done": 0, "entries": 0, "people": 0})
        for key in total:
            total[key] += row[key] or 0
    latest: dict[int, list[ActivityLog]] = {}
    for entry in (
        ActivityLog.objects.filter(activity__in=list(owner))
        .select_related("area")
        .order_by("-done_on", "-pk")
    ):
        kept = latest.setdefault(owner[entry.activity_id], [])
        if len(kept) < LATEST:
            kept.append(entry)
    result = []
    for activity in found:
        row = sums.get(activity.pk, {})
        item = Progress(
            activity,
            done=row.get("done") or 0,
            entries=row.get("entries") or 0,
            people_met=row.get("people") or 0,
            latest=latest.get(activity.pk, []),
        )
        quantity = activity.planned_quantity
        if quantity is not None:
            item.planned = round(planned_by(activity, quantity, activity.last_day))
            item.expected = planned_by(activity, quantity, today)
            item.status = _status(item.done, item.planned, item.expected, activity.first_day, today)
        result.append(item)
    return result


def _status(done: int, planned: int, expected: float, first_day: date, today: date) -> str:
    if done >= planned:
        return Status.DONE
    if today < first_day:
        return Status.NOT_STARTED
    return Status.ON_TRACK if done >= ON_TRACK * expected else Status.BEHIND
