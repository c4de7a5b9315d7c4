"""The survey in Debian's real Chromium: every page accessible in Swedish, English and Arabic,
usable on a 360 px phone, complete without JavaScript, and the map when JavaScript is on."""

from typing import Any

import pytest
from playwright.sync_api import expect

from tryggve.core.models import Area
from tryggve.surveys.models import Draft, PlaceMark, Response
from tryggve.testing import answer_up_to_the_places_page, tap_area
from tryggve.testing import axe_violations as violations

pytestmark = pytest.mark.browser

START = "/halmstad/enkat/trygghetsmatning/"


@pytest.mark.parametrize(
    ("prefix", "send"), [("", "Skicka mina svar"), ("/en", "Send my answers"), ("/ar", "أرسل إجاباتي")]
)
def test_every_page_has_zero_axe_violations(
    browser: Any, live_server: Any, fresh_demo: None, prefix: str, send: str
) -> None:
    page = browser.new_page()
    found = {}
    page.goto(live_server.url + prefix + START)
    found["start"] = violations(page)
    if prefix == "/ar":
        assert page.evaluate("document.documentElement.dir") == "rtl"
    page.locator("form.survey-form button[type=submit]").click()
    # An unanswered required question shows the error summary: check that state too.
    page.locator("button[value=next]").click()
    expect(page.locator(".error-summary")).to_be_visible()
    found["errors"] = violations(page)
    page.locator("input[name=area]").first.check()
    page.locator("input[name=age_band]").first.check()
    for step in range(1, 6):
        found[f"step {step}"] = violations(page)
        if step == 2:
            page.locator("input[name=unsafe_alone_evening]").nth(2).check()
        button = page.locator("button[value=submit]") if step == 5 else page.locator("button[value=next]")
        if step == 5:
            assert button.inner_text() == send
        button.click()
    assert "/tack/" in page.url
    found["thanks"] = violations(page)
    page.goto(live_server.url + prefix + START + "pappersversion/")
    found["paper"] = violations(page)
    assert {name: v for name, v in found.items() if v} == {}
    page.close()


def test_answering_on_a_360_px_phone_needs_no_sideways_scrolling(browser: Any, demo_site: Any) -> None:
    page = browser.new_page(viewport={"width": 360, "height": 740})
    page.goto(demo_site.url + START)
    page.locator("form.survey-form button[type=submit]").click()
    for step in range(1, 6):
        assert page.evaluate("document.documentElement.scrollWidth") <= 360, f"step {step}"
        if step == 1:
            page.locator("input[name=area]").first.check()
            page.locator("input[name=age_band]").first.check()
        if step == 2:
            page.locator("input[name=unsafe_alone_evening]").first.check()
        if step < 5:
            page.locator("button[value=next]").click()
    page.close()


def test_the_whole_survey_works_without_javascript(browser: Any, live_server: Any, fresh_demo: None) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    before = Response.objects.count()
    page.goto(live_server.url + START)
    page.get_by_role("button", name="Starta enkäten").click()
    page.get_by_label("Vallås").check()
    page.get_by_label("65 år eller äldre").check()
    page.get_by_role("button", name="Nästa").click()
    expect(page.get_by_text("Steg 2 av 5")).to_be_visible()
    page.get_by_label("Mycket otrygg").check()
    page.get_by_role("button", name="Tillbaka").click()
    assert page.get_by_label("Vallås").is_checked()
    for _ in range(3):
        page.get_by_role("button", name="Nästa").click()
    page.get_by_role("button", name="Nästa").click()
    # The map's place fields work as plain fields: an area and a description.
    assert not page.locator(".place-map").is_visible()
    page.get_by_label("Område").first.select_option(label="Vallås")
    page.get_by_label("Var? T.ex. en gata, en gångväg eller ett torg").first.fill(
        "Gångtunneln vid Vallås torg"
    )
    page.get_by_role("button", name="Skicka mina svar").click()
    expect(page.get_by_role("heading", name="Tack för dina svar")).to_be_visible()
    assert Response.objects.count() == before + 1
    place = PlaceMark.objects.get(description="Gångtunneln vid Vallås torg")
    assert place.area == Area.objects.get(slug="vallas") and place.latitude is None
    context.close()


