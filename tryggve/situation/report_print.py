"""The lägesbild report to print, for the municipality's analysts: a page laid out as the document
(with a stylesheet for paper) and the same document as a PDF made on the server (`report_pdf`).

Both show the staff draft: the adopted version's figures (`report.sections`) and the texts the
analysts have written (`models.Report`), in the page's language or the one `?lang=` asks for
(sv, en or ar; a text not written in it is shown in Swedish). Those who may write the report may
print it; no one else.
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import translation
from django.utils.translation import gettext as _

from tryggve.core.languages import current_language
from tryggve.core.models import Municipality

from . import report_document, report_pdf
from .models import Report
from .report_editor import _situation as adopted_version  # the version the editor shows
from .views import sees_live_figures


def _document(
    request: HttpRequest, municipality: str, year: int
) -> tuple[Municipality, report_document.Document]:
    place = get_object_or_404(Municipality, slug=municipality)
    if not sees_live_figures(request, place):
        raise PermissionDenied
    situation = adopted_version(request, place, year)
    language = request.GET.get("lang") or current_language()
    if language not in report_document.LANGUAGES:
        raise Http404(_("The report is printed in Swedish, English or Arabic."))
    found = Report.objects.filter(situation=situation).first()
    texts = report_document.texts_of(found, language)
    return place, report_document.document(situation, texts, None, language)


@login_required
def page(request: HttpRequest, municipality: str, year: int) -> HttpResponse:
    place, document = _document(request, municipality, year)
    with translation.override(document.language):  # the whole page in the report's language
        return render(
            request,
            "situation/report_print.html",
            {"municipality": place, "document": document, "query": request.GET.urlencode()},
        )


@login_required
def pdf(request: HttpRequest, municipality: str, year: int) -> HttpResponse:
    place, document = _document(request, municipality, year)
    response = HttpResponse(report_pdf.render(document), content_type="application/pdf")
    name = f"lagesbildsrapport-{place.slug}-{year}-{document.language}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
