"""The login and two-factor pages in Debian's real Chromium: accessibility, phones, the CSP."""

from typing import Any

import pytest
from django.contrib.auth.models import User

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
    assert page.get_by_role("alert").is_visible()
    assert axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert page.evaluate("window.blocked") == []
    context.close()

    anonymous = browser.new_page()
    anonymous.goto(live_server.url + "/konto/logga-in/")
    assert axe_violations(anonymous) == []
    anonymous.close()
