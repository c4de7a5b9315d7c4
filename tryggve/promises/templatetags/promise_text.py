from django import template
from django.template.defaultfilters import date as format_date
from django.utils.html import format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext, ngettext, pgettext

from tryggve.promises.models import Promise

register = template.Library()


@register.filter
def paragraphs(text: str) -> SafeString:
    """Plain text with blank lines between paragraphs, escaped, as <p> elements."""
    blocks = [" ".join(block.split()) for block in (text or "").replace("\r\n", "\n").split("\n\n")]
    return format_html_join("\n", "<p>{}</p>", ((block,) for block in blocks if block))


def count_in_words(count: int) -> str:
    words = {
        2: pgettext("number of areas", "two"),
        3: pgettext("number of areas", "three"),
        4: pgettext("number of areas", "four"),
        5: pgettext("number of areas", "five"),
        6: pgettext("number of areas", "six"),
    }
    return words.get(count, str(count))


@register.simple_tag
def focus_area_sentence(promise: Promise, count: int) -> str:
    return ngettext(
        "The citizen promise for %(period)s focused on one geographic area:",
        "The citizen promise for %(period)s focused on %(count)s geographic areas:",
        count,
    ) % {"period": promise.period, "count": count_in_words(count)}


@register.simple_tag
def decision_sentence(promise: Promise) -> str:
    """How the adoption is told to residents: the analyst's own words, or built from the decision."""
    if promise.decision_text:
        return promise.decision_text
    if not promise.decision_body:
        return ""
    if promise.decision_date:
        sentence = gettext("%(body)s adopted the promise on %(date)s.") % {
            "body": promise.decision_body,
            "date": format_date(promise.decision_date, "j F Y"),
        }
    else:
        sentence = gettext("%(body)s adopted the promise.") % {"body": promise.decision_body}
    if promise.decision_reference:
        sentence += " " + gettext("Reference: %(reference)s.") % {"reference": promise.decision_reference}
    return sentence
