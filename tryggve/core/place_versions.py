"""A municipality's `places_version`: new at every change to what residents' pages and forms are
drawn from, the municipality itself, its areas, landmarks, organisations and opening hours.

A server process keeps such things (`core.areas.known_places`, the place report's empty form
in `core.page_cache`) under the version it read with the municipality, so the one query that
reads the municipality also tells every process, at once, that what it keeps is stale. The
version is random, like a survey's, and tells nothing of who changed what or when.
"""

from collections.abc import Iterable
from typing import Any

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save

from .models import Area, Landmark, Municipality, OpeningHours, Organisation, new_version


def bump(municipality_ids: Iterable[int]) -> None:
    """A new version for these municipalities (an update, so no signal of its own is sent)."""
    Municipality.objects.filter(pk__in=list(municipality_ids)).update(places_version=new_version())


def _municipality_saved(sender: Any, instance: Municipality, **kwargs: Any) -> None:
    # Also when it is saved from a copy read before another change bumped the version.
    instance.places_version = new_version()


def _part_changed(sender: Any, instance: Area | Landmark | OpeningHours, **kwargs: Any) -> None:
    bump([instance.municipality_id])


def _organisation_changed(sender: Any, instance: Organisation, **kwargs: Any) -> None:
    # Before a deletion, while the organisation still names its municipalities.
    bump(instance.municipalities.values_list("pk", flat=True))


def _taking_part_changed(
    sender: Any, instance: Organisation | Municipality, action: str, pk_set: set[int] | None, **kwargs: Any
) -> None:
    if action not in ("post_add", "post_remove", "pre_clear"):
        return
    if isinstance(instance, Municipality):
        bump([instance.pk])
    elif action == "pre_clear":
        bump(instance.municipalities.values_list("pk", flat=True))
    else:
        bump(pk_set or ())


def connect() -> None:
    pre_save.connect(_municipality_saved, sender=Municipality, dispatch_uid="places-version-municipality")
    for model in (Area, Landmark, OpeningHours):
        for signal in (post_save, post_delete):
            signal.connect(_part_changed, sender=model, dispatch_uid=f"places-version-{model.__name__}")
    post_save.connect(_organisation_changed, sender=Organisation, dispatch_uid="places-version-organisation")
    pre_delete.connect(_organisation_changed, sender=Organisation, dispatch_uid="places-version-organisation")
    m2m_changed.connect(
        _taking_part_changed,
        sender=Organisation.municipalities.through,
        dispatch_uid="places-version-taking-part",
    )
