"""A resident reports a place in Debian's real Chromium: on a 360 px phone with the map, axe-clean."""

from typing import Any

import pytest

from tryggve.inputs.models import PlaceReport
from tryggve.testing import PHONE, axe_violations, fits_the_phone, tap_area

pytestmark = pytest.mark.browser


def test_a_resident_taps_the_place_on_a_phone(browser: Any, live_server: Any, fresh_demo: None) -> None:
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(live_server.url + "/halmstad/rapportera/")
    page.locator(".place-map svg path").nth(1).wait_for(state="attached")
    assert fits_the_phone(page)
    assert axe_violations(page) == []
    before = PlaceReport.objects.count()
    page.get_by_label("Vad gäller det?").select_option(label="Belysning")
    tap_area(page, "andersberg")
    assert page.get_by_text("Markerad på kartan.").is_visible()
    page.get_by_label("Kort beskrivning").fill("Lampan i tunneln är trasig")
    page.get_by_role("button", name="Skicka rapporten").click()
    assert page.get_by_role("heading", name="Tack för din rapport").is_visible()
    assert fits_the_phone(page) and axe_violations(page) == []
    assert PlaceReport.objects.count() == before + 1
    stored = PlaceReport.objects.get(description="Lampan i tunneln är trasig")
    assert stored.area.slug == "andersberg" and stored.latitude is not None
    context.close()
