"""Status by e-mail, if a resident wants it (issue 33.2): the address in a table of its own that no
staff role reads (pages, admin, downloads, API, audit log, backups), each e-mail only the new
status and a link, and the address gone when the case closes, the report is hidden, or after
90 days."""

import io
import json
import sqlite3
import subprocess
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.contrib import admin
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.utils import timezone

from tryggve.core.models import AuditEntry
from tryggve.inputs import place_followers
from tryggve.inputs.models import PlaceKind, PlaceReport, StatusSubscription

from .conftest import Place

URL = "/testkommun/rapportera/"
ADDRESS = "boende.med.lampa@example.org"


def send(client: Client, fields: dict[str, Any], url: str = URL) -> Any:
    return client.post(
        url,
        {"pin-1-kind": "lighting", "pin-1-place": "Tunneln vid skolan", "pin-1-email": ADDRESS, **fields},
    )


def staff_url(report: PlaceReport) -> str:
    return f"/testkommun/platsrapporter/{report.pk}/"


def sent_report(place: Place, client: Client | None = None, url: str = URL) -> PlaceReport:
    """A report a resident sends with their address, as the form stores it."""
    before = set(PlaceReport.objects.values_list("pk", flat=True))
    response = send(client or Client(), {"pin-1-area": place.north.pk, "pin-1-description": "Mörkt"}, url)
    assert response.status_code == 302
    return PlaceReport.objects.exclude(pk__in=before).get()


def route(place: Place, report: PlaceReport) -> Any:
    return place.client("analyst").post(
        staff_url(report), {"action": "route", "route-organisation": place.housing.pk, "route-due": ""}
    )


def answer(place: Place, report: PlaceReport, status: str, reason: str = "") -> Any:
    """The housing company's partner reporter sets the status of its case."""
    return place.client("reporter").post(
        staff_url(report),
        {"action": "case", "case-status": status, "case-reason": reason, "case-answer": "Lampan byts."},
    )


@pytest.mark.django_db
def test_the_address_is_kept_apart_from_the_report_and_a_bad_one_changes_nothing(place: Place) -> None:
    bad = send(Client(), {"pin-1-area": place.north.pk, "pin-1-email": "inte en adress"})
    assert bad.status_code == 400
    assert "Fyll i en giltig e-postadress." in bad.content.decode()
    assert PlaceReport.objects.count() == 0 and StatusSubscription.objects.count() == 0
    report = sent_report(place)
    follower = StatusSubscription.objects.get()
    assert (follower.report_id, follower.email, follower.language) == (report.pk, ADDRESS, "sv")
    assert follower.since == timezone.localdate()
    # Nothing on the report's own row, and the record names no address when printed.
    assert ADDRESS not in json.dumps(list(PlaceReport.objects.values()), default=str)
    assert ADDRESS not in str(follower)
    # Without an address, nothing is kept.
    send(Client(), {"pin-1-area": place.north.pk, "pin-1-email": ""})
    assert PlaceReport.objects.count() == 2 and StatusSubscription.objects.count() == 1


@pytest.mark.django_db
def test_each_new_status_is_e_mailed_with_only_the_status_and_a_link_until_the_case_closes(
    place: Place,
) -> None:
    report = sent_report(place, url="/en/testkommun/rapportera/")
    assert StatusSubscription.objects.get().language == "en"
    route(place, report)
    report.refresh_from_db()
    assert report.status == "received" and report.status_on == timezone.localdate()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [ADDRESS] and message.subject == "Your place report: Received"
    link = f"http://127.0.0.1:8000/en/testkommun/rapporterade-platser/{report.pk}/"
    assert message.body.splitlines()[:3] == ["New status: Received", "", link]
    # Nothing else of the report: not what, where, the description, the organisation or the answer.
    for private in ("Lighting", "Norr", "Mörkt", "Tunneln", place.housing.name, "Lampan"):
        assert private not in message.body and private not in message.subject
    assert Client().get(link.removeprefix("http://127.0.0.1:8000")).status_code == 200
    answer(place, report, "planned")
    assert len(mail.outbox) == 2 and "New status: Planned" in mail.outbox[1].body
    assert "Lampan byts." not in mail.outbox[1].body
    # The same status again sends nothing.
    answer(place, report, "planned")
    assert len(mail.outbox) == 2
    answer(place, report, "done")
    assert len(mail.outbox) == 3 and "New status: Done" in mail.outbox[2].body
    assert StatusSubscription.objects.count() == 0  # closed: the address is gone
    answer(place, report, "planned")
    assert len(mail.outbox) == 3


@pytest.mark.django_db
def test_a_case_that_will_not_be_done_closes_too_and_swedish_is_the_default(place: Place) -> None:
    report = sent_report(place)
    route(place, report)
    answer(place, report, "not_done", reason="Marken är privat")
    assert [m.subject for m in mail.outbox] == ["Din platsrapport: Mottagen", "Din platsrapport: Görs inte"]
    assert "Marken är privat" not in mail.outbox[1].body
    assert StatusSubscription.objects.count() == 0


@pytest.mark.django_db
def test_a_hidden_report_forgets_its_followers_without_an_e_mail(place: Place) -> None:
    report = sent_report(place)
    place.client("analyst").post(staff_url(report), {"action": "hide", "hide-reason": "Namnger en person"})
    assert StatusSubscription.objects.count() == 0 and mail.outbox == []


