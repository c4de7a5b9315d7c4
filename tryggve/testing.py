"""What every app's tests share: the fixtures (registered for all tests by the root conftest.py),
the demo data shared by many tests, and helpers that check pages (valid HTML, axe-core, the
map, a logged-in browser).

The demo (the Halmstad demonstration data) takes seconds to load, so consecutive tests share
one load instead of one each:

- `demo`: tests that use Django's test client. The demo is loaded inside a transaction that
  stays open while they run; each test runs in a savepoint rolled back after it (Django's
  `setUpTestData` pattern), so what one test changes no other sees.
- `demo_site`: browser tests that only read pages. The demo is committed for a live server of
  its own and the tables are emptied once the last of these tests has run.
- `fresh_demo`: browser tests that change data: the demo loaded for that test alone.

`pytest_collection_modifyitems` runs the tests of each kind together.
"""

import os
import shutil
import struct
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import html5lib
import pytest
from django import forms
from django.conf import settings as django_settings
from django.contrib.admin.widgets import RelatedFieldWidgetWrapper
from django.contrib.auth.hashers import Argon2PasswordHasher
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client, override_settings
from django.utils import translation

from tryggve.core.models import Area, Membership, Municipality, Organisation

CHROMIUM = "/usr/bin/chromium"

# Playwright's sync API runs an event loop in the test thread; the ORM calls the tests make
# between page loads are still synchronous, so Django's async guard may stand aside here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

QUICK_HASHERS = ["tryggve.testing.QuickArgon2PasswordHasher"]


class QuickArgon2PasswordHasher(Argon2PasswordHasher):
    """Argon2 as in production, with the smallest cost: the demo's staff users take 0.7 s less."""

    time_cost = 1
    memory_cost = 8
    parallelism = 1


