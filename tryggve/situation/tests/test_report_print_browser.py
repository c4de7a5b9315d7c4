"""The lägesbild report to print, in Debian's real Chromium: the analyst opens it from the
editor, prints it (no menus, each section on a page of its own) and downloads the PDF."""

import io
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from tryggve.testing import PHONE, axe_violations, fits_the_phone, logged_in_context, script_errors

pytestmark = pytest.mark.browser

HEADINGS = [
    "1. Brottslighetens omfattning och art",
    "2. Trygghet och förtroende",
    "3. Vad samverkansparterna ser",
    "4. Vad invånarna säger",
    "5. Analys och slutsatser",
]


def test_an_analyst_prints_the_report_and_downloads_its_pdf(
    browser: Any, live_server: Any, fresh_demo: None
) -> None:
    context = logged_in_context(browser, live_server, "samordnare.halmstad", accept_downloads=True)
    page = context.new_page()
    errors = script_errors(page)
    page.goto(live_server.url + "/halmstad/lagesbild/2018/personal/rapport/")
    page.get_by_role("link", name="Rapporten för utskrift").click()
    expect(page.get_by_role("heading", name="Lägesbildsrapport 2018", level=1)).to_be_visible()
    safety = page.get_by_role("region", name=HEADINGS[1])
    assert safety.get_by_role("table").get_by_text("Om du går ut ensam sent en kväll").first.is_visible()
    assert safety.get_by_role("figure").get_by_text("Diagram: andel i procent").is_visible()
    assert axe_violations(page) == []

    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible()
    assert not page.locator(".site-footer").is_visible()
    assert not page.get_by_role("link", name="Ladda ner rapporten som PDF").is_visible()
    assert page.get_by_role("heading", name=HEADINGS[4]).is_visible()
    # Chromium lays it out on A4: each section begins a page of its own
    printed = PdfReader(io.BytesIO(page.pdf(format="A4")))
    starts = [page_text.extract_text().lstrip() for page_text in printed.pages]
    assert all(any(start.startswith(heading) for start in starts) for heading in HEADINGS)
    assert "Tryggve" not in " ".join(starts)  # the site's footer is left out

    page.emulate_media(media="screen")
    with page.expect_download() as waiting:
        page.get_by_role("link", name="Ladda ner rapporten som PDF").click()
    download = waiting.value
    assert download.suggested_filename == "lagesbildsrapport-halmstad-2018-sv.pdf"
    content = Path(download.path()).read_bytes()
    assert content.startswith(b"%PDF-")
    assert "Trygghet och förtroende" in PdfReader(io.BytesIO(content)).pages[0].extract_text()
    assert errors == []
    context.close()

    # on a phone the page reads as well, its wide tables scrolled within themselves
    phone = logged_in_context(browser, live_server, "samordnare.halmstad", viewport=PHONE)
    page = phone.new_page()
    page.goto(live_server.url + "/halmstad/lagesbild/2018/personal/rapport/utskrift/?lang=ar")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert fits_the_phone(page)
    assert axe_violations(page) == []
    phone.close()
