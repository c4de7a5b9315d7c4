from typing import Any

import pytest
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from tryggve.core.models import Area, Membership, Municipality, Organisation
from tryggve.testing import Neighbours, client_of, form_data

pytestmark = pytest.mark.django_db


def logged_in(client: Client, username: str) -> Client:
    client.force_login(User.objects.get(username=username))
    return client


def test_area_with_invalid_geojson_is_rejected_with_a_clear_message(client: Client, demo: None) -> None:
    logged_in(client, "it.admin")
    halmstad = Municipality.objects.get(slug="halmstad")
    before = Area.objects.count()
    response = client.post(
        "/admin/core/area/add/",
        {
            "municipality": halmstad.pk,
            "name": "Ny stadsdel",
            "slug": "ny-stadsdel",
            "kind": "district",
            "geometry": '{"type": "Polygon", "coordinates": [[[12.8, 56.6], [12.9, 56.6], [12.9, 56.7]]]}',
        },
    )
    assert response.status_code == 200
    assert "Varje ring i en polygon behöver minst fyra positioner." in response.content.decode()
    assert Area.objects.count() == before


def test_area_with_broken_json_is_rejected(client: Client, demo: None) -> None:
    logged_in(client, "it.admin")
    halmstad = Municipality.objects.get(slug="halmstad")
    response = client.post(
        "/admin/core/area/add/",
        {"municipality": halmstad.pk, "name": "X", "slug": "x", "kind": "district", "geometry": "{not json"},
    )
    assert response.status_code == 200
    assert not Area.objects.filter(slug="x").exists()


# A shared police area, its members and the staff list, for an administrator of one municipality.


def police_change(neighbours: Neighbours) -> str:
    return reverse("admin:core_organisation_change", args=[neighbours.police.pk])


def test_shared_police_area_is_read_only_for_an_administrator_of_one_municipality(
    neighbours: Neighbours,
) -> None:
    client = client_of(neighbours.laholm_admin)
    page = client.get(police_change(neighbours))
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    response = client.post(
        police_change(neighbours),
        {
            "name": "Lokalpolisområde Laholm",
            "slug": "lpo-halmstad-laholm",
            "kind": "police",
            "municipalities": [neighbours.laholm.pk],
            "website": "https://elsewhere.example",
            "require_two_factor": "on",
        },
    )
    assert response.status_code == 403
    police = Organisation.objects.get(pk=neighbours.police.pk)
    assert (police.name, police.website, police.require_two_factor) == (
        "Lokalpolisområde Halmstad-Laholm",
        "https://polisen.example/halmstad-laholm",
        False,
    )
    assert set(police.municipalities.all()) == {neighbours.halmstad, neighbours.laholm}


def test_shared_police_area_is_not_deleted_by_an_administrator_of_one_municipality(
    neighbours: Neighbours,
) -> None:
    client = client_of(neighbours.laholm_admin)
    delete = reverse("admin:core_organisation_delete", args=[neighbours.police.pk])
    assert client.get(delete).status_code == 403
    assert client.post(delete, {"post": "yes"}).status_code == 403
    client.post(
        reverse("admin:core_organisation_changelist"),
        {"action": "delete_selected", "_selected_action": [neighbours.police.pk], "post": "yes"},
    )
    assert Organisation.objects.filter(pk=neighbours.police.pk).exists()


def test_administrator_of_every_municipality_it_serves_changes_the_police_area(
    neighbours: Neighbours,
) -> None:
    client = client_of(neighbours.both_admin)
    data = form_data(client.get(police_change(neighbours)))
    data.update(website="https://polisen.example/ny", require_two_factor="on")
    assert client.post(police_change(neighbours), data).status_code == 302
    police = Organisation.objects.get(pk=neighbours.police.pk)
    assert (police.website, police.require_two_factor) == ("https://polisen.example/ny", True)
    assert set(police.municipalities.all()) == {neighbours.halmstad, neighbours.laholm}


def test_organisation_of_ones_own_municipality_is_still_changed(neighbours: Neighbours) -> None:
    client = client_of(neighbours.laholm_admin)
    kommun = Organisation.objects.get(slug="laholms-kommun")
    change = reverse("admin:core_organisation_change", args=[kommun.pk])
    data = form_data(client.get(change))
    data["website"] = "https://laholm.example"
    assert client.post(change, data).status_code == 302
    assert Organisation.objects.get(pk=kommun.pk).website == "https://laholm.example"


MEMBERSHIP_ADD = "/admin/core/membership/add/"


def new_membership(neighbours: Neighbours, **who: Any) -> dict[str, Any]:
    kommun = Organisation.objects.get(slug="laholms-kommun")
    return {"organisation": kommun.pk, "municipality": neighbours.laholm.pk, "role": "analyst", **who}


def test_membership_page_offers_only_the_staff_of_the_administrators_municipalities(
    neighbours: Neighbours,
) -> None:
    page = client_of(neighbours.laholm_admin).get(MEMBERSHIP_ADD)
    offered = set(page.context["adminform"].form.fields["user"].queryset)
    assert {user.username for user in offered} == {
        "admin.laholm",
        "admin.bada",
        "samordnare.laholm",
        "kommunpolis",
    }
    assert "samordnare.halmstad" not in page.content.decode()
    assert "utan.roll" not in page.content.decode()


def test_membership_for_a_user_outside_the_list_is_refused(neighbours: Neighbours) -> None:
    client = client_of(neighbours.laholm_admin)
    response = client.post(MEMBERSHIP_ADD, new_membership(neighbours, user=neighbours.halmstad_analyst.pk))
    assert response.status_code == 200
    assert not neighbours.halmstad_analyst.memberships.filter(municipality=neighbours.laholm).exists()


