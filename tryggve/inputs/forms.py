"""Forms for incident reports, dialogues, the weekly meeting and the quarterly priorities.

The rules a report must meet live in `locate` and `check_time`, shared with the CSV import.
"""

import uuid
from datetime import datetime, timedelta
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tryggve.core.areas import area_at, place_names
from tryggve.core.forms import limit_choices
from tryggve.core.geojson import contains
from tryggve.core.models import Area, Municipality, Organisation
from tryggve.core.scrub import scrub

from .est import PRIORITISED_AREAS
from .models import Category, Dialogue, Topic

MAX_DESCRIPTION = 500
# Clocks on phones drift; a report a few minutes "ahead" is not from the future.
CLOCK_SLACK = timedelta(minutes=10)


def check_time(moment: datetime) -> None:
    if moment > timezone.now() + CLOCK_SLACK:
        raise ValidationError(_("The time cannot be in the future."))


def locate(
    everywhere: list[Area],
    allowed: list[Area],
    area: Area | None,
    latitude: float | None,
    longitude: float | None,
) -> Area:
    """The area a report belongs to: where its pin lies, or the area chosen.

    `everywhere` is every area of the municipality, `allowed` those the reporter reports for.
    A pin must lie inside the municipality (when it has outlines at all).
    """
    if latitude is not None and longitude is not None:
        district = area_at(everywhere, latitude, longitude)
        outline = next((a for a in everywhere if a.kind == Area.Kind.MUNICIPALITY and a.geometry), None)
        inside = (
            district is not None
            or (outline is not None and contains(outline.geometry, longitude, latitude))
            or not any(a.geometry for a in everywhere)
        )
        if not inside:
            raise ValidationError(_("The place on the map is outside the municipality."))
        area = district or area or outline
    if area is None:
        raise ValidationError(_("Choose an area, or mark the place on the map."))
    if area not in allowed:
        raise ValidationError(_("You do not report for %(area)s.") % {"area": area})
    return area


