"""Staff pages for the inputs: EST incident reports and their weekly, quarterly and yearly
pictures, and dialogues. Every page is scoped to the areas the user's roles cover, and every
view of raw reports or dialogues is written to the audit log."""

from datetime import date, timedelta
from typing import Any, NamedTuple

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mass_mail
from django.core.paginator import Paginator
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from tryggve.core import audit, notices
from tryggve.core.access import acting_user, areas_for, holds_role, memberships
from tryggve.core.areas import nearest_landmark, place_names
from tryggve.core.files import CSV, attachment, csv_bytes, excel_csv_response, figure
from tryggve.core.maps import map_settings
from tryggve.core.models import Area, AuditEntry, Membership, Municipality, Organisation, StaffEmail
from tryggve.core.numbers import whole_number
from tryggve.core.roles import FILE_INCIDENT_REPORTS, MODERATE_PLACE_REPORTS, RECORD_DIALOGUES, RUN_EST

from . import est, summaries
from .forms import DialogueForm, ImportForm, IncidentForm, MeetingForm, PriorityForm, RedactForm
from .incident_import import import_incidents
from .models import Incident, QuarterPriority, WeeklyMeeting, participant_counts

Role = Membership.Role
# The organisation a report is filed for: the user's as a partner reporter before their analyst's
# (both roles of FILE_INCIDENT_REPORTS, in the order they are preferred).
FILED_FOR = (Role.PARTNER_REPORTER, Role.ANALYST)


def scope(request: HttpRequest, municipality: str, *roles: str) -> tuple[Municipality, QuerySet[Area]]:
    """The municipality and the areas the user may work with in it in one of the roles."""
    place = get_object_or_404(Municipality, slug=municipality)
    areas = areas_for(request.user, place, *roles)
    if not areas.exists():
        raise PermissionDenied
    return place, areas


def _runs_est(request: HttpRequest, place: Municipality) -> bool:
    return holds_role(request.user, place.pk, *RUN_EST)


def _require_est(request: HttpRequest, place: Municipality) -> None:
    if not _runs_est(request, place):
        raise PermissionDenied


def _organisation(request: HttpRequest, place: Municipality, *roles: str) -> Organisation:
    """The organisation the user acts for here: that of the first of the roles they hold."""
    held = {
        m.role: m.organisation
        for m in memberships(request.user, *roles).filter(municipality=place).select_related("organisation")
    }
    for role in roles:
        if role in held:
            return held[role]
    raise PermissionDenied(_("You act for no organisation in this municipality."))


# --- Incident reports -------------------------------------------------------------------------


