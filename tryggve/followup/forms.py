from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tryggve.core.areas import place_names
from tryggve.core.forms import (
    LANGUAGES,
    DecisionForm,
    InLanguages,
    PartyCommentForm,
    in_languages,
    limit_choices,
)
from tryggve.core.models import Area, Municipality
from tryggve.core.numbers import whole_number
from tryggve.core.scrub import scrub
from tryggve.promises.models import Activity

from .indicators import check
from .models import (
    ActivityLog,
    FollowupReport,
    FollowupReportComment,
    FollowupReportVersion,
    Indicator,
    MeasureNote,
)


class LogForm(forms.ModelForm):
    """What an owner fills in on a phone: the activity, the day (today), where, and how much."""

    class Meta:
        model = ActivityLog
        fields = ["activity", "done_on", "area", "quantity", "people_met", "note"]
        widgets = {"done_on": forms.DateInput(attrs={"type": "date"})}

    def __init__(
        self,
        *args: Any,
        municipality: Municipality,
        activities: QuerySet[Activity],
        listed: QuerySet[Activity] | None = None,
        **kwargs: Any,
    ) -> None:
        """`activities`: those the user may log; `listed`: those offered (the chosen day's), with
        the one already chosen."""
        super().__init__(*args, **kwargs)
        limit_choices(self, activity=activities)
        self.fields["activity"].label_from_instance = _activity_label  # type: ignore[attr-defined]
        if listed is not None:
            shown = set(listed.values_list("pk", flat=True))
            chosen = whole_number(str(self["activity"].value() or ""))
            if chosen is not None:
                shown.add(chosen)
            offered = activities.filter(pk__in=shown).select_related("promise__cycle")
            self.fields["activity"].widget.choices = [
                ("", _("Choose …")),
                *(
                    (activity.pk, _activity_label(activity))
                    for activity in offered.order_by(
                        "-promise__cycle__year", "promise__revision", "order", "pk"
                    )
                ),
            ]
        limit_choices(self, area=Area.objects.filter(municipality=municipality).order_by("name"))
        self.places = place_names(municipality.pk)
        self.fields["done_on"].initial = timezone.localdate
        for name in ("quantity", "people_met"):
            self.fields[name].widget.attrs["inputmode"] = "numeric"

    def clean_done_on(self) -> Any:
        done_on = self.cleaned_data["done_on"]
        if done_on > timezone.localdate():
            raise ValidationError(_("The date cannot be in the future."))
        return done_on

    def clean_note(self) -> str:
        return scrub(self.cleaned_data["note"], self.places)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        activity, done_on = data.get("activity"), data.get("done_on")
        if activity and done_on and not activity.first_day <= done_on <= activity.last_day:
            self.add_error(
                "done_on",
                _("The activity runs %(first)s – %(last)s.")
                % {"first": activity.first_day, "last": activity.last_day},
            )
        return data


class DayForm(forms.Form):
    """The day to log for: which activities the log form lists."""

    datum = forms.DateField(
        label=_("Day to log for"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def clean_datum(self) -> Any:
        day = self.cleaned_data["datum"]
        if day > timezone.localdate():
            raise ValidationError(_("The date cannot be in the future."))
        return day


def _activity_label(activity: Activity) -> str:
    return f"{activity.title} ({activity.promise.period}, {activity.get_unit_display()})"


class FollowupReportForm(InLanguages, forms.ModelForm):
    """The analysts' texts of the follow-up report, side by side in each language, the internal
    commentary, and what should change for each measure (`note_<activity id>`). Every text is
    scrubbed of personal data, the municipality's place names kept; a translation needs the
    Swedish text it translates."""

    texts = FollowupReport.TEXTS
    optional = FollowupReport.TEXTS

    class Meta:
        model = FollowupReport
        fields = [*in_languages(*FollowupReport.TEXTS), "internal_note"]
        widgets = {"internal_note": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, measures: list[Activity], notes: dict[int, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.set_up_texts()
        self.places = place_names(self.instance.municipality_id)
        self.measures = measures
        note_field = MeasureNote._meta.get_field("change")
        for activity in measures:
            self.fields[f"note_{activity.pk}"] = forms.CharField(
                label=_("What should change: %(measure)s") % {"measure": activity.title},
                required=False,
                max_length=note_field.max_length,
                initial=notes.get(activity.pk, ""),
                widget=forms.Textarea(attrs={"rows": 2, "maxlength": str(note_field.max_length)}),
            )

    def note_fields(self) -> list[tuple[Activity, forms.BoundField]]:
        return [(activity, self[f"note_{activity.pk}"]) for activity in self.measures]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name, value in list(data.items()):
            if isinstance(value, str):
                data[name] = scrub(value, self.places)
        for name in FollowupReport.TEXTS:
            translations = (data.get(f"{name}_{language.code}") or "" for language in LANGUAGES[1:])
            if any(text.strip() for text in translations) and not (data.get(f"{name}_sv") or "").strip():
                self.add_error(
                    f"{name}_sv",
                    _("Write the Swedish text first: the English and Arabic texts are translations of it."),
                )
        return data

    @transaction.atomic
    def save(self, commit: bool = True) -> FollowupReport:
        found = super().save()
        for activity in self.measures:
            text = self.cleaned_data.get(f"note_{activity.pk}", "").strip()
            if text:
                MeasureNote.objects.update_or_create(
                    report=found, activity=activity, defaults={"change": text}
                )
            else:
                MeasureNote.objects.filter(report=found, activity=activity).delete()
        return found


class FollowupDecisionForm(DecisionForm):
    """The decision on the follow-up report: body and date needed, no date in the future."""

    class Meta(DecisionForm.Meta):
        model = FollowupReportVersion


class FollowupCommentForm(PartyCommentForm):
    class Meta(PartyCommentForm.Meta):
        model = FollowupReportComment


class IndicatorForm(forms.ModelForm):
    """An indicator: a lägesbild figure (or the activity's log) with its baseline and target;
    `indicators.check` refuses a figure the baseline year's adopted lägesbild does not have."""

    class Meta:
        model = Indicator
        fields = ["activity", "kind", "code", "area", "baseline_year", "baseline", "target_year", "target"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors:
            candidate = Indicator(**{k: v for k, v in data.items() if k in self.Meta.fields})
            if "activity" not in self.Meta.fields:
                candidate.activity = self.instance.activity
            check(candidate)
        return data


class ActivityIndicatorForm(IndicatorForm):
    """One of an activity's indicators, on the activity's own page."""

    class Meta(IndicatorForm.Meta):
        fields = ["kind", "code", "area", "baseline_year", "baseline", "target_year", "target"]
        widgets = {"code": forms.TextInput(attrs={"list": "figure-codes", "autocomplete": "off"})}

    def __init__(self, *args: Any, activity: Activity, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.activity = activity
        limit_choices(self, area=Area.objects.filter(municipality_id=activity.promise.municipality_id))
        self.fields["area"].empty_label = _("Whole municipality")  # type: ignore[attr-defined]
        for name in ("baseline_year", "target_year"):
            self.fields[name].widget.attrs.update({"min": "2000", "max": "2100"})


ActivityIndicators = forms.inlineformset_factory(
    Activity, Indicator, form=ActivityIndicatorForm, extra=1, can_delete=True
)
