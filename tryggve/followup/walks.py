"""Safety walks (trygghetsvandringar): plan, record findings and measures, the protocol, the
measures per responsible organisation, repeat walks, and the public list of what was done."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from tryggve.core.access import acting_user
from tryggve.core.areas import place_names
from tryggve.core.files import CSV, attachment, csv_bytes, excel_csv_response
from tryggve.core.maps import map_settings
from tryggve.core.models import Municipality
from tryggve.core.numbers import whole_number
from tryggve.core.photos import thumbnail
from tryggve.inputs.models import participant_counts

from .models import Finding, Measure, SafetyWalk
from .place_findings import publishes
from .views import _place, loggable
from .walk_forms import FindingForm, MeasureForm, MeasureStatusForm, RevisitForm, WalkForm


@login_required
def walks(request: HttpRequest, municipality: str) -> HttpResponse:
    place = _place(request, municipality)
    found = SafetyWalk.objects.filter(municipality=place).select_related("area")
    return render(request, "followup/walks.html", {"municipality": place, "walks": found})


@login_required
def new_walk(request: HttpRequest, municipality: str) -> HttpResponse:
    place = _place(request, municipality)
    form = WalkForm(request.POST or None, municipality=place, activities=loggable(request.user, place))
    if request.method == "POST" and form.is_valid():
        walk = form.save(commit=False)
        walk.municipality = place
        walk.planned_by = acting_user(request.user)
        walk.save()
        messages.success(request, _("The walk is planned."))
        return redirect("followup:walk", municipality=place.slug, pk=walk.pk)
    return render(
        request, "followup/new_walk.html", {"municipality": place, "form": form, "map": map_settings(place)}
    )


def _walk(request: HttpRequest, municipality: str, pk: int) -> tuple[Municipality, SafetyWalk]:
    place = _place(request, municipality)
    return place, get_object_or_404(
        SafetyWalk.objects.select_related("area", "repeat_of"), pk=pk, municipality=place
    )


FORMS = {"finding", "measure", "status", "revisit", "walked", "protocol"}


@login_required
def walk(request: HttpRequest, municipality: str, pk: int) -> HttpResponse:
    place, found = _walk(request, municipality, pk)
    action = request.POST.get("form", "")
    if request.method == "POST" and action not in FORMS:
        raise Http404
    forms: dict[str, Any] = {
        "finding": FindingForm(
            request.POST if action == "finding" else None,
            request.FILES if action == "finding" else None,
            places=place_names(place.pk),
        ),
        "measure": MeasureForm(request.POST if action == "measure" else None, walk=found),
        "revisit": RevisitForm(request.POST if action == "revisit" else None, walk=found),
    }
    if request.method == "POST" and _handle(request, found, action, forms):
        return redirect("followup:walk", municipality=place.slug, pk=found.pk)
    return render(
        request,
        "followup/walk.html",
        {
            "municipality": place,
            "walk": found,
            "findings": _findings(found),
            "revisits": found.revisits.select_related("finding"),
            "earlier": _findings(found.repeat_of) if found.repeat_of else [],
            "forms": forms,
            "publishes": publishes(request, found),
            "map": map_settings(place),
            "walk_map": {
                "route": found.route_line,
                "findings": [
                    {"lat": f.latitude, "lng": f.longitude, "label": f"{f.get_kind_display()}: {f.place}"}
                    for f in found.findings.all()
                    if f.latitude is not None and f.longitude is not None
                ],
            },
        },
    )


def _findings(walk: SafetyWalk) -> list[Finding]:
    measures = Prefetch("measures", queryset=Measure.objects.select_related("organisation"))
    return list(walk.findings.prefetch_related(measures))


def _handle(request: HttpRequest, walk: SafetyWalk, action: str, forms: dict[str, Any]) -> bool:
    """Save what the POST asks for; False when its form has errors to show."""
    if action == "walked":
        walk.status = SafetyWalk.Status.WALKED
        walk.save(update_fields=["status"])
        messages.success(request, _("The walk is marked as walked."))
        return True
    if action == "protocol":
        walk.status, walk.protocol_on = SafetyWalk.Status.PROTOCOL, timezone.localdate()
        walk.save(update_fields=["status", "protocol_on"])
        messages.success(request, _("The protocol is done; it lists the chosen and the rejected measures."))
        return True
    if action == "status":
        # A tampered id (empty, not a number, thousands of digits) finds nothing, like an unknown one.
        posted = request.POST.get("measure", "")
        measure = get_object_or_404(Measure, pk=whole_number(posted) or 0, finding__walk=walk)
        form = MeasureStatusForm(request.POST, instance=measure, prefix=f"m{measure.pk}")
        if not form.is_valid():
            messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
            return True
        form.save()
        messages.success(request, _("The measure is updated."))
        return True
    form = forms[action]
    if not form.is_valid():
        return False
    saved = form.save(commit=False)
    if action in ("finding", "revisit"):
        saved.walk = walk
    saved.save()
    messages.success(request, _("Saved."))
    return True


@login_required
def protocol(request: HttpRequest, municipality: str, pk: int) -> HttpResponse:
    place, found = _walk(request, municipality, pk)
    findings = _findings(found)
    measures = [m for f in findings for m in f.measures.all()]
    return render(
        request,
        "followup/protocol.html",
        {
            "municipality": place,
            "walk": found,
            "findings": findings,
            "chosen": [m for m in measures if m.status != Measure.Status.REJECTED],
            "rejected": [m for m in measures if m.status == Measure.Status.REJECTED],
            "safe_places": [f for f in findings if f.kind == Finding.Kind.SAFE_PLACE],
            "participants": participant_counts(found.participants),
        },
    )


def _measures(request: HttpRequest, municipality: str, pk: int) -> tuple[SafetyWalk, str, Any]:
    """The walk, the organisation asked for (`?organisation=slug`, or empty for all) and its measures."""
    found = _walk(request, municipality, pk)[1]
    measures = Measure.objects.filter(finding__walk=found).select_related("finding", "organisation")
    organisation = request.GET.get("organisation")
    if organisation:
        measures = measures.filter(organisation__slug=organisation)
    return found, organisation or "", measures


@login_required
def measures_csv(request: HttpRequest, municipality: str, pk: int) -> HttpResponse:
    """The walk's measures, for one responsible organisation (`?organisation=slug`) or all."""
    found, organisation, measures = _measures(request, municipality, pk)
    header = [
        "organisation",
        "finding",
        "place",
        "description",
        "measure",
        "due",
        "status",
        "reason",
        "done_on",
    ]
    return attachment(
        csv_bytes(header, (_measure_row(m) for m in measures)),
        CSV,
        f"trygghetsvandring-{found.walk_on}-{organisation or 'alla'}.csv",
    )


