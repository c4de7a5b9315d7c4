"""Every page, for everyone, in every language: a crawler in Chromium through the production stack.

As anonymous and as each demo staff user, in Swedish, English and Arabic, it follows the links
from the start pages and visits one URL per URL pattern (and per set of query names), plus the
page each GET form leads to and the resident survey's pages as a resident fills them in. It fails
on any 5xx answer (of the page or of anything it loads), uncaught JavaScript error, console
error, CSP violation, link to a missing page, or page that is not valid HTML. A second pass with
JavaScript off fails on any 5xx.
"""

import os
import re
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

import pytest
from django.urls import Resolver404, resolve
from playwright.sync_api import Error as PlaywrightError

from bench.stack import Stack
from tryggve.testing import assert_valid_html

from .conftest import CRAWLED, stack_context

pytestmark = [pytest.mark.browser, pytest.mark.stack]

ROLES = [
    None,
    "samordnare.halmstad",
    "kommunpolis",
    "hfab.rapportor",
    "ks.ordforande",
    "samordnare.laholm",
    "it.admin",
]
LANGUAGES = {"sv": "", "en": "/en", "ar": "/ar"}
# Django's admin, in one language: as the superuser (every model) and as a municipality's
# analyst (the admin limited to one municipality). Other roles' admin is the same pages, limited
# the same way, and would double the crawl's time.
ADMIN_ROLES = {"it.admin", "samordnare.halmstad"}
START_PAGES = ["/", "/halmstad/", "/laholm/", "/konto/"]
SURVEY = "/halmstad/enkat/trygghetsmatning/"
# Leaving these would end the crawl's session or only start a file download.
NOT_VISITED = ("/konto/logga-ut/", "/admin/logout/", "/static/", "/media/", "/api/v1/openapi.json")
MAPS = "[data-areas-url], .place-map, .week-map, .route-map, .situation-map"
DOWNLOADS = (".csv", ".xlsx", ".json", ".pdf", ".zip")
# A CSP violation is reported on the console too; this names it plainly.
TRACE = bool(os.environ.get("TRYGGVE_CRAWL_TRACE"))  # print each page as it is visited
CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error("CSP violation: " + event.violatedDirective + " blocked " + event.blockedURI);
});
"""


VALIDATED: set[tuple[Any, str]] = set()
# Django's own admin page puts the password help's list inside a <p> (admin/auth/user/
# change_password.html, Django 5.2); the admin's templates come before ours, so it stays.
DJANGOS_OWN_INVALID_HTML: set[tuple[str, frozenset[str]]] = {("admin/auth/user/<id>/password/", frozenset())}


@dataclass
class Crawl:
    stack: Stack
    prefix: str
    admin: bool
    failures: list[str] = field(default_factory=list)
    seen: set[tuple[str, frozenset[str]]] = field(default_factory=set)
    visited: list[str] = field(default_factory=list)

    def key(self, path_and_query: str) -> tuple[str, frozenset[str]] | None:
        """The URL pattern a link leads to, with its query's names; None if it is not crawled."""
        parts = urlsplit(path_and_query)
        path = parts.path
        if self.prefix and path.startswith(self.prefix + "/"):
            path = path[len(self.prefix) :]
        elif any(path.startswith(p + "/") for p in LANGUAGES.values() if p):
            return None  # another language: its own crawl
        elif path.startswith(("/admin/", "/api/")) and (self.prefix or not self.admin):
            return None  # one language only, crawled in the Swedish pass
        if path.startswith(NOT_VISITED):
            return None
        try:
            match = resolve(path)
        except Resolver404:
            return (f"404 {path}", frozenset())
        if path.startswith("/admin/"):
            return (match.route, frozenset())  # the admin's sorting and filters: Django's own
        return (match.route, frozenset(name for name, _ in parse_qsl(parts.query, keep_blank_values=True)))

    def local(self, url: str) -> str | None:
        parts = urlsplit(url)
        if f"{parts.scheme}://{parts.netloc}" != self.stack.url:
            return None
        return parts.path + (f"?{parts.query}" if parts.query else "")


