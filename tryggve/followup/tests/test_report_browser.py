"""The follow-up report in Debian's real Chromium: an analyst writes and decides it on a phone (a
decision date in the future refused in Swedish), and residents read its public part at 360 px
in Swedish, English and Arabic (right to left), with and without JavaScript."""

import datetime
from typing import Any

import pytest

from tryggve.followup.models import FollowupReportVersion
from tryggve.testing import PHONE, axe_violations, fits_the_phone, logged_in_context, script_errors

pytestmark = pytest.mark.browser

EDITOR = "/halmstad/uppfoljning/rapport/2019/"
PUBLIC = "/halmstad/uppfoljningsrapport/2019/"


def test_an_analyst_writes_and_decides_the_follow_up_report(
    browser: Any, live_server: Any, fresh_demo: None
) -> None:
    context = logged_in_context(browser, live_server, "samordnare.halmstad", viewport=PHONE)
    page = context.new_page()
    errors = script_errors(page)
    page.goto(live_server.url + EDITOR)
    assert page.get_by_role("heading", level=1).inner_text() == "Uppföljningsrapport 2019"
    assert page.locator("#part-summary").is_visible()
    assert "(intern åtgärd)" in page.locator(".report-document").inner_text()  # staff see all
    summary = page.get_by_role("group", name="Sammanfattning")
    summary.get_by_label("Svenska").fill("Året i korthet: det mesta blev gjort.")
    page.get_by_role("button", name="Spara uppföljningsrapporten").click()
    assert "Uppföljningsrapporten är sparad." in page.locator(".messages").inner_text()
    assert fits_the_phone(page)
    assert axe_violations(page) == []

    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    page.get_by_label("Fastställt av").fill("Kommunfullmäktige")
    page.get_by_label("Beslutsdatum").fill(tomorrow.isoformat())
    page.get_by_role("button", name="Registrera beslutet").click()
    assert "Beslutsdatumet kan inte ligga i framtiden" in page.get_by_role("alert").inner_text()
    assert page.get_by_label("Fastställt av").input_value() == "Kommunfullmäktige"
    assert FollowupReportVersion.objects.count() == 1  # the demo's, nothing more
    assert axe_violations(page) == []

    page.get_by_label("Beslutsdatum").fill(datetime.date.today().isoformat())
    page.get_by_label("Diarienummer").fill("KF 2026/4")
    page.get_by_role("button", name="Registrera beslutet").click()
    assert "Beslutet är registrerat som version 2." in page.locator(".messages").inner_text()
    page.get_by_role("link", name="Den offentliga rapporten").click()
    assert page.url.endswith(PUBLIC)
    assert "Version 2: beslutad av Kommunfullmäktige" in page.locator(".notice").first.inner_text()
    assert (
        "Året i korthet: det mesta blev gjort."
        in page.locator("section[aria-labelledby=part-summary]").inner_text()
    )
    assert "(intern åtgärd)" not in page.content()
    assert errors == []
    context.close()


@pytest.mark.parametrize(
    ("prefix", "title", "direction"),
    [("", "Uppföljningsrapport 2019", "ltr"), ("/en", "Follow-up report 2019", "ltr"),
     ("/ar", "تقرير المتابعة 2019", "rtl")],
)  # fmt: skip
@pytest.mark.parametrize("javascript", [True, False])
def test_residents_read_the_public_report_on_a_phone(
    browser: Any, demo_site: Any, prefix: str, title: str, direction: str, javascript: bool
) -> None:
    context = browser.new_context(viewport=PHONE, java_script_enabled=javascript)
    page = context.new_page()
    errors = script_errors(page)
    page.goto(demo_site.url + prefix + PUBLIC)
    assert page.locator("html").get_attribute("dir") == direction
    assert page.get_by_role("heading", level=1).inner_text() == title
    assert page.locator(".report-part").count() >= 5
    assert fits_the_phone(page)
    if javascript:
        assert axe_violations(page) == []
    with page.expect_download() as download_info:
        page.locator("a[download]").click()
    assert download_info.value.suggested_filename.startswith("uppfoljningsrapport-halmstad-2019-")
    assert errors == []
    context.close()
