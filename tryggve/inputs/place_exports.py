"""The staff's downloads of residents' place reports (issue 33.5): every report the user
moderates or answers for, as the staff pages show them, in a machine CSV and an Excel workbook.

Raw data, so each download is written to the audit log (`core.audit`). Never in them: the photo
(only whether there is one) and the e-mail addresses residents left for the status, which no
staff role reads (`place_followers`).
"""

from collections.abc import Iterator
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from tryggve.core import audit
from tryggve.core.access import areas_for, memberships
from tryggve.core.files import CSV, Sheet, attachment, csv_bytes, xlsx_response
from tryggve.core.models import AuditEntry, Municipality
from tryggve.core.roles import ANSWER_PLACE_REPORTS, MODERATE_PLACE_REPORTS

from .models import PlaceReport
from .place_reports import _visible

COLUMNS = [
    "id", "received_on", "kind", "area", "place", "latitude", "longitude", "description", "has_photo",
    "hidden", "hidden_reason", "duplicate_of", "public_text", "approved", "published", "organisation",
    "due", "status", "status_on", "reason", "answer", "purged",
]  # fmt: skip


def _headers() -> list[str]:
    """The workbook's column headings, in the reader's language, in the order of `COLUMNS`."""
    return [
        pgettext("download column", "Key"),
        pgettext("download column", "Received on"),
        pgettext("download column", "What"),
        pgettext("download column", "Area"),
        pgettext("download column", "Place"),
        pgettext("download column", "Latitude"),
        pgettext("download column", "Longitude"),
        pgettext("download column", "Description"),
        pgettext("download column", "Photo"),
        pgettext("download column", "Hidden"),
        pgettext("download column", "Why hidden"),
        pgettext("download column", "Duplicate of"),
        pgettext("download column", "Text that may be published"),
        pgettext("download column", "Text approved"),
        pgettext("download column", "Public"),
        pgettext("download column", "Responsible organisation"),
        pgettext("download column", "Due date"),
        pgettext("download column", "Status"),
        pgettext("download column", "Status since"),
        pgettext("download column", "Reason"),
        pgettext("download column", "Answer"),
        pgettext("download column", "Description and photo removed"),
    ]


def _reports(request: HttpRequest, municipality: str) -> tuple[Municipality, Any]:
    """The reports of the staff pages: those the user moderates and the cases they answer for."""
    place = get_object_or_404(Municipality, slug=municipality)
    moderates = areas_for(request.user, place, *MODERATE_PLACE_REPORTS).exists()
    if (
        not moderates
        and not memberships(request.user, *ANSWER_PLACE_REPORTS).filter(municipality=place).exists()
    ):
        raise PermissionDenied
    return place, _visible(request, place).select_related("area", "organisation").order_by(
        "-received_on", "pk"
    )


def _rows(found: Any, people: bool) -> Iterator[list[Any]]:
    published = set(
        PlaceReport.objects.published().filter(pk__in=found.values("pk")).values_list("pk", flat=True)
    )
    for report in found.iterator(chunk_size=2000):
        yield [
            str(report.pk),  # a 63-bit key: text, so that no spreadsheet rounds it
            report.received_on,
            report.get_kind_display() if people else report.kind,
            report.area.name if people else report.area.slug,
            report.place,
            report.latitude,
            report.longitude,
            report.description,
            bool(report.photo),
            report.hidden,
            report.hidden_reason,
            str(report.duplicate_of_id or ""),
            report.public_text,
            report.approved,
            report.pk in published,
            (report.organisation.name if people else report.organisation.slug) if report.organisation else "",
            report.due,
            report.get_status_display() if people else report.status,
            report.status_on,
            report.reason,
            report.answer,
            report.purged,
        ]


def _machine(value: Any) -> Any:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else value


def _file_name(place: Municipality, ending: str) -> str:
    return f"platsrapporter-{place.slug}-{timezone.localdate().isoformat()}.{ending}"


@login_required
def place_reports_csv(request: HttpRequest, municipality: str) -> HttpResponse:
    """For programs: English codes, dates as ISO 8601, every report the user may see."""
    place, found = _reports(request, municipality)
    rows = [[_machine(value) for value in row] for row in _rows(found, people=False)]
    audit.record(request, place, AuditEntry.Action.EXPORT, _("place reports, CSV"), len(rows))
    return attachment(csv_bytes(COLUMNS, rows), CSV, _file_name(place, "csv"))


@login_required
def place_reports_xlsx(request: HttpRequest, municipality: str) -> HttpResponse:
    """For people: the same rows with names in the reader's language, as an Excel workbook."""
    place, found = _reports(request, municipality)
    rows = list(_rows(found, people=True))
    audit.record(request, place, AuditEntry.Action.EXPORT, _("place reports, Excel"), len(rows))
    about = [
        (_("Source"), _("Residents' place reports in %(name)s, as staff see them.") % {"name": place.name}),
        (_("Made"), timezone.localdate().isoformat()),
        (_("Not included"), _("Photos, and the e-mail addresses residents left for the status.")),
    ]
    return xlsx_response(_file_name(place, "xlsx"), [Sheet(_("Place reports"), _headers(), rows)], about)
