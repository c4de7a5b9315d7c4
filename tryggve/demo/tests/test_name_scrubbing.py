"""Names are removed from free text (core.scrub), measured: on a fixed test set of sentences with
names, and on the demo's own texts, which hold no names, for ordinary words removed by mistake.

`pytest tryggve/demo/tests/test_name_scrubbing.py -s` prints the figures."""

from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

from tryggve.core import scrub
from tryggve.core.tests import name_sentences
from tryggve.demo import data, survey_answers

NAMES_REMOVED = 0.90  # at least this share of the test set's names
WORDS_REMOVED = 0.01  # at most this share of the demo texts' words


def demo_texts() -> list[str]:
    """Every free text of the demo as staff and residents typed it, and the promise texts."""
    texts: list[str] = [*survey_answers.FREE_TEXTS, *survey_answers.PLACE_REASONS]
    texts += [text for _code, _weight, examples in survey_answers.INCIDENT_KINDS for text in examples]
    for dialogue in data.DIALOGUES + data.STAFF_DIALOGUES:
        texts += [dialogue[2], dialogue[7], dialogue[8]]
    for plan in data.ACTIVITY_PLANS.values():
        texts += plan[-1]
    walk = data.SAFETY_WALK
    texts.append(walk["route"])
    for _kind, place, description, measures in walk["findings"]:
        texts += [place, description, *(m[1] for m in measures), *(m[4] for m in measures)]
    for entry in data.PLACE_REPORTS:
        texts += [entry["place"], entry["text"], entry.get("reason", ""), entry.get("answer", "")]
    texts += [data.HALMSTAD_WHY_SV, data.HALMSTAD_DONE_SV, data.HALMSTAD_DIALOGUE_SV]
    for promise in data.PROMISES:
        texts += [promise.get("pledge_sv", ""), promise.get("done_so_far_sv") or ""]
        texts += [activity[0] for activity in promise.get("activities", [])]
    return [text for text in texts if text]


def demo_places() -> list[str]:
    """What the scrubber's callers pass for the demo's municipalities (`core.areas.place_names`):
    areas, the municipality, its named places, its organisations."""
    found = [place["name"] for place in data.MUNICIPALITIES]
    for place in data.MUNICIPALITIES:
        found += [area[1] for area in place["areas"]]
    found += [landmark[1] for places in data.LANDMARKS.values() for landmark in places]
    return found + [organisation["name"] for organisation in data.ORGANISATIONS]


def figures(words: scrub.Lexicon) -> dict[str, Any]:
    places = demo_places()
    names, removed, _words, _wrong = name_sentences.measure(
        name_sentences.SENTENCES, lambda text: scrub.name_spans(text, name_sentences.PLACES, words)
    )
    _names, _none, demo_words, demo_removed = name_sentences.measure(
        demo_texts(), lambda text: scrub.name_spans(text, places, words)
    )
    return {
        "sentences": len(name_sentences.SENTENCES),
        "names": names,
        "names removed": removed / names,
        "demo words": demo_words,
        "demo words removed": demo_removed / demo_words,
        "test-set words removed": _wrong / _words,
    }


def report(label: str, found: dict[str, Any]) -> None:
    print(
        f"\n{label}: {found['names removed']:.1%} of {found['names']} names removed "
        f"({found['sentences']} sentences); {found['demo words removed']:.2%} of the demo's "
        f"{found['demo words']} words removed "
        f"({found['test-set words removed']:.2%} of the test set's other words)"
    )


def test_names_are_removed_and_the_demos_words_are_kept() -> None:
    """With the system's Swedish word list (Debian's wswedish, installed by .ci/run)."""
    word_list = Path(settings.TRYGGVE_WORD_LIST)
    if not word_list.is_file():
        pytest.skip(f"{word_list} is missing: apt-get install wswedish (CI installs it)")
    found = figures(scrub.load_lexicon(word_list))
    report("with the word list", found)
    assert found["sentences"] >= 200
    assert found["names removed"] >= NAMES_REMOVED
    assert found["demo words removed"] <= WORDS_REMOVED
    assert found["test-set words removed"] <= WORDS_REMOVED


def test_without_the_word_list_the_built_in_words_still_meet_both_bars() -> None:
    """`make run` may not assume system packages: the fallback keeps both promises too."""
    found = figures(scrub.load_lexicon(None))
    report("without the word list", found)
    assert found["names removed"] >= NAMES_REMOVED
    assert found["demo words removed"] <= WORDS_REMOVED
