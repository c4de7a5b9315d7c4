"""Stored texts on pages in more languages than Swedish: marking the Swedish fallback, making a
sentence in one language, and isolating numbers, codes and dates on right-to-left pages.

    {% load languages %}
    <h1{% lang_of survey "title" %}>…            lang="sv" dir="ltr" when the title is shown in Swedish
    <li{% lang_of figure.title %}>…              the same for texts per language (a lägesbild's)
    {{ municipality|text_of:"official_name" }}   a text inside a sentence, in a marked <span> if Swedish
    {{ figure.title|text_of }}                   the same for texts per language
    {{ finding.place|swedish }}                  a text that exists in Swedish only (a name, an address)
    {{ phone|isolated:"ltr" }}                   <bdi dir="ltr"> on a right-to-left page, else unchanged
    {% one_language survey "title" %}<p{{ lang_attrs }}>{% blocktranslate %}…{% endblocktranslate %}</p>
    {% endone_language %}                        a sentence wholly in the page's language or in Swedish
"""

from typing import Any

from django import template
from django.template.base import FilterExpression, Parser, Token
from django.utils import translation
from django.utils.formats import localize
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString

from tryggve.core.languages import (
    FALLBACK,
    current_language,
    in_language,
    interface_languages,
    missing_in_language,
)

register = template.Library()
register.filter("in_language", in_language)

FALLBACK_ATTRIBUTES = SafeString(f' lang="{FALLBACK}" dir="ltr"')


def _sources(values: list[Any]) -> list[tuple[Any, str | None]]:
    """(instance, field) pairs, or (texts per language, None), from a tag's arguments; an empty
    instance (an evidence without an activity) is left out with its field."""
    pairs: list[tuple[Any, str | None]] = []
    values = list(values)
    while values:
        source = values.pop(0)
        if isinstance(source, dict):
            pairs.append((source, None))
            continue
        field = values.pop(0) if values and isinstance(values[0], str) else None
        if source is None or source == "":
            continue
        if field is None:
            raise template.TemplateSyntaxError("a stored text needs its object and its field's name")
        pairs.append((source, field))
    return pairs


def _falls_back(values: list[Any]) -> bool:
    return any(missing_in_language(source, field) for source, field in _sources(values))


@register.simple_tag
def lang_of(source: Any, field: str | None = None) -> SafeString:
    """lang and dir attributes for the element holding a stored text, when it is shown in Swedish:
    a model instance and its translated field's name, or texts per language."""
    return FALLBACK_ATTRIBUTES if missing_in_language(source, field) else SafeString("")


@register.filter
def text_of(source: Any, field: str | None = None) -> SafeString:
    """A stored text inside a sentence or a cell: a model instance's translated field, or texts per
    language (`{{ figure.title|text_of }}`), in a <span> that says so if Swedish is shown."""
    text = in_language(source) if isinstance(source, dict) else getattr(source, field or "", "") or ""
    return swedish(text) if missing_in_language(source, field) else SafeString(conditional_escape(text))


@register.filter
def swedish(value: Any) -> SafeString:
    """A text that exists in Swedish only (a name, an address, a note), marked as Swedish and set
    apart from the text around it on a page in another language."""
    if value is None or value == "" or current_language() == FALLBACK:
        return SafeString(conditional_escape("" if value is None else value))
    return format_html("<span{}>{}</span>", FALLBACK_ATTRIBUTES, value)


@register.filter
def isolated(value: Any, direction: str = "") -> SafeString:
    """A number, code, phone number or date set apart from the text around it on a right-to-left
    page (`<bdi>`), so that its parts keep their order; unchanged on other pages."""
    text = "" if value is None else localize(value)
    if text == "" or not translation.get_language_bidi():
        return SafeString(conditional_escape(text))
    if direction:
        return format_html('<bdi dir="{}">{}</bdi>', direction, text)
    return format_html("<bdi>{}</bdi>", text)


class OneLanguageNode(template.Node):
    def __init__(self, nodelist: template.NodeList, sources: list[FilterExpression], wrap: bool) -> None:
        self.nodelist = nodelist
        self.sources = sources
        self.wrap = wrap

    def render(self, context: template.Context) -> str:
        language = current_language()
        request = context.get("request")
        fits = language == FALLBACK or (
            language in interface_languages(request)
            and not _falls_back([source.resolve(context) for source in self.sources])
        )
        if fits:
            with context.push(lang_attrs=SafeString("")):
                return self.nodelist.render(context)
        with translation.override(FALLBACK), context.push(lang_attrs=FALLBACK_ATTRIBUTES):
            content = self.nodelist.render(context)
        return format_html("<div{}>{}</div>", FALLBACK_ATTRIBUTES, content) if self.wrap else content


@register.tag
def one_language(parser: Parser, token: Token) -> OneLanguageNode:
    """{% one_language [object "field" | texts]… [wrap] %}…{% endone_language %}

    The content in the page's language if the page's own texts and each stored text named exist
    in it, else all of it in Swedish, so that a sentence is never half one language and half
    another. `lang_attrs` inside is then ` lang="sv" dir="ltr"`, for the element holding it;
    `wrap` puts the Swedish content in a <div> that says so."""
    bits = token.split_contents()[1:]
    wrap = bool(bits) and bits[-1] == "wrap"
    if wrap:
        bits = bits[:-1]
    nodelist = parser.parse(("endone_language",))
    parser.delete_first_token()
    return OneLanguageNode(nodelist, [parser.compile_filter(bit) for bit in bits], wrap)
