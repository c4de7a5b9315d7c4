"""Free text loses names as it loses phone numbers and e-mail addresses, and keeps its places."""

from pathlib import Path

import pytest

from tryggve.core import scrub
from tryggve.core.scrub import REMOVED, load_lexicon, scrub_names

PLACES = ["Halmstads kommun", "Vallås", "Andersberg", "Stadens Hjärta"]


@pytest.fixture(scope="module", params=["word list", "built-in words"])
def words(request: pytest.FixtureRequest) -> scrub.Lexicon:
    path = Path("/usr/share/dict/swedish")
    if request.param == "word list" and not path.is_file():
        pytest.skip("no word list installed (apt-get install wswedish)")
    return load_lexicon(path if request.param == "word list" else None)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("Anna Svensson sa att lampan i tunneln är trasig.", f"{REMOVED} sa att lampan i tunneln är trasig."),
        ("Vi pratade med Björn vid Vallås torg.", f"Vi pratade med {REMOVED} vid Vallås torg."),
        ("Stig sa att det var mörkt.", f"{REMOVED} sa att det var mörkt."),
        ("Min granne heter Zlatan.", f"Min granne heter {REMOVED}."),
        ("Annas hus i Andersberg är mörkt.", f"{REMOVED} hus i Andersberg är mörkt."),
        ("Polisen Anna-Karin Lindberg var där.", f"Polisen {REMOVED} var där."),
    ],
)
def test_names_are_removed(words: scrub.Lexicon, typed: str, stored: str) -> None:
    assert scrub_names(typed, PLACES, words) == stored


@pytest.mark.parametrize(
    "typed",
    [
        "Inga lampor lyser vid Gustav Adolfs torg.",  # inga = no; a square named after a king
        "Hans bil stod vid Vallåsgården.",  # hans = his; the area's name goes on
        "Bo i Vallås är tryggare nu.",  # bo = to live
        "Stadens Hjärta och Halmstads kommun samarbetar.",  # the municipality's organisations
        "Flytten till Lund och Malmö gick bra.",  # towns, though Lund is a surname too
        "jag såg stig och sten vid berget",  # lower case: words, never removed
    ],
)
def test_words_and_places_stay(words: scrub.Lexicon, typed: str) -> None:
    assert scrub_names(typed, PLACES, words) == typed


def test_scrub_removes_names_with_the_other_identifiers(settings: object) -> None:
    text = "Ring Per Lindberg på 070-123 45 67 eller per@example.com."
    assert scrub.scrub(text) == f"Ring {REMOVED} på {REMOVED} eller {REMOVED}."