def test_the_map_marks_a_place_when_javascript_is_on(
    browser: Any, live_server: Any, fresh_demo: None
) -> None:
    page = browser.new_page()
    page.goto(live_server.url + START)
    answer_up_to_the_places_page(page)
    map_box = page.locator(".place-map")
    map_box.wait_for(state="visible")
    page.locator(".place-map svg path").nth(1).wait_for(state="attached")
    assert (
        page.evaluate(
            "document.querySelectorAll('img[src^=\"http\"]:not([src^=\"' + location.origin + '\"])').length"
        )
        == 0
    )
    tap_area(page, "vallas")
    assert page.locator("input[name='unsafe_places-1-lat']").input_value() != ""
    assert page.locator(".place[data-slot='1'] .place-point").is_visible()
    # The marker's image is named in the page's language, not Leaflet's English "Marker".
    assert page.locator(".place-map img.leaflet-marker-icon").get_attribute("alt") == "Markerad plats"
    page.locator("input[name='unsafe_places-1-reason']").fill("Mörkt")
    page.locator("button[value=submit]").click()
    assert "/tack/" in page.url
    place = PlaceMark.objects.get(reason="Mörkt")
    assert place.latitude is not None and place.area == Area.objects.get(slug="vallas")
    page.close()


def answer_the_required_steps(page: Any) -> None:
    """From step 1 to the last step by the labels a resident reads: Vallås, 65 or older, very unsafe."""
    page.get_by_label("Vallås").check()
    page.get_by_label("65 år eller äldre").check()
    page.get_by_role("button", name="Nästa").click()
    page.get_by_label("Mycket otrygg").check()
    for _ in range(3):
        page.get_by_role("button", name="Nästa").click()


def test_sending_after_the_draft_expired_shows_what_is_missing(
    browser: Any, live_server: Any, fresh_demo: None
) -> None:
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(live_server.url + START)
    page.get_by_role("button", name="Starta enkäten").click()
    answer_the_required_steps(page)
    # The resident pauses longer than the 48 hours a draft is kept, then sends twice.
    Draft.objects.update(expires="2000-01-01T00:00:00Z")
    where = page.get_by_label("Var? T.ex. en gata, en gångväg eller ett torg").first
    where.fill("Gångtunneln vid Vallås torg")
    page.get_by_role("button", name="Skicka mina svar").click()
    expect(page.get_by_text("Dina tidigare svar har tagits bort")).to_be_visible()
    page.get_by_role("button", name="Skicka mina svar").click()
    assert page.url.endswith("/steg/1/?missing=1")
    summary = page.locator(".error-summary")
    assert summary.is_visible()
    assert "Svara på frågan ”I vilket område bor du?”." in summary.inner_text()
    assert violations(page) == []
    # Answering again from the start reaches the last page with its answer kept, and sends.
    answer_the_required_steps(page)
    assert where.input_value() == "Gångtunneln vid Vallås torg"
    page.get_by_role("button", name="Skicka mina svar").click()
    expect(page.get_by_role("heading", name="Tack för dina svar")).to_be_visible()
    assert PlaceMark.objects.filter(description="Gångtunneln vid Vallås torg").count() == 1
    assert errors == []
    page.close()


def test_a_returning_resident_continues_where_they_left_off(
    browser: Any, live_server: Any, fresh_demo: None
) -> None:
    page = browser.new_page()
    page.goto(live_server.url + START)
    page.get_by_role("button", name="Starta enkäten").click()
    page.get_by_label("Vallås").check()
    page.get_by_label("65 år eller äldre").check()
    page.get_by_role("button", name="Nästa").click()
    page.goto(live_server.url + START)
    assert violations(page) == []
    page.get_by_role("link", name="Fortsätt där du slutade").click()
    assert page.url.endswith("/steg/2/")
    page.goto(live_server.url + START)
    page.get_by_role("button", name="Gå till första steget").click()
    assert page.get_by_label("Vallås").is_checked()
    page.close()
