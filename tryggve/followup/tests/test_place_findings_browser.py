"""The coordinator turns a resident's place report into a finding of a safety walk, in Debian's
real Chromium, on a phone, axe-clean."""

from datetime import date
from typing import Any

import pytest
from playwright.sync_api import expect

from tryggve.followup.models import Finding, SafetyWalk
from tryggve.inputs.models import PlaceKind, PlaceReport
from tryggve.inputs.tests.conftest import IN_NORTH, make_place
from tryggve.testing import PHONE, axe_violations, fits_the_phone, logged_in_context

pytestmark = pytest.mark.browser


def test_the_coordinator_turns_a_report_into_a_walk_finding(
    browser: Any, live_server: Any, transactional_db: None
) -> None:
    place = make_place()
    walk = SafetyWalk.objects.create(
        municipality=place.municipality, area=place.north, walk_on=date(2026, 11, 20), route="Från torget"
    )
    report = PlaceReport.objects.create(
        municipality=place.municipality,
        kind=PlaceKind.LIGHTING,
        area=place.north,
        received_on=date(2026, 11, 2),
        latitude=IN_NORTH[0],
        longitude=IN_NORTH[1],
        place="Tunneln vid skolan",
        description="Lampan är trasig",
    )
    context = logged_in_context(browser, live_server, "testkommun.analyst", viewport=PHONE)
    page = context.new_page()
    page.goto(f"{live_server.url}/testkommun/platsrapporter/{report.pk}/")
    assert fits_the_phone(page) and axe_violations(page) == []
    page.get_by_role("link", name="Gör den till ett fynd på en trygghetsvandring").click()
    expect(page.get_by_role("heading", name="En platsrapport blir ett fynd")).to_be_visible()
    assert fits_the_phone(page) and axe_violations(page) == []
    page.get_by_label("Trygghetsvandring").select_option(value=str(walk.pk))
    # The walk's findings are public: the place starts as the area, the coordinator words it.
    assert page.locator("#id_place").input_value() == "Norr"
    page.locator("#id_place").fill("Tunneln vid skolan")
    page.get_by_label("Beskrivning").fill("Lampan i tunneln är trasig")
    page.get_by_role("button", name="Gör den till ett fynd på vandringen").click()
    expect(page.get_by_text("Rapporten är nu ett fynd på vandringen.")).to_be_visible()
    expect(page.get_by_role("heading", name="Belysning: Tunneln vid skolan")).to_be_visible()
    assert fits_the_phone(page) and axe_violations(page) == []
    finding = Finding.objects.get()
    assert (finding.walk, finding.place_report, finding.description) == (
        walk,
        report,
        "Lampan i tunneln är trasig",
    )
    page.get_by_role("link", name="Invånarnas platsrapport om den här platsen").click()
    assert page.get_by_role(
        "link", name="Ett fynd på trygghetsvandringen i Norr den 20 november 2026"
    ).is_visible()
    context.close()
