"""The lägesbild pages in Debian's real Chromium: accessibility, phones, no JavaScript, print."""

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from tryggve.core.models import Area, Landmark
from tryggve.situation import builder
from tryggve.situation.models import Situation
from tryggve.testing import (
    HOSTILE_NAME,
    PHONE,
    assert_tooltip_shows_text,
    fits_the_phone,
    logged_in_context,
    script_errors,
    unexpected,
)
from tryggve.testing import axe_violations as violations

from .helpers import PUBLIC_URL, STAFF_URL

pytestmark = pytest.mark.browser


def staff_context(browser: Any, live_server: Any, **options: Any) -> Any:
    """A browser context logged in as the demo's safety coordinator (an analyst)."""
    return logged_in_context(browser, live_server, "samordnare.halmstad", **options)


def test_zero_axe_violations_on_the_published_and_working_versions(browser: Any, demo_site: Any) -> None:
    page = browser.new_page()
    page.goto(demo_site.url + PUBLIC_URL)
    # With JavaScript the map draws every area (and hotspot squares) before axe looks.
    page.locator(".situation-map path").nth(10).wait_for()
    assert page.get_by_label("Färga områdena efter").is_visible()
    assert page.get_by_role("heading", name="Partnernas händelserapporter").is_visible()
    assert violations(page) == []
    page.get_by_role("link", name="Andersberg").click()
    expect(page.get_by_role("heading", name="Andersberg: lägesbild 2019")).to_be_visible()
    assert violations(page) == []
    page.close()
    context = staff_context(browser, demo_site)
    page = context.new_page()
    page.goto(demo_site.url + STAFF_URL)
    assert page.get_by_role("heading", name="Anta och publicera").is_visible()
    assert violations(page) == []
    context.close()


def test_a_phone_reads_the_tables_without_sideways_page_scrolling(browser: Any, demo_site: Any) -> None:
    page = browser.new_page(viewport={"width": 360, "height": 740})
    page.goto(demo_site.url + PUBLIC_URL)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert page.get_by_role("heading", level=1).is_visible()
    page.close()


def test_focus_areas_are_chosen_and_adopted_without_javascript(
    browser: Any, live_server: Any, fresh_demo: None
) -> None:
    context = staff_context(browser, live_server, java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + STAFF_URL)
    page.get_by_label("Andersberg").check()
    page.get_by_label("Vallås").check()
    page.get_by_role("button", name="Visa").click()
    expect(page.get_by_text("Fokusområden: Andersberg, Vallås.")).to_be_visible()
    page.get_by_label("Beslut").fill("Kommunstyrelsen § 245")
    page.get_by_role("button", name="Anta och publicera").click()
    assert page.url == live_server.url + PUBLIC_URL
    assert page.get_by_text("Version 2 av lägesbilden för 2019 är antagen och publicerad.").is_visible()
    assert page.get_by_role("heading", name="Fokusområden jämfört med övriga kommunen").is_visible()
    context.close()


def test_the_printed_report_leaves_out_navigation_and_links(browser: Any, demo_site: Any) -> None:
    page = browser.new_page()
    page.goto(demo_site.url + PUBLIC_URL)
    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible()
    assert not page.get_by_role("link", name="Alla tabeller för Excel (CSV)").is_visible()
    assert page.get_by_role("heading", name="Indikatorer per område").is_visible()
    assert len(page.pdf()) > 10_000  # Chromium lays the report out on paper
    page.close()


def test_the_map_draws_without_errors_and_is_left_out_without_outlines(browser: Any, demo_site: Any) -> None:
    page = browser.new_page()
    errors = script_errors(page)
    page.goto(demo_site.url + PUBLIC_URL)
    page.wait_for_load_state("networkidle")
    page.locator(".situation-map .leaflet-overlay-pane path").nth(10).wait_for()
    assert errors == []
    # Without the outlines (the request fails) the map and its controls are left out: the
    # tables hold the same figures.
    page.route("**/areas", lambda route: route.abort())
    page.goto(demo_site.url + PUBLIC_URL)
    page.wait_for_load_state("networkidle")
    expect(page.locator(".situation-map")).to_be_hidden()
    expect(page.locator(".situation-map-controls")).to_be_hidden()
    assert unexpected(errors) == []
    page.close()


