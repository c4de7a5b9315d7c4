"""Residents, a partner, an analyst and an administrator use Tryggve through the documented stack.

Chromium talks HTTPS to nginx, which serves static files and media itself and hands the rest to
gunicorn (DJANGO_ENV=production) on PostgreSQL, all started from deploy/ (bench/stack.py).
Last, the logs are read and compared with what docs/deployment.md says is logged.
"""

import asyncio
import io
import json
import re
import ssl
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from PIL import Image
from playwright.sync_api import expect

from bench import survey_submit
from bench.stack import Stack
from tryggve.testing import answer_up_to_the_places_page, tap_area

from .conftest import stack_context

pytestmark = [pytest.mark.browser, pytest.mark.stack]

SURVEY = "/halmstad/enkat/trygghetsmatning/"
COMBINED = re.compile(
    r'^\d+\.\d+\.\d+\.\d+ - \S+ \[[^]]+\] "(?P<method>[A-Z]+) (?P<path>\S+) HTTP/[\d.]+" '
    r'(?P<status>\d{3}) \d+ "(?P<referrer>[^"]*)" "[^"]*"$'
)


def count(stack: Stack, model: str) -> int:
    app, name = model.split(".")
    code = f"from tryggve.{app}.models import {name}; print({name}.objects.count())"
    return int(stack.manage("shell", "--no-imports", "-c", code).stdout)


