"""Open data of the public pages: residents' place reports as published (issue 33.5).

The same reports as `/<kommun>/rapporterade-platser/` (`PlaceReport.objects.published()`), each
in its public form from the publication allow-list (`situation.publication.place_report`): its
fields and its place follow the same rules as the pages, so the API reveals nothing the pages do
not. Texts (kind and status names) are in Swedish; the codes are stable.
"""

from typing import Any

from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from ninja import Query, Router, Schema

from tryggve.core.api import municipality_or_404
from tryggve.inputs.models import PlaceKind, PlaceReport
from tryggve.situation import publication
from tryggve.situation.publication import PublicPlaceReport

router = Router(tags=["place reports"])
MAX_LIMIT = 1000


class PlaceReportPage(Schema):
    count: int
    items: list[PublicPlaceReport]  # the OpenAPI schema is generated from the public form


@router.get(
    "/municipalities/{slug}/place-reports",
    response=PlaceReportPage,
    summary="Residents' place reports, as published",
    description=(
        "Reports staff have read (neither hidden nor merged into another), newest status first, with "
        "what they are about, their area, status, the responsible organisation's answer and an "
        "approved description. `latitude` and `longitude` are the middle of the report's square of "
        "about 100 × 100 m, or null (no place marked, or the municipality publishes squares only)."
    ),
)
def list_place_reports(
    request: Any,
    slug: str,
    area: str | None = None,
    # The schema names the codes and bounds, so the API's own validation answers 422 for others.
    status: PlaceReport.Status | None = None,
    kind: PlaceKind | None = None,
    limit: int = Query(100, ge=1, le=MAX_LIMIT),
    offset: int = Query(0, ge=0),
) -> dict[str, Any]:
    place = municipality_or_404(slug)
    found = PlaceReport.objects.published().filter(municipality=place)
    if area is not None:
        found = found.filter(area__slug=area)
    if status is not None:
        found = found.filter(status=status)
    if kind is not None:
        found = found.filter(kind=kind)
    listed = found.select_related("area").newest_status_first()[offset : offset + limit]
    return {"count": found.count(), "items": [publication.place_report(report) for report in listed]}


@router.get(
    "/municipalities/{slug}/place-reports/{report_id}",
    summary="One place report, as published",
    description=(
        "A report merged into another (a duplicate) answers 302 to that one's address, as its page "
        "does; 404 for a report that is not published (unread, hidden) as for none at all."
    ),
    response={200: PublicPlaceReport, 302: None},
    url_name="place_report",
)
def get_place_report(request: Any, slug: str, report_id: int) -> Any:
    place = municipality_or_404(slug)
    found = (
        PlaceReport.objects.published()
        .filter(municipality=place, pk=report_id)
        .select_related("area")
        .first()
    )
    if found is not None:
        return publication.place_report(found)
    original = PlaceReport.objects.merged_into(place, report_id)
    if original is None:
        raise Http404
    return HttpResponseRedirect(reverse("api-v1:place_report", args=[slug, original.pk]))
