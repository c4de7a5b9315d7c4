"""An indicator as a sentence residents understand: what is measured, where, its baseline, target
and latest value with their units, and whether it should go down or up."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tryggve.core.languages import in_language
from tryggve.core.templatetags.languages import isolated, swedish
from tryggve.situation.references import Kind
from tryggve.situation.templatetags.situation import figure

from ..indicators import Measured
from ..models import Indicator

register = template.Library()


def _lowered(text: str) -> str:
    """A category's name inside a sentence ("Störande grupper" → "störande grupper")."""
    return text[:1].lower() + text[1:]


def _what(measured: Measured) -> str:
    title = in_language(measured.title)
    kind = measured.indicator.kind
    if kind == Indicator.LOG:
        return _("Number of %(unit)s done") % {"unit": title}
    if kind == Kind.INCIDENTS:
        return _("Reports of %(category)s") % {"category": _lowered(title)}
    if kind == Kind.DIALOGUES:
        return _("Dialogues that raised %(topic)s") % {"topic": _lowered(title)}
    if kind == Kind.POLICE:
        return _("Police events of the type %(type)s") % {"type": title}
    if measured.kind == "share" and measured.counted:
        return _("Share answering “%(answers)s” to “%(question)s”") % {
            "answers": in_language(measured.counted),
            "question": title,
        }
    return _("Average answer to “%(question)s”") % {"question": title}


def _value(measured: Measured, value: float | None) -> str:
    """A value with its unit: 54 %, 68 reports, 26 traffic controls."""
    if value is None or measured.kind != "count":
        return figure(value, measured.kind)
    n = round(value)
    shown = figure(value, "count")
    kind = measured.indicator.kind
    if kind == Indicator.LOG:
        return f"{shown} {in_language(measured.title)}"
    if kind == Kind.INCIDENTS:
        return ngettext("%(n)s report", "%(n)s reports", n) % {"n": shown}
    if kind == Kind.DIALOGUES:
        return ngettext("%(n)s dialogue", "%(n)s dialogues", n) % {"n": shown}
    return ngettext("%(n)s event", "%(n)s events", n) % {"n": shown}


@register.simple_tag
def indicator_line(measured: Measured) -> SafeString:
    """“Share answering … in Vallås: 54 % (2018), target 20 % (2021), latest 52 % (2019).”"""
    indicator = measured.indicator
    # A figure reads left to right; a count with its unit's word is text in the page's direction.
    direction = "ltr" if measured.kind != "count" else ""
    where = swedish(indicator.area.name) if indicator.area else _("the whole municipality")
    sentence = format_html(
        _("{what} in {where}: {baseline} ({baseline_year}), target {target} ({target_year})"),
        what=_what(measured),
        where=where,
        baseline=isolated(_value(measured, measured.baseline), direction),
        baseline_year=isolated(str(indicator.baseline_year)),
        target=isolated(_value(measured, indicator.target), direction),
        target_year=isolated(str(indicator.target_year)),
    )
    latest = measured.latest
    if latest is not None:
        sentence = format_html(
            _("{sentence}, latest {value} ({year})"),
            sentence=sentence,
            value=isolated(_value(measured, latest[1]), direction),
            year=isolated(str(latest[0])),
        )
    if measured.baseline is None:  # hidden to protect a small group: no direction to tell
        return format_html("{}.", sentence)
    aim = _("Lower is better.") if measured.lower_is_better else _("Higher is better.")
    return format_html("{}. {}", sentence, aim)
