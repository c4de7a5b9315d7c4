"""The parties hear of their promise by e-mail at review, adoption and publication, and the
start page lists the promises that wait for a user."""

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.test import Client

from tryggve.core.models import Cycle, EmailOptOut, Membership, Municipality, Organisation
from tryggve.promises import workflow
from tryggve.promises.models import Promise
from tryggve.promises.notices import waiting_for

PLEDGE = "Vi lovar fler trafikkontroller på Storgatan, 24 om året."


@pytest.fixture
def promise(db: None) -> Promise:
    place = Municipality.objects.create(name="Ort", official_name="Orts kommun", slug="ort")
    other = Municipality.objects.create(name="Grann", official_name="Granns kommun", slug="grann")
    kommun = Organisation.objects.create(name="Orts kommun", slug="orts-kommun", kind="kommun")
    police = Organisation.objects.create(name="Polisen", slug="polisen", kind="police")
    housing = Organisation.objects.create(name="Bostadsbolaget", slug="bostad", kind="housing")
    kommun.municipalities.add(place)
    police.municipalities.add(place, other)
    housing.municipalities.add(place)
    for name, organisation, municipality, role in (
        ("analyst", kommun, place, "analyst"),
        ("approver", kommun, place, "approver"),
        ("police", police, place, "owner"),
        ("housing", housing, place, "reporter"),  # not a party
        ("neighbour", police, other, "analyst"),  # a party's staff, but in another municipality
    ):
        user = User.objects.create_user(f"ort.{name}", f"{name}@ort.example")
        Membership.objects.create(user=user, organisation=organisation, municipality=municipality, role=role)
    User.objects.create_user("ort.gone", "gone@ort.example", is_active=False)
    Membership.objects.create(
        user=User.objects.get(username="ort.gone"), organisation=kommun, municipality=place, role="owner"
    )
    cycle = Cycle.objects.create(municipality=place, year=2027)
    found = Promise.objects.create(municipality=place, cycle=cycle, pledge_sv=PLEDGE, why_sv="Mopeder 45 %")
    found.parties.set([kommun, police])
    return found


def user(name: str) -> User:
    return User.objects.get(username=f"ort.{name}")


def take(promise: Promise, target: str, by: str, capture: Any) -> None:
    step = workflow.step_to(promise, target)
    assert step is not None
    with capture(execute=True):
        workflow.move(promise, step, user(by))


def test_sending_for_review_mails_every_partys_staff_its_title_and_link(
    promise: Promise, django_capture_on_commit_callbacks: Any
) -> None:
    client = Client()
    client.force_login(user("analyst"))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/ort/medborgarloften/personal/{promise.pk}/", {"target": "review", "note": "Se bilaga"})
    promise.refresh_from_db()
    assert promise.status == "review"
    # The kommun's approver and the police's owner; not who sent it, not a partner that is no
    # party, not the police's staff of the other municipality, not an inactive account.
    assert sorted(message.to[0] for message in mail.outbox) == ["approver@ort.example", "police@ort.example"]
    message = mail.outbox[0]
    assert message.subject == "Att granska: Medborgarlöfte 2027, Ort"
    link = f"http://127.0.0.1:8000/ort/medborgarloften/personal/{promise.pk}/"
    assert message.body.startswith(f"Medborgarlöfte 2027, Ort\n{link}\n")
    for sent in mail.outbox:
        assert PLEDGE not in sent.body and "Mopeder" not in sent.body and "Se bilaga" not in sent.body
        assert not sent.message().is_multipart()  # plain text: no HTML, no photos


def test_adoption_and_publication_are_told_and_a_user_may_turn_each_off(
    promise: Promise, django_capture_on_commit_callbacks: Any
) -> None:
    EmailOptOut.objects.create(user=user("police"), kind="promise_published")
    take(promise, "review", "analyst", django_capture_on_commit_callbacks)
    mail.outbox.clear()
    take(promise, "adopted", "approver", django_capture_on_commit_callbacks)
    assert sorted((m.subject, m.to[0]) for m in mail.outbox) == [
        ("Antaget: Medborgarlöfte 2027, Ort", "analyst@ort.example"),
        ("Antaget: Medborgarlöfte 2027, Ort", "police@ort.example"),
    ]
    mail.outbox.clear()
    take(promise, "published", "analyst", django_capture_on_commit_callbacks)
    assert [(m.subject, m.to) for m in mail.outbox] == [
        ("Publicerat: Medborgarlöfte 2027, Ort", ["approver@ort.example"])
    ]
    mail.outbox.clear()
    take(promise, "archived", "analyst", django_capture_on_commit_callbacks)  # not a step told of
    copy = workflow.new_version(promise, user("analyst"))
    take(copy, "review", "analyst", django_capture_on_commit_callbacks)
    assert {m.subject for m in mail.outbox} == {"Att granska: Medborgarlöfte 2027, Ort, version 2"}


def test_a_step_rolled_back_sends_nothing(promise: Promise, django_capture_on_commit_callbacks: Any) -> None:
    step = workflow.step_to(promise, "review")
    assert step is not None
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        workflow.move(promise, step, user("analyst"))
    assert len(callbacks) == 1 and mail.outbox == []  # only once committed


def tasks(name: str) -> list[str]:
    return [str(waiting.task) for waiting in waiting_for(user(name))]


def test_the_promises_waiting_for_each_role(promise: Promise) -> None:
    assert tasks("police") == []  # a draft waits for nobody
    promise.status = "review"
    promise.save()
    assert tasks("police") == ["Granska och kommentera för din organisation"]
    assert tasks("approver") == ["Anteckna antagandet: beslut och underskrifter"]
    assert tasks("analyst") == ["Granska och kommentera för din organisation"]
    assert tasks("housing") == [] and tasks("neighbour") == []
    promise.status = "adopted"
    promise.save()
    assert tasks("analyst") == ["Antaget: publicera det"]
    assert tasks("police") == [] and tasks("approver") == []
