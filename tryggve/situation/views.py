"""Lägesbild pages: the live picture for analysts (choose focus areas, adopt it), the adopted and
published versions for everyone, and every table as CSV or Excel.

The live picture shows today's figures with small groups unhidden: compared before and after a
known person answers, it shows that person's answers. Only the municipality's analysts (the
kommun's and the police's) see it; every other role of the municipality is sent to the published
version of the year instead (see `sees_live_figures`)."""

from collections.abc import Mapping
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from tryggve.core.access import holds_role
from tryggve.core.files import CSV, XLSX, Sheet, attachment, csv_bytes, excel_csv_response, xlsx
from tryggve.core.languages import page_language
from tryggve.core.maps import map_settings
from tryggve.core.models import Area, Municipality
from tryggve.core.numbers import whole_number
from tryggve.core.roles import ANALYSE

from . import builder, collapsing, feedback, long_table, publication, shape, themes
from .forms import AdoptForm, FocusForm
from .models import ReportVersion, Situation


def _map(data: Mapping[str, Any], place: Municipality) -> dict[str, Any]:
    return {
        "map": builder.map_data(data, page_language()),
        "map_settings": map_settings(place),
    }


def _is_staff(request: HttpRequest, municipality: Municipality, *roles: str) -> bool:
    return holds_role(request.user, municipality.pk, *roles)


def sees_live_figures(request: HttpRequest, municipality: Municipality) -> bool:
    """Whether the user may see the working lägesbild, small groups unhidden: only those holding
    the analyst role in the municipality, whatever their organisation (kommun or police)."""
    return _is_staff(request, municipality, *ANALYSE)


def index(request: HttpRequest, municipality: str) -> HttpResponse:
    place = get_object_or_404(Municipality, slug=municipality)
    adopted = (
        Situation.objects.readable()
        .filter(municipality=place)
        .values("year")
        .annotate(version=Max("version"))
    )
    staff_years = (
        sorted(set(place.surveys.values_list("year", flat=True)), reverse=True)
        if sees_live_figures(request, place)
        else []
    )
    return render(
        request,
        "situation/index.html",
        {"municipality": place, "adopted": adopted.order_by("-year"), "staff_years": staff_years},
    )


def _adopted(request: HttpRequest, place: Municipality, year: int) -> Situation:
    """The version asked for (?version=), or the newest readable one. Internal and withdrawn
    versions are for the municipality's staff only: everyone else never finds an internal one,
    and is sent on from a withdrawn one (see `_replaced`)."""
    asked = request.GET.get("version")
    version = whole_number(asked, digits=5)
    if asked is not None and version is None:
        raise Http404
    found = Situation.objects.all() if version is not None else Situation.objects.readable()
    if not _is_staff(request, place):
        found = found.filter(public=True)
    situation = found.version_of(place, year, version)
    if situation is None:
        raise Http404(_("No lägesbild has been adopted for %(year)s yet.") % {"year": year})
    return situation


def withdrawn_notice(situation: Situation) -> str:
    return _(
        "Version %(version)s was withdrawn: version %(replaced_by)s replaced it, because read together "
        "their figures could reveal a small group."
    ) % {"version": situation.version, "replaced_by": situation.replaced_by}


def _replaced(request: HttpRequest, situation: Situation) -> HttpResponse | None:
    """For a withdrawn version, unless the user is staff: on to the version that replaced it."""
    if situation.replaced_by is None or _is_staff(request, situation.municipality):
        return None
    messages.info(request, withdrawn_notice(situation))
    return redirect(f"{request.path}?version={situation.replaced_by}")


def published(request: HttpRequest, municipality: str, year: int) -> HttpResponse:
    place = get_object_or_404(Municipality, slug=municipality)
    situation = _adopted(request, place, year)
    if (instead := _replaced(request, situation)) is not None:
        return instead
    versions = Situation.objects.filter(municipality=place, year=year).order_by("-version")
    if not _is_staff(request, place):
        versions = versions.readable()
    data = publication.public(situation.data)
    return render(
        request,
        "situation/published.html",
        {
            **_map(data, place),
            "municipality": place,
            "situation": situation,
            "withdrawn": withdrawn_notice(situation) if situation.replaced_by else "",
            "data": data,
            "versions": versions.only("version", "adopted_on", "decision"),
            "areas": place.areas.exclude(kind=Area.Kind.MUNICIPALITY).order_by("name"),
            "sees_live_figures": sees_live_figures(request, place),
            "has_report": situation.public
            and not situation.replaced_by
            and ReportVersion.objects.filter(report__situation=situation).exists(),
        },
    )


