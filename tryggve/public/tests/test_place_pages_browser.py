"""A resident follows a place report in Debian's real Chromium (issue 33.1, 33.2): reports it
without JavaScript on a 360 px phone, gets the link, reads the status once staff routed it, and
finds it on the public list and map, in Swedish, English and Arabic, axe-clean."""

from datetime import date
from typing import Any

import feedparser
import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.test import Client
from playwright.sync_api import expect

from tryggve.core.models import Membership
from tryggve.inputs.models import PlaceKind, PlaceReport
from tryggve.testing import (
    PHONE,
    axe_violations,
    columns_out_of_reach,
    fits_the_phone,
    script_errors,
    small_municipality,
    unexpected,
)

pytestmark = pytest.mark.browser


def phone_checks(browser: Any, cookies: list[Any], urls: list[str]) -> None:
    """Each page on a 360 px phone, axe-clean. Run with scripts on, which axe and the measuring
    need; without them the pages are laid out the same, less the map."""
    context = browser.new_context(viewport=PHONE)
    context.add_cookies(cookies)
    page = context.new_page()
    for url in urls:
        page.goto(url)
        assert fits_the_phone(page), url
        assert columns_out_of_reach(page) == [], url
        assert axe_violations(page) == [], url
    context.close()


def coordinator(town: Any) -> Client:
    user = User.objects.create_user("samordnare.test", "samordnare@example.org", "x")
    Membership.objects.create(
        user=user, organisation=town.kommun, municipality=town.municipality, role="analyst"
    )
    client = Client()
    client.force_login(user)
    return client


def test_a_resident_reports_a_place_without_javascript_and_follows_it(
    browser: Any, live_server: Any, transactional_db: None
) -> None:
    town = small_municipality()
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/testkommun/rapportera/")
    page.get_by_label("Vad gäller det?").select_option(label="Belysning")
    page.get_by_label("Område").select_option(label="Norr")
    page.get_by_label("Platsen med ord").fill("Tunneln under järnvägen")
    page.get_by_label("Din e-postadress, för att få veta läget (valfritt)").fill("boende@example.org")
    page.get_by_role("button", name="Skicka rapporten").click()
    expect(page.get_by_role("heading", name="Följ din rapport")).to_be_visible()
    seen = [page.url]
    stored = PlaceReport.objects.get()
    link = page.get_by_role("link", name=f"{live_server.url}/testkommun/rapporterade-platser/{stored.pk}/")
    link.click()
    # Not read by staff yet: the page says there is no public report at the address.
    assert page.get_by_role("heading", name="Ingen offentlig rapport på den här adressen").is_visible()
    phone_checks(browser, context.cookies(), [*seen, page.url])  # the 404 page, before staff read it
    coordinator(town).post(
        f"/testkommun/platsrapporter/{stored.pk}/",
        {"action": "route", "route-organisation": town.kommun.pk, "route-due": ""},
    )
    assert [message.to for message in mail.outbox] == [["boende@example.org"]]
    page.reload()
    assert page.get_by_role("heading", name="Belysning i Norr").is_visible()
    assert page.get_by_text("Mottagen (sedan").is_visible()
    assert "Tunneln under järnvägen" not in page.content()
    seen = [page.url]
    page.get_by_role("link", name="Alla rapporterade platser").click()
    expect(page.get_by_role("link", name="Belysning i Norr")).to_be_visible()
    phone_checks(browser, context.cookies(), [*seen, page.url])
    context.close()


