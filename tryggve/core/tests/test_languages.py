"""Stored texts shown in Swedish on a page in another language say so, and a sentence is made in
one language: the page's, or Swedish when a text in it has no translation."""

from datetime import date
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import translation

from tryggve.core.languages import made_in_every_language, missing_in_language
from tryggve.core.models import Municipality

MARK = ' lang="sv" dir="ltr"'


def municipality(**texts: str) -> Municipality:
    return Municipality(name="Exempel", slug="exempel", official_name_sv="Exempels kommun", **texts)


@made_in_every_language
def translated_view(request: HttpRequest) -> HttpResponse:
    return HttpResponse()


def render(source: str, language: str, every_language: bool = True, **context: Any) -> str:
    request = RequestFactory().get("/")
    if every_language:
        translated_view(request)
    with translation.override(language):
        return Template("{% load i18n languages %}" + source).render(Context({"request": request, **context}))


def test_a_text_is_missing_where_swedish_is_shown_instead() -> None:
    place = municipality(promise_page_intro_sv="Varje år…", promise_page_intro_en="Every year…")
    for language, missing in [("sv", False), ("en", False), ("ar", True)]:
        with translation.override(language):
            assert missing_in_language(place, "promise_page_intro") is missing
    # No text at all is not a Swedish fallback.
    assert missing_in_language(place, "privacy_notice", "ar") is False
    # Texts per language (a lägesbild's): a missing language, or the Swedish text, is Swedish.
    assert missing_in_language({"sv": "Trygg", "en": "Trygg"}, language="en") is True
    assert missing_in_language({"sv": "Trygg", "en": "Safe"}, language="en") is False
    assert missing_in_language({"sv": "Trygg", "en": "Safe"}, language="ar") is True


def test_the_element_holding_a_swedish_fallback_gets_its_own_language_and_direction() -> None:
    place = municipality(promise_page_intro_sv="Varje år")
    template = '<div{% lang_of place "promise_page_intro" %}>{{ place.promise_page_intro }}</div>'
    assert render(template, "ar", place=place) == f"<div{MARK}>Varje år</div>"
    assert render(template, "sv", place=place) == "<div>Varje år</div>"
    inline = (
        '{% blocktranslate with name=place|text_of:"official_name" %}'
        "Contact {{ name }}{% endblocktranslate %}"
    )
    assert render(inline, "ar", place=place) == f"تواصل مع <span{MARK}>Exempels kommun</span>"


def test_a_sentence_with_an_untranslated_text_is_wholly_swedish() -> None:
    template = (
        '{% one_language place "official_name" %}<p{{ lang_attrs }}>{% blocktranslate with '
        "name=place.official_name %}Contact {{ name }}{% endblocktranslate %}</p>{% endone_language %}"
    )
    swedish = municipality()
    assert render(template, "ar", place=swedish) == f"<p{MARK}>Kontakta Exempels kommun</p>"
    arabic = municipality(official_name_ar="بلدية إكسمبل")
    assert render(template, "ar", place=arabic) == "<p>تواصل مع بلدية إكسمبل</p>"


def test_a_page_not_translated_into_the_language_is_shown_wholly_in_swedish() -> None:
    template = '{% one_language wrap %}<p>{% translate "Phone" %}</p>{% endone_language %}'
    assert render(template, "ar") == "<p>الهاتف</p>"
    assert render(template, "ar", every_language=False) == f"<div{MARK}><p>Telefon</p></div>"
    assert render(template, "en", every_language=False) == "<p>Phone</p>"


def test_numbers_codes_and_dates_are_isolated_on_right_to_left_pages() -> None:
    template = '{{ phone|isolated:"ltr" }} {{ share|isolated }} {{ day|date:"j F"|isolated }}'
    context: dict[str, Any] = {"phone": "035-13 70 00", "share": 0.5, "day": date(2019, 10, 28)}
    assert render(template, "ar", **context) == (
        '<bdi dir="ltr">035-13 70 00</bdi> <bdi>0,5</bdi> <bdi>28 أكتوبر</bdi>'
    )
    assert render(template, "sv", **context) == "035-13 70 00 0,5 28 oktober"
    assert (
        render("{{ address|swedish }}", "ar", address="301 05 Halmstad")
        == f"<span{MARK}>301 05 Halmstad</span>"
    )
    assert render("{{ address|swedish }}", "sv", address="301 05 Halmstad") == "301 05 Halmstad"
