"""Residents' place reports: the anonymous form (`report_place`, in every language of the
survey), and the staff pages where the safety coordinator moderates and routes them and the
responsible organisation answers.

The resident's report is stored with nothing that tells who sent it or when beyond the date:
no address, device, account or audit entry (it is written with `bulk_create`, which sends no
signal, so `core.change_log` does not tie it to a logged-in user who happens to send one). The
abuse limit counts the client under a salted daily hash in the cache (`core.abuse`).
"""

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import gettext as _

from tryggve.core import audit, page_cache
from tryggve.core.abuse import client_over_limit
from tryggve.core.access import areas_for, memberships
from tryggve.core.areas import place_names
from tryggve.core.maps import map_settings
from tryggve.core.models import AuditEntry, Municipality
from tryggve.core.numbers import whole_number
from tryggve.core.photos import thumbnail
from tryggve.core.roles import ANSWER_PLACE_REPORTS, MODERATE_PLACE_REPORTS

from . import place_actions, place_followers
from .models import PlaceReport
from .place_forms import CaseForm, HideForm, MergeForm, PlaceReportForm, PublicTextForm, RouteForm
from .poster_links import Preset, asks_for_preset

ABUSE_PURPOSE = "place-report"
# How many reports of the same area a moderator is offered to merge a report with.
MERGE_CANDIDATES = 50


# --- The resident's form ----------------------------------------------------------------------


def _in_every_language(request: HttpRequest) -> None:
    """Residents may report in every language the survey offers (Arabic too)."""
    request.content_languages = [code for code, _name in settings.LANGUAGES]  # type: ignore[attr-defined]


def report_place(request: HttpRequest, municipality: str) -> HttpResponse:
    place = get_object_or_404(Municipality, slug=municipality)
    _in_every_language(request)
    preset = Preset(request.GET, municipality=place) if asks_for_preset(request.GET) else None
    if preset is None and page_cache.reusable(request):
        return _empty_form(request, place)
    form = PlaceReportForm(
        request.POST or None,
        request.FILES or None,
        municipality=place,
        initial=preset.chosen() if preset is not None else None,
    )
    problems = preset.problems() if preset is not None and request.method != "POST" else []
    if request.method == "POST" and form.is_valid():
        if client_over_limit(
            request, ABUSE_PURPOSE, str(place.pk), settings.PLACE_REPORTS_PER_CLIENT_PER_HOUR
        ):
            return render(request, "inputs/place_report_too_many.html", {"municipality": place}, status=429)
        data = form.cleaned_data
        report = PlaceReport(
            municipality=place,
            kind=data["kind"],
            area=data["area"],
            latitude=data["lat"],
            longitude=data["lng"],
            place=data["place"],
            description=data["description"],
            photo=data["photo"] or "",
            received_on=timezone.localdate(),
        )
        with transaction.atomic():
            PlaceReport.objects.bulk_create([report])
            if data["email"]:
                place_followers.follow(report, data["email"])
        response = redirect("inputs:place_report_thanks", municipality=place.slug)
        _remember(response, report, bool(data["email"]))
        return response
    return render(
        request,
        "inputs/report_place.html",
        _form_context(place, form, map_settings(place), problems),
        status=400 if form.errors or problems else 200,
    )


def _form_context(
    place: Municipality, form: PlaceReportForm, map_of_areas: dict[str, str], problems: list[str]
) -> dict[str, Any]:
    return {"municipality": place, "form": form, "map": map_of_areas, "link_problems": problems}


def _empty_form(request: HttpRequest, place: Municipality) -> HttpResponse:
    """Every resident's empty form is the same page, drawn from the municipality with its areas'
    names and its opening hours (the contact block), all in its row by `places_version`, and the
    map's settings (a new tile archive changes them); so a kept page costs no query of its own.
    A poster's preset form is drawn for its own link."""
    map_of_areas = map_settings(place)
    key = (
        "report_place",
        translation.get_language(),
        request.path,
        page_cache.fingerprint(place),
        tuple(sorted(map_of_areas.items())),
    )
    html = page_cache.rendered(
        key,
        lambda: render_to_string(
            "inputs/report_place.html",
            {
                **_form_context(place, PlaceReportForm(municipality=place), map_of_areas, []),
                "csrf_token": page_cache.CSRF_PLACEHOLDER,
            },
            request,
        ),
    )
    return page_cache.with_token(html, request)


# The report's own public page is shown once, on the thanks page after it was sent, from a signed
# cookie that only that page reads and that lasts a quarter of an hour: the address with the
# report's key never passes through a logged URL beside the sender's address, and nothing about
# it is kept on the server.
SENT_COOKIE = "tryggve_place_report"
SENT_SALT = "inputs.place_report_sent"
SENT_SECONDS = 15 * 60


