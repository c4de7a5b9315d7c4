"""The lägesbild report to print: a page laid out as the document with a stylesheet for paper,
and the same document as a PDF made on the server, read back here with pypdf."""

import datetime
import io
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import translation
from pypdf import PageObject, PdfReader
from pypdf.generic import IndirectObject

from tryggve.situation import report, report_document, report_pdf
from tryggve.situation.models import Situation
from tryggve.situation.templatetags.situation import figure
from tryggve.testing import assert_valid_html

from .helpers import login

pytestmark = pytest.mark.django_db

EDITOR = "/halmstad/lagesbild/2018/personal/rapport/"
PAGE = f"{EDITOR}utskrift/"
PDF = f"{EDITOR}rapport.pdf"
HEADINGS_SV = [
    "Brottslighetens omfattning och art",
    "Trygghet och förtroende",
    "Vad samverkansparterna ser",
    "Vad invånarna säger",
    "Analys och slutsatser",
]


def adopted() -> Situation:
    return Situation.objects.get(municipality__slug="halmstad", year=2018, version=1)


def pdf_text(content: bytes) -> str:
    """All the PDF's text, its lines joined with spaces, as a reader copies it out."""
    reader = PdfReader(io.BytesIO(content))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def resolved(value: Any) -> Any:
    return value.get_object() if isinstance(value, IndirectObject) else value


def drawn(page: PageObject) -> str:
    """The page's content stream: its drawing and text operators."""
    contents = page.get_contents()
    assert contents is not None
    return contents.get_data().decode("latin-1")


def fonts(content: bytes) -> list[Any]:
    """The fonts the PDF's pages use, each its descendant (the CID font) where it has one."""
    found = []
    for page in PdfReader(io.BytesIO(content)).pages:
        for font in resolved(page["/Resources"]).get("/Font", {}).values():
            font = resolved(font)
            found += [resolved(part) for part in font.get("/DescendantFonts", [font])]
    return found


def test_the_print_page_is_the_report_as_a_document(client: Client, demo: None) -> None:
    analyst = login(client, "samordnare.halmstad")
    editor = analyst.get(EDITOR).content.decode()
    assert f'href="{PAGE}?version=1"' in editor  # the editor links to the version it shows
    assert f'href="{PDF}?version=1"' in editor
    page = analyst.get(f"{PAGE}?version=1")
    assert page.status_code == 200
    assert_valid_html(page.content)
    content = page.content.decode()
    assert "situation/report_print.css" in content  # the stylesheet with the rules for paper
    assert "<h1>Lägesbildsrapport 2018</h1>" in content
    assert "Halmstads kommun" in content
    assert "Skriven utifrån version 1 av lägesbilden, antagen 11 december 2018" in content
    assert "Utkast: rapporten är inte beslutad än." in content
    for number, heading in enumerate(HEADINGS_SV, start=1):
        assert f"{number}. {heading}</h2>" in content
    assert "Kolada (RKA), Brå:s officiella kriminalstatistik, N07403" in content
    assert "Enkät: Trygghetsmätning" in content  # the survey's title, not its texts per language
    assert "Demo (påhittad text): Otryggheten är störst" in content  # the analysts' text
    # each section with figures has its chart: bars drawn to scale, numbers beside them
    assert content.count('class="report-chart"') == 3
    assert re.search(r'<rect x="0" y="0" width="[\d.]+" height="4">', content)
    assert f'href="{PDF}?version=1"' in content


def test_the_page_in_english_and_in_arabic(client: Client, demo: None) -> None:
    analyst = login(client, "samordnare.halmstad")
    content = analyst.get(f"/en{PAGE}").content.decode()
    assert "<h1>Lägesbild report 2018</h1>" in content
    assert "Safety and trust" in content
    assert "Survey: Local safety survey" in content
    # ?lang= makes the whole page in that language, as it makes the PDF
    arabic = analyst.get(f"{PAGE}?lang=ar")
    assert_valid_html(arabic.content)
    content = arabic.content.decode()
    assert '<html lang="ar" dir="rtl">' in content
    with translation.override("ar"):
        heading = report.sections(adopted())[1].heading
    assert f"2. {heading}</h2>" in content
    assert report_document.document(adopted(), {}, None, "ar").title in content
    # a text the analysts wrote only in Swedish says it is Swedish, laid out left to right
    assert '<div class="report-text" lang="sv" dir="ltr">' in content


