"""The whole promise as the parties review it and the approver adopts it: its texts in each
language, focus areas, activities with their plans, internal measures marked as such, the
evidence from the adopted lägesbild, and what changed since the promise before it."""

from dataclasses import dataclass
from typing import Any

from django.db.models import prefetch_related_objects
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from tryggve.core.forms import LANGUAGES, Language
from tryggve.situation.references import Figure, Figures

from . import changes
from .models import Activity, Evidence, FocusArea, Promise


@dataclass(frozen=True)
class Written:
    """One text in one language; empty when it is not written in that language."""

    language: Language
    text: str


@dataclass(frozen=True)
class Text:
    label: str
    versions: list[Written]


@dataclass(frozen=True)
class Planned:
    activity: Activity
    titles: list[Written]
    descriptions: list[Written]
    plan: str
    where: str
    responsible: str


@dataclass(frozen=True)
class Focus:
    focus: FocusArea
    descriptions: list[Written]


@dataclass(frozen=True)
class Behind:
    evidence: Evidence
    figure: Figure | None  # None: the adopted lägesbild no longer publishes it


@dataclass(frozen=True)
class Whole:
    texts: list[Text]
    focus_areas: list[Focus]
    activities: list[Planned]
    internal: list[Planned]
    evidence: list[Behind]
    comparison: changes.Comparison | None


def written(instance: Any, field: str) -> list[Written]:
    return [
        Written(language, getattr(instance, f"{field}_{language.code}", "") or "") for language in LANGUAGES
    ]


def text(instance: Any, field: str) -> Text:
    return Text(str(instance._meta.get_field(field).verbose_name), written(instance, field))


def plan(activity: Activity) -> str:
    """The plan in a sentence: how much of what, how often, from when to when."""
    first, last = date_format(activity.first_day, "j F Y"), date_format(activity.last_day, "j F Y")
    if activity.planned_quantity:
        return _("Planned: %(quantity)s %(unit)s %(per)s, %(first)s – %(last)s.") % {
            "quantity": activity.planned_quantity,
            "unit": activity.get_unit_display(),
            "per": activity.get_per_display(),
            "first": first,
            "last": last,
        }
    return _("Runs %(first)s – %(last)s; no number is planned.") % {"first": first, "last": last}


def planned(activity: Activity) -> Planned:
    return Planned(
        activity,
        written(activity, "title"),
        written(activity, "description"),
        plan(activity),
        ", ".join(area.name for area in activity.areas.all()) or _("Whole municipality"),
        ", ".join(organisation.name for organisation in activity.responsible.all()),
    )


def whole(promise: Promise) -> Whole:
    prefetch_related_objects(
        [promise], "focus_areas__area", "activities__responsible", "activities__areas", "parties"
    )
    activities = [planned(activity) for activity in promise.activities.all()]
    figures = Figures(promise.municipality)
    texts = ["pledge", "why", "done_so_far", "dialogue_first"]
    if promise.revision_of_id is not None:
        texts.append("change_note")
    return Whole(
        texts=[text(promise, name) for name in texts],
        focus_areas=[Focus(focus, written(focus, "description")) for focus in promise.focus_areas.all()],
        activities=[item for item in activities if item.activity.public],
        internal=[item for item in activities if not item.activity.public],
        evidence=[
            Behind(evidence, evidence.figure(figures))
            for evidence in promise.evidence.select_related("area", "focus_area__area", "activity")
        ],
        comparison=changes.comparison(promise),
    )
