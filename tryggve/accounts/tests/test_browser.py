"""The login and two-factor pages in Debian's real Chromium: accessibility, phones, the CSP."""

from typing import Any

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import expect

from tryggve.testing import axe_violations, logged_in_context

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_two_factor_pages_are_accessible_on_a_phone(browser: Any, live_server: Any) -> None:
    User.objects.create_user("analytiker", "analytiker@kommun.example", "ett-langt-losenord-2026")
    context = logged_in_context(browser, live_server, "analytiker", viewport={"width": 360, "height": 740})
    context.add_init_script(
        "window.blocked = []; document.addEventListener('securitypolicyviolation', "
        "event => window.blocked.push(event.violatedDirective));"
    )
    page = context.new_page()
    page.goto(live_server.url + "/konto/tvastegsinloggning/")
    assert page.get_by_role("img", name="QR-kod för din autentiseringsapp").is_visible()
    page.get_by_label("Kod från appen").fill("12")
    page.get_by_role("button", name="Slå på").click()
    expect(page.get_by_role("alert")).to_be_visible()
    assert axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert page.evaluate("window.blocked") == []
    context.close()

    anonymous = browser.new_page()
    anonymous.goto(live_server.url + "/konto/logga-in/")
    assert axe_violations(anonymous) == []
    anonymous.close()


def test_an_activity_owner_follows_an_overdue_measure_from_the_start_page(
    browser: Any, live_server: Any
) -> None:
    from .test_start_page import make_year

    year = make_year()
    owner = year.users["owner"]
    owner.set_password("ett-langt-losenord-2026")
    owner.save()
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(live_server.url + "/konto/logga-in/")
    page.get_by_label("Användarnamn").fill("ort.owner")
    page.get_by_label("Lösenord").fill("ett-langt-losenord-2026")
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url(live_server.url + "/konto/")
    to_do = page.get_by_role("region", name="Att göra")
    assert to_do.get_by_role(
        "heading", name="Åtgärder efter trygghetsvandringar som snart ska vara klara eller är försenade"
    ).is_visible()
    assert axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    to_do.get_by_role("link", name="Byt armaturen i gångtunneln").click()
    page.wait_for_url(f"**/ort/uppfoljning/vandringar/{year.walk.pk}/#f{year.overdue.finding_id}")
    assert page.get_by_role("heading", name="Belysning: Gångtunneln").is_visible()
    assert page.get_by_text("Byt armaturen i gångtunneln").is_visible()

    page.goto(live_server.url + "/konto/")
    page.get_by_role("link", name="E-post från Tryggve: välj vad du får").click()
    page.get_by_role("checkbox", name="En åtgärd efter en trygghetsvandring", exact=False).uncheck()
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_text("Dina val av e-post är sparade.")).to_be_visible()
    assert not page.get_by_role(
        "checkbox", name="En åtgärd efter en trygghetsvandring", exact=False
    ).is_checked()
    assert axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    context.close()
