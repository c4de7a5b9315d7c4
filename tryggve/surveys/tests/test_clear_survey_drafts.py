"""Expired drafts are removed; current ones stay."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from tryggve.surveys.models import Draft, Survey

pytestmark = pytest.mark.django_db


def test_expired_drafts_are_deleted(survey: Survey) -> None:
    now = timezone.now()
    Draft.objects.create(survey=survey, answers={"area": 1}, expires=now - timedelta(minutes=1))
    Draft.objects.create(survey=survey, submitted=True, expires=now - timedelta(days=3))
    kept = Draft.objects.create(survey=survey, answers={"area": 2}, expires=now + timedelta(hours=5))
    out = StringIO()
    call_command("clear_survey_drafts", stdout=out)
    assert "Deleted 2 expired drafts." in out.getvalue()
    assert list(Draft.objects.all()) == [kept]