@pytest.fixture(autouse=True)
def _quick_password_hashing(settings: Any) -> None:
    settings.PASSWORD_HASHERS = QUICK_HASHERS


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    """Each test starts with no counters: limits (survey, logins, resets) count in the cache."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _media_in_tmp(request: pytest.FixtureRequest, settings: Any, tmp_path: Path) -> None:
    """Uploads go to the test's own folder; a test on the shared demo finds the demo's logos."""
    if _SHARING.intersection(request.fixturenames):
        settings.MEDIA_ROOT = request.getfixturevalue("_demo_media")
    else:
        settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _default_language() -> Iterator[None]:
    """Each test starts in Swedish: a request in another language leaves it active in the thread."""
    with translation.override(django_settings.LANGUAGE_CODE):
        yield


def load_demo(media_root: Path) -> None:
    """The Halmstad demonstration data, loaded by its management command.

    With a tenth of the invented survey responses, which is plenty for tests and much faster.
    """
    with (
        override_settings(PASSWORD_HASHERS=QUICK_HASHERS, MEDIA_ROOT=media_root),
        translation.override(django_settings.LANGUAGE_CODE),
        open(os.devnull, "w") as quiet,
    ):
        call_command("load_demo", responses=0.1, stdout=quiet)


class SharedDemo:
    """The state of the shared demo: loaded inside the open transaction, or committed."""

    def __init__(self) -> None:
        self.transaction: Any = None  # the open outer atomic block, when the demo is in one
        self.committed = False
        self.blocker: Any = None

    def open_transaction(self, media_root: Path) -> None:
        with self.blocker.unblock():
            self.transaction = transaction.atomic()
            self.transaction.__enter__()
            load_demo(media_root)

    def roll_back(self) -> None:
        if self.transaction is None:
            return
        with self.blocker.unblock():
            transaction.set_rollback(True)
            self.transaction.__exit__(None, None, None)
        self.transaction = None

    def empty_tables(self) -> None:
        """As Django does after a transactional test: every table emptied."""
        if not self.committed:
            return
        with self.blocker.unblock():
            call_command("flush", verbosity=0, interactive=False)
        self.committed = False


shared_demo = SharedDemo()
_SHARING = {"demo", "demo_site"}


@pytest.fixture(scope="session")
def _demo_media(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("demo-media")


@pytest.fixture(scope="session")
def _demo_in_transaction(django_db_setup: None, django_db_blocker: Any, _demo_media: Path) -> Iterator[None]:
    # Session-scoped, so it opens before any test's own transaction (function-scoped) begins.
    shared_demo.blocker = django_db_blocker
    shared_demo.open_transaction(_demo_media)
    yield
    shared_demo.roll_back()


@pytest.fixture
def demo(_demo_in_transaction: None, db: None, _demo_media: Path) -> None:
    """The demo for a test in a transaction: shared with the tests before and after it."""
    if not connection.in_atomic_block:
        pytest.fail("a transactional test cannot share the demo: use `demo_site` or `fresh_demo`")
    if shared_demo.transaction is None:
        # The shared transaction has ended (tests run in another order): load it for this test.
        load_demo(_demo_media)


@pytest.fixture
def fresh_demo(transactional_db: None) -> None:
    """The demo committed for this test alone (a browser test that changes data)."""
    load_demo(Path(django_settings.MEDIA_ROOT))


@pytest.fixture(scope="session")
def _demo_site_server(django_db_setup: None, django_db_blocker: Any) -> Iterator[Any]:
    from pytest_django.live_server_helper import LiveServer

    with django_db_blocker.unblock():
        server = LiveServer("localhost")
    yield server
    # Before the test database goes: emptied while it is still the one the tests use.
    shared_demo.empty_tables()
    server.stop()


@pytest.fixture
def demo_site(
    request: pytest.FixtureRequest, _demo_site_server: Any, django_db_blocker: Any, _demo_media: Path
) -> Iterator[Any]:
    """A live server of the committed demo, shared by consecutive browser tests that only read
    it; the test may read the database too. Its `url` is the site's address."""
    if request.node.get_closest_marker("django_db") or {"db", "transactional_db"} & set(request.fixturenames):
        pytest.fail("a test on the shared demo site has no database of its own: drop its django_db mark")
    shared_demo.blocker = django_db_blocker
    with django_db_blocker.unblock():
        if not shared_demo.committed:
            load_demo(_demo_media)
            shared_demo.committed = True
        _demo_site_server._live_server_modified_settings.enable()
        try:
            yield _demo_site_server
        finally:
            _demo_site_server._live_server_modified_settings.disable()


def square(longitude: float, latitude: float, half: float) -> dict[str, Any]:
    """A GeoJSON polygon: the square of half-side `half` degrees around the point."""
    ring = [
        [longitude - half, latitude - half],
        [longitude + half, latitude - half],
        [longitude + half, latitude + half],
        [longitude - half, latitude + half],
        [longitude - half, latitude - half],
    ]
    return {"type": "Polygon", "coordinates": [ring]}


@dataclass
class SmallMunicipality:
    municipality: Municipality
    whole: Area
    north: Area  # the district Norr, around (56.71, 12.85)
    south: Area  # the district Söder, around (56.69, 12.85)
    kommun: Organisation


def small_municipality(slug: str = "testkommun") -> SmallMunicipality:
    """What most tests need instead of the demo: a municipality (named as its slug, e.g.
    Testkommun), its whole area, two districts and its kommun."""
    municipality = Municipality.objects.create(name=slug.title(), official_name=slug.title(), slug=slug)
    whole = Area.objects.create(
        municipality=municipality,
        name="Hela kommunen",
        slug="hela",
        kind=Area.Kind.MUNICIPALITY,
        geometry=square(12.85, 56.70, 0.1),
    )
    north = Area.objects.create(
        municipality=municipality, name="Norr", slug="norr", geometry=square(12.85, 56.71, 0.005)
    )
    south = Area.objects.create(
        municipality=municipality, name="Söder", slug="soder", geometry=square(12.85, 56.69, 0.005)
    )
    kommun = Organisation.objects.create(
        name=f"{slug} kommun", slug=f"{slug}-kommun", kind=Organisation.Kind.KOMMUN
    )
    kommun.municipalities.add(municipality)
    return SmallMunicipality(municipality, whole, north, south, kommun)


