"""Free-text themes: the topics residents raise in their own words, per area.

Each theme is a list of Swedish words. Texts and words are reduced to their Snowball stems, and
a text has the theme when one of its stems begins or ends with a word's stem, so inflected
forms ("belysningen") and compounds ("gatubelysning", "ungdomsgäng") are found too. A
municipality without themes of its own uses DEFAULT_THEMES; analysts copy and edit them.
"""

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import snowballstemmer

from tryggve.core.models import Municipality
from tryggve.surveys.models import Answer, PlaceMark, Question, Survey

from .models import Theme

MIN_STEM = 3  # shorter stems would match too much
EXAMPLES = 3

DEFAULT_THEMES = [
    ("Belysning", "belysning, lampa, lyse, upplyst, mörk, mörker, gatlykta"),
    ("Narkotika", "narkotika, knark, droger, langare, langning, hasch, cannabis"),
    ("Mopeder och trafik", "moped, mopedist, trafik, fortkörning, buskörning, bilar, hastighet, fart"),
    ("Gäng och ungdomar", "gäng, ungdomar, tonåringar, grupper, samlas"),
    ("Polisens närvaro", "polis, poliser, närvaro, patrullering, synas"),
    ("Vuxna ute", "vuxna, fältare, nattvandrare, nattvandring"),
    ("Nedskräpning och skadegörelse", "skräp, nedskräpning, klotter, skadegörelse, vandalisering, glas"),
    ("Buskar och sikt", "buskar, buskage, sly, växtlighet, sikt, skymmer"),
    ("Alkohol", "alkohol, berusade, fulla, fylla, fyllo"),
    ("Våld och hot", "våld, hot, hotfull, rån, misshandel, bråk, slagsmål, kniv, skjutning"),
    ("Inbrott och stöld", "inbrott, stöld, stölder, tjuv"),
]

WORD = re.compile(r"[a-zåäöéü]+")


@lru_cache(maxsize=1)
def _stemmer() -> Any:
    return snowballstemmer.stemmer("swedish")


@lru_cache(maxsize=20_000)
def stems(text: str) -> frozenset[str]:
    words: list[str] = WORD.findall(text.lower())
    return frozenset(_stemmer().stemWords(words))


@dataclass(frozen=True)
class Pattern:
    name: str
    stems: frozenset[str]

    def found_in(self, text_stems: frozenset[str]) -> bool:
        return any(
            token.startswith(stem) or token.endswith(stem) for token in text_stems for stem in self.stems
        )


def patterns(municipality: Municipality) -> list[Pattern]:
    own = [(theme.name, theme.words) for theme in Theme.objects.filter(municipality=municipality)]
    return [
        Pattern(name, frozenset(s for s in stems(words) if len(s) >= MIN_STEM))
        for name, words in own or DEFAULT_THEMES
    ]


def copy_defaults(municipality: Municipality) -> None:
    """Give the municipality its own editable copy of the default themes."""
    if not Theme.objects.filter(municipality=municipality).exists():
        Theme.objects.bulk_create(
            Theme(municipality=municipality, name=name, words=words, order=order)
            for order, (name, words) in enumerate(DEFAULT_THEMES)
        )


def texts(survey: Survey) -> list[tuple[str, int, str, bool]]:
    """(respondent, area id or 0, text, approved for publication) of every free text and place reason."""
    counted = {"response__survey": survey, "response__quarantined": False}
    sources = (
        (Answer.objects.filter(**counted, question__kind=Question.Kind.TEXT).exclude(text=""), "text"),
        (PlaceMark.objects.filter(**counted).exclude(reason=""), "reason"),
    )
    return [
        (str(response), area or 0, text, approved)
        for found, column in sources
        for response, area, text, approved in found.values_list(
            "response_id", "response__area_id", column, "text_approved"
        ).iterator(chunk_size=5000)
    ]


def count(survey: Survey, area_names: dict[int, str]) -> dict[str, Any]:
    """Per theme: respondents who raised it, in all and per area, and a few example texts."""
    found = patterns(survey.municipality)
    respondents: dict[str, set[str]] = defaultdict(set)
    per_area: dict[str, dict[int, set[str]]] = defaultdict(lambda: defaultdict(set))
    examples: dict[str, list[dict[str, Any]]] = defaultdict(list)
    writers: set[str] = set()
    for respondent, area, text, approved in texts(survey):
        writers.add(respondent)
        text_stems = stems(text)
        for pattern in found:
            if pattern.found_in(text_stems):
                respondents[pattern.name].add(respondent)
                per_area[pattern.name][area].add(respondent)
                quoted = examples[pattern.name]
                if len(quoted) < EXAMPLES * 5 and all(text != example["text"] for example in quoted):
                    quoted.append({"text": text, "approved": approved})
    areas = sorted(area_names.items(), key=lambda pair: pair[1])
    return {
        "respondents": len(writers),
        "themes": [
            {
                "name": pattern.name,
                "total": len(respondents[pattern.name]),
                "per_area": [
                    {"area": name, "n": len(per_area[pattern.name].get(area, ()))}
                    for area, name in areas
                ],
                "examples": examples[pattern.name],
            }
            for pattern in sorted(found, key=lambda p: -len(respondents[p.name]))
        ],
    }  # fmt: skip
