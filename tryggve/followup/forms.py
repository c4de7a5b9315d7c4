from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tryggve.core.areas import place_names
from tryggve.core.forms import limit_choices
from tryggve.core.models import Area, Municipality
from tryggve.core.scrub import scrub
from tryggve.promises.models import Activity

from .models import ActivityLog


class LogForm(forms.ModelForm):
    """What an owner fills in on a phone: the activity, the day (today), where, and how much."""

    class Meta:
        model = ActivityLog
        fields = ["activity", "done_on", "area", "quantity", "people_met", "note"]
        widgets = {"done_on": forms.DateInput(attrs={"type": "date"})}

    def __init__(
        self, *args: Any, municipality: Municipality, activities: QuerySet[Activity], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, activity=activities)
        self.fields["activity"].label_from_instance = _activity_label  # type: ignore[attr-defined]
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


def _activity_label(activity: Activity) -> str:
    return f"{activity.title} ({activity.promise.period}, {activity.get_unit_display()})"