def watch(page: Any, crawl: Crawl, where: Callable[[], str]) -> None:
    """Report every JavaScript error, console error and 5xx answer the page meets."""
    page.on("pageerror", lambda error: crawl.failures.append(f"{where()}: uncaught {error}"))

    def console(message: Any) -> None:
        # A form sent with errors answers 400 on purpose; the page's own status is checked apart.
        own_status = message.text.startswith("Failed to load resource") and (
            message.location.get("url") == page.url
        )
        if message.type == "error" and not own_status:
            crawl.failures.append(f"{where()}: console error {message.text} ({message.location.get('url')})")

    def response(answer: Any) -> None:
        if answer.status >= 500:
            crawl.failures.append(f"{where()}: {answer.status} from {answer.url}")

    page.on("console", console)
    page.on("response", response)


def links_and_get_forms(page: Any) -> list[str]:
    return page.evaluate(
        """() => [
          ...[...document.querySelectorAll("a[href]")].map((a) => a.href),
          ...[...document.querySelectorAll("form")]
            .filter((f) => (f.getAttribute("method") || "get").toLowerCase() === "get")
            .map((f) => {
              const url = new URL(f.action || location.href);
              url.search = new URLSearchParams(new FormData(f)).toString();
              return url.href;
            }),
        ]"""
    )


def check_download(page: Any, crawl: Crawl, path: str) -> list[str]:
    """A file to download (CSV, Excel, JSON): its answer only."""
    answer = page.context.request.get(path)
    if answer.status >= 400:
        crawl.failures.append(f"{path}: {answer.status}")
    return []


def visit(page: Any, crawl: Crawl, path: str) -> list[str]:
    """Load one page, check it, and return the links on it."""
    if path.split("?")[0].endswith(DOWNLOADS):
        return check_download(page, crawl, path)
    try:
        response = page.goto(path)
    except PlaywrightError as error:
        if "Download is starting" not in str(error):
            raise
        return check_download(page, crawl, path)
    crawl.visited.append(path)
    if response is None:
        return []
    if response.status >= 500 or response.status == 404:
        crawl.failures.append(f"{path}: {response.status}")
    if page.locator(MAPS).count():
        page.wait_for_load_state("networkidle")  # the map script fetches its outlines
    template = (crawl.key(path), crawl.prefix)
    if (
        response.status == 200
        and response.request.redirected_from is None
        and "text/html" in response.headers.get("content-type", "")
        and template not in VALIDATED
        and template[0] not in DJANGOS_OWN_INVALID_HTML
    ):
        # Each pattern's HTML once per language: other roles see the same templates.
        VALIDATED.add(template)
        try:
            assert_valid_html(response.body())
        except Exception as error:  # html5lib's ParseError, with the line it stopped at
            crawl.failures.append(f"{path}: invalid HTML: {error}")
    return links_and_get_forms(page)


def fill_and_send(page: Any) -> None:
    """As a resident in a hurry: the first choice of each question, then the form's main button."""
    page.evaluate(
        """() => {
          for (const radio of document.querySelectorAll("form input[type=radio]")) {
            if (!document.querySelector(`input[name="${radio.name}"]:checked`)) radio.checked = true;
          }
          for (const select of document.querySelectorAll("form select[required]")) {
            if (!select.value && select.options.length > 1) select.selectedIndex = 1;
          }
        }"""
    )
    page.locator("form button[type=submit]").first.click()
    page.wait_for_load_state("networkidle")


def walk_the_survey(page: Any, crawl: Crawl) -> None:
    """The survey's steps as a resident fills them in; on the last, the draft's cookie is lost
    (or the draft expired), and the resident presses send twice."""
    page.goto(crawl.prefix + SURVEY)
    page.locator("form.survey-form button[type=submit]").click()
    for _ in range(10):
        crawl.visited.append(page.url)
        if page.locator("button[value=submit]").count():
            page.context.clear_cookies(name=re.compile("^tryggve-survey-"))
            for _ in range(2):
                page.locator("button[value=submit]").click()
                page.wait_for_load_state("networkidle")
                crawl.visited.append(page.url)
            return
        fill_and_send(page)
    crawl.failures.append(f"{crawl.prefix}{SURVEY}: never reached the last step")


