from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from tryggve.core.access import memberships, municipalities_for
from tryggve.followup.views import LOGGING
from tryggve.inputs.views import DIALOGUE, REPORTING
from tryggve.surveys.models import Survey


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """A staff member's start page: the roles they hold, and where to work."""
    held = memberships(request.user).select_related("organisation", "municipality").prefetch_related("areas")
    return render(
        request,
        "accounts/home.html",
        {
            "memberships": held.order_by("municipality__name", "organisation__name", "role"),
            "est": municipalities_for(request.user, *REPORTING).order_by("name"),
            "dialogues": municipalities_for(request.user, *DIALOGUE).order_by("name"),
            "followup": municipalities_for(request.user, *LOGGING).order_by("name"),
            "promises": municipalities_for(request.user).order_by("name"),
            "surveys": Survey.objects.filter(municipality__in=municipalities_for(request.user))
            .select_related("municipality")
            .order_by("municipality__name", "-year", "slug"),
        },
    )
