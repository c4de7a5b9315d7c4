"""Staff pages of the promise workflow: the list of versions, and one promise as the parties
review it and the approver adopts it (the whole promise, what changed since the one before, its
history, the parties' comments and the steps the user may take)."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from tryggve.core.access import acting_user, memberships
from tryggve.core.models import Membership, Municipality
from tryggve.core.roles import ADOPT_PROMISES, EDIT_PROMISES, EVALUATE_PROMISES, STEER_PROMISES

from . import editor, review, workflow
from .forms import AdoptionForm, CommentForm, StepForm
from .models import Promise

Role = Membership.Role


def _place(request: HttpRequest, municipality: str) -> tuple[Municipality, set[str]]:
    """The municipality and the roles the user holds there (any role may read and comment);
    a superuser holds every role."""
    place = get_object_or_404(Municipality, slug=municipality)
    roles = set(memberships(request.user).filter(municipality=place).values_list("role", flat=True))
    if request.user.is_superuser:
        roles |= set(Role)
    if not roles:
        raise PermissionDenied
    return place, roles


def _may(roles: set[str], capability: frozenset[str]) -> bool:
    """Whether one of the roles held gives the capability (of `core.roles`)."""
    return not capability.isdisjoint(roles)


@login_required
def index(request: HttpRequest, municipality: str) -> HttpResponse:
    place, _roles = _place(request, municipality)
    promises = (
        Promise.objects.filter(municipality=place)
        .select_related("cycle")
        .order_by("-cycle__year", "-revision")
    )
    writer = editor.writes_for(request, place)
    return render(
        request,
        "promises/staff_index.html",
        {"municipality": place, "promises": promises, "may_write": writer is None or bool(writer)},
    )


@login_required
def promise(request: HttpRequest, municipality: str, pk: int) -> HttpResponse:
    place, roles = _place(request, municipality)
    found: Promise = get_object_or_404(
        Promise.objects.select_related("cycle", "revision_of"), pk=pk, municipality=place
    )
    comment = CommentForm(prefix="comment")
    adoption = AdoptionForm(instance=found, prefix="adopt")
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action == "comment":
            comment = CommentForm(request.POST, prefix="comment", municipality=place)
            if _comment(request, place, found, comment):
                return redirect("promises:promise", municipality=place.slug, pk=found.pk)
        elif action == "new_version":
            if not _may(roles, STEER_PROMISES) or found.status != Promise.Status.PUBLISHED:
                raise PermissionDenied
            copy = workflow.new_version(found, acting_user(request.user))
            messages.success(
                request,
                _("Version %(n)s is a draft; edit it, then take it through review.") % {"n": copy.revision},
            )
            return redirect("promises:promise", municipality=place.slug, pk=copy.pk)
        else:
            step = workflow.step_to(found, request.POST.get("target", ""))
            if step is None:
                raise Http404
            if not _may(roles, step.roles):
                raise PermissionDenied
            adoption = AdoptionForm(request.POST, instance=found, prefix="adopt")
            note = StepForm(request.POST)
            if note.is_valid() and (step.target != Promise.Status.ADOPTED or adoption.is_valid()):
                if step.target == Promise.Status.ADOPTED:
                    adoption.save()
                workflow.move(found, step, acting_user(request.user), note.cleaned_data["note"])
                messages.success(
                    request, _("The promise is now: %(status)s.") % {"status": found.get_status_display()}
                )
                return redirect("promises:promise", municipality=place.slug, pk=found.pk)
    writer = editor.writes_for(request, place)
    return render(
        request,
        "promises/staff_promise.html",
        {
            "municipality": place,
            "promise": found,
            "steps": [step for step in workflow.steps_from(found) if _may(roles, step.roles)],
            "may_adopt": _may(roles, ADOPT_PROMISES)
            and workflow.step_to(found, Promise.Status.ADOPTED) is not None,
            "may_revise": _may(roles, STEER_PROMISES) and found.status == Promise.Status.PUBLISHED,
            "may_evaluate": _may(roles, EVALUATE_PROMISES),
            "may_comment": found.status == Promise.Status.REVIEW,
            "events": found.events.all(),
            "comments": found.comments.select_related("organisation"),
            "comment_form": comment,
            "adoption_form": adoption,
            "may_write": found.is_editable and editor.may_write(found, writer),
            "admin_url": reverse("admin:promises_promise_change", args=[found.pk])
            if found.is_editable and _may(roles, EDIT_PROMISES)
            else "",
            "whole": review.whole(found),
            "parties": [party.name for party in found.parties.all()],
            "versions": found.versions(),
        },
    )


def _comment(request: HttpRequest, place: Municipality, found: Promise, form: CommentForm) -> bool:
    if found.status != Promise.Status.REVIEW:
        raise PermissionDenied
    held = memberships(request.user).filter(municipality=place).select_related("organisation").first()
    if held is None or not form.is_valid():
        return False
    comment: Any = form.save(commit=False)
    comment.promise, comment.organisation, comment.author = (
        found,
        held.organisation,
        acting_user(request.user),
    )
    comment.save()
    messages.success(request, _("Your comment is saved."))
    return True
