"""Omgångar in Debian's real Chromium, on a 360 px phone: an analyst starts next year's cycle as a
copy of this year's survey and previews it, and another starts a first cycle from the template
and opens its survey."""

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from tryggve.core.models import Cycle
from tryggve.surveys.models import Survey
from tryggve.testing import (
    administrator,
    assert_valid_html,
    axe_violations,
    logged_in_context,
    small_municipality,
)

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}


def check(page: Any, body: bytes) -> None:
    """The page as served is valid HTML, has no axe findings and no sideways scrolling at 360 px."""
    assert_valid_html(body)
    assert axe_violations(page) == [], page.url
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], page.url


def click_to(page: Any, locator: Any) -> bytes:
    """Follow a link or send a form; the body of the page it leads to."""
    with page.expect_navigation() as navigation:
        locator.click()
    return bytes(navigation.value.body())


def test_an_analyst_starts_next_year_copies_previews_and_opens(
    browser: Any, live_server: Any, fresh_demo: None
) -> None:
    current = Survey.objects.get(municipality__slug="halmstad", slug="trygghetsmatning")
    year = current.year + 2
    context = logged_in_context(browser, live_server, "samordnare.halmstad", viewport=PHONE)
    page = context.new_page()
    response = page.goto(live_server.url + "/halmstad/omgangar/")
    check(page, response.body())
    assert page.get_by_role("link", name=str(current.year + 1), exact=True).is_visible()
    body = click_to(page, page.get_by_role("link", name=f"Starta omgång {year}"))
    check(page, body)
    copy = page.get_by_label(f"En kopia av {current.title} {current.year}", exact=False)
    assert copy.is_checked()
    # A closing day before the opening day: told why, in Swedish, with what was typed kept.
    page.get_by_label("Adressnamn").fill("trygghet-nasta-ar")
    page.get_by_label("Stänger").fill(f"{current.year + 1}-01-01")
    body = click_to(page, page.get_by_role("button", name=f"Starta omgång {year}"))
    assert (
        page.locator(".error-summary").get_by_text("Enkäten kan inte stänga innan den öppnar.").is_visible()
    )
    assert page.get_by_label("Adressnamn").input_value() == "trygghet-nasta-ar"
    assert copy.is_checked()
    check(page, body)
    assert not Cycle.objects.filter(municipality__slug="halmstad", year=year).exists()
    # The same form open in a second tab, as it was before the cycle was started.
    second = context.new_page()
    second.goto(live_server.url + "/halmstad/omgangar/ny/")
    page.get_by_label("Stänger").fill(f"{current.year + 1}-12-20")
    body = click_to(page, page.get_by_role("button", name=f"Starta omgång {year}"))
    assert page.get_by_text(f"Omgång {year} är startad").is_visible()
    check(page, body)
    survey = Survey.objects.get(municipality__slug="halmstad", slug="trygghet-nasta-ar")
    assert survey.questions.count() == current.questions.count()
    # Sent from the second tab too, it makes nothing new.
    click_to(second, second.get_by_role("button", name=f"Starta omgång {year}"))
    assert second.get_by_text(f"Omgång {year} var redan startad").is_visible()
    assert Survey.objects.filter(municipality__slug="halmstad", year=current.year + 1).count() == 1
    body = click_to(page, page.get_by_role("link", name="Förhandsvisa enkäten"))
    assert page.get_by_text("Förhandsvisning för personal").is_visible()
    check(page, body)
    context.close()

    # A municipality's first cycle, from the template, opened by its analyst.
    place = small_municipality().municipality
    administrator("analytiker", place, roles=["analyst"])
    today = timezone.localdate()
    opens = today + timedelta(days=10) if (today + timedelta(days=10)).year == today.year else today
    context = logged_in_context(browser, live_server, "analytiker", viewport=PHONE)
    page = context.new_page()
    page.goto(f"{live_server.url}/{place.slug}/omgangar/")
    assert page.get_by_text("Kommunen har ingen omgång än.").is_visible()
    click_to(page, page.get_by_role("link", name=f"Starta omgång {today.year + 1}"))
    assert page.get_by_label("Standardmallen", exact=False).is_checked()
    page.get_by_label("Öppnar").fill(opens.isoformat())
    page.get_by_label("Stänger").fill((opens + timedelta(days=28)).isoformat())
    click_to(page, page.get_by_role("button", name=f"Starta omgång {today.year + 1}"))
    survey = Survey.objects.get(municipality=place)
    if not survey.is_open():
        body = click_to(page, page.get_by_role("button", name="Öppna enkäten nu"))
        assert page.get_by_text("Enkäten är öppen").is_visible()
        check(page, body)
    survey.refresh_from_db()
    assert survey.is_open()
    resident = browser.new_page()
    resident.goto(f"{live_server.url}/{place.slug}/enkat/{survey.slug}/")
    assert resident.locator("form.survey-form").is_visible()
    resident.close()
    context.close()
