"""What every app's forms share."""

from typing import Any

from django import forms
from django.db.models import QuerySet


def limit_choices(form: forms.BaseForm, **querysets: QuerySet[Any]) -> None:
    """Offer in each named choice field only these objects: a municipality's areas, its
    organisations, one walk's findings. A form's fields are typed as plain `Field`, so this is
    where they are checked to be model-choice fields."""
    for name, queryset in querysets.items():
        field = form.fields[name]
        if not isinstance(field, forms.ModelChoiceField):
            raise TypeError(f"{name} is not a model-choice field")
        field.queryset = queryset
