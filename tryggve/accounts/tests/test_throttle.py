"""Guesses at one account from many addresses slow it down; its owner still logs in."""

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.core.cache import cache
from django.test import Client

from tryggve.accounts import throttle

pytestmark = pytest.mark.django_db
PASSWORD = "ett-langt-losenord-2026"
LOGIN = "/konto/logga-in/"


@pytest.fixture
def staff(db: None) -> User:
    cache.clear()
    return User.objects.create_user("analytiker", "analytiker@kommun.example", PASSWORD)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    now = [1_800_000_000.0]
    monkeypatch.setattr(throttle, "_now", lambda: now[0])
    return now


def attempt(client: Client, password: str, address: str) -> Any:
    return client.post(LOGIN, {"username": "analytiker", "password": password}, REMOTE_ADDR=address)


def guess_from_many_addresses(guesses: int, first: int = 0) -> None:
    for n in range(first, first + guesses):
        assert attempt(Client(), "fel-gissning", f"198.51.100.{n}").status_code == 200


def test_failures_from_many_addresses_slow_the_account_and_warn_its_owner(
    staff: User, clock: list[float]
) -> None:
    guess_from_many_addresses(10)
    assert [message.to for message in mail.outbox] == [["analytiker@kommun.example"]]
    assert "10" in mail.outbox[0].body and "analytiker" in mail.outbox[0].body
    # Even the right password now waits; the page says how long.
    client = Client()
    slowed = attempt(client, PASSWORD, "203.0.113.5")
    assert slowed.status_code == 200 and "_auth_user_id" not in client.session
    assert "Vänta 1 sekund" in slowed.content.decode()
    clock[0] += 1
    assert attempt(client, PASSWORD, "203.0.113.5").status_code == 302
    assert len(mail.outbox) == 1


def test_the_delay_doubles_and_refused_attempts_are_not_counted(staff: User, clock: list[float]) -> None:
    guess_from_many_addresses(10)
    waits = []
    for n in range(4):
        request = Client().get(LOGIN).wsgi_request
        waits.append(throttle.seconds_to_wait(request, "analytiker"))
        # Refused during the wait: not tried, not counted.
        assert "Vänta" in attempt(Client(), "fel-gissning", f"192.0.2.{n}").content.decode()
        clock[0] += waits[-1]
        guess_from_many_addresses(1, first=20 + n)
    assert waits == [1, 2, 4, 8]


def test_the_delay_stops_rising_at_the_maximum(staff: User, clock: list[float], settings: Any) -> None:
    settings.TRYGGVE_ACCOUNT_DELAY_MAX_SECONDS = 5
    for n in range(14):
        guess_from_many_addresses(1, first=n)
        clock[0] += 60  # each guess waits out its delay: all 14 are counted
    clock[0] -= 60
    assert throttle.seconds_to_wait(Client().get(LOGIN).wsgi_request, "analytiker") == 5


def test_the_owner_logs_in_at_once_from_a_browser_used_before(staff: User, clock: list[float]) -> None:
    owner = Client()
    assert attempt(owner, PASSWORD, "203.0.113.9").status_code == 302
    owner.post("/konto/logga-ut/")
    guess_from_many_addresses(15)
    assert attempt(owner, PASSWORD, "203.0.113.9").status_code == 302
    # A forged or copied cookie for another account gives no way around the delay.
    stranger = Client()
    stranger.cookies[throttle.KNOWN_COOKIE] = "forged"
    assert "Vänta" in attempt(stranger, PASSWORD, "192.0.2.77").content.decode()


def test_password_resets_are_limited_per_address_and_per_account(staff: User, settings: Any) -> None:
    settings.TRYGGVE_PASSWORD_RESETS_PER_ADDRESS = 5
    settings.TRYGGVE_PASSWORD_RESETS_PER_ACCOUNT = 3
    from_one = [
        Client().post("/konto/losenord/", {"email": f"x{n}@example.org"}, REMOTE_ADDR="192.0.2.1").status_code
        for n in range(6)
    ]
    assert from_one == [302] * 5 + [429]
    for_one = [
        Client().post("/konto/losenord/", {"email": staff.email}, REMOTE_ADDR=f"198.51.100.{n}")
        for n in range(4)
    ]
    assert [response.status_code for response in for_one] == [302, 302, 302, 429]
    assert "För många" in for_one[-1].content.decode()
    assert len([m for m in mail.outbox if m.to == [staff.email]]) == 3
