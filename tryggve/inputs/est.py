"""The EST rhythm's figures: the weekly picture, the quarterly analysis and the yearly summary.

Counts come from a few grouped queries on (municipality, happened_at), so a week's page costs
the same with a thousand or a million stored reports. Weeks are ISO weeks in Swedish time.

Areas are compared with their own usual level, never with each other: an area with many
partners reporting has more reports without being less safe. The residents' place reports of
the week stand beside the incidents (`place_week`), counted the same way per area and kind.
"""

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Count, QuerySet
from django.utils import timezone

from tryggve.core.models import Area, Municipality

from .models import Category, Incident, PlaceKind, PlaceReport, WeeklyMeeting

# The usual level: the average of the four weeks (or quarters) before.
PREVIOUS_PERIODS = 4
PRIORITISED_AREAS = 3

Key = tuple[int, int | str]  # (area id, category id or place kind)


def week_start(year: int, week: int) -> date:
    """The Monday of an ISO week; week 53 of a year without one is its last week."""
    try:
        return date.fromisocalendar(year, week, 1)
    except ValueError:
        return date.fromisocalendar(year, 52, 1)


def quarter_start(year: int, quarter: int) -> date:
    return date(year, 3 * quarter - 2, 1)


def next_quarter(year: int, quarter: int) -> tuple[int, int]:
    return (year + 1, 1) if quarter == 4 else (year, quarter + 1)


def previous_quarter(year: int, quarter: int) -> tuple[int, int]:
    return (year - 1, 4) if quarter == 1 else (year, quarter - 1)


def _moment(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time()))


