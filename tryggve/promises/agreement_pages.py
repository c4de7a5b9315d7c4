"""The collaboration agreement (*samverkansöverenskommelse*) of a year's action plan: its terms
and the measures the police and the kommun commit to together, written by the analysts, then
signed by the local police area chief and the kommunstyrelse's chair, recorded by the approver
(the same fields and rules as the promise's signatures). Once signed it is frozen. Its public
part is the citizen promise."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from tryggve.core.access import holds_role
from tryggve.core.forms import error_summary
from tryggve.core.roles import DECIDE_PLANS, WRITE_PLANS

from . import action_plans
from .models import Agreement
from .plan_forms import AgreementForm, SigningForm
from .plan_pages import back, reader


@login_required
def agreement(request: HttpRequest, municipality: str, year: int) -> HttpResponse:
    place = reader(request, municipality)
    plan = action_plans.plan_of(place, year)
    if plan is None:
        raise Http404(_("Start the action plan before its agreement."))
    found = Agreement.objects.filter(plan=plan).first() or Agreement(plan=plan)
    may_write = holds_role(request.user, place.pk, *WRITE_PLANS) and not found.is_signed
    may_sign = (
        holds_role(request.user, place.pk, *DECIDE_PLANS) and found.pk is not None and not found.is_signed
    )
    measures = action_plans.measures_of(plan)
    terms = AgreementForm(instance=found, measures=measures, prefix="terms")
    signing = SigningForm(instance=found, prefix="sign")
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "terms":
            if not may_write:
                raise PermissionDenied
            terms = AgreementForm(request.POST, instance=found, measures=measures, prefix="terms")
            if terms.is_valid():
                terms.save()
                messages.success(request, _("The agreement is saved."))
                return back(place, year, "#agreement")
        elif action == "sign":
            if not may_sign:
                raise PermissionDenied
            signing = SigningForm(request.POST, instance=found, prefix="sign")
            if signing.is_valid():
                signing.save()
                messages.success(request, _("The agreement's signatures are recorded."))
                return back(place, year, "#agreement")
        else:
            raise Http404
    return render(
        request,
        "promises/agreement.html",
        {
            "municipality": place,
            "plan": plan,
            "agreement": found,
            # As signed: the measures listed, of the promise's version they were chosen from.
            "measures": found.measures.select_related("promise").prefetch_related("responsible")
            if found.pk
            else [],
            "terms_form": terms,
            "signing_form": signing,
            "may_write": may_write,
            "may_sign": may_sign,
            **error_summary(terms if terms.is_bound else signing),
        },
    )
