"""Forms for the residents' place reports: the resident's own (anonymous, works without
JavaScript) and the staff's moderation, routing and answer forms.

Every free text is scrubbed (`core.scrub`) before it is stored; the place is found by
`inputs.forms.locate`, as for incident reports; a photo is re-encoded without its metadata
(`core.photos`).
"""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from tryggve.core.areas import known_places
from tryggve.core.forms import limit_choices, name_empty_choices
from tryggve.core.models import Area, Municipality, Organisation
from tryggve.core.photos import PhotoField, without_metadata
from tryggve.core.scrub import scrub

from .forms import locate
from .models import PlaceKind, PlaceReport

MAX_DESCRIPTION = 1000
MAX_PUBLIC_TEXT = 1000


def _within(text: str, most: int) -> str:
    if len(text) > most:
        raise ValidationError(
            _("Keep the text to %(max)s characters (it has %(length)s)."),
            params={"max": most, "length": len(text)},
        )
    return text


class PlaceReportForm(forms.Form):
    """What a resident tells of a place. The names fit the map script of the survey's place
    question (`pin-1-lat`, …), so the map works as it does there; without it, an area and words."""

    prefix = "pin-1"

    kind = forms.ChoiceField(label=_("What is it about?"), choices=[("", ""), *PlaceKind.choices])
    # The municipality's areas, read once into `everywhere` for the list, the check and the map
    # (a model-choice field would read them twice more): the form is every resident's.
    area = forms.TypedChoiceField(
        choices=[],
        coerce=int,
        empty_value=None,
        required=False,
        label=_("Area"),
        help_text=_("Not needed when you mark the place on the map."),
    )
    place = forms.CharField(
        label=_("The place in words"),
        max_length=200,
        required=False,
        help_text=_("E.g. the tunnel under the railway at the school, or the lamp at the playground."),
    )
    lat = forms.FloatField(required=False, widget=forms.HiddenInput)
    lng = forms.FloatField(required=False, widget=forms.HiddenInput)
    description = forms.CharField(
        label=_("Short description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": MAX_DESCRIPTION}),
        help_text=_(
            "Describe the place, not people: never write names, phone numbers or e-mail addresses; "
            "such details are removed."
        ),
    )
    photo = PhotoField(
        label=_("Photo (optional)"),
        required=False,
        help_text=_("JPEG, PNG or WebP, at most 15 MB. The photo's position and time are removed."),
    )
    email = forms.EmailField(
        label=_("Your e-mail address, to hear of the status (optional)"),
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_(
            "Only for e-mails saying the report's new status, with a link. Kept apart from the report, "
            "never shown to staff, deleted when the case is closed and after 90 days at the latest."
        ),
    )

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.municipality = municipality
        if self.data.get(self.add_prefix("lat")) and self.data.get(self.add_prefix("lng")):
            # The outlines only place a marked point, so they are read for it.
            self.everywhere = list(Area.objects.filter(municipality=municipality).order_by("name"))
        else:
            # The form shown, or sent with an area: the names kept in this process suffice.
            self.everywhere = list(known_places(municipality).areas)
        self.fields["area"].choices = [("", ""), *((a.pk, str(a)) for a in self.everywhere)]  # type: ignore[attr-defined]
        name_empty_choices(self)

    @property
    def places(self) -> tuple[str, ...]:
        """The names scrubbing keeps (kept in this process with the areas)."""
        return known_places(self.municipality).names

    def clean_area(self) -> Area | None:
        chosen = self.cleaned_data["area"]
        return next((area for area in self.everywhere if area.pk == chosen), None)

    def clean_place(self) -> str:
        return scrub(self.cleaned_data["place"], self.places)

    def clean_description(self) -> str:
        return scrub(_within(self.cleaned_data["description"], MAX_DESCRIPTION), self.places)

    def clean_photo(self) -> Any:
        photo = self.cleaned_data.get("photo")
        return without_metadata(photo) if photo else None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "area" in data:
            try:
                data["area"] = locate(
                    self.everywhere, self.everywhere, data.get("area"), data.get("lat"), data.get("lng")
                )
            except ValidationError as error:
                self.add_error("area", error)
        if data.get("lat") is None or data.get("lng") is None:
            data["lat"] = data["lng"] = None
        return data


class HideForm(forms.Form):
    reason = forms.CharField(
        label=_("Why it is hidden"),
        max_length=200,
        help_text=_("E.g. abuse, or personal data in the photo. Hidden reports are never public."),
    )


class MergeForm(forms.Form):
    duplicate_of = forms.TypedChoiceField(label=_("The same place as report"), coerce=int, choices=[])

    def __init__(self, *args: Any, report: PlaceReport, candidates: list[PlaceReport], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", ""), *((other.pk, f"{other} ({other.pk})") for other in candidates)]
        self.fields["duplicate_of"].choices = choices  # type: ignore[attr-defined]
        name_empty_choices(self)


class PublicTextForm(forms.Form):
    public_text = forms.CharField(
        label=_("Text that may be published"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Edit away anything that could identify a person; nothing is public until approved."),
    )
    approved = forms.BooleanField(label=_("Approved for publication"), required=False)

    def __init__(self, *args: Any, places: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.places = places

    def clean_public_text(self) -> str:
        return scrub(_within(self.cleaned_data["public_text"], MAX_PUBLIC_TEXT), self.places)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("approved") and not data.get("public_text"):
            self.add_error("public_text", ValidationError(_("Write the text before you approve it.")))
        return data


class RouteForm(forms.Form):
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(), label=_("Responsible organisation")
    )
    due = forms.DateField(label=_("Due date"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(
            self, organisation=Organisation.objects.filter(municipalities=municipality).order_by("name")
        )


class CaseForm(forms.Form):
    """The responsible organisation's status and public answer."""

    status = forms.ChoiceField(
        label=_("Status"), choices=[c for c in PlaceReport.Status.choices if c[0] != PlaceReport.Status.NEW]
    )
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False)
    answer = forms.CharField(
        label=_("Answer to the resident"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Shown with the report once it is public. Never write names."),
    )

    def __init__(self, *args: Any, places: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.places = places

    def clean_answer(self) -> str:
        return scrub(_within(self.cleaned_data["answer"], MAX_PUBLIC_TEXT), self.places)

    def clean_reason(self) -> str:
        return scrub(self.cleaned_data["reason"], self.places)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("status") == PlaceReport.Status.NOT_DONE and not data.get("reason"):
            self.add_error("reason", ValidationError(_("Say why it will not be done: the resident is told.")))
        return data
