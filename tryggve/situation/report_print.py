"""The lägesbild report to print: a page laid out as the document (with a stylesheet for paper)
and the same document as a PDF made on the server (`report_pdf`).

Staff of the municipality's organisations (the parties, as on a promise in review) read the
draft there, or a decided version (`?beslut=N`), and comment on it; the analysts write it in the
editor. Residents get the latest decided version's PDF beside the public report (`public_pdf`,
`?version=N` for an earlier one). Every form shows the adopted version's public figures
(`report.sections`) and the texts in the page's language or the one `?lang=` asks for (sv, en
or ar; a text not written in it is shown in Swedish).
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from tryggve.core.access import holds_role
from tryggve.core.languages import current_language
from tryggve.core.models import Municipality

from . import report_document, report_pdf, report_versions
from .forms import ReportCommentForm
from .models import Report, ReportVersion
from .report_editor import _situation as adopted_version  # the version the editor shows
from .report_public import decided_report
from .views import sees_live_figures


def _language(request: HttpRequest) -> str:
    language = request.GET.get("lang") or current_language()
    if language not in report_document.LANGUAGES:
        raise Http404(_("The report is printed in Swedish, English or Arabic."))
    return language


def _decided(found: Report | None, number: str | None) -> ReportVersion | None:
    """The decided version `number` asks for (None: the draft); an unknown one is not found."""
    if number is None:
        return None
    version = report_versions.numbered(found.versions.all() if found else [], number)
    if version is None:
        raise Http404
    return version


def _document(
    request: HttpRequest, municipality: str, year: int
) -> tuple[Municipality, Report | None, report_document.Document]:
    place = get_object_or_404(Municipality, slug=municipality)
    if not holds_role(request.user, place.pk):  # any role: the parties' staff read the draft
        raise PermissionDenied
    situation = adopted_version(request, place, year)
    language = _language(request)
    found = Report.objects.filter(situation=situation).first()
    texts, decision = report_versions.shown(found, _decided(found, request.GET.get("beslut")), language)
    return place, found, report_document.document(situation, texts, decision, language)


def _pdf(place: Municipality, document: report_document.Document) -> HttpResponse:
    response = HttpResponse(report_pdf.render(document), content_type="application/pdf")
    name = f"lagesbildsrapport-{place.slug}-{document.year}-{document.language}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def page(request: HttpRequest, municipality: str, year: int) -> HttpResponse:
    place, found, document = _document(request, municipality, year)
    with translation.override(document.language):  # the whole page in the report's language
        return render(
            request,
            "situation/report_print.html",
            {
                "municipality": place,
                "document": document,
                "query": request.GET.urlencode(),
                "comments": found.comments.select_related("organisation") if found else [],
                "may_comment": found is not None,
                "comment_form": ReportCommentForm(),
                "comment_action": reverse("situation:report_comment", args=[place.slug, year])
                + f"?version={found.situation.version}&utskrift=1"
                if found
                else "",
                "writes_report": sees_live_figures(request, place),
                "pdf_url": reverse("situation:report_pdf", args=[place.slug, year]),
                "editor_url": reverse("situation:report", args=[place.slug, year]),
            },
        )


@login_required
def pdf(request: HttpRequest, municipality: str, year: int) -> HttpResponse:
    place, _found, document = _document(request, municipality, year)
    return _pdf(place, document)


def public_pdf(request: HttpRequest, municipality: str, year: int) -> HttpResponse:
    """The decided report as residents read it (`report_public`), as a PDF: the latest decided
    version, or `?version=N`; nothing before a decision."""
    place = get_object_or_404(Municipality, slug=municipality)
    found = decided_report(place, year)
    if found is None:
        raise Http404(_("The lägesbild report for %(year)s has not been decided yet.") % {"year": year})
    version = _decided(found, request.GET.get("version")) or found.versions.first()
    language = _language(request)
    texts, decision = report_versions.shown(found, version, language)
    return _pdf(place, report_document.document(found.situation, texts, decision, language))
