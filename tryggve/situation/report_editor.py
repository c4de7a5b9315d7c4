"""The staff editor of the lägesbild report, for the municipality's analysts: each section of
`report.sections` with the adopted version's public figures (source and year), and the text the
analysts write under it in Swedish, optionally English and Arabic.

The report belongs to one adopted version (the newest of the year, or `?version=N`), so its
figures never change under the text. A failed save shows the page again with everything as it
was typed and changes nothing; every save goes to the audit log (`core.change_log`).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tryggve.core.access import acting_user, memberships
from tryggve.core.forms import error_summary
from tryggve.core.models import Municipality
from tryggve.core.numbers import whole_number
from tryggve.core.roles import DECIDE_REPORTS

from . import report, report_versions
from .forms import ReportCommentForm, ReportDecisionForm, ReportForm
from .models import Report, Situation
from .views import _is_staff, sees_live_figures


def _situation(request: HttpRequest, place: Municipality, year: int) -> Situation:
    asked = request.GET.get("version")
    version = whole_number(asked, digits=5)
    if asked is not None and version is None:
        raise Http404
    found = Situation.objects.version_of(place, year, version)
    if found is None:
        raise Http404(_("No lägesbild has been adopted for %(year)s yet.") % {"year": year})
    return found


@login_required
def edit(request: HttpRequest, municipality: str, year: int) -> HttpResponse:
    place = get_object_or_404(Municipality, slug=municipality)
    if not sees_live_figures(request, place):
        raise PermissionDenied
    situation = _situation(request, place, year)
    found = Report.objects.filter(situation=situation).first() or Report(situation=situation)
    form = ReportForm(request.POST if request.method == "POST" else None, instance=found)
    if form.is_bound and form.is_valid():
        form.save()
        messages.success(request, _("The report is saved."))
        address = reverse("situation:report", args=[place.slug, year])
        return redirect(f"{address}?version={situation.version}")
    return _page(request, place, situation, found, form, ReportDecisionForm())


def _page(
    request: HttpRequest,
    place: Municipality,
    situation: Situation,
    found: Report,
    form: ReportForm,
    decision: ReportDecisionForm,
) -> HttpResponse:
    rows = {row.name: row for row in form.text_rows()}
    return render(
        request,
        "situation/report_edit.html",
        {
            "municipality": place,
            "situation": situation,
            "report": found,
            "form": form,
            "decision_form": decision,
            "comments": found.comments.select_related("organisation") if found.pk else [],
            "may_comment": bool(found.pk),
            "comment_form": ReportCommentForm(),
            "comment_action": reverse("situation:report_comment", args=[place.slug, situation.year])
            + f"?version={situation.version}",
            "may_decide": _is_staff(request, place, *DECIDE_REPORTS),
            "versions": found.versions.all() if found.pk else [],
            "sections": [(section, rows[section.name]) for section in report.sections(situation)],
            **error_summary(form if form.errors else decision),
        },
    )


@login_required
@require_POST
def decide(request: HttpRequest, municipality: str, year: int) -> HttpResponse:
    """Records the decision on the report as it now reads: a new decided version, public from now
    on. A fault (no body or date, a date in the future) shows the editor again and stores nothing."""
    place = get_object_or_404(Municipality, slug=municipality)
    if not sees_live_figures(request, place) or not _is_staff(request, place, *DECIDE_REPORTS):
        raise PermissionDenied
    situation = _situation(request, place, year)
    found = Report.objects.filter(situation=situation).first()
    if found is None:
        raise Http404(_("Write the report before it is decided."))
    decision = ReportDecisionForm(request.POST)
    if decision.is_valid():
        try:
            version = report_versions.decide(
                found, decision.instance, timezone.localdate(), acting_user(request.user)
            )
        except ValidationError as error:  # the form checked the same rules; a race at midnight
            decision.add_error(None, error)
        else:
            messages.success(
                request, _("The decision is recorded as version %(number)s.") % {"number": version.number}
            )
            address = reverse("situation:report", args=[place.slug, year])
            return redirect(f"{address}?version={situation.version}")
    return _page(request, place, situation, found, ReportForm(instance=found), decision)


@login_required
@require_POST
def comment(request: HttpRequest, municipality: str, year: int) -> HttpResponse:
    """A party's comment on the report: staff of one of the municipality's organisations (the
    kommun's, the police area's); the comment is for the parties' staff and never public."""
    place = get_object_or_404(Municipality, slug=municipality)
    held = memberships(request.user).filter(municipality=place).select_related("organisation").first()
    if held is None:
        raise PermissionDenied
    situation = _situation(request, place, year)
    found = get_object_or_404(Report, situation=situation)
    form = ReportCommentForm(request.POST, municipality=place)
    # Back where it was written: the editor (analysts) or the page to read and print (the parties)
    back = "situation:report_print" if request.GET.get("utskrift") else "situation:report"
    address = reverse(back, args=[place.slug, year]) + f"?version={situation.version}"
    if form.is_valid():
        form.instance.report, form.instance.organisation = found, held.organisation
        form.instance.author = acting_user(request.user)
        form.save()
        messages.success(request, _("Your comment is saved."))
    else:
        messages.error(request, _("Write the comment first."))
    return redirect(f"{address}#comments")
