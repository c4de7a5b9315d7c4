from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from tryggve.core.models import Cycle, Municipality

from .models import Promise, PromiseQuerySet


def _public_promises(municipality: Municipality) -> PromiseQuerySet:
    return (
        Promise.objects.public()
        .filter(municipality=municipality)
        .select_related("cycle")
        .order_by("-cycle__year")
    )


def _survey_window(cycle: Cycle | None) -> dict[str, object] | None:
    if cycle is None or cycle.survey_opens is None or cycle.survey_closes is None:
        return None
    return {
        "year": cycle.survey_year,
        "opens": cycle.survey_opens,
        "closes": cycle.survey_closes,
        "is_over": timezone.localdate() > cycle.survey_closes,
    }


def _render_promise(
    request: HttpRequest, municipality: Municipality, promise: Promise | None
) -> HttpResponse:
    promises = list(_public_promises(municipality))
    current = promises[0] if promises else None
    if promise is not None:
        promise = (
            Promise.objects.filter(pk=promise.pk)
            .prefetch_related("focus_areas__area", "activities__responsible", "parties")
            .get()
        )
    return render(
        request,
        "promises/promise_page.html",
        {
            "municipality": municipality,
            "promise": promise,
            "is_current": promise is not None and promise == current,
            "current": current,
            "earlier": [p for p in promises if p != promise],
            "survey": _survey_window(promise.next_cycle() if promise else None),
            "share_url": request.build_absolute_uri(),
        },
    )


def current_promise(request: HttpRequest, municipality: str) -> HttpResponse:
    place = get_object_or_404(Municipality, slug=municipality)
    return _render_promise(request, place, _public_promises(place).first())


def promise_detail(request: HttpRequest, municipality: str, promise: str) -> HttpResponse:
    place = get_object_or_404(Municipality, slug=municipality)
    chosen = get_object_or_404(_public_promises(place), slug=promise)
    return _render_promise(request, place, chosen)
