"""apply_retention: each kind of data goes after its municipality's rule; counts stay; the run
is in the audit log."""

import os
from datetime import timedelta
from io import StringIO
from typing import Any

from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import timezone

from tryggve.core.models import AuditEntry, Municipality, RetentionRule
from tryggve.followup.models import Finding
from tryggve.inputs.models import Incident
from tryggve.surveys.models import Answer, PlaceMark


def run() -> list[str]:
    out = StringIO()
    call_command("apply_retention", stdout=out)
    return out.getvalue().strip().splitlines()


def backdated_entry(days: int, **fields: Any) -> None:
    """An entry written `days` ago (entries cannot be changed afterwards, so it is stored raw)."""
    entry = AuditEntry(**{"username": "x", "action": "view", "what": "old", "path": "/", **fields})
    entry.at = timezone.now() - timedelta(days=days)
    entry.save_base(raw=True)


def test_expired_data_goes_and_the_run_is_recorded(demo: None) -> None:
    halmstad = Municipality.objects.get(slug="halmstad")
    old_texts = Answer.objects.filter(response__survey__municipality=halmstad).exclude(text="")
    old_places = PlaceMark.objects.filter(response__survey__municipality=halmstad).exclude(reason="")
    assert old_texts.exists() and old_places.exists()
    finding = Finding.objects.filter(walk__municipality=halmstad).first()
    assert finding is not None
    finding.photo.save("old.jpg", ContentFile(b"jpeg"))
    stored = finding.photo.path
    backdated_entry(400, municipality=halmstad)
    recent = Incident.objects.filter(municipality=halmstad, purged=False).order_by("-happened_at").first()
    assert recent is not None
    for kind, days in (("survey_text", 365), ("walk_photos", 180), ("audit", 365), ("incidents", 10_000)):
        RetentionRule.objects.create(municipality=halmstad, kind=kind, days=days, decision="KS 2024/1")
    categories_before = (
        Incident.objects.filter(municipality=halmstad).values_list("category", flat=True).count()
    )
    lines = run()
    assert lines[-1].startswith("deleted: ")
    year_ago = timezone.localdate() - timedelta(days=365)
    old = {"response__survey__municipality": halmstad, "response__received_on__lt": year_ago}
    assert not Answer.objects.filter(**old).exclude(text="").exists()
    assert not PlaceMark.objects.filter(**old).exclude(reason="").exists()
    this_year = PlaceMark.objects.filter(
        response__survey__municipality=halmstad, response__received_on__gte=year_ago
    )
    assert this_year.exclude(reason="").exists()
    finding.refresh_from_db()
    assert not finding.photo
    assert not os.path.exists(stored)
    assert not AuditEntry.objects.filter(what="old").exists()
    recent.refresh_from_db()
    assert not recent.purged  # 10,000 days: Halmstad keeps its descriptions longer than the default
    assert Incident.objects.filter(municipality=halmstad).count() == categories_before
    recorded = AuditEntry.objects.filter(action="retention", username="apply_retention")
    assert recorded.filter(municipality=halmstad).count() == 4
    assert any("KS 2024/1" in entry.what for entry in recorded)


def test_without_rules_incident_reports_follow_their_own_date(demo: None) -> None:
    expired = Incident.objects.filter(purged=False).first()
    assert expired is not None
    Incident.objects.filter(pk=expired.pk).update(purge_after=timezone.localdate() - timedelta(days=1))
    lines = run()
    expired.refresh_from_db()
    assert (expired.purged, expired.description, expired.latitude) == (True, "", None)
    assert lines[-1] == "deleted: 1"
    assert run()[-1] == "deleted: 0"


def test_entries_outside_any_municipality_follow_the_installations_rule(db: None, settings: Any) -> None:
    settings.AUDIT_RETENTION_DAYS = 730
    backdated_entry(731)
    backdated_entry(700, what="kept")
    lines = run()
    assert not AuditEntry.objects.filter(what="old").exists()
    assert AuditEntry.objects.filter(what="kept").exists()
    assert "*: Poster i åtkomstloggen: 1 (TRYGGVE_AUDIT_RETENTION_DAYS)" in lines
