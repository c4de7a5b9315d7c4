"""Logos carry no code: an SVG is parsed and stored as its drawing only, an image with too many
pixels is refused from its header. Uploaded through the same model form the admin uses."""

import io
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms import modelform_factory
from django.utils.datastructures import MultiValueDict
from PIL import Image

from tryggve.core.models import Municipality
from tryggve.testing import png_of_one_colour

pytestmark = pytest.mark.django_db

SVG = "{http://www.w3.org/2000/svg}"

# A script in the SVG namespace under another prefix: a search for "<script" misses it.
PREFIXED_SCRIPT = b"""<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 48 48">
<s:script xmlns:s="http://www.w3.org/2000/svg">alert(document.cookie)</s:script>
<path d="M6 4h36v22c0 10-8 16-18 20C14 42 6 36 6 26z" fill="#1f4e79"/>
</svg>"""

# javascript: spelled with character references, in href and xlink:href: a search for
# "javascript:" misses them, a browser decodes them.
ENCODED_LINKS = b"""<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"
 viewBox="0 0 48 48">
<defs><path id="shield" d="M6 4h36v22c0 10-8 16-18 20C14 42 6 36 6 26z"/></defs>
<a href="&#106;avascript:alert(1)"><use href="#shield" fill="#1f4e79"/></a>
<a xlink:href="&#x6A;&#x61;vascript:alert(2)"><rect x="1" y="1" width="4" height="4"/></a>
<use xlink:href="&#106;avascript:alert(3)"/>
</svg>"""

# What Inkscape saves: its own namespaces, metadata, a gradient, text, a comment.
INKSCAPE = b"""<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<!-- Created with Inkscape (http://www.inkscape.org/) -->
<svg width="48mm" height="48mm" viewBox="0 0 48 48" version="1.1" id="svg5"
   inkscape:version="1.2.2 (b0a8486541, 2022-12-01)" sodipodi:docname="logo.svg"
   xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape"
   xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd"
   xmlns:xlink="http://www.w3.org/1999/xlink" xmlns="http://www.w3.org/2000/svg"
   xmlns:svg="http://www.w3.org/2000/svg" xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
   xmlns:cc="http://creativecommons.org/ns#" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <sodipodi:namedview id="namedview7" pagecolor="#ffffff" inkscape:zoom="4.2"/>
  <defs id="defs2">
    <linearGradient inkscape:collect="always" id="linearGradient1">
      <stop style="stop-color:#1f4e79;stop-opacity:1" offset="0" id="stop1"/>
      <stop style="stop-color:#005293;stop-opacity:1" offset="1" id="stop2"/>
    </linearGradient>
    <linearGradient xlink:href="#linearGradient1" id="linearGradient2" x1="0" y1="0" x2="48" y2="48"
       gradientUnits="userSpaceOnUse"/>
  </defs>
  <metadata id="metadata1"><rdf:RDF><cc:Work rdf:about=""><dc:format>image/svg+xml</dc:format>
  </cc:Work></rdf:RDF></metadata>
  <g inkscape:label="Lager 1" inkscape:groupmode="layer" id="layer1" transform="translate(0,0)">
    <path style="fill:url(#linearGradient2);stroke:#000000;stroke-width:0.26"
       d="M6 4h36v22c0 10-8 16-18 20C14 42 6 36 6 26z" id="path1" sodipodi:nodetypes="ccccc"/>
    <svg:path d="M10 8h28v18c0 8-6 12-14 16-8-4-14-8-14-16z" fill="#ffffff" id="path2"/>
    <text xml:space="preserve" style="font-size:18px;font-family:sans-serif;fill:#ffffff"
       x="24" y="31" text-anchor="middle" id="text1"><tspan id="tspan1" x="24" y="31">H</tspan></text>
  </g>
</svg>"""


def upload(name: str, content: bytes) -> Any:
    """The logo uploaded on the municipality's form (the admin's form for the same model)."""
    municipality = Municipality.objects.create(name="Ort", official_name="Orts kommun", slug="ort")
    form = modelform_factory(Municipality, fields=["logo"])(
        data={}, files=MultiValueDict({"logo": [SimpleUploadedFile(name, content)]}), instance=municipality
    )
    if form.is_valid():
        form.save()
    return form


def stored(form: Any) -> ET.Element:
    municipality = Municipality.objects.get(pk=form.instance.pk)
    assert municipality.logo.name.startswith("logos/")
    # The stored file is what the site wrote (no DOCTYPE, no entities), not the upload.
    return ET.fromstring(Path(municipality.logo.path).read_bytes())  # noqa: S314


def found(root: ET.Element, path: str) -> ET.Element:
    element = root.find(path)
    assert element is not None, path
    return element


def every_value(root: ET.Element) -> list[str]:
    return [value for element in root.iter() for value in element.attrib.values()]


def test_a_script_in_the_svg_namespace_under_another_prefix_is_taken_out() -> None:
    logo = stored(upload("logo.svg", PREFIXED_SCRIPT))
    assert [element.tag.rpartition("}")[2] for element in logo.iter()] == ["svg", "path"]
    assert logo.find(f"{SVG}path") is not None


def test_links_to_javascript_written_with_character_references_are_taken_out() -> None:
    logo = stored(upload("logo.svg", ENCODED_LINKS))
    assert not [value for value in every_value(logo) if "javascript" in value.lower()]
    # The drawing stays: the shield and its local reference.
    assert found(logo, f"{SVG}defs/{SVG}path").get("id") == "shield"
    assert found(logo, f"{SVG}a/{SVG}use").get("href") == "#shield"


