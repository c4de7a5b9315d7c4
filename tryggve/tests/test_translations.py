"""The committed catalogues: Swedish complete, Arabic complete for what residents see, compiled."""

import ast
import gettext
import re
from pathlib import Path

import pytest

LOCALE = Path(__file__).resolve().parents[1] / "locale"
ENTRY = re.compile(
    r'^((?:#.*\n)*)(?:msgctxt ((?:".*"\n)+))?msgid ((?:".*"\n)+)(?:msgid_plural (?:".*"\n)+)?'
    r'(msgstr(?:\[0\])? (?:".*"\n)+)',
    re.MULTILINE,
)
# What a resident answering the survey sees, which must exist in Arabic too: the survey and the
# pages it leads to (the promise page and the municipality's home page, `made_in_every_language`).
RESIDENT_SOURCES = (
    "tryggve/templates/base.html",
    "tryggve/templates/contact_block.html",
    "tryggve/public/templates/public/municipality_home.html",
    "tryggve/public/templates/public/share_links.html",
    "tryggve/public/templates/public/promise_page.html",
    "tryggve/promises/templates/promises/progress.html",
    "tryggve/promises/templates/promises/status.html",
    "tryggve/promises/templatetags/promise_text.py",
    "tryggve/surveys/templates/surveys/",
    "tryggve/surveys/forms.py",
    "tryggve/surveys/views.py",
    "tryggve/situation/templates/situation/report_public.html",
    "tryggve/situation/templates/situation/report_decision.html",
    "tryggve/situation/report_public.py",
    # Residents' place reports in public and the status e-mails they may ask for (issue 33).
    "tryggve/public/templates/public/places.html",
    "tryggve/public/templates/public/place.html",
    "tryggve/public/templates/public/place_not_found.html",
    "tryggve/public/place_pages.py",
    "tryggve/inputs/place_followers.py",
    "tryggve/inputs/templates/inputs/place_report_thanks.html",
    "tryggve/situation/templates/situation/report_parts.html",
    "tryggve/followup/templates/followup/report_public.html",
    "tryggve/followup/report_document.py",
)


def joined(lines: str) -> str:
    return "".join(ast.literal_eval(line) for line in lines.strip().splitlines())


def po_entries(language: str) -> list[tuple[str, str | None, str, str]]:
    """(reference comments, context, source, translation) of every entry."""
    text = (LOCALE / language / "LC_MESSAGES" / "django.po").read_text()
    entries = []
    for comments, context, msgid, msgstr in ENTRY.findall(text):
        source = joined(msgid)
        if source:
            translation = joined(msgstr.split(" ", 1)[1])
            entries.append((comments, joined(context) if context else None, source, translation))
    return entries


def test_every_text_has_a_swedish_translation() -> None:
    entries = po_entries("sv")
    assert len(entries) > 300
    assert [source for _refs, _context, source, translation in entries if not translation] == []
    assert "#, fuzzy" not in (LOCALE / "sv" / "LC_MESSAGES" / "django.po").read_text().split("\n\n", 1)[1]


def test_every_text_residents_see_in_the_survey_has_an_arabic_translation() -> None:
    def seen_by_residents(comments: str) -> bool:
        references = [
            ref for line in comments.splitlines() if line.startswith("#:") for ref in line[2:].split()
        ]
        return any(ref.startswith(RESIDENT_SOURCES) and "/staff/" not in ref for ref in references)

    resident = [
        (source, translation)
        for comments, _context, source, translation in po_entries("ar")
        if seen_by_residents(comments)
    ]
    assert len(resident) > 50
    assert [source for source, translation in resident if not translation] == []


@pytest.mark.parametrize("language", ["sv", "ar"])
def test_compiled_catalogue_matches_the_po_file(language: str) -> None:
    with (LOCALE / language / "LC_MESSAGES" / "django.mo").open("rb") as compiled:
        catalogue = gettext.GNUTranslations(compiled)
    stale = []
    for _refs, context, source, translation in po_entries(language):
        if not translation:
            continue
        found = catalogue.pgettext(context, source) if context else catalogue.gettext(source)
        # The first plural form is n = 1's in Swedish, n = 0's in Arabic.
        plural_first = {catalogue.ngettext(source, source, n) for n in (0, 1)}
        if translation != found and translation not in plural_first:
            stale.append(source)
    assert stale == [], "run `make messages` to recompile the catalogue"
