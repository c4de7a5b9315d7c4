"""The residents' place reports in the lägesbild, in Debian's real Chromium on a 360 px phone,
axe-clean (issue 33.4): the coordinator reads the year's reports counted per area and kind as their
own input, labelled as reports and not a measure of safety to compare between areas, and adopts
the picture; residents then read the published counts, which show only what the publication
allow-list lets out, on the page, the area's page and the tables for programs: small counts and
the totals that would tell them hidden, no report's words."""

from typing import Any

import pytest
from playwright.sync_api import expect

from tryggve.testing import PHONE, axe_violations, fits_the_phone, logged_in_context

from .helpers import PUBLIC_URL, STAFF_URL, table
from .test_place_reports import DESCRIPTION, IN_WORDS, halmstad_reports

pytestmark = pytest.mark.browser

NOT_A_MEASURE = "De är rapporter, inte ett mått på trygghet"


def row_of(page: Any, name: str, heading: str) -> list[str]:
    """The cells of a row of the named table, found by its heading, as the reader sees them."""
    header = page.get_by_role("rowheader", name=heading, exact=True)
    row = page.get_by_role("table", name=name).locator("tr", has=header)
    return [cell.strip() for cell in row.locator("td").all_inner_texts()]


def test_the_coordinator_reads_the_place_report_counts_and_residents_read_only_what_is_published(
    browser: Any, live_server: Any, fresh_demo: None
) -> None:
    halmstad_reports()

    # The coordinator's working version: every count of the year, small ones too.
    context = logged_in_context(browser, live_server, "samordnare.halmstad", viewport=PHONE)
    page = context.new_page()
    page.goto(live_server.url + STAFF_URL)
    page.get_by_role("link", name="Invånarnas platsrapporter").click()
    expect(page.get_by_role("table", name="Invånarnas platsrapporter")).to_be_visible()
    assert page.get_by_text(NOT_A_MEASURE).is_visible()
    headings = page.get_by_role("table", name="Invånarnas platsrapporter").locator("thead th")
    assert [cell.strip() for cell in headings.all_inner_texts()] == [
        "Område",
        "Belysning",
        "Klotter",
        "En trygg plats",
    ]
    assert row_of(page, "Invånarnas platsrapporter", "Andersberg") == ["6", "0", "2"]
    assert row_of(page, "Invånarnas platsrapporter", "Vallås") == ["5", "7", "0"]
    assert fits_the_phone(page) and axe_violations(page) == []

    # Adopted and published.
    page.get_by_label("Beslut").fill("Kommunstyrelsen § 245")
    page.get_by_role("button", name="Anta och publicera").click()
    expect(page.get_by_text("Version 2 av lägesbilden för 2019 är antagen och publicerad.")).to_be_visible()
    assert page.url.split("#")[0] == live_server.url + PUBLIC_URL  # the browser keeps the part's anchor
    context.close()

    # A resident reads the published lägesbild: small counts, and the totals that would tell
    # them, hidden; no report's words.
    resident = browser.new_context(viewport=PHONE)
    page = resident.new_page()
    page.goto(live_server.url + PUBLIC_URL)
    assert IN_WORDS not in page.content() and DESCRIPTION not in page.content()
    page.get_by_role("link", name="Invånarnas platsrapporter").click()
    counts = page.get_by_role("table", name="Invånarnas platsrapporter")
    expect(counts).to_be_visible()
    assert page.get_by_text(NOT_A_MEASURE).is_visible()
    assert [cell.strip() for cell in counts.locator("thead th").all_inner_texts()] == [
        "Område",
        "Belysning",
        "Klotter",
        "En trygg plats",
        "Alla slag",
    ]
    assert row_of(page, "Invånarnas platsrapporter", "Andersberg") == ["6", "0", "färre än 5", "färre än 5"]
    assert row_of(page, "Invånarnas platsrapporter", "Vallås") == ["5", "7", "0", "12"]
    assert row_of(page, "Invånarnas platsrapporter", "Hela kommunen") == [
        "11",
        "7",
        "färre än 5",
        "färre än 5",
    ]
    assert page.get_by_text("Antal under 5 publiceras inte (nollor gör det)").is_visible()
    assert fits_the_phone(page) and axe_violations(page) == []
    # The tables for programs hide the same counts.
    with page.expect_download() as download:
        page.get_by_role("link", name="Alla tabeller för program (CSV)").click()
    rows = {
        (row["area"], row["indicator"]): (row["n"], row["suppressed"])
        for row in table(download.value.path().read_bytes())
        if row["indicator"].startswith("place_reports.")
    }
    assert rows[("Andersberg", "place_reports.lighting")] == ("6", "false")
    assert rows[("Andersberg", "place_reports.safe_place")] == ("", "true")
    assert rows[("Vallås", "place_reports.graffiti")] == ("7", "false")

    # The area's own page says the same, and that it is no measure to compare areas by.
    page.get_by_role("link", name="Andersberg", exact=True).first.click()
    expect(page.get_by_role("heading", name="Andersberg: lägesbild 2019")).to_be_visible()
    page.get_by_role("link", name="Invånarnas platsrapporter").click()
    expect(page.get_by_role("table", name="Invånarnas platsrapporter")).to_be_visible()
    assert page.get_by_text("inte ett mått på trygghet att jämföra med andra områden").is_visible()
    assert row_of(page, "Invånarnas platsrapporter", "Belysning") == ["6"]
    assert row_of(page, "Invånarnas platsrapporter", "En trygg plats") == ["färre än 5"]
    assert IN_WORDS not in page.content()
    assert fits_the_phone(page) and axe_violations(page) == []
    resident.close()
