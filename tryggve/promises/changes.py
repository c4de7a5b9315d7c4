"""What changed in a promise since the one before it, in words an approver can read.

The one before is the version it is a new version of, or else the newest adopted promise of an
earlier year. Each text is compared word by word in each language; then the period and the
parties, the focus areas, each activity (matched by the activity it continues, else by its
Swedish title) with its plan, and the evidence.
"""

import difflib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import prefetch_related_objects
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from tryggve.core.forms import LANGUAGES
from tryggve.core.languages import page_language

from .models import Activity, Evidence, FocusArea, Promise

# The promise's own texts; what changed (`change_note`) describes the change itself.
PROMISE_TEXTS = ("pledge", "why", "done_so_far", "dialogue_first")
ADOPTED_OR_LATER = ("adopted", "published", "superseded", "archived")


@dataclass(frozen=True)
class Change:
    subject: str
    html: SafeString  # the change itself: words struck and added, or before and now


@dataclass(frozen=True)
class Section:
    title: str
    changes: list[Change]


@dataclass(frozen=True)
class Comparison:
    earlier: Promise
    title: str  # "Since version 1", "Since the citizen promise 2019"
    sections: list[Section]


def earlier_than(promise: Promise) -> Promise | None:
    """The promise to compare with: the version before, else the newest adopted promise of the
    municipality from an earlier year (a promise is usually renewed each year)."""
    if promise.revision_of_id is not None:
        return promise.revision_of
    return (
        Promise.objects.filter(
            municipality_id=promise.municipality_id,
            cycle__year__lt=promise.cycle.year,
            status__in=ADOPTED_OR_LATER,
        )
        .select_related("cycle")
        .order_by("-cycle__year", "-revision")
        .first()
    )


def comparison(promise: Promise) -> Comparison | None:
    earlier = earlier_than(promise)
    if earlier is None:
        return None
    if promise.revision_of_id == earlier.pk:
        title = _("Since version %(n)s") % {"n": earlier.revision}
    else:
        title = _("Since the citizen promise %(period)s") % {"period": earlier.period}
    return Comparison(earlier, title, compare(earlier, promise))


def compare(old: Promise, new: Promise) -> list[Section]:
    """The sections that changed, each with its changes; empty when nothing did."""
    prefetch = (
        "parties",
        "focus_areas__area",
        "activities__responsible",
        "activities__areas",
        "evidence__area",
    )
    prefetch_related_objects([old, new], *prefetch)
    sections = [
        Section(_("The texts"), _texts(old, new, PROMISE_TEXTS, "")),
        Section(_("Period and parties"), _period_and_parties(old, new)),
        Section(_("Focus areas"), _focus_areas(old, new)),
        Section(_("Activities and internal measures"), _activities(old, new)),
        Section(_("Evidence from the lägesbild"), _evidence(old, new)),
    ]
    return [section for section in sections if section.changes]


# ---------------------------------------------------------------- how a change is shown


def _label(text: str) -> SafeString:
    """A word that says what a struck or added part is, for those who do not see the styling."""
    return format_html('<span class="visually-hidden" lang="{}">{} </span>', page_language(), text)


def words(before: str, after: str, language: str = "", direction: str = "") -> SafeString:
    """The text with the words taken away struck (<del>) and those added marked (<ins>)."""
    old, new = before.split(), after.split()
    parts: list[SafeString] = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            parts.append(format_html("{}", " ".join(old[i1:i2])))
        if tag in ("delete", "replace"):
            parts.append(format_html("<del>{}{}</del>", _label(_("removed:")), " ".join(old[i1:i2])))
        if tag in ("insert", "replace"):
            parts.append(format_html("<ins>{}{}</ins>", _label(_("added:")), " ".join(new[j1:j2])))
    joined = SafeString(" ".join(parts))
    if not language:
        return joined
    return format_html('<span class="changed-text" lang="{}" dir="{}">{}</span>', language, direction, joined)


def before_and_now(before: str, after: str) -> SafeString:
    return format_html(
        "{} <del>{}</del>, {} <ins>{}</ins>", _("before:"), before or "–", _("now:"), after or "–"
    )


def _name(instance: Any, field: str) -> str:
    return str(capfirst(instance._meta.get_field(field).verbose_name))


def _texts(old: Any, new: Any, fields: Iterable[str], subject: str) -> list[Change]:
    """Each translated field that changed, per language (a text removed or added as well)."""
    found = []
    for field in fields:
        for language in LANGUAGES:
            before = getattr(old, f"{field}_{language.code}", "") or ""
            after = getattr(new, f"{field}_{language.code}", "") or ""
            if " ".join(before.split()) == " ".join(after.split()):
                continue
            what = f"{_name(new, field)} ({str(language.name).lower()})"
            found.append(
                Change(
                    f"{subject}: {what}" if subject else what,
                    words(before, after, language.code, language.direction),
                )
            )
    return found


def _names(items: Iterable[Any]) -> str:
    return ", ".join(sorted(str(item) for item in items))


