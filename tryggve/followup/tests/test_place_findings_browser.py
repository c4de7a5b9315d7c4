"""Place reports and safety walks in Debian's real Chromium, on a phone, axe-clean (issue 33.4):
the coordinator turns a resident's place report into a finding of a safety walk, and publishes a
walk's finding as a place report, without JavaScript, which a resident then follows on the
municipality's public list of reported places."""

from datetime import date
from typing import Any

import pytest
from playwright.sync_api import expect

from tryggve.followup.models import Finding, SafetyWalk
from tryggve.inputs.models import PlaceKind, PlaceReport
from tryggve.inputs.tests.conftest import make_place
from tryggve.testing import (
    PHONE,
    axe_violations,
    axe_violations_without_javascript,
    fits_the_phone,
    logged_in_context,
)

from .test_place_findings import overgrown_path, report_in, walk_in

pytestmark = pytest.mark.browser


def test_the_coordinator_turns_a_report_into_a_walk_finding(
    browser: Any, live_server: Any, transactional_db: None
) -> None:
    place = make_place()
    walk = SafetyWalk.objects.create(
        municipality=place.municipality, area=place.north, walk_on=date(2026, 11, 20), route="Från torget"
    )
    report = report_in(place, description="Lampan är trasig")
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
    assert page.get_by_role("heading", name="Belysning: Tunneln vid skolan").is_visible()
    assert fits_the_phone(page) and axe_violations(page) == []
    finding = Finding.objects.get()
    assert (finding.walk, finding.place_report, finding.description) == (
        walk,
        report,
        "Lampan i tunneln är trasig",
    )
    page.get_by_role("link", name="Invånarnas platsrapport om den här platsen").click()
    expect(
        page.get_by_role("link", name="Ett fynd på trygghetsvandringen i Norr den 20 november 2026")
    ).to_be_visible()
    context.close()


def test_the_coordinator_publishes_a_walks_finding_and_a_resident_follows_it(
    browser: Any, live_server: Any, transactional_db: None
) -> None:
    place = make_place()
    walk = walk_in(place, SafetyWalk.Status.WALKED)
    finding = overgrown_path(place, walk)
    # The forms work without JavaScript: the coordinator's phone has it off.
    context = logged_in_context(
        browser, live_server, "testkommun.analyst", viewport=PHONE, java_script_enabled=False
    )
    page = context.new_page()
    page.goto(f"{live_server.url}/testkommun/uppfoljning/vandringar/{walk.pk}/")
    assert fits_the_phone(page) and axe_violations_without_javascript(browser, page) == []
    page.get_by_role("button", name="Publicera som platsrapport").click()
    expect(page.get_by_text("Fyndet är publicerat som en platsrapport.")).to_be_visible()
    assert not page.get_by_role("button", name="Publicera som platsrapport").is_visible()
    assert fits_the_phone(page) and axe_violations_without_javascript(browser, page) == []
    report = PlaceReport.objects.get()
    finding.refresh_from_db()
    assert finding.place_report == report
    assert (report.kind, report.area, report.organisation, report.status) == (
        PlaceKind.VEGETATION,
        place.north,
        place.housing,
        PlaceReport.Status.PLANNED,
    )

    # The walk's text waits for the coordinator's approval, as a resident's does.
    page.get_by_role("link", name="Invånarnas platsrapport om den här platsen").click()
    text = page.get_by_label("Text som får publiceras")
    expect(text).to_have_value("Buskarna skymmer sikten")
    assert fits_the_phone(page) and axe_violations_without_javascript(browser, page) == []
    page.get_by_label("Godkänd för publicering").check()
    page.get_by_role("button", name="Spara texten").click()
    expect(page.get_by_text("Texten är sparad.")).to_be_visible()
    report.refresh_from_db()
    assert report.approved and report.public_text == "Buskarna skymmer sikten"
    context.close()

    # A resident finds it on the public list and reads its status, the measure and the text.
    resident = browser.new_context(viewport=PHONE)
    page = resident.new_page()
    page.goto(f"{live_server.url}/testkommun/rapporterade-platser/")
    assert fits_the_phone(page) and axe_violations(page) == []
    page.get_by_role("link", name="Växtlighet i Norr").click()
    expect(page.get_by_role("heading", name="Växtlighet i Norr", level=1)).to_be_visible()
    assert page.url == f"{live_server.url}/testkommun/rapporterade-platser/{report.pk}/"
    assert page.get_by_text("Planerad (sedan").is_visible()
    assert page.get_by_text("testkommun bostäder: Klippa buskarna").is_visible()
    assert page.get_by_text("Buskarna skymmer sikten").is_visible()
    assert "Stigen bakom skolan" not in page.content()  # the place in words is never public
    assert fits_the_phone(page) and axe_violations(page) == []
    resident.close()
