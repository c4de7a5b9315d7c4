"""The staff editor of a promise, for the analysts of its parties: a new draft for a cycle, its
texts side by side in Swedish, English and Arabic (each with a preview), parties and focus areas
on one page, each activity or internal measure with its plan on a page of its own, and the
evidence from the adopted lägesbild on another.

Only a promise that can still change (a draft, or one in review) is edited; from adoption on it
is frozen and a change starts a new version. A failed save shows the page again with everything
as it was typed; *Förhandsgranska* does the same with each text shown as residents will read it,
and saves nothing. Every save goes to the audit log (`core.change_log`).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from tryggve.core.access import acting_user, memberships
from tryggve.core.forms import error_summary
from tryggve.core.models import Municipality, Organisation
from tryggve.core.roles import WRITE_PROMISES
from tryggve.inputs import place_actions
from tryggve.inputs.models import PlaceReport
from tryggve.situation import references

from . import workflow
from .forms import ActivityForm, Evidences, FocusAreas, PromiseForm
from .models import Activity, Promise


def writes_for(request: HttpRequest, place: Municipality) -> set[int] | None:
    """The organisations through which the user writes promises in the municipality (an empty
    set: none); None for a superuser, who writes for any."""
    if request.user.is_superuser:
        return None
    held = memberships(request.user, *WRITE_PROMISES).filter(municipality=place)
    return set(held.values_list("organisation_id", flat=True))


def may_write(promise: Promise, organisations: set[int] | None) -> bool:
    """Whether a writer for these organisations writes this promise: an analyst of one of its parties."""
    if organisations is None:
        return True
    parties = set(promise.parties.values_list("pk", flat=True))
    return bool(organisations & parties) if parties else bool(organisations)


def _writer(request: HttpRequest, municipality: str) -> tuple[Municipality, set[int] | None]:
    place = get_object_or_404(Municipality, slug=municipality)
    organisations = writes_for(request, place)
    if organisations is not None and not organisations:
        raise PermissionDenied
    return place, organisations


def _promise(
    request: HttpRequest, municipality: str, pk: int
) -> tuple[Municipality, Promise, set[int] | None]:
    """The promise, if it is the municipality's (404 otherwise) and the user writes it (403)."""
    place, organisations = _writer(request, municipality)
    found: Promise = get_object_or_404(
        Promise.objects.select_related("cycle", "municipality"), pk=pk, municipality=place
    )
    if not may_write(found, organisations):
        raise PermissionDenied
    return place, found, organisations


def _frozen(request: HttpRequest, promise: Promise) -> HttpResponse | None:
    """Back to the promise's page, changing nothing, once the promise can no longer be edited."""
    if promise.is_editable:
        return None
    messages.info(request, _("The promise is frozen: a change needs a new version."))
    return redirect("promises:promise", municipality=promise.municipality.slug, pk=promise.pk)


def _previewing(request: HttpRequest) -> bool:
    return request.method == "POST" and request.POST.get("action") == "preview"


def _shown(place: Municipality, promise: Promise, anchor: str) -> HttpResponse:
    return redirect(reverse("promises:promise", args=[place.slug, promise.pk]) + anchor)


@login_required
def new(request: HttpRequest, municipality: str) -> HttpResponse:
    """A new draft promise for one of the municipality's cycles that has none yet."""
    place, organisations = _writer(request, municipality)
    return _edit(request, place, Promise(municipality=place), organisations)


@login_required
def edit(request: HttpRequest, municipality: str, pk: int) -> HttpResponse:
    place, promise, organisations = _promise(request, municipality, pk)
    return _frozen(request, promise) or _edit(request, place, promise, organisations)


def _initial_parties(place: Municipality, organisations: set[int] | None) -> list[int]:
    """A new promise's parties to start from: the writer's organisations and the police area."""
    police = place.organisations.filter(kind=Organisation.Kind.POLICE).values_list("pk", flat=True)
    return sorted((organisations or set()) | set(police))