def test_the_pdf_has_each_section_its_figures_with_source_and_year(client: Client, demo: None) -> None:
    response = login(client, "samordnare.halmstad").get(PDF)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="lagesbildsrapport-halmstad-2018-sv.pdf"' in response["Content-Disposition"]
    text = pdf_text(response.content)
    for number, heading in enumerate(HEADINGS_SV, start=1):
        assert f"{number}. {heading}" in text
    crime = report.sections(adopted())[0]
    violence = crime.lines[0]
    assert f"{violence.title['sv']} {figure(violence.value, violence.kind)}" in text  # 884,0
    assert "Källa" in text
    assert "Kolada (RKA), Brå:s officiella kriminalstatistik, N07403 2018" in text  # source and year
    assert "Polisens öppna händelser 2018" in text
    assert "Lägesbildsrapport 2018, Halmstads kommun" in text  # å, ä and ö read back as written
    assert "Demo (påhittad text): Otryggheten är störst" in text
    pages = len(PdfReader(io.BytesIO(response.content)).pages)
    assert f"Sida 1 av {pages}" in text
    assert f"Sida {pages} av {pages}" in text


def test_the_charts_are_vector_graphics_not_images(client: Client, demo: None) -> None:
    content = login(client, "samordnare.halmstad").get(PDF).content
    reader = PdfReader(io.BytesIO(content))
    streams = [drawn(page) for page in reader.pages]
    # bars are filled rectangles ("x y w h re f"), the scale's zero a stroked line ("m … l S")
    bars = sum(len(re.findall(r"[\d.]+ [\d.]+ [\d.]+ [\d.]+ re f", stream)) for stream in streams)
    assert bars >= 8 + 14 + 10  # police event types, survey shares, EST categories
    assert any(re.search(r" m [\d.]+ [\d.]+ l S", stream) for stream in streams)
    for page in reader.pages:
        objects = resolved(page["/Resources"]).get("/XObject", {})
        assert not [name for name, found in objects.items() if resolved(found)["/Subtype"] == "/Image"]
        assert "Do" not in re.findall(r"\b[A-Za-z]+\b", drawn(page))


def test_an_arabic_pdf_is_shaped_with_the_font_embedded(client: Client, demo: None) -> None:
    response = login(client, "samordnare.halmstad").get(f"{PDF}?lang=ar")
    assert response.status_code == 200
    with translation.override("ar"):
        headings = [section.heading for section in report.sections(adopted())]
    assert headings[1] != HEADINGS_SV[1]  # the headings are translated
    assert not glyphs_per_arabic_letter(login(client, "samordnare.halmstad").get(PDF).content)
    text = pdf_text(response.content)
    for heading in headings:
        assert heading in text
    embedded = fonts(response.content)
    assert embedded
    for font in embedded:
        assert "IBMPlexSansArabic" in font["/BaseFont"]
        assert "/FontFile2" in resolved(font["/FontDescriptor"])  # the TrueType glyphs are in the file
    # Shaped: a joining letter is drawn with another glyph at the start, middle and end of a word,
    # so some Arabic letter is read back from more than one glyph.
    assert max(glyphs_per_arabic_letter(response.content).values()) >= 3


def glyphs_per_arabic_letter(content: bytes) -> Counter[str]:
    """How many glyphs of the PDF's fonts stand for each Arabic letter (their ToUnicode maps)."""
    counted: Counter[str] = Counter()
    for page in PdfReader(io.BytesIO(content)).pages:
        for font in resolved(page["/Resources"]).get("/Font", {}).values():
            unicode_map = resolved(resolved(font)["/ToUnicode"]).get_data().decode()
            for code in re.findall(r"<[0-9A-F]{4}> <(06[0-9A-F]{2})>", unicode_map):
                counted[chr(int(code, 16))] += 1
        break  # every page has the same fonts
    return counted


def test_a_decided_report_shows_its_decision(demo: None) -> None:
    decided = report_document.Decision("Kommunstyrelsen", datetime.date(2019, 2, 5), "KS § 14")
    document = report_document.document(adopted(), report_document.texts_of(None, "sv"), decided, "sv")
    assert document.decided == "Beslutad av Kommunstyrelsen den 5 februari 2019, KS § 14."
    assert document.decided in pdf_text(report_pdf.render(document))
    assert all(part.text == "" for part in document.parts)  # texts are given, none here


