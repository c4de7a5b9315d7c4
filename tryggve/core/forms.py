"""What every app's forms share: choice lists limited to a municipality's objects, texts written
side by side in each language (a promise's, a lägesbild report's), and the error summary."""

from dataclasses import dataclass
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.forms import BaseFormSet
from django.utils import timezone
from django.utils.functional import Promise as LazyText
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from .areas import place_names
from .models import Municipality
from .scrub import scrub


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
        elif isinstance(field, forms.ChoiceField):  # TypedChoiceField too
            label = _("Choose …") if field.required else _("None")
            choices: list[tuple[Any, Any]] = list(field.choices)  # type: ignore[arg-type]
            field.choices = [(value, label if value == "" else text) for value, text in choices]


@dataclass(frozen=True)
class Language:
    code: str
    name: LazyText
    direction: str
    required: bool = False


# The languages staff write residents' texts in, side by side: Swedish required, the others
# optional (residents then read the Swedish text).
LANGUAGES = (
    Language("sv", _("Swedish"), "ltr", required=True),
    Language("en", _("English"), "ltr"),
    Language("ar", _("Arabic"), "rtl"),
)


@dataclass(frozen=True)
class Cell:
    """One language's field of a text, with the text as typed (for its preview)."""

    language: Language
    field: forms.BoundField

    @property
    def value(self) -> str:
        return str(self.field.value() or "")


@dataclass(frozen=True)
class TextRow:
    """One text (the promise, an activity's title…) in every language, side by side."""

    name: str
    label: str
    help: str
    cells: list[Cell]


class InLanguages:
    """A model form whose translated texts are written side by side, one field per language
    (`pledge_sv`, `pledge_en`, `pledge_ar`), Swedish required unless `optional` names the text."""

    texts: tuple[str, ...] = ()
    optional: tuple[str, ...] = ()
    one_line: tuple[str, ...] = ()

    fields: dict[str, forms.Field]
    instance: Any

    def set_up_texts(self) -> None:
        for name in self.texts:
            model_field = self.instance._meta.get_field(name)
            for language in LANGUAGES:
                field = self.fields.get(f"{name}_{language.code}")
                if field is None:
                    continue
                field.label = f"{capfirst(model_field.verbose_name)} ({str(language.name).lower()})"
                field.help_text = ""
                field.required = language.required and name not in self.optional
                attrs = {"lang": language.code, "dir": language.direction}
                field.widget = (
                    forms.TextInput(attrs=attrs)
                    if name in self.one_line
                    else forms.Textarea(attrs={**attrs, "rows": 4})
                )
                if isinstance(field, forms.CharField) and field.max_length:
                    field.widget.attrs["maxlength"] = str(field.max_length)

    def text_rows(self) -> list[TextRow]:
        rows = []
        form: Any = self
        for name in self.texts:
            cells = [
                Cell(language, form[f"{name}_{language.code}"])
                for language in LANGUAGES
                if f"{name}_{language.code}" in self.fields
            ]
            if cells:
                model_field = self.instance._meta.get_field(name)
                rows.append(TextRow(name, capfirst(model_field.verbose_name), model_field.help_text, cells))
        return rows


def in_languages(*names: str) -> list[str]:
    return [f"{name}_{language.code}" for name in names for language in LANGUAGES]


def error_summary(*checked: Any) -> dict[str, Any]:
    """What the error summary (`forms/form_errors.html`) lists: each bound form's errors, and
    each formset's own."""
    forms_: list[Any] = []
    top: list[str] = []
    for item in checked:
        if isinstance(item, BaseFormSet):
            if not item.is_bound:
                continue
            top.extend(str(error) for error in item.non_form_errors())
            forms_.extend(item.forms)
        elif item.is_bound:
            forms_.append(item)
    return {
        "has_errors": bool(top) or any(form.errors for form in forms_),
        "checked_forms": forms_,
        "top_errors": top,
    }


class DecisionForm(forms.ModelForm):
    """The form of a decision (`core.models.Decision`): body, date and reference, with the model's
    rules (body and date needed, no date in the future). A subclass names the model in
    `class Meta(DecisionForm.Meta)`: the lägesbild report's versions, the action plan's."""

    class Meta:
        fields = ["decision_body", "decision_date", "decision_reference"]
        widgets = {"decision_date": forms.DateInput(attrs={"type": "date"})}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        decision = self._meta.model(**{name: data.get(name) or "" for name in DecisionForm.Meta.fields})
        decision.decision_date = data.get("decision_date")
        for name, message in decision.decision_errors(timezone.localdate()).items():
            self.add_error(name, message)
        return data


class PartyCommentForm(forms.ModelForm):
    """The form of a party's comment (`core.models.PartyComment`): its text only, scrubbed as
    every free text (a comment may name a resident), the municipality's place names kept. A
    subclass names the model in `class Meta(PartyCommentForm.Meta)`."""

    class Meta:
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, municipality: Municipality | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.places = place_names(municipality.pk) if municipality is not None else []

    def clean_text(self) -> str:
        return scrub(self.cleaned_data["text"], self.places)