def _edit(
    request: HttpRequest, place: Municipality, promise: Promise, organisations: set[int] | None
) -> HttpResponse:
    creating = promise.pk is None
    data = request.POST if request.method == "POST" else None
    form = PromiseForm(
        data,
        instance=promise,
        municipality=place,
        writes_for=organisations,
        initial={"parties": _initial_parties(place, organisations)} if creating else None,
    )
    focus = FocusAreas(data, instance=promise, prefix="fokus", form_kwargs={"municipality": place})
    previewing = _previewing(request)
    if data is not None and not previewing and form.is_valid() and focus.is_valid():
        with transaction.atomic():
            saved = form.save()
            focus.instance = saved
            focus.save()
            if creating:
                workflow.record(saved, "", acting_user(request.user))
        if creating:
            messages.success(
                request, _("The draft is saved. Add its activities and the evidence behind it below.")
            )
        else:
            messages.success(request, _("The promise is saved."))
        return _shown(place, saved, "")
    return render(
        request,
        "promises/edit.html",
        {
            "municipality": place,
            "promise": promise,
            "creating": creating,
            "form": form,
            "focus": focus,
            "previewing": previewing,
            **error_summary(form, focus),
            "no_cycle": creating and not form.fields["cycle"].queryset.exists(),  # type: ignore[attr-defined]
        },
    )


@login_required
def activity(request: HttpRequest, municipality: str, pk: int, activity: int | None = None) -> HttpResponse:
    """One activity of the promise (or internal measure) with its plan; `?intern=1` starts an
    internal measure."""
    place, promise, _organisations = _promise(request, municipality, pk)
    if (frozen := _frozen(request, promise)) is not None:
        return frozen
    if activity is not None:
        found = get_object_or_404(Activity, pk=activity, promise=promise)
    else:
        highest = promise.activities.aggregate(Max("order"))["order__max"]
        found = Activity(
            promise=promise,
            public=request.GET.get("intern") is None,
            order=0 if highest is None else highest + 1,
        )
    if request.method == "POST" and request.POST.get("action") == "delete" and found.pk:
        return _delete(request, place, promise, found)
    data = request.POST if request.method == "POST" else None
    form = ActivityForm(data, instance=found, promise=promise)
    previewing = _previewing(request)
    if data is not None and not previewing and form.is_valid():
        saved = form.save()
        messages.success(request, _("“%(title)s” is saved.") % {"title": saved.title})
        return _shown(place, promise, "#internal" if not saved.public else "#activities")
    return render(
        request,
        "promises/activity_form.html",
        {
            "municipality": place,
            "promise": promise,
            "activity": found,
            "form": form,
            "previewing": previewing,
            "place_reports": _place_reports(request, place, found),
            **error_summary(form),
        },
    )


def _place_reports(
    request: HttpRequest, place: Municipality, found: Activity
) -> list[tuple[PlaceReport, bool]]:
    """The residents' place reports the measure was made from (`place_measures`), each with
    whether the user may open it (they moderate its area)."""
    if found.pk is None:
        return []
    reports = list(found.place_reports.select_related("area"))
    opens = set(
        place_actions.moderated(request.user, place)
        .filter(pk__in=[report.pk for report in reports])
        .values_list("pk", flat=True)
    )
    return [(report, report.pk in opens) for report in reports]


def _delete(request: HttpRequest, place: Municipality, promise: Promise, found: Activity) -> HttpResponse:
    if request.POST.get("confirm") != "yes":
        messages.error(request, _("Tick the box to confirm that the activity is to be removed."))
        return redirect("promises:activity", municipality=place.slug, pk=promise.pk, activity=found.pk)
    if found.log.exists():
        messages.error(request, _("What was done is logged on this activity, so it cannot be removed."))
        return redirect("promises:activity", municipality=place.slug, pk=promise.pk, activity=found.pk)
    title = found.title
    found.delete()
    messages.success(request, _("“%(title)s” is removed.") % {"title": title})
    return _shown(place, promise, "#activities")


@login_required
def evidence(request: HttpRequest, municipality: str, pk: int) -> HttpResponse:
    """The lägesbild figures behind the promise, each checked against the adopted lägesbild."""
    place, promise, _organisations = _promise(request, municipality, pk)
    if (frozen := _frozen(request, promise)) is not None:
        return frozen
    years = references.years(place)
    data = request.POST if request.method == "POST" else None
    formset = Evidences(
        data, instance=promise, prefix="underlag", form_kwargs={"promise": promise, "years": years}
    )
    if data is not None and formset.is_valid():
        formset.save()
        messages.success(request, _("The evidence is saved."))
        return _shown(place, promise, "#evidence")
    published = references.Figures(place)
    rows = [(form, form.instance.figure(published) if form.instance.pk else None) for form in formset.forms]
    return render(
        request,
        "promises/evidence_form.html",
        {
            "municipality": place,
            "promise": promise,
            "formset": formset,
            **error_summary(formset),
            "years": years,
            "catalogue": references.catalogue(place),
            "rows": rows,
        },
    )
