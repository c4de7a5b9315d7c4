"""The promise's workflow: review with comments, adoption with signatures, publishing, frozen
published promises, new versions whose history residents see, and logs that carry over."""

from datetime import date

import pytest
from django.contrib.auth.models import User
from django.test import Client

from tryggve.core.models import Cycle, Membership, Municipality, Organisation
from tryggve.followup.models import ActivityLog
from tryggve.followup.progress import progress
from tryggve.promises.models import Activity, Promise, PromiseEvent, ReviewComment

ADOPTION = {
    "target": "adopted",
    "adopt-decision_body": "Kommunstyrelsen",
    "adopt-decision_date": "2019-03-12",
    "adopt-decision_reference": "KS 2019/45",
    "adopt-police_chief": "Pia Påhittad, lokalpolisområdeschef",
    "adopt-police_chief_signed_on": "2019-03-13",
    "adopt-chair": "Kalle Exempel, kommunstyrelsens ordförande",
    "adopt-chair_signed_on": "2019-03-14",
}


@pytest.fixture
def draft(db: None) -> Promise:
    place = Municipality.objects.create(name="Ort", official_name="Orts kommun", slug="ort")
    kommun = Organisation.objects.create(name="Orts kommun", slug="orts-kommun", kind="kommun")
    police = Organisation.objects.create(name="Polisen", slug="polisen", kind="police")
    for organisation in (kommun, police):
        organisation.municipalities.add(place)
    for name, organisation, role in (("analyst", kommun, "analyst"), ("approver", kommun, "approver"),
                                     ("police", police, "owner")):  # fmt: skip
        user = User.objects.create_user(f"ort.{name}")
        Membership.objects.create(user=user, organisation=organisation, municipality=place, role=role)
    cycle = Cycle.objects.create(municipality=place, year=2019)
    promise = Promise.objects.create(municipality=place, cycle=cycle, pledge_sv="Vi lovar trygghet.")
    activity = Activity.objects.create(promise=promise, title_sv="Trafikkontroller", planned_quantity=2)
    activity.responsible.set([police])
    return promise


def as_user(name: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=f"ort.{name}"))
    return client


def url(promise: Promise) -> str:
    return f"/ort/medborgarloften/personal/{promise.pk}/"


def test_a_promise_goes_from_draft_through_review_and_adoption_to_published(draft: Promise) -> None:
    analyst, approver, police = as_user("analyst"), as_user("approver"), as_user("police")
    assert approver.post(url(draft), {"target": "review"}).status_code == 403  # analysts send to review
    analyst.post(url(draft), {"target": "review", "note": "Till parterna"})
    police.post(url(draft), {"action": "comment", "comment-text": "Lägg till mopedkontroller."})
    assert ReviewComment.objects.get().organisation.slug == "polisen"
    assert analyst.post(url(draft), {**ADOPTION}).status_code == 403  # the approver adopts
    page = approver.post(url(draft), {**ADOPTION, "adopt-chair": ""}).content.decode()
    assert "Kontrollera formuläret" in page
    draft.refresh_from_db()
    assert draft.status == "review"
    approver.post(url(draft), ADOPTION)
    analyst.post(url(draft), {"target": "published"})
    draft.refresh_from_db()
    assert (draft.status, draft.decision_reference, draft.chair_signed_on) == (
        "published",
        "KS 2019/45",
        date(2019, 3, 14),
    )
    steps = [(e.from_status, e.to_status, e.username) for e in draft.events.all()]
    assert steps == [("draft", "review", "ort.analyst"), ("review", "adopted", "ort.approver"),
                     ("adopted", "published", "ort.analyst")]  # fmt: skip
    assert "Vi lovar trygghet." in Client().get("/ort/medborgarloften/").content.decode()


def test_a_step_that_does_not_follow_from_the_status_is_not_found(draft: Promise) -> None:
    assert as_user("analyst").post(url(draft), {"target": "published"}).status_code == 404
    draft.refresh_from_db()
    assert draft.status == "draft" and not PromiseEvent.objects.exists()


def published(promise: Promise) -> Promise:
    Promise.objects.filter(pk=promise.pk).update(status="published")
    promise.refresh_from_db()
    return promise


def test_a_published_promise_is_frozen_in_the_administration(draft: Promise) -> None:
    promise = published(draft)
    admin = User.objects.create_superuser("root")
    client = Client()
    client.force_login(admin)
    page = client.get(f"/admin/promises/promise/{promise.pk}/change/")
    assert page.status_code == 200 and 'name="pledge_sv"' not in page.content.decode()
    client.post(f"/admin/promises/promise/{promise.pk}/change/", {"pledge_sv": "Ändrat"})
    promise.refresh_from_db()
    assert promise.pledge == "Vi lovar trygghet."


def test_a_new_version_replaces_the_old_one_and_keeps_its_log(draft: Promise) -> None:
    promise = published(draft)
    old_activity = promise.activities.get()
    ActivityLog.objects.create(
        activity=old_activity,
        done_on=date(2019, 2, 1),
        quantity=3,
        organisation=old_activity.responsible.get(),
    )
    analyst = as_user("analyst")
    response = analyst.post(url(promise), {"action": "new_version"})
    second = Promise.objects.get(revision=2)
    assert response["Location"] == url(second)
    assert (second.status, second.slug, second.revision_of) == ("draft", "2019-v2", promise)
    new_activity = second.activities.get()
    assert new_activity.continues == old_activity and new_activity.planned_quantity == 2
    Promise.objects.filter(pk=second.pk).update(status="adopted", change_note_sv="Fler kontroller.")
    analyst.post(url(second), {"target": "published"})
    promise.refresh_from_db()
    assert promise.status == "superseded"
    (item,) = progress([new_activity], date(2019, 6, 1))
    assert item.done == 3  # what was logged on the first version still counts
    page = Client().get("/ort/medborgarloften/").content.decode()
    assert "Version 2" in page and "Fler kontroller." in page and "/ort/medborgarloften/2019/" in page
    old_page = Client().get("/ort/medborgarloften/2019/").content.decode()
    assert "en nyare version ersatte den" in old_page


def test_internal_measures_are_planned_and_logged_but_never_public(client: Client, demo: None) -> None:
    internal = Activity.objects.get(promise__municipality__slug="halmstad", public=False)
    assert "samverkansöverenskommelsen" not in client.get("/halmstad/medborgarloften/").content.decode()
    api = client.get("/api/v1/municipalities/halmstad/promises/2019").json()
    assert internal.title not in [activity["title"] for activity in api["activities"]]
    client.force_login(User.objects.get(username="samordnare.halmstad"))
    page = client.get(f"/halmstad/uppfoljning/aktivitet/{internal.pk}/")
    assert page.status_code == 200 and page.context["progress"].done == 4