def _sets(subject: str, before: Iterable[Any], after: Iterable[Any]) -> list[Change]:
    old, new = {str(item) for item in before}, {str(item) for item in after}
    if old == new:
        return []
    parts = []
    if new - old:
        parts.append(format_html("{} <ins>{}</ins>", _("added:"), ", ".join(sorted(new - old))))
    if old - new:
        parts.append(format_html("{} <del>{}</del>", _("removed:"), ", ".join(sorted(old - new))))
    return [Change(subject, SafeString("; ".join(parts)))]


def _period_and_parties(old: Promise, new: Promise) -> list[Change]:
    found = []
    if old.period != new.period:
        found.append(Change(_("Period"), before_and_now(old.period, new.period)))
    found += _sets(_name(new, "parties"), old.parties.all(), new.parties.all())
    return found


def _focus_areas(old: Promise, new: Promise) -> list[Change]:
    before: dict[int, FocusArea] = {focus.area_id: focus for focus in old.focus_areas.all()}
    after: dict[int, FocusArea] = {focus.area_id: focus for focus in new.focus_areas.all()}
    found = [
        Change(after[area].area.name, format_html("{}", _("New focus area")))
        for area in after
        if area not in before
    ]
    found += [
        Change(before[area].area.name, format_html("{}", _("No longer a focus area")))
        for area in before
        if area not in after
    ]
    for area in after.keys() & before.keys():
        found += _texts(before[area], after[area], ("description",), after[area].area.name)
    return found


# ---------------------------------------------------------------- activities


def _dated(value: Any) -> str:
    return date_format(value, "j F Y") if value else ""


PLAN: list[tuple[str, Callable[[Activity], str]]] = [
    ("planned_quantity", lambda a: "" if a.planned_quantity is None else str(a.planned_quantity)),
    ("unit", lambda a: str(a.get_unit_display())),
    ("per", lambda a: str(a.get_per_display())),
    ("starts", lambda a: _dated(a.starts)),
    ("ends", lambda a: _dated(a.ends)),
]


def _swedish(instance: Any, field: str) -> str:
    return " ".join((getattr(instance, f"{field}_sv", "") or "").split())


def kind_of(activity: Activity) -> str:
    return _("activity of the public promise") if activity.public else _("internal measure")


def pairs(old: Iterable[Activity], new: Iterable[Activity]) -> list[tuple[Activity | None, Activity | None]]:
    """Old and new activities side by side: by the activity a new one continues, else by title."""
    remaining = {activity.pk: activity for activity in old}
    found: list[tuple[Activity | None, Activity | None]] = []
    unmatched = []
    for activity in new:
        if activity.continues_id in remaining:
            found.append((remaining.pop(activity.continues_id), activity))
        else:
            unmatched.append(activity)
    for activity in unmatched:
        title = _swedish(activity, "title")
        same = next((o for o in remaining.values() if _swedish(o, "title") == title), None)
        if same is not None:
            del remaining[same.pk]
        found.append((same, activity))
    found += [(activity, None) for activity in remaining.values()]
    return found


def _activities(old: Promise, new: Promise) -> list[Change]:
    found = []
    for before, after in pairs(old.activities.all(), new.activities.all()):
        if before is None and after is not None:
            found.append(Change(after.title, format_html("{} ({})", _("New"), kind_of(after))))
        elif after is None and before is not None:
            found.append(Change(before.title, format_html("{} ({})", _("Removed"), kind_of(before))))
        elif before is not None and after is not None:
            found += _activity(before, after)
    return found


def _activity(before: Activity, after: Activity) -> list[Change]:
    subject = after.title
    found = _texts(before, after, ("title", "description"), subject)
    if before.public != after.public:
        found.append(Change(subject, before_and_now(kind_of(before), kind_of(after))))
    found += _sets(
        f"{subject}: {_name(after, 'responsible')}", before.responsible.all(), after.responsible.all()
    )
    for field, shown in PLAN:
        if shown(before) != shown(after):
            found.append(
                Change(f"{subject}: {_name(after, field)}", before_and_now(shown(before), shown(after)))
            )
    where_before = _names(before.areas.all()) or _("Whole municipality")
    where_after = _names(after.areas.all()) or _("Whole municipality")
    if where_before != where_after:
        found.append(Change(f"{subject}: {_name(after, 'areas')}", before_and_now(where_before, where_after)))
    return found


# ---------------------------------------------------------------- evidence


def described(evidence: Evidence) -> str:
    return "{kind}: {code}, {area}, {year}".format(
        kind=evidence.get_kind_display(),
        code=evidence.code,
        area=evidence.area.name if evidence.area else _("Whole municipality"),
        year=evidence.year,
    )


def _evidence(old: Promise, new: Promise) -> list[Change]:
    before = {described(evidence) for evidence in old.evidence.all()}
    after = {described(evidence) for evidence in new.evidence.all()}
    found = [Change(text, format_html("{}", _("New"))) for text in sorted(after - before)]
    found += [Change(text, format_html("{}", _("Removed"))) for text in sorted(before - after)]
    return found
