"""Answer choices rendered in Python: the survey's busiest markup, kept fast and identical."""

from typing import Any

from django import template
from django.forms import BoundField
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from ..forms import special_codes
from ..models import Question

register = template.Library()


@register.simple_tag
def choice_inputs(field: BoundField, question: Question) -> SafeString:
    """One labelled radio button (checkbox for a multiple-choice question) per choice, as answered.

    Answers outside the scale ("Vet ej", "Går aldrig ut") are set apart after the scale.
    """
    value = field.value()
    chosen = {str(v) for v in value} if isinstance(value, (list, tuple)) else {str(value)}
    input_type = "checkbox" if question.kind == Question.Kind.MULTIPLE else "radio"
    special = special_codes(question)
    rows: list[tuple[Any, ...]] = []
    for index, (code, label) in enumerate(field.field.choices):  # type: ignore[attr-defined]
        identifier = f"{field.auto_id}_{index}"
        checked = " checked" if str(code) in chosen else ""
        css = SafeString(' class="special"') if code in special else ""
        rows.append(
            (css, identifier, input_type, field.html_name, code, identifier, SafeString(checked), label)
        )
    return format_html_join(
        "", '<label{} for="{}"><input type="{}" name="{}" value="{}" id="{}"{}> {}</label>', rows
    )


@register.simple_tag
def error_list(field: BoundField) -> SafeString:
    return format_html_join("", '<p class="error">{}</p>', ((error,) for error in field.errors))


@register.simple_tag
def place_inputs(slot: dict[str, BoundField]) -> SafeString:
    """The hidden point and the area choice of one place slot, rendered without widget templates."""
    lat, lng, area = slot["lat"], slot["lng"], slot["area"]
    chosen = str(area.value() or "")
    options = format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        (
            (code, SafeString(" selected") if str(code) == chosen else "", label)
            for code, label in area.field.choices  # type: ignore[attr-defined]
        ),
    )
    return format_html(
        '<input type="hidden" name="{}" value="{}" id="{}"><input type="hidden" name="{}" value="{}" id="{}">'
        '<select name="{}" id="{}">{}</select>',
        lat.html_name,
        "" if lat.value() is None else lat.value(),
        lat.auto_id,
        lng.html_name,
        "" if lng.value() is None else lng.value(),
        lng.auto_id,
        area.html_name,
        area.auto_id,
        options,
    )
