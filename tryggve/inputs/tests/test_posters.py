"""Posters with a QR code: the code decodes to the report form's address for the area or the
point, in the poster's language, and the form opens preset; forged links are refused."""

import io
import re

import pytest
import zxingcpp
from defusedxml import ElementTree  # type: ignore[import-untyped]
from django.test import Client
from PIL import Image, ImageDraw
from pypdf import PdfReader
from pypdf.generic import ContentStream

from tryggve.core.models import Area
from tryggve.testing import assert_valid_html

from .conftest import IN_NORTH, OUTSIDE, Place, make_place

POSTERS = "/testkommun/platsrapporter/affischer/"
SVG = "{http://www.w3.org/2000/svg}"


def poster(municipality: Place, **query: str) -> bytes:
    asked = {"skapa": "1", "pin-1-language": "sv", "pin-1-file": "pdf"}
    asked.update({f"pin-1-{name}": value for name, value in query.items()})
    response = municipality.client("analyst").get(POSTERS, asked)
    assert response.status_code == 200, response.content[:500]
    return bytes(response.content)


def decoded(image: Image.Image) -> list[str]:
    return [found.text for found in zxingcpp.read_barcodes(image)]


def pdf_code(content: bytes) -> list[str]:
    """The QR codes of the PDF's first page, from the rectangles it fills (the code's modules)."""
    page = PdfReader(io.BytesIO(content)).pages[0]
    scale = 3
    height = float(page.mediabox.height)
    image = Image.new("L", (int(float(page.mediabox.width) * scale), int(height * scale)), 255)
    draw = ImageDraw.Draw(image)
    for operands, operator in ContentStream(page.get_contents(), page.pdf).operations:
        if operator == b"re":
            x, y, w, h = (float(value) * scale for value in operands)
            top = height * scale - y
            draw.rectangle([x, min(top, top - h), x + w - 1, max(top, top - h) - 1], fill=0)
    return decoded(image)


def svg_code(content: str) -> list[str]:
    """The QR code of the SVG's group `qr`, drawn from its path."""
    groups = ElementTree.fromstring(content).iter(f"{SVG}g")
    group = next(g for g in groups if g.get("id") == "qr")
    path = next(group.iter(f"{SVG}path")).get("d") or ""
    side = int(next(group.iter(f"{SVG}rect")).get("width") or 0)
    scale = 8
    image = Image.new("L", (side * scale, side * scale), 255)
    draw = ImageDraw.Draw(image)
    for column, row, length in re.findall(r"M(\d+) (\d+)h(\d+)", path):
        x, y, n = int(column), int(row), int(length)
        draw.rectangle([x * scale, y * scale, (x + n) * scale - 1, (y + 1) * scale - 1], fill=0)
    return decoded(image)


def test_the_pdf_posters_code_opens_the_form_with_its_area_chosen(place: Place) -> None:
    content = poster(place, area=str(place.north.pk), place="Tunneln vid stationen")
    assert content.startswith(b"%PDF")
    url = f"http://testserver/testkommun/rapportera/?omrade={place.north.pk}&plats=Tunneln+vid+stationen"
    assert pdf_code(content) == [url]
    text = PdfReader(io.BytesIO(content)).pages[0].extract_text()
    assert "Känns platsen otrygg eller trygg?" in text
    assert "Berätta om Tunneln vid stationen" in text and "112" in text
    form = Client().get(url.removeprefix("http://testserver"))
    assert form.status_code == 200
    html = form.content.decode()
    assert f'<option value="{place.north.pk}" selected>' in html
    assert 'value="Tunneln vid stationen"' in html
    assert_valid_html(form.content)


def test_the_arabic_svg_posters_code_opens_the_arabic_form_at_its_point(place: Place) -> None:
    response = place.client("analyst").get(
        POSTERS,
        {
            "skapa": "1",
            "pin-1-language": "ar",
            "pin-1-file": "svg",
            "pin-1-lat": str(IN_NORTH[0]),
            "pin-1-lng": str(IN_NORTH[1]),
        },
    )
    assert response["Content-Type"] == "image/svg+xml"
    assert response["Content-Disposition"] == 'attachment; filename="affisch-testkommun-norr-ar.svg"'
    content = response.content.decode()
    root = ElementTree.fromstring(content)
    assert root.get("direction") == "rtl" and root.get("{http://www.w3.org/XML/1998/namespace}lang") == "ar"
    assert "112" in content and re.search("[\u0600-\u06ff]", content)
    url = f"http://testserver/ar/testkommun/rapportera/?omrade={place.north.pk}&lat=56.71000&lng=12.85000"
    assert svg_code(content) == [url]
    form = Client().get(url.removeprefix("http://testserver"))
    assert form.status_code == 200
    html = form.content.decode()
    assert 'dir="rtl"' in html
    assert 'name="pin-1-lat" value="56.71"' in html and 'name="pin-1-lng" value="12.85"' in html
    assert f'<option value="{place.north.pk}" selected>' in html


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("omrade={other}", "Länken anger ett område som inte finns i kommunen."),
        ("omrade=abc", "Länken anger ett område som inte finns i kommunen."),
        ("lat=56.71", "Länkens plats är ingen position på kartan."),
        ("lat=nan&lng=12.85", "Länkens plats är ingen position på kartan."),
        ("lat=1e400&lng=12.85", "Länkens plats är ingen position på kartan."),
        (f"lat={OUTSIDE[0]}&lng={OUTSIDE[1]}", "Länkens plats ligger utanför kommunen."),
    ],
)
def test_a_forged_link_opens_an_empty_form_with_a_message(place: Place, query: str, message: str) -> None:
    other = make_place("annanstans")
    response = Client().get("/testkommun/rapportera/?" + query.format(other=other.north.pk) + "&plats=Hej")
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html and "Inget är ifyllt åt dig" in html
    assert '<option value="" selected>' in html.split('name="pin-1-area"')[1].split("</select>")[0]
    assert 'value="Hej"' not in html
    assert_valid_html(response.content)


def test_the_poster_form_refuses_a_point_outside_the_municipality(place: Place) -> None:
    response = place.client("analyst").get(
        POSTERS,
        {
            "skapa": "1",
            "pin-1-language": "sv",
            "pin-1-file": "pdf",
            "pin-1-lat": str(OUTSIDE[0]),
            "pin-1-lng": str(OUTSIDE[1]),
        },
    )
    assert response.status_code == 400
    assert "Platsen på kartan ligger utanför kommunen." in response.content.decode()
    assert_valid_html(response.content)
    assert Area.objects.filter(municipality=place.municipality).count() == 3


def test_the_form_page_offers_every_language_and_both_files(place: Place) -> None:
    response = place.client("analyst").get(POSTERS)
    assert response.status_code == 200
    html = response.content.decode()
    for value in ('value="sv"', 'value="en"', 'value="ar"', 'value="pdf"', 'value="svg"'):
        assert value in html
    assert_valid_html(response.content)
