"""The standard survey (the template's questions), open today in a small municipality."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from tryggve.core.models import Membership
from tryggve.surveys.definition import build_survey
from tryggve.surveys.models import Survey
from tryggve.surveys.standard_questions import TEMPLATE
from tryggve.testing import kommun_of, small_municipality


def open_survey(slug: str = "testkommun") -> Survey:
    """The template survey in a new small municipality (districts Norr and Söder), open for a
    month from yesterday."""
    today = timezone.localdate()
    return build_survey(
        TEMPLATE,
        municipality=small_municipality(slug).municipality,
        year=today.year,
        slug="trygghetsmatning",
        opens=today - timedelta(days=1),
        closes=today + timedelta(days=30),
    )


def analyst_of(survey: Survey, username: str = "analytiker") -> User:
    """A staff user with the analyst role in the survey's municipality, through its kommun."""
    municipality = survey.municipality
    user = User.objects.create_user(username, is_staff=True)
    kommun = kommun_of(municipality)
    Membership.objects.create(
        user=user, organisation=kommun, municipality=municipality, role=Membership.Role.ANALYST
    )
    return user


@pytest.fixture
def survey(db: None) -> Survey:
    return open_survey()
