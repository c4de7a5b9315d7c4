from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from tryggve.core.models import AuditEntry

pytestmark = pytest.mark.django_db
PASSWORD = "ett-langt-losenord-2026"


@pytest.fixture
def staff(db: None) -> User:
    return User.objects.create_user("analytiker", "analytiker@kommun.example", PASSWORD)


def attempt(client: Client, password: str, address: str = "192.0.2.10") -> Any:
    return client.post(
        "/konto/logga-in/", {"username": "analytiker", "password": password}, REMOTE_ADDR=address
    )


def test_repeated_wrong_passwords_lock_the_login(client: Client, staff: User, settings: object) -> None:
    for _ in range(4):
        assert attempt(client, "fel-gissning").status_code == 200
    # The fifth failure locks, and then even the right password is refused.
    assert attempt(client, "fel-gissning").status_code == 429
    locked = attempt(client, PASSWORD)
    assert locked.status_code == 429
    assert "spärrad i 15 minuter" in locked.content.decode()
    assert "_auth_user_id" not in client.session
    assert AuditEntry.objects.filter(username="analytiker", action="locked_out").exists()
    assert AuditEntry.objects.filter(username="analytiker", action="login_failed").count() >= 5
    # The admin's login page is locked too.
    admin = client.post(
        "/admin/login/", {"username": "analytiker", "password": PASSWORD}, REMOTE_ADDR="192.0.2.10"
    )
    assert admin.status_code == 429
    # Someone else's address is not blocked by these failures.
    assert attempt(Client(), PASSWORD, address="198.51.100.7").status_code == 302


def test_a_right_password_before_the_limit_starts_the_count_again(client: Client, staff: User) -> None:
    for _ in range(4):
        attempt(client, "fel-gissning")
    assert attempt(client, PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        attempt(client, "fel-gissning")
    assert attempt(client, PASSWORD).status_code == 302


def test_an_absurdly_long_user_name_is_just_a_wrong_login(client: Client, staff: User) -> None:
    for path in ("/konto/logga-in/", "/admin/login/"):
        response = client.post(path, {"username": "x" * 5000, "password": "fel"})
        assert response.status_code == 200, path
    assert "Användarnamnet eller lösenordet är fel." in attempt(client, "fel").content.decode()


def test_a_forged_forwarded_header_does_not_escape_the_lockout(
    client: Client, staff: User, settings: Any
) -> None:
    """Behind the TLS proxy, a peer that is not a trusted proxy cannot name itself a new address."""
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.TRYGGVE_TRUSTED_PROXIES = ["127.0.0.1"]
    for guess in range(5):
        forged = client.post(
            "/konto/logga-in/",
            {"username": "analytiker", "password": "fel-gissning"},
            REMOTE_ADDR="192.0.2.10",
            HTTP_X_FORWARDED_FOR=f"203.0.113.{guess}",
        )
    assert forged.status_code == 429
    # Through the trusted proxy, the address it names is the one counted: a colleague elsewhere
    # logs in.
    colleague = Client().post(
        "/konto/logga-in/",
        {"username": "analytiker", "password": PASSWORD},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="198.51.100.7",
    )
    assert colleague.status_code == 302
