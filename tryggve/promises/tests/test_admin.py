"""The promises in the administration: each analyst edits their municipality's promises, and
a promise's parties take part in its municipality."""

import pytest
from django.contrib.auth.models import User
from django.test import Client

from tryggve.promises.models import Promise

pytestmark = pytest.mark.django_db


def test_analyst_edits_promises_only_in_own_municipality(client: Client, demo: None) -> None:
    client.force_login(User.objects.get(username="samordnare.laholm"))
    laholm = Promise.objects.get(municipality__slug="laholm")
    halmstad = Promise.objects.get(municipality__slug="halmstad", slug="2019")
    listing = client.get("/admin/promises/promise/")
    assert listing.status_code == 200
    assert f"/admin/promises/promise/{laholm.pk}/change/" in listing.content.decode()
    assert f"/admin/promises/promise/{halmstad.pk}/change/" not in listing.content.decode()
    assert client.get(f"/admin/promises/promise/{laholm.pk}/change/").status_code == 200
    # Another tenant's promise is not there at all for this user.
    assert client.get(f"/admin/promises/promise/{halmstad.pk}/change/").status_code == 302


def test_partner_reporter_cannot_edit_promises(client: Client, demo: None) -> None:
    client.force_login(User.objects.get(username="hfab.rapportor"))
    assert client.get("/admin/promises/promise/").status_code == 403


def test_police_analyst_edits_promises_in_both_municipalities_it_serves(client: Client, demo: None) -> None:
    client.force_login(User.objects.get(username="kommunpolis"))
    for promise in Promise.objects.filter(municipality__slug__in=["halmstad", "laholm"]):
        assert client.get(f"/admin/promises/promise/{promise.pk}/change/").status_code == 200


def test_promise_parties_must_take_part_in_the_municipality(client: Client, demo: None) -> None:
    client.force_login(User.objects.get(username="it.admin"))
    promise = Promise.objects.get(municipality__slug="laholm")
    Promise.objects.filter(pk=promise.pk).update(status=Promise.Status.DRAFT)  # only drafts are edited
    response = client.get(f"/admin/promises/promise/{promise.pk}/change/")
    form = response.context["adminform"].form
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data["parties"] = [org.pk for org in promise.parties.all()] + [
        promise.parties.model.objects.get(slug="hfab").pk
    ]
    for prefix in ("focus_areas", "activities", "evidence"):
        data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})
    response = client.post(f"/admin/promises/promise/{promise.pk}/change/", data)
    assert response.status_code == 200
    assert "HFAB deltar inte i Laholm." in response.content.decode()
    assert promise.parties.count() == 2
