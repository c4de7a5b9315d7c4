"""Every map page in Chromium draws the demo's tiles from Tryggve itself, and the page asks no
other host for anything (issue 29)."""

from typing import Any
from urllib.parse import urlsplit

import pytest

from tryggve.followup.models import SafetyWalk
from tryggve.surveys.tests.test_browser import START, answer_up_to_the_places_page
from tryggve.testing import logged_in_context

pytestmark = pytest.mark.browser


def tiles_shown(page: Any, container: str) -> None:
    """At least one of the map's tiles has loaded (a tile image with a size), from /kartor/."""
    page.wait_for_function(
        "sel => Array.from(document.querySelectorAll(sel + ' img.leaflet-tile-loaded'))"
        ".some(img => img.naturalWidth === 256 && new URL(img.src).pathname.startsWith('/kartor/'))",
        arg=container,
    )


def test_every_map_page_shows_tryggves_own_tiles_and_contacts_no_other_host(
    browser: Any, live_server: Any, fresh_demo: None
) -> None:
    walk = SafetyWalk.objects.filter(municipality__slug="halmstad", repeat_of=None).get()
    context = logged_in_context(browser, live_server, "samordnare.halmstad")
    page = context.new_page()
    hosts: list[str] = []
    page.on("request", lambda request: hosts.append(urlsplit(request.url).netloc))

    page.goto(f"{live_server.url}/halmstad/lagesbild/2019/")
    tiles_shown(page, ".situation-map")
    assert page.locator(".situation-map .leaflet-tooltip.area-label").count() > 3  # areas named
    assert "Påhittad demokarta" in (
        page.locator(".situation-map .leaflet-control-attribution").text_content() or ""
    )

    page.goto(f"{live_server.url}/halmstad/uppfoljning/vandringar/{walk.pk}/")
    tiles_shown(page, ".route-map")
    context.close()

    reporter = logged_in_context(browser, live_server, "hfab.rapportor")
    page = reporter.new_page()
    page.on("request", lambda request: hosts.append(urlsplit(request.url).netloc))
    page.goto(live_server.url + "/halmstad/est/ny/")
    tiles_shown(page, ".place-map")
    reporter.close()

    page = browser.new_page()
    page.on("request", lambda request: hosts.append(urlsplit(request.url).netloc))
    page.goto(live_server.url + START)
    answer_up_to_the_places_page(page)
    tiles_shown(page, ".place-map")
    assert page.locator(".place-map .leaflet-tooltip.area-label").count() > 3
    page.close()

    assert hosts and set(hosts) == {urlsplit(live_server.url).netloc}
