"""The promise's forms: the staff editor's (texts side by side in each language, focus areas,
activities with their plans, evidence), review comments and the adoption."""

from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tryggve.core.areas import place_names
from tryggve.core.forms import InLanguages, PartyCommentForm, in_languages, limit_choices
from tryggve.core.models import Area, Cycle, Municipality
from tryggve.core.scrub import scrub

from .action_plans import choosable_problems
from .models import Activity, Evidence, FocusArea, Promise, ReviewComment, Signatures

RESPONSIBLE_NEEDED = _("A measure of the action plan needs at least one responsible organisation.")


def responsible_missing(problem: Any, responsible: Any) -> bool:
    """A measure of the plan (an activity answering a problem) needs a responsible organisation."""
    return problem is not None and not responsible


class CommentForm(PartyCommentForm):
    class Meta(PartyCommentForm.Meta):
        model = ReviewComment


SIGNATURE_WIDGETS = {
    "police_chief_signed_on": forms.DateInput(attrs={"type": "date"}),
    "chair_signed_on": forms.DateInput(attrs={"type": "date"}),
}


class SignaturesForm(forms.ModelForm):
    """A form with the two signatures (`models.Signatures`), every field required and the
    model's rules checked: the promise's adoption, the collaboration agreement's signing."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = True

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        signed = self._meta.model(**{name: data.get(name) or "" for name in Signatures.SIGNATURE_FIELDS})
        for name in ("police_chief_signed_on", "chair_signed_on"):
            setattr(signed, name, data.get(name))
        for name, message in signed.signature_errors(timezone.localdate()).items():
            if name not in self.errors:
                self.add_error(name, ValidationError(message))
        return data


class AdoptionForm(SignaturesForm):
    """The decision and both signatures, all required to record an adoption."""

    class Meta:
        model = Promise
        fields = ["decision_body", "decision_date", "decision_reference", *Signatures.SIGNATURE_FIELDS]
        widgets = {"decision_date": forms.DateInput(attrs={"type": "date"}), **SIGNATURE_WIDGETS}

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("decision_date") and data["decision_date"] > timezone.localdate():
            self.add_error("decision_date", ValidationError(_("The date cannot be in the future.")))
        return data


class StepForm(forms.Form):
    note = forms.CharField(label=_("Note (optional)"), max_length=300, required=False)


# --- The staff editor: the promise, its focus areas, activities and evidence ---------------------


class PromiseForm(InLanguages, forms.ModelForm):
    """A draft's period, parties and texts. A new version keeps its period; only a new version
    says what changed."""

    texts = ("pledge", "why", "done_so_far", "dialogue_first", "change_note")
    optional = ("why", "done_so_far", "dialogue_first", "change_note")

    class Meta:
        model = Promise
        fields = [
            "cycle",
            "end_year",
            "parties",
            *in_languages("pledge", "why", "done_so_far", "dialogue_first", "change_note"),
        ]
        widgets = {"parties": forms.CheckboxSelectMultiple}

    def __init__(
        self, *args: Any, municipality: Municipality, writes_for: set[int] | None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.instance.municipality = municipality
        self.writes_for = writes_for  # the organisations the user writes for; None: any (a superuser)
        if self.instance.revision_of_id is not None:
            del self.fields["cycle"], self.fields["end_year"]
        else:
            for name in in_languages("change_note"):
                del self.fields[name]
            taken = Promise.objects.filter(municipality=municipality).exclude(pk=self.instance.pk)
            limit_choices(
                self,
                cycle=Cycle.objects.filter(municipality=municipality)
                .exclude(pk__in=taken.values("cycle_id"))
                .order_by("-year"),
            )
            self.fields["cycle"].label_from_instance = lambda cycle: str(cycle.year)  # type: ignore[attr-defined]
            self.fields["cycle"].empty_label = None  # type: ignore[attr-defined]
            self.fields["end_year"].widget.attrs.update({"min": "2000", "max": "2100"})
        limit_choices(self, parties=municipality.organisations.order_by("kind", "name"))
        self.set_up_texts()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        parties = data.get("parties")
        if (
            parties is not None
            and self.writes_for is not None
            and not {p.pk for p in parties} & self.writes_for
        ):
            self.add_error(
                "parties",
                _(
                    "Keep your own organisation among the parties: only the parties' analysts write "
                    "the promise."
                ),
            )
        cycle = data.get("cycle") or (self.instance.cycle if self.instance.cycle_id else None)
        if cycle is not None and "end_year" not in self.errors:
            self.instance.cycle = cycle
            self.instance.end_year = data.get("end_year", self.instance.end_year)
            taken = Promise.objects.filter(
                municipality=self.instance.municipality, slug=self.instance.address_name()
            ).exclude(pk=self.instance.pk)
            if taken.exists():
                self.add_error(
                    None,
                    _("The municipality already has a promise for %(period)s.")
                    % {"period": self.instance.period},
                )
        return data


class FocusAreaForm(InLanguages, forms.ModelForm):
    texts = ("description",)
    optional = ("description",)
    one_line = ("description",)

    class Meta:
        model = FocusArea
        fields = ["area", *in_languages("description"), "order"]

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, area=areas_of(municipality))
        self.fields["order"].widget.attrs.update({"min": "0"})
        self.set_up_texts()


def areas_of(municipality: Municipality) -> QuerySet[Area]:
    """The areas a promise is about: every area of the municipality but the whole of it."""
    return (
        Area.objects.filter(municipality=municipality).exclude(kind=Area.Kind.MUNICIPALITY).order_by("name")
    )


class FocusAreaFormSet(forms.BaseInlineFormSet):
    def validate_unique(self) -> None:
        """An area chosen twice is refused in `clean`, with a message saying so at the area."""

    def clean(self) -> None:
        super().clean()
        chosen: set[int] = set()
        for form in self.forms:
            if not form.has_changed() and not form.instance.pk:
                continue
            if self.can_delete and form.cleaned_data.get("DELETE"):
                continue
            area = form.cleaned_data.get("area") if hasattr(form, "cleaned_data") else None
            if area is None:
                continue
            if area.pk in chosen:
                form.add_error("area", _("The area is already a focus area of the promise."))
            chosen.add(area.pk)


FocusAreas = forms.inlineformset_factory(
    Promise, FocusArea, form=FocusAreaForm, formset=FocusAreaFormSet, extra=2, can_delete=True
)


class ActivityForm(InLanguages, forms.ModelForm):
    """An activity or internal measure with its plan: what the activity log is measured against."""

    texts = ("title", "description")
    optional = ("description",)
    one_line = ("title",)

    class Meta:
        model = Activity
        fields = [
            *in_languages("title", "description"),
            "responsible",
            "public",
            "planned_quantity",
            "unit",
            "per",
            "areas",
            "starts",
            "ends",
            "order",
            "problem",
            "resources",
            "expected_effect",
        ]
        widgets = {
            "responsible": forms.CheckboxSelectMultiple,
            "areas": forms.CheckboxSelectMultiple,
            "starts": forms.DateInput(attrs={"type": "date"}),
            "ends": forms.DateInput(attrs={"type": "date"}),
            "resources": forms.Textarea(attrs={"rows": 3}),
            "expected_effect": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, promise: Promise, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.promise = promise
        municipality = promise.municipality
        limit_choices(
            self,
            responsible=municipality.organisations.order_by("kind", "name"),
            areas=areas_of(municipality),
            problem=choosable_problems(promise),
        )
        self.fields["order"].widget.attrs.update({"min": "0"})
        self.set_up_texts()

    def plan_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in ("planned_quantity", "unit", "per", "areas", "starts", "ends")]

    def action_plan_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in ("problem", "resources", "expected_effect")]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        places = place_names(self.instance.promise.municipality_id)
        for name in ("resources", "expected_effect"):
            if data.get(name):
                data[name] = scrub(data[name], places)
        if responsible_missing(data.get("problem"), data.get("responsible")):
            self.add_error("responsible", RESPONSIBLE_NEEDED)
        promise = self.instance.promise
        first, last = date(promise.start_year, 1, 1), date(promise.last_year, 12, 31)
        for name in ("starts", "ends"):
            day = data.get(name)
            if day is not None and not first <= day <= last:
                self.add_error(
                    name,
                    _("Choose a day within the promise's period (%(period)s).") % {"period": promise.period},
                )
        return data


class EvidenceForm(forms.ModelForm):
    """A lägesbild figure behind the promise; the model checks that the adopted lägesbild has it."""

    class Meta:
        model = Evidence
        fields = ["kind", "code", "area", "year", "focus_area", "activity", "order"]
        widgets = {"code": forms.TextInput(attrs={"list": "figure-codes", "autocomplete": "off"})}

    def __init__(self, *args: Any, promise: Promise, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.promise = promise
        limit_choices(
            self,
            focus_area=promise.focus_areas.select_related("area"),
            activity=promise.activities.all(),
        )
        self.set_up(promise.municipality, years)

    def set_up(self, municipality: Municipality, years: list[int]) -> None:
        """The areas of the municipality, and the years of its adopted lägesbilder to choose from."""
        limit_choices(self, area=areas_of(municipality))
        self.fields["year"] = forms.TypedChoiceField(
            label=self.fields["year"].label,
            help_text=self.fields["year"].help_text,
            coerce=int,
            choices=[("", _("Choose …")), *((year, str(year)) for year in years)],
        )
        self.fields["area"].empty_label = _("Whole municipality")  # type: ignore[attr-defined]
        self.fields["order"].widget.attrs.update({"min": "0"})


Evidences = forms.inlineformset_factory(Promise, Evidence, form=EvidenceForm, extra=2, can_delete=True)
