"""The action plan's staff pages (*Åtgärdsplan*, lag 2023:196): every cycle's plan, one plan with
its prioritised problems, the figures behind them, each problem's measures and the internal ones,
the agreement and the decided versions; its texts, a measure's part of the plan, the decision,
and the plan printed.

Every role of the municipality reads the plan; its analysts (`WRITE_PLANS`) write it and the
approver (`DECIDE_PLANS`) records its decision. A cause analysis's internal texts are shown only
on its own page, to the analysts (`problem_pages`).
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tryggve.core.access import acting_user, holds_role
from tryggve.core.forms import error_summary
from tryggve.core.models import Cycle, Municipality
from tryggve.core.roles import DECIDE_PLANS, WRITE_PLANS

from . import action_plans, plan_document
from .models import ActionPlan, ActionPlanVersion, Activity, Promise
from .plan_forms import MeasureForm, PlanDecisionForm, PlanForm


def reader(request: HttpRequest, municipality: str) -> Municipality:
    """The municipality, if the user holds any role there (403 otherwise)."""
    place = get_object_or_404(Municipality, slug=municipality)
    if not holds_role(request.user, place.pk):
        raise PermissionDenied
    return place


def writer(request: HttpRequest, municipality: str) -> Municipality:
    """The municipality, if the user writes its plan (an analyst; 403 otherwise)."""
    place = reader(request, municipality)
    if not holds_role(request.user, place.pk, *WRITE_PLANS):
        raise PermissionDenied
    return place


def cycle_of(place: Municipality, year: int) -> Cycle:
    return get_object_or_404(Cycle, municipality=place, year=year)


def back(place: Municipality, year: int, anchor: str = "") -> HttpResponse:
    response = redirect("plans:plan", municipality=place.slug, year=year)
    response["Location"] += anchor
    return response


@login_required
def index(request: HttpRequest, municipality: str) -> HttpResponse:
    place = reader(request, municipality)
    plans = {plan.cycle_id: plan for plan in ActionPlan.objects.filter(municipality=place)}
    rows = [
        (cycle, plans.get(cycle.pk), plans[cycle.pk].versions.first() if cycle.pk in plans else None)
        for cycle in Cycle.objects.filter(municipality=place).order_by("-year")
    ]
    return render(request, "promises/plan_index.html", {"municipality": place, "rows": rows})


def grouped(found: plan_document.Document) -> dict[str, Any]:
    """The document's measures under the problem each answers, and the rest by public or internal."""
    by_problem: dict[int, list[dict[str, Any]]] = {}
    for measure in found["measures"]:
        if measure["problem"] is not None:
            by_problem.setdefault(measure["problem"], []).append(measure)
    agreed = set(found["agreement"]["measures"]) if found["agreement"] else set()
    return {
        "problems": [(problem, by_problem.get(problem["id"], [])) for problem in found["problems"]],
        "unlinked": [m for m in found["measures"] if m["problem"] is None and m["public"]],
        "unlinked_internal": [m for m in found["measures"] if m["problem"] is None and not m["public"]],
        "agreed": agreed,
    }


@login_required
def plan(request: HttpRequest, municipality: str, year: int) -> HttpResponse:
    place = reader(request, municipality)
    cycle = cycle_of(place, year)
    found = action_plans.plan_of(place, year)
    promise = action_plans.promise_of(found) if found else _running(place, year)
    return _page(request, place, cycle, found, promise, PlanDecisionForm(prefix="decide"))


def _running(place: Municipality, year: int) -> Promise | None:
    return action_plans.running(place, year).order_by("-cycle__year", "-revision").first()


def _page(
    request: HttpRequest,
    place: Municipality,
    cycle: Cycle,
    found: ActionPlan | None,
    promise: Promise | None,
    decision: PlanDecisionForm,
) -> HttpResponse:
    document = plan_document.document(found or ActionPlan(municipality=place, cycle=cycle), promise)
    return render(
        request,
        "promises/plan.html",
        {
            "municipality": place,
            "cycle": cycle,
            "plan": found,
            "promise": promise,
            "document": document,
            **grouped(document),
            "versions": found.versions.all() if found is not None else [],
            "may_write": holds_role(request.user, place.pk, *WRITE_PLANS),
            "may_decide": found is not None and holds_role(request.user, place.pk, *DECIDE_PLANS),
            "decision_form": decision,
            **error_summary(decision),
        },
    )


@login_required
def edit(request: HttpRequest, municipality: str, year: int) -> HttpResponse:
    """The plan's own texts: what it is about and the coordinating function."""
    place = writer(request, municipality)
    cycle = cycle_of(place, year)
    found = action_plans.plan_of(place, year) or ActionPlan(municipality=place, cycle=cycle)
    form = PlanForm(request.POST if request.method == "POST" else None, instance=found)
    if form.is_bound and form.is_valid():
        form.save()
        messages.success(request, _("The action plan is saved."))
        return back(place, year)
    return render(
        request,
        "promises/plan_edit.html",
        {"municipality": place, "cycle": cycle, "form": form, **error_summary(form)},
    )


@login_required
def measure(request: HttpRequest, municipality: str, year: int, activity: int) -> HttpResponse:
    """One activity of the plan's promise as a measure of the plan: the problem it answers,
    resources, expected effect (and who is responsible while the promise can change)."""
    place = writer(request, municipality)
    found = action_plans.plan_of(place, year)
    if found is None:
        raise Http404
    chosen: Activity = get_object_or_404(action_plans.measures_of(found), pk=activity)
    form = MeasureForm(request.POST if request.method == "POST" else None, instance=chosen, plan=found)
    if form.is_bound and form.is_valid():
        form.save()
        messages.success(request, _("“%(title)s” is saved.") % {"title": chosen.title})
        return back(place, year, f"#measure-{chosen.pk}")
    return render(
        request,
        "promises/measure_form.html",
        {"municipality": place, "plan": found, "activity": chosen, "form": form, **error_summary(form)},
    )


@login_required
@require_POST
def decide(request: HttpRequest, municipality: str, year: int) -> HttpResponse:
    """Records the decision on the plan as it now reads: a new numbered version. A fault (no body
    or date, a date in the future) shows the plan again with the message and stores nothing."""
    place = reader(request, municipality)
    if not holds_role(request.user, place.pk, *DECIDE_PLANS):
        raise PermissionDenied
    cycle = cycle_of(place, year)
    found = action_plans.plan_of(place, year)
    if found is None:
        raise Http404
    form = PlanDecisionForm(request.POST, prefix="decide")
    if form.is_valid():
        try:
            version = action_plans.decide(
                found, form.save(commit=False), timezone.localdate(), acting_user(request.user)
            )
        except ValidationError as error:  # a date that became the future since the form checked
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Version %(n)s of the action plan is decided.") % {"n": version.number}
            )
            return back(place, year, "#versions")
    return _page(request, place, cycle, found, action_plans.promise_of(found), form)


@login_required
def print_page(request: HttpRequest, municipality: str, year: int) -> HttpResponse:
    """The plan as a document to print: a decided version (`?version=N`) or the draft as it reads."""
    place = reader(request, municipality)
    found = action_plans.plan_of(place, year)
    if found is None:
        raise Http404
    asked = request.GET.get("version")
    version: ActionPlanVersion | None = None
    if asked is not None:
        version = action_plans.numbered(found, asked)
        if version is None:
            raise Http404
    document = version.content if version else plan_document.document(found, action_plans.promise_of(found))
    return render(
        request,
        "promises/plan_print.html",
        {"municipality": place, "plan": found, "version": version, "document": document, **grouped(document)},
    )
