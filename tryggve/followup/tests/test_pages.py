"""The owners' overview, an activity's log, and the public promise page's follow-up."""

import pytest
from django.test import Client

from tryggve.followup.models import ActivityLog
from tryggve.testing import assert_valid_html

from .conftest import Setting, day


@pytest.fixture
def logged(setting: Setting) -> Setting:
    for month in (1, 2, 3):
        ActivityLog.objects.create(
            activity=setting.controls, done_on=day(month, 15), quantity=2, area=setting.area,
            note=f"Kontroll {month}", organisation=setting.police, people_met=5,
        )  # fmt: skip
    return setting


def test_the_public_page_shows_progress_and_what_was_done_from_the_log(
    client: Client, logged: Setting
) -> None:
    response = client.get("/ort/medborgarloften/")
    assert_valid_html(response.content)
    page = response.content.decode()
    assert "6 av 24 trafikkontroller hittills" in page and "efter plan" in page  # the year is over
    assert "6 trafikkontroller, loggat vid 3 tillfällen. 15 personer mötta." in page
    assert "15 mars 2019, Centrum: 2 trafikkontroller – Kontroll 3" in page


def test_owners_see_the_current_promises_activities_and_each_ones_log(
    logged: Setting, settings: object
) -> None:
    client = logged.client(logged.owner)
    overview = client.get("/ort/uppfoljning/")
    assert overview.status_code == 200
    # No promise runs today: the latest published one (2019) is shown, with its progress.
    (item,) = overview.context["progress"]
    assert (item.activity, item.done, item.planned) == (logged.controls, 6, 24)
    page = client.get(f"/ort/uppfoljning/aktivitet/{logged.controls.pk}/")
    assert [entry.note for entry in page.context["entries"]] == ["Kontroll 3", "Kontroll 2", "Kontroll 1"]
    assert (
        logged.client(logged.other_owner).get(f"/ort/uppfoljning/aktivitet/{logged.controls.pk}/").status_code
        == 404
    )
