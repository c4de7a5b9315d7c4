from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, render
from django.templatetags.static import static

from tryggve.core.colours import HEX_COLOUR
from tryggve.core.languages import made_in_every_language
from tryggve.core.models import DEFAULT_COLOUR, Municipality
from tryggve.situation import report_public
from tryggve.surveys.models import Survey


def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico on pages that name no icon (the admin, the API's docs)."""
    return HttpResponsePermanentRedirect(static("public/favicon.svg"))


def index(request: HttpRequest) -> HttpResponse:
    return render(request, "public/index.html", {"municipalities": Municipality.objects.all()})


@made_in_every_language
def municipality_home(request: HttpRequest, municipality: str) -> HttpResponse:
    place = get_object_or_404(Municipality, slug=municipality)
    surveys = Survey.objects.open_now().filter(municipality=place)
    return render(
        request,
        "public/municipality_home.html",
        {
            "municipality": place,
            "open_surveys": surveys,
            "report_year": report_public.newest_decided_year(place),
        },
    )


def privacy(request: HttpRequest, municipality: str) -> HttpResponse:
    place = get_object_or_404(Municipality, slug=municipality)
    return render(
        request,
        "public/privacy.html",
        {
            "municipality": place,
            "retention_days": settings.INCIDENT_RETENTION_DAYS,
            "draft_hours": settings.SURVEY_DRAFT_HOURS,
        },
    )


def accessibility(request: HttpRequest, municipality: str) -> HttpResponse:
    place = get_object_or_404(Municipality, slug=municipality)
    return render(request, "public/accessibility.html", {"municipality": place})


def theme(request: HttpRequest, municipality: str) -> HttpResponse:
    """The municipality's colours as CSS, so pages need no inline styles."""
    place = get_object_or_404(Municipality, slug=municipality)
    # Colours are validated on save; anything else falls back so no stray text reaches the CSS.
    colours = {
        "primary": place.primary_colour if HEX_COLOUR.match(place.primary_colour) else DEFAULT_COLOUR,
        "link": place.link_colour if HEX_COLOUR.match(place.link_colour) else DEFAULT_COLOUR,
    }
    response = render(request, "public/theme.css", colours, content_type="text/css")
    response["Cache-Control"] = "public, max-age=300"
    return response
