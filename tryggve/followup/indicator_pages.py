"""An activity's indicators on a staff page of its own (*Mätetal*): how a measure of the action
plan, or any activity of the promise, is measured, with its baseline and target. For the
analysts and administrators who keep the follow-up (`EDIT_FOLLOWUP`, as in the administration);
a figure the baseline year's adopted lägesbild does not have is refused and nothing is saved."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from tryggve.core.access import holds_role
from tryggve.core.forms import error_summary
from tryggve.core.models import Municipality
from tryggve.core.roles import EDIT_FOLLOWUP
from tryggve.promises.models import Activity
from tryggve.situation import references

from .forms import ActivityIndicators


@login_required
def indicators(request: HttpRequest, municipality: str, pk: int) -> HttpResponse:
    place = get_object_or_404(Municipality, slug=municipality)
    if not holds_role(request.user, place.pk, *EDIT_FOLLOWUP):
        raise PermissionDenied
    activity: Activity = get_object_or_404(
        Activity.objects.select_related("promise__cycle", "problem"), pk=pk, promise__municipality=place
    )
    data = request.POST if request.method == "POST" else None
    formset = ActivityIndicators(
        data, instance=activity, prefix="matetal", form_kwargs={"activity": activity}
    )
    if data is not None and formset.is_valid():
        formset.save()
        messages.success(request, _("The indicators are saved."))
        return redirect("followup:indicators", municipality=place.slug, pk=activity.pk)
    return render(
        request,
        "followup/indicators_form.html",
        {
            "municipality": place,
            "activity": activity,
            "formset": formset,
            "catalogue": references.catalogue(place),
            **error_summary(formset),
        },
    )