def counts(place: Municipality, area_ids: Iterable[int], first: date, last: date) -> Counter[Key]:
    """Reports per (area, category) from the first day up to, not including, the last."""
    found = (
        Incident.objects.filter(
            municipality=place,
            area_id__in=list(area_ids),
            happened_at__gte=_moment(first),
            happened_at__lt=_moment(last),
        )
        .values_list("area_id", "category_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    return Counter({(area, category): n for area, category, n in found})


@dataclass
class Line:
    """One area's or category's counts in a period, against its usual level."""

    label: str
    key: str = ""  # the category's code, for exports
    now: int = 0
    usual: float = 0.0
    last_year: int = 0

    @property
    def change(self) -> float:
        return self.now - self.usual

    @property
    def deviation(self) -> float:
        """How unusual the count is for this line: the change in Poisson standard deviations."""
        return (self.now - self.usual) / math.sqrt(self.usual + 1)


@dataclass
class AreaWeek:
    area: Area
    total: Line
    categories: list[Line] = field(default_factory=list)


@dataclass
class Week:
    year: int
    week: int
    monday: date
    categories: list[Category]
    areas: list[AreaWeek]
    total: Line

    @property
    def sunday(self) -> date:
        return self.monday + timedelta(days=6)

    @property
    def previous(self) -> date:
        return self.monday - timedelta(weeks=1)

    @property
    def next(self) -> date:
        return self.monday + timedelta(weeks=1)


def _line(
    label: str,
    keys: Iterable[Key],
    now: Counter[Key],
    before: Counter[Key],
    last: Counter[Key],
    key: str = "",
) -> Line:
    keys = list(keys)
    return Line(
        label=label,
        key=key,
        now=sum(now[k] for k in keys),
        usual=sum(before[k] for k in keys) / PREVIOUS_PERIODS,
        last_year=sum(last[k] for k in keys),
    )


def week(place: Municipality, areas: list[Area], year: int, number: int) -> Week:
    """Each area's reports per category in the week, against the four weeks before and the
    same week a year earlier."""
    monday = week_start(year, number)
    ids = [area.pk for area in areas]
    now = counts(place, ids, monday, monday + timedelta(weeks=1))
    before = counts(place, ids, monday - timedelta(weeks=PREVIOUS_PERIODS), monday)
    a_year_ago = week_start(year - 1, number)
    last = counts(place, ids, a_year_ago, a_year_ago + timedelta(weeks=1))
    categories = list(Category.objects.filter(municipality=place).order_by("position", "pk"))
    used = {category for _area, category in (now + before + last)}
    shown = [c for c in categories if c.active or c.pk in used]
    rows = []
    for area in areas:
        lines = [
            _line(str(category), [(area.pk, category.pk)], now, before, last, key=category.slug)
            for category in shown
        ]
        keys = [(area.pk, category.pk) for category in shown]
        total = _line(str(area), keys, now, before, last)
        if total.now or total.usual or total.last_year:  # areas where nobody reports stay out
            rows.append(AreaWeek(area, total, lines))
    every = [(area.pk, category.pk) for area in areas for category in shown]
    return Week(year, number, monday, shown, rows, _line("", every, now, before, last))


def place_counts(place: Municipality, area_ids: Iterable[int], first: date, last: date) -> Counter[Key]:
    """Residents' place reports per (area, kind) received from the first day up to, not
    including, the last; hidden reports (abuse) and duplicates of another report left out."""
    found = (
        PlaceReport.objects.filter(
            municipality=place,
            area_id__in=list(area_ids),
            received_on__gte=first,
            received_on__lt=last,
            hidden=False,
            duplicate_of=None,
        )
        .values_list("area_id", "kind")
        .annotate(n=Count("id"))
        .order_by()
    )
    return Counter({(area, kind): n for area, kind, n in found})


@dataclass
class PlaceWeek:
    """The week's place reports per area and kind, against the same usual levels as incidents."""

    kinds: list[str]  # the kinds' names with a report in these weeks, in PlaceKind's order
    areas: list[AreaWeek]
    total: Line


def place_week(place: Municipality, areas: list[Area], monday: date) -> PlaceWeek:
    ids = [area.pk for area in areas]
    now = place_counts(place, ids, monday, monday + timedelta(weeks=1))
    before = place_counts(place, ids, monday - timedelta(weeks=PREVIOUS_PERIODS), monday)
    iso = monday.isocalendar()
    a_year_ago = week_start(iso.year - 1, iso.week)
    last = place_counts(place, ids, a_year_ago, a_year_ago + timedelta(weeks=1))
    used = {kind for _area, kind in (now + before + last)}
    kinds = [(code, str(label)) for code, label in PlaceKind.choices if code in used]
    rows = []
    for area in areas:
        keys: list[Key] = [(area.pk, code) for code, _label in kinds]
        total = _line(str(area), keys, now, before, last)
        if total.now or total.usual or total.last_year:
            lines = [_line(label, [(area.pk, code)], now, before, last, key=code) for code, label in kinds]
            rows.append(AreaWeek(area, total, lines))
    every: list[Key] = [(area.pk, code) for area in areas for code, _label in kinds]
    return PlaceWeek([label for _code, label in kinds], rows, _line("", every, now, before, last))


def week_place_reports(place: Municipality, areas: QuerySet[Area], monday: date) -> list[PlaceReport]:
    """The place reports received in the week in the areas (those the user moderates)."""
    return list(
        PlaceReport.objects.filter(
            municipality=place,
            area__in=areas,
            received_on__gte=monday,
            received_on__lt=monday + timedelta(weeks=1),
        )
        .select_related("area")
        .order_by("received_on", "kind", "pk")
    )


def week_reports(place: Municipality, areas: list[Area], monday: date) -> list[Incident]:
    return list(
        Incident.objects.filter(
            municipality=place,
            area__in=areas,
            happened_at__gte=_moment(monday),
            happened_at__lt=_moment(monday + timedelta(weeks=1)),
        )
        .select_related("category", "area", "organisation")
        .order_by("happened_at")
    )


# How far back the start page looks for weeks whose meeting was not recorded.
MEETING_WEEKS = 8


def weeks_without_meeting(place: Municipality, today: date, weeks: int = MEETING_WEEKS) -> list[date]:
    """The Mondays of the finished weeks among the last `weeks` that have reports but no record
    of the weekly meeting, the latest first."""
    this_monday = today - timedelta(days=today.weekday())
    first = this_monday - timedelta(weeks=weeks)
    reported = {
        moment.date() - timedelta(days=moment.weekday())
        for moment in Incident.objects.filter(
            municipality=place, happened_at__gte=_moment(first), happened_at__lt=_moment(this_monday)
        ).datetimes("happened_at", "day", tzinfo=timezone.get_current_timezone())
    }
    held = set(
        WeeklyMeeting.objects.filter(municipality=place, week__in=reported).values_list("week", flat=True)
    )
    return sorted(reported - held, reverse=True)


@dataclass
class Quarter:
    year: int
    quarter: int
    lines: list[tuple[Area, Line]]  # most unusual first
    suggested: list[Area]


def quarter(place: Municipality, areas: list[Area], year: int, number: int) -> Quarter:
    """Each area's reports in the quarter against its own average of the four quarters before;
    the three most unusual increases are suggested for priority next quarter."""
    first = quarter_start(year, number)
    following = quarter_start(*next_quarter(year, number))
    earliest = quarter_start(year - 1, number)
    a_year_ago_end = quarter_start(*next_quarter(year - 1, number))
    ids = [area.pk for area in areas]
    now = counts(place, ids, first, following)
    before = counts(place, ids, earliest, first)
    last = counts(place, ids, earliest, a_year_ago_end)
    per_area: dict[int, list[Key]] = {}
    for counter in (now, before, last):
        for key in counter:
            per_area.setdefault(key[0], []).append(key)
    lines = []
    for area in areas:
        keys = list(set(per_area.get(area.pk, [])))
        line = _line(str(area), keys, now, before, last)
        lines.append((area, line))
    lines.sort(key=lambda pair: (-pair[1].deviation, -pair[1].now, pair[0].name))
    suggested = [area for area, line in lines if line.now > 0 and line.change > 0][:PRIORITISED_AREAS]
    return Quarter(year, number, lines, suggested)


@dataclass
class Year:
    year: int
    categories: list[tuple[str, list[int], int, int]]  # label, per quarter, total, previous year's
    areas: list[tuple[Area, int, int]]  # area, this year, previous year
    total: int
    previous_total: int


def year_summary(place: Municipality, areas: list[Area], year: int) -> Year:
    ids = [area.pk for area in areas]
    quarters = [
        counts(place, ids, quarter_start(year, q), quarter_start(*next_quarter(year, q))) for q in range(1, 5)
    ]
    previous = counts(place, ids, date(year - 1, 1, 1), date(year, 1, 1))
    categories = Category.objects.filter(municipality=place).order_by("position", "pk")
    category_rows = []
    for category in categories:
        per_quarter = [sum(n for (a, c), n in q.items() if c == category.pk) for q in quarters]
        before = sum(n for (a, c), n in previous.items() if c == category.pk)
        total = sum(per_quarter)
        if category.active or total or before:
            category_rows.append((str(category), per_quarter, total, before))
    area_rows = [
        (
            area,
            sum(n for q in quarters for (a, c), n in q.items() if a == area.pk),
            sum(n for (a, c), n in previous.items() if a == area.pk),
        )
        for area in areas
    ]
    return Year(
        year,
        category_rows,
        area_rows,
        sum(sum(q.values()) for q in quarters),
        sum(previous.values()),
    )
