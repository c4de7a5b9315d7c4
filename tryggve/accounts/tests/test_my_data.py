"""A staff member (or the administrator, for a data-protection request) gets everything stored about them."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from tryggve.core.models import AuditEntry, Membership, Municipality, Organisation

from .test_two_factor import code

pytestmark = pytest.mark.django_db
PASSWORD = "ett-langt-losenord-2026"


@pytest.fixture
def staff(db: None) -> User:
    user = User.objects.create_user("analytiker", "analytiker@kommun.example", PASSWORD, first_name="Alva")
    place = Municipality.objects.create(name="Testby", slug="testby", code="9999")
    organisation = Organisation.objects.create(name="Testby kommun", slug="testby", kind="kommun")
    organisation.municipalities.add(place)
    Membership.objects.create(user=user, organisation=organisation, municipality=place, role="analyst")
    TOTPDevice.objects.create(user=user, name="Tryggve", confirmed=True)
    User.objects.create_user("kollega", "kollega@kommun.example", PASSWORD)
    return user


def test_staff_download_what_is_stored_about_them(client: Client, staff: User) -> None:
    client.post("/konto/logga-in/", {"username": "analytiker", "password": "fel"}, REMOTE_ADDR="192.0.2.1")
    client.force_login(staff)
    client.post("/konto/logga-in/kod/", {"code": code(TOTPDevice.objects.get(user=staff))})
    assert "Ladda ner allt Tryggve sparar om dig" in client.get("/konto/").content.decode()
    download = client.get("/konto/mina-uppgifter/")
    assert download["Content-Type"] == "application/json"
    data = json.loads(download.content)
    assert data["user"]["fields"]["email"] == "analytiker@kommun.example"
    assert data["user"]["fields"]["first_name"] == "Alva"
    records = data["records"]
    assert [row["fields"]["role"] for row in records["core.membership"]] == ["analyst"]
    assert {row["fields"]["action"] for row in records["core.auditentry"]} >= {"login_failed", "login"}
    assert records["axes.accessattempt"][0]["fields"]["ip_address"] == "192.0.2.1"
    assert records["otp_totp.totpdevice"][0]["fields"]["name"] == "Tryggve"
    # Credentials are not information about the person, and nobody else's rows are included.
    text = download.content.decode()
    assert "argon2" not in text and "pbkdf2" not in text
    assert "key" not in records["otp_totp.totpdevice"][0]["fields"]
    assert "kollega" not in text
    assert AuditEntry.objects.filter(user=staff, action="export").exists()


def test_administrators_export_a_user_for_a_data_protection_request(staff: User, tmp_path: Path) -> None:
    target = tmp_path / "analytiker.json"
    call_command("export_user_data", "analytiker", output=target, stderr=StringIO())
    data = json.loads(target.read_text())
    assert data["user"]["fields"]["username"] == "analytiker"
    assert "core.membership" in data["records"]
    with pytest.raises(CommandError, match="Ingen personal heter okand"):
        call_command("export_user_data", "okand")
