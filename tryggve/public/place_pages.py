"""The public pages of residents' place reports (issue 33.1): a municipality's published reports
with their status and the responsible organisation's answer, counted per area, on a map and in
a list (`/<kommun>/rapporterade-platser/`), and each report's own page, which its sender follows.

Served by `public`, the stage residents read: which reports are public is
`PlaceReport.objects.published()` (moderated, neither hidden nor merged), and what of each, with
where it is shown, comes through the publication allow-list (`situation.publication`:
`place_report`, `place_squares`). Photos are never public.

A report's address is its key, a random 63-bit number (`core.keys`), not a running number: it
cannot be guessed or counted through, and says nothing of when the report was sent or of the
reports around it. A key that is not published (a new report staff have not read, a hidden one,
or none at all) gets one and the same 404 page, so an address tells nothing of a report that is
not public; a report merged into another leads to that one's page.

The list, map and counts are the same without JavaScript: the map (Leaflet, `places_map.js`)
only draws what the list and the table say. The counts per area come from one grouped query,
which also gives the list's length, so the page costs two queries whatever the number of reports
(and, under the grouped rule, one for the month's squares).
"""

from collections import Counter
from functools import cached_property
from typing import Any

from django import forms
from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tryggve.core.languages import offered_in_every_language
from tryggve.core.maps import map_settings
from tryggve.core.models import Area, Municipality
from tryggve.inputs.models import PlaceReport
from tryggve.situation import publication

PER_PAGE = 20
Status = PlaceReport.Status
# The table's columns: the statuses of a case under way, then each way it can close.
UNDER_WAY = (Status.NEW, Status.RECEIVED, Status.FORWARDED, Status.PLANNED)


class PlaceFilter(forms.Form):
    """What the list shows: one area, one status, or all (a GET form, so it works without JS)."""

    omrade = forms.ChoiceField(label=_("Area"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)

    def __init__(self, *args: Any, areas: list[Area], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["omrade"].choices = [("", _("All areas")), *((a.slug, a.name) for a in areas)]  # type: ignore[attr-defined]
        self.fields["status"].choices = [("", _("Every status")), *Status.choices]  # type: ignore[attr-defined]


class _Counted(Paginator):
    """A paginator told its count (from the counts per area) rather than asking the database."""

    def __init__(self, object_list: Any, per_page: int, count: int) -> None:
        super().__init__(object_list, per_page)
        self._known = count

    @cached_property
    def count(self) -> int:
        return self._known


def _areas(place: Municipality) -> list[Area]:
    """The municipality's areas by name, without their outlines (the map fetches those)."""
    return list(Area.objects.filter(municipality=place).only("pk", "slug", "name", "kind").order_by("name"))


def _counts(published: Any) -> dict[int, Counter[str]]:
    """Published reports per area and status: one grouped query."""
    found: dict[int, Counter[str]] = {}
    for area_id, status, count in (
        # COUNT(*), not of the key: SQLite then reads the composite index alone (18 ms, not 140, at
        # 100,000 reports).
        published.values_list("area_id", "status").annotate(n=Count("*")).order_by()
    ):
        found.setdefault(area_id, Counter())[status] = count
    return found


def _table(areas: list[Area], counts: dict[int, Counter[str]]) -> tuple[list[dict[str, Any]], dict[str, int]]:
    rows = []
    for area in areas:
        per_status = counts.get(area.pk)
        if per_status is None:
            continue
        rows.append({"area": area, **_columns(per_status)})
    return rows, _columns(sum(counts.values(), Counter()))


def _columns(per_status: Counter[str]) -> dict[str, int]:
    return {
        "under_way": sum(per_status[status] for status in UNDER_WAY),
        "done": per_status[Status.DONE],
        "not_done": per_status[Status.NOT_DONE],
        "total": sum(per_status.values()),
    }


def _map_data(
    place: Municipality, shown: list[publication.PublicPlaceReport], squares: bool
) -> dict[str, Any]:
    """What the map draws: the listed reports at their squares' middles (rounded rule), or the
    squares with enough reports (grouped rule); each through the publication allow-list."""
    points = [
        {
            "latitude": report["latitude"],
            "longitude": report["longitude"],
            "label": f"{report['kind_name']}: {report['status_name']}",
            "url": reverse("public_places:report", args=[place.slug, report["id"]]),
        }
        for report in shown
        if report["latitude"] is not None
    ]
    return {
        "points": points,
        "squares": publication.place_squares(place, timezone.localdate()) if squares else [],
    }


@offered_in_every_language
def places(request: HttpRequest, municipality: str) -> HttpResponse:
    place = get_object_or_404(Municipality, slug=municipality)
    areas = _areas(place)
    published = PlaceReport.objects.published().filter(municipality=place)
    counts = _counts(published)
    rows, total = _table(areas, counts)
    chosen = PlaceFilter(request.GET or None, areas=areas)
    found, area, status = published, None, ""
    if chosen.is_valid():
        area = next((a for a in areas if a.slug == chosen.cleaned_data["omrade"]), None)
        status = chosen.cleaned_data["status"]
    if area is not None:
        found = found.filter(area=area)
    if status:
        found = found.filter(status=status)
    count = sum(
        n
        for area_id, per_status in counts.items()
        if area is None or area_id == area.pk
        for code, n in per_status.items()
        if not status or code == status
    )
    listed = found.select_related("area").newest_status_first()
    page = _Counted(listed, PER_PAGE, count).get_page(request.GET.get("sida"))
    shown = [publication.place_report(report) for report in page.object_list]
    others = request.GET.copy()
    others.pop("sida", None)
    return render(
        request,
        "public/places.html",
        {
            "municipality": place,
            "filter": chosen,
            "rows": rows,
            "total": total,
            "page": page,
            "reports": shown,
            "area": area,
            "status": status,
            "query": others.urlencode(),
            "map": _map_data(place, shown, squares=True),
            "map_settings": map_settings(place),
            "grouped": settings.PLACE_REPORT_POINTS == publication.GROUPED,
            "min_places": settings.SITUATION_MIN_PLACES,
        },
        status=400 if chosen.errors else 200,
    )


@offered_in_every_language
def place_report(request: HttpRequest, municipality: str, pk: int) -> HttpResponse:
    place = get_object_or_404(Municipality, slug=municipality)
    report = PlaceReport.objects.published().filter(municipality=place, pk=pk).select_related("area").first()
    if report is None:
        original = PlaceReport.objects.merged_into(place, pk)
        if original is not None:
            return redirect("public_places:report", municipality=place.slug, pk=original.pk)
        return render(request, "public/place_not_found.html", {"municipality": place}, status=404)
    shown = publication.place_report(report)
    return render(
        request,
        "public/place.html",
        {
            "municipality": place,
            "report": shown,
            "map": _map_data(place, [shown], squares=False),
            "map_settings": map_settings(place),
        },
    )


place_patterns = (
    [
        path("", places, name="list"),
        path("<int:pk>/", place_report, name="report"),
    ],
    "public_places",
)
