"""The long public pages in Debian's real Chromium (issue 26): the lägesbild, an area's story and
the promise page open with a table of contents and their parts folded (`{% section %}`), and
their wide tables scroll inside their own region, with a shadow as the cue, never the page.
In Swedish, English and Arabic (right to left), with and without JavaScript."""

import io
from typing import Any

import pytest
from django.utils import translation
from django.utils.translation import gettext
from PIL import Image

from tryggve.testing import PHONE, columns_out_of_reach, fits_the_phone, open_every_part
from tryggve.testing import axe_violations as violations

pytestmark = pytest.mark.browser

LANGUAGES = {"sv": "", "en": "/en", "ar": "/ar"}
SITUATION = "/halmstad/lagesbild/2019/"
PROMISE = "/halmstad/medborgarloften/"
AREA = "/halmstad/lagesbild/2019/omrade/vallas/"
DESKTOP = {"width": 1280, "height": 800}

# A region scrolled to its far end: leftwards (negative) in a right-to-left one.
TO_THE_END = """(wrap) => {
  wrap.scrollLeft = (getComputedStyle(wrap).direction === 'rtl' ? -1 : 1) * wrap.scrollWidth;
}"""


def change_since(language: str) -> str:
    with translation.override(language):
        return gettext("Change since %(previous)s") % {"previous": 2018}


def phone_screens(page: Any) -> float:
    return float(page.evaluate("document.body.scrollHeight / innerHeight"))


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_column_of_the_lagesbild_is_within_reach_on_a_desktop(
    browser: Any, demo_site: Any, language: str
) -> None:
    page = browser.new_page(viewport=DESKTOP)
    page.goto(demo_site.url + LANGUAGES[language] + SITUATION + "#del-i1")
    heading = page.locator("#del-i1 th", has_text=change_since(language))
    box = heading.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= DESKTOP["width"]
    open_every_part(page)
    assert columns_out_of_reach(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= DESKTOP["width"]
    page.close()


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_phone_scrolls_tables_not_the_page(browser: Any, demo_site: Any, language: str) -> None:
    page = browser.new_page(viewport=PHONE)
    for path in (SITUATION, AREA, PROMISE):
        page.goto(demo_site.url + LANGUAGES[language] + path)
        assert phone_screens(page) < 8, path  # the lägesbild was 27 phone screens before
        open_every_part(page)
        assert fits_the_phone(page), path
        assert columns_out_of_reach(page) == [], path
    page.close()


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_contents_open_the_part_they_name(
    browser: Any, demo_site: Any, language: str, javascript: bool
) -> None:
    context = browser.new_context(viewport=PHONE, java_script_enabled=javascript)
    page = context.new_page()
    for path in (SITUATION, AREA, PROMISE):
        page.goto(demo_site.url + LANGUAGES[language] + path)
        contents = page.locator("nav.contents")
        assert contents.get_attribute("aria-labelledby") == "innehall"
        targets = [
            href.lstrip("#")
            for href in contents.locator("a").evaluate_all("(a) => a.map((l) => l.getAttribute('href'))")
        ]
        assert len(targets) >= 3, path
        # The first part is open, the others folded.
        assert page.locator("details.section").first.get_attribute("open") is not None, path
        assert page.locator("details.section[open]").count() == 1, path
        folded = [target for target in targets if page.locator(f"details.section > #{target}").count()]
        assert len(folded) >= 3, path
        for target in targets:
            contents.locator(f"a[href='#{target}']").click()
            assert page.locator(f"#{target}").is_visible(), f"{path}#{target}"
            if target in folded:
                part = page.locator(f"details.section:has(> #{target})")
                assert part.get_attribute("open") is not None, f"{path}#{target}"
                assert part.locator("> summary > :is(h2, h3)").is_visible()
        # A link from elsewhere to a folded part opens it too.
        page.goto(demo_site.url + LANGUAGES[language] + path + f"#{folded[-1]}")
        assert page.locator(f"details.section:has(> #{folded[-1]})").get_attribute("open") is not None
    context.close()


def edge_darkness(page: Any, wrap: Any) -> tuple[float, float]:
    """How much darker the region's left and right edges are with the scroll cue than without."""

    def edges() -> tuple[float, float]:
        picture = Image.open(io.BytesIO(wrap.screenshot())).convert("L")
        width, height = picture.size
        strip = 6

        def mean(left: int) -> float:
            pixels = [picture.getpixel((x, y)) for x in range(left, left + strip) for y in range(height)]
            return sum(pixels) / len(pixels)  # type: ignore[arg-type]

        return mean(0), mean(width - strip)

    with_cue = edges()
    wrap.evaluate("(wrap) => { wrap.style.background = 'none'; }")
    without = edges()
    wrap.evaluate("(wrap) => { wrap.style.background = ''; }")
    return without[0] - with_cue[0], without[1] - with_cue[1]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_scroll_cue_shows_where_the_hidden_columns_are(
    browser: Any, demo_site: Any, language: str
) -> None:
    """On the lägesbild's first indicator and the promise's evaluation. The lägesbild's tables
    are in Swedish on the Arabic page (its texts fall back), left to right; the evaluation's are
    Arabic, right to left, and start scrolled to their right edge: their cue is on the left."""
    page = browser.new_page(viewport=PHONE)
    for path, part in ((SITUATION, "del-i1"), (PROMISE, "del-better")):
        page.goto(demo_site.url + LANGUAGES[language] + path + f"#{part}")
        wrap = page.locator(f"#{part} .table-wrap").first
        assert wrap.evaluate("(wrap) => wrap.scrollWidth > wrap.clientWidth"), path
        rtl = wrap.evaluate("(wrap) => getComputedStyle(wrap).direction === 'rtl'")
        assert rtl == (language == "ar" and path == PROMISE)
        left, right = edge_darkness(page, wrap)
        assert (left > 5 and right < 1) if rtl else (right > 5 and left < 1), path
        # Scrolled to the far end, the cue moves to the other edge.
        wrap.evaluate(TO_THE_END)
        left, right = edge_darkness(page, wrap)
        assert (right > 5 and left < 1) if rtl else (left > 5 and right < 1), path
    page.close()


def test_a_printed_lagesbild_has_its_folded_parts(browser: Any, demo_site: Any) -> None:
    page = browser.new_page()
    page.goto(demo_site.url + SITUATION)
    folded = page.locator("#del-teman table")
    assert not folded.is_visible()
    page.emulate_media(media="print")
    assert folded.is_visible()
    page.close()


@pytest.mark.parametrize("language", LANGUAGES)
def test_zero_axe_violations_on_the_folded_and_unfolded_pages(
    browser: Any, demo_site: Any, language: str
) -> None:
    page = browser.new_page(viewport=PHONE)
    for path in (SITUATION, PROMISE):
        page.goto(demo_site.url + LANGUAGES[language] + path)
        page.wait_for_load_state("networkidle")
        assert violations(page) == [], path
        open_every_part(page)
        assert violations(page) == [], path
    page.close()
