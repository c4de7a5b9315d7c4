"""Posters for the place report form: the analysts choose an area or a point (on the map, or an
area and words without JavaScript), the language and the file, and download a PDF or an SVG
whose QR code opens the form preset for that place (`poster_links`, drawn by `poster_files`)."""

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from tryggve.core.access import holds_role
from tryggve.core.areas import place_names
from tryggve.core.files import attachment
from tryggve.core.forms import limit_choices
from tryggve.core.maps import map_settings
from tryggve.core.models import Area, Municipality
from tryggve.core.roles import PRINT_PLACE_POSTERS
from tryggve.core.scrub import scrub

from . import poster_files
from .forms import locate
from .poster_links import link

PDF, SVG = "pdf", "svg"
TYPES = {PDF: "application/pdf", SVG: "image/svg+xml"}


class PosterForm(forms.Form):
    """The place a poster is for, its language and its file. Named as the report form's, so the
    map script of the survey's place question marks the point (`pin-1-lat`, …)."""

    prefix = "pin-1"

    area = forms.ModelChoiceField(
        queryset=Area.objects.none(),
        required=False,
        label=_("Area"),
        help_text=_("The form opens with this area chosen. Not needed when you mark the place on the map."),
    )
    place = forms.CharField(
        label=_("The place in words"),
        max_length=100,
        required=False,
        help_text=_("Printed on the poster and filled in on the form, e.g. the tunnel at the station."),
    )
    lat = forms.FloatField(required=False, widget=forms.HiddenInput)
    lng = forms.FloatField(required=False, widget=forms.HiddenInput)
    language = forms.ChoiceField(label=_("Language of the poster and the form"), choices=settings.LANGUAGES)
    file = forms.ChoiceField(
        label=_("File"),
        choices=[(PDF, _("PDF, to print")), (SVG, _("SVG, to edit or print large"))],
        widget=forms.RadioSelect,
    )

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.municipality = municipality
        self.everywhere = list(Area.objects.filter(municipality=municipality))
        limit_choices(self, area=Area.objects.filter(municipality=municipality).order_by("name"))

    def clean_place(self) -> str:
        return scrub(self.cleaned_data["place"], place_names(self.municipality.pk))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        latitude, longitude = data.get("lat"), data.get("lng")
        if latitude is None or longitude is None:
            data["lat"] = data["lng"] = None
        elif "area" in data:
            try:
                data["area"] = locate(self.everywhere, self.everywhere, data["area"], latitude, longitude)
            except ValidationError as error:
                self.add_error("area", error)
        return data


@login_required
def place_posters(request: HttpRequest, municipality: str) -> HttpResponse:
    """The poster form; with `skapa` in the query, the poster itself as a download."""
    place = get_object_or_404(Municipality, slug=municipality)
    if not holds_role(request.user, place.pk, *PRINT_PLACE_POSTERS):
        raise PermissionDenied
    asked = "skapa" in request.GET
    form = PosterForm(
        request.GET if asked else None, municipality=place, initial={"language": "sv", "file": PDF}
    )
    if asked and form.is_valid():
        data = form.cleaned_data
        point = (data["lat"], data["lng"]) if data["lat"] is not None else None
        address = link(request, place, data["language"], data["area"], point, data["place"])
        shown = data["place"] or (str(data["area"]) if data["area"] else "")
        drawn = poster_files.poster(place, data["language"], address, shown)
        kind = data["file"]
        if kind == PDF:
            content = poster_files.pdf(drawn, address)
        else:
            content = poster_files.svg(drawn, address).encode()
        name = "-".join(filter(None, ["affisch", place.slug, slugify(shown), data["language"]]))
        return attachment(content, TYPES[kind], f"{name}.{kind}")
    return render(
        request,
        "inputs/place_posters.html",
        {"municipality": place, "form": form, "map": map_settings(place)},
        status=400 if form.errors else 200,
    )
