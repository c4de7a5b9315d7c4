"""Primary keys that say nothing about when their row was written.

Rows written when a resident sends the survey (answers, places, the lägesbild's running counts)
take a random key instead of the next number: sorted by key, they come out in no order that
tells which response was sent before which (issue: anonymity that survives a database dump).
"""

import secrets

from django.db import models


def random_key() -> int:
    """A positive 63-bit random number: a collision is as likely as guessing it (about 1 in 10^18)."""
    return secrets.randbelow(2**63 - 1) + 1


def random_primary_key() -> models.BigIntegerField:
    return models.BigIntegerField(primary_key=True, default=random_key, editable=False, serialize=False)


def rekey(apps, model: str) -> None:  # type: ignore[no-untyped-def]
    """For a migration: give the existing rows of `app_label.Model` random keys too."""
    app_label, name = model.split(".")
    manager = apps.get_model(app_label, name).objects
    for old in list(manager.values_list("pk", flat=True)):
        manager.filter(pk=old).update(pk=random_key())
