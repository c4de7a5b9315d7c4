"""Arabic pages in Debian's real Chromium: Swedish fallback text keeps its own direction, and
phone numbers, postcodes and figures keep their order inside right-to-left pages."""

from typing import Any

import pytest
from django.test import Client

from tryggve.surveys.models import Survey
from tryggve.testing import assert_valid_html, axe_violations

pytestmark = pytest.mark.browser

PROMISES = "/ar/halmstad/medborgarloften/"
SURVEY = "/ar/halmstad/enkat/trygghetsmatning/"
PAGES = [
    PROMISES,
    SURVEY,
    "/ar/halmstad/",
    "/ar/halmstad/lagesbild/2019/",
    "/ar/halmstad/trygghetsvandringar/",
    "/ar/halmstad/personuppgifter/",
]

# Where `first` and `last` (the last occurrence) of a text inside `element` are drawn on screen.
POSITIONS = """([element, whole, first, last]) => {
  const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const at = node.data.indexOf(whole);
    if (at < 0) continue;
    const box = (start, length) => {
      const range = document.createRange();
      range.setStart(node, start);
      range.setEnd(node, start + length);
      return range.getBoundingClientRect().left;
    };
    return [box(at + whole.indexOf(first), first.length), box(at + whole.lastIndexOf(last), last.length)];
  }
  return null;
}"""

# Text with å, ä or ö (Swedish) that no element marks as Swedish.
UNMARKED_SWEDISH = """() => {
  const found = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const holder = node.parentElement;
    if (!/[åäöÅÄÖ]/.test(node.data) || holder.closest('script, [hidden]')) continue;
    if (holder.closest('[lang]').lang !== 'sv' || getComputedStyle(holder).direction !== 'ltr') {
      found.push(node.data.trim().slice(0, 60));
    }
  }
  return found;
}"""


def drawn_left_to_right(page: Any, whole: str, first: str, last: str) -> bool:
    """Whether `first` is drawn left of `last` in the footer's `whole` text."""
    footer = page.locator("footer.site-footer").element_handle()
    positions = page.evaluate(f"({POSITIONS})", [footer, whole, first, last])
    assert positions is not None, f"{whole!r} is not in the footer"
    return bool(positions[0] < positions[1])


def swedish_paragraph_direction(page: Any, selector: str) -> tuple[str, str]:
    """The language and computed direction of a paragraph shown in Swedish."""
    paragraph = page.locator(selector).first
    return (
        paragraph.evaluate("element => element.closest('[lang]').lang"),
        paragraph.evaluate("element => getComputedStyle(element).direction"),
    )


def test_the_promise_page_shows_swedish_fallback_left_to_right(browser: Any, demo_site: Any) -> None:
    page = browser.new_page()
    page.goto(demo_site.url + PROMISES)
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    # The promise page's introduction has no Arabic text: Swedish is shown, marked as such.
    assert swedish_paragraph_direction(page, ".intro p") == ("sv", "ltr")
    assert page.evaluate(UNMARKED_SWEDISH) == []
    assert drawn_left_to_right(page, "035-13 70 00", "035", "00")
    assert drawn_left_to_right(page, "301 05 Halmstad", "301", "Halmstad")
    page.close()


def test_the_survey_start_page_shows_swedish_fallback_left_to_right(browser: Any, demo_site: Any) -> None:
    survey = Survey.objects.get(municipality__slug="halmstad", slug="trygghetsmatning")
    survey.intro_ar = ""  # type: ignore[attr-defined]
    survey.save()
    page = browser.new_page()
    page.goto(demo_site.url + SURVEY)
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    assert page.locator("h1").evaluate("element => getComputedStyle(element).direction") == "rtl"
    assert swedish_paragraph_direction(page, ".intro p") == ("sv", "ltr")
    # The notice that some texts are in Swedish is itself in Arabic.
    assert page.locator('.notice[lang="ar"]').is_visible()
    assert page.evaluate(UNMARKED_SWEDISH) == []
    assert drawn_left_to_right(page, "035-13 70 00", "035", "00")
    assert drawn_left_to_right(page, "301 05 Halmstad", "301", "Halmstad")
    page.close()


@pytest.mark.parametrize("path", PAGES)
def test_arabic_pages_mark_every_swedish_text_and_pass_axe(browser: Any, demo_site: Any, path: str) -> None:
    assert_valid_html(Client().get(path).content)
    page = browser.new_page()
    page.goto(demo_site.url + path)
    assert page.evaluate("document.documentElement.dir") == "rtl"
    assert page.evaluate(UNMARKED_SWEDISH) == []
    assert axe_violations(page) == []
    page.close()