def _remember(response: HttpResponse, report: PlaceReport, follows: bool) -> None:
    response.set_signed_cookie(
        SENT_COOKIE,
        f"{report.pk}{' e' if follows else ''}",
        salt=SENT_SALT,
        max_age=SENT_SECONDS,
        path=response["Location"],
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )


def _remembered(request: HttpRequest, place: Municipality) -> tuple[str, bool] | None:
    """The sent report's public address, and whether its sender follows it by e-mail."""
    value = request.get_signed_cookie(SENT_COOKIE, default=None, salt=SENT_SALT, max_age=SENT_SECONDS)
    key, _space, follows = (value or "").partition(" ")
    number = whole_number(key, digits=19)  # a report's key: 63 random bits
    if number is None:
        return None
    return reverse("public_places:report", args=[place.slug, number]), follows == "e"


def place_report_thanks(request: HttpRequest, municipality: str) -> HttpResponse:
    place = get_object_or_404(Municipality, slug=municipality)
    _in_every_language(request)
    sent = _remembered(request, place)
    response = render(
        request,
        "inputs/place_report_thanks.html",
        {
            "municipality": place,
            "report_url": request.build_absolute_uri(sent[0]) if sent else "",
            "follows": bool(sent and sent[1]),
        },
    )
    # The page holds the sender's own link, read from their cookie: no shared cache may keep it.
    patch_cache_control(response, no_store=True, private=True)
    patch_vary_headers(response, ["Cookie"])
    return response


# --- Staff: who sees which reports --------------------------------------------------------------


def _moderated(request: HttpRequest, place: Municipality) -> QuerySet[PlaceReport]:
    return place_actions.moderated(request.user, place)


def _answered(request: HttpRequest, place: Municipality) -> QuerySet[PlaceReport]:
    """The cases routed to the organisations the user answers for in this municipality; a report
    hidden after it was routed (abuse, a person named) is no longer theirs to read or download."""
    mine = (
        memberships(request.user, *ANSWER_PLACE_REPORTS).filter(municipality=place).values("organisation_id")
    )
    return PlaceReport.objects.filter(municipality=place, organisation__in=mine, hidden=False)


def _visible(request: HttpRequest, place: Municipality) -> QuerySet[PlaceReport]:
    return PlaceReport.objects.filter(
        Q(pk__in=_moderated(request, place).values("pk")) | Q(pk__in=_answered(request, place).values("pk"))
    )


@login_required
def place_reports(request: HttpRequest, municipality: str) -> HttpResponse:
    """The moderator's list: new reports first; `?visa=alla` every one, `?visa=dolda` the hidden."""
    place = get_object_or_404(Municipality, slug=municipality)
    if not areas_for(request.user, place, *MODERATE_PLACE_REPORTS).exists():
        raise PermissionDenied
    shown = request.GET.get("visa", "nya")
    found = _moderated(request, place)
    if shown == "dolda":
        found = found.filter(hidden=True)
    elif shown != "alla":
        shown = "nya"
        found = found.filter(status=PlaceReport.Status.NEW, hidden=False, duplicate_of=None)
    page = Paginator(found.select_related("area", "organisation"), 50).get_page(request.GET.get("sida"))
    audit.record(request, place, AuditEntry.Action.VIEW, _("place reports, list"), len(page.object_list))
    return render(request, "inputs/place_reports.html", {"municipality": place, "page": page, "shown": shown})


@login_required
def place_report_cases(request: HttpRequest, municipality: str) -> HttpResponse:
    """The responsible organisation's cases, open ones first."""
    place = get_object_or_404(Municipality, slug=municipality)
    if not memberships(request.user, *ANSWER_PLACE_REPORTS).filter(municipality=place).exists():
        raise PermissionDenied
    found = _answered(request, place).select_related("area", "organisation")
    open_first = sorted(
        found,
        key=lambda r: (
            r.status in PlaceReport.CLOSED,
            r.due or timezone.localdate(),
            -r.received_on.toordinal(),
        ),
    )
    page = Paginator(open_first, 50).get_page(request.GET.get("sida"))
    audit.record(request, place, AuditEntry.Action.VIEW, _("place report cases, list"), len(page.object_list))
    return render(request, "inputs/place_report_cases.html", {"municipality": place, "page": page})


def _report(request: HttpRequest, municipality: str, pk: int) -> tuple[Municipality, PlaceReport]:
    """A report the user may see: 404 for one of another municipality or outside their reach."""
    place = get_object_or_404(Municipality, slug=municipality)
    report = get_object_or_404(
        _visible(request, place).select_related("area", "organisation", "duplicate_of"), pk=pk
    )
    return place, report


