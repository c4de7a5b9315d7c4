"""Remove direct identifiers from free text before it is stored.

Residents and partners are asked not to write personal data, but some do. Personnummer
(and samordningsnummer), phone numbers, e-mail addresses and people's names are replaced with a
marker, so what is stored never holds them.

Names: no Swedish named-entity model installs from a package registry without downloading it at
run time, so names are found with lists. Given names and surnames are Faker's `sv_SE` lists
(MIT licence; the 500 most common given names of each sex from Isof's name statistics, the 500
most common surnames from Skatteverket's), read from the installed package once per process,
never copied here. A name that is also an ordinary word (*Björn*, *Stig*, *Berg*, *Inga*, *Hans*)
is told apart with the system's Swedish word list (Debian's `wswedish`, `/usr/share/dict/swedish`,
or `TRYGGVE_WORD_LIST`); without it, a short list of such words below stands in. A word is taken
for a name when:

- it is capitalised (lower-case words are never removed), and
- it is a listed name that is not an ordinary word, anywhere in a sentence; or
- it is a listed name that is also a word, and stands inside a sentence (Swedish capitalises only
  names there), next to another name (*Stig Berg*), after *heter*/*herr*/*fru*…, or first in the
  sentence before *sa*, *tycker*, *ringde*…; or
- it is an unlisted capitalised word next to a listed name (*Anna Zetterqvist*), after *heter*,
  or inside a sentence ending in *-sson*, *-qvist* or *-kvist*.

Never removed: the municipality's own place, area and organisation names (`places`), Sweden's
larger towns and counties (Faker's `sv_SE` address lists), and a run of capitalised words before
a place word (*Gustav Adolfs torg*, *Karl XI:s väg*).
"""

import functools
import re
from array import array
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

# One marker whatever language the writer used: the texts are read by the kommun's staff.
REMOVED = "[borttaget]"
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
# 6 or 8 digits of birth date, an optional separator (- or +), then four digits.
PERSONNUMMER = re.compile(r"(?<!\d)(\d{2})?\d{6}\s?[-+]?\s?\d{4}(?!\d)")
# Swedish numbers (07x, 0xx, +46) and international ones: 8 or more digits with separators.
PHONE = re.compile(r"(?<![\w])(\+|00)?\d(?:[\s\-/()]*\d){7,14}(?!\d)")


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


WORD = re.compile(r"[^\W\d_]+(?:[-'’:][^\W\d_]+)*")
# What ends a sentence, or starts a new one (a list item, a quote, a parenthesis).
BOUNDARY = re.compile(r"[.!?:;\n\r•–—(\"”“«»]|^\s*-")
# After these a capitalised word is someone's name, listed or not.
NAME_CUES = _words(
    "heter hette heta kallas kallad kallade namnet herr fru fröken grannen granne brorsan systern "
    "sonen dottern mamma pappa"
)
# A sentence that starts with a name-that-is-a-word followed by one of these is about a person.
PERSON_VERBS = _words(
    "sa sade säger berättade berättar tycker tyckte menar menade undrade frågade frågar skrev "
    "ringde ringer såg hörde"
)
# Words after which a run of capitalised words is a place: "Gustav Adolfs torg".
PLACE_WORDS = _words(
    "torg torget gata gatan väg vägen stig stigen gränd gränden allé allén plan planen plats "
    "platsen park parken skola skolan kyrka kyrkan backe backen bro bron hamn hamnen strand "
    "stranden centrum station stationen kulle kullen äng ängen udde udden vik viken dal dalen "
    "hage hagen höjd höjden led leden"
)
SURNAME_ENDINGS = ("sson", "qvist", "kvist")
# When no word list is installed: names in Faker's lists that are everyday Swedish words.
COMMON_WORDS_THAT_ARE_NAMES = _words(
    "alm asp axel berg björk björn blom bo borg bror bäck dag del ek falk flink fors frank fred "
    "frid frisk gren hall hans hjort inga inge kaj klara knut kvist lilja lina lind lisa liv "
    "ljung lo lova lund maj malm mark mats mina modig nord palm per rask rita rosa rut saga sanna "
    "skog sten stig stark storm strand strid ström svärd tina tom urban vide viking ville juni"
)


@dataclass(frozen=True)
class Lexicon:
    names: frozenset[str]  # casefolded given names and surnames
    words: frozenset[str]  # casefolded names that are also ordinary words
    places: frozenset[str]  # casefolded towns and counties, never removed
    # Every ordinary word of the word list, as sorted hashes (a megabyte, not the 13 MB of a set
    # of strings); empty without a word list.
    dictionary: array = field(default_factory=lambda: array("q"))

    def is_word(self, word: str) -> bool:
        """An ordinary word of the word list (or its genitive); always False without one."""
        return any(
            (at := bisect_left(self.dictionary, key)) < len(self.dictionary) and self.dictionary[at] == key
            for key in {hash(word), hash(word[:-1]) if word.endswith("s") else hash(word)}
        )