def test_colleague_is_added_by_exact_user_name_or_email_address(neighbours: Neighbours) -> None:
    client = client_of(neighbours.laholm_admin)
    near_miss = client.post(MEMBERSHIP_ADD, new_membership(neighbours, find_user="samordnare.halm"))
    assert (
        "Inget konto har det här användarnamnet eller den här e-postadressen." in near_miss.content.decode()
    )
    by_name = client.post(MEMBERSHIP_ADD, new_membership(neighbours, find_user="samordnare.halmstad"))
    assert by_name.status_code == 302
    assert neighbours.halmstad_analyst.memberships.filter(municipality=neighbours.laholm).exists()
    by_email = client.post(MEMBERSHIP_ADD, new_membership(neighbours, find_user="UTAN.ROLL@kommun.example"))
    assert by_email.status_code == 302
    assert neighbours.no_role.memberships.get().municipality == neighbours.laholm


def test_one_of_the_three_ways_names_the_person(neighbours: Neighbours) -> None:
    client = client_of(neighbours.laholm_admin)
    both = new_membership(neighbours, user=neighbours.laholm_analyst.pk, find_user="utan.roll")
    for data in (new_membership(neighbours), both):
        response = client.post(MEMBERSHIP_ADD, data)
        assert "ett av de tre" in response.content.decode()
    assert not neighbours.no_role.memberships.exists()


def test_new_colleague_gets_an_account_on_the_membership_page(neighbours: Neighbours) -> None:
    client = client_of(neighbours.laholm_admin)
    data = new_membership(neighbours, new_username="ny.kollega", new_email="ny.kollega@laholm.example")
    response = client.post(MEMBERSHIP_ADD, data, follow=True)
    assert "Kontot ny.kollega skapades." in response.content.decode()
    colleague = User.objects.get(username="ny.kollega")
    assert colleague.is_staff and not colleague.is_superuser
    assert colleague.memberships.get().municipality == neighbours.laholm
    # They choose their own password from the reset e-mail.
    assert list(PasswordResetForm().get_users("ny.kollega@laholm.example")) == [colleague]
    assert "ny.kollega" in client.get("/admin/auth/user/").content.decode()


def test_new_account_needs_a_free_user_name_and_an_email_address(neighbours: Neighbours) -> None:
    client = client_of(neighbours.laholm_admin)
    taken = client.post(MEMBERSHIP_ADD, new_membership(neighbours, new_username="Samordnare.Halmstad"))
    assert "Det finns redan ett konto med det här användarnamnet" in taken.content.decode()
    assert "Ett nytt konto behöver en e-postadress." in taken.content.decode()
    same_email = new_membership(neighbours, new_username="ny", new_email="Kommunpolis@kommun.example")
    assert (
        "Det finns redan ett konto med den här e-postadressen"
        in client.post(MEMBERSHIP_ADD, same_email).content.decode()
    )
    assert User.objects.count() == 6


def changelist_users(client: Client) -> set[str]:
    response = client.get("/admin/auth/user/")
    assert response.status_code == 200
    return {user.username for user in response.context["cl"].result_list}


def test_user_list_shows_only_the_administrators_municipalities_staff(neighbours: Neighbours) -> None:
    assert changelist_users(client_of(neighbours.laholm_admin)) == {
        "admin.laholm",
        "admin.bada",
        "samordnare.laholm",
        "kommunpolis",
    }


def test_superuser_sees_every_user(neighbours: Neighbours) -> None:
    root = User.objects.create_superuser("root", "root@example.se")
    assert len(changelist_users(client_of(root))) == User.objects.count() == 7


def test_administrator_changes_own_staff_but_not_shared_colleagues_or_superusers(
    neighbours: Neighbours,
) -> None:
    client = client_of(neighbours.laholm_admin)
    own = reverse("admin:auth_user_change", args=[neighbours.laholm_analyst.pk])
    data = form_data(client.get(own))
    data.update(last_name="Påhittsson", is_superuser="on")
    assert client.post(own, data).status_code == 302
    analyst = User.objects.get(pk=neighbours.laholm_analyst.pk)
    assert analyst.last_name == "Påhittsson" and not analyst.is_superuser

    root = User.objects.create_superuser("root", "root@example.se")
    Membership.objects.create(
        user=root,
        organisation=Organisation.objects.get(slug="laholms-kommun"),
        municipality=neighbours.laholm,
        role="admin",
    )
    for shared in (neighbours.police_analyst, neighbours.both_admin, root):
        change = reverse("admin:auth_user_change", args=[shared.pk])
        assert 'name="_save"' not in client.get(change).content.decode()
        assert client.post(change, {"username": "taken.over", "email": "x@example.se"}).status_code == 403
        password = reverse("admin:auth_user_password_change", args=[shared.pk])
        assert (
            client.post(password, {"password1": "Ny-lösen-123", "password2": "Ny-lösen-123"}).status_code
            == 403
        )
        assert User.objects.get(pk=shared.pk).username == shared.username
    elsewhere = reverse("admin:auth_user_change", args=[neighbours.halmstad_analyst.pk])
    assert client.get(elsewhere)["Location"] == reverse("admin:index")


def test_not_even_a_superuser_deletes_a_municipality_in_the_administration(neighbours: Neighbours) -> None:
    root = User.objects.create_superuser("root", "root@example.org", "x")
    client = client_of(root)
    laholm = neighbours.laholm
    delete = reverse("admin:core_municipality_delete", args=[laholm.pk])
    assert client.get(delete).status_code == 403
    assert client.post(delete, {"post": "yes"}).status_code == 403
    change = client.get(reverse("admin:core_municipality_change", args=[laholm.pk])).content.decode()
    assert delete not in change
    assert Municipality.objects.filter(pk=laholm.pk).exists()