def _forms(request: HttpRequest, place: Municipality, report: PlaceReport, bound: str = "") -> dict[str, Any]:
    """The forms of the report's page; the one named `bound` holds what was sent."""
    data = request.POST if bound else None
    names = place_names(place.pk)
    candidates = list(
        _moderated(request, place)
        .filter(area=report.area, duplicate_of=None, hidden=False)
        .exclude(pk=report.pk)
        .order_by("-received_on", "pk")[:MERGE_CANDIDATES]
    )
    initial_text = {"public_text": report.public_text or report.description, "approved": report.approved}
    return {
        "hide": HideForm(data if bound == "hide" else None, prefix="hide"),
        "merge": MergeForm(
            data if bound == "merge" else None, prefix="merge", report=report, candidates=candidates
        ),
        "text": PublicTextForm(
            data if bound == "text" else None, prefix="text", initial=initial_text, places=names
        ),
        "route": RouteForm(
            data if bound == "route" else None,
            prefix="route",
            municipality=place,
            initial={"organisation": report.organisation_id, "due": report.due},
        ),
        "case": CaseForm(
            data if bound == "case" else None,
            prefix="case",
            places=names,
            initial={
                "status": report.status
                if report.status != PlaceReport.Status.NEW
                else PlaceReport.Status.RECEIVED,
                "reason": report.reason,
                "answer": report.answer,
            },
        ),
    }


@login_required
def place_report(request: HttpRequest, municipality: str, pk: int) -> HttpResponse:
    place, report = _report(request, municipality, pk)
    moderates = _moderated(request, place).filter(pk=report.pk).exists()
    answers = _answered(request, place).filter(pk=report.pk).exists()
    action = request.POST.get("action", "") if request.method == "POST" else ""
    if action and not (moderates if action in MODERATION else action == "case" and answers):
        raise PermissionDenied
    forms = _forms(request, place, report, action)
    if action:
        form = forms.get(action)
        if form is None:
            raise Http404
        if form.is_valid():
            _apply(report, action, form.cleaned_data)
            messages.success(request, DONE_MESSAGES[action])
            return redirect("inputs:place_report", municipality=place.slug, pk=report.pk)
    audit.record(request, place, AuditEntry.Action.VIEW, _("place report %(id)s") % {"id": report.pk}, 1)
    return render(
        request,
        "inputs/place_report.html",
        {
            "municipality": place,
            "report": report,
            "forms": forms,
            "moderates": moderates,
            "answers": answers,
            "duplicates": list(report.duplicates.all()) if moderates else [],
            # What the report became in the later stages (a walk's finding, a measure), and
            # what its moderator may make of it.
            "became": place_actions.became(request, report),
            "offers": place_actions.offers(request, report) if moderates else [],
        },
        status=400 if action else 200,
    )


MODERATION = {"hide", "merge", "text", "route"}
DONE_MESSAGES = {
    "hide": _("The report is hidden: it will never be public."),
    "merge": _("The report is marked as a duplicate."),
    "text": _("The text is saved."),
    "route": _("The report is routed to the organisation."),
    "case": _("The status is saved."),
}


def _apply(report: PlaceReport, action: str, data: dict[str, Any]) -> None:
    """Save what one of the page's forms changed (`core.change_log` logs each save); a new status
    is dated and e-mailed to the report's followers (`place_followers`)."""
    before = report.status
    if action == "hide":
        report.hidden, report.hidden_reason = True, data["reason"]
        report.save(update_fields=["hidden", "hidden_reason"])
        place_followers.forget(report)
    elif action == "merge":
        report.duplicate_of_id = data["duplicate_of"]
        report.save(update_fields=["duplicate_of"])
        place_followers.merged(report, PlaceReport.objects.get(pk=data["duplicate_of"]))
    elif action == "text":
        report.public_text, report.approved = data["public_text"], data["approved"]
        # Public from now on (published), with its status of today if it had none.
        report.status_on = report.status_on or (timezone.localdate() if report.approved else None)
        report.save(update_fields=["public_text", "approved", "status_on"])
    elif action == "route":
        report.organisation, report.due = data["organisation"], data["due"]
        if report.status == PlaceReport.Status.NEW:
            report.status = PlaceReport.Status.RECEIVED
        report.status_on = timezone.localdate() if report.status != before else report.status_on
        report.save(update_fields=["organisation", "due", "status", "status_on"])
    elif action == "case":
        report.status, report.reason, report.answer = data["status"], data["reason"], data["answer"]
        if report.status != PlaceReport.Status.NOT_DONE:
            report.reason = ""
        report.status_on = timezone.localdate() if report.status != before else report.status_on
        report.save(update_fields=["status", "reason", "answer", "status_on"])
    if report.status != before:
        place_followers.status_changed(report)


@login_required
def place_report_photo(request: HttpRequest, municipality: str, pk: int) -> HttpResponse:
    """A small copy of the report's photo, for the staff who may see the report."""
    _place, report = _report(request, municipality, pk)
    if not report.photo:
        raise Http404
    response = HttpResponse(thumbnail(report.photo), content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=3600"
    return response
