"""A poster for the place report form, drawn as an A4 PDF (fpdf2, core.fonts' font, HarfBuzz
shaping for Arabic) or as an A4 SVG, with the form's address as a QR code drawn by `segno`.

The code is drawn from segno's module matrix as filled rectangles, one per run of dark modules
in a row, in both files: vector shapes that print sharp at any size. Every line is centred, so a
poster in Arabic reads right to left without a layout of its own.
"""

import textwrap
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

import segno
from django.utils import translation
from django.utils.translation import gettext as _
from fpdf import FPDF
from fpdf.enums import Align, XPos, YPos

from tryggve.core.fonts import font_files
from tryggve.core.models import Municipality

FONT = "Plex"
WIDTH, HEIGHT = 210, 297  # A4, in mm
MARGIN = 18
CODE = 110  # the QR code's side with its quiet zone, mm: a phone reads it from a few metres
BORDER = 4  # the quiet zone, in modules, as the QR standard asks
INK = (0, 0, 0)
MUTED = (60, 60, 60)
RIGHT_TO_LEFT = {"ar"}


@dataclass(frozen=True)
class Poster:
    """What a poster says, in its language."""

    language: str
    municipality: str
    heading: str
    place: str
    instruction: str
    address: str
    emergency: str

    @property
    def right_to_left(self) -> bool:
        return self.language in RIGHT_TO_LEFT


def poster(municipality: Municipality, language: str, address: str, place: str) -> Poster:
    with translation.override(language):
        return Poster(
            language=language,
            municipality=municipality.name,
            heading=_("Does this place feel unsafe, or safe?"),
            place=_("Tell us about %(place)s") % {"place": place} if place else "",
            instruction=_(
                "Scan the code with your phone's camera and tell %(municipality)s what you see: a broken "
                "lamp, overgrown bushes, a dark tunnel, or a place that feels safe. You need no account, "
                "and we do not ask who you are."
            )
            % {"municipality": municipality.name},
            address=_("Or go to %(address)s") % {"address": address},
            emergency=_("In an emergency, call 112."),
        )


def code_runs(address: str) -> tuple[int, list[tuple[int, int, int]]]:
    """The QR code of the address as (modules per side with the quiet zone, runs of dark modules:
    row, first column, length)."""
    code = segno.make(address, error="m", micro=False)
    rows = [list(row) for row in code.matrix_iter(scale=1, border=BORDER)]
    runs = []
    for y, row in enumerate(rows):
        x = 0
        while x < len(row):
            if row[x]:
                start = x
                while x < len(row) and row[x]:
                    x += 1
                runs.append((y, start, x - start))
            else:
                x += 1
    return len(rows), runs


# --- PDF ----------------------------------------------------------------------------------------


def pdf(found: Poster, address: str) -> bytes:
    document = FPDF(orientation="portrait", unit="mm", format="A4")
    document.set_margins(MARGIN, MARGIN, MARGIN)
    document.set_auto_page_break(False)
    for style, path in font_files().items():
        document.add_font(FONT, style, path)
    document.set_text_shaping(
        use_shaping_engine=True, script="arab" if found.right_to_left else "latn", language=found.language
    )
    document.set_lang(found.language)
    document.set_title(found.heading)
    document.set_author(found.municipality)
    document.set_creator("Tryggve")
    document.add_page()
    document.set_text_color(*MUTED)
    _line(document, found.municipality, 16)
    document.set_text_color(*INK)
    document.ln(3)
    _line(document, found.heading, 30, "B", 13)
    if found.place:
        document.ln(2)
        _line(document, found.place, 20, "", 9)
    top = document.get_y() + 6
    _code(document, address, (WIDTH - CODE) / 2, top)
    document.set_y(top + CODE + 6)
    _line(document, found.instruction, 13, "", 6.5)
    document.ln(3)
    document.set_text_color(*MUTED)
    _line(document, found.address, 10, "", 5)
    document.ln(3)
    document.set_text_color(*INK)
    _line(document, found.emergency, 12, "B", 6)
    return bytes(document.output())


def _line(document: FPDF, text: str, size: float, style: str = "", height: float = 0) -> None:
    document.set_font(FONT, style, size)
    document.multi_cell(0, height or size * 0.5, text, align=Align.C, new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _code(document: FPDF, address: str, left: float, top: float) -> None:
    side, runs = code_runs(address)
    module = CODE / side
    document.set_fill_color(*INK)
    for row, column, length in runs:
        document.rect(left + column * module, top + row * module, length * module, module, style="F")


# --- SVG ----------------------------------------------------------------------------------------


def svg(found: Poster, address: str) -> str:
    """The poster as an A4 SVG document (millimetres as user units); text in the font's family,
    which the printing computer may have, else its own sans-serif."""
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}mm" height="{HEIGHT}mm" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" xml:lang="{found.language}"'
        f"{' direction=' + quoteattr('rtl') if found.right_to_left else ''} "
        "font-family=\"'IBM Plex Sans Arabic', 'IBM Plex Sans', sans-serif\" text-anchor=\"middle\">",
        f"<title>{escape(found.heading)}</title>",
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#fff"/>',
    ]
    above: list[tuple[str, float, str, str]] = [(found.municipality, 6, "normal", "#3c3c3c")]
    above.append((found.heading, 10.5, "bold", "#000"))
    if found.place:
        above.append((found.place, 7, "normal", "#000"))
    y = _lines(parts, above, float(MARGIN))
    parts.append(_svg_code(address, (WIDTH - CODE) / 2, y + 4))
    below = [
        (found.instruction, 4.6, "normal", "#000"),
        (found.address, 3.5, "normal", "#3c3c3c"),
        (found.emergency, 4.2, "bold", "#000"),
    ]
    _lines(parts, below, y + 4 + CODE + 4)
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def _lines(parts: list[str], texts: list[tuple[str, float, str, str]], y: float) -> float:
    """Each text's lines below `y`, each baseline a line's height below the one before (so a
    larger text never runs into a smaller one above it); the y below the last."""
    for text, size, weight, colour in texts:
        for row in _wrapped(text, size):
            y += size * 1.1
            parts.append(_text(row, y, size, weight, colour))
        y += size * 0.5
    return y


def _wrapped(text: str, size: float) -> list[str]:
    """Lines that fit between the margins, by an average letter width of half the size."""
    per_line = max(int((WIDTH - 2 * MARGIN) / (size * 0.5)), 10)
    return textwrap.wrap(text, per_line, break_long_words=True, break_on_hyphens=False) or [""]


def _text(text: str, y: float, size: float, weight: str, colour: str) -> str:
    return (
        f'<text x="{WIDTH / 2:g}" y="{y:.1f}" font-size="{size:g}" font-weight="{weight}" '
        f'fill="{colour}">{escape(text)}</text>'
    )


def _svg_code(address: str, left: float, top: float) -> str:
    side, runs = code_runs(address)
    path = "".join(f"M{column} {row}h{length}v1h-{length}z" for row, column, length in runs)
    scale = CODE / side
    return (
        f'<g id="qr" transform="translate({left:g} {top:.3f}) scale({scale:.6f})">'
        f"<title>{escape(address)}</title>"
        f'<rect width="{side}" height="{side}" fill="#fff"/>'
        f'<path d="{path}" fill="#000" shape-rendering="crispEdges"/></g>'
    )
