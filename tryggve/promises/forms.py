from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Promise, ReviewComment


class CommentForm(forms.ModelForm):
    class Meta:
        model = ReviewComment
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}


class AdoptionForm(forms.ModelForm):
    """The decision and both signatures, all required to record an adoption."""

    class Meta:
        model = Promise
        fields = [
            "decision_body",
            "decision_date",
            "decision_reference",
            "police_chief",
            "police_chief_signed_on",
            "chair",
            "chair_signed_on",
        ]
        widgets = {
            "decision_date": forms.DateInput(attrs={"type": "date"}),
            "police_chief_signed_on": forms.DateInput(attrs={"type": "date"}),
            "chair_signed_on": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = True

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in ("decision_date", "police_chief_signed_on", "chair_signed_on"):
            if data.get(name) and data[name] > timezone.localdate():
                self.add_error(name, ValidationError(_("The date cannot be in the future.")))
        return data


class StepForm(forms.Form):
    note = forms.CharField(label=_("Note (optional)"), max_length=300, required=False)
