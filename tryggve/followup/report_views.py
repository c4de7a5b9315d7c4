"""The follow-up report's pages: the analysts' editor (the report generated from the log, with
their texts and the decision), the page to read and print and its PDF for the parties' staff
(the draft or a decided version, `?beslut=N`, in `?lang=sv|en|ar`), and the residents' public
report and its PDF (the latest decided version's public part, `?version=N` for an earlier one).

Every page lays out `report_document.document` of `report.content` (staff) or `report.public`
(residents); a decided version shows what it froze. Bad input (no body, a date in the future)
shows the editor again with a message and stores nothing.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tryggve.core.access import acting_user, holds_role, memberships
from tryggve.core.forms import error_summary
from tryggve.core.languages import current_language, made_in_every_language
from tryggve.core.models import Municipality
from tryggve.core.roles import DECIDE_REPORTS, EVALUATE_PROMISES
from tryggve.promises.models import Activity
from tryggve.situation import report_pdf
from tryggve.situation.report_document import LANGUAGES, Decision, Document
from tryggve.situation.report_versions import numbered

from . import report, report_document
from .forms import FollowupCommentForm, FollowupDecisionForm, FollowupReportForm
from .models import FollowupReport, FollowupReportVersion

# The years a report can be asked for: no follow-up before the first promises, none far ahead.
FIRST_YEAR, YEARS_AHEAD = 2000, 1


def _place(request: HttpRequest, municipality: str, year: int, *roles: str) -> Municipality:
    place = get_object_or_404(Municipality, slug=municipality)
    if not holds_role(request.user, place.pk, *roles):
        raise PermissionDenied
    if not FIRST_YEAR <= year <= timezone.localdate().year + YEARS_AHEAD:
        raise Http404
    return place


def _report(place: Municipality, year: int) -> FollowupReport:
    return FollowupReport.objects.filter(municipality=place, year=year).first() or FollowupReport(
        municipality=place, year=year
    )


def _measures(place: Municipality, year: int) -> list[Activity]:
    return list(
        Activity.objects.filter(promise__in=report.promises_of(place, year)).order_by(
            "promise__cycle__year", "order", "pk"
        )
    )


def _decision(version: FollowupReportVersion | None) -> Decision | None:
    if version is None:
        return None
    assert version.decision_date is not None  # noqa: S101 (a version is decided)
    return Decision(version.decision_body, version.decision_date, version.decision_reference)


def _language(request: HttpRequest) -> str:
    language = request.GET.get("lang") or current_language()
    if language not in LANGUAGES:
        raise Http404(_("The report is printed in Swedish, English or Arabic."))
    return language


def _form(found: FollowupReport, data: Any = None) -> FollowupReportForm:
    notes = dict(found.notes.values_list("activity_id", "change")) if found.pk else {}
    measures = _measures(found.municipality, found.year)
    return FollowupReportForm(data, instance=found, measures=measures, notes=notes)


@login_required
def edit(request: HttpRequest, municipality: str, year: int) -> HttpResponse:
    place = _place(request, municipality, year, *EVALUATE_PROMISES)
    found = _report(place, year)
    form = _form(found, request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        form.save()
        messages.success(request, _("The follow-up report is saved."))
        return redirect("followup:report", municipality=place.slug, year=year)
    return _page(request, place, found, form, FollowupDecisionForm())


def _page(
    request: HttpRequest,
    place: Municipality,
    found: FollowupReport,
    form: FollowupReportForm,
    decision: FollowupDecisionForm,
) -> HttpResponse:
    today = timezone.localdate()
    data = report.content(place, found.year, found, today)
    return render(
        request,
        "followup/report_edit.html",
        {
            "municipality": place,
            "year": found.year,
            "report": found,
            "document": report_document.document(data, None, current_language()),
            "promises": data["promises"],
            "form": form,
            "rows": form.text_rows(),
            "decision_form": decision,
            "may_decide": holds_role(request.user, place.pk, *DECIDE_REPORTS),
            "versions": found.versions.all() if found.pk else [],
            **error_summary(form if form.errors else decision),
        },
    )


@login_required
@require_POST
def decide(request: HttpRequest, municipality: str, year: int) -> HttpResponse:
    """Records the decision on the report as it is generated and reads now: a new decided
    version, whose public part is public from now on."""
    place = _place(request, municipality, year, *DECIDE_REPORTS)
    if not holds_role(request.user, place.pk, *EVALUATE_PROMISES):
        raise PermissionDenied
    found = FollowupReport.objects.filter(municipality=place, year=year).first()
    if found is None:
        raise Http404(_("Write the follow-up report before it is decided."))
    decision = FollowupDecisionForm(request.POST)
    if decision.is_valid():
        try:
            version = report.decide(found, decision.instance, timezone.localdate(), acting_user(request.user))
        except ValidationError as error:  # the form checked the same rules; a race at midnight
            decision.add_error(None, error)
        else:
            messages.success(
                request, _("The decision is recorded as version %(number)s.") % {"number": version.number}
            )
            return redirect("followup:report", municipality=place.slug, year=year)
    return _page(request, place, found, _form(found), decision)


@login_required
@require_POST
def comment(request: HttpRequest, municipality: str, year: int) -> HttpResponse:
    """A party's comment on the follow-up report, for the parties' staff; never public."""
    place = _place(request, municipality, year)
    held = memberships(request.user).filter(municipality=place).select_related("organisation").first()
    if held is None:  # a superuser without a membership has no party to comment for
        raise PermissionDenied
    found = get_object_or_404(FollowupReport, municipality=place, year=year)
    form = FollowupCommentForm(request.POST, municipality=place)
    if form.is_valid():
        form.instance.report, form.instance.organisation = found, held.organisation
        form.instance.author = acting_user(request.user)
        form.save()
        messages.success(request, _("Your comment is saved."))
    else:
        messages.error(request, _("Write the comment first."))
    return redirect(reverse("followup:report_print", args=[place.slug, year]) + "#comments")


def _staff_document(
    request: HttpRequest, municipality: str, year: int
) -> tuple[Municipality, FollowupReport, Document]:
    place = _place(request, municipality, year)  # any role: the parties' staff read the draft
    found = _report(place, year)
    language = _language(request)
    asked = request.GET.get("beslut")
    if asked is None:
        data = report.content(place, year, found, timezone.localdate())
        return place, found, report_document.document(data, None, language)
    version = numbered(found.versions.all() if found.pk else [], asked)
    if version is None:
        raise Http404
    return place, found, report_document.document(version.content, _decision(version), language)


def _pdf(place: Municipality, document: Document) -> HttpResponse:
    response = HttpResponse(report_pdf.render(document), content_type="application/pdf")
    name = f"uppfoljningsrapport-{place.slug}-{document.year}-{document.language}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def print_page(request: HttpRequest, municipality: str, year: int) -> HttpResponse:
    place, found, document = _staff_document(request, municipality, year)
    with translation.override(document.language):  # the whole page in the report's language
        return render(
            request,
            "situation/report_print.html",  # the lägesbild report's page: the same document
            {
                "municipality": place,
                "document": document,
                "query": request.GET.urlencode(),
                "comments": found.comments.select_related("organisation") if found.pk else [],
                "may_comment": bool(found.pk),
                "comment_form": FollowupCommentForm(),
                "comment_action": reverse("followup:report_comment", args=[place.slug, year]),
                "writes_report": holds_role(request.user, place.pk, *EVALUATE_PROMISES),
                "pdf_url": reverse("followup:report_pdf", args=[place.slug, year]),
                "editor_url": reverse("followup:report", args=[place.slug, year]),
            },
        )


@login_required
def pdf(request: HttpRequest, municipality: str, year: int) -> HttpResponse:
    place, _found, document = _staff_document(request, municipality, year)
    return _pdf(place, document)


def _public(request: HttpRequest, municipality: str, year: int) -> tuple[Municipality, dict[str, Any]]:
    """The decided report residents read: the latest version, or `?version=N`; 404 before."""
    place = get_object_or_404(Municipality, slug=municipality)
    found = report.decided(place, year)
    if found is None:
        raise Http404(_("The follow-up report for %(year)s has not been decided yet.") % {"year": year})
    versions = list(found.versions.all())
    asked = request.GET.get("version")
    shown = versions[0] if asked is None else numbered(versions, asked)
    if shown is None:
        raise Http404
    return place, {"version": shown, "latest": versions[0], "versions": versions}


@made_in_every_language
def public_page(request: HttpRequest, municipality: str, year: int) -> HttpResponse:
    place, found = _public(request, municipality, year)
    version = found["version"]
    data = report.public(version.content)  # the public part only, whatever the version holds
    document = report_document.document(data, _decision(version), current_language())
    return render(
        request,
        "followup/report_public.html",
        {"municipality": place, "year": year, "data": data, "document": document, **found},
    )


def public_pdf(request: HttpRequest, municipality: str, year: int) -> HttpResponse:
    place, found = _public(request, municipality, year)
    version = found["version"]
    language = _language(request)
    return _pdf(place, report_document.document(report.public(version.content), _decision(version), language))