@pytest.mark.parametrize(("prefix", "heading", "area_label", "show"), [
    ("", "Rapporterade platser", "Område", "Visa"),
    ("/en", "Reported places", "Area", "Show"),
    ("/ar", "الأماكن المبلغ عنها", "المنطقة", "اعرض"),
])  # fmt: skip
def test_the_list_filters_without_javascript_on_a_phone_in_each_language(
    browser: Any,
    live_server: Any,
    transactional_db: None,
    prefix: str,
    heading: str,
    area_label: str,
    show: str,
) -> None:
    town = small_municipality()
    for area, day in ((town.north, 20), (town.south, 21)):
        PlaceReport.objects.create(
            municipality=town.municipality, kind=PlaceKind.VEGETATION, area=area,
            received_on=date(2026, 11, 2),
            status="planned", status_on=date(2026, 11, day), organisation=town.kommun,
            answer="Buskarna klipps i december.", latitude=56.71123, longitude=12.85321,
        )  # fmt: skip
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}{prefix}/testkommun/rapporterade-platser/")
    assert page.get_by_role("heading", name=heading, level=1).is_visible()
    assert page.locator(".place-list li").count() == 2
    assert page.locator(".places-map").is_hidden()  # no map without JavaScript: the list and table
    seen = [page.url]
    page.get_by_role("combobox", name=area_label).select_option("soder")
    page.get_by_role("button", name=show).click()
    assert page.locator(".place-list li").count() == 1
    assert "omrade=soder" in page.url
    phone_checks(browser, [], [*seen, page.url])
    context.close()


def test_the_map_draws_the_listed_reports_at_their_squares(
    browser: Any, live_server: Any, transactional_db: None
) -> None:
    town = small_municipality()
    report = PlaceReport.objects.create(
        municipality=town.municipality, kind=PlaceKind.LIGHTING, area=town.north,
        received_on=date(2026, 11, 2),
        status="received", status_on=date(2026, 11, 20), organisation=town.kommun,
        latitude=56.71123, longitude=12.85321,
    )  # fmt: skip
    for path in ("/testkommun/rapporterade-platser/", f"/ar/testkommun/rapporterade-platser/{report.pk}/"):
        page = browser.new_page(viewport=PHONE)
        errors = script_errors(page)
        page.goto(live_server.url + path)
        page.locator(".places-map path.leaflet-interactive").first.wait_for(state="attached")
        assert page.locator(".places-map").is_visible()
        assert fits_the_phone(page) and axe_violations(page) == []
        assert unexpected(errors) == []
        page.close()


def test_a_resident_follows_the_reports_in_a_feed_reader_and_a_program_reads_them_in_the_api(
    browser: Any, live_server: Any, transactional_db: None
) -> None:
    """Issue 33.5 as a resident meets it: the list's feed link gives the published report and its
    status, and the API gives it in its public form; neither the words nor the exact place."""
    town = small_municipality()
    report = PlaceReport.objects.create(
        municipality=town.municipality, kind=PlaceKind.LIGHTING, area=town.north,
        received_on=date(2026, 11, 2), place="Tunneln under järnvägen", description="Mörkt",
        status="planned", status_on=date(2026, 11, 20), organisation=town.kommun,
        answer="Vi byter lampan i december.", latitude=56.71123, longitude=12.85321,
    )  # fmt: skip
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/testkommun/rapporterade-platser/")
    feed = page.get_by_role("link", name="Följ nyheterna i en flödesläsare (Atom)")
    with page.expect_response(lambda response: response.url.endswith("/flode.atom")) as answer:
        feed.click()
    atom = answer.value
    assert atom.status == 200 and atom.headers["content-type"].startswith("application/atom+xml")
    entries = feedparser.parse(atom.body()).entries
    entry = next(each for each in entries if each.link.endswith(f"/rapporterade-platser/{report.pk}/"))
    assert entry.title == "Belysning i Norr: planerad" and "Vi byter lampan i december." in entry.summary
    found = page.request.get(f"{live_server.url}/api/v1/municipalities/testkommun/place-reports")
    (item,) = found.json()["items"]
    assert (item["id"], item["status"], item["answer"]) == (
        report.pk,
        "planned",
        "Vi byter lampan i december.",
    )
    for leak in ("Tunneln under järnvägen", "Mörkt", "56.71123", "12.85321"):
        assert leak not in atom.text() and leak not in found.text()
    context.close()
