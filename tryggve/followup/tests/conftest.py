"""A published promise with one planned activity, an owner of its organisation and one of another."""

from dataclasses import dataclass
from datetime import date

import pytest
from django.contrib.auth.models import User
from django.test import Client

from tryggve.core.models import Area, Cycle, Membership, Municipality, Organisation
from tryggve.promises.models import Activity, Promise


@dataclass
class Setting:
    municipality: Municipality
    area: Area
    police: Organisation
    kommun: Organisation
    promise: Promise
    controls: Activity
    owner: User
    other_owner: User
    analyst: User

    def client(self, user: User) -> Client:
        client = Client()
        client.force_login(user)
        return client


@pytest.fixture
def setting(db: None) -> Setting:
    municipality = Municipality.objects.create(name="Ort", official_name="Orts kommun", slug="ort")
    area = Area.objects.create(municipality=municipality, name="Centrum", slug="centrum")
    police = Organisation.objects.create(name="Polisen", slug="polisen", kind="police")
    kommun = Organisation.objects.create(name="Orts kommun", slug="orts-kommun", kind="kommun")
    for organisation in (police, kommun):
        organisation.municipalities.add(municipality)
    cycle = Cycle.objects.create(municipality=municipality, year=2019)
    promise = Promise.objects.create(
        municipality=municipality, cycle=cycle, status=Promise.Status.PUBLISHED, pledge_sv="Vi lovar."
    )
    controls = Activity.objects.create(
        promise=promise,
        title_sv="Trafikkontroller",
        order=0,
        planned_quantity=2,
        unit="controls",
        per="month",
    )
    controls.responsible.set([police])
    users = {}
    for name, organisation, role in (
        ("owner", police, "owner"),
        ("other_owner", kommun, "owner"),
        ("analyst", kommun, "analyst"),
    ):
        user = User.objects.create_user(f"ort.{name}", f"{name}@ort.example")
        Membership.objects.create(user=user, organisation=organisation, municipality=municipality, role=role)
        users[name] = user
    return Setting(municipality, area, police, kommun, promise, controls, **users)


def day(month: int, number: int) -> date:
    return date(2019, month, number)
