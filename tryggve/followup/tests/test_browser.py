"""The follow-up pages in Debian's real Chromium: accessibility, and logging on a phone."""

from typing import Any

import pytest

from conftest import axe_violations, logged_in_context
from tryggve.followup.models import ActivityLog
from tryggve.promises.models import Activity

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_owner_logs_on_a_phone_and_every_page_passes_axe(
    browser: Any, live_server: Any, demo: None
) -> None:
    context = logged_in_context(browser, live_server, "kommunpolis", viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(live_server.url + "/halmstad/uppfoljning/logga/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert axe_violations(page) == []
    before = ActivityLog.objects.count()
    controls = Activity.objects.get(
        promise__municipality__slug="halmstad", promise__cycle__year=2019, order=0
    )
    # Today is the default day; an earlier promise's activity needs its own date.
    page.get_by_label("Aktivitet").select_option(value=str(controls.pk))
    page.get_by_label("Datum").fill("2019-06-14")
    page.get_by_label("Antal").fill("2")
    page.get_by_role("button", name="Spara").click()
    assert page.get_by_text("Loggat: 2 trafikkontroller").is_visible()
    assert ActivityLog.objects.count() == before + 1
    for path in (
        "/halmstad/uppfoljning/",
        f"/halmstad/uppfoljning/aktivitet/{controls.pk}/",
        "/halmstad/medborgarloften/",
    ):
        page.goto(live_server.url + path)
        assert axe_violations(page) == [], path
    context.close()
