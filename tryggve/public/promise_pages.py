"""The public promise pages: a municipality's newest promise or any public one, with its
evidence, versions, what has been done so far, and whether it helped (*Blev det bättre?*).

Served by `public`, the last stage residents read, so it may gather from every earlier one:
the promise (`promises`), the progress of its activities and its evaluation (`followup`) and the
figures behind it (`situation`).
"""

from typing import Any

from django.db.models import prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.utils import timezone

from tryggve.core.languages import made_in_every_language
from tryggve.core.models import Cycle, Municipality
from tryggve.followup import evaluation_pages, traceability
from tryggve.followup.indicators import measure
from tryggve.followup.models import FollowupReport, SafetyWalk
from tryggve.followup.progress import progress
from tryggve.promises.models import Promise, PromiseEvent, PromiseQuerySet
from tryggve.situation import publication
from tryggve.situation.references import Figures
from tryggve.surveys.models import Survey


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


def _render_promise(
    request: HttpRequest,
    municipality: Municipality,
    promises: list[Promise],
    promise: Promise | None,
) -> HttpResponse:
    """One promise page; `promises` are the municipality's public promises, newest first."""
    current = promises[0] if promises else None
    # One reader of the adopted lägesbilder for the evidence and the activities' indicators alike.
    published = Figures(municipality)
    if promise is not None:
        prefetch_related_objects([promise], "focus_areas__area", "activities__responsible", "parties")
    return render(
        request,
        "public/promise_page.html",
        {
            "municipality": municipality,
            "promise": promise,
            "is_current": promise is not None and promise == current,
            "current": current,
            # Replaced versions are listed with the version that replaced them, not as promises.
            "earlier": [p for p in promises if p != promise and p.status != Promise.Status.SUPERSEDED],
            "versions": _public_versions(promise) if promise is not None else [],
            "evidence": _evidence(promise, published) if promise is not None else [],
            "survey": _survey_window(promise.next_cycle() if promise else None),
            "open_surveys": Survey.objects.open_now().filter(municipality=municipality),
            "share_url": request.build_absolute_uri(),
            **(_done_so_far(promise, published) if promise is not None else {}),
        },
    )


def _evidence(promise: Promise, published: Figures) -> list[dict[str, Any]]:
    """The figures behind the promise, as the adopted lägesbild published them."""
    found = []
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


def _promise_page(request: HttpRequest, municipality: str, slug: str | None) -> HttpResponse:
    """The newest public promise (no slug) or the one named."""
    place = get_object_or_404(Municipality, slug=municipality)
    promises = list(_public_promises(place))
    chosen = promises[0] if promises and slug is None else next((p for p in promises if p.slug == slug), None)
    if chosen is None and slug is not None:
        raise Http404
    return _render_promise(request, place, promises, chosen)


@made_in_every_language
def current_promise(request: HttpRequest, municipality: str) -> HttpResponse:
    return _promise_page(request, municipality, None)


@made_in_every_language
def promise_detail(request: HttpRequest, municipality: str, promise: str) -> HttpResponse:
    return _promise_page(request, municipality, promise)


def _done_so_far(promise: Promise, published: Figures) -> dict[str, Any]:
    """Each activity's progress and latest entries, for the public page (never typed by hand)."""
    today = timezone.localdate()
    found = progress([a for a in promise.activities.all() if a.public], today)
    problems = traceability.promise_problems(promise, published)
    for item in found:
        item.indicators = [
            measure(indicator, today, published)
            for indicator in item.activity.indicators.select_related("area")
        ]
        item.problem = problems.get(item.activity.pk)
    return {
        "progress": found,
        # Each problem once, in the plan's priority, under "Why": its activities link to it.
        "problems": sorted(
            {problem["id"]: problem for problem in problems.values()}.values(), key=lambda p: p["order"]
        ),
        "done_entries": any(item.entries for item in found),
        # The decided follow-up reports of the promise's years (their public part).
        "followup_years": list(
            FollowupReport.objects.filter(
                municipality=promise.municipality_id,
                year__range=(promise.start_year, promise.last_year),
                versions__isnull=False,
            )
            .order_by("year")
            .values_list("year", flat=True)
            .distinct()
        ),
        "walks_url": reverse("public_walks:walks", args=[promise.municipality.slug])
        if SafetyWalk.objects.filter(activity__promise=promise).exists()
        else "",
        # "Blev det bättre?": only what may be published (evaluation_pages.published).
        "evaluated": evaluation_pages.published(promise, today),
        "evaluation_minimum": publication.minimum({}),
    }


# Residents' promise pages, as `public_walks` are the residents' safety walks; the staff's
# workflow pages are the `promises` app's own namespace.
promise_patterns = (
    [
        path("", current_promise, name="current"),
        path("<slug:promise>/", promise_detail, name="detail"),
    ],
    "public_promises",
)
