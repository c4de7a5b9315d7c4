"""The public page in Debian's real Chromium: accessibility (axe-core), phones, no JavaScript."""

from typing import Any

import pytest
from playwright.sync_api import expect

from tryggve.followup.models import SafetyWalk
from tryggve.testing import axe_violations, logged_in_context

pytestmark = pytest.mark.browser

PAGES = [
    "/halmstad/medborgarloften/",
    "/en/halmstad/medborgarloften/",
    "/halmstad/medborgarloften/2017/",
    "/halmstad/personuppgifter/",
    "/halmstad/tillganglighet/",
]


@pytest.mark.parametrize("path", PAGES)
def test_zero_axe_violations(browser: Any, demo_site: Any, path: str) -> None:
    page = browser.new_page()
    page.goto(demo_site.url + path)
    assert axe_violations(page) == []
    page.close()


def test_readable_on_a_360_px_phone(browser: Any, demo_site: Any) -> None:
    page = browser.new_page(viewport={"width": 360, "height": 740})
    page.goto(demo_site.url + "/halmstad/medborgarloften/")
    # Nothing wider than the screen, so no sideways scrolling.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    heading = page.get_by_role("heading", level=1)
    assert heading.is_visible()
    assert heading.bounding_box()["width"] <= 360
    page.close()


def test_works_without_javascript(browser: Any, demo_site: Any) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(demo_site.url + "/halmstad/medborgarloften/")
    assert page.get_by_role("heading", name="Dialog först – löfte sedan").is_visible()
    page.get_by_role("link", name="Medborgarlöftet för 2018").click()
    expect(page.get_by_role("heading", name="Medborgarlöftet för 2018")).to_be_visible()
    page.get_by_role("link", name="English").click()
    expect(page.get_by_role("heading", name="The citizen promise for 2018")).to_be_visible()
    context.close()


def test_keyboard_reaches_the_content_first(browser: Any, demo_site: Any) -> None:
    page = browser.new_page()
    page.goto(demo_site.url + "/halmstad/medborgarloften/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Hoppa till innehållet")
    assert skip.evaluate("element => element === document.activeElement")
    assert skip.is_visible()  # it shows itself when focused
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    page.close()


def test_the_content_security_policy_blocks_nothing_the_pages_need(browser: Any, demo_site: Any) -> None:
    """Every kind of page, maps included, runs under the strict policy without a violation."""
    context = logged_in_context(browser, demo_site, "it.admin")
    context.add_init_script(
        "window.blocked = []; document.addEventListener('securitypolicyviolation', "
        "event => window.blocked.push(event.violatedDirective + ' ' + event.blockedURI));"
    )
    page = context.new_page()
    walk = SafetyWalk.objects.filter(municipality__slug="halmstad").order_by("pk").first()
    assert walk is not None
    pages = {
        "/halmstad/lagesbild/2019/": ".situation-map svg path",
        "/halmstad/est/vecka/2019-45/": ".week-map svg path",
        "/halmstad/est/ny/": ".place-map svg path",
        f"/halmstad/uppfoljning/vandringar/{walk.pk}/": ".route-map svg path",
        "/halmstad/medborgarloften/": None,
        "/admin/promises/promise/": None,
    }
    for path, drawn in pages.items():
        response = page.goto(demo_site.url + path)
        assert response is not None and "script-src 'self'" in response.headers["content-security-policy"]
        if drawn:
            page.locator(drawn).first.wait_for()
        assert page.evaluate("window.blocked") == [], path
    context.close()
