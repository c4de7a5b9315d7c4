"""The activity log for owners: log on a phone, see each activity's progress."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from tryggve.core.access import acting_user, holds_role, memberships
from tryggve.core.models import Municipality
from tryggve.core.roles import LOG_ACTIVITIES, LOG_EVERY_ACTIVITY
from tryggve.promises.models import Activity, Promise

from .forms import LogForm
from .progress import progress


def loggable(user: Any, place: Municipality) -> QuerySet[Activity]:
    """Activities of the municipality's adopted promises the user may log: an analyst every one,
    an activity owner those of the organisations they belong to."""
    found = Activity.objects.filter(promise__municipality=place).exclude(
        promise__status__in=[Promise.Status.DRAFT, Promise.Status.REVIEW, Promise.Status.SUPERSEDED]
    )
    if user.is_superuser or memberships(user, *LOG_EVERY_ACTIVITY).filter(municipality=place).exists():
        return found.select_related("promise__cycle")
    organisations = memberships(user, *LOG_ACTIVITIES).filter(municipality=place).values("organisation")
    return found.filter(responsible__in=organisations).distinct().select_related("promise__cycle")


def _place(request: HttpRequest, municipality: str) -> Municipality:
    place = get_object_or_404(Municipality, slug=municipality)
    if not holds_role(request.user, place.pk, *LOG_ACTIVITIES):
        raise PermissionDenied
    return place


@login_required
def index(request: HttpRequest, municipality: str) -> HttpResponse:
    """The user's activities of the promises running today, with their progress."""
    place = _place(request, municipality)
    today = timezone.localdate()
    running = [
        a
        for a in loggable(request.user, place).prefetch_related("areas")
        if a.first_day <= today <= a.last_day
    ]
    return render(
        request,
        "followup/index.html",
        {"municipality": place, "progress": progress(running, today), "today": today},
    )


@login_required
def log(request: HttpRequest, municipality: str) -> HttpResponse:
    place = _place(request, municipality)
    activities = loggable(request.user, place)
    form = LogForm(request.POST or None, municipality=place, activities=activities)
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
    return render(request, "followup/log.html", {"municipality": place, "form": form})


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
        },
    )