def test_a_hidden_figure_is_shown_hidden_and_left_out_of_the_chart(demo: None) -> None:
    situation = adopted()
    indicator = situation.data["indicators"][1]
    for row in indicator["rows"]:
        row["suppressed"] = True
    document = report_document.document(situation, report_document.texts_of(None, "sv"), None, "sv")
    safety = document.parts[1]
    title = indicator["title"]["sv"]
    assert next(row for row in safety.rows if row.title == title).value == "För få svar för att visas"
    assert safety.chart is not None
    assert title not in [bar.label for bar in safety.chart.bars]


def test_others_are_refused_and_bad_addresses_found_nothing(demo: None) -> None:
    for address in (PAGE, PDF):
        anonymous = Client().get(address)
        assert anonymous.status_code == 302
        assert anonymous["Location"].startswith("/konto/logga-in/")
        assert login(Client(), "samordnare.laholm").get(address).status_code == 403
        # The parties' staff read the draft, as they read a promise in review.
        for username in ("hfab.rapportor", "ks.ordforande"):
            assert login(Client(), username).get(address).status_code == 200
        analyst = login(Client(), "samordnare.halmstad")
        assert analyst.get(f"{address}?lang=fi").status_code == 404
        assert analyst.get(f"{address}?version=9").status_code == 404
        assert analyst.get(f"{address}?beslut=9").status_code == 404
        assert analyst.get(f"{address}?beslut=x").status_code == 404
        assert analyst.get(address.replace("2018", "2016")).status_code == 404


def test_the_parties_read_the_draft_and_comment_where_they_read_it(demo: None) -> None:
    chair = login(Client(), "ks.ordforande")
    page = chair.get(PAGE).content.decode()
    assert "Tillbaka till rapportens redigering" not in page  # the analysts' editor is not theirs
    action = re.search(r'action="([^"]*kommentar/[^"]*)"', page)
    assert action is not None
    sent = chair.post(
        action.group(1).replace("&amp;", "&"), {"text": "Anna Svensson på Vallås saknar lampor."}
    )
    assert sent.status_code == 302
    assert sent["Location"].startswith(PAGE)
    shown = chair.get(sent["Location"]).content.decode()
    assert "saknar lampor" in shown
    assert "Anna Svensson" not in shown  # scrubbed as every free text, the place kept
    assert "Vallås" in shown
    editor = login(Client(), "samordnare.halmstad").get(EDITOR).content.decode()
    assert "saknar lampor" in editor
    # An empty comment is refused and nothing is saved.
    before = adopted().report.comments.count()
    chair.post(action.group(1).replace("&amp;", "&"), {"text": "  "})
    assert adopted().report.comments.count() == before


def test_a_decided_version_prints_with_its_decision_and_not_the_later_draft(demo: None) -> None:
    found = adopted().report
    found.crime = "En senare utkasttext som ännu inte är beslutad."
    found.save()
    analyst = login(Client(), "samordnare.halmstad")
    decided = pdf_text(analyst.get(f"{PDF}?beslut=1").content)
    draft = pdf_text(analyst.get(PDF).content)
    version = found.versions.get(number=1)
    assert version.decision_reference in decided
    assert "senare utkasttext" not in decided
    assert "senare utkasttext" in draft
    assert version.decision_reference not in draft


def test_residents_download_the_decided_report_as_a_pdf(demo: None) -> None:
    address = "/halmstad/lagesbild/2018/rapport.pdf"
    found = adopted().report
    found.crime = "En senare utkasttext som ännu inte är beslutad."
    found.save()
    public = Client().get(address)
    assert public.status_code == 200
    assert public["Content-Type"] == "application/pdf"
    text = pdf_text(public.content)
    assert found.versions.get(number=1).decision_reference in text
    assert all(heading in text for heading in HEADINGS_SV)
    assert "senare utkasttext" not in text
    page = Client().get("/halmstad/lagesbild/2018/rapport/").content.decode()
    assert 'href="/halmstad/lagesbild/2018/rapport.pdf?version=1"' in page
    assert Client().get(f"{address}?version=9").status_code == 404
    assert Client().get("/halmstad/lagesbild/2019/rapport.pdf").status_code == 404  # not decided


def test_the_command_writes_the_pdf(demo: None, tmp_path: Path) -> None:
    output = tmp_path / "rapport.pdf"
    printed = io.StringIO()
    call_command("report_pdf", "halmstad", "2018", "-o", str(output), stdout=printed)
    assert "Trygghet och förtroende" in pdf_text(output.read_bytes())
    assert str(output) in printed.getvalue()