@login_required
def incidents(request: HttpRequest, municipality: str) -> HttpResponse:
    place, areas = scope(request, municipality, *FILE_INCIDENT_REPORTS)
    found = Incident.objects.filter(municipality=place, area__in=areas).select_related(
        "category", "area", "organisation"
    )
    page = Paginator(found, 50).get_page(request.GET.get("sida"))
    audit.record(request, place, AuditEntry.Action.VIEW, _("incident reports, list"), len(page.object_list))
    today = timezone.localdate().isocalendar()
    return render(
        request,
        "inputs/incidents.html",
        {
            "municipality": place,
            "page": page,
            "this_week": (today.year, today.week),
            "this_quarter": (today.year, (timezone.localdate().month - 1) // 3 + 1),
            "is_analyst": _runs_est(request, place),
        },
    )


@login_required
def new_incident(request: HttpRequest, municipality: str) -> HttpResponse:
    place, areas = scope(request, municipality, *FILE_INCIDENT_REPORTS)
    form = IncidentForm(request.POST or None, municipality=place, areas=areas)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                _save_report(request, place, data)
        except IntegrityError:
            pass  # the same form sent again while the first was being saved: it is saved once
        messages.success(request, _("Thank you, the report is saved. You can file another one below."))
        return redirect("inputs:new_incident", municipality=place.slug)
    return render(
        request,
        "inputs/new_incident.html",
        {"municipality": place, "form": form, "map": map_settings(place)},
    )


def _save_report(request: HttpRequest, place: Municipality, data: dict[str, Any]) -> None:
    """Save a filled-in report once: a form sent again (same submission id) is already saved."""
    if Incident.objects.filter(submission=data["submission"]).exists():
        return
    Incident.objects.create(
        submission=data["submission"],
        municipality=place,
        category=data["category"],
        happened_at=data["happened_at"],
        area=data["area"],
        latitude=data["lat"],
        longitude=data["lng"],
        address=data["address"],
        description=data["description"],
        organisation=_organisation(request, place, *FILED_FOR),
        reported_by=acting_user(request.user),
    )


@login_required
def incident(request: HttpRequest, municipality: str, pk: int) -> HttpResponse:
    place, areas = scope(request, municipality, *FILE_INCIDENT_REPORTS)
    report = get_object_or_404(
        Incident.objects.select_related("category", "area", "organisation"),
        pk=pk,
        municipality=place,
        area__in=areas,
    )
    is_analyst = _runs_est(request, place)
    form = RedactForm(
        request.POST or None,
        initial={"description": report.description, "address": report.address},
        places=place_names(place.pk),
    )
    if request.method == "POST":
        _require_est(request, place)
        if form.is_valid():
            report.description = form.cleaned_data["description"]
            report.address = form.cleaned_data["address"]
            report.redacted = True
            report.save(update_fields=["description", "address", "redacted"])
            audit.record(
                request, place, AuditEntry.Action.REDACT, _("incident report %(id)s") % {"id": report.pk}, 1
            )
            messages.success(request, _("The report is redacted."))
            return redirect("inputs:incident", municipality=place.slug, pk=report.pk)
    audit.record(request, place, AuditEntry.Action.VIEW, _("incident report %(id)s") % {"id": report.pk}, 1)
    return render(
        request,
        "inputs/incident.html",
        {
            "municipality": place,
            "report": report,
            "form": form,
            "is_analyst": is_analyst,
            # Words for the position, beside its coordinates: the nearest named place.
            "landmark": nearest_landmark(place.landmarks.all(), report.latitude, report.longitude)
            if report.latitude is not None and report.longitude is not None
            else None,
        },
    )


@login_required
def import_reports(request: HttpRequest, municipality: str) -> HttpResponse:
    """A partner uploads reports exported from its own system; all or nothing."""
    place, areas = scope(request, municipality, *FILE_INCIDENT_REPORTS)
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        raw = upload.read(MAX_UPLOAD + 1)
        if len(raw) > MAX_UPLOAD:
            form.add_error("file", _("The file is larger than 10 MB; split it."))
        else:
            text = raw.decode("utf-8-sig") if _is_utf8(raw) else raw.decode("cp1252", errors="replace")
            organisation = _organisation(request, place, *FILED_FOR)
            result = import_incidents(text, place, organisation, list(areas))
            if not result.problems:
                # Imported in bulk, so not one entry per report: one for the file.
                audit.record(
                    request, place, AuditEntry.Action.IMPORT, _("incident reports imported"), result.imported
                )
                messages.success(
                    request,
                    _("%(imported)s reports imported, %(unchanged)s already there.")
                    % {"imported": result.imported, "unchanged": result.unchanged},
                )
                return redirect("inputs:incidents", municipality=place.slug)
    return render(request, "inputs/import.html", {"municipality": place, "form": form, "result": result})


MAX_UPLOAD = 10 * 1024 * 1024


def _is_utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _week_or_404(year: int, week: int) -> None:
    if not 1 <= week <= 53 or not 2000 <= year <= 2100:
        raise Http404


@login_required
def this_week(request: HttpRequest, municipality: str) -> HttpResponse:
    scope(request, municipality, *FILE_INCIDENT_REPORTS)
    today = timezone.localdate().isocalendar()
    return redirect("inputs:week", municipality=municipality, year=today.year, week=today.week)


@login_required
def week(request: HttpRequest, municipality: str, year: int, week: int) -> HttpResponse:
    _week_or_404(year, week)
    place, areas = scope(request, municipality, *FILE_INCIDENT_REPORTS)
    picture = est.week(place, list(areas.order_by("name")), year, week)
    meeting = WeeklyMeeting.objects.filter(municipality=place, week=picture.monday).first()
    is_analyst = _runs_est(request, place)
    form = MeetingForm(
        request.POST or None,
        initial={"decisions": meeting.decisions, "feedback": meeting.feedback} if meeting else None,
    )
    if request.method == "POST":
        _require_est(request, place)
        if form.is_valid():
            sent = _save_meeting(request, place, picture.monday, form.cleaned_data)
            messages.success(
                request,
                _("The meeting's decisions are saved; the feedback went to %(n)s reporters.") % {"n": sent},
            )
            return redirect("inputs:week", municipality=place.slug, year=year, week=week)
    reports = est.week_reports(place, list(areas), picture.monday)
    # Beside the incidents, the residents' place reports: counts for everyone who sees the week,
    # the reports themselves for those who moderate them.
    moderated = areas_for(request.user, place, *MODERATE_PLACE_REPORTS)
    place_reports = est.week_place_reports(place, moderated, picture.monday)
    audit.record(
        request,
        place,
        AuditEntry.Action.VIEW,
        _("incident reports, week %(week)s") % {"week": week},
        len(reports),
    )
    if place_reports:
        audit.record(
            request,
            place,
            AuditEntry.Action.VIEW,
            _("place reports, week %(week)s") % {"week": week},
            len(place_reports),
        )
    return render(
        request,
        "inputs/week.html",
        {
            "municipality": place,
            "picture": picture,
            "reports": reports,
            "places": est.place_week(place, list(areas.order_by("name")), picture.monday),
            "place_reports": place_reports,
            "points": [
                {
                    "lat": r.latitude,
                    "lng": r.longitude,
                    "label": f"{r.category} {timezone.localtime(r.happened_at):%d/%m %H:%M}",
                }
                for r in reports
                if r.latitude is not None
            ],
            "map": map_settings(place),
            "meeting": meeting,
            "form": form,
            "is_analyst": is_analyst,
            "previous": picture.previous.isocalendar(),
            "next": picture.next.isocalendar(),
        },
    )


@transaction.atomic
def _save_meeting(request: HttpRequest, place: Municipality, monday: date, data: dict[str, Any]) -> int:
    meeting, _created = WeeklyMeeting.objects.update_or_create(
        municipality=place,
        week=monday,
        defaults={
            "decisions": data["decisions"],
            "feedback": data["feedback"],
            "recorded_by": acting_user(request.user),
        },
    )
    if not data["feedback"]:
        return 0
    reported = Incident.objects.filter(
        municipality=place,
        happened_at__date__gte=monday,
        happened_at__date__lt=monday + timedelta(weeks=1),
    ).values("reported_by")
    reporters = notices.wanting(User.objects.filter(pk__in=reported), StaffEmail.EST_FEEDBACK)
    addresses = sorted(set(reporters.values_list("email", flat=True)))
    subject = _("Feedback from the EST meeting, week %(week)s") % {"week": monday.isocalendar().week}
    link = request.build_absolute_uri(reverse("inputs:week", args=[place.slug, *monday.isocalendar()[:2]]))
    body = f"{data['feedback']}\n\n{_('Decisions')}:\n{data['decisions']}\n\n{link}\n"
    send_mass_mail([(subject, body, None, [address]) for address in addresses])
    meeting.feedback_sent_to = len(addresses)
    meeting.save(update_fields=["feedback_sent_to"])
    return len(addresses)


class WeekRow(NamedTuple):
    """One line of the week's downloads: an area's count of one category (incidents) or kind
    (place reports), against its usual level."""

    area: str
    category: str
    code: str
    week: str
    reports: int
    usual: Any  # a float; written as the file's format wants it
    last_year: int
    source: str  # "incident" or "place_report"


def _week_rows(
    request: HttpRequest, municipality: str, year: int, week: int
) -> tuple[Municipality, list[WeekRow]]:
    """The week's counts as download rows: the incidents per area and category, then the
    residents' place reports per area and kind, as the week's page shows them beside each other."""
    _week_or_404(year, week)
    place, areas = scope(request, municipality, *FILE_INCIDENT_REPORTS)
    ordered = list(areas.order_by("name"))
    picture = est.week(place, ordered, year, week)
    places = est.place_week(place, ordered, picture.monday)
    rows = [
        WeekRow(
            str(row.area),
            line.label,
            line.key,
            f"{year}-W{week:02d}",
            line.now,
            line.usual,
            line.last_year,
            source,
        )
        for source, counted in (("incident", picture.areas), ("place_report", places.areas))
        for row in counted
        for line in row.categories
    ]
    return place, rows


@login_required
def week_csv(request: HttpRequest, municipality: str, year: int, week: int) -> HttpResponse:
    place, rows = _week_rows(request, municipality, year, week)
    lines = (row._replace(usual=f"{row.usual:g}") for row in rows)
    header = [
        "area",
        "category",
        "category_code",
        "week",
        "reports",
        "usual",
        "same_week_last_year",
        "source",
    ]
    return attachment(csv_bytes(header, lines), CSV, f"est-{place.slug}-{year}-v{week:02d}.csv")


@login_required
def week_excel(request: HttpRequest, municipality: str, year: int, week: int) -> HttpResponseBase:
    """The week's counts for Swedish Excel: the same rows as `week_csv`, the source in words."""
    place, rows = _week_rows(request, municipality, year, week)
    sources = {
        "incident": pgettext("download", "Incident"),
        "place_report": pgettext("download", "Place report"),
    }
    lines = (row._replace(usual=figure(float(row.usual), 2), source=sources[row.source]) for row in rows)
    header = [
        pgettext("download column", "Area"),
        pgettext("download column", "Category"),
        pgettext("download column", "Category code"),
        pgettext("download column", "Week"),
        pgettext("download column", "Reports"),
        pgettext("download column", "Average of the 4 weeks before"),
        pgettext("download column", "Same week last year"),
        pgettext("download column", "Source"),
    ]
    return excel_csv_response(f"est-{place.slug}-{year}-v{week:02d}-excel.csv", header, lines)


@login_required
def quarter(request: HttpRequest, municipality: str, year: int, quarter: int) -> HttpResponse:
    if not 1 <= quarter <= 4:
        raise Http404
    place, areas = scope(request, municipality, *FILE_INCIDENT_REPORTS)
    analysis = est.quarter(place, list(areas.order_by("name")), year, quarter)
    next_year, next_number = est.next_quarter(year, quarter)
    chosen = QuarterPriority.objects.filter(municipality=place, year=next_year, quarter=next_number).first()
    initial = (
        {"areas": list(chosen.areas.all()), "reasoning": chosen.reasoning}
        if chosen
        else {"areas": analysis.suggested}
    )
    form = PriorityForm(request.POST or None, areas=areas, initial=initial)
    if request.method == "POST":
        _require_est(request, place)
        if form.is_valid():
            with transaction.atomic():
                priority, _created = QuarterPriority.objects.update_or_create(
                    municipality=place,
                    year=next_year,
                    quarter=next_number,
                    defaults={
                        "reasoning": form.cleaned_data["reasoning"],
                        "decided_by": acting_user(request.user),
                    },
                )
                priority.areas.set(form.cleaned_data["areas"])
            messages.success(request, _("The priorities for the next quarter are saved."))
            return redirect("inputs:quarter", municipality=place.slug, year=year, quarter=quarter)
    return render(
        request,
        "inputs/quarter.html",
        {
            "municipality": place,
            "analysis": analysis,
            "next_quarter": (next_year, next_number),
            "previous_quarter": est.previous_quarter(year, quarter),
            "chosen": chosen,
            "form": form,
            "is_analyst": _runs_est(request, place),
        },
    )


@login_required
def year_summary(request: HttpRequest, municipality: str, year: int) -> HttpResponse:
    place, areas = scope(request, municipality, *FILE_INCIDENT_REPORTS)
    return render(
        request,
        "inputs/year.html",
        {
            "municipality": place,
            "summary": est.year_summary(place, list(areas.order_by("name")), year),
            "priorities": QuarterPriority.objects.filter(municipality=place, year=year)
            .prefetch_related("areas")
            .order_by("quarter"),
            "meetings": WeeklyMeeting.objects.filter(municipality=place, week__year=year).count(),
        },
    )


# --- Dialogues --------------------------------------------------------------------------------


def _year(request: HttpRequest) -> int:
    value = whole_number(request.GET.get("ar"), digits=4)
    return value if value is not None and 2000 <= value <= 2100 else timezone.localdate().year


@login_required
def dialogues(request: HttpRequest, municipality: str) -> HttpResponse:
    place, areas = scope(request, municipality, *RECORD_DIALOGUES)
    year = _year(request)
    found = list(
        summaries.dialogues_in(place, areas, year)
        .select_related("area")
        .prefetch_related("topics", "organisers")
    )
    audit.record(request, place, AuditEntry.Action.VIEW, _("dialogues %(year)s") % {"year": year}, len(found))
    return render(
        request,
        "inputs/dialogues.html",
        {
            "municipality": place,
            "year": year,
            "dialogues": found,
            "topics": summaries.topic_counts(place, year, areas=areas, internal=True),
            "years": summaries.dialogue_years(place),
        },
    )


@login_required
def new_dialogue(request: HttpRequest, municipality: str) -> HttpResponse:
    place, areas = scope(request, municipality, *RECORD_DIALOGUES)
    form = DialogueForm(request.POST or None, municipality=place, areas=areas)
    if request.method == "POST" and form.is_valid():
        dialogue = form.save(commit=False)
        dialogue.municipality = place
        dialogue.recorded_by = acting_user(request.user)
        dialogue.save()
        form.save_m2m()
        messages.success(request, _("The dialogue is recorded."))
        return redirect("inputs:dialogue", municipality=place.slug, pk=dialogue.pk)
    return render(request, "inputs/new_dialogue.html", {"municipality": place, "form": form})


@login_required
def dialogue(request: HttpRequest, municipality: str, pk: int) -> HttpResponse:
    place, areas = scope(request, municipality, *RECORD_DIALOGUES)
    found = get_object_or_404(
        summaries.dialogues_in(place, areas).prefetch_related("topics", "organisers"), pk=pk
    )
    audit.record(request, place, AuditEntry.Action.VIEW, _("dialogue %(id)s") % {"id": found.pk}, 1)
    return render(
        request,
        "inputs/dialogue.html",
        {
            "municipality": place,
            "dialogue": found,
            "participants": participant_counts(found.participants),
        },
    )
