"""Fixtures shared by every app's tests."""

import os
import shutil
import struct
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import html5lib
import pytest
from django.conf import settings as django_settings
from django.contrib.auth.hashers import Argon2PasswordHasher
from django.core.management import call_command
from django.utils import translation

CHROMIUM = "/usr/bin/chromium"

# Playwright's sync API runs an event loop in the test thread; the ORM calls the tests make
# between page loads are still synchronous, so Django's async guard may stand aside here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


class QuickArgon2PasswordHasher(Argon2PasswordHasher):
    """Argon2 as in production, with the smallest cost: the demo's staff users take 0.7 s less."""

    time_cost = 1
    memory_cost = 8
    parallelism = 1


@pytest.fixture(autouse=True)
def _quick_password_hashing(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["conftest.QuickArgon2PasswordHasher"]


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    """Each test starts with no counters: limits (survey, logins, resets) count in the cache."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _media_in_tmp(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _default_language() -> Iterator[None]:
    """Each test starts in Swedish: a request in another language leaves it active in the thread."""
    with translation.override(django_settings.LANGUAGE_CODE):
        yield


@pytest.fixture
def demo(db: None) -> None:
    """The Halmstad demonstration data, loaded by its management command.

    With a tenth of the invented survey responses, which is plenty for tests and much faster.
    """
    call_command("load_demo", responses=0.1, stdout=open(os.devnull, "w"))  # noqa: SIM115


def assert_valid_html(content: bytes | str) -> None:
    """Fail on any HTML5 parse error (unclosed elements, stray end tags, bad nesting)."""
    parser = html5lib.HTMLParser(strict=True)
    parser.parse(content)


AXE_RULES = {"runOnly": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]}


def axe_violations(page: Any) -> list[tuple[str, list[Any]]]:
    """axe-core's WCAG 2.1 AA and best-practice findings on the page: (rule, elements)."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options=AXE_RULES)
    return [(v["id"], [node["target"] for node in v["nodes"]]) for v in results.response["violations"]]


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's real Chromium, driven by Playwright (never a downloaded browser)."""
    if not shutil.which(CHROMIUM):
        if os.environ.get("TRYGGVE_REQUIRE_BROWSER"):
            pytest.fail(f"{CHROMIUM} is missing; install Debian's chromium package.")
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium); CI requires it.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-background-networking", "--disable-gpu"],
        )
        yield chromium
        chromium.close()


def logged_in_context(browser: Any, live_server: Any, username: str, **options: Any) -> Any:
    """A browser context with the session of a staff user, logged in without the login form."""
    from django.contrib.auth.models import User
    from django.test import Client

    client = Client()
    client.force_login(User.objects.get(username=username))
    context = browser.new_context(**options)
    session = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    context.add_cookies(
        [{"name": django_settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
    )
    return context


def script_errors(page: Any) -> list[str]:
    """Uncaught script errors and console errors on a Playwright page, collected as they happen.

    A request the test blocks on purpose logs "Failed to load resource"; `unexpected` leaves
    those out.
    """
    found: list[str] = []
    page.on("pageerror", lambda error: found.append(f"uncaught: {error}"))
    page.on("console", lambda message: found.append(message.text) if message.type == "error" else None)
    return found


def unexpected(errors: list[str]) -> list[str]:
    return [error for error in errors if not error.startswith("Failed to load resource")]


def answer_up_to_the_places_page(page: Any) -> None:
    """From the demo survey's start page to its last page (the places map), answering only
    what is required: the first area and age band, the first answer on feeling safe."""
    page.locator("form.survey-form button[type=submit]").click()
    page.locator("input[name=area]").first.check()
    page.locator("input[name=age_band]").first.check()
    page.locator("button[value=next]").click()
    page.locator("input[name=unsafe_alone_evening]").first.check()
    for _ in range(3):
        page.locator("button[value=next]").click()


def tap_area(page: Any, slug: str) -> None:
    """Tap the middle of an area's outline on the page's map, as a resident or reporter would."""
    page.locator(".place-map").scroll_into_view_if_needed()
    box = page.locator(f"path.area-{slug}").bounding_box()
    assert box is not None, f"the map draws no outline for {slug}"
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)


def png_of_one_colour(width: int, height: int) -> bytes:
    """A black PNG, one bit per pixel, written row by row: 13,000 × 13,000 pixels compress to
    about 20 kB and take no more memory to make than one row."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    row = bytes(1 + (width + 7) // 8)  # filter byte "none", then the row's pixels, all 0
    packer = zlib.compressobj(9)
    pixels = b"".join(packer.compress(row) for _ in range(height)) + packer.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)  # 1-bit greyscale
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


# A name that runs code if a page puts it in as HTML.
HOSTILE_NAME = "<img src=x onerror=window.hacked=1>"


def assert_tooltip_shows_text(page: Any, shape: Any) -> None:
    """Open a map shape's tooltip as hovering it does, and check that the hostile name in its
    label is shown as text: no element made of it, no handler run."""
    shape.dispatch_event("mouseover")
    tooltip = page.locator(".leaflet-tooltip")
    tooltip.first.wait_for()
    assert HOSTILE_NAME in (tooltip.first.text_content() or "")
    assert page.locator(".leaflet-tooltip img, img[src='x']").count() == 0
    assert page.evaluate("typeof window.hacked") == "undefined"
