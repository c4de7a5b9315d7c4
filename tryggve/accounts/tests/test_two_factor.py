import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tryggve.core.models import AuditEntry, Membership, Municipality, Organisation

pytestmark = pytest.mark.django_db
PASSWORD = "ett-langt-losenord-2026"


def moments_later(device: TOTPDevice) -> None:
    """After a wrong code django-otp waits a second or more before the next try; let that pass."""
    device.refresh_from_db()
    if device.throttling_failure_timestamp:
        device.throttling_failure_timestamp -= timedelta(seconds=2**device.throttling_failure_count)
        device.save()


def code(device: TOTPDevice) -> str:
    """What the authenticator app shows now."""
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


@pytest.fixture
def staff(db: None) -> User:
    return User.objects.create_user("analytiker", "analytiker@kommun.example", PASSWORD)


@pytest.fixture
def organisation(staff: User) -> Organisation:
    kommun = Municipality.objects.create(name="Testby", slug="testby", code="9999")
    organisation = Organisation.objects.create(name="Testby kommun", slug="testby", kind="kommun")
    organisation.municipalities.add(kommun)
    Membership.objects.create(user=staff, organisation=organisation, municipality=kommun, role="analyst")
    return organisation


def log_in(client: Client) -> str:
    response = client.post(
        "/konto/logga-in/", {"username": "analytiker", "password": PASSWORD, "next": "/konto/"}
    )
    return str(response["Location"])


def test_staff_turn_two_factor_on_with_a_first_code(client: Client, staff: User) -> None:
    client.force_login(staff)
    page = client.get("/konto/tvastegsinloggning/").content.decode()
    assert "<svg" in page and "skanna den här QR-koden" in page
    device = TOTPDevice.objects.get(user=staff)
    # The key is shown for typing by hand, in groups of four.
    typed = "".join(re.search(r'<code class="key">([A-Z2-7 ]+)</code>', page).group(1).split())  # type: ignore[union-attr]
    assert device.config_url.count(typed) == 1

    wrong = client.post(
        "/konto/tvastegsinloggning/", {"code": "000000" if code(device) != "000000" else "111111"}
    )
    assert "Koden är fel eller för gammal" in wrong.content.decode()
    assert not TOTPDevice.objects.get(pk=device.pk).confirmed

    moments_later(device)
    done = client.post("/konto/tvastegsinloggning/", {"code": code(device)})
    assert done["Location"] == "/konto/"
    assert TOTPDevice.objects.get(pk=device.pk).confirmed
    assert AuditEntry.objects.filter(user=staff, action="2fa_on").exists()
    assert "Tvåfaktorinloggning är på." in client.get("/konto/").content.decode()


def test_after_the_password_staff_must_give_the_code(client: Client, staff: User) -> None:
    device = TOTPDevice.objects.create(user=staff, name="Tryggve", confirmed=True)
    assert log_in(client) == "/konto/"
    # Every staff page and the API wait for the code.
    assert client.get("/konto/")["Location"] == "/konto/logga-in/kod/?next=%2Fkonto%2F"
    assert client.get("/admin/")["Location"].startswith("/konto/logga-in/kod/")
    api = client.get("/api/v1/municipalities/halmstad/incidents")
    assert api.status_code == 403 and "tvåfaktorkod" in api.json()["detail"]

    wrong = client.post("/konto/logga-in/kod/?next=/konto/", {"code": "12 34", "next": "/konto/"})
    assert "Koden är fel eller för gammal" in wrong.content.decode()
    assert AuditEntry.objects.filter(user=staff, action="2fa_failed").exists()
    # Guessing fast is refused outright.
    assert (
        "För många felaktiga koder"
        in client.post("/konto/logga-in/kod/", {"code": code(device)}).content.decode()
    )

    moments_later(device)

    right = client.post("/konto/logga-in/kod/", {"code": code(device), "next": "/konto/"})
    assert right["Location"] == "/konto/"
    assert client.get("/konto/").status_code == 200


def test_an_organisation_can_require_two_factor(
    client: Client, staff: User, organisation: Organisation
) -> None:
    organisation.require_two_factor = True
    organisation.save()
    log_in(client)
    assert client.get("/konto/")["Location"] == "/konto/tvastegsinloggning/?next=%2Fkonto%2F"
    page = client.get("/konto/tvastegsinloggning/").content.decode()
    assert "Din organisation kräver tvåfaktorinloggning" in page
    device = TOTPDevice.objects.get(user=staff)
    client.post("/konto/tvastegsinloggning/", {"code": code(device)})
    assert client.get("/konto/").status_code == 200
    # Required, so it cannot be turned off.
    device.refresh_from_db()
    device.last_t = -1
    device.save()
    client.post("/konto/tvastegsinloggning/", {"code": code(device)})
    assert TOTPDevice.objects.filter(user=staff, confirmed=True).exists()


def test_staff_may_turn_two_factor_off_when_not_required(client: Client, staff: User) -> None:
    device = TOTPDevice.objects.create(user=staff, name="Tryggve", confirmed=True)
    log_in(client)
    client.post("/konto/logga-in/kod/", {"code": code(device), "next": "/konto/"})
    device.refresh_from_db()
    device.last_t = -1  # the app shows a new code half a minute later
    device.save()
    assert client.post("/konto/tvastegsinloggning/", {"code": code(device)})["Location"] == "/konto/"
    assert not TOTPDevice.objects.filter(user=staff).exists()
    assert AuditEntry.objects.filter(user=staff, action="2fa_off").exists()
