"""Who may see what: every role against every inputs page and API endpoint, allowed or denied.

A reporter covers only the northern area; the analyst of another municipality has no role
here; residents (anonymous) see no raw data at all.
"""

import io

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import get_resolver
from PIL import Image

from tryggve.core.models import AuditEntry
from tryggve.inputs.models import Dialogue, PlaceKind, PlaceReport

from .conftest import Place, local, make_place

ROLES = ["resident", "reporter", "analyst", "owner", "approver", "admin", "elsewhere"]
# Who may open each page, under the names of the capabilities in core.roles, spelled out.
FILE_INCIDENT_REPORTS = {"reporter", "analyst"}
RECORD_DIALOGUES = {"analyst", "owner"}
MODERATE_PLACE_REPORTS = {"analyst"}
ANSWER_PLACE_REPORTS = {"reporter", "owner"}  # their own organisation's cases only
PRINT_PLACE_POSTERS = {"analyst"}


def matrix(place: Place) -> list[tuple[str, str, set[str]]]:
    north = place.report(place.north, local(2019, 11, 5, 12, 0))
    south = place.report(place.south, local(2019, 11, 5, 12, 0))
    dialogue = Dialogue.objects.create(
        municipality=place.municipality, held_on=local(2019, 5, 1, 0, 0).date(), format="walk"
    )
    photo = io.BytesIO()
    Image.new("RGB", (40, 30), "red").save(photo, format="JPEG")
    # A resident's place report in the north, sent to the housing company (the reporter's).
    routed = PlaceReport.objects.create(
        municipality=place.municipality,
        kind=PlaceKind.LIGHTING,
        area=place.north,
        received_on="2026-11-02",
        organisation=place.housing,
        photo=ContentFile(photo.getvalue(), name="lampa.jpg"),
    )
    base = "/testkommun"
    return [
        ("incidents", f"{base}/est/", FILE_INCIDENT_REPORTS),
        ("new_incident", f"{base}/est/ny/", FILE_INCIDENT_REPORTS),
        ("incident", f"{base}/est/{north.pk}/", FILE_INCIDENT_REPORTS),
        ("incident (another area)", f"{base}/est/{south.pk}/", {"analyst"}),
        ("import", f"{base}/est/importera/", FILE_INCIDENT_REPORTS),
        ("this_week", f"{base}/est/vecka/", FILE_INCIDENT_REPORTS),
        ("week", f"{base}/est/vecka/2019-45/", FILE_INCIDENT_REPORTS),
        ("week_csv", f"{base}/est/vecka/2019-45.csv", FILE_INCIDENT_REPORTS),
        ("week_excel", f"{base}/est/vecka/2019-45-excel.csv", FILE_INCIDENT_REPORTS),
        ("quarter", f"{base}/est/kvartal/2019-4/", FILE_INCIDENT_REPORTS),
        ("year", f"{base}/est/ar/2019/", FILE_INCIDENT_REPORTS),
        ("dialogues", f"{base}/dialoger/", RECORD_DIALOGUES),
        ("new_dialogue", f"{base}/dialoger/ny/", RECORD_DIALOGUES),
        ("dialogue", f"{base}/dialoger/{dialogue.pk}/", RECORD_DIALOGUES),
        ("report_place", f"{base}/rapportera/", set(ROLES)),
        ("place_report_thanks", f"{base}/rapportera/tack/", set(ROLES)),
        ("place_reports", f"{base}/platsrapporter/", MODERATE_PLACE_REPORTS),
        ("place_report_cases", f"{base}/platsrapporter/arenden/", ANSWER_PLACE_REPORTS),
        ("place_posters", f"{base}/platsrapporter/affischer/", PRINT_PLACE_POSTERS),
        (
            "place_reports_csv",
            f"{base}/platsrapporter/rapporter.csv",
            MODERATE_PLACE_REPORTS | ANSWER_PLACE_REPORTS,
        ),
        (
            "place_reports_xlsx",
            f"{base}/platsrapporter/rapporter.xlsx",
            MODERATE_PLACE_REPORTS | ANSWER_PLACE_REPORTS,
        ),
        ("place_report", f"{base}/platsrapporter/{routed.pk}/", {"analyst", "reporter"}),
        ("place_report_photo", f"{base}/platsrapporter/{routed.pk}/foto-liten.jpg", {"analyst", "reporter"}),
        ("api incidents", f"/api/v1/municipalities{base}/incidents", FILE_INCIDENT_REPORTS),
        ("api week", f"/api/v1/municipalities{base}/incidents/weeks/2019/45", FILE_INCIDENT_REPORTS),
        ("api dialogues", f"/api/v1/municipalities{base}/dialogues/summary?year=2019", RECORD_DIALOGUES),
    ]


def client_for(place: Place, elsewhere: Place, role: str) -> Client:
    if role == "resident":
        return Client()
    return elsewhere.client("analyst") if role == "elsewhere" else place.client(role)


@pytest.mark.django_db
def test_every_role_against_every_page_and_endpoint(place: Place) -> None:
    elsewhere = make_place("annanstans")
    results = {}
    for name, url, allowed in matrix(place):
        for role in ROLES:
            status = client_for(place, elsewhere, role).get(url).status_code
            results[(name, role)] = status
            if role in allowed:
                assert status in (200, 302), (name, role, status)
            elif role == "resident":
                assert status in (302, 401), (name, role, status)  # to the login page, or 401
            else:
                assert status in (403, 404), (name, role, status)
    assert results[("this_week", "reporter")] == 302
    # Only allowed views of raw data were logged, each with its user (logins are logged too).
    assert (
        AuditEntry.objects.filter(action__in=["view", "api"])
        .exclude(username__in=["testkommun.reporter", "testkommun.analyst", "testkommun.owner"])
        .count()
        == 0
    )
    assert AuditEntry.objects.filter(username="testkommun.reporter", what__contains="vecka 45").count() == 1


def test_the_matrix_covers_every_inputs_page(place: Place) -> None:
    pages = {
        name for name in get_resolver().namespace_dict["inputs"][1].reverse_dict if isinstance(name, str)
    }
    assert pages == {name for name, _url, _allowed in matrix(place) if " " not in name}
