"""Every table of the product's pages sits in the one scroll container for wide tables (issue 26).

`.table-wrap` (public/site.css) lets a table wider than the column scroll sideways inside it, with
a shadow at the edge where columns are hidden, and never widens the page. Keyboard users scroll
it too, so it is focusable and named: `role="region"`, an accessible name and `tabindex="0"`.
The browser tests (public/tests/test_long_pages.py) check what it looks like.
"""

import re
from pathlib import Path
from typing import Any

import pytest

import tryggve
from tryggve.promises.models import Promise
from tryggve.testing import PHONE, columns_out_of_reach, fits_the_phone, logged_in_context, open_every_part

TEMPLATES = sorted(
    path
    for path in Path(tryggve.__file__).parent.glob("*/templates/**/*.html")
    if "admin" not in path.relative_to(Path(tryggve.__file__).parent).parts  # Django admin's own
)
WRAP = re.compile(r'<div class="table-wrap[^"]*"(?P<attrs>[^>]*)>\s*$')


def test_the_templates_are_found() -> None:
    assert any(path.name == "figures.html" for path in TEMPLATES)


def test_every_table_scrolls_inside_a_named_focusable_region() -> None:
    unwrapped = []
    for path in TEMPLATES:
        text = path.read_text()
        for table in re.finditer(r"<table\b", text):
            before = text[: table.start()]
            wrap = WRAP.search(before[before.rfind("<div") :])
            attrs = wrap.group("attrs") if wrap else ""
            if not (
                'role="region"' in attrs
                and 'tabindex="0"' in attrs
                and ("aria-labelledby=" in attrs or "aria-label=" in attrs)
            ):
                line = text.count("\n", 0, table.start()) + 1
                unwrapped.append(f"{path.relative_to(Path(tryggve.__file__).parent)}:{line}")
    assert unwrapped == []


@pytest.mark.browser
def test_the_staff_pages_with_tables_scroll_tables_not_the_page(browser: Any, demo_site: Any) -> None:
    """As the demo's safety coordinator on a phone, every part unfolded."""
    promise = Promise.objects.get(municipality__slug="halmstad", slug="2019")
    activity = promise.activities.first()
    assert activity is not None
    pages = [
        "/halmstad/lagesbild/2019/personal/",
        "/halmstad/medborgarloften/personal/",
        f"/halmstad/medborgarloften/personal/{promise.pk}/utvardering/",
        "/halmstad/est/vecka/",
        "/halmstad/est/",
        "/halmstad/uppfoljning/",
        f"/halmstad/uppfoljning/aktivitet/{activity.pk}/",
        "/halmstad/uppfoljning/vandringar/",
        "/halmstad/enkat/trygghetsmatning/personal/",
        "/halmstad/enkat/trygghetsmatning/pappersversion/",
        "/halmstad/omgangar/",
    ]
    context = logged_in_context(browser, demo_site, "samordnare.halmstad", viewport=PHONE)
    page = context.new_page()
    tables = 0
    for path in pages:
        assert page.goto(demo_site.url + path).status == 200, path
        open_every_part(page)
        tables += page.locator(".table-wrap").count()
        assert fits_the_phone(page), path
        assert columns_out_of_reach(page) == [], path
    assert tables > 30
    context.close()
