from django import template
from django.template.defaultfilters import date as format_date
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString
from django.utils.translation import gettext, ngettext, pgettext

from tryggve.core.templatetags.languages import isolated
from tryggve.promises.models import Promise

register = template.Library()


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
def focus_area_sentence(promise: Promise, count: int) -> SafeString:
    sentence = ngettext(
        "The citizen promise for %(period)s focused on one geographic area:",
        "The citizen promise for %(period)s focused on %(count)s geographic areas:",
        count,
    )
    # Each part is escaped: the sentence itself, and what goes into it.
    return SafeString(
        conditional_escape(sentence)
        % {"period": isolated(promise.period, "ltr"), "count": conditional_escape(count_in_words(count))}
    )


@register.simple_tag
def decision_sentence(promise: Promise) -> SafeString:
    """How the adoption is told to residents: the analyst's own words, or built from the decision
    (with its date and reference set apart on a right-to-left page)."""
    if promise.decision_text:
        return SafeString(conditional_escape(promise.decision_text))
    if not promise.decision_body:
        return SafeString("")
    body = conditional_escape(promise.decision_body)
    if promise.decision_date:
        sentence = conditional_escape(gettext("%(body)s adopted the promise on %(date)s.")) % {
            "body": body,
            "date": isolated(format_date(promise.decision_date, "j F Y")),
        }
    else:
        sentence = conditional_escape(gettext("%(body)s adopted the promise.")) % {"body": body}
    if promise.decision_reference:
        reference = conditional_escape(gettext("Reference: %(reference)s.")) % {
            "reference": isolated(promise.decision_reference, "ltr")
        }
        sentence += " " + reference
    return SafeString(sentence)  # each part escaped above