def crawl_as(browser: Any, stack: Stack, username: str | None, language: str, javascript: bool) -> Crawl:
    crawl = Crawl(stack, LANGUAGES[language], admin=username in ADMIN_ROLES)
    context = stack_context(browser, stack, username, java_script_enabled=javascript)
    if not javascript:
        crawl_over_http(context, crawl)
        context.close()
        return crawl
    page = context.new_page()
    current = {"path": ""}
    watch(page, crawl, lambda: current["path"])
    page.add_init_script(CSP_LISTENER)
    queue = deque(crawl.prefix + start for start in START_PAGES if username or start != "/konto/")
    starts = set(queue)
    while queue:
        path = queue.popleft()
        key = crawl.key(path)
        # Every start page is visited (Laholm's home has the same pattern as Halmstad's).
        if key is None or (key in crawl.seen and path not in starts):
            continue
        crawl.seen.add(key)
        starts.discard(path)
        current["path"] = path
        if TRACE:
            print(f"{time.monotonic():.1f} {username} {path}", flush=True)
        for link in visit(page, crawl, path):
            local = crawl.local(link)
            if local and crawl.key(local) not in crawl.seen:
                queue.append(local)
    if username is None:
        current["path"] = crawl.prefix + SURVEY + " (filled in)"
        walk_the_survey(page, crawl)
    context.close()
    return crawl


class Links(HTMLParser):
    """The links and GET forms of a page, as a browser without JavaScript would follow them."""

    def __init__(self, base: str) -> None:
        super().__init__()
        self.base = base
        self.found: list[str] = []
        self.form: str | None = None
        self.fields: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = {name: value or "" for name, value in attrs}
        if tag == "a" and "href" in named:
            self.found.append(urljoin(self.base, named["href"]))
        elif tag == "form" and named.get("method", "get").lower() == "get":
            self.form, self.fields = urljoin(self.base, named.get("action") or self.base), []
        elif (
            tag in ("input", "select")
            and self.form is not None
            and named.get("name")
            and (named.get("type") not in ("checkbox", "radio", "submit") or "checked" in named)
        ):
            self.fields.append((named["name"], named.get("value", "")))

    def handle_endtag(self, tag: str) -> None:
        if tag == "form" and self.form is not None:
            self.found.append(self.form.split("?")[0] + "?" + urlencode(self.fields))
            self.form = None


def crawl_over_http(context: Any, crawl: Crawl) -> None:
    """The same crawl without JavaScript: plain requests, with the context's cookies."""
    queue = deque(crawl.prefix + start for start in START_PAGES)
    while queue:
        path = queue.popleft()
        key = crawl.key(path)
        if key is None or key in crawl.seen:
            continue
        crawl.seen.add(key)
        answer = context.request.get(crawl.stack.url + path, max_redirects=5)
        crawl.visited.append(path)
        if answer.status >= 500:
            crawl.failures.append(f"{path}: {answer.status}")
        if "text/html" not in answer.headers.get("content-type", ""):
            continue
        links = Links(answer.url)
        links.feed(answer.text())
        for link in links.found:
            local = crawl.local(link)
            if local and crawl.key(local) not in crawl.seen:
                queue.append(local)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("username", ROLES, ids=lambda name: name or "anonymous")
def test_no_page_fails_for_anyone(browser: Any, stack: Stack, username: str | None, language: str) -> None:
    crawl = crawl_as(browser, stack, username, language, javascript=True)
    CRAWLED[(username or "anonymous", language, "JavaScript")] = len(crawl.visited)
    assert crawl.failures == []
    assert len(crawl.visited) > 5


@pytest.mark.parametrize("username", ROLES, ids=lambda name: name or "anonymous")
def test_no_page_fails_without_javascript(browser: Any, stack: Stack, username: str | None) -> None:
    """In Swedish: the server cannot tell whether JavaScript is on, and the pass above has had
    every language's pages; this one finds what only a browser without JavaScript reaches."""
    crawl = crawl_as(browser, stack, username, "sv", javascript=False)
    CRAWLED[(username or "anonymous", "sv", "no JavaScript")] = len(crawl.visited)
    assert crawl.failures == []
    assert len(crawl.visited) > 5
