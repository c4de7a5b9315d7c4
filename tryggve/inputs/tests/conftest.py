"""A small municipality with two districts and one role of each kind, for the inputs' tests."""

from dataclasses import dataclass
from datetime import datetime

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from tryggve.core.models import Area, Membership, Municipality, Organisation
from tryggve.inputs.models import Category, Incident
from tryggve.testing import small_municipality

# A point in each district, one in the municipality between them, and one far outside it.
IN_NORTH = (56.71, 12.85)
IN_SOUTH = (56.69, 12.85)
BETWEEN = (56.70, 12.80)
OUTSIDE = (59.33, 18.07)


@dataclass
class Place:
    municipality: Municipality
    whole: Area
    north: Area
    south: Area
    kommun: Organisation
    housing: Organisation
    users: dict[str, User]

    def client(self, role: str) -> Client:
        client = Client()
        client.force_login(self.users[role])
        return client

    def category(self, slug: str) -> Category:
        return Category.objects.get(municipality=self.municipality, slug=slug)

    def report(self, area: Area, when: datetime, slug: str = "graffiti", text: str = "Klotter") -> Incident:
        return Incident.objects.create(
            municipality=self.municipality,
            category=self.category(slug),
            happened_at=when,
            area=area,
            description=text,
            organisation=self.housing,
        )


def make_place(slug: str = "testkommun") -> Place:
    small = small_municipality(slug)
    municipality, kommun = small.municipality, small.kommun
    north = small.north
    housing = Organisation.objects.create(name=f"{slug} bostäder", slug=f"{slug}-bostader", kind="housing")
    housing.municipalities.add(municipality)
    users: dict[str, User] = {}
    for role, organisation, areas in (
        ("analyst", kommun, []),
        ("reporter", housing, [north]),
        ("owner", kommun, []),
        ("approver", kommun, []),
        ("admin", kommun, []),
    ):
        user = User.objects.create_user(f"{slug}.{role}", f"{role}@{slug}.example", "x")
        membership = Membership.objects.create(
            user=user, organisation=organisation, municipality=municipality, role=role
        )
        membership.areas.set(areas)
        users[role] = user
    return Place(municipality, small.whole, north, small.south, kommun, housing, users)


@pytest.fixture
def place(db: None) -> Place:
    return make_place()


def local(*parts: int) -> datetime:
    return timezone.make_aware(datetime(*parts))  # type: ignore[arg-type]
