"""The lägesbild report in Debian's real Chromium, on a phone: the analyst writes a section
beside its figures, a translation without its Swedish text is refused, and the text is saved."""

from typing import Any

import pytest
from playwright.sync_api import expect

from tryggve.situation.models import Report
from tryggve.testing import PHONE, axe_violations, fits_the_phone, logged_in_context, script_errors

pytestmark = pytest.mark.browser


def test_an_analyst_writes_a_section_of_the_report_and_saves_it(
    browser: Any, live_server: Any, fresh_demo: None
) -> None:
    context = logged_in_context(browser, live_server, "samordnare.halmstad", viewport=PHONE)
    page = context.new_page()
    errors = script_errors(page)
    page.goto(live_server.url + "/halmstad/lagesbild/2018/personal/")
    page.get_by_role("link", name="Skriv lägesbildsrapporten").click()
    expect(page.get_by_role("heading", name="Lägesbildsrapport 2018", level=1)).to_be_visible()
    safety = page.get_by_role("region", name="2. Trygghet och förtroende")
    assert safety.get_by_role("table").get_by_text("Om du går ut ensam sent en kväll").first.is_visible()
    assert fits_the_phone(page)
    assert axe_violations(page) == []

    texts = safety.get_by_role("group", name="Trygghet och förtroende")
    texts.get_by_label("Svenska").fill("")
    texts.get_by_label("Engelska").fill("Fewer feel unsafe than in 2017.")
    page.get_by_role("button", name="Spara rapporten").click()
    summary = page.get_by_role("alert")
    assert "Skriv den svenska texten först" in summary.inner_text()
    assert texts.get_by_label("Engelska").input_value() == "Fewer feel unsafe than in 2017."
    kept: Any = Report.objects.get(situation__year=2018)  # its texts per language are not typed
    assert kept.safety_sv.startswith("Demo (påhittad text)")
    assert fits_the_phone(page)
    assert axe_violations(page) == []

    texts.get_by_label("Svenska").fill("Färre känner sig otrygga än 2017.")
    page.get_by_role("button", name="Spara rapporten").click()
    assert "Rapporten är sparad." in page.locator(".messages").inner_text()
    assert fits_the_phone(page)
    assert axe_violations(page) == []
    saved: Any = Report.objects.get(situation__year=2018)
    assert (saved.safety_sv, saved.safety_en) == (
        "Färre känner sig otrygga än 2017.",
        "Fewer feel unsafe than in 2017.",
    )
    assert saved.analysis_sv.startswith("Demo (påhittad text)")  # the other sections are kept
    assert errors == []
    context.close()