def test_an_inkscape_drawing_keeps_its_paths_gradient_and_text_without_the_editor_data() -> None:
    logo = stored(upload("logo.svg", INKSCAPE))
    paths = logo.findall(f".//{SVG}path")
    assert [path.get("id") for path in paths] == ["path1", "path2"]
    assert paths[0].get("d", "").startswith("M6 4h36")
    assert paths[0].get("style") == "fill:url(#linearGradient2);stroke:#000000;stroke-width:0.26"
    gradient = found(logo, f"{SVG}defs/{SVG}linearGradient[@id='linearGradient2']")
    assert gradient.get("{http://www.w3.org/1999/xlink}href") == "#linearGradient1"
    assert "".join(found(logo, f".//{SVG}text").itertext()) == "H"
    assert logo.get("viewBox") == "0 0 48 48"
    # Inkscape's and sodipodi's elements and attributes, and the metadata, are gone.
    assert all(element.tag.startswith(SVG) for element in logo.iter())
    assert logo.find(f"{SVG}metadata") is None
    assert not [name for element in logo.iter() for name in element.attrib if "inkscape" in name]


def test_what_a_logo_may_not_carry_is_dropped() -> None:
    hostile = b"""<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)" viewBox="0 0 4 4">
<style>@import url(https://evil.example/x.css);</style>
<style>.a{fill:url(#g)}</style>
<foreignObject><div xmlns="http://www.w3.org/1999/xhtml">hi</div></foreignObject>
<image href="https://tracker.example/pixel.png"/>
<set attributeName="href" to="javascript:alert(1)"/>
<rect class="a" width="4" height="4" onclick="alert(2)" style="fill:url(https://evil.example/#x)"
 fill="url(http://evil.example/p.svg#x)"/>
</svg>"""
    logo = stored(upload("logo.svg", hostile))
    assert [element.tag.rpartition("}")[2] for element in logo.iter()] == ["svg", "style", "rect"]
    assert found(logo, f"{SVG}style").text == ".a{fill:url(#g)}"
    assert found(logo, f"{SVG}rect").attrib == {"class": "a", "width": "4", "height": "4"}
    assert logo.attrib == {"viewBox": "0 0 4 4"}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b'<svg xmlns="http://www.w3.org/2000/svg"><path d="M0 0">\n</svg>', "inte välformad XML (rad 2)"),
        (
            b'<html xmlns="http://www.w3.org/1999/xhtml"><body onload="alert(1)"/></html>',
            "inte en SVG-bild",
        ),
        (b"<svg><path/></svg>", "inte en SVG-bild"),  # no SVG namespace: not drawn as SVG
        (b"<svg xmlns='http://www.w3.org/2000/svg'><s:script/></svg>", "inte välformad XML"),
        (b"\x89PNG\r\n\x1a\n not XML at all", "inte välformad XML"),
        (  # a stack of groups no drawing program writes, deeper than Python's recursion limit
            b'<svg xmlns="http://www.w3.org/2000/svg">' + b"<g>" * 5000 + b"</g>" * 5000 + b"</svg>",
            "i mer än 100 nivåer",
        ),
        (
            b'<!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
            b'<svg xmlns="http://www.w3.org/2000/svg"><text>&b;</text></svg>',
            "deklarerar entiteter",
        ),
        (
            b'<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            b'<svg xmlns="http://www.w3.org/2000/svg"><text>&x;</text></svg>',
            "deklarerar entiteter",
        ),
    ],
)
def test_a_file_that_is_not_an_svg_is_refused_with_a_message_and_nothing_is_stored(
    content: bytes, message: str, settings: Any
) -> None:
    form = upload("logo.svg", content)
    assert not form.is_valid()
    assert message in " ".join(form.errors["logo"])
    assert not Municipality.objects.get(pk=form.instance.pk).logo
    assert not (Path(settings.MEDIA_ROOT) / "logos").exists()


def test_a_bare_svg_doctype_of_older_exports_is_accepted_and_left_out() -> None:
    old_export = (
        b'<?xml version="1.0"?>\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" '
        b'"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n'
        b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4 4"><rect width="4" height="4"/></svg>'
    )
    form = upload("logo.svg", old_export)
    assert form.is_valid(), form.errors
    municipality = Municipality.objects.get(pk=form.instance.pk)
    assert b"DOCTYPE" not in Path(municipality.logo.path).read_bytes()
    found(stored(form), f"{SVG}rect")


def test_cleaning_a_cleaned_logo_changes_nothing() -> None:
    from tryggve.core.svg import clean_svg

    for content in (PREFIXED_SCRIPT, ENCODED_LINKS, INKSCAPE):
        once = clean_svg(content)
        assert clean_svg(once) == once


def test_a_raster_logo_with_too_many_pixels_is_refused_from_its_header(settings: Any) -> None:
    form = upload("logo.png", png_of_one_colour(13_000, 13_000))
    assert not form.is_valid()
    assert form.errors["logo"] == [
        "Bilden är för stor: Tryggve tar emot högst 40 megapixlar (bredd × höjd). "
        "Gör den mindre och ladda upp den igen."
    ]
    assert not Municipality.objects.get(pk=form.instance.pk).logo
    assert not (Path(settings.MEDIA_ROOT) / "logos").exists()


def test_the_pixel_cap_is_a_setting_and_an_ordinary_logo_passes(settings: Any) -> None:
    out = io.BytesIO()
    Image.new("RGB", (300, 200), (31, 78, 121)).save(out, format="WEBP")
    assert upload("logo.webp", out.getvalue()).is_valid()
    Municipality.objects.all().delete()
    settings.TRYGGVE_MAX_IMAGE_PIXELS = 50_000
    form = upload("logo.webp", out.getvalue())
    assert "högst 0,05 megapixlar" in form.errors["logo"][0]
