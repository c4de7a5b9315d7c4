"""The activity log for owners: log on a phone, see each activity's progress.

The overview shows every activity of the current promise (the one whose period includes today,
else the latest published) with its progress against the plan. The log form lists the
activities of the promises that run on the chosen day, and of those that ended in the last
`RECENTLY_ENDED` days, so the last weeks of a year can still be logged in January.
"""

from datetime import date, timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from tryggve.core.access import acting_user, holds_role, memberships
from tryggve.core.models import Municipality
from tryggve.core.roles import EDIT_FOLLOWUP, EVALUATE_PROMISES, LOG_ACTIVITIES, LOG_EVERY_ACTIVITY
from tryggve.promises.models import Activity, Promise

from . import traceability
from .forms import DayForm, LogForm
from .progress import progress

RECENTLY_ENDED = timedelta(days=90)
# A promise that binds the parties: adopted (and not replaced by a new version).
NOT_ADOPTED = (Promise.Status.DRAFT, Promise.Status.REVIEW, Promise.Status.SUPERSEDED)


def loggable(user: Any, place: Municipality) -> QuerySet[Activity]:
    """Activities of the municipality's adopted promises the user may log: an analyst every one,
    an activity owner those of the organisations they belong to."""
    found = Activity.objects.filter(promise__municipality=place).exclude(promise__status__in=NOT_ADOPTED)
    if user.is_superuser or memberships(user, *LOG_EVERY_ACTIVITY).filter(municipality=place).exists():
        return found.select_related("promise__cycle")
    organisations = memberships(user, *LOG_ACTIVITIES).filter(municipality=place).values("organisation")
    return found.filter(responsible__in=organisations).distinct().select_related("promise__cycle")


def _place(request: HttpRequest, municipality: str) -> Municipality:
    place = get_object_or_404(Municipality, slug=municipality)
    if not holds_role(request.user, place.pk, *LOG_ACTIVITIES):
        raise PermissionDenied
    return place


def current_promise(place: Municipality, today: date) -> tuple[Promise | None, bool]:
    """The promise whose period includes today (the latest such, if several), else the latest
    published one; and whether it runs today."""
    adopted = (
        Promise.objects.filter(municipality=place)
        .exclude(status__in=NOT_ADOPTED)
        .annotate(last=Coalesce("end_year", "cycle__year"))
        .select_related("cycle")
    )
    running = (
        adopted.filter(cycle__year__lte=today.year, last__gte=today.year)
        .order_by("-cycle__year", "-revision")
        .first()
    )
    if running is not None:
        return running, True
    published = adopted.filter(status__in=Promise.PUBLIC_STATUSES).order_by(
        "-last", "-cycle__year", "-revision"
    )
    return published.first(), False


@login_required
def index(request: HttpRequest, municipality: str) -> HttpResponse:
    """Every activity of the current promise with its progress; the user's own are linked."""
    place = _place(request, municipality)
    today = timezone.localdate()
    promise, runs_today = current_promise(place, today)
    activities: list[Activity] = []
    mine: set[int] = set()
    if promise is not None:
        activities = list(
            Activity.objects.filter(promise=promise)
            .select_related("promise__cycle")
            .prefetch_related("areas", "responsible")
        )
        mine = set(loggable(request.user, place).filter(promise=promise).values_list("pk", flat=True))
    return render(
        request,
        "followup/index.html",
        {
            "municipality": place,
            "promise": promise,
            "runs_today": runs_today,
            "progress": progress(activities, today),
            "mine": mine,
            "today": today,
            # The analysts write the follow-up report of each of the promise's years.
            "report_years": range(promise.start_year, promise.last_year + 1)
            if promise is not None and holds_role(request.user, place.pk, *EVALUATE_PROMISES)
            else [],
        },
    )


def listed_for(activities: QuerySet[Activity], day: date, today: date) -> QuerySet[Activity]:
    """The activities of promises that run on `day` or ended within `RECENTLY_ENDED` of today."""
    recent = (today - RECENTLY_ENDED).year  # a promise ends on 31 December of its last year
    return activities.annotate(promise_last=Coalesce("promise__end_year", "promise__cycle__year")).filter(
        Q(promise__cycle__year__lte=day.year, promise_last__gte=day.year)
        | Q(promise_last__gte=recent, promise_last__lt=today.year)
    )


@login_required
def log(request: HttpRequest, municipality: str) -> HttpResponse:
    """Log what was done: the day first (today unless chosen), then the activity and how much."""
    place = _place(request, municipality)
    today = timezone.localdate()
    activities = loggable(request.user, place)
    # The day chosen above the form (or sent with it): today until another is chosen.
    if request.method == "POST":
        chooser = DayForm({"datum": request.POST.get("done_on", "")})
    else:
        chooser = DayForm(request.GET if "datum" in request.GET else None)
    day = chooser.cleaned_data["datum"] if chooser.is_valid() else today
    if request.method == "POST" or not chooser.is_bound:
        chooser = DayForm(initial={"datum": day})  # the form's own date field says what is wrong
    form = LogForm(
        request.POST or None,
        municipality=place,
        activities=activities,
        listed=listed_for(activities, day, today),
        initial={"done_on": day},
    )
    if request.method == "POST" and form.is_valid():
        entry = form.save(commit=False)
        entry.organisation = _organisation(request, place, entry.activity)
        entry.logged_by = acting_user(request.user)
        entry.save()
        messages.success(
            request,
            _("Logged: %(quantity)s %(unit)s for “%(activity)s”.")
            % {
                "quantity": entry.quantity,
                "unit": entry.activity.get_unit_display(),
                "activity": entry.activity,
            },
        )
        return redirect("followup:log", municipality=place.slug)
    return render(
        request,
        "followup/log.html",
        {
            "municipality": place,
            "form": form,
            "chooser": chooser,
            "day": day,
            "recent_days": RECENTLY_ENDED.days,
        },
        status=400 if form.errors or chooser.errors else 200,
    )


def _organisation(request: HttpRequest, place: Municipality, activity: Activity) -> Any:
    """The user's organisation that is responsible for the activity, else their first one here."""
    held = [m.organisation for m in memberships(request.user, *LOG_ACTIVITIES).filter(municipality=place)]
    responsible = set(activity.responsible.all())
    chosen = next((o for o in held if o in responsible), held[0] if held else None)
    if chosen is None:
        raise PermissionDenied(_("You act for no organisation in this municipality."))
    return chosen


@login_required
def activity(request: HttpRequest, municipality: str, pk: int) -> HttpResponse:
    place = _place(request, municipality)
    found = get_object_or_404(loggable(request.user, place), pk=pk)
    return render(
        request,
        "followup/activity.html",
        {
            "municipality": place,
            "activity": found,
            "progress": progress([found], timezone.localdate())[0],
            "entries": found.log.select_related("area", "organisation"),
            "problem": traceability.problem_of(found),
            "may_edit_indicators": holds_role(request.user, place.pk, *EDIT_FOLLOWUP),
        },
    )
