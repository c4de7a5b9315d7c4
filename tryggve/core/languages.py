"""Texts in the site's languages: which one a page is made in, and a stored text in each.

Resident-facing texts are stored per language and fall back to Swedish; a page in another
language then shows the Swedish text, which must say so (`lang="sv" dir="ltr"`) so that an
Arabic page does not lay it out right to left. `missing_in_language` is the one test of that,
and the `languages` template tags apply it: `lang_of` marks the element holding a text, and
`one_language` makes a whole sentence in one language, the page's or Swedish.
"""

from collections.abc import Callable, Sequence
from functools import wraps
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.translation import get_language

# Staff pages and published figures come in these; the survey also in Arabic.
SITE_LANGUAGES = ("sv", "en")
# What a text missing in the page's language is shown in instead.
FALLBACK = "sv"


def page_language() -> str:
    """The language of the page being made: sv or en (also for texts frozen in a lägesbild)."""
    language = current_language()
    return language if language in SITE_LANGUAGES else FALLBACK


def current_language() -> str:
    """The active language, Arabic included."""
    return (get_language() or FALLBACK)[:2]


def texts(instance: Any, name: str) -> dict[str, str]:
    """A translated field's text per site language, Swedish where a translation is missing."""
    swedish = getattr(instance, f"{name}_sv") or ""
    return {language: getattr(instance, f"{name}_{language}") or swedish for language in SITE_LANGUAGES}


def in_language(texts: dict[str, str]) -> str:
    """The text in the active language if there is one, else in the page's (sv or en), else Swedish."""
    return texts.get(current_language()) or texts.get(page_language()) or texts.get(FALLBACK, "")


def missing_in_language(source: Any, field: str | None = None, language: str | None = None) -> bool:
    """Whether a stored text is missing in `language` (the active one), so Swedish is shown.

    `source` is a model instance with a translated `field`, or texts per language as `texts`
    makes them (where a text the same as the Swedish one counts as Swedish).
    """
    language = language or current_language()
    if language == FALLBACK:
        return False
    if isinstance(source, dict):
        swedish = source.get(FALLBACK) or ""
        return bool(swedish) and source.get(language, swedish) in ("", swedish)
    if field is None:
        raise TypeError("a model instance needs the name of its translated field")
    return bool(getattr(source, f"{field}_{FALLBACK}", "")) and not getattr(source, f"{field}_{language}", "")


def interface_languages(request: HttpRequest | None) -> Sequence[str]:
    """The languages a page's own texts (its gettext strings) are translated into.

    The site languages, or more for views that say so: the survey's (`content_languages`, also
    offered in the language switch) and those decorated with `made_in_every_language`.
    """
    return (
        getattr(request, "interface_languages", None)
        or getattr(request, "content_languages", None)
        or SITE_LANGUAGES
    )


def made_in_every_language(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A resident-facing view whose texts are translated into every language (Arabic too, as
    tests/test_translations.py checks), so that /ar/ shows it in Arabic rather than Swedish."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        request.interface_languages = [code for code, _name in settings.LANGUAGES]  # type: ignore[attr-defined]
        return view(request, *args, **kwargs)

    return wrapped


def offered_in_every_language(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A resident-facing view offered in every language, as the survey is: its texts are
    translated into each (Arabic too) and the language switch offers them all."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        request.content_languages = [code for code, _name in settings.LANGUAGES]  # type: ignore[attr-defined]
        return view(request, *args, **kwargs)

    return wrapped
