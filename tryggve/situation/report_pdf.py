"""The lägesbild report as a PDF, made on the server with fpdf2 (pure Python, no system packages).

The font is core.fonts' (IBM Plex Sans Arabic: å, ä, ö and Arabic); fpdf2 embeds the glyphs
used. Text is shaped by HarfBuzz (`uharfbuzz`), so Arabic letters join and run
right to left. The charts are drawn with PDF's own vector operators (rectangles and lines), never
as images, so they print sharp and their numbers stay text.
"""

import logging

from django.utils import translation
from django.utils.translation import gettext as _
from fpdf import FPDF
from fpdf.enums import Align, XPos, YPos
from fpdf.fonts import FontFace

from tryggve.core.fonts import font_files

from .report_document import Chart, Document, Part

FONT = "Plex"
MARGIN = 20  # mm on every side of an A4 page
TEXT = (0, 0, 0)
MUTED = (74, 74, 74)
BAR = (31, 78, 121)  # dark blue: 8:1 against white, and grey when printed in black and white
GRID = (150, 150, 150)

# fontTools tells of every table it subsets at INFO: nothing a log of the server needs.
logging.getLogger("fontTools.subset").setLevel(logging.WARNING)


class _Pages(FPDF):
    """A4 pages with the report's title, municipality and page number in the footer."""

    def __init__(self, document: Document) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.footer_text = _("%(title)s, %(municipality)s") % {
            "title": document.title,
            "municipality": document.municipality,
        }

    def footer(self) -> None:
        self.set_y(-MARGIN + 5)
        self.set_font(FONT, "", 8)
        self.set_text_color(*MUTED)
        page = _("Page %(page)s of %(pages)s") % {"page": self.page_no(), "pages": "{nb}"}
        self.cell(0, 5, f"{self.footer_text} · {page}", align=Align.C)


def render(document: Document) -> bytes:
    """The document as the bytes of a PDF file."""
    with translation.override(document.language):
        pdf = _Pages(document)
        pdf.set_margins(MARGIN, MARGIN, MARGIN)
        pdf.set_auto_page_break(True, margin=MARGIN)
        for style, path in font_files().items():
            pdf.add_font(FONT, style, path)
        pdf.set_text_shaping(
            use_shaping_engine=True,
            script="arab" if document.right_to_left else "latn",
            language=document.language,
        )
        pdf.set_lang(document.language)
        pdf.set_title(f"{document.title} – {document.municipality}")
        pdf.set_author(document.municipality)
        pdf.set_creator("Tryggve")
        pdf.set_subject(document.basis)
        _cover(pdf, document)
        for part in document.parts:
            _part(pdf, document, part)
        return bytes(pdf.output())


def _align(document: Document) -> Align:
    return Align.R if document.right_to_left else Align.L


def _paragraph(
    pdf: FPDF, document: Document, text: str, size: float, style: str = "", height: float = 0
) -> None:
    pdf.set_font(FONT, style, size)
    pdf.multi_cell(0, height or size * 0.5, text, align=_align(document), new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _cover(pdf: FPDF, document: Document) -> None:
    pdf.add_page()
    pdf.set_text_color(*TEXT)
    pdf.ln(30)
    _paragraph(pdf, document, document.municipality, 14)
    pdf.ln(2)
    _paragraph(pdf, document, document.title, 26, "B", 12)
    pdf.ln(6)
    pdf.set_text_color(*MUTED)
    _paragraph(pdf, document, document.basis, 11)
    pdf.ln(2)
    _paragraph(pdf, document, document.decided or _("Draft: the report is not decided yet."), 11)
    pdf.set_text_color(*TEXT)
    pdf.ln(10)
    _paragraph(pdf, document, _("Contents"), 14, "B", 8)
    for part in document.parts:
        _paragraph(pdf, document, f"{part.number}. {part.heading}", 11, "", 6)


def _part(pdf: FPDF, document: Document, part: Part) -> None:
    pdf.add_page()  # each section begins a page
    pdf.set_text_color(*TEXT)
    _paragraph(pdf, document, f"{part.number}. {part.heading}", 18, "B", 9)
    pdf.ln(3)
    if part.rows:
        _table(pdf, document, part)
    elif part.empty:
        pdf.set_text_color(*MUTED)
        _paragraph(pdf, document, part.empty, 10)
        pdf.set_text_color(*TEXT)
    if part.chart is not None:
        pdf.ln(4)
        _chart(pdf, document, part.chart)
    if part.text:
        pdf.ln(4)
        for paragraph in part.text.split("\n"):
            _paragraph(pdf, document, paragraph, 11, "", 5.5)


def _table(pdf: FPDF, document: Document, part: Part) -> None:
    pdf.set_font(FONT, "", 9)
    pdf.set_draw_color(*GRID)
    pdf.set_line_width(0.2)
    pdf.set_fill_color(255, 255, 255)  # the rows are white, whatever the last chart left
    heading = FontFace(emphasis="BOLD", fill_color=(230, 230, 230))
    columns = (_("Figure"), _("Value"), _("Source"), _("Year"))
    widths = (64, 36, 56, 14)
    if document.right_to_left:  # the first column on the right
        columns, widths = columns[::-1], widths[::-1]
    with pdf.table(
        col_widths=widths,
        headings_style=heading,
        line_height=4.5,
        text_align=Align.R if document.right_to_left else Align.L,
        repeat_headings=1,
        borders_layout="HORIZONTAL_LINES",
        cell_fill_mode="NONE",
    ) as table:
        table.row(columns)
        for row in part.rows:
            cells = (row.title, row.value, row.source, str(row.year))
            table.row(cells[::-1] if document.right_to_left else cells)


def _chart(pdf: FPDF, document: Document, chart: Chart) -> None:
    """Horizontal bars on one scale from 0, each under its label with its value beside it."""
    width = pdf.w - 2 * MARGIN
    bar_width = width - 30  # room for the value
    needed = 10 + 11 * len(chart.bars)
    if pdf.y + needed > pdf.h - MARGIN:
        pdf.add_page()
    pdf.set_text_color(*MUTED)
    _paragraph(pdf, document, chart.caption, 9, "", 4.5)
    pdf.ln(1)
    pdf.set_text_color(*TEXT)
    pdf.set_draw_color(*GRID)
    pdf.set_line_width(0.2)
    zero = pdf.w - MARGIN if document.right_to_left else MARGIN
    top = pdf.y
    for bar in chart.bars:
        pdf.set_font(FONT, "", 8)
        pdf.set_x(MARGIN)
        pdf.cell(
            width,
            4.5,
            _fit(pdf, bar.label, width),
            align=_align(document),
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
        )
        length = max(bar.length * bar_width, 0.3)
        start = zero - length if document.right_to_left else zero
        pdf.set_fill_color(*BAR)
        pdf.rect(start, pdf.y, length, 4, style="F")
        pdf.set_font(FONT, "B", 8)
        value_x = start - 28 if document.right_to_left else start + length + 2
        pdf.set_xy(value_x, pdf.y)
        pdf.cell(26, 4, bar.value, align=Align.R if document.right_to_left else Align.L)
        pdf.set_xy(MARGIN, pdf.y + 6.5)
    pdf.line(zero, top, zero, pdf.y - 2)  # the scale's zero


def _fit(pdf: FPDF, text: str, width: float) -> str:
    """The text cut with an ellipsis to fit on one line of `width` (the table has it in full)."""
    if pdf.get_string_width(text) <= width:
        return text
    words = text.split()
    while words and pdf.get_string_width(" ".join(words) + " …") > width:
        words.pop()
    return " ".join(words) + " …"
