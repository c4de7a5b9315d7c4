"""Single sign-on through a real OpenID Connect provider on loopback (see oidc_provider.py)."""

import http.client
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import User
from django.test import Client

from tryggve.core.models import AuditEntry, Membership, Municipality, Organisation

from . import oidc_provider

pytestmark = pytest.mark.django_db


@pytest.fixture
def provider(settings: Any) -> Iterator[oidc_provider.Provider]:
    with oidc_provider.running() as running:
        for name, value in running.settings().items():
            setattr(settings, name, value)
        settings.AUTHENTICATION_BACKENDS = [*settings.AUTHENTICATION_BACKENDS, "tryggve.accounts.sso.Backend"]
        yield running


@pytest.fixture
def staff(db: None) -> User:
    return User.objects.create_user("samordnare", "Samordnare@kommun.example", "ett-langt-losenord-2026")


def sign_in_at_provider(client: Client, next_page: str) -> str:
    """Starts single sign-on, lets the provider log the person in, and returns where Tryggve sends them."""
    start = client.get(f"/konto/sso/?next={next_page}")
    assert start.status_code == 302
    at_provider = urlsplit(start["Location"])
    connection = http.client.HTTPConnection(at_provider.netloc)
    connection.request("GET", f"{at_provider.path}?{at_provider.query}")
    back = urlsplit(connection.getresponse().getheader("Location", ""))
    connection.close()
    done = client.get(f"{back.path}?{back.query}")
    assert done.status_code == 302
    return str(done["Location"])


def test_staff_log_in_with_the_municipalitys_account(
    client: Client, provider: oidc_provider.Provider, staff: User
) -> None:
    assert "Logga in med din organisations konto" in client.get("/konto/logga-in/").content.decode()
    provider.person = {"sub": "4711", "email": "samordnare@kommun.example"}
    assert sign_in_at_provider(client, "/konto/") == "/konto/"
    assert client.session["_auth_user_id"] == str(staff.pk)
    assert AuditEntry.objects.filter(
        user=staff, action="login", what="Loggade in via inloggningstjänsten"
    ).exists()


def test_single_sign_on_counts_as_two_factor(
    client: Client, provider: oidc_provider.Provider, staff: User
) -> None:
    kommun = Municipality.objects.create(name="Testby", slug="testby", code="9999")
    organisation = Organisation.objects.create(name="Testby kommun", slug="testby", kind="kommun")
    organisation.municipalities.add(kommun)
    organisation.require_two_factor = True
    organisation.save()
    Membership.objects.create(user=staff, organisation=organisation, municipality=kommun, role="analyst")
    provider.person = {"sub": "4711", "email": "samordnare@kommun.example"}
    sign_in_at_provider(client, "/konto/")
    assert client.get("/konto/").status_code == 200


def test_unknown_person_is_not_logged_in_and_told_why(
    client: Client, provider: oidc_provider.Provider, staff: User
) -> None:
    provider.person = {"sub": "666", "email": "okand@annanstans.example"}
    failed = sign_in_at_provider(client, "/konto/")
    assert failed == "/konto/logga-in/?sso=fel"
    assert "_auth_user_id" not in client.session
    assert "har din e-postadress inget personalkonto i Tryggve" in client.get(failed).content.decode()
    assert not User.objects.filter(email="okand@annanstans.example").exists()


def test_without_configuration_there_is_no_single_sign_on(client: Client, db: None) -> None:
    assert "Logga in med din organisations konto" not in client.get("/konto/logga-in/").content.decode()
    assert client.get("/konto/sso/").status_code == 404
