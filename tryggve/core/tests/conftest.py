"""Two municipalities that share a police area, and their staff, for the admin's access tests."""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import pytest
from django import forms
from django.contrib.admin.widgets import RelatedFieldWidgetWrapper
from django.contrib.auth.models import User
from django.test import Client

from tryggve.core.models import Membership, Municipality, Organisation


def administrator(
    username: str, *municipalities: Municipality, roles: Iterable[str] = (Membership.Role.ADMINISTRATOR,)
) -> User:
    """A staff user with the administrator role (or the roles) in the municipalities, through
    each one's kommun."""
    user = User.objects.create_user(username, f"{username}@kommun.example", is_staff=True)
    for municipality in municipalities:
        kommun = municipality.organisations.get(kind=Organisation.Kind.KOMMUN)
        for role in roles:
            Membership.objects.create(user=user, organisation=kommun, municipality=municipality, role=role)
    return user


def client_of(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@dataclass
class Neighbours:
    halmstad: Municipality
    laholm: Municipality
    police: Organisation
    laholm_admin: User  # administers Laholm only
    both_admin: User  # administers Halmstad and Laholm
    halmstad_analyst: User
    laholm_analyst: User
    police_analyst: User  # an analyst in both, through the police area
    no_role: User  # staff without any membership yet


@pytest.fixture
def neighbours(db: None) -> Neighbours:
    halmstad = Municipality.objects.create(name="Halmstad", official_name="Halmstads kommun", slug="halmstad")
    laholm = Municipality.objects.create(name="Laholm", official_name="Laholms kommun", slug="laholm")
    kommuner = {}
    for municipality in (halmstad, laholm):
        kommun = Organisation.objects.create(
            name=municipality.official_name,
            slug=f"{municipality.slug}s-kommun",
            kind=Organisation.Kind.KOMMUN,
        )
        kommun.municipalities.add(municipality)
        kommuner[municipality] = kommun
    police = Organisation.objects.create(
        name="Lokalpolisområde Halmstad-Laholm",
        slug="lpo-halmstad-laholm",
        kind=Organisation.Kind.POLICE,
        website="https://polisen.example/halmstad-laholm",
    )
    police.municipalities.add(halmstad, laholm)

    def staff(username: str, organisation: Organisation, *municipalities: Municipality) -> User:
        user = User.objects.create_user(username, f"{username}@kommun.example", is_staff=True)
        for municipality in municipalities:
            Membership.objects.create(
                user=user, organisation=organisation, municipality=municipality, role=Membership.Role.ANALYST
            )
        return user

    return Neighbours(
        halmstad=halmstad,
        laholm=laholm,
        police=police,
        laholm_admin=administrator("admin.laholm", laholm),
        both_admin=administrator("admin.bada", halmstad, laholm),
        halmstad_analyst=staff("samordnare.halmstad", kommuner[halmstad], halmstad),
        laholm_analyst=staff("samordnare.laholm", kommuner[laholm], laholm),
        police_analyst=staff("kommunpolis", police, halmstad, laholm),
        no_role=User.objects.create_user("utan.roll", "utan.roll@kommun.example", is_staff=True),
    )


def form_data(response: Any) -> dict[str, Any]:
    """What an admin change page's form sends back as it stands: its fields and its inlines'."""
    forms_: list[forms.BaseForm] = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        forms_.append(inline.formset.management_form)
        forms_.extend(inline.formset.forms)
    data: dict[str, Any] = {}
    for form in forms_:
        for name, field in form.fields.items():
            if field.disabled:
                continue
            widget = field.widget
            while isinstance(widget, RelatedFieldWidgetWrapper):
                widget = widget.widget
            value = form[name].value()
            if isinstance(widget, forms.CheckboxInput):
                if value:
                    data[form.add_prefix(name)] = "on"
                continue
            if isinstance(widget, forms.FileInput):
                continue
            context = widget.get_context(form.add_prefix(name), value, {})["widget"]
            for part in (
                context.get("subwidgets", [context]) if isinstance(widget, forms.MultiWidget) else [context]
            ):
                if part["value"] not in (None, [], ""):
                    data[part["name"]] = part["value"]
    return data
