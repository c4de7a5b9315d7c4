"""What is late in the follow-up, for the start page and the reminders.

A safety-walk measure is late when it is chosen (neither done nor rejected) and due within
`DUE_WITHIN` days or overdue; an activity of a published promise running today is late when it
is behind its plan (`progress`) or nothing has been logged for `QUIET_DAYS`. The same lists fill
the start page's to-do list (`measures_for`, `activities_for`) and the reminders that
`send_measure_reminders` and `send_activity_reminders` e-mail through `core.notices`
(`measure_reminders`, `activity_reminders`): a title and a link each, never the measure's text,
the activity's figures or a photo.
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
from tryggve.core.roles import LOG_ACTIVITIES, REMINDED_OF_MEASURES, REMINDED_TO_LOG
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
