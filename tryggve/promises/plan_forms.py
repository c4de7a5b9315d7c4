"""The action plan's forms: its texts, a prioritised problem with the figures that show it, the
cause analysis, a measure's part of the plan, the decision and the collaboration agreement.

Every free text is scrubbed of personal data before it is stored (`core.scrub`), the
municipality's place names kept; a cause analysis can touch suspected offences, so its form
says so. A form with a fault saves nothing and says what is wrong, in the user's language.
"""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from tryggve.core.areas import place_names
from tryggve.core.forms import DecisionForm, InLanguages, in_languages, limit_choices
from tryggve.core.models import Municipality, Organisation
from tryggve.core.scrub import scrub
from tryggve.situation.models import Situation

from .forms import (
    RESPONSIBLE_NEEDED,
    SIGNATURE_WIDGETS,
    EvidenceForm,
    SignaturesForm,
    areas_of,
    responsible_missing,
)
from .models import (
    ActionPlan,
    ActionPlanVersion,
    Activity,
    Agreement,
    CauseAnalysis,
    Evidence,
    Problem,
    Signatures,
)


class Scrubbed:
    """Scrubs the named free texts of personal data as they are cleaned."""

    scrubbed: tuple[str, ...] = ()
    cleaned_data: dict[str, Any]

    def scrub_texts(self, municipality: Municipality) -> None:
        places = place_names(municipality.pk)
        for name in self.scrubbed:
            if self.cleaned_data.get(name):
                self.cleaned_data[name] = scrub(self.cleaned_data[name], places)


class PlanForm(Scrubbed, forms.ModelForm):
    scrubbed = ("summary", "coordination")

    class Meta:
        model = ActionPlan
        fields = ["summary", "coordination"]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 6}),
            "coordination": forms.Textarea(attrs={"rows": 3}),
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self.scrub_texts(self.instance.municipality)
        return data


def adopted_situations(municipality: Municipality) -> QuerySet[Situation]:
    return Situation.objects.filter(municipality=municipality).order_by("-year", "-version")


