"""The promise's way from draft to archive, each step recorded with who and when.

draft → review (the parties comment) → adopted (decision and both signatures) → published →
completed and archived. A published promise is frozen; a change starts a new version (a draft
copy), and publishing that version marks the earlier one as replaced. Both stay public, so
residents can follow the history.
"""

from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db import transaction
from django.dispatch import Signal
from django.utils.functional import Promise as LazyText
from django.utils.translation import gettext_lazy as _

from tryggve.core.roles import ADOPT_PROMISES, STEER_PROMISES

from .models import Promise, PromiseEvent

Status = Promise.Status

# Sent after each step, inside its transaction, with `promise`, `step` and `user`; the e-mails
# to the parties (`promises.notices`) listen.
moved = Signal()


@dataclass(frozen=True)
class Step:
    source: str
    target: str
    roles: frozenset[str]  # who may take the step (a capability of core.roles)
    label: LazyText


STEPS = [
    Step(Status.DRAFT, Status.REVIEW, STEER_PROMISES, _("Send to the parties for review")),
    Step(Status.REVIEW, Status.DRAFT, STEER_PROMISES, _("Back to draft")),
    Step(Status.REVIEW, Status.ADOPTED, ADOPT_PROMISES, _("Record the adoption")),
    Step(Status.ADOPTED, Status.PUBLISHED, STEER_PROMISES, _("Publish")),
    Step(Status.PUBLISHED, Status.ARCHIVED, STEER_PROMISES, _("Mark as completed and archive")),
]


def steps_from(promise: Promise) -> list[Step]:
    return [step for step in STEPS if step.source == promise.status]


def step_to(promise: Promise, target: str) -> Step | None:
    return next((step for step in steps_from(promise) if step.target == target), None)


def record(promise: Promise, source: str, user: User | None, note: str = "") -> PromiseEvent:
    return PromiseEvent.objects.create(
        promise=promise,
        from_status=source,
        to_status=promise.status,
        by=user,
        username=user.get_username() if user else "",
        note=note[:300],
    )


@transaction.atomic
def move(promise: Promise, step: Step, user: User | None, note: str = "") -> None:
    """Take a step; publishing a new version marks the version before it as replaced."""
    promise.status = step.target
    promise.save()
    record(promise, step.source, user, note)
    earlier = promise.revision_of
    if step.target == Status.PUBLISHED and earlier is not None and earlier.status == Status.PUBLISHED:
        earlier.status = Status.SUPERSEDED
        earlier.save()
        record(earlier, Status.PUBLISHED, user, str(_("Replaced by version %(n)s") % {"n": promise.revision}))
    moved.send(sender=Promise, promise=promise, step=step, user=user)


@transaction.atomic
def new_version(promise: Promise, user: User | None) -> Promise:
    """A draft copy of a published promise: texts, parties, focus areas, activities with their
    plans and the evidence behind them. Each copied activity continues the old one, so what was
    logged still counts."""
    copy = Promise.objects.get(pk=promise.pk)
    copy.pk = None
    copy.revision = promise.revision + 1
    copy.revision_of = promise
    copy.status = Status.DRAFT
    for field in ("decision_date", "police_chief_signed_on", "chair_signed_on"):
        setattr(copy, field, None)
    copy.decision_reference = ""
    for field in [f for f in vars(copy) if f.startswith("change_note")]:
        setattr(copy, field, "")
    copy.save()
    copy.parties.set(promise.parties.all())
    focus_areas, activities = {}, {}
    for focus in promise.focus_areas.all():
        old = focus.pk
        focus.pk = None
        focus.promise = copy
        focus.save()
        focus_areas[old] = focus.pk
    for activity in promise.activities.all():
        responsible, areas = list(activity.responsible.all()), list(activity.areas.all())
        old = activity.pk
        activity.pk = None
        activity.promise = copy
        activity.continues_id = old
        activity.save()
        activity.responsible.set(responsible)
        activity.areas.set(areas)
        activities[old] = activity.pk
    for evidence in promise.evidence.all():
        evidence.pk = None
        evidence.promise = copy
        evidence.focus_area_id = focus_areas.get(evidence.focus_area_id) if evidence.focus_area_id else None
        evidence.activity_id = activities.get(evidence.activity_id) if evidence.activity_id else None
        evidence.save()
    record(copy, "", user, str(_("New version of version %(n)s") % {"n": promise.revision}))
    return copy
