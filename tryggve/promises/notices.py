"""The parties hear of their promise: an e-mail to the staff of every party when it is sent for
review, adopted and published (a receiver of `workflow.moved`), and the promises waiting for a
user's review, decision or publication (the start page's to-do list)."""

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import QuerySet
from django.dispatch import receiver
from django.urls import reverse
from django.utils.functional import Promise as LazyText
from django.utils.translation import gettext_lazy as _

from tryggve.core import notices
from tryggve.core.access import AnyUser, memberships
from tryggve.core.models import StaffEmail
from tryggve.core.roles import ADOPT_PROMISES, STEER_PROMISES

from . import workflow
from .models import Promise

Status = Promise.Status

# The steps the parties are told of: the kind of e-mail and its subject.
TOLD: dict[str, tuple[str, LazyText]] = {
    Status.REVIEW: (StaffEmail.PROMISE_REVIEW, _("For your review: %(promise)s")),
    Status.ADOPTED: (StaffEmail.PROMISE_ADOPTED, _("Adopted: %(promise)s")),
    Status.PUBLISHED: (StaffEmail.PROMISE_PUBLISHED, _("Published: %(promise)s")),
}


def title(promise: Promise) -> str:
    """The promise as an e-mail names it: its period, municipality and, after the first, version."""
    if promise.revision == 1:
        return str(promise)
    return _("%(promise)s, version %(n)s") % {"promise": promise, "n": promise.revision}


def staff_page(promise: Promise) -> str:
    return reverse("promises:promise", args=[promise.municipality.slug, promise.pk])


def party_staff(promise: Promise) -> QuerySet[User]:
    """Everyone with a role in one of the promise's parties, in the promise's municipality."""
    return User.objects.filter(
        memberships__municipality_id=promise.municipality_id,
        memberships__organisation__in=promise.parties.all(),
    ).distinct()


@receiver(workflow.moved)
def tell_the_parties(
    sender: Any, promise: Promise, step: workflow.Step, user: User | None, **kwargs: Any
) -> None:
    """Once the step is committed, e-mail the parties' staff (not whoever took it) the promise's
    title and the link to its page."""
    if step.target not in TOLD:
        return
    kind, subject = TOLD[step.target]

    def send() -> None:
        with notices.in_email_language():
            staff = party_staff(promise)
            if user is not None:
                staff = staff.exclude(pk=user.pk)
            named = title(promise)
            notices.tell(kind, staff, subject % {"promise": named}, notices.Link(named, staff_page(promise)))

    # A mail server that fails is logged; the step itself is saved either way.
    transaction.on_commit(send, robust=True)


@dataclass(frozen=True)
class Waiting:
    promise: Promise
    task: LazyText


REVIEW = _("Review it and comment for your organisation")
DECIDE = _("Record the adoption: decision and signatures")
PUBLISH = _("Adopted: publish it")


def waiting_for(user: AnyUser) -> list[Waiting]:
    """The promises of the user's municipalities that wait for them: in review, where one of
    their organisations is a party (or they record the adoption), and adopted, for those who
    publish. From the user's own memberships."""
    held = list(memberships(user).values_list("municipality_id", "organisation_id", "role"))
    parties = {(place, organisation) for place, organisation, _role in held}
    deciding = {place for place, _organisation, role in held if role in ADOPT_PROMISES}
    steering = {place for place, _organisation, role in held if role in STEER_PROMISES}
    found = (
        Promise.objects.filter(
            municipality_id__in={place for place, *_rest in held},
            status__in=[Status.REVIEW, Status.ADOPTED],
        )
        .select_related("municipality", "cycle")
        .prefetch_related("parties")
        .order_by("municipality__name", "-cycle__year", "-revision")
    )
    waiting = []
    for promise in found:
        place = promise.municipality_id
        if promise.status == Status.ADOPTED:
            if place in steering:
                waiting.append(Waiting(promise, PUBLISH))
        elif place in deciding:
            waiting.append(Waiting(promise, DECIDE))
        elif any((place, party.pk) in parties for party in promise.parties.all()):
            waiting.append(Waiting(promise, REVIEW))
    return waiting