class ProblemForm(InLanguages, forms.ModelForm):
    """A prioritised problem: what, where, its priority and the lägesbild it was picked from."""

    texts = ("title",)
    one_line = ("title",)

    class Meta:
        model = Problem
        fields = [*in_languages("title"), "situation", "areas", "order"]
        widgets = {"areas": forms.CheckboxSelectMultiple}

    def __init__(self, *args: Any, plan: ActionPlan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.plan = plan
        limit_choices(
            self, situation=adopted_situations(plan.municipality), areas=areas_of(plan.municipality)
        )
        field: Any = self.fields["situation"]
        field.label_from_instance = lambda situation: (
            _("Lägesbild %(year)s, version %(version)s")
            % {
                "year": situation.year,
                "version": situation.version,
            }
        )
        self.fields["order"].widget.attrs.update({"min": "0"})
        if self.instance.pk is None:  # the lägesbild the plan's year grows from: the year before
            before = adopted_situations(plan.municipality).filter(year__lt=plan.cycle.year).first()
            if before is not None and self.initial.get("situation") is None:
                self.initial["situation"] = before.pk
        self.set_up_texts()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in in_languages("title"):
            if data.get(name):
                data[name] = scrub(data[name], place_names(self.instance.plan.municipality_id))
        return data


class ProblemEvidenceForm(EvidenceForm):
    """A lägesbild figure that shows the problem; the model checks the adopted lägesbild has it."""

    class Meta(EvidenceForm.Meta):
        fields = ["kind", "code", "area", "year", "order"]

    def __init__(self, *args: Any, problem: Problem, years: list[int], **kwargs: Any) -> None:
        forms.ModelForm.__init__(self, *args, **kwargs)
        self.instance.problem = problem
        self.set_up(problem.plan.municipality, years)


class ProblemEvidenceSet(forms.BaseInlineFormSet):
    def clean(self) -> None:
        super().clean()
        kept = [
            form
            for form in self.forms
            if hasattr(form, "cleaned_data")
            and form.cleaned_data
            and not (self.can_delete and form.cleaned_data.get("DELETE"))
        ]
        if not kept and not any(form.errors for form in self.forms):
            raise ValidationError(
                _("A prioritised problem needs at least one figure from the lägesbild that shows it."),
                code="no_evidence",
            )


ProblemEvidences = forms.inlineformset_factory(
    Problem, Evidence, form=ProblemEvidenceForm, formset=ProblemEvidenceSet, extra=2, can_delete=True
)


class CauseAnalysisForm(Scrubbed, InLanguages, forms.ModelForm):
    """The problem-analysis triangle with those who can act on each side, the sources, and the
    public summary, which residents read only once the analyst ticks that it may be published."""

    scrubbed = CauseAnalysis.INTERNAL
    texts = ("public_summary",)
    optional = ("public_summary",)

    class Meta:
        model = CauseAnalysis
        fields = [*CauseAnalysis.INTERNAL, *in_languages("public_summary"), "summary_is_public"]
        widgets = {name: forms.Textarea(attrs={"rows": 3}) for name in CauseAnalysis.INTERNAL}

    SIDES = (
        ("offender", _("The offender"), ("offender_known", "offender_assumed", "handlers")),
        ("target", _("The target or victim"), ("target_known", "target_assumed", "guardians")),
        ("place", _("The place"), ("place_known", "place_assumed", "place_managers")),
    )

    def __init__(self, *args: Any, problem: Problem, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.problem = problem
        self.set_up_texts()

    def sides(self) -> list[tuple[str, Any, list[forms.BoundField]]]:
        return [(key, label, [self[name] for name in names]) for key, label, names in self.SIDES]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        municipality = self.instance.problem.plan.municipality
        self.scrub_texts(municipality)
        places = place_names(municipality.pk)
        for name in in_languages("public_summary"):
            if data.get(name):
                data[name] = scrub(data[name], places)
        if data.get("summary_is_public") and not (data.get("public_summary_sv") or "").strip():
            self.add_error(
                "public_summary_sv", _("Write the public summary in Swedish before you make it public.")
            )
        return data


class MeasureForm(Scrubbed, forms.ModelForm):
    """A promise's activity as a measure of the action plan: the problem it answers, resources
    and expected effect; who is responsible too while the promise can still change (from its
    adoption on, the promise's activities and their parties are frozen)."""

    scrubbed = ("resources", "expected_effect")

    class Meta:
        model = Activity
        fields = ["problem", "responsible", "resources", "expected_effect"]
        widgets = {
            "responsible": forms.CheckboxSelectMultiple,
            "resources": forms.Textarea(attrs={"rows": 3}),
            "expected_effect": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, plan: ActionPlan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        promise = self.instance.promise
        limit_choices(self, problem=plan.problems.order_by("order", "pk"))
        if promise.is_editable:
            limit_choices(self, responsible=promise.municipality.organisations.order_by("kind", "name"))
        else:
            del self.fields["responsible"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self.scrub_texts(self.instance.promise.municipality)
        responsible = (
            data.get("responsible") if "responsible" in self.fields else list(self.instance.responsible.all())
        )
        if responsible_missing(data.get("problem"), responsible):
            self.add_error("responsible" if "responsible" in self.fields else "problem", RESPONSIBLE_NEEDED)
        return data


class PlanDecisionForm(DecisionForm):
    """The decision on the plan as it now reads: body and date needed, no date in the future."""

    class Meta(DecisionForm.Meta):
        model = ActionPlanVersion


class AgreementForm(Scrubbed, forms.ModelForm):
    """The agreement's terms and the measures both parties commit to, before it is signed."""

    scrubbed = ("terms",)

    class Meta:
        model = Agreement
        fields = ["terms", "measures"]
        widgets = {"terms": forms.Textarea(attrs={"rows": 5}), "measures": forms.CheckboxSelectMultiple}

    def __init__(self, *args: Any, measures: QuerySet[Activity], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, measures=measures)
        field: Any = self.fields["measures"]
        field.label_from_instance = lambda activity: (
            activity.title if activity.public else _("%(title)s (internal)") % {"title": activity.title}
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self.scrub_texts(self.instance.plan.municipality)
        kinds = {Organisation.Kind.POLICE: False, Organisation.Kind.KOMMUN: False}
        for measure in data.get("measures") or []:
            for organisation in measure.responsible.all():
                if organisation.kind in kinds:
                    kinds[organisation.kind] = True
        if data.get("measures") and not all(kinds.values()):
            self.add_error(
                "measures",
                _(
                    "The measures the parties commit to together need both the police and the kommun "
                    "among those responsible."
                ),
            )
        return data


class SigningForm(SignaturesForm):
    """The two signatures of the agreement, both needed, no date in the future."""

    class Meta:
        model = Agreement
        fields = list(Signatures.SIGNATURE_FIELDS)
        widgets = SIGNATURE_WIDGETS

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.instance.pk is None or not self.instance.measures.exists():
            self.add_error(
                None, _("List the measures both parties commit to before the agreement is signed.")
            )
        return data
