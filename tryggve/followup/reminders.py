"""What is late in the follow-up, for the start page and the reminders.

A safety-walk measure is late when it is chosen (neither done nor rejected) and due within
`DUE_WITHIN` days or overdue; an activity of a published promise running today is late when it
is behind its plan (`progress`) or nothing has been logged for `QUIET_DAYS`. The same lists fill
the start page's to-do list (`measures_for`, `activities_for`) and the reminders that
`send_measure_reminders` and `send_activity_reminders` e-mail through `core.notices`
(`measure_reminders`, `activity_reminders`): a title and a link each, never the measure's text,
the activity's figures or a photo.

A resident's place report routed to an organisation (`inputs.PlaceReport`) is late in the same
way as a measure: open (not done, not "will not be done"), public (neither hidden nor merged
into another) and due within `DUE_WITHIN` days or overdue. `send_measure_reminders` e-mails
those too (`place_report_reminders`): the report's kind, area and due date and a link, never
its description, place in words or photo; once per due date, and once more when it becomes
overdue.
"""

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, timedelta

from django.contrib.auth.models import User
from django.db.models import Max, Q, QuerySet
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from tryggve.core.access import AnyUser, memberships
from tryggve.core.models import Membership, Municipality
from tryggve.core.notices import Link
from tryggve.core.roles import (
    ANSWER_PLACE_REPORTS,
    LOG_ACTIVITIES,
    REMINDED_OF_MEASURES,
    REMINDED_TO_LOG,
)
from tryggve.inputs.models import PlaceReport
from tryggve.promises.models import Activity, Promise

from .models import Measure
from .progress import Progress, Status, progress
from .views import loggable

DUE_WITHIN = 7
QUIET_DAYS = 30

Reminders = dict[User, list[Link]]


def _staff(roles: Iterable[str], places: set[tuple[int, int]]) -> dict[tuple[int, int], set[User]]:
    """The users with one of the roles, per (municipality, organisation) among `places`."""
    found: dict[tuple[int, int], set[User]] = defaultdict(set)
    held = Membership.objects.filter(
        role__in=list(roles),
        municipality_id__in={place for place, _organisation in places},
        organisation_id__in={organisation for _place, organisation in places},
    ).select_related("user")
    for membership in held:
        found[membership.municipality_id, membership.organisation_id].add(membership.user)
    return found


# --- Safety-walk measures ---------------------------------------------------------------------


def late_measures(today: date) -> QuerySet[Measure]:
    """Chosen measures due within `DUE_WITHIN` days or overdue, the earliest first."""
    return (
        Measure.objects.filter(
            status=Measure.Status.CHOSEN, due__isnull=False, due__lte=today + timedelta(days=DUE_WITHIN)
        )
        .select_related("finding__walk__area", "finding__walk__municipality", "organisation")
        .order_by("due", "pk")
    )


def measures_for(user: AnyUser, today: date) -> list[Measure]:
    """The late measures of the organisations the user follows walks up for, where they do."""
    held = set(memberships(user, *REMINDED_OF_MEASURES).values_list("municipality_id", "organisation_id"))
    if not held:
        return []
    mine = Q()
    for place, organisation in held:
        mine |= Q(finding__walk__municipality_id=place, organisation_id=organisation)
    return list(late_measures(today).filter(mine))


def is_overdue(measure: Measure, today: date) -> bool:
    return measure.due is not None and measure.due < today


def measure_page(measure: Measure) -> str:
    """The walk's staff page, at the measure's finding."""
    walk = measure.finding.walk
    return reverse("followup:walk", args=[walk.municipality.slug, walk.pk]) + f"#f{measure.finding_id}"


def measure_link(measure: Measure, today: date) -> Link:
    """A measure as a reminder names it: the walk's area and day and the finding's kind (never the
    measure's own text, which is free text)."""
    walk = measure.finding.walk
    overdue = is_overdue(measure, today)
    values = {
        "area": walk.area.name,
        "day": date_format(walk.walk_on, "j F Y"),
        "what": measure.finding.get_kind_display(),
    }
    if overdue:
        title = _("Overdue: a measure after the safety walk in %(area)s on %(day)s (%(what)s)") % values
    else:
        title = (
            _("Due within a week: a measure after the safety walk in %(area)s on %(day)s (%(what)s)") % values
        )
    state = "overdue" if overdue else "due"
    return Link(title, measure_page(measure), f"measure:{measure.pk}:{state}")


