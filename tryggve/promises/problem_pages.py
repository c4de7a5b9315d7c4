"""The analysts' pages of a prioritised problem: the problem with the lägesbild figures that show
it (at least one), and its cause analysis by the problem-analysis triangle.

A cause analysis can touch suspected offences (GDPR article 10): only the analysts (`WRITE_PLANS`)
open it, each opening is written to the audit log, its texts are scrubbed and kept under the
retention kind `cause_analyses`, and only its public summary, once ticked, leaves this page.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Max
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from tryggve.core import audit
from tryggve.core.forms import error_summary
from tryggve.core.models import AuditEntry
from tryggve.situation import references

from . import action_plans
from .models import ActionPlan, CauseAnalysis, Problem
from .plan_forms import CauseAnalysisForm, ProblemEvidences, ProblemForm
from .plan_pages import back, cycle_of, writer


@login_required
def problem(request: HttpRequest, municipality: str, year: int, pk: int | None = None) -> HttpResponse:
    """A new prioritised problem of the year's plan (the plan is started with it), or one to edit."""
    place = writer(request, municipality)
    cycle = cycle_of(place, year)
    plan = action_plans.plan_of(place, year)
    if pk is not None:
        found = get_object_or_404(Problem, pk=pk, plan__municipality=place, plan__cycle=cycle)
        plan = found.plan
    else:
        plan = plan or ActionPlan(municipality=place, cycle=cycle)
        highest = plan.problems.aggregate(Max("order"))["order__max"] if plan.pk else None
        found = Problem(plan=plan, order=1 if highest is None else highest + 1)
    if request.method == "POST" and request.POST.get("action") == "delete" and found.pk:
        return _delete(request, found)
    data = request.POST if request.method == "POST" else None
    form = ProblemForm(data, instance=found, plan=plan)
    years = references.years(place)
    evidence = ProblemEvidences(
        data, instance=found, prefix="underlag", form_kwargs={"problem": found, "years": years}
    )
    if data is not None and form.is_valid() and evidence.is_valid():
        with transaction.atomic():
            if plan.pk is None:
                plan = action_plans.plan_for(cycle)
                form.instance.plan = plan
            saved = form.save()
            evidence.instance = saved
            evidence.save()
        messages.success(request, _("“%(title)s” is saved.") % {"title": saved.title})
        return back(place, year, f"#problem-{saved.pk}")
    published = references.Figures(place)
    rows = [(row, row.instance.figure(published) if row.instance.pk else None) for row in evidence.forms]
    return render(
        request,
        "promises/problem_form.html",
        {
            "municipality": place,
            "cycle": cycle,
            "problem": found,
            "form": form,
            "formset": evidence,
            "rows": rows,
            "years": years,
            "catalogue": references.catalogue(place),
            **error_summary(form, evidence),
        },
    )


def _delete(request: HttpRequest, found: Problem) -> HttpResponse:
    place, year = found.plan.municipality, found.plan.year
    if request.POST.get("confirm") != "yes":
        messages.error(request, _("Tick the box to confirm that the problem is to be removed."))
        return back(place, year, f"#problem-{found.pk}")
    title = found.title
    found.delete()  # its measures stay, answering no problem
    messages.success(request, _("“%(title)s” is removed.") % {"title": title})
    return back(place, year, "#problems")


@login_required
def analysis(request: HttpRequest, municipality: str, year: int, pk: int) -> HttpResponse:
    """The problem's cause analysis: offender, target or victim and place, what is known and what
    is assumed of each and who can act on it, the sources, and the public summary."""
    place = writer(request, municipality)
    found: Problem = get_object_or_404(
        Problem.objects.select_related("plan__cycle", "situation"),
        pk=pk,
        plan__municipality=place,
        plan__cycle__year=year,
    )
    existing = CauseAnalysis.objects.filter(problem=found).first()
    instance = existing or CauseAnalysis(problem=found)
    form = CauseAnalysisForm(
        request.POST if request.method == "POST" else None, instance=instance, problem=found
    )
    if form.is_bound and form.is_valid():
        form.save()
        messages.success(request, _("The cause analysis is saved."))
        return back(place, year, f"#problem-{found.pk}")
    if existing is not None and not form.is_bound:
        audit.record(request, place, AuditEntry.Action.VIEW, f"cause analysis {found.pk}")
    return render(
        request,
        "promises/analysis_form.html",
        {"municipality": place, "problem": found, "form": form, **error_summary(form)},
    )
