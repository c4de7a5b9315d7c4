"""The staff download their place reports (issue 33.5): a CSV for programs and an Excel workbook
for people, of the reports they moderate or answer for, audit-logged."""

import csv
import io
from typing import Any

import pytest
from django.test import Client
from openpyxl import load_workbook

from tryggve.core.models import AuditEntry
from tryggve.inputs.models import PlaceKind, PlaceReport, StatusSubscription

from .conftest import Place, make_place

pytestmark = pytest.mark.django_db

CSV_URL = "/testkommun/platsrapporter/rapporter.csv"
XLSX_URL = "/testkommun/platsrapporter/rapporter.xlsx"


def report(where: Place, **fields: Any) -> PlaceReport:
    values: dict[str, Any] = {
        "municipality": where.municipality,
        "kind": PlaceKind.LIGHTING,
        "area": where.north,
        "received_on": "2026-11-02",
        "description": '=HYPERLINK("http://x")',
        "latitude": 56.71123,
        "longitude": 12.85321,
        **fields,
    }
    return PlaceReport.objects.create(**values)


def rows_of(response: Any) -> list[dict[str, str]]:
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def test_the_coordinator_downloads_every_report_in_reach_with_the_case(place: Place) -> None:
    routed = report(place, organisation=place.housing, status="planned", status_on="2026-11-20", answer="Ja")
    hidden = report(place, area=place.south, hidden=True, hidden_reason="Namn")
    StatusSubscription.objects.create(
        report=routed, email="boende@example.org", language="sv", since="2026-11-02"
    )
    client = place.client("analyst")
    rows = rows_of(client.get(CSV_URL))
    assert {row["id"] for row in rows} == {str(routed.pk), str(hidden.pk)}
    first = next(row for row in rows if row["id"] == str(routed.pk))
    assert (first["kind"], first["area"], first["organisation"], first["status"]) == (
        "lighting",
        "norr",
        place.housing.slug,
        "planned",
    )
    assert (first["latitude"], first["status_on"], first["published"], first["answer"]) == (
        "56.71123",
        "2026-11-20",
        "true",
        "Ja",
    )
    assert first["description"].startswith("'=")  # never run as a formula
    assert next(row for row in rows if row["id"] == str(hidden.pk))["published"] == "false"
    book = load_workbook(io.BytesIO(client.get(XLSX_URL).content))
    sheet = book.worksheets[0]
    values = list(sheet.values)
    assert values[0][:4] == ("Nyckel", "Inkom", "Vad", "Område")
    assert {row[0] for row in values[1:]} == {str(routed.pk), str(hidden.pk)}
    assert "Belysning" in {row[2] for row in values[1:]}
    everything = "".join(str(v) for row in values for v in row) + client.get(CSV_URL).content.decode()
    assert "boende@example.org" not in everything
    assert AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT, rows=2).count() == 3


def test_an_organisation_downloads_only_its_own_cases(place: Place) -> None:
    mine = report(place, organisation=place.housing, status="received", status_on="2026-11-20")
    report(place, organisation=place.kommun, status="received", status_on="2026-11-20")
    report(place)
    # Hidden after it was routed (it named a person): no longer the organisation's to download.
    report(place, organisation=place.housing, status="received", status_on="2026-11-20", hidden=True)
    rows = rows_of(place.client("reporter").get(CSV_URL))
    assert [row["id"] for row in rows] == [str(mine.pk)]


@pytest.mark.parametrize("role", ["approver", "admin", "elsewhere"])
def test_other_roles_get_no_download(place: Place, role: str) -> None:
    report(place)
    client = make_place("annanstans").client("analyst") if role == "elsewhere" else place.client(role)
    for url in (CSV_URL, XLSX_URL):
        assert client.get(url).status_code == 403
    assert Client().get(CSV_URL).status_code == 302  # residents: the login page
