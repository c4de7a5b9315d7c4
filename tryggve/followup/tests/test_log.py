"""Logging what was done on a phone: the owner's own activities, today by default, no future."""

from typing import Any

from django.utils import timezone

from tryggve.followup.models import ActivityLog

from .conftest import Setting

URL = "/ort/uppfoljning/logga/"


def form(setting: Setting, **changes: Any) -> dict[str, Any]:
    data = {
        "activity": setting.controls.pk,
        "done_on": "2019-05-10",
        "area": setting.area.pk,
        "quantity": "3",
        "people_met": "",
        "note": "14 mopeder kontrollerade, ring 070-1234567",
    }
    data.update(changes)
    return data


def test_an_owner_logs_an_activity_of_their_organisation(setting: Setting) -> None:
    client = setting.client(setting.owner)
    page = client.get(URL)
    assert page.context["form"]["done_on"].value() == timezone.localdate()
    response = client.post(URL, form(setting), follow=True)
    assert "Loggat: 3 trafikkontroller för ”Trafikkontroller”." in response.content.decode()
    entry = ActivityLog.objects.get()
    assert (entry.quantity, entry.area, entry.organisation, entry.logged_by) == (
        3,
        setting.area,
        setting.police,
        setting.owner,
    )
    assert "070" not in entry.note and "[borttaget]" in entry.note


def test_bad_entries_are_refused_and_nothing_is_saved(setting: Setting) -> None:
    client = setting.client(setting.owner)
    future = str(timezone.localdate().replace(year=timezone.localdate().year + 1))
    page = client.post(URL, form(setting, done_on=future)).content.decode()
    assert "Datumet kan inte vara i framtiden." in page
    page = client.post(URL, form(setting, done_on="2018-05-10")).content.decode()
    assert "Aktiviteten pågår 2019-01-01 – 2019-12-31." in page
    page = client.post(URL, form(setting, quantity="-1")).content.decode()
    assert "Kontrollera formuläret" in page
    assert not ActivityLog.objects.exists()


def test_owners_log_only_their_organisations_activities(setting: Setting) -> None:
    client = setting.client(setting.other_owner)
    page = client.post(URL, form(setting)).content.decode()
    assert "Välj ett giltigt alternativ" in page
    assert not ActivityLog.objects.exists()
    assert setting.client(setting.analyst).post(URL, form(setting)).status_code == 302


def test_drafts_are_not_logged_and_other_roles_cannot_log(setting: Setting) -> None:
    setting.promise.status = "draft"
    setting.promise.save()
    assert (
        "Välj ett giltigt alternativ"
        in setting.client(setting.owner).post(URL, form(setting)).content.decode()
    )
    stranger = setting.client(setting.owner)
    stranger.logout()
    assert stranger.get(URL).status_code == 302  # to the login page


def test_a_tampered_activity_gets_a_message_not_a_server_error(setting: Setting) -> None:
    """Found by the form fuzzer (tests/test_hostile_input.py): 5,000 digits, or "²", as the activity."""
    client = setting.client(setting.owner)
    for tampered in ("0" * 5000, "²", str(10**30)):
        response = client.post(URL, form(setting, activity=tampered))
        assert response.status_code == 400, tampered[:9]
        assert "Kontrollera formuläret" in response.content.decode()
    assert not ActivityLog.objects.exists()
