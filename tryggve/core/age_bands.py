"""Age bands as ranges of whole years: the survey's weighting bands and the ones statistics use.

A band is written as a survey's population label or as Statistics Sweden names its age classes:
"16-24", "65+", "80-" (80 and older), "-4" (up to 4), "15" (one year), with or without " år".
`share` tells how much of one band lies inside another, counting years as equally populated:
what the population import uses to count SCB's 15–19 class into the survey's 16–24 band
(docs/formats.md, "Age bands").
"""

import re
from dataclasses import dataclass

# No one is counted older than this; only used to give open bands ("65+") an end.
OLDEST = 130

_TOTALS = {"tot", "totalt", "total", "samtliga", "alla", "all"}


@dataclass(frozen=True)
class AgeBand:
    first: int
    last: int  # inclusive; OLDEST for an open band

    @property
    def is_open(self) -> bool:
        return self.last >= OLDEST

    @property
    def years(self) -> int:
        return self.last - self.first + 1


def is_total(text: str) -> bool:
    """Whether a category is the total over all ages (or both sexes): "totalt", "tot", "1+2"."""
    return _clean(text) in _TOTALS or text.strip() == "1+2"


def _clean(text: str) -> str:
    text = text.strip().lower().replace("–", "-").replace("—", "-")
    return re.sub(r"\s*(år|years?|yrs?)\.?$", "", text).strip()


def parse(text: str) -> AgeBand | None:
    """The range of years a label names, or None if it names none."""
    text = _clean(text)
    if found := re.fullmatch(r"(\d{1,3})\s*-\s*(\d{1,3})", text):
        first, last = int(found[1]), int(found[2])
        return AgeBand(first, last) if first <= last else None
    if found := re.fullmatch(r"-\s*(\d{1,3})", text):
        return AgeBand(0, int(found[1]))
    if found := re.fullmatch(r"(\d{1,3})\s*(?:\+|-|\+?\s*och äldre|or older|and over)", text):
        return AgeBand(int(found[1]), OLDEST)
    if found := re.fullmatch(r"\d{1,3}", text):
        return AgeBand(int(text), int(text))
    return None


def share(part: AgeBand, band: AgeBand) -> float | None:
    """The share of `part`'s residents that belong to `band`, taking each year of `part` as
    equally populated; None when that cannot be said (an open class that only partly overlaps)."""
    first, last = max(part.first, band.first), min(part.last, band.last)
    if first > last:
        return 0.0
    if first == part.first and last == part.last:
        return 1.0
    if part.is_open:
        return None
    return (last - first + 1) / part.years
