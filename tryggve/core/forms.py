"""What every app's forms share."""

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _


def limit_choices(form: forms.BaseForm, **querysets: QuerySet[Any]) -> None:
    """Offer in each named choice field only these objects: a municipality's areas, its
    organisations, one walk's findings. A form's fields are typed as plain `Field`, so this is
    where they are checked to be model-choice fields."""
    for name, queryset in querysets.items():
        field = form.fields[name]
        if not isinstance(field, forms.ModelChoiceField):
            raise TypeError(f"{name} is not a model-choice field")
        field.queryset = queryset
    name_empty_choices(form)


def name_empty_choices(form: forms.BaseForm) -> None:
    """Replace Django's "---------" in a form's choice lists of model fields: a required choice
    asks for one (*Välj …*), an optional one names the empty choice (*Ingen*)."""
    for field in form.fields.values():
        if isinstance(field, forms.ModelChoiceField):
            if field.empty_label is not None:
                field.empty_label = _("Choose …") if field.required else _("None")
        elif isinstance(field, forms.TypedChoiceField | forms.ChoiceField):
            label = _("Choose …") if field.required else _("None")
            choices: list[tuple[Any, Any]] = list(field.choices)  # type: ignore[arg-type]
            field.choices = [(value, label if value == "" else text) for value, text in choices]
