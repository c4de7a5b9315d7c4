"""Deciding the lägesbild report in Debian's real Chromium, and the public report a resident
reads on a phone: in Arabic, right to left, and without JavaScript."""

import datetime
from typing import Any

import pytest

from tryggve.situation.models import ReportVersion
from tryggve.testing import PHONE, axe_violations, fits_the_phone, logged_in_context, script_errors

pytestmark = pytest.mark.browser

PUBLIC = "/halmstad/lagesbild/2018/rapport/"


def test_an_analyst_records_the_decision_and_the_public_report_shows_it(
    browser: Any, live_server: Any, fresh_demo: None
) -> None:
    context = logged_in_context(browser, live_server, "samordnare.halmstad", viewport=PHONE)
    page = context.new_page()
    errors = script_errors(page)
    page.goto(live_server.url + "/halmstad/lagesbild/2018/personal/rapport/")
    versions = page.get_by_role("region", name="Beslutade versioner")
    assert "Version 1: beslutad av Kommunstyrelsen den 12 februari 2019" in versions.inner_text()

    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    page.get_by_label("Fastställt av").fill("Kommunfullmäktige")
    page.get_by_label("Beslutsdatum").fill(tomorrow.isoformat())
    page.get_by_role("button", name="Registrera beslutet").click()
    assert "Beslutsdatumet kan inte ligga i framtiden" in page.get_by_role("alert").inner_text()
    assert page.get_by_label("Fastställt av").input_value() == "Kommunfullmäktige"
    assert ReportVersion.objects.count() == 1
    assert fits_the_phone(page)
    assert axe_violations(page) == []

    page.get_by_label("Beslutsdatum").fill(datetime.date.today().isoformat())
    page.get_by_label("Diarienummer").fill("KF 2026/3")
    page.get_by_role("button", name="Registrera beslutet").click()
    assert "Beslutet är registrerat som version 2." in page.locator(".messages").inner_text()
    assert ReportVersion.objects.get(number=2).decision_body == "Kommunfullmäktige"
    page.get_by_role("link", name="Den offentliga rapporten").click()
    assert page.url.endswith(PUBLIC)
    assert "Version 2: beslutad av Kommunfullmäktige" in page.locator(".notice").first.inner_text()
    assert errors == []
    context.close()


@pytest.mark.parametrize("javascript", [True, False])
def test_the_public_report_in_arabic_on_a_phone(
    browser: Any, live_server: Any, fresh_demo: None, javascript: bool
) -> None:
    context = browser.new_context(viewport=PHONE, java_script_enabled=javascript)
    page = context.new_page()
    errors = script_errors(page)
    page.goto(live_server.url + "/ar" + PUBLIC)
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.get_by_role("heading", level=1).inner_text() == "تقرير صورة الوضع 2018"
    assert "الإصدار 1: قررته Kommunstyrelsen" in page.locator(".notice").first.inner_text()
    # the analysts wrote no Arabic: their Swedish text is shown, marked as Swedish
    swedish = page.locator(".report-text[lang=sv]").first
    assert swedish.inner_text().startswith("Demo (påhittad text)")
    assert fits_the_phone(page)
    if javascript:
        assert axe_violations(page) == []
    assert errors == []
    context.close()


def test_one_partys_analyst_writes_the_other_comments_and_the_analyst_sees_it(
    browser: Any, live_server: Any, fresh_demo: None
) -> None:
    editor = live_server.url + "/halmstad/lagesbild/2018/personal/rapport/"
    writer = logged_in_context(browser, live_server, "samordnare.halmstad", viewport=PHONE)
    page = writer.new_page()
    errors = script_errors(page)
    page.goto(editor)
    analysis = page.get_by_role("region", name="5. Analys och slutsatser")
    analysis.get_by_role("group", name="Analys och slutsatser").get_by_label("Svenska").fill("Vallås först.")
    page.get_by_role("button", name="Spara rapporten").click()
    assert "Rapporten är sparad." in page.locator(".messages").inner_text()

    police = logged_in_context(browser, live_server, "kommunpolis", viewport=PHONE)
    other = police.new_page()
    other.goto(editor)
    other.get_by_role("textbox", name="Kommentar").fill("Polisen håller med om Vallås.")
    other.get_by_role("button", name="Kommentera").click()
    assert "Din kommentar är sparad." in other.locator(".messages").inner_text()
    police.close()

    page.reload()
    comments = page.get_by_role("region", name="Parternas kommentarer")
    assert "Polisen håller med om Vallås." in comments.inner_text()
    assert fits_the_phone(page)
    assert axe_violations(page) == []
    assert errors == []
    writer.close()
