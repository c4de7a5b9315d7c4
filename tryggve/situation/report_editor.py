"""The staff editor of the lägesbild report, for the municipality's analysts: each section of
`report.sections` with the adopted version's public figures (source and year), and the text the
analysts write under it in Swedish, optionally English and Arabic.

The report belongs to one adopted version (the newest of the year, or `?version=N`), so its
figures never change under the text. A failed save shows the page again with everything as it
was typed and changes nothing; every save goes to the audit log (`core.change_log`).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from tryggve.core.forms import error_summary
from tryggve.core.models import Municipality

from . import report
from .forms import ReportForm
from .models import Report, Situation
from .views import sees_live_figures


def _situation(request: HttpRequest, place: Municipality, year: int) -> Situation:
    version = request.GET.get("version")
    if version is not None and not version.isdigit():
        raise Http404
    found = Situation.objects.version_of(place, year, int(version) if version is not None else None)
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
    rows = {row.name: row for row in form.text_rows()}
    return render(
        request,
        "situation/report_edit.html",
        {
            "municipality": place,
            "situation": situation,
            "report": found,
            "form": form,
            "sections": [(section, rows[section.name]) for section in report.sections(situation)],
            **error_summary(form),
        },
    )