def area(request: HttpRequest, municipality: str, year: int, area: str) -> HttpResponse:
    """One area's story in the adopted lägesbild, beside the whole municipality."""
    place = get_object_or_404(Municipality, slug=municipality)
    found = get_object_or_404(Area, municipality=place, slug=area)
    situation = _adopted(request, place, year)
    if (instead := _replaced(request, situation)) is not None:
        return instead
    data = publication.public(situation.data)
    return render(
        request,
        "situation/area.html",
        {
            "municipality": place,
            "situation": situation,
            "area": found,
            "data": data,
            "story": builder.area_story(data, found.pk, found.name),
        },
    )


def published_table(request: HttpRequest, municipality: str, year: int, fmt: str) -> HttpResponseBase:
    place = get_object_or_404(Municipality, slug=municipality)
    situation = _adopted(request, place, year)
    if (instead := _replaced(request, situation)) is not None:
        return instead
    name = f"lagesbild-{place.slug}-{year}-v{situation.version}"
    data = publication.public(situation.data)
    return _download(data, fmt, name, _about(request, place, data, situation))


def _about(
    request: HttpRequest, place: Municipality, data: Mapping[str, Any], situation: Situation | None
) -> list[tuple[str, str]]:
    """The sheet *Om datan*: source, version, adoption, the small-group rule, rounding."""
    language = page_language()
    title = data["survey"]["title"]
    source = _("%(survey)s %(year)s, %(municipality)s; published with Tryggve.") % {
        "survey": title.get(language) or title.get("sv", ""),
        "year": data["year"],
        "municipality": place.official_name or place.name,
    }
    minimum = data.get("min_respondents")
    if situation is None:
        page = reverse("situation:staff", args=[place.slug, data["year"]])
        version = _("Working version for analysts, with today's figures (not adopted).")
        adopted = _("Not adopted.")
        small = _(
            "Small groups are shown here: “Hidden (small group)” = yes marks what published tables "
            "leave empty (fewer than %(minimum)s respondents, or a group that would reveal one)."
        ) % {"minimum": minimum}
    else:
        page = reverse("situation:published", args=[place.slug, situation.year])
        page += f"?version={situation.version}"
        version = str(situation.version)
        adopted = f"{date_format(situation.adopted_on, 'j F Y')} ({situation.decision})"
        small = _(
            "A group with fewer than %(minimum)s respondents is never published, nor a group that "
            "could be worked out from the others: its figures are empty and “Hidden (small group)” "
            "says yes."
        ) % {"minimum": minimum}
    return [
        (_("Source"), source),
        (_("Address"), request.build_absolute_uri(page)),
        (_("Version"), version),
        (pgettext("about the data", "Adopted"), adopted),
        (_("Small groups"), small),
        (
            _("Figures"),
            _(
                "Shares are weighted to the residents by area, sex and age band, with a 95 per cent "
                "confidence interval; changes of shares are in percentage points. Figures are "
                "rounded for reading: the CSV for programs (tabell.csv) has full precision."
            ),
        ),
        (_("Downloaded"), date_format(timezone.localdate(), "j F Y")),
    ]


def _download(data: Mapping[str, Any], fmt: str, name: str, about: list[tuple[str, str]]) -> HttpResponseBase:
    """The tables as the machine CSV, a CSV for Swedish Excel, or XLSX (the address allows only
    those three)."""
    language = page_language()
    if fmt == "excel":
        return excel_csv_response(
            f"{name}-excel.csv", long_table.people_header(), long_table.people_rows(data, language)
        )
    if fmt == "xlsx":
        sheet = Sheet(_("Lägesbild"), long_table.people_header(), long_table.people_rows(data, language))
        return attachment(xlsx([sheet], about), XLSX, f"{name}.xlsx")
    lines = long_table.rows(data, language)
    body = csv_bytes(long_table.COLUMNS, ([long_table.text(v) for v in row] for row in lines))
    return attachment(body, CSV, f"{name}.csv")


def _staff_place(request: HttpRequest, municipality: str) -> Municipality:
    """The municipality, if the user holds a role there (403 otherwise)."""
    place = get_object_or_404(Municipality, slug=municipality)
    if not _is_staff(request, place):
        raise PermissionDenied
    return place


def _published_instead(
    request: HttpRequest, place: Municipality, year: int, fmt: str | None = None
) -> HttpResponse:
    """What a staff member who is not an analyst gets for the working version: the published
    lägesbild of the year (its page, or its tables for a download), or the list of adopted years
    when none is adopted yet, with a message saying why. Adopting stays refused (403)."""
    if request.method not in ("GET", "HEAD"):
        raise PermissionDenied
    analysts_only = _(
        "The working version of the lägesbild, with today's figures and small groups visible, is for "
        "analysts only."
    )
    if Situation.objects.readable().version_of(place, year) is None:
        instead = _("No lägesbild has been adopted for %(year)s yet.") % {"year": year}
        messages.info(request, f"{analysts_only} {instead}")
        return redirect("situation:index", municipality=place.slug)
    if fmt is not None:
        return redirect("situation:published_table", municipality=place.slug, year=year, fmt=fmt)
    instead = _("This is the adopted lägesbild for %(year)s, as published.") % {"year": year}
    messages.info(request, f"{analysts_only} {instead}")
    return redirect("situation:published", municipality=place.slug, year=year)