def _faker_lists() -> tuple[set[str], set[str]]:
    """Swedish names and places from the installed Faker package (its data, not a copy)."""
    from faker.providers.address.sv_SE import Provider as Addresses
    from faker.providers.person.sv_SE import Provider as People

    names = set()
    for name in (*People.first_names_female, *People.first_names_male, *People.last_names):
        names.add(name.casefold())
        names.update(part.casefold() for part in name.split("-"))
    places = {place.casefold() for place in (*Addresses.cities, *Addresses.states)}
    return names, places


def load_lexicon(word_list: Path | None) -> Lexicon:
    """The name lists, and which names are ordinary words: from `word_list` (one word a line,
    Latin-1 or UTF-8, as Debian's `wswedish` installs it) or, without one, the short list above."""
    names, places = _faker_lists()
    words: set[str] = set(COMMON_WORDS_THAT_ARE_NAMES & names)
    dictionary: set[int] = set()
    if word_list is not None and word_list.is_file():
        data = word_list.read_bytes()
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = data.decode("latin-1")
        for line in text.splitlines():
            word = line.strip()
            if word[:1].islower():  # capitalised entries are names and places, not words
                found = word.casefold()
                dictionary.add(hash(found))
                if found in names or (found.endswith("s") and found[:-1] in names):
                    words.add(found)
    return Lexicon(frozenset(names), frozenset(words), frozenset(places), array("q", sorted(dictionary)))


@functools.cache
def lexicon() -> Lexicon:
    """Read once per process, on first use."""
    return load_lexicon(Path(settings.TRYGGVE_WORD_LIST) if settings.TRYGGVE_WORD_LIST else None)


@dataclass
class _Token:
    start: int
    end: int
    text: str
    capitalised: bool
    sentence_start: bool
    protected: bool = False

    @property
    def folded(self) -> str:
        return self.text.casefold()


def _tokens(text: str) -> list[_Token]:
    found: list[_Token] = []
    previous_end = 0
    for match in WORD.finditer(text):
        word = match.group()
        gap = text[previous_end : match.start()]
        starts = not found or bool(BOUNDARY.search(gap))
        capitalised = word[0].isupper() and not (len(word) > 1 and word.isupper())
        found.append(_Token(match.start(), match.end(), word, capitalised, starts))
        previous_end = match.end()
    return found


def _parts(token: _Token) -> list[str]:
    return [part for part in re.split(r"[-'’:]", token.folded) if part]


def _is_listed(token: _Token, words: Lexicon) -> bool:
    """A listed name, its genitive (Annas), or a double name (Anna-Karin, Svensson-Berg)."""
    parts = _parts(token)
    return any(part in words.names or (part.endswith("s") and part[:-1] in words.names) for part in parts)


def _is_word(token: _Token, words: Lexicon) -> bool:
    """Every listed part is also an ordinary word (Björn, Bergs), so the token alone is no name."""
    parts = [p for p in _parts(token) if p in words.names or (p.endswith("s") and p[:-1] in words.names)]
    return all(part in words.words or (part.endswith("s") and part[:-1] in words.words) for part in parts)


def _protect(tokens: list[_Token], places: Iterable[str], words: Lexicon) -> None:
    """Mark the municipality's places, Swedish towns and counties as never to be removed. A place's
    last word may go on (Vallås → Vallåsgården, Simlångsdalens)."""
    single, longer = _known_places(tuple(places), words.places)
    folded = [t.folded for t in tokens]
    for index, word in enumerate(folded):
        # A one-word place is a beginning of the word that the word goes on from.
        if any(
            word[:length] in single and _goes_on(word, word[:length]) for length in range(1, len(word) + 1)
        ):
            tokens[index].protected = True
        for place in longer.get(word, ()):
            end = index + len(place)
            if (
                tuple(folded[index : end - 1]) == place[:-1]
                and end <= len(tokens)
                and _goes_on(folded[end - 1], place[-1])
            ):
                for inside in tokens[index:end]:
                    inside.protected = True


@functools.lru_cache(maxsize=64)
def _known_places(
    places: tuple[str, ...], towns: frozenset[str]
) -> tuple[frozenset[str], dict[str, list[tuple[str, ...]]]]:
    """The places as words: the one-word places, and the longer ones by their first word (each
    text a resident sends is scrubbed against the same few hundred places)."""
    known = {tuple(t.folded for t in _tokens(place)) for place in places} | {(town,) for town in towns}
    longer: dict[str, list[tuple[str, ...]]] = {}
    for place in known:
        if len(place) > 1:
            longer.setdefault(place[0], []).append(place)
    return frozenset(place[0] for place in known if len(place) == 1), longer


def _goes_on(word: str, place: str) -> bool:
    """The place's word, its genitive, or a compound of it with a place word (Vallåsgården,
    Andersbergsskolan); never a longer name (Lund is no part of Lundberg)."""
    if not word.startswith(place):
        return False
    rest = word[len(place) :]
    return rest in ("", "s") or rest.removeprefix("s") in PLACE_WORDS