def test_an_areas_name_in_the_map_tooltip_is_text_not_html(
    browser: Any, live_server: Any, fresh_demo: None
) -> None:
    # Every district gets the hostile name, so the first outline on the map carries it.
    for area in Area.objects.filter(municipality__slug="halmstad").exclude(kind=Area.Kind.MUNICIPALITY):
        area.name = f"{HOSTILE_NAME} {area.slug}"
        area.save(update_fields=["name"])
    page = browser.new_page()
    page.goto(live_server.url + PUBLIC_URL)
    outlines = page.locator(".situation-map .leaflet-overlay-pane path")
    outlines.nth(5).wait_for()
    assert_tooltip_shows_text(page, outlines.first)
    page.close()


def test_the_national_comparison_sits_beside_the_estimate_on_the_public_page(
    browser: Any, demo_site: Any
) -> None:
    """Issue 28.3: NTU's national and county figures beside the municipality's share and interval."""
    page = browser.new_page()
    page.goto(demo_site.url + PUBLIC_URL)
    # Opened as a reader does: the indicators' part, then the indicator's own.
    for summary in page.locator("details.section:has(.national-comparison) > summary").all():
        summary.click()
    heading = page.get_by_role("heading", name="Jämfört med riket och länet")
    expect(heading).to_have_count(1)
    table = page.get_by_role("region", name="Jämfört med riket och länet")
    rows = table.get_by_role("row")
    expect(rows).to_have_count(4)
    municipality = rows.nth(1)
    expect(municipality.get_by_role("rowheader")).to_have_text("Kommunen (den här mätningen)")
    expect(municipality.get_by_role("cell").nth(1)).to_have_text(re.compile(r"^\d+ %$"))
    expect(municipality.get_by_role("cell").nth(2)).to_have_text(re.compile(r"^\d+–\d+$"))
    expect(rows.nth(2)).to_contain_text("Hela landet")
    expect(rows.nth(2)).to_contain_text("28 %")
    expect(rows.nth(2)).to_contain_text("Så skiljer sig metoderna: NTU är en nationell enkät")
    expect(rows.nth(3)).to_contain_text("Länet")
    expect(rows.nth(3)).to_contain_text("24 %")
    assert violations(page) == []
    page.close()


def test_a_phone_reads_where_each_hotspot_is_by_its_nearest_named_place_not_coordinates(
    browser: Any, live_server: Any, fresh_demo: None, settings: Any
) -> None:
    # A version adopted with a lower threshold, so the tests' demo (a tenth of the marks) has hotspots.
    settings.SITUATION_MIN_PLACES = 3
    first = Situation.objects.get(municipality__slug="halmstad", year=2019, version=1)
    assert first.survey is not None
    Situation.objects.create(
        municipality=first.municipality, year=2019, version=2, survey=first.survey,
        adopted_on=first.adopted_on, decision="KS 2019/2",
        data=builder.build(first.survey, first.data["focus_area_ids"]),
    )  # fmt: skip
    names = set(Landmark.objects.filter(municipality__slug="halmstad").values_list("name", flat=True))
    page = browser.new_page(viewport=PHONE)
    page.goto(live_server.url + PUBLIC_URL)
    table = page.get_by_role("region", name="Där invånare känner sig otrygga")
    places = table.locator("tbody tr td:nth-child(2)").all_inner_texts()
    assert places and all(re.fullmatch(r"(vid (.+)|nära (.+) \(ca \d+ m\))", text) for text in places)
    assert all(any(name in text for name in names) for text in places)
    assert not re.search(r"\d+[.,]\d{3}", table.inner_text())  # no latitude or longitude
    assert fits_the_phone(page)
    assert violations(page) == []
    page.close()