def measure_reminders(today: date) -> Reminders:
    """Each late measure, for the staff of its organisation in its walk's municipality who
    follow up walks."""
    measures = list(late_measures(today))
    places = {(m.finding.walk.municipality_id, m.organisation_id) for m in measures}
    staff = _staff(REMINDED_OF_MEASURES, places)
    due: Reminders = defaultdict(list)
    for measure in measures:
        for user in staff[measure.finding.walk.municipality_id, measure.organisation_id]:
            due[user].append(measure_link(measure, today))
    return due


# --- Activities -------------------------------------------------------------------------------


def late_activities(
    activities: QuerySet[Activity], today: date, quiet_days: int = QUIET_DAYS
) -> list[Progress]:
    """The activities of published promises running today that are behind their plan or have
    nothing logged for `quiet_days` days; each activity's `last_logged` is set."""
    running = [
        activity
        for activity in activities.filter(promise__status=Promise.Status.PUBLISHED)
        .select_related("promise__municipality", "promise__cycle")
        .prefetch_related("responsible")
        .annotate(last_logged=Max("log__done_on"))
        if activity.first_day <= today <= activity.last_day
    ]
    quiet_since = today - timedelta(days=quiet_days)
    return [
        item
        for item in progress(running, today)
        if item.status == Status.BEHIND
        or (item.activity.last_logged or item.activity.first_day) < quiet_since  # type: ignore[attr-defined]
    ]


def activities_for(user: AnyUser, today: date) -> list[Progress]:
    """The late activities the user logs, in the municipalities where they log."""
    places = memberships(user, *LOG_ACTIVITIES).values("municipality_id")
    found: list[Progress] = []
    for place in Municipality.objects.filter(pk__in=places).order_by("name"):
        found += late_activities(loggable(user, place), today)
    return found


def activity_page(activity: Activity) -> str:
    return reverse("followup:activity", args=[activity.promise.municipality.slug, activity.pk])


def activity_reminders(today: date, quiet_days: int = QUIET_DAYS) -> Reminders:
    """Each late activity, for the activity owners of its responsible organisations."""
    late = late_activities(Activity.objects.all(), today, quiet_days)
    places = {
        (item.activity.promise.municipality_id, organisation.pk)
        for item in late
        for organisation in item.activity.responsible.all()
    }
    staff = _staff(REMINDED_TO_LOG, places)
    due: Reminders = defaultdict(list)
    for item in late:
        activity = item.activity
        owners = set().union(
            *(staff[activity.promise.municipality_id, o.pk] for o in activity.responsible.all())
        )
        for user in owners:
            due[user].append(Link(activity.title, activity_page(activity), f"activity:{activity.pk}"))
    return due


# --- Residents' place reports -----------------------------------------------------------------


def late_place_reports(today: date) -> QuerySet[PlaceReport]:
    """Open, public place reports routed to an organisation and due within `DUE_WITHIN` days or
    overdue, the earliest first."""
    return (
        PlaceReport.objects.filter(
            organisation__isnull=False,
            due__isnull=False,
            due__lte=today + timedelta(days=DUE_WITHIN),
            hidden=False,
            duplicate_of__isnull=True,
        )
        .exclude(status__in=PlaceReport.CLOSED)
        .select_related("area", "municipality")
        .order_by("due", "pk")
    )


def place_report_link(report: PlaceReport, today: date) -> Link:
    """A place report as a reminder names it: its kind, area and due date (never the resident's
    description or place in words, which are free text). What it is about carries the due date,
    so a report given a new due date is reminded of again."""
    due = report.due or today  # only reports with a due date are late
    overdue = due < today
    values = {
        "area": report.area.name,
        "due": date_format(due, "j F Y"),
        "what": report.get_kind_display(),
    }
    if overdue:
        title = _("Overdue since %(due)s: a resident's place report in %(area)s (%(what)s)") % values
    else:
        title = _("Due on %(due)s: a resident's place report in %(area)s (%(what)s)") % values
    state = "overdue" if overdue else "due"
    page = reverse("inputs:place_report", args=[report.municipality.slug, report.pk])
    return Link(title, page, f"place:{report.pk}:{due.isoformat()}:{state}")


def place_report_reminders(today: date) -> Reminders:
    """Each late place report, for the staff who answer place reports for its organisation in its
    municipality."""
    reports = list(late_place_reports(today))
    # (municipality, organisation) of each: every late report is routed, so never 0.
    cases = [((report.municipality_id, report.organisation_id or 0), report) for report in reports]
    staff = _staff(ANSWER_PLACE_REPORTS, {case for case, _report in cases})
    due: Reminders = defaultdict(list)
    for case, report in cases:
        for user in staff[case]:
            due[user].append(place_report_link(report, today))
    return due
