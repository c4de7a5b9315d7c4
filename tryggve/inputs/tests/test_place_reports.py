"""Residents' place reports: the anonymous form, its bad input and abuse limit, and the staff's
moderation and routing, each by the right role only."""

import io
import re
from datetime import time
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from PIL import Image

from tryggve.core import page_cache
from tryggve.core.models import (
    Area,
    AuditEntry,
    Landmark,
    Membership,
    OpeningHours,
    Organisation,
    RetentionRule,
)
from tryggve.inputs.models import PlaceKind, PlaceReport
from tryggve.testing import png_of_one_colour

from .conftest import IN_NORTH, OUTSIDE, Place, make_place

URL = "/testkommun/rapportera/"


def form(**fields: Any) -> dict[str, Any]:
    return {"pin-1-kind": "lighting", "pin-1-place": "Tunneln vid skolan", **fields}


def jpeg_with_position() -> bytes:
    out = io.BytesIO()
    exif = Image.Exif()
    exif[0x010E] = "Anna Andersson 070-123 45 67"  # ImageDescription, which must not survive
    Image.new("RGB", (40, 30), "red").save(out, format="JPEG", exif=exif)
    return out.getvalue()


def report(where: Place, **fields: Any) -> PlaceReport:
    values: dict[str, Any] = {
        "municipality": where.municipality,
        "kind": PlaceKind.LIGHTING,
        "area": where.north,
        "received_on": "2026-11-02",
        "description": "Lampan är trasig",
        **fields,
    }
    return PlaceReport.objects.create(**values)


def test_a_resident_reports_a_place_in_words_and_nothing_identifying_is_kept(place: Place) -> None:
    entries = AuditEntry.objects.count()
    response = Client(REMOTE_ADDR="203.0.113.9", HTTP_USER_AGENT="Agent/1").post(
        URL,
        form(
            **{
                "pin-1-area": place.south.pk,
                "pin-1-description": "Mörkt. Ring Anna Andersson på 070-123 45 67",
                "pin-1-photo": SimpleUploadedFile("a.jpg", jpeg_with_position(), "image/jpeg"),
            }
        ),
    )
    assert response.status_code == 302 and response["Location"] == "/testkommun/rapportera/tack/"
    stored = PlaceReport.objects.get()
    assert (stored.area, stored.kind, stored.status) == (place.south, "lighting", PlaceReport.Status.NEW)
    assert "070" not in stored.description and "Andersson" not in stored.description
    values = " ".join(str(v) for v in PlaceReport.objects.values().get().values())
    assert "203.0.113.9" not in values and "Agent" not in values
    assert {f.get_internal_type() for f in PlaceReport._meta.fields if f.name == "received_on"} == {
        "DateField"
    }
    assert PlaceReport._meta.pk is not None and PlaceReport._meta.pk.default.__name__ == "random_key"
    with stored.photo.open("rb") as photo:
        data = photo.read()
    assert b"Andersson" not in data and Image.open(io.BytesIO(data)).getexif() == {}
    # Nothing of the submission in the audit log, not even a staff user's own report.
    assert AuditEntry.objects.count() == entries
    thanks = Client().get("/testkommun/rapportera/tack/")
    assert "Vad händer nu" in thanks.content.decode()


def test_a_logged_in_staff_member_sending_a_report_leaves_no_audit_entry(place: Place) -> None:
    client = place.client("analyst")
    entries = AuditEntry.objects.count()
    response = client.post(URL, form(**{"pin-1-area": place.north.pk}))
    assert response.status_code == 302
    assert AuditEntry.objects.count() == entries


def test_a_point_on_the_map_gives_the_area(place: Place) -> None:
    lat, lng = IN_NORTH
    Client().post(URL, form(**{"pin-1-lat": lat, "pin-1-lng": lng, "pin-1-place": ""}))
    stored = PlaceReport.objects.get()
    assert (stored.area, stored.latitude) == (place.north, lat)


def csrf_of(page: str) -> str:
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert found is not None, "the form has no CSRF token"
    return found.group(1)