def plain_get(url: str) -> tuple[int, dict[str, str], bytes]:
    """One request without following redirects, as a client that is not a browser."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args: Any) -> None:
            return None

    unverified = ssl._create_unverified_context()  # noqa: S323 - the test's own certificate
    opener = urllib.request.build_opener(NoRedirect, urllib.request.HTTPSHandler(context=unverified))
    try:
        with opener.open(url, timeout=10) as answer:
            return answer.status, {k.lower(): v for k, v in answer.headers.items()}, answer.read()
    except urllib.error.HTTPError as error:
        return error.code, {k.lower(): v for k, v in error.headers.items()}, error.read()


def test_plain_http_goes_to_https_and_pages_carry_the_production_headers(stack: Stack) -> None:
    status, headers, _ = plain_get(stack.http_url + "/halmstad/medborgarloften/")
    assert status == 301 and headers["location"].startswith("https://localhost")
    status, headers, body = plain_get(stack.url + "/halmstad/medborgarloften/")
    assert status == 200 and b"Medborgarl" in body
    assert headers["strict-transport-security"].startswith("max-age=31536000")
    assert "script-src 'self'" in headers["content-security-policy"]
    assert headers["x-frame-options"] == "DENY"
    assert stack.manage("check", "--deploy").stderr == ""


def test_static_files_come_from_nginx_with_a_long_cache_life(stack: Stack) -> None:
    page = plain_get(stack.url + "/halmstad/medborgarloften/")[2].decode()
    stylesheet = re.search(r'href="(/static/[^"]+\.css)"', page)
    assert stylesheet, "the page links no stylesheet"
    status, headers, _ = plain_get(stack.url + stylesheet.group(1))
    # Served by nginx's /static/ block: its 30-day expiry, none of Django's headers.
    assert status == 200 and headers["cache-control"] == "max-age=2592000"
    assert "x-frame-options" not in headers and headers["content-type"] == "text/css"


def test_a_resident_answers_the_survey_with_the_map_question(browser: Any, stack: Stack) -> None:
    before = count(stack, "surveys.Response"), count(stack, "surveys.PlaceMark")
    context = stack_context(browser, stack)
    page = context.new_page()
    page.goto(SURVEY)
    answer_up_to_the_places_page(page)
    page.locator(".place-map").wait_for(state="visible")
    # A locator, not wait_for_function: the site's CSP forbids the eval its polling needs.
    page.locator(".place-map path.area-vallas").wait_for(state="attached")
    tap_area(page, "vallas")
    assert page.locator("input[name='unsafe_places-1-lat']").input_value() != ""
    page.locator("input[name='unsafe_places-1-reason']").fill("Mörk gångtunnel")
    page.locator("button[value=submit]").click()
    assert "/tack/" in page.url
    assert (count(stack, "surveys.Response"), count(stack, "surveys.PlaceMark")) == (
        before[0] + 1,
        before[1] + 1,
    )
    context.close()


def test_a_partner_files_an_est_report(browser: Any, stack: Stack) -> None:
    before = count(stack, "inputs.Incident")
    context = stack_context(browser, stack, "hfab.rapportor")
    page = context.new_page()
    page.goto("/halmstad/est/ny/")
    page.locator(".place-map path.area-andersberg").wait_for(state="attached")
    page.get_by_label("Vad").select_option(label="Klotter")
    tap_area(page, "andersberg")
    page.get_by_role("button", name="Skicka rapporten").click()
    expect(page.get_by_text("Tack, rapporten är sparad.")).to_be_visible()
    assert count(stack, "inputs.Incident") == before + 1
    context.close()


def test_an_analyst_adopts_a_lagesbild(browser: Any, stack: Stack) -> None:
    context = stack_context(browser, stack, "samordnare.halmstad")
    page = context.new_page()
    page.goto("/halmstad/lagesbild/2019/personal/")
    page.get_by_label("Andersberg").check()
    page.get_by_label("Vallås").check()
    page.get_by_role("button", name="Visa").click()
    page.get_by_label("Beslut").fill("Kommunstyrelsen § 245")
    page.get_by_role("button", name="Anta och publicera").click()
    assert page.url == stack.url + "/halmstad/lagesbild/2019/"
    expect(page.get_by_text("är antagen och publicerad")).to_be_visible()
    context.close()


def test_an_administrator_uploads_a_logo_that_nginx_serves(browser: Any, stack: Stack, tmp_path: Any) -> None:
    logo = tmp_path / "halmstad-logo.png"
    Image.new("RGB", (48, 48), (31, 78, 121)).save(logo)
    context = stack_context(browser, stack, "it.admin")
    page = context.new_page()
    page.goto("/admin/core/municipality/")
    page.get_by_role("link", name="Halmstad", exact=True).click()
    page.locator("input[type=file][name=logo]").set_input_files(str(logo))
    page.locator("input[name=_save]").click()
    # The save redirects to the list; wait for it rather than look while it loads.
    expect(page.locator(".messagelist .success")).to_be_visible()
    page.goto("/halmstad/")
    source = page.locator("header img").first.get_attribute("src")
    assert source and source.startswith("/media/logos/")
    status, headers, body = plain_get(stack.url + source)
    # nginx's /media/ block answers: no Django headers, and the bytes of the upload, which the
    # browser may neither sniff into another type nor run anything from.
    assert status == 200 and "x-frame-options" not in headers
    assert headers["x-content-type-options"] == "nosniff"
    policy = [directive.strip() for directive in headers["content-security-policy"].split(";")]
    assert "sandbox" in policy and "default-src 'none'" in policy
    assert Image.open(io.BytesIO(body)).size == (48, 48)
    context.close()


def answered(connection: survey_submit.Connection, survey: str, area: int, resident: int) -> int:
    """One resident answers the whole survey with answers of their own; the last status (302: sent)."""
    pages = survey_submit.answers(area)
    pages[0] = [("area", area), ("sex", 1 + resident % 2), ("age_band", 1 + resident % 4),
                ("years_in_area", resident), ("action", "next")]  # fmt: skip
    pages[-1] = [*pages[-1][:-1], ("safer_text", f"Belysning vid hållplats {resident}"), ("action", "submit")]

    async def send() -> int:
        try:
            return (await survey_submit.answer_once(connection, survey, pages, {"latencies": []}))[0]
        finally:
            connection.close()

    # In a thread of its own: Playwright's sync API keeps an event loop running in this one.
    with ThreadPoolExecutor(1) as apart:
        return apart.submit(asyncio.run, send()).result()


def stored_answers(stack: Stack, survey_id: int) -> dict[str, int]:
    code = (
        "import json; from tryggve.surveys.models import Response as R; "
        f"s = R.objects.filter(survey_id={survey_id}); "
        "print(json.dumps({'stored': s.count(), 'quarantined': s.filter(quarantined=True).count()}))"
    )
    return dict(json.loads(stack.manage("shell", "--no-imports", "-c", code).stdout))


def test_each_resident_behind_nginx_is_counted_as_themself(stack: Stack) -> None:
    """25 residents, each from their own address, more than the hourly limit of 20 per address."""
    survey = survey_submit.open_survey(stack.env, "proxy-residents")
    tls = ssl.create_default_context(cafile=str(stack.folder / "tls" / "fullchain.pem"))
    port = int(stack.url.rsplit(":", 1)[1])
    statuses = [
        answered(
            survey_submit.Connection(port, survey_submit.Proxy(tls, []), f"127.0.0.{10 + resident}"),
            "/halmstad/enkat/proxy-residents/",
            survey["area"],
            resident,
        )
        for resident in range(25)
    ]
    assert statuses == [302] * 25
    assert stored_answers(stack, survey["id"]) == {"stored": 25, "quarantined": 0}


def test_a_resident_forging_headers_straight_to_gunicorn_is_still_limited(stack: Stack) -> None:
    survey = survey_submit.open_survey(stack.env, "proxy-forged")
    statuses = []
    for resident in range(21):
        forged = {"X-Forwarded-For": f"203.0.113.{resident}", "X-Forwarded-Proto": "https"}
        connection = survey_submit.Connection(stack.app_port, client_address="127.0.0.200", forged=forged)
        statuses.append(answered(connection, "/halmstad/enkat/proxy-forged/", survey["area"], resident))
    # Twenty answers an hour from one address, whatever it claims to forward for.
    assert statuses == [302] * 20 + [429]
    assert stored_answers(stack, survey["id"]) == {"stored": 20, "quarantined": 0}


def test_the_logs_hold_what_the_deployment_guide_says_and_no_survey_request(stack: Stack) -> None:
    """docs/deployment.md, "What is logged": run last in this module, after the scenarios above."""
    # A resident's place report: its form, the page of one not yet public that its sender
    # follows (a 404), and its address in the API; none of them may leave a line.
    for path, status in (
        ("/halmstad/rapportera/", 200),
        ("/ar/halmstad/rapporterade-platser/3475000773022163005/", 404),
        ("/api/v1/municipalities/halmstad/place-reports/3475000773022163005", 404),
    ):
        assert plain_get(stack.url + path)[0] == status, path
    lines = stack.access_log().splitlines()
    requests = [COMBINED.match(line) for line in lines]
    assert lines and all(requests), [line for line, match in zip(lines, requests, strict=True) if not match][
        :3
    ]
    paths = {match["path"] for match in requests if match}
    assert {"/konto/logga-in/", "/halmstad/est/ny/", "/halmstad/lagesbild/2019/personal/"} <= paths
    survey = [m.group(0) for m in requests if m and ("/enkat/" in m["path"] or "/enkat/" in m["referrer"])]
    assert survey == [], "a survey request, or one a survey page made, reached nginx's access log"
    reports = [m.group(0) for m in requests if m and re.search(r"/rapportera|place-reports", m.group(0))]
    assert reports == [], "a place report's request reached nginx's access log"
    gunicorn = stack.gunicorn_log()
    assert "rapporterade-platser" not in gunicorn and "place-reports" not in gunicorn
    # Refusals (403) come with Django's traceback of the refusal; a server error would say this.
    assert "Booting worker" in gunicorn and "Internal Server Error" not in gunicorn
    # gunicorn keeps no access log: no request line, and no client address, reaches the journal.
    assert "GET /" not in gunicorn and "POST /" not in gunicorn
    assert not re.search(r"\b127\.0\.0\.\d+\b(?!:\d+ \()", gunicorn.replace("Listening at: http://", ""))