class IncidentForm(forms.Form):
    # The names fit the map script of the survey's place question (`pin-1-lat`, …).
    prefix = "pin-1"

    category: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=Category.objects.none(), label=_("What")
    )
    happened_at = forms.DateTimeField(
        label=_("When"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"],
    )
    area = forms.ModelChoiceField(
        queryset=Area.objects.none(),
        required=False,
        label=_("Area"),
        help_text=_("Not needed when you mark the place on the map."),
    )
    address = forms.CharField(
        label=_("Address or place"),
        max_length=200,
        required=False,
        help_text=_("E.g. the entrance at Andersbergsringen 10, or the playground."),
    )
    lat = forms.FloatField(required=False, widget=forms.HiddenInput)
    lng = forms.FloatField(required=False, widget=forms.HiddenInput)
    submission = forms.UUIDField(widget=forms.HiddenInput)
    description = forms.CharField(
        label=_("Short description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": MAX_DESCRIPTION}),
        help_text=_(
            "Describe what you saw, not who: never write names, descriptions of people, "
            "registration numbers or phone numbers."
        ),
    )

    def __init__(self, *args: Any, municipality: Municipality, areas: QuerySet[Area], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.allowed = list(areas)
        self.everywhere = list(Area.objects.filter(municipality=municipality))
        self.places = place_names(municipality.pk)
        active = Category.objects.filter(municipality=municipality, active=True)
        limit_choices(self, category=active, area=areas.order_by("name"))
        self.fields["happened_at"].initial = timezone.localtime().replace(second=0, microsecond=0)
        self.fields["submission"].initial = uuid.uuid4()

    def clean_happened_at(self) -> datetime:
        moment: datetime = self.cleaned_data["happened_at"]
        check_time(moment)
        return moment

    def clean_description(self) -> str:
        text = self.cleaned_data["description"]
        if len(text) > MAX_DESCRIPTION:
            raise ValidationError(
                _("Keep the description to %(max)s characters (it has %(length)s)."),
                params={"max": MAX_DESCRIPTION, "length": len(text)},
            )
        return scrub(text, self.places)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "area" in data:
            try:
                data["area"] = locate(
                    self.everywhere, self.allowed, data.get("area"), data.get("lat"), data.get("lng")
                )
            except ValidationError as error:
                self.add_error("area", error)
        return data


class RedactForm(forms.Form):
    description = forms.CharField(
        label=_("Description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Remove anything that could identify a person. The change cannot be undone."),
    )
    address = forms.CharField(label=_("Address or place"), max_length=200, required=False)

    def __init__(self, *args: Any, places: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.places = places

    def clean_description(self) -> str:
        return scrub(self.cleaned_data["description"], self.places)


def add_participant_fields(form: forms.BaseForm, counted: dict[str, int] | None) -> None:
    """A number field per participant group: people are counted, approximately, never named."""
    for group, label in Dialogue.PARTICIPANT_GROUPS:
        form.fields[f"participants_{group}"] = forms.IntegerField(
            label=label, min_value=0, max_value=100_000, required=False, initial=(counted or {}).get(group)
        )


def participant_fields(form: forms.BaseForm) -> list[forms.BoundField]:
    return [form[f"participants_{group}"] for group, _label in Dialogue.PARTICIPANT_GROUPS]


def participants(data: dict[str, Any]) -> dict[str, int]:
    return {
        group: data[f"participants_{group}"]
        for group, _label in Dialogue.PARTICIPANT_GROUPS
        if data.get(f"participants_{group}")
    }


class DialogueForm(forms.ModelForm):
    class Meta:
        model = Dialogue
        fields = ["kind", "held_on", "area", "place", "format", "organisers", "topics", "raised", "requests"]
        widgets = {
            "held_on": forms.DateInput(attrs={"type": "date"}),
            "organisers": forms.CheckboxSelectMultiple,
            "topics": forms.CheckboxSelectMultiple,
            "raised": forms.Textarea(attrs={"rows": 4}),
            "requests": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "raised": _("In your own words; personal data is removed before it is stored."),
        }

    def __init__(self, *args: Any, municipality: Municipality, areas: QuerySet[Area], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(
            self,
            area=areas.order_by("name"),
            organisers=Organisation.objects.filter(municipalities=municipality),
            topics=Topic.objects.filter(municipality=municipality, active=True),
        )
        add_participant_fields(self, self.instance.participants)
        self.places = place_names(municipality.pk)

    def participant_fields(self) -> list[forms.BoundField]:
        return participant_fields(self)

    def clean_held_on(self) -> Any:
        held_on = self.cleaned_data["held_on"]
        if held_on > timezone.localdate():
            raise ValidationError(_("The date cannot be in the future."))
        return held_on

    def clean_raised(self) -> str:
        return scrub(self.cleaned_data["raised"], self.places)

    def clean_requests(self) -> str:
        return scrub(self.cleaned_data["requests"], self.places)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self.instance.participants = participants(data)
        return data


class MeetingForm(forms.Form):
    decisions = forms.CharField(label=_("Decisions"), widget=forms.Textarea(attrs={"rows": 4}))
    feedback = forms.CharField(
        label=_("Feedback to reporters"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("E-mailed to everyone who reported in the week, and shown on this page."),
    )


class PriorityForm(forms.Form):
    areas = forms.ModelMultipleChoiceField(
        queryset=Area.objects.none(), widget=forms.CheckboxSelectMultiple, label=_("Areas to prioritise")
    )
    reasoning = forms.CharField(label=_("Reasoning"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, areas: QuerySet[Area], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, areas=areas.order_by("name"))

    def clean_areas(self) -> Any:
        chosen = self.cleaned_data["areas"]
        if len(chosen) > PRIORITISED_AREAS:
            raise ValidationError(
                _("Choose at most %(n)s areas: priorities are few by design."),
                params={"n": PRIORITISED_AREAS},
            )
        return chosen


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_("Columns id,category,happened_at,area,latitude,longitude,address,description."),
    )