def test_the_empty_form_drawn_once_gives_each_resident_a_token_of_their_own_and_shows_edits_at_once(
    place: Place,
) -> None:
    """The empty form is kept per process (`core.page_cache`); what it is drawn from is its key."""
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    page_one, page_two = (c.get(URL).content.decode() for c in (first, second))
    assert csrf_of(page_one) != csrf_of(page_two)
    assert page_cache.CSRF_PLACEHOLDER not in page_one
    assert Client().get(URL).templates == []  # the kept page: nothing rendered again
    sent = second.post(URL, form(**{"pin-1-area": place.north.pk, "csrfmiddlewaretoken": csrf_of(page_two)}))
    assert sent.status_code == 302 and PlaceReport.objects.count() == 1
    # Each edit of what the page shows is on it at once.
    place.north.name = "Norra stan"
    place.north.save()
    assert ">Norra stan</option>" in Client().get(URL).content.decode()
    place.municipality.official_name = "Testkommuns kommun"
    place.municipality.save()
    assert "Testkommuns kommun" in Client().get(URL).content.decode()
    OpeningHours.objects.create(
        municipality=place.municipality, kind="visitors", first_weekday=0, last_weekday=4,
        opens=time(8), closes=time(16, 30),
    )  # fmt: skip
    assert "16.30" in Client().get(URL).content.decode()
    # In each language its own page.
    assert 'dir="rtl"' in Client().get("/ar" + URL).content.decode()
    assert 'dir="rtl"' not in Client().get(URL).content.decode()


def test_the_kept_form_and_a_report_in_words_read_only_the_municipality_and_store_the_report(
    place: Place,
) -> None:
    """The areas and the names scrubbing keeps are kept per process (`core.areas.known_places`)
    under the municipality's `places_version`, read with the municipality itself."""
    resident = Client()
    token = csrf_of(resident.get(URL).content.decode())
    with CaptureQueriesContext(connection) as shown:
        resident.get(URL)
    assert len(shown.captured_queries) == 1
    with CaptureQueriesContext(connection) as sent:
        answer = resident.post(URL, form(**{"pin-1-area": place.north.pk, "csrfmiddlewaretoken": token}))
    assert answer.status_code == 302
    written = [query["sql"] for query in sent.captured_queries if not query["sql"].startswith("SELECT")]
    read = [query["sql"] for query in sent.captured_queries if query["sql"].startswith("SELECT")]
    assert len(read) == 1 and "core_municipality" in read[0]
    assert any(sql.startswith("INSERT") and "inputs_placereport" in sql for sql in written)
    # A place named after a person, named since, is kept at once when a report is scrubbed.
    text = "Mörkt vid Karin Lund"
    resident.post(
        URL, form(**{"pin-1-area": place.north.pk, "pin-1-description": text, "csrfmiddlewaretoken": token})
    )
    assert PlaceReport.objects.filter(description="Mörkt vid [borttaget]").exists()
    Landmark.objects.create(
        municipality=place.municipality, name="Karin Lund", latitude=56.71, longitude=12.85
    )
    resident.post(
        URL, form(**{"pin-1-area": place.north.pk, "pin-1-description": text, "csrfmiddlewaretoken": token})
    )
    assert PlaceReport.objects.filter(description=text).exists()


def test_the_form_is_offered_in_arabic(place: Place) -> None:
    page = Client().get("/ar/testkommun/rapportera/").content.decode()
    assert 'dir="rtl"' in page and 'lang="ar"' in page


@pytest.mark.parametrize(
    ("prefix", "link"), [("", "Rapportera en plats"), ("/en", "Report a place"), ("/ar", "أبلغ عن مكان")]
)
def test_the_municipalitys_home_page_leads_residents_to_the_form(
    place: Place, prefix: str, link: str
) -> None:
    home = Client().get(f"{prefix}/testkommun/").content.decode()
    assert f'<a href="{prefix}/testkommun/rapportera/">{link}</a>' in home


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"pin-1-kind": "", "pin-1-place": ""}, "Detta fält måste fyllas i."),
        ({"pin-1-kind": "burglary"}, "Välj ett giltigt alternativ."),
        ({}, "Välj ett område eller markera platsen på kartan."),
        ({"pin-1-lat": OUTSIDE[0], "pin-1-lng": OUTSIDE[1]}, "Platsen på kartan ligger utanför kommunen."),
    ],
)
def test_bad_input_changes_nothing_and_says_why_in_swedish(
    place: Place, fields: dict[str, Any], message: str
) -> None:
    response = Client().post(URL, form(**fields))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not PlaceReport.objects.exists()