@pytest.mark.django_db
def test_a_duplicates_followers_follow_the_report_it_repeats(place: Place) -> None:
    original = sent_report(place)
    duplicate = sent_report(place)
    assert StatusSubscription.objects.count() == 2
    place.client("analyst").post(staff_url(duplicate), {"action": "merge", "merge-duplicate_of": original.pk})
    assert set(StatusSubscription.objects.values_list("report_id", flat=True)) == {original.pk}
    route(place, original)
    assert len(mail.outbox) == 2 and {m.body.splitlines()[2] for m in mail.outbox} == {
        f"http://127.0.0.1:8000/testkommun/rapporterade-platser/{original.pk}/"
    }
    # Merged into a case already closed: the last status at once, then forgotten.
    answer(place, original, "done")
    late = sent_report(place)
    mail.outbox.clear()
    place.client("analyst").post(staff_url(late), {"action": "merge", "merge-duplicate_of": original.pk})
    assert [m.subject for m in mail.outbox] == ["Din platsrapport: Gjort"]
    assert StatusSubscription.objects.count() == 0


@pytest.mark.django_db
def test_addresses_are_deleted_after_90_days_by_the_daily_retention_run(place: Place) -> None:
    today = timezone.localdate()
    report = PlaceReport.objects.create(
        municipality=place.municipality, kind=PlaceKind.LIGHTING, area=place.north, received_on=today
    )
    for days in (91, 90, 1):
        StatusSubscription.objects.create(
            report=report, email=f"{days}@example.org", language="sv", since=today - timedelta(days=days)
        )
    out = io.StringIO()
    call_command("apply_retention", stdout=out)
    assert sorted(StatusSubscription.objects.values_list("email", flat=True)) == [
        "1@example.org",
        "90@example.org",
    ]
    assert "e-postadresser för platsrapporters läge: 1 (90 days)" in out.getvalue()
    entry = AuditEntry.objects.get(action=AuditEntry.Action.RETENTION, what__contains="platsrapporters läge")
    assert entry.rows == 1 and "@example.org" not in entry.what
    assert place_followers.KEEP_DAYS == 90


@pytest.mark.django_db
def test_no_staff_role_reads_the_address_on_any_page_download_api_or_audit_entry(place: Place) -> None:
    staff = place.client("analyst")
    # Even a logged-in staff member's own report with an address leaves no audit entry.
    report = sent_report(place, client=staff)
    route(place, report)
    answer(place, report, "planned")
    assert StatusSubscription.objects.count() == 1
    pages = [
        "/testkommun/platsrapporter/?visa=alla",
        staff_url(report),
        "/testkommun/platsrapporter/arenden/",
        "/testkommun/platsrapporter/rapporter.csv",
        "/testkommun/platsrapporter/rapporter.xlsx",
        f"/testkommun/rapporterade-platser/{report.pk}/",
        "/testkommun/rapporterade-platser/",
        "/api/v1/municipalities/testkommun/place-reports",
        f"/api/v1/municipalities/testkommun/place-reports/{report.pk}",
        "/testkommun/flode.atom",
        "/api/v1/openapi.json",
    ]
    for role in ("analyst", "reporter", "owner", "approver", "admin"):
        for path in pages:
            response = place.client(role).get(path)
            body = response.content
            assert ADDRESS.encode() not in body, (role, path)
            assert b"example.org" not in body or path == "/api/v1/openapi.json", (role, path)
    schema = Client().get("/api/v1/openapi.json").content.decode().lower()
    assert "subscription" not in schema and "e-mail address" not in schema
    # Not registered in the admin, not in the change log.
    assert StatusSubscription not in admin.site._registry
    logged = " ".join(AuditEntry.objects.values_list("what", flat=True))
    assert ADDRESS not in logged and "lägesmejl" not in logged and "status e-mail" not in logged
    answer(place, report, "done")  # the address is deleted by a staff member's change: still no entry
    assert StatusSubscription.objects.count() == 0
    assert "lägesmejl" not in " ".join(AuditEntry.objects.values_list("what", flat=True))


@pytest.mark.django_db(transaction=True)
def test_backups_leave_the_addresses_out(place: Place, tmp_path: Path) -> None:
    report = sent_report(place)
    assert StatusSubscription.objects.filter(report=report).count() == 1
    path = tmp_path / "backup"
    call_command("backup", str(path), stdout=io.StringIO())
    if connection.vendor == "sqlite":
        copy = sqlite3.connect(path)
        assert copy.execute("SELECT COUNT(*) FROM inputs_statussubscription").fetchone() == (0,)
        assert copy.execute("SELECT COUNT(*) FROM inputs_placereport").fetchone() == (1,)
        copy.close()
        assert ADDRESS.encode() not in path.read_bytes()
    else:
        text = subprocess.run(
            ["pg_restore", "--data-only", "--file=-", str(path)],  # noqa: S607
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        assert "Mörkt" in text and ADDRESS not in text
    assert StatusSubscription.objects.count() == 1  # the live site keeps it


@pytest.mark.django_db
def test_the_day_of_a_new_status_is_kept_and_a_report_approved_unrouted_gets_one(place: Place) -> None:
    report = sent_report(place)
    assert report.status_on is None
    place.client("analyst").post(
        staff_url(report), {"action": "text", "text-public_text": "Mörk tunnel.", "text-approved": "on"}
    )
    report.refresh_from_db()
    assert report.status_on == timezone.localdate() and report.status == "new"
    assert PlaceReport.objects.published().filter(pk=report.pk).exists()
    report.status_on = date(2026, 1, 1)
    report.save()
    route(place, report)
    report.refresh_from_db()
    assert report.status_on == timezone.localdate()
