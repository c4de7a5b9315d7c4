"""The committed Swedish catalogue is complete and its compiled .mo matches the .po."""

import ast
import gettext
import re
from pathlib import Path

CATALOGUE = Path(__file__).resolve().parents[1] / "locale" / "sv" / "LC_MESSAGES"
ENTRY = re.compile(
    r'^(?:msgctxt ((?:".*"\n)+))?msgid ((?:".*"\n)+)(?:msgid_plural (?:".*"\n)+)?'
    r'(msgstr(?:\[0\])? (?:".*"\n)+)',
    re.MULTILINE,
)


def joined(lines: str) -> str:
    return "".join(ast.literal_eval(line) for line in lines.strip().splitlines())


def po_entries() -> list[tuple[str | None, str, str]]:
    text = (CATALOGUE / "django.po").read_text()
    entries = []
    for context, msgid, msgstr in ENTRY.findall(text):
        source = joined(msgid)
        if source:
            translation = joined(msgstr.split(" ", 1)[1])
            entries.append((joined(context) if context else None, source, translation))
    return entries


def test_every_text_has_a_swedish_translation() -> None:
    entries = po_entries()
    assert len(entries) > 150
    assert [source for _context, source, translation in entries if not translation] == []
    assert "#, fuzzy" not in (CATALOGUE / "django.po").read_text().split("\n\n", 1)[1]


def test_compiled_catalogue_matches_the_po_file() -> None:
    with (CATALOGUE / "django.mo").open("rb") as compiled:
        catalogue = gettext.GNUTranslations(compiled)
    stale = []
    for context, source, translation in po_entries():
        found = catalogue.pgettext(context, source) if context else catalogue.gettext(source)
        plural_first = catalogue.ngettext(source, source, 1)
        if translation not in (found, plural_first):
            stale.append(source)
    assert stale == [], "run `make messages` to recompile the catalogue"