def test_an_area_of_another_municipality_is_refused(place: Place) -> None:
    other = make_place("annan")
    response = Client().post(URL, form(**{"pin-1-area": other.north.pk}))
    assert response.status_code == 400 and "Välj ett giltigt alternativ" in response.content.decode()
    assert not PlaceReport.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("a.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "Ladda upp en giltig bild"),
        ("a.jpg", b"GIF89a<script>alert(1)</script>", "Ladda upp en giltig bild"),
        ("huge.png", png_of_one_colour(13_000, 13_000), "Bilden är för stor"),
    ],
)
def test_a_file_that_is_no_photo_is_refused(place: Place, name: str, content: bytes, message: str) -> None:
    upload = SimpleUploadedFile(name, content)
    response = Client().post(URL, form(**{"pin-1-area": place.north.pk, "pin-1-photo": upload}))
    assert response.status_code == 400 and message in response.content.decode()
    assert not PlaceReport.objects.exists()


def test_a_polyglot_photo_is_stored_as_pixels_only(place: Place) -> None:
    hostile = jpeg_with_position() + b"<html><script>alert(1)</script></html>"
    upload = SimpleUploadedFile("a.jpg", hostile, "image/jpeg")
    assert (
        Client().post(URL, form(**{"pin-1-area": place.north.pk, "pin-1-photo": upload})).status_code == 302
    )
    with PlaceReport.objects.get().photo.open("rb") as photo:
        assert b"<script>" not in photo.read()


def test_the_abuse_limit_counts_each_client_through_trusted_proxies_only(place: Place, settings: Any) -> None:
    settings.PLACE_REPORTS_PER_CLIENT_PER_HOUR = 2
    settings.TRYGGVE_TRUSTED_PROXIES = ["10.0.0.1"]
    data = form(**{"pin-1-area": place.north.pk})
    # A client that forges X-Forwarded-For without our proxy is still counted by its own address.
    forger = Client(REMOTE_ADDR="198.51.100.7")
    codes = [forger.post(URL, data, HTTP_X_FORWARDED_FOR=f"192.0.2.{n}").status_code for n in range(3)]
    assert codes == [302, 302, 429]
    assert "från din anslutning" in forger.post(URL, data).content.decode()
    # Behind our proxy, each resident has a counter of their own.
    proxy = Client(REMOTE_ADDR="10.0.0.1")
    assert proxy.post(URL, data, HTTP_X_FORWARDED_FOR="192.0.2.50").status_code == 302
    assert PlaceReport.objects.count() == 3


# --- Staff --------------------------------------------------------------------------------------


def staff_url(item: PlaceReport, slug: str = "testkommun") -> str:
    return f"/{slug}/platsrapporter/{item.pk}/"


def test_the_coordinator_lists_new_reports_and_the_view_is_audited(place: Place) -> None:
    report(place)
    report(place, hidden=True, hidden_reason="Hot")
    response = place.client("analyst").get("/testkommun/platsrapporter/")
    assert response.status_code == 200
    assert response.content.decode().count("/platsrapporter/") >= 1
    assert len(response.context["page"].object_list) == 1
    assert AuditEntry.objects.filter(action=AuditEntry.Action.VIEW, what="platsrapporter, lista").exists()


@pytest.mark.parametrize("role", ["reporter", "owner", "approver", "admin"])
def test_other_roles_cannot_moderate(place: Place, role: str) -> None:
    item = report(place)
    client = place.client(role)
    assert client.get("/testkommun/platsrapporter/").status_code == 403
    response = client.post(staff_url(item), {"action": "hide", "hide-reason": "x"})
    assert response.status_code in (403, 404)
    item.refresh_from_db()
    assert not item.hidden


def test_the_coordinator_hides_merges_and_approves(place: Place) -> None:
    first, second = report(place), report(place)
    client = place.client("analyst")
    assert client.post(staff_url(second), {"action": "hide", "hide-reason": ""}).status_code == 400
    client.post(staff_url(second), {"action": "merge", "merge-duplicate_of": first.pk})
    client.post(
        staff_url(first), {"action": "text", "text-public_text": "Ring 070-123 45 67", "text-approved": "on"}
    )
    third = report(place)
    client.post(staff_url(third), {"action": "hide", "hide-reason": "Personuppgifter"})
    first.refresh_from_db()
    second.refresh_from_db()
    third.refresh_from_db()
    assert second.duplicate_of == first and not second.public
    assert first.approved and "070" not in first.public_text and first.public
    assert third.hidden and not third.public
    assert AuditEntry.objects.filter(action=AuditEntry.Action.CHANGED, what__contains=str(third.pk)).exists()


