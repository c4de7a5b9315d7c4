"""The inputs pages in Debian's real Chromium: accessibility, a report on a phone, no JavaScript."""

from datetime import date
from typing import Any

import pytest
from playwright.sync_api import expect

from tryggve.inputs.models import Incident
from tryggve.testing import (
    HOSTILE_NAME,
    assert_tooltip_shows_text,
    axe_violations,
    logged_in_context,
    script_errors,
    tap_area,
    unexpected,
)

from .conftest import IN_NORTH, Place, local

pytestmark = pytest.mark.browser

PAGES = [
    "/halmstad/est/ny/",
    "/halmstad/est/vecka/",
    "/halmstad/est/vecka/2019-45/",
    "/halmstad/est/kvartal/2019-4/",
    "/halmstad/est/ar/2019/",
    "/halmstad/est/",
    "/halmstad/est/importera/",
    "/halmstad/dialoger/?ar=2019",
    "/halmstad/dialoger/ny/",
    "/en/halmstad/est/vecka/2019-45/",
]


def test_zero_axe_violations_on_every_inputs_page(browser: Any, demo_site: Any) -> None:
    context = logged_in_context(browser, demo_site, "samordnare.halmstad")
    page = context.new_page()
    for path in PAGES:
        page.goto(demo_site.url + path)
        if "/vecka/" in path or (path.endswith("/ny/") and "est" in path):
            page.locator(".leaflet-container svg path").nth(1).wait_for(state="attached")
        assert axe_violations(page) == [], path
    page.goto(demo_site.url + "/halmstad/dialoger/?ar=2019")
    page.get_by_role("link", name="2019-11-07").click()
    assert axe_violations(page) == []
    page.goto(demo_site.url + "/halmstad/est/")
    page.locator("table a").first.click()
    assert axe_violations(page) == []
    # Printed for the weekly meeting: the tables, without the map, navigation or forms.
    page.goto(demo_site.url + "/halmstad/est/vecka/2019-45/")
    page.emulate_media(media="print")
    assert page.get_by_role("heading", name="Per område och kategori").is_visible()
    assert not page.locator(".week-map").is_visible()
    assert not page.get_by_role("button", name="Spara mötet").is_visible()
    assert not page.get_by_role("link", name="Ny rapport").is_visible()
    context.close()


