"""An analyst makes a poster in Debian's real Chromium: the page is axe-clean, and the SVG it
downloads, drawn by the browser, has a QR code a reader decodes to the preset report form."""

import base64
import io
from pathlib import Path
from typing import Any

import pytest
import zxingcpp
from PIL import Image

from tryggve.testing import PHONE, axe_violations, fits_the_phone, logged_in_context

from .conftest import make_place

pytestmark = pytest.mark.browser


def test_an_analyst_downloads_an_arabic_svg_poster_whose_code_opens_the_form(
    browser: Any, live_server: Any, transactional_db: None
) -> None:
    place = make_place()
    context = logged_in_context(
        browser, live_server, "testkommun.analyst", viewport=PHONE, accept_downloads=True
    )
    page = context.new_page()
    page.goto(f"{live_server.url}/testkommun/platsrapporter/")
    page.get_by_role("link", name="Affischer med QR-kod").click()
    assert fits_the_phone(page) and axe_violations(page) == []
    page.get_by_label("Område").select_option(label="Norr")
    page.get_by_label("Platsen med ord").fill("Tunneln vid skolan")
    page.get_by_label("Språk på affischen och formuläret").select_option(value="ar")
    page.get_by_label("SVG, för att redigera eller skriva ut stort").check()
    with page.expect_download() as download:
        page.get_by_role("button", name="Skapa affischen").click()
    saved = Path(download.value.path()).read_bytes()
    assert download.value.suggested_filename == "affisch-testkommun-tunneln-vid-skolan-ar.svg"
    drawn = context.new_page()
    drawn.set_viewport_size({"width": 794, "height": 1123})  # A4 at 96 dpi
    source = "data:image/svg+xml;base64," + base64.b64encode(saved).decode()
    drawn.set_content(f'<img src="{source}" width="794" height="1123" alt="">')
    shot = Image.open(io.BytesIO(drawn.locator("img").screenshot()))
    address = f"{live_server.url}/ar/testkommun/rapportera/?omrade={place.north.pk}&plats=Tunneln+vid+skolan"
    assert [found.text for found in zxingcpp.read_barcodes(shot)] == [address]
    # The code opens the Arabic form with the area and the place filled in.
    page.goto(address)
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("select[name='pin-1-area']").input_value() == str(place.north.pk)
    assert page.locator("input[name='pin-1-place']").input_value() == "Tunneln vid skolan"
    assert axe_violations(page) == []
    context.close()
