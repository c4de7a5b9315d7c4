"""Texts in the site's languages: which one a page is made in, and a stored text in each."""

from typing import Any

from django.utils.translation import get_language

# Staff pages and published figures come in these; the survey also in Arabic.
SITE_LANGUAGES = ("sv", "en")


def page_language() -> str:
    """The language of the page being made: sv or en (also for texts frozen in a lägesbild)."""
    language = (get_language() or "sv")[:2]
    return language if language in SITE_LANGUAGES else "sv"


def texts(instance: Any, name: str) -> dict[str, str]:
    """A translated field's text per site language, Swedish where a translation is missing."""
    swedish = getattr(instance, f"{name}_sv") or ""
    return {language: getattr(instance, f"{name}_{language}") or swedish for language in SITE_LANGUAGES}


def in_language(texts: dict[str, str]) -> str:
    return texts.get(page_language()) or texts.get("sv", "")