def _live(request: HttpRequest, place: Municipality, year: int) -> tuple[Any, FocusForm, shape.Picture]:
    """The year's survey, the focus form and the live picture (for analysts only)."""
    survey = builder.survey_of_year(place.pk, year)
    if survey is None:
        raise Http404(_("There is no survey from %(year)s.") % {"year": year})
    focus = FocusForm(request.GET or None, municipality_id=place.pk)
    return survey, focus, builder.build(survey, focus.area_ids() if request.GET else None)


@login_required
def staff(request: HttpRequest, municipality: str, year: int) -> HttpResponse:
    place = _staff_place(request, municipality)
    if not sees_live_figures(request, place):
        return _published_instead(request, place, year)
    survey, focus, data = _live(request, place, year)
    adopt = AdoptForm(request.POST or None)
    if request.method == "POST" and adopt.is_valid():
        situation, withdrawn = _adopt(place, survey, data, adopt, request)
        done = {"version": situation.version, "year": year}
        if not situation.public:
            messages.success(
                request,
                _(
                    "Version %(version)s of the %(year)s lägesbild is frozen as an internal version for the "
                    "parties' staff: the survey is still open, so nothing is published."
                )
                % done,
            )
            return redirect(
                f"{reverse('situation:published', args=[place.slug, year])}?version={situation.version}"
            )
        messages.success(
            request, _("Version %(version)s of the %(year)s lägesbild is adopted and published.") % done
        )
        for earlier in withdrawn:
            messages.warning(request, withdrawn_notice(earlier))
        return redirect("situation:published", municipality=place.slug, year=year)
    return render(
        request,
        "situation/staff.html",
        {
            **_map(data, place),
            "municipality": place,
            "survey": survey,
            "data": data,
            "focus_form": focus,
            "adopt_form": adopt,
            "query": request.GET.urlencode(),
            "adopted": Situation.objects.filter(municipality=place, year=year).order_by("-version"),
            "collapse_minimum": collapsing.MINIMUM,
            "survey_closed": publication.window_closed(survey.closes),
            "feedback": feedback.for_year(place, year),
        },
    )


@transaction.atomic
def _adopt(
    place: Municipality, survey: Any, data: shape.Picture, form: AdoptForm, request: HttpRequest
) -> tuple[Situation, list[Situation]]:
    """Freeze a new version: public once the survey has closed (internal before), withdrawing
    every earlier public version of the year that, read beside it, would reveal a small group."""
    Municipality.objects.select_for_update().filter(pk=place.pk).first()  # one version number at a time
    latest = Situation.objects.filter(municipality=place, year=survey.year).aggregate(Max("version"))
    situation = Situation.objects.create(
        municipality=place,
        year=survey.year,
        version=(latest["version__max"] or 0) + 1,
        survey=survey,
        adopted_on=form.cleaned_data["adopted_on"],
        decision=form.cleaned_data["decision"],
        adopted_by=request.user if request.user.is_authenticated else None,
        data=data,
        public=publication.window_closed(survey.closes),
    )
    withdrawn = []
    if situation.public:
        earlier = Situation.objects.readable().filter(municipality=place, year=survey.year)
        for old in earlier.exclude(pk=situation.pk):
            if publication.reveals(old.data, situation.data):
                old.replaced_by = situation.version
                old.save(update_fields=["replaced_by"])
                withdrawn.append(old)
    return situation, withdrawn


@login_required
def staff_table(request: HttpRequest, municipality: str, year: int, fmt: str) -> HttpResponseBase:
    place = _staff_place(request, municipality)
    if not sees_live_figures(request, place):
        return _published_instead(request, place, year, fmt)
    _survey, _focus, data = _live(request, place, year)
    return _download(
        data, fmt, f"lagesbild-{place.slug}-{year}-arbetsversion", _about(request, place, data, None)
    )


@login_required
def edit_themes(request: HttpRequest, municipality: str, year: int) -> HttpResponse:
    """Analysts edit the free-text themes in the administration, starting from the defaults."""
    place = get_object_or_404(Municipality, slug=municipality)
    if request.method != "POST" or not _is_staff(request, place, *ANALYSE):
        raise PermissionDenied
    themes.copy_defaults(place)
    return redirect(f"{reverse('admin:situation_theme_changelist')}?municipality__id__exact={place.pk}")
