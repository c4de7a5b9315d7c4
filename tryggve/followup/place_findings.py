"""Residents' place reports and safety walks: a report becomes a finding of a walk, and a walk's
finding is published as a place report, so residents follow it as they follow their own.

Either way the finding and the report are linked (`Finding.place_report`, one each way), so a
place is never counted twice. Both are the place report moderator's to do (the coordinator:
`core.roles.MODERATE_PLACE_REPORTS` for the report's or the walk's area) who also plans walks
(`LOG_ACTIVITIES`). The report's photo stays with the report: it is not copied to the walk.
"""

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tryggve.core.access import areas_for, holds_role
from tryggve.core.areas import area_at, place_names
from tryggve.core.forms import limit_choices
from tryggve.core.models import Area, Municipality
from tryggve.core.roles import LOG_ACTIVITIES, MODERATE_PLACE_REPORTS
from tryggve.core.scrub import scrub
from tryggve.inputs import place_actions
from tryggve.inputs.models import PlaceReport

from .models import Finding, Measure, SafetyWalk
from .views import _place

# --- A report becomes a finding ---------------------------------------------------------------


class FindingFromReportForm(forms.Form):
    walk = forms.ModelChoiceField(
        queryset=SafetyWalk.objects.none(),
        label=gettext_lazy("Safety walk"),
        help_text=gettext_lazy("Walks whose protocol is not yet done."),
    )
    place = forms.CharField(
        label=gettext_lazy("Place"),
        max_length=200,
        help_text=gettext_lazy("E.g. the footpath behind the school."),
    )
    description = forms.CharField(
        label=gettext_lazy("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, report: PlaceReport, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.places = place_names(report.municipality_id)
        walks = SafetyWalk.objects.filter(municipality=report.municipality).exclude(
            status=SafetyWalk.Status.PROTOCOL
        )
        limit_choices(self, walk=walks.select_related("area").order_by("-walk_on", "-pk"))

    def clean_place(self) -> str:
        return scrub(self.cleaned_data["place"], self.places)

    def clean_description(self) -> str:
        return scrub(self.cleaned_data["description"], self.places)


def _moderated_report(request: HttpRequest, place: Municipality, pk: int) -> PlaceReport:
    """The report, if the user moderates it (404 for another municipality's or one out of reach)."""
    return get_object_or_404(
        place_actions.moderated(request.user, place).select_related("area", "municipality"), pk=pk
    )


@login_required
def finding_from_report(request: HttpRequest, municipality: str, report: int) -> HttpResponse:
    place = _place(request, municipality)
    found = _moderated_report(request, place, report)
    existing = Finding.objects.filter(place_report=found).select_related("walk").first()
    if existing is not None:
        messages.info(request, _("The report is already a finding of a safety walk."))
        return redirect(reverse("followup:walk", args=[place.slug, existing.walk_id]) + f"#f{existing.pk}")
    refused = not found.public
    initial = {
        # The walk's findings are public: the resident's words about the place are not.
        "place": str(found.area),
        "description": found.public_text if found.approved else found.description,
    }
    form = FindingFromReportForm(
        request.POST if request.method == "POST" and not refused else None, report=found, initial=initial
    )
    if request.method == "POST" and not refused and form.is_valid():
        walk = form.cleaned_data["walk"]
        with transaction.atomic():
            finding = Finding.objects.create(
                walk=walk,
                kind=found.kind,
                place=form.cleaned_data["place"],
                latitude=found.latitude,
                longitude=found.longitude,
                description=form.cleaned_data["description"],
                place_report=found,
            )
        messages.success(request, _("The report is now a finding of the walk."))
        return redirect(reverse("followup:walk", args=[place.slug, walk.pk]) + f"#f{finding.pk}")
    if refused:
        messages.error(request, _("A hidden report or a duplicate cannot become a finding."))
    return render(
        request,
        "followup/finding_from_report.html",
        {"municipality": place, "report": found, "form": form, "refused": refused},
        status=400 if refused or form.errors else 200,
    )


# --- A finding is published as a place report -------------------------------------------------


def publishes(request: HttpRequest, walk: SafetyWalk) -> bool:
    """Whether the user may publish the walk's findings as place reports: its area's moderator."""
    return (
        areas_for(request.user, walk.municipality, *MODERATE_PLACE_REPORTS).filter(pk=walk.area_id).exists()
    )


def _case(finding: Finding) -> dict[str, Any]:
    """The report's case as the finding's measures tell it: who acts, the status and the answer."""
    measures = list(finding.measures.select_related("organisation"))
    chosen = [m for m in measures if m.status != Measure.Status.REJECTED]
    if chosen:
        done = all(m.status == Measure.Status.DONE for m in chosen)
        dues = [m.due for m in chosen if m.due]
        return {
            "organisation": chosen[0].organisation,
            "due": min(dues) if dues else None,
            "status": PlaceReport.Status.DONE if done else PlaceReport.Status.PLANNED,
            "answer": "\n".join(f"{m.organisation}: {m.action}" for m in chosen),
        }
    if measures:
        return {
            "organisation": measures[0].organisation,
            "status": PlaceReport.Status.NOT_DONE,
            "reason": measures[0].reason,
        }
    return {"status": PlaceReport.Status.RECEIVED}


@login_required
def publish_finding(request: HttpRequest, municipality: str, pk: int, finding: int) -> HttpResponse:
    """Publish one of the walk's findings as a place report (POST), once."""
    place = _place(request, municipality)
    walk = get_object_or_404(
        SafetyWalk.objects.select_related("area", "municipality"), pk=pk, municipality=place
    )
    found = get_object_or_404(Finding, pk=finding, walk=walk)
    if request.method != "POST":
        raise Http404
    if not publishes(request, walk):
        raise PermissionDenied
    back = reverse("followup:walk", args=[place.slug, walk.pk]) + f"#f{found.pk}"
    if found.place_report_id is not None:
        messages.info(request, _("The finding is already a place report."))
        return redirect(back)
    areas = list(Area.objects.filter(municipality=place))
    located = (
        area_at(areas, found.latitude, found.longitude)
        if found.latitude is not None and found.longitude is not None
        else None
    )
    with transaction.atomic():
        report = PlaceReport.objects.create(
            municipality=place,
            kind=found.kind,
            area=located or walk.area,
            latitude=found.latitude,
            longitude=found.longitude,
            place=found.place,
            description=found.description,
            received_on=walk.walk_on,
            # Written by the walk's staff and scrubbed as it was saved, but published only once a
            # moderator approves it on the report's page, as every report's text is.
            public_text=found.description,
            approved=False,
            status_on=timezone.localdate(),
            **_case(found),
        )
        found.place_report = report
        found.save(update_fields=["place_report"])
    messages.success(request, _("The finding is published as a place report."))
    return redirect(back)


# --- What the report's page shows (registered with inputs.place_actions) ----------------------


def became(request: HttpRequest, report: PlaceReport) -> list[place_actions.Link]:
    if not holds_role(request.user, report.municipality_id, *LOG_ACTIVITIES):
        return []
    found = Finding.objects.filter(place_report=report).select_related("walk__area").first()
    if found is None:
        return []
    walk = found.walk
    text = _("A finding of the safety walk in %(area)s on %(day)s") % {
        "area": walk.area,
        "day": date_format(walk.walk_on, "j F Y"),
    }
    url = reverse("followup:walk", args=[report.municipality.slug, walk.pk]) + f"#f{found.pk}"
    return [place_actions.Link(text, url)]


def offers(request: HttpRequest, report: PlaceReport) -> list[place_actions.Link]:
    if not holds_role(request.user, report.municipality_id, *LOG_ACTIVITIES):
        return []
    if Finding.objects.filter(place_report=report).exists():
        return []
    url = reverse("followup:finding_from_report", args=[report.municipality.slug, report.pk])
    return [place_actions.Link(_("Make it a finding of a safety walk"), url)]
