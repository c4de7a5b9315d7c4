"""Retention, the one home: how long each kind of data is kept and what removes it.

A municipality's administrators set a `RetentionRule` per kind (each citing its
gallringsbeslut); `apply_retention` applies them daily. Each app that holds such data registers
how to remove one kind of it in its `apps.ready()` (`removes`), and how to remove what has no
rule (`sweeps`), so core, the lowest stage, never imports the apps whose data it removes.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from .models import AuditEntry, Municipality, RetentionRule

Kind = RetentionRule.Kind
# Removes one kind of data from before the date in one municipality (None: in none); the count.
Remover = Callable[[Municipality | None, date], int]


@dataclass(frozen=True)
class Sweep:
    """What is removed without a rule: the kind it is (`label`, for the log), the setting it
    follows instead, and what removes it (the count)."""

    label: Any
    setting: str
    remove: Callable[[], int]


removers: dict[str, Remover] = {}
sweeps: list[Sweep] = []


def removes(kind: str) -> Callable[[Remover], Remover]:
    def register(remover: Remover) -> Remover:
        removers[kind] = remover
        return remover

    return register


def remove(place: Municipality | None, kind: str, before: date) -> int:
    remover = removers.get(kind)
    return remover(place, before) if remover else 0


@removes(Kind.AUDIT_ENTRIES)
def _audit_entries(place: Municipality | None, before: date) -> int:
    return AuditEntry.objects.filter(municipality=place, at__date__lt=before).delete()[0]