def _shares(item: pytest.Item | None, fixture: str) -> bool:
    return item is not None and fixture in getattr(item, "fixturenames", ())


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """After pytest-django's order: the tests on the shared transaction first, the browser tests
    on the shared site last, each kind together."""
    items.sort(key=lambda item: 0 if _shares(item, "demo") else 2 if _shares(item, "demo_site") else 1)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> Iterator[None]:
    """Once the last test of a kind has torn down its own transaction, end the shared demo."""
    result = yield
    if nextitem is None:
        return result  # the session's fixtures end both, before the test database goes
    if not _shares(nextitem, "demo"):
        shared_demo.roll_back()
    if not _shares(nextitem, "demo_site"):
        shared_demo.empty_tables()
    return result


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


def axe_violations_without_javascript(browser: Any, page: Any) -> list[tuple[str, list[Any]]]:
    """axe-core's findings on a page shown with JavaScript off, where axe itself cannot run (it
    waits on timers that never fire there, so the call would hang): the page's HTML as that
    browser has it, checked in a page of its own at the same address whose scripts are never
    loaded, so it stays as it was without JavaScript."""
    html = page.content()
    copy = browser.new_page(viewport=page.viewport_size)
    copy.route(
        "**/*",
        lambda route: route.abort() if route.request.resource_type == "script" else route.continue_(),
    )
    copy.goto(page.url)
    copy.set_content(html)
    try:
        return axe_violations(copy)
    finally:
        copy.close()


# A small phone's screen, for the pages staff and residents use on the move.
PHONE = {"width": 360, "height": 740}


