"""The Omgångar pages: every cycle of a municipality with its survey, and the next one started.

Staff of the municipality see the cycles (`/<kommun>/omgangar/`). Analysts and administrators
(`START_CYCLES`) start the next cycle with its survey (`ny/`), from the standard template or as
a copy of an earlier survey (its pages, questions, options and items; the window a year later).
On the cycle's page (`<år>/`) whoever builds surveys (`BUILD_SURVEYS`) previews the survey,
changes its window and opens it. A cycle and its survey are matched by the survey's year, as
the lägesbild matches them: `Cycle.survey_year`, the year the survey opens.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import wraps
from typing import Any, cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tryggve.core.access import holds_role
from tryggve.core.audit import record
from tryggve.core.models import AuditEntry, Cycle, Municipality
from tryggve.core.numbers import whole_number
from tryggve.core.roles import BUILD_SURVEYS, START_CYCLES

from .definition import a_year_later, build_survey, survey_definition
from .models import Survey
from .standard_questions import TEMPLATE

TEMPLATE_CHOICE = "mall"
# With no earlier survey to shift, the window offered: four weeks from 1 October of the year
# before the promise (the autumn survey feeds the next year's promise), or from two weeks ahead.
DEFAULT_WEEKS = 4


@dataclass
class Round:
    """One cycle with the surveys of its survey year (usually one)."""

    cycle: Cycle
    surveys: list[Survey] = field(default_factory=list)


def surveys_of(cycle: Cycle) -> Any:
    return Survey.objects.filter(municipality_id=cycle.municipality_id, year=cycle.survey_year)


def rounds(place: Municipality) -> tuple[list[Round], list[Survey]]:
    """Every cycle of the municipality, the latest first, with its surveys and their response
    counts; and the surveys of no cycle."""
    by_year: dict[int, list[Survey]] = {}
    for survey in (
        Survey.objects.filter(municipality=place)
        .annotate(response_count=Count("responses"))
        .order_by("opens")
    ):
        by_year.setdefault(survey.year, []).append(survey)
    found = [
        Round(cycle, by_year.pop(cycle.survey_year, []))
        for cycle in Cycle.objects.filter(municipality=place).order_by("-year")
    ]
    return found, [survey for surveys in by_year.values() for survey in surveys]


def next_round(place: Municipality, today: date) -> tuple[int, Cycle | None]:
    """The cycle to start next: the latest one while it has no survey, else the year after it
    (the year after today with no cycle at all). With the cycle when it exists already."""
    latest = Cycle.objects.filter(municipality=place).order_by("-year").first()
    if latest is None:
        return today.year + 1, None
    if not surveys_of(latest).exists():
        return latest.year, latest
    return latest.year + 1, None


def latest_survey(place: Municipality) -> Survey | None:
    return Survey.objects.filter(municipality=place).order_by("-year", "-opens").first()


def _years_later(day: date, years: int) -> date:
    for _step in range(years):
        day = a_year_later(day)
    return day


def offered_window(place: Municipality, year: int, today: date) -> tuple[date, date]:
    """The window offered for the survey of cycle `year`: the latest survey's a year (or as many
    years as the cycles between) later, else four weeks in the autumn before."""
    base = latest_survey(place)
    if base is not None:
        fed = Cycle.objects.filter(municipality=place, survey_opens__year=base.year).first()
        base_cycle = fed.year if fed is not None else base.year + 1
        years = max(1, year - base_cycle)
        return _years_later(base.opens, years), _years_later(base.closes, years)
    opens = max(date(year - 1, 10, 1), today + timedelta(days=14))
    return opens, opens + timedelta(weeks=DEFAULT_WEEKS, days=-1)


def offered_slug(source: Survey | None, survey_year: int) -> str:
    if source is None:
        return f"trygghetsmatning-{survey_year}"
    return f"{source.slug.removesuffix(f'-{source.year}')}-{survey_year}"


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class WindowChecks(forms.Form):
    """The survey's window: a closing day not before the opening day."""

    opens = forms.DateField(label=gettext_lazy("Opens"), widget=_date_input())
    closes = forms.DateField(
        label=gettext_lazy("Closes"),
        help_text=gettext_lazy("The last day answers are accepted."),
        widget=_date_input(),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        opens, closes = cleaned.get("opens"), cleaned.get("closes")
        if opens and closes and closes < opens:
            self.add_error("closes", _("The survey cannot close before it opens."))
        return cleaned


class NextCycleForm(WindowChecks):
    """The next cycle and its survey: where its questions come from, its address and window."""

    year = forms.IntegerField(widget=forms.HiddenInput)
    source = forms.ChoiceField(label=gettext_lazy("Start the survey from"), widget=forms.RadioSelect)
    slug = forms.SlugField(
        label=gettext_lazy("Address name"),
        max_length=50,
        help_text=gettext_lazy("Part of the survey's web address: lower-case letters, digits and hyphens."),
    )
    field_order = ["year", "source", "slug", "opens", "closes"]

    def __init__(self, *args: Any, place: Municipality, year: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.place, self.cycle_year = place, year
        self.surveys = {
            str(survey.pk): survey
            for survey in Survey.objects.filter(municipality=place).order_by("-year", "-opens")
        }
        source = cast(forms.ChoiceField, self.fields["source"])
        source.choices = [
            (
                TEMPLATE_CHOICE,
                _("The standard template: the standard questions, in Swedish, English and Arabic"),
            ),
            *(
                (
                    pk,
                    _("A copy of %(title)s %(year)s (%(slug)s): its pages, questions and answers")
                    % {"title": survey.title, "year": survey.year, "slug": survey.slug},
                )
                for pk, survey in self.surveys.items()
            ),
        ]

    def source_survey(self) -> Survey | None:
        return self.surveys.get(self.cleaned_data["source"])

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        opens, slug = cleaned.get("opens"), cleaned.get("slug")
        year = self.cycle_year
        if opens and opens.year > year:
            self.add_error("opens", _("The survey feeds the promise, so it runs before the promise year."))
        elif opens and opens.year < year - 1:
            self.add_error(
                "opens",
                _("The survey of cycle %(year)s opens in %(before)s, or early in %(year)s.")
                % {"year": year, "before": year - 1},
            )
        elif opens:
            taken = Survey.objects.filter(municipality=self.place, year=opens.year).first()
            if taken is not None:
                self.add_error(
                    "opens",
                    _("%(survey)s already runs in %(year)s; each cycle's survey opens in a year of its own.")
                    % {"survey": f"{taken.title} {taken.year}", "year": opens.year},
                )
        if slug and Survey.objects.filter(municipality=self.place, slug=slug).exists():
            self.add_error("slug", _("The municipality already has a survey with this address name."))
        return cleaned


class AlreadyStarted(Exception):
    pass


def start_cycle(
    place: Municipality, year: int, *, source: Survey | None, slug: str, opens: date, closes: date
) -> tuple[Cycle, Survey]:
    """Create the cycle (or take the existing one without a survey) and its survey, in one
    transaction; AlreadyStarted if the cycle has its survey, or another request was first."""
    try:
        with transaction.atomic():
            cycle, _created = Cycle.objects.get_or_create(municipality=place, year=year)
            cycle = Cycle.objects.select_for_update().get(pk=cycle.pk)
            taken = Survey.objects.filter(municipality=place, year=opens.year)
            if surveys_of(cycle).exists() or taken.exists():
                raise AlreadyStarted
            cycle.survey_opens, cycle.survey_closes = opens, closes
            cycle.full_clean()
            cycle.save()
            definition = survey_definition(source) if source is not None else TEMPLATE
            survey = build_survey(
                definition, municipality=place, year=opens.year, slug=slug, opens=opens, closes=closes
            )
    except IntegrityError as error:  # the same address name, saved by another request meanwhile
        raise AlreadyStarted from error
    return cycle, survey


View = Callable[..., HttpResponse]


def staff_place(view: View) -> View:
    """Find the municipality and require a role there (any role)."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, municipality: str, **kwargs: Any) -> HttpResponse:
        place = get_object_or_404(Municipality, slug=municipality)
        if not holds_role(request.user, place.pk):
            raise PermissionDenied
        return view(request, place, **kwargs)

    return wrapper


@staff_place
def cycles(request: HttpRequest, place: Municipality) -> HttpResponse:
    """Every cycle of the municipality with its survey, and the way to the next one."""
    today = timezone.localdate()
    found, unmatched = rounds(place)
    year, existing = next_round(place, today)
    return render(
        request,
        "surveys/staff/cycles.html",
        {
            "municipality": place,
            "rounds": found,
            "unmatched": unmatched,
            "today": today,
            "next_year": year,
            "next_exists": existing is not None,
            "may_start": holds_role(request.user, place.pk, *START_CYCLES),
        },
    )


@staff_place
def new_cycle(request: HttpRequest, place: Municipality) -> HttpResponse:
    """Start the next cycle and its survey."""
    if not holds_role(request.user, place.pk, *START_CYCLES):
        raise PermissionDenied
    today = timezone.localdate()
    year, existing = next_round(place, today)
    if request.method == "POST":
        _foreign_survey(request, place)
        posted = request.POST.get("year", "")
        if posted != str(year):
            return _already_started(request, place, posted)
        form = NextCycleForm(request.POST, place=place, year=year)
        if form.is_valid():
            data = form.cleaned_data
            source = form.source_survey()
            try:
                cycle, survey = start_cycle(
                    place, year, source=source, slug=data["slug"], opens=data["opens"], closes=data["closes"]
                )
            except AlreadyStarted:
                return _already_started(request, place, posted)
            what = (
                _("cycle %(year)s started: survey %(slug)s as a copy of %(source)s")
                if source is not None
                else _("cycle %(year)s started: survey %(slug)s from the template")
            )
            record(
                request,
                place,
                AuditEntry.Action.CREATED,
                what % {"year": year, "slug": survey.slug, "source": source.slug if source else ""},
            )
            messages.success(
                request,
                _(
                    "Cycle %(year)s is started with its survey %(survey)s. Preview it, adapt the "
                    "questions if needed, and open it when it is ready."
                )
                % {"year": cycle.year, "survey": f"{survey.title} {survey.year}"},
            )
            return redirect("cycles:cycle", municipality=place.slug, year=cycle.year)
    else:
        source = latest_survey(place)
        opens, closes = offered_window(place, year, today)
        form = NextCycleForm(
            place=place,
            year=year,
            initial={
                "year": year,
                "source": str(source.pk) if source is not None else TEMPLATE_CHOICE,
                "slug": offered_slug(source, opens.year),
                "opens": opens,
                "closes": closes,
            },
        )
    return render(
        request,
        "surveys/staff/new_cycle.html",
        {"municipality": place, "form": form, "year": year, "existing": existing},
        status=400 if form.errors else 200,
    )


def _foreign_survey(request: HttpRequest, place: Municipality) -> None:
    """Another municipality's survey, named as the source to copy, is not found here."""
    source = whole_number(request.POST.get("source"))
    if source is not None and not Survey.objects.filter(pk=source, municipality=place).exists():
        raise Http404


def _already_started(request: HttpRequest, place: Municipality, posted: str) -> HttpResponse:
    """A second "start" of a cycle (a resent form, two tabs): nothing is made twice."""
    year = whole_number(posted, digits=4)
    cycle = Cycle.objects.filter(municipality=place, year=year).first() if year is not None else None
    if cycle is not None and surveys_of(cycle).exists():
        messages.info(
            request,
            _("Cycle %(year)s was already started; nothing new was made.") % {"year": cycle.year},
        )
        return redirect("cycles:cycle", municipality=place.slug, year=cycle.year)
    messages.info(request, _("The page was out of date; here is the cycle to start now."))
    return redirect("cycles:new", municipality=place.slug)


class WindowForm(WindowChecks):
    """A survey's window changed on the cycle's page: it stays in the survey's year."""

    def __init__(self, *args: Any, survey: Survey, **kwargs: Any) -> None:
        kwargs["prefix"] = f"s{survey.pk}"
        super().__init__(*args, **kwargs)
        self.survey = survey
        if not self.is_bound:
            self.initial = {"opens": survey.opens, "closes": survey.closes}

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        opens = cleaned.get("opens")
        if opens and opens.year != self.survey.year:
            self.add_error(
                "opens",
                _(
                    "The survey of %(year)s opens in %(year)s. For another year, start that year's "
                    "cycle and its survey."
                )
                % {"year": self.survey.year},
            )
        return cleaned


def _save_window(survey: Survey, cycle: Cycle, opens: date, closes: date) -> None:
    with transaction.atomic():
        survey.opens, survey.closes = opens, closes
        survey.save()
        if surveys_of(cycle).count() == 1:
            cycle.survey_opens, cycle.survey_closes = opens, closes
            cycle.save()


def _refusal_to_open(survey: Survey, cycle: Cycle, today: date) -> str:
    """Why the survey cannot open today, or "" if it can."""
    if survey.is_open(today):
        return _("The survey is already open.")
    if survey.closes < today:
        return _("The survey closed on %(day)s. Give it a new window to open it again.") % {
            "day": date_format(survey.closes, "j F Y")
        }
    if today.year != survey.year:
        return _(
            "The survey of %(year)s can open on 1 January %(year)s at the earliest: today's survey "
            "belongs to an earlier cycle."
        ) % {"year": survey.year}
    return ""


@staff_place
def cycle_page(request: HttpRequest, place: Municipality, year: int) -> HttpResponse:
    """One cycle: its survey to preview, its window to change, and the survey opened."""
    cycle = get_object_or_404(Cycle, municipality=place, year=year)
    today = timezone.localdate()
    may_build = holds_role(request.user, place.pk, *BUILD_SURVEYS)
    surveys = list(surveys_of(cycle).annotate(response_count=Count("responses")).order_by("opens"))
    forms_by_survey = {survey.pk: WindowForm(survey=survey) for survey in surveys}
    status = 200
    if request.method == "POST":
        if not may_build:
            raise PermissionDenied
        posted = request.POST.get("survey", "")
        survey = next((s for s in surveys if str(s.pk) == posted), None)
        if survey is None:
            raise Http404
        if request.POST.get("action") == "open":
            refusal = _refusal_to_open(survey, cycle, today)
            if refusal:
                messages.error(request, refusal)
                return redirect(request.path)
            _save_window(survey, cycle, today, survey.closes)
            messages.success(
                request,
                _("The survey is open: residents can answer until %(day)s.")
                % {"day": date_format(survey.closes, "j F Y")},
            )
            return redirect(request.path)
        form = WindowForm(request.POST, survey=survey)
        if form.is_valid():
            _save_window(survey, cycle, form.cleaned_data["opens"], form.cleaned_data["closes"])
            messages.success(request, _("The survey's window is saved."))
            return redirect(request.path)
        forms_by_survey[survey.pk] = form
        status = 400
    next_year, _existing = next_round(place, today)
    return render(
        request,
        "surveys/staff/cycle.html",
        {
            "municipality": place,
            "cycle": cycle,
            "entries": [
                {
                    "survey": survey,
                    "form": forms_by_survey[survey.pk],
                    "may_open": not _refusal_to_open(survey, cycle, today),
                    "not_yet": "" if survey.is_open(today) else _refusal_to_open(survey, cycle, today),
                    "address": (address := reverse("surveys:start", args=[place.slug, survey.slug])),
                    # Broken after each slash on a narrow phone.
                    "address_parts": address.strip("/").split("/"),
                    "preview": address + "?preview",
                }
                for survey in surveys
            ],
            "today": today,
            "may_build": may_build,
            "may_start": cycle.year == next_year
            and not surveys
            and holds_role(request.user, place.pk, *START_CYCLES),
        },
        status=status,
    )