def test_approving_an_empty_text_is_refused(place: Place) -> None:
    item = report(place)
    response = place.client("analyst").post(
        staff_url(item), {"action": "text", "text-public_text": "", "text-approved": "on"}
    )
    assert response.status_code == 400 and "Skriv texten innan du godkänner den." in response.content.decode()
    item.refresh_from_db()
    assert not item.approved


def test_a_report_of_another_municipality_is_not_found(place: Place) -> None:
    other = make_place("annan")
    foreign = report(other)
    client = place.client("analyst")
    assert client.get(staff_url(foreign)).status_code == 404
    assert client.post(staff_url(foreign), {"action": "hide", "hide-reason": "x"}).status_code == 404
    assert client.get(staff_url(foreign, "annan")).status_code == 404
    foreign.refresh_from_db()
    assert not foreign.hidden


def answerer(place: Place, organisation: Organisation, name: str) -> Client:
    user = User.objects.create_user(name, f"{name}@example.org", "x")
    Membership.objects.create(
        user=user,
        organisation=organisation,
        municipality=place.municipality,
        role=Membership.Role.ACTIVITY_OWNER,
    )
    client = Client()
    client.force_login(user)
    return client


def test_routing_and_the_organisations_answer(place: Place) -> None:
    item = report(place)
    place.client("analyst").post(
        staff_url(item),
        {"action": "route", "route-organisation": place.housing.pk, "route-due": "2026-12-31"},
    )
    item.refresh_from_db()
    assert (item.organisation, item.status) == (place.housing, PlaceReport.Status.RECEIVED)
    housing = answerer(place, place.housing, "bovard")
    kommun = answerer(place, place.kommun, "gatukontor")
    assert "/platsrapporter/" in housing.get("/testkommun/platsrapporter/arenden/").content.decode()
    assert kommun.get(staff_url(item)).status_code == 404
    refused = housing.post(staff_url(item), {"action": "case", "case-status": "not_done", "case-reason": ""})
    assert refused.status_code == 400 and "Ange varför" in refused.content.decode()
    housing.post(
        staff_url(item),
        {"action": "case", "case-status": "planned", "case-answer": "Vi byter lampan i december."},
    )
    item.refresh_from_db()
    assert (item.status, item.answer) == (PlaceReport.Status.PLANNED, "Vi byter lampan i december.")
    # The organisation answers; it does not moderate.
    assert housing.post(staff_url(item), {"action": "hide", "hide-reason": "x"}).status_code == 403


def test_areas_outside_the_coordinators_reach_are_not_listed(place: Place) -> None:
    report(place, area=place.south)
    limited = User.objects.create_user("nord", "nord@example.org", "x")
    membership = Membership.objects.create(
        user=limited, organisation=place.kommun, municipality=place.municipality, role=Membership.Role.ANALYST
    )
    membership.areas.set([place.north])
    client = Client()
    client.force_login(limited)
    assert len(client.get("/testkommun/platsrapporter/?visa=alla").context["page"].object_list) == 0
    assert Area.objects.filter(pk=place.south.pk).exists()


def test_retention_removes_descriptions_places_and_photos_and_keeps_the_case(place: Place) -> None:
    old = report(
        place, received_on="2020-01-01", place="Tunneln", latitude=56.7, longitude=12.8, answer="Lagat"
    )
    new = report(place)
    RetentionRule.objects.create(
        municipality=place.municipality, kind=RetentionRule.Kind.PLACE_REPORTS, days=365, decision="KS 2026/1"
    )
    call_command("apply_retention", stdout=io.StringIO())
    old.refresh_from_db()
    new.refresh_from_db()
    assert (old.description, old.place, old.latitude, old.purged) == ("", "", None, True)
    assert (old.kind, old.area, old.answer) == ("lighting", place.north, "Lagat")
    assert new.description == "Lampan är trasig" and not new.purged
