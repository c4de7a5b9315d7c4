"""A resident's place report becomes a measure of the action plan: an internal activity of a
promise being written (a draft, or one in review), linked to the report (`Activity.place_reports`)
and then given its plan in the promise's editor. Internal measures are never public, so nothing
of the report reaches the promise's public pages.

For the analysts who moderate the report and write the promise (`MODERATE_PLACE_REPORTS`,
`WRITE_PROMISES` of one of its parties).
"""

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tryggve.core.areas import place_names
from tryggve.core.forms import limit_choices
from tryggve.core.models import Municipality
from tryggve.core.scrub import scrub
from tryggve.inputs import place_actions
from tryggve.inputs.models import PlaceReport

from .editor import may_write, writes_for
from .models import Activity, Promise


def _writable(request: HttpRequest, place: Municipality) -> QuerySet[Promise]:
    """The promises of the municipality the user may still change: drafts and those in review
    of which they write for a party."""
    organisations = writes_for(request, place)
    editable = Promise.objects.filter(municipality=place, status__in=Promise.EDITABLE_STATUSES)
    ids = [promise.pk for promise in editable if organisations is None or may_write(promise, organisations)]
    return Promise.objects.filter(pk__in=ids).select_related("cycle").order_by("-cycle__year", "-revision")


class MeasureFromReportForm(forms.Form):
    promise: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=Promise.objects.none(), label=gettext_lazy("Promise")
    )
    title = forms.CharField(label=gettext_lazy("Title of the measure"), max_length=200)
    description = forms.CharField(
        label=gettext_lazy("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, promises: QuerySet[Promise], places: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.places = places
        limit_choices(self, promise=promises)

    def clean_title(self) -> str:
        return scrub(self.cleaned_data["title"], self.places)

    def clean_description(self) -> str:
        return scrub(self.cleaned_data["description"], self.places)


@login_required
def measure_from_report(request: HttpRequest, municipality: str, report: int) -> HttpResponse:
    place = get_object_or_404(Municipality, slug=municipality)
    organisations = writes_for(request, place)
    if organisations is not None and not organisations:
        raise PermissionDenied
    found = get_object_or_404(place_actions.moderated(request.user, place).select_related("area"), pk=report)
    promises = _writable(request, place)
    refused = not found.public
    text = found.public_text if found.approved else found.description
    form = MeasureFromReportForm(
        request.POST if request.method == "POST" and not refused else None,
        promises=promises,
        places=place_names(place.pk),
        initial={
            # The area, not the resident's words: a measure's title is public once it is ticked so.
            "title": f"{found.get_kind_display()}: {found.area}",
            "description": text,
            "promise": promises.first(),
        },
    )
    if request.method == "POST" and not refused and form.is_valid():
        activity = _create(found, form.cleaned_data)
        messages.success(
            request,
            _("“%(title)s” is an internal measure of the promise: give it its plan.")
            % {"title": activity.title},
        )
        return redirect(reverse("promises:activity", args=[place.slug, activity.promise_id, activity.pk]))
    if refused:
        messages.error(request, _("A hidden report or a duplicate cannot become a measure."))
    return render(
        request,
        "promises/measure_from_report.html",
        {"municipality": place, "report": found, "form": form, "refused": refused},
        status=400 if refused or form.errors else 200,
    )


@transaction.atomic
def _create(report: PlaceReport, data: dict[str, Any]) -> Activity:
    promise: Promise = data["promise"]
    highest = promise.activities.aggregate(Max("order"))["order__max"]
    activity = Activity.objects.create(
        promise=promise,
        title_sv=data["title"],
        description_sv=data["description"],
        public=False,
        planned_quantity=1,
        unit=Activity.Unit.MEASURES,
        per=Activity.Per.PERIOD,
        order=0 if highest is None else highest + 1,
    )
    activity.areas.set([report.area])
    if report.organisation_id is not None:
        activity.responsible.set([report.organisation_id])
    activity.place_reports.add(report)
    return activity


# --- What the report's page shows (registered with inputs.place_actions) ----------------------


def became(request: HttpRequest, report: PlaceReport) -> list[place_actions.Link]:
    organisations = writes_for(request, report.municipality)
    if organisations is not None and not organisations:
        return []
    found = report.activities.select_related("promise__cycle")  # type: ignore[attr-defined]
    return [
        place_actions.Link(
            _("An internal measure of the promise %(year)s: %(title)s")
            % {"year": activity.promise.cycle.year, "title": activity.title},
            reverse("promises:promise", args=[report.municipality.slug, activity.promise_id]) + "#internal",
        )
        for activity in found
    ]


def offers(request: HttpRequest, report: PlaceReport) -> list[place_actions.Link]:
    if not _writable(request, report.municipality).exists():
        return []
    url = reverse("promises:measure_from_report", args=[report.municipality.slug, report.pk])
    return [place_actions.Link(_("Make it a measure of the action plan"), url)]
