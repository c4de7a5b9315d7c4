"""What later stages of the cycle feed back into the next lägesbild: the yearly follow-up report
closes one round and is read when the next lägesbild is written.

`situation` never imports a later stage, so the stages register what they have: `followup`
registers its decided follow-up reports in its `apps.ready()`, and the lägesbild's staff page
lists what `for_year` gathers (a title, a link and a summary, each as its stage wrote it).
"""

from collections.abc import Callable
from dataclasses import dataclass

from tryggve.core.models import Municipality


@dataclass(frozen=True)
class Feedback:
    title: str
    link: str
    summary: str  # plain text, shown as paragraphs
    summary_language: str  # the summary's own language: Swedish where it is not translated


Source = Callable[[Municipality, int], list[Feedback]]
_sources: list[Source] = []


def register(source: Source) -> None:
    """A later stage adds what it feeds back into a municipality's lägesbild of a year."""
    if source not in _sources:
        _sources.append(source)


def for_year(place: Municipality, year: int) -> list[Feedback]:
    return [found for source in _sources for found in source(place, year)]
