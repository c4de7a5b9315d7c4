from collections.abc import Callable
from typing import Any

from django.db.models import prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from tryggve.core.models import Cycle, Municipality
from tryggve.situation.references import Figures
from tryggve.surveys.models import Survey

from .models import Promise, PromiseEvent, PromiseQuerySet


def _public_promises(municipality: Municipality) -> PromiseQuerySet:
    return (
        Promise.objects.public()
        .filter(municipality=municipality)
        .select_related("cycle")
        .order_by("-cycle__year", "-revision")
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


Extra = Callable[[Promise], dict[str, Any]]


def _render_promise(
    request: HttpRequest,
    municipality: Municipality,
    promises: list[Promise],
    promise: Promise | None,
    extra: Extra,
) -> HttpResponse:
    """One promise page; `promises` are the municipality's public promises, newest first."""
    current = promises[0] if promises else None
    if promise is not None:
        prefetch_related_objects([promise], "focus_areas__area", "activities__responsible", "parties")
    return render(
        request,
        "promises/promise_page.html",
        {
            "municipality": municipality,
            "promise": promise,
            "is_current": promise is not None and promise == current,
            "current": current,
            # Replaced versions are listed with the version that replaced them, not as promises.
            "earlier": [p for p in promises if p != promise and p.status != Promise.Status.SUPERSEDED],
            "versions": _public_versions(promise) if promise is not None else [],
            "evidence": _evidence(promise) if promise is not None else [],
            "survey": _survey_window(promise.next_cycle() if promise else None),
            "open_surveys": Survey.objects.open_now().filter(municipality=municipality),
            "share_url": request.build_absolute_uri(),
            **(extra(promise) if promise is not None else {}),
        },
    )


def _evidence(promise: Promise) -> list[dict[str, Any]]:
    """The figures behind the promise, as the adopted lägesbild published them."""
    found = []
    published = Figures(promise.municipality)
    for evidence in promise.evidence.select_related("area", "focus_area__area", "activity"):
        figure = evidence.figure(published)
        if figure is not None:
            found.append({"evidence": evidence, "figure": figure})
    return found


def _public_versions(promise: Promise) -> list[dict[str, Any]]:
    """The public versions of a promise with the day each was published, when there are several."""
    versions = [version for version in promise.versions() if version.is_public]
    if len(versions) < 2:
        return []
    published = {
        event.promise_id: event.at
        for event in PromiseEvent.objects.filter(promise__in=versions, to_status=Promise.Status.PUBLISHED)
    }
    return [{"promise": version, "published": published.get(version.pk)} for version in versions]


def promise_page(request: HttpRequest, municipality: str, slug: str | None, extra: Extra) -> HttpResponse:
    """The newest public promise (no slug) or the one named, with what `extra` adds for it.

    The pages are served by `followup`, which adds each activity's progress: a later stage of
    the cycle, so this app never imports it.
    """
    place = get_object_or_404(Municipality, slug=municipality)
    promises = list(_public_promises(place))
    chosen = promises[0] if promises and slug is None else next((p for p in promises if p.slug == slug), None)
    if chosen is None and slug is not None:
        raise Http404
    return _render_promise(request, place, promises, chosen, extra)