def _runs(tokens: list[_Token], text: str) -> list[list[int]]:
    """Indexes of runs of capitalised words, joined by single spaces within one sentence."""
    runs: list[list[int]] = []
    for index, token in enumerate(tokens):
        if not token.capitalised:
            continue
        joined = (
            runs
            and runs[-1][-1] == index - 1
            and not token.sentence_start
            and text[tokens[index - 1].end : token.start] == " "
        )
        if joined:
            runs[-1].append(index)
        else:
            runs.append([index])
    return runs


def name_spans(text: str, places: Iterable[str], words: Lexicon) -> list[tuple[int, int]]:
    """The spans of the names found in `text`."""
    tokens = _tokens(text)
    _protect(tokens, places, words)
    chosen: set[int] = set()
    for run in _runs(tokens, text):
        chosen |= _names_of_run(run, tokens, words)
    # "Lisa och Kalle …": a name-that-is-a-word first in a sentence, joined to a name by "och".
    for index, token in enumerate(tokens[:-2]):
        if (
            token.sentence_start
            and token.capitalised
            and index + 2 in chosen
            and tokens[index + 1].folded == "och"
            and _is_listed(token, words)
        ):
            chosen.add(index)
    return _merged(sorted(chosen), tokens, text)


def _names_of_run(run: list[int], tokens: list[_Token], words: Lexicon) -> set[int]:
    """Which words of one run of capitalised words are names."""
    after = tokens[run[-1] + 1] if run[-1] + 1 < len(tokens) else None
    listed = [i for i in run if not tokens[i].protected and _is_listed(tokens[i], words)]
    if (after is not None and after.folded in PLACE_WORDS) or (
        len(run) > 1 and tokens[run[-1]].folded in PLACE_WORDS and len(listed) < len(run) - 1
    ):
        return set()  # a place: Gustav Adolfs torg, Stora Torg
    # A town after a name is a surname: Monica Lund.
    for i in run[1:]:
        if tokens[i].protected and tokens[i].folded in words.places and i - 1 in listed:
            listed.append(i)
    listed.sort()
    members = [i for i in run if not tokens[i].protected or i in listed]
    sure = [i for i in listed if not _is_word(tokens[i], words)]
    unknown = [i for i in members if i not in listed and _unknown(tokens[i], words)]
    first = tokens[run[0]]
    before = tokens[run[0] - 1] if run[0] > 0 else None
    cued = before is not None and before.folded in NAME_CUES and not first.sentence_start
    person = after is not None and after.folded in PERSON_VERBS and not after.capitalised
    if sure or (listed and len(listed) + len(unknown) >= 2) or cued:
        # The word after a given name is its surname, even one that is a word: Josefin Gran.
        after_sure = {i + 1 for i in sure if i + 1 in members and tokens[i + 1].folded not in PLACE_WORDS}
        return set(listed) | set(unknown) | after_sure
    if listed and (not first.sentence_start or run[0] != listed[0] or person):
        return set(listed) | {i for i in unknown if abs(i - listed[0]) == 1}
    strangers = [i for i in unknown if not tokens[i].sentence_start]
    if words.dictionary and len(strangers) >= 2 and strangers[-1] - strangers[0] == len(strangers) - 1:
        return set(strangers)  # two unlisted words that are no words, inside a sentence: Mirja Tallroth
    return {i for i in strangers if tokens[i].folded.endswith(SURNAME_ENDINGS)}


def _unknown(token: _Token, words: Lexicon) -> bool:
    """An unlisted capitalised word that may be a name: not at a sentence's start, not a place
    word, and not an ordinary word (by the word list, or without one by its Swedish ending)."""
    if token.sentence_start or token.folded in PLACE_WORDS or token.protected or len(token.folded) < 3:
        return False
    if words.dictionary:
        return not any(words.is_word(part) for part in _parts(token))
    return not token.folded.endswith(("en", "et", "na", "ar", "or", "er"))


def _merged(chosen: list[int], tokens: list[_Token], text: str) -> list[tuple[int, int]]:
    """Neighbouring name words become one span: "Anna Svensson" is one marker."""
    spans: list[tuple[int, int]] = []
    for index in chosen:
        if spans and text[spans[-1][1] : tokens[index].start] == " " and index - 1 in chosen:
            spans[-1] = (spans[-1][0], tokens[index].end)
        else:
            spans.append((tokens[index].start, tokens[index].end))
    return spans


def scrub_names(text: str, places: Iterable[str] = (), words: Lexicon | None = None) -> str:
    """The text with people's names replaced (see the module's description)."""
    found = name_spans(text, places, words or lexicon())
    for start, end in reversed(found):
        text = text[:start] + REMOVED + text[end:]
    return text


def scrub(text: str, places: Iterable[str] = ()) -> str:
    """The text with e-mail addresses, personnummer, phone numbers and people's names replaced;
    `places` are the municipality's place, area and organisation names, never removed."""
    for pattern in (EMAIL, PERSONNUMMER, PHONE):
        text = pattern.sub(REMOVED, text)
    return scrub_names(text, places).strip()