def fits_the_phone(page: Any) -> bool:
    """No sideways scrolling at the phone's width."""
    return bool(page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"])


def open_every_part(page: Any) -> None:
    """Unfold every `<details>` of the page (a long page's parts, `{% section %}`)."""
    page.evaluate("document.querySelectorAll('details').forEach((part) => { part.open = true; })")


# Each table region scrolled to its far end (leftwards in a right-to-left one): is the last
# column heading's outer edge inside the region, and the region inside the page?
_COLUMNS_OUT_OF_REACH = """() => [...document.querySelectorAll('.table-wrap')].filter((wrap) => {
  const rtl = getComputedStyle(wrap).direction === 'rtl';
  wrap.scrollLeft = rtl ? -wrap.scrollWidth : wrap.scrollWidth;
  const box = wrap.getBoundingClientRect();
  const cells = wrap.querySelectorAll('thead th');
  if (!cells.length) return false;
  const last = cells[cells.length - 1].getBoundingClientRect();
  const reached = rtl ? last.left >= box.left - 1 : last.right <= box.right + 1;
  wrap.scrollLeft = 0;
  return !reached || box.right > innerWidth + 1 || box.left < -1;
}).map((wrap) => wrap.getAttribute('aria-labelledby') || wrap.getAttribute('aria-label'))"""


def columns_out_of_reach(page: Any) -> list[str]:
    """The wide tables (`.table-wrap`) whose last column cannot be scrolled into view, or whose
    region sticks out of the page: the names of their regions."""
    return list(page.evaluate(_COLUMNS_OUT_OF_REACH))


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
    # The areas' own name labels are tooltips too: the one that carries the name is awaited.
    page.locator(".leaflet-tooltip").filter(has_text=HOSTILE_NAME).first.wait_for()
    assert page.locator(".leaflet-tooltip img, img[src='x']").count() == 0
    assert page.evaluate("typeof window.hacked") == "undefined"


# Two municipalities that share a police area, and their staff, for the admin's access tests.


def kommun_of(municipality: Municipality) -> Organisation:
    """The municipality's own kommun: the first organisation of kind kommun in it (a department
    may be an organisation of that kind too, as the demo's Teknik- och fritidsförvaltningen is)."""
    return municipality.organisations.filter(kind=Organisation.Kind.KOMMUN).earliest("pk")


def administrator(
    username: str, *municipalities: Municipality, roles: Iterable[str] = (Membership.Role.ADMINISTRATOR,)
) -> User:
    """A staff user with the administrator role (or the roles) in the municipalities, through
    each one's kommun."""
    user = User.objects.create_user(username, f"{username}@kommun.example", is_staff=True)
    for municipality in municipalities:
        kommun = kommun_of(municipality)
        for role in roles:
            Membership.objects.create(user=user, organisation=kommun, municipality=municipality, role=role)
    return user


def client_of(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@dataclass
class Neighbours:
    halmstad: Municipality
    laholm: Municipality
    police: Organisation
    laholm_admin: User  # administers Laholm only
    both_admin: User  # administers Halmstad and Laholm
    halmstad_analyst: User
    laholm_analyst: User
    police_analyst: User  # an analyst in both, through the police area
    no_role: User  # staff without any membership yet


@pytest.fixture
def neighbours(db: None) -> Neighbours:
    halmstad = Municipality.objects.create(name="Halmstad", official_name="Halmstads kommun", slug="halmstad")
    laholm = Municipality.objects.create(name="Laholm", official_name="Laholms kommun", slug="laholm")
    kommuner = {}
    for municipality in (halmstad, laholm):
        kommun = Organisation.objects.create(
            name=municipality.official_name,
            slug=f"{municipality.slug}s-kommun",
            kind=Organisation.Kind.KOMMUN,
        )
        kommun.municipalities.add(municipality)
        kommuner[municipality] = kommun
    police = Organisation.objects.create(
        name="Lokalpolisområde Halmstad-Laholm",
        slug="lpo-halmstad-laholm",
        kind=Organisation.Kind.POLICE,
        website="https://polisen.example/halmstad-laholm",
    )
    police.municipalities.add(halmstad, laholm)

    def staff(username: str, organisation: Organisation, *municipalities: Municipality) -> User:
        user = User.objects.create_user(username, f"{username}@kommun.example", is_staff=True)
        for municipality in municipalities:
            Membership.objects.create(
                user=user, organisation=organisation, municipality=municipality, role=Membership.Role.ANALYST
            )
        return user

    return Neighbours(
        halmstad=halmstad,
        laholm=laholm,
        police=police,
        laholm_admin=administrator("admin.laholm", laholm),
        both_admin=administrator("admin.bada", halmstad, laholm),
        halmstad_analyst=staff("samordnare.halmstad", kommuner[halmstad], halmstad),
        laholm_analyst=staff("samordnare.laholm", kommuner[laholm], laholm),
        police_analyst=staff("kommunpolis", police, halmstad, laholm),
        no_role=User.objects.create_user("utan.roll", "utan.roll@kommun.example", is_staff=True),
    )


def form_data(response: Any) -> dict[str, Any]:
    """What an admin change page's form sends back as it stands: its fields and its inlines'."""
    forms_: list[forms.BaseForm] = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        forms_.append(inline.formset.management_form)
        forms_.extend(inline.formset.forms)
    data: dict[str, Any] = {}
    for form in forms_:
        for name, field in form.fields.items():
            if field.disabled:
                continue
            widget = field.widget
            while isinstance(widget, RelatedFieldWidgetWrapper):
                widget = widget.widget
            value = form[name].value()
            if isinstance(widget, forms.CheckboxInput):
                if value:
                    data[form.add_prefix(name)] = "on"
                continue
            if isinstance(widget, forms.FileInput):
                continue
            context = widget.get_context(form.add_prefix(name), value, {})["widget"]
            for part in (
                context.get("subwidgets", [context]) if isinstance(widget, forms.MultiWidget) else [context]
            ):
                if part["value"] not in (None, [], ""):
                    data[part["name"]] = part["value"]
    return data