def test_a_reporter_files_a_report_on_a_phone_with_three_taps(
    browser: Any, live_server: Any, fresh_demo: None
) -> None:
    context = logged_in_context(
        browser, live_server, "hfab.rapportor", viewport={"width": 360, "height": 740}
    )
    page = context.new_page()
    page.goto(live_server.url + "/halmstad/est/ny/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.locator(".place-map svg path").nth(1).wait_for(state="attached")
    before = Incident.objects.count()
    # The time is now unless changed: choose what, tap where, send.
    page.get_by_label("Vad").select_option(label="Klotter")
    tap_area(page, "andersberg")
    assert page.get_by_text("Markerad på kartan.").is_visible()
    page.get_by_role("button", name="Skicka rapporten").click()
    expect(page.get_by_text("Tack, rapporten är sparad.")).to_be_visible()
    report = Incident.objects.order_by("-pk").first()
    assert Incident.objects.count() == before + 1
    assert report is not None and (report.area.slug, report.category.slug) == ("andersberg", "graffiti")
    assert report.latitude is not None
    context.close()


def test_a_report_is_filed_without_javascript(browser: Any, live_server: Any, fresh_demo: None) -> None:
    context = logged_in_context(browser, live_server, "hfab.rapportor", java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/halmstad/est/ny/")
    assert not page.locator(".place-map").is_visible()
    page.get_by_label("Vad").select_option(label="Nedskräpning")
    page.get_by_label("Område").select_option(label="Vallås")
    page.get_by_label("Adress eller plats").fill("Vallås torg")
    page.get_by_role("button", name="Skicka rapporten").click()
    expect(page.get_by_text("Tack, rapporten är sparad.")).to_be_visible()
    report = Incident.objects.order_by("-pk").first()
    assert report is not None and (report.area.slug, report.address) == ("vallas", "Vallås torg")
    context.close()


def place_reports_on_the_map(first: date, last: date, count: int = 5) -> None:
    """Give some of the demo's reports in these days a position: the middle of their area."""
    reports = Incident.objects.filter(
        municipality__slug="halmstad", happened_at__date__range=(first, last)
    ).select_related("area")
    for number, report in enumerate(reports[:count]):
        outline = report.area.geometry
        assert outline is not None
        ring = outline["coordinates"][0]
        report.longitude = sum(point[0] for point in ring) / len(ring) + number * 0.0005
        report.latitude = sum(point[1] for point in ring) / len(ring)
        report.save(update_fields=["latitude", "longitude"])


def test_the_week_map_draws_the_weeks_reports(browser: Any, live_server: Any, fresh_demo: None) -> None:
    place_reports_on_the_map(date(2019, 11, 4), date(2019, 11, 10))
    context = logged_in_context(browser, live_server, "samordnare.halmstad")
    page = context.new_page()
    errors = script_errors(page)
    markers = page.locator(".week-map .leaflet-overlay-pane path.leaflet-interactive")
    outlines = page.locator(".week-map .leaflet-overlay-pane path:not(.leaflet-interactive)")
    page.goto(live_server.url + "/halmstad/est/vecka/2019-45/")
    points = page.evaluate("JSON.parse(document.getElementById('week-points').textContent).length")
    assert points == 5
    page.wait_for_load_state("networkidle")  # the outlines have been fetched
    assert errors == []
    expect(markers).to_have_count(points)
    outlines.nth(1).wait_for(state="attached")
    # A week without positions shows the outlines alone.
    page.goto(live_server.url + "/halmstad/est/vecka/2019-46/")
    page.wait_for_load_state("networkidle")
    assert errors == []
    outlines.nth(1).wait_for(state="attached")
    expect(markers).to_have_count(0)
    # Without the outlines (the request fails) the points are still shown, else no map at all.
    page.route("**/areas", lambda route: route.abort())
    page.goto(live_server.url + "/halmstad/est/vecka/2019-45/")
    page.wait_for_load_state("networkidle")
    expect(markers).to_have_count(points)
    expect(outlines).to_have_count(0)
    page.goto(live_server.url + "/halmstad/est/vecka/2019-46/")
    page.wait_for_load_state("networkidle")
    expect(page.locator(".week-map")).to_be_hidden()
    assert unexpected(errors) == []
    context.close()


def test_the_report_map_does_without_outlines(browser: Any, live_server: Any, fresh_demo: None) -> None:
    context = logged_in_context(browser, live_server, "hfab.rapportor")
    page = context.new_page()
    errors = script_errors(page)
    page.route("**/areas", lambda route: route.abort())
    page.goto(live_server.url + "/halmstad/est/ny/")
    page.wait_for_load_state("networkidle")
    # Nothing to mark a place on: the map and its help are hidden, the fields remain.
    expect(page.locator(".place-map")).to_be_hidden()
    expect(page.locator(".map-help")).to_be_hidden()
    expect(page.get_by_label("Adress eller plats")).to_be_visible()
    assert unexpected(errors) == []
    context.close()


def test_a_category_name_in_the_week_map_tooltip_is_text_not_html(
    browser: Any, live_server: Any, place: Place
) -> None:
    graffiti = place.category("graffiti")
    graffiti.name = HOSTILE_NAME
    graffiti.save(update_fields=["name"])
    report = place.report(place.north, local(2019, 11, 5, 21, 30))
    report.latitude, report.longitude = IN_NORTH
    report.save(update_fields=["latitude", "longitude"])
    context = logged_in_context(browser, live_server, "testkommun.analyst")
    page = context.new_page()
    page.goto(live_server.url + "/testkommun/est/vecka/2019-45/")
    marker = page.locator(".week-map .leaflet-overlay-pane path.leaflet-interactive")
    marker.wait_for()
    assert_tooltip_shows_text(page, marker)
    context.close()
