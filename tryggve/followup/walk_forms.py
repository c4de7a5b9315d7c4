"""Forms of a safety walk: planning it, findings, measures and a repeat walk's verdicts."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tryggve.core.forms import limit_choices, name_empty_choices
from tryggve.core.models import Area, Municipality, Organisation
from tryggve.core.photos import PhotoField, without_metadata
from tryggve.core.scrub import scrub
from tryggve.inputs.forms import add_participant_fields, participant_fields, participants
from tryggve.promises.models import Activity

from .models import Finding, Measure, Revisit, SafetyWalk


class WalkForm(forms.ModelForm):
    class Meta:
        model = SafetyWalk
        fields = ["walk_on", "area", "route", "route_line", "activity", "repeat_of"]
        widgets = {
            "walk_on": forms.DateInput(attrs={"type": "date"}),
            "route": forms.Textarea(attrs={"rows": 3}),
            "route_line": forms.HiddenInput,
        }

    def __init__(
        self, *args: Any, municipality: Municipality, activities: QuerySet[Activity], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(
            self,
            area=Area.objects.filter(municipality=municipality).order_by("name"),
            activity=activities,
            repeat_of=SafetyWalk.objects.filter(municipality=municipality),
        )
        add_participant_fields(self, self.instance.participants)

    def participant_fields(self) -> list[forms.BoundField]:
        return participant_fields(self)

    def plan_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.Meta.fields if name != "route_line"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self.instance.participants = participants(data)
        return data


class FindingForm(forms.ModelForm):
    prefix = "pin-1"  # the survey's map script fills pin-1-lat and pin-1-lng

    lat = forms.FloatField(required=False, widget=forms.HiddenInput)
    lng = forms.FloatField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = Finding
        fields = ["kind", "place", "description", "photo"]
        field_classes = {"photo": PhotoField}
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "photo": _(
                "Optional. Its metadata (position, camera, time) is removed. No people in the picture."
            )
        }

    def __init__(self, *args: Any, places: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.places = places
        name_empty_choices(self)

    def clean_description(self) -> str:
        return scrub(self.cleaned_data["description"], self.places)

    def clean_photo(self) -> Any:
        photo = self.cleaned_data.get("photo")
        return without_metadata(photo) if photo else photo

    def save(self, commit: bool = True) -> Finding:
        finding: Finding = super().save(commit=False)
        finding.latitude, finding.longitude = self.cleaned_data.get("lat"), self.cleaned_data.get("lng")
        if commit:
            finding.save()
        return finding


class MeasureForm(forms.ModelForm):
    class Meta:
        model = Measure
        fields = ["finding", "organisation", "action", "due"]
        labels = {"finding": _("Finding")}
        widgets = {"due": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args: Any, walk: SafetyWalk, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(
            self,
            finding=walk.findings.exclude(kind=Finding.Kind.SAFE_PLACE),
            organisation=Organisation.objects.filter(municipalities=walk.municipality),
        )


class MeasureStatusForm(forms.ModelForm):
    class Meta:
        model = Measure
        fields = ["status", "reason", "done_on"]
        widgets = {"done_on": forms.DateInput(attrs={"type": "date"})}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("status") == Measure.Status.REJECTED and not data.get("reason"):
            self.add_error(
                "reason", ValidationError(_("Say why the measure is rejected: the protocol shows it."))
            )
        if data.get("status") == Measure.Status.DONE:
            data["done_on"] = data.get("done_on") or timezone.localdate()
            self.instance.done_on = data["done_on"]
        if data.get("done_on") and data["done_on"] > timezone.localdate():
            self.add_error("done_on", ValidationError(_("The date cannot be in the future.")))
        return data


class RevisitForm(forms.ModelForm):
    class Meta:
        model = Revisit
        fields = ["finding", "verdict", "note"]
        labels = {"finding": _("Finding")}

    def __init__(self, *args: Any, walk: SafetyWalk, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        earlier = walk.repeat_of.findings.all() if walk.repeat_of else Finding.objects.none()
        limit_choices(self, finding=earlier)
