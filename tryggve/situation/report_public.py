"""The decided lägesbild report on the municipality's site: the latest decided version's texts
(in the page's language, Swedish where not translated), each section's figures from the adopted
version's public form (small groups hidden, `report.sections`), the decision, and the earlier
decided versions (`?version=N`). Before the first decision there is no public report (404)."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from tryggve.core.languages import current_language, made_in_every_language
from tryggve.core.models import Municipality

from . import report, report_versions
from .models import Report


def decided_report(place: Municipality, year: int) -> Report | None:
    """The report of the year's newest readable adopted version that has been decided."""
    return (
        Report.objects.filter(
            situation__municipality=place,
            situation__year=year,
            situation__public=True,
            situation__replaced_by__isnull=True,
            versions__isnull=False,
        )
        .select_related("situation", "situation__municipality")
        .order_by("-situation__version")
        .first()
    )


def newest_decided_year(place: Municipality) -> int | None:
    """The newest year with a public decided report, for the municipality's home page."""
    years = Report.objects.filter(
        situation__municipality=place,
        situation__public=True,
        situation__replaced_by__isnull=True,
        versions__isnull=False,
    ).values_list("situation__year", flat=True)
    return max(years, default=None)


@made_in_every_language
def page(request: HttpRequest, municipality: str, year: int) -> HttpResponse:
    place = get_object_or_404(Municipality, slug=municipality)
    found = decided_report(place, year)
    if found is None:
        raise Http404(_("The lägesbild report for %(year)s has not been decided yet.") % {"year": year})
    versions = list(found.versions.all())
    asked = request.GET.get("version")
    shown = versions[0] if asked is None else report_versions.numbered(versions, asked)
    if shown is None:
        raise Http404
    texts, _decision = report_versions.shown(found, shown, current_language())
    return render(
        request,
        "situation/report_public.html",
        {
            "municipality": place,
            "situation": found.situation,
            "version": shown,
            "latest": versions[0],
            "versions": versions,
            "sections": [(section, *texts[section.name]) for section in report.sections(found.situation)],
        },
    )
