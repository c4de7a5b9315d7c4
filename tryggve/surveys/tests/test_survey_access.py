"""Who may answer when: the answer window, staff preview, invitation codes and abuse limits."""

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from tryggve.core.models import Area
from tryggve.surveys.models import InvitationCode, Response, Survey

from .conftest import analyst_of

pytestmark = pytest.mark.django_db


def url(survey: Survey, name: str = "start", number: int | None = None) -> str:
    args: list[Any] = [survey.municipality.slug, survey.slug]
    return reverse(f"surveys:{name}", args=[*args, number] if number else args)


def answer_all(client: Client, survey: Survey) -> Any:
    area = Area.objects.get(slug="norr").pk
    client.post(url(survey, "page", 1), {"area": area, "age_band": 2})
    client.post(url(survey, "page", 2), {"unsafe_alone_evening": 1})
    for number in (3, 4):
        client.post(url(survey, "page", number), {})
    return client.post(url(survey, "page", 5), {"action": "submit"})


def test_a_closed_survey_says_when_it_closed(client: Client, survey: Survey) -> None:
    survey.opens, survey.closes = (
        timezone.localdate() - timedelta(days=40),
        timezone.localdate() - timedelta(days=3),
    )
    survey.save()
    page = client.get(url(survey))
    assert "Enkäten stängde den" in page.content.decode()
    assert client.post(url(survey)).status_code == 200
    assert client.get(url(survey, "page", 1)).status_code == 302


def test_a_survey_not_yet_open_says_when_it_opens(client: Client, survey: Survey) -> None:
    survey.opens, survey.closes = (
        timezone.localdate() + timedelta(days=3),
        timezone.localdate() + timedelta(days=30),
    )
    survey.save()
    assert "Enkäten öppnar den" in client.get(url(survey)).content.decode()


def test_staff_preview_any_time_and_nothing_is_saved(client: Client, survey: Survey) -> None:
    survey.opens, survey.closes = (
        timezone.localdate() + timedelta(days=3),
        timezone.localdate() + timedelta(days=30),
    )
    survey.save()
    client.force_login(analyst_of(survey))
    assert "Förhandsvisning" in client.get(url(survey)).content.decode()
    assert client.post(url(survey)).status_code == 302
    before = Response.objects.count()
    done = answer_all(client, survey)
    assert done["Location"] == url(survey, "thanks") + "?preview=1"
    assert Response.objects.count() == before


def test_sample_mode_needs_an_unused_code_and_uses_it_once(client: Client, survey: Survey) -> None:
    survey.access = Survey.Access.CODES
    survey.save()
    code = InvitationCode.objects.create(survey=survey)
    refused = client.post(url(survey), {"code": "AAAA-AAAA"})
    assert refused.status_code == 400
    assert "Koden är inte giltig" in refused.content.decode()
    # Typed in lower case and without the dash, as people do.
    assert client.post(url(survey), {"code": code.code.replace("-", "").lower()}).status_code == 302
    before = Response.objects.count()
    assert answer_all(client, survey)["Location"] == url(survey, "thanks")
    assert Response.objects.count() == before + 1
    code.refresh_from_db()
    assert code.used
    # The code row holds nothing but the code and whether it was used.
    assert {f.name for f in InvitationCode._meta.get_fields()} == {"id", "survey", "code", "used"}
    other = Client()
    assert other.post(url(survey), {"code": code.code}).status_code == 400


def test_a_code_entered_on_a_second_device_continues_the_same_answers(client: Client, survey: Survey) -> None:
    survey.access = Survey.Access.CODES
    survey.save()
    code = InvitationCode.objects.create(survey=survey)
    client.post(url(survey), {"code": code.code})
    client.post(url(survey, "page", 1), {"area": Area.objects.get(slug="norr").pk, "age_band": 3})
    # The code is spent as soon as answering begins...
    code.refresh_from_db()
    assert code.used
    # ...and on another device it leads back to the same answers.
    second = Client()
    assert second.post(url(survey), {"code": code.code})["Location"] == url(survey, "page", 1)
    assert 'value="3" id="id_age_band_2" checked' in second.get(url(survey, "page", 1)).content.decode()
    before = Response.objects.count()
    answer_all(client, survey)
    assert answer_all(second, survey)["Location"] == url(survey, "thanks")
    assert Response.objects.count() == before + 1


def test_sending_writes_nothing_to_the_code(client: Client, survey: Survey) -> None:
    survey.access = Survey.Access.CODES
    survey.save()
    code = InvitationCode.objects.create(survey=survey)
    client.post(url(survey), {"code": code.code})
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as sending:
        answer_all(client, survey)
    writes = [
        q["sql"] for q in sending.captured_queries if q["sql"].startswith(("UPDATE", "INSERT", "DELETE"))
    ]
    assert writes and not [sql for sql in writes if "invitationcode" in sql.lower()]


@override_settings(SURVEY_SUBMISSIONS_PER_CLIENT_PER_HOUR=2)
def test_too_many_submissions_from_one_client_are_held_back(survey: Survey) -> None:
    before = Response.objects.count()
    results = []
    for _ in range(3):
        client = Client()
        client.post(url(survey))
        results.append(answer_all(client, survey).status_code)
    assert results == [302, 302, 429]
    assert Response.objects.count() == before + 2


@override_settings(
    SURVEY_SUBMISSIONS_PER_CLIENT_PER_HOUR=2,
    SURVEY_IDENTICAL_SUBMISSIONS_PER_HOUR=100,
    TRYGGVE_TRUSTED_PROXIES=["127.0.0.1"],
)
def test_behind_the_trusted_proxy_each_resident_has_a_limit_of_their_own(survey: Survey) -> None:
    residents = [Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}") for n in range(3)]
    # Forged from a peer that is no proxy of ours: the header is ignored, the peer is counted.
    forger = [Client(REMOTE_ADDR="192.0.2.9", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}") for n in range(3)]
    results = []
    for client in residents + forger:
        client.post(url(survey))
        results.append(answer_all(client, survey).status_code)
    assert results == [302, 302, 302, 302, 302, 429]


@override_settings(SURVEY_IDENTICAL_SUBMISSIONS_PER_HOUR=2, SURVEY_SUBMISSIONS_PER_CLIENT_PER_HOUR=100)
def test_bursts_of_identical_answers_are_quarantined_not_lost(survey: Survey) -> None:
    for _ in range(4):
        client = Client()
        client.post(url(survey))
        answer_all(client, survey)
    same = Response.objects.filter(survey=survey, area__slug="norr", age_band="25-44")
    assert same.filter(quarantined=True).count() == 2
    assert "identiska svar" in same.filter(quarantined=True).first().quarantine_reason  # type: ignore[union-attr]


def test_asking_for_a_preview_without_a_staff_role_just_starts_the_survey(
    client: Client, survey: Survey
) -> None:
    page = client.get(url(survey) + "?preview")
    assert "Starta enkäten" in page.content.decode() and "Förhandsvisning" not in page.content.decode()
    assert client.post(url(survey) + "?preview").status_code == 302
