"""The follow-up pages in Debian's real Chromium: accessibility, and logging on a phone."""

from typing import Any

import pytest
from playwright.sync_api import expect

from tryggve.followup.models import ActivityLog, Finding, SafetyWalk
from tryggve.promises.models import Activity, Promise
from tryggve.testing import (
    HOSTILE_NAME,
    assert_tooltip_shows_text,
    assert_valid_html,
    axe_violations,
    logged_in_context,
    script_errors,
    unexpected,
)

from .conftest import Setting

pytestmark = pytest.mark.browser


def test_an_owner_logs_on_a_phone_and_every_page_passes_axe(
    browser: Any, live_server: Any, fresh_demo: None
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
    # Today is the default day; an earlier promise's activities are listed once its day is chosen.
    assert page.locator(f"select[name=activity] option[value='{controls.pk}']").count() == 0
    page.get_by_label("Dag att logga för").fill("2019-06-14")
    page.get_by_role("button", name="Visa aktiviteterna för dagen").click()
    assert page.locator("input[name=done_on]").input_value() == "2019-06-14"
    page.get_by_label("Aktivitet").select_option(value=str(controls.pk))
    page.get_by_label("Antal").fill("2")
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_text("Loggat: 2 trafikkontroller")).to_be_visible()
    assert ActivityLog.objects.count() == before + 1
    for path in (
        "/halmstad/uppfoljning/",
        f"/halmstad/uppfoljning/aktivitet/{controls.pk}/",
        "/halmstad/medborgarloften/",
    ):
        page.goto(live_server.url + path)
        assert axe_violations(page) == [], path
    context.close()


def test_staff_follow_every_activity_of_the_current_promise_on_a_phone(browser: Any, demo_site: Any) -> None:
    context = logged_in_context(browser, demo_site, "kommunpolis", viewport={"width": 360, "height": 740})
    page = context.new_page()
    response = page.goto(demo_site.url + "/halmstad/uppfoljning/")
    assert_valid_html(response.body())
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert axe_violations(page) == []
    # No promise runs in the demo's today: the latest published one, 2019, with every activity.
    assert page.get_by_role("heading", name="Medborgarlöfte 2019").is_visible()
    activities = Activity.objects.filter(promise__municipality__slug="halmstad", promise__cycle__year=2019)
    rows = page.locator("table tbody tr")
    assert rows.count() == activities.count() > 5
    for activity in activities:
        assert rows.filter(has_text=activity.title).count() == 1, activity.title
    assert rows.filter(has_text="intern åtgärd").count() == activities.filter(public=False).count()
    statuses = {"klart", "i fas", "efter plan", "inget antal planerat"}
    for row in range(rows.count()):
        assert rows.nth(row).locator("td").nth(4).inner_text() in statuses
    rows.first.get_by_role("link").click()
    expect(page.get_by_role("heading", name="Loggat")).to_be_visible()
    context.close()


def test_the_walk_maps_draw_their_route_and_do_without_outlines(
    browser: Any, live_server: Any, fresh_demo: None
) -> None:
    walk = SafetyWalk.objects.filter(municipality__slug="halmstad", repeat_of=None).get()
    walk.route_line = {"type": "LineString", "coordinates": [[12.880, 56.656], [12.884, 56.658]]}
    walk.save()
    context = logged_in_context(browser, live_server, "samordnare.halmstad")
    page = context.new_page()
    errors = script_errors(page)
    route = page.locator(".route-map .leaflet-overlay-pane path[stroke='#a4000f']")
    outlines = page.locator(".route-map .leaflet-overlay-pane path[stroke='#1f4e79']")
    page.goto(f"{live_server.url}/halmstad/uppfoljning/vandringar/{walk.pk}/")
    page.wait_for_load_state("networkidle")
    expect(route).to_have_count(1)
    outlines.nth(1).wait_for(state="attached")
    page.goto(live_server.url + "/halmstad/uppfoljning/vandringar/ny/")
    page.wait_for_load_state("networkidle")
    outlines.nth(1).wait_for(state="attached")
    assert errors == []
    # Without the outlines (the request fails) the route is still shown; a new route, drawn
    # on nothing, is given in words instead.
    page.route("**/areas", lambda route: route.abort())
    page.goto(f"{live_server.url}/halmstad/uppfoljning/vandringar/{walk.pk}/")
    page.wait_for_load_state("networkidle")
    expect(route).to_have_count(1)
    expect(outlines).to_have_count(0)
    page.goto(live_server.url + "/halmstad/uppfoljning/vandringar/ny/")
    page.wait_for_load_state("networkidle")
    expect(page.locator(".route-map")).to_be_hidden()
    expect(page.locator(".route-undo")).to_be_hidden()
    assert unexpected(errors) == []
    context.close()


def test_a_findings_place_in_the_walk_map_tooltip_is_text_not_html(
    browser: Any, live_server: Any, setting: Setting
) -> None:
    walk = SafetyWalk.objects.create(
        municipality=setting.municipality, area=setting.area, walk_on="2019-04-02"
    )
    Finding.objects.create(walk=walk, kind="lighting", place=HOSTILE_NAME, latitude=56.67, longitude=12.86)
    context = logged_in_context(browser, live_server, setting.analyst.username)
    page = context.new_page()
    page.goto(f"{live_server.url}/ort/uppfoljning/vandringar/{walk.pk}/")
    marker = page.locator(".route-map .leaflet-overlay-pane path.leaflet-interactive")
    marker.wait_for()
    assert_tooltip_shows_text(page, marker)
    context.close()


def test_the_evaluation_pages_pass_axe_on_a_phone_in_every_language(browser: Any, demo_site: Any) -> None:
    promise = Promise.objects.get(municipality__slug="halmstad", slug="2019")
    context = logged_in_context(
        browser, demo_site, "samordnare.halmstad", viewport={"width": 360, "height": 740}
    )
    page = context.new_page()
    errors = script_errors(page)
    page.goto(f"{demo_site.url}/halmstad/medborgarloften/personal/{promise.pk}/utvardering/")
    assert page.get_by_role("heading", name="Utvärdering", exact=False).first.is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert axe_violations(page) == []
    for prefix in ("", "/en", "/ar"):
        # The part's link opens it (the promise page's parts are folded but the first).
        page.goto(f"{demo_site.url}{prefix}/halmstad/medborgarloften/2019/#del-better")
        section = page.locator("section.evaluation")
        assert page.locator("#better-heading").is_visible()
        # The section fits the phone (its tables scroll inside their own box).
        box = section.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= 360, prefix
        assert section.evaluate("element => element.scrollWidth <= element.clientWidth"), prefix
        assert axe_violations(page) == [], prefix
    assert unexpected(errors) == []
    context.close()
