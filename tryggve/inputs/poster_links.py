"""The report form's address on a poster: preset for an area or a point, and read back.

A poster's QR code opens `/<kommun>/rapportera/` (in the poster's language) with the query
parameters `omrade` (an area's id), `lat` and `lng` (a point, five decimals: about a metre) and
`plats` (the place in words). `link` writes them; `Preset` checks them when the form opens: an
area of another municipality, a point outside this one, half a point or a number that is none
is refused with a message, and the form then opens empty. Nothing of them is stored but what
the resident sends.
"""

from typing import Any
from urllib.parse import urlencode

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest, QueryDict
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from tryggve.core.areas import place_names
from tryggve.core.models import Area, Municipality
from tryggve.core.scrub import scrub

from .forms import locate

AREA, LATITUDE, LONGITUDE, PLACE = "omrade", "lat", "lng", "plats"
PARAMETERS = (AREA, LATITUDE, LONGITUDE, PLACE)
DECIMALS = 5


def link(
    request: HttpRequest,
    municipality: Municipality,
    language: str,
    area: Area | None = None,
    point: tuple[float, float] | None = None,
    place: str = "",
) -> str:
    """The report form's full address in the language, preset for the area or the point."""
    with translation.override(language):
        path = reverse("inputs:report_place", args=[municipality.slug])
    query: dict[str, str] = {}
    if area is not None:
        query[AREA] = str(area.pk)
    if point is not None:
        query[LATITUDE], query[LONGITUDE] = (f"{value:.{DECIMALS}f}" for value in point)
    if place:
        query[PLACE] = place
    return request.build_absolute_uri(path + (f"?{urlencode(query)}" if query else ""))


class Preset(forms.Form):
    """The query parameters of a poster's link, checked against the municipality."""

    omrade = forms.ModelChoiceField(
        queryset=Area.objects.none(),
        required=False,
        error_messages={"invalid_choice": _("The link names an area that is not in this municipality.")},
    )
    lat = forms.FloatField(
        required=False,
        min_value=-90,
        max_value=90,
        error_messages={"invalid": _("The link's place is not a position on the map.")},
    )
    lng = forms.FloatField(
        required=False,
        min_value=-180,
        max_value=180,
        error_messages={"invalid": _("The link's place is not a position on the map.")},
    )
    plats = forms.CharField(required=False, max_length=200)

    def __init__(self, query: QueryDict, *, municipality: Municipality) -> None:
        super().__init__({name: query.get(name, "") for name in PARAMETERS})
        self.municipality = municipality
        self.everywhere = list(Area.objects.filter(municipality=municipality))
        self.fields[AREA].queryset = Area.objects.filter(municipality=municipality)  # type: ignore[attr-defined]

    def clean_plats(self) -> str:
        return scrub(self.cleaned_data["plats"], place_names(self.municipality.pk))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        latitude, longitude = data.get(LATITUDE), data.get(LONGITUDE)
        if (latitude is None) != (longitude is None) and not self.errors:
            raise ValidationError(_("The link's place is not a position on the map."))
        if latitude is not None and longitude is not None:
            try:
                data[AREA] = locate(self.everywhere, self.everywhere, data.get(AREA), latitude, longitude)
            except ValidationError as error:
                raise ValidationError(_("The link's place is outside the municipality.")) from error
        return data

    def chosen(self) -> dict[str, Any]:
        """What the report form starts from: nothing unless every parameter is sound."""
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        # The form's area is a choice of keys (it reads the areas once for every resident).
        area = data[AREA].pk if data[AREA] is not None else None
        found = {"area": area, "lat": data[LATITUDE], "lng": data[LONGITUDE], "place": data[PLACE]}
        return {name: value for name, value in found.items() if value not in (None, "")}

    def problems(self) -> list[str]:
        return [str(error) for errors in self.errors.values() for error in errors] if self.is_bound else []


def asks_for_preset(query: QueryDict) -> bool:
    return any(name in query for name in PARAMETERS)