@login_required
def measures_excel(request: HttpRequest, municipality: str, pk: int) -> HttpResponseBase:
    """The same measures for Swedish Excel: headers and status in the reader's language."""
    found, organisation, measures = _measures(request, municipality, pk)
    header = [
        pgettext("download column", "Responsible organisation"),
        pgettext("download column", "Finding"),
        pgettext("download column", "Place"),
        pgettext("download column", "Description"),
        pgettext("download column", "Measure"),
        pgettext("download column", "Due"),
        pgettext("download column", "Status"),
        pgettext("download column", "Reason for rejecting"),
        pgettext("download column", "Done on"),
    ]
    rows = ([*_measure_row(m)[:5], m.due, m.get_status_display(), m.reason, m.done_on] for m in measures)
    return excel_csv_response(
        f"trygghetsvandring-{found.walk_on}-{organisation or 'alla'}-excel.csv", header, rows
    )


def _measure_row(m: Measure) -> list[Any]:
    texts = (m.organisation, m.finding.get_kind_display(), m.finding.place, m.finding.description, m.action)
    return [str(text) for text in texts] + [
        m.due or "",
        m.status,
        m.reason,
        m.done_on or "",
    ]


@login_required
def photo_thumbnail(request: HttpRequest, municipality: str, pk: int, finding: int) -> HttpResponse:
    """A small copy of a finding's photo for the walk's staff page (the photo itself is linked)."""
    walk = _walk(request, municipality, pk)[1]
    found = get_object_or_404(Finding, pk=finding, walk=walk)
    if not found.photo:
        raise Http404
    response = HttpResponse(thumbnail(found.photo), content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=3600"
    return response


def public_walks(request: HttpRequest, municipality: str) -> HttpResponse:
    """What residents see: walks that took place, their findings and what was done about them."""
    place = get_object_or_404(Municipality, slug=municipality)
    found = (
        SafetyWalk.objects.filter(municipality=place)
        .exclude(status=SafetyWalk.Status.PLANNED)
        .select_related("area")
        .prefetch_related(
            Prefetch("findings", queryset=Finding.objects.prefetch_related("measures__organisation"))
        )
    )
    return render(request, "followup/public_walks.html", {"municipality": place, "walks": found})
