from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tryggve.core.forms import (
    LANGUAGES,
    DecisionForm,
    InLanguages,
    PartyCommentForm,
    in_languages,
    limit_choices,
)
from tryggve.core.models import Area

from .models import Report, ReportComment, ReportVersion


class FocusForm(forms.Form):
    """Which areas to compare with the rest of the municipality (read from the address)."""

    fokus = forms.ModelMultipleChoiceField(
        queryset=Area.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Focus areas"),
    )

    def __init__(self, *args: object, municipality_id: int, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        # The focus areas are compared with the rest of the municipality, so never the whole of it.
        areas = (
            Area.objects.filter(municipality_id=municipality_id)
            .exclude(kind=Area.Kind.MUNICIPALITY)
            .order_by("name")
        )
        limit_choices(self, fokus=areas)

    def area_ids(self) -> list[int]:
        return [area.pk for area in self.cleaned_data["fokus"]] if self.is_valid() else []


class AdoptForm(forms.Form):
    adopted_on = forms.DateField(
        label=_("Adopted on"),
        initial=timezone.localdate,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    decision = forms.CharField(
        label=_("Decision"),
        max_length=200,
        help_text=_("Who adopted it and the reference, e.g. Kommunstyrelsen § 245."),
    )

    def clean_adopted_on(self) -> object:
        adopted_on = self.cleaned_data["adopted_on"]
        if adopted_on > timezone.localdate():
            raise forms.ValidationError(_("The date of adoption cannot be in the future."))
        return adopted_on


class ReportForm(InLanguages, forms.ModelForm):
    """The report's texts, one per section, side by side in each language. A section may stay
    empty while the analysts write; a translation needs the Swedish text it translates."""

    texts = Report.SECTIONS
    optional = Report.SECTIONS

    class Meta:
        model = Report
        fields = in_languages(*Report.SECTIONS)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.set_up_texts()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in Report.SECTIONS:
            translations = (data.get(f"{name}_{language.code}") or "" for language in LANGUAGES[1:])
            translated = any(text.strip() for text in translations)
            if translated and not (data.get(f"{name}_sv") or "").strip():
                self.add_error(
                    f"{name}_sv",
                    _("Write the Swedish text first: the English and Arabic texts are translations of it."),
                )
        return data


class ReportDecisionForm(DecisionForm):
    """The decision on the report as it now reads: body and date needed, no date in the future."""

    class Meta(DecisionForm.Meta):
        model = ReportVersion


class ReportCommentForm(PartyCommentForm):
    class Meta(PartyCommentForm.Meta):
        model = ReportComment
