"""Recording dialogues and counting their topics; staff dialogues stay internal."""

from typing import Any

from tryggve.core.models import AuditEntry
from tryggve.inputs import summaries
from tryggve.inputs.models import Dialogue, Topic

from .conftest import Place, make_place


def form(place: Place, **changes: Any) -> dict[str, Any]:
    topics = Topic.objects.filter(municipality=place.municipality, slug__in=["lighting", "drugs"])
    data = {
        "kind": "citizen",
        "held_on": "2019-05-09",
        "area": place.north.pk,
        "place": "Torget",
        "format": "walk",
        "organisers": [place.kommun.pk],
        "topics": [t.pk for t in topics],
        "raised": "Mörkt vid torget, ring 070-1234567.",
        "requests": "Bättre belysning.",
        "participants_residents": "25",
        "participants_young": "8",
    }
    data.update(changes)
    return data


def test_staff_record_a_dialogue_with_counted_participants_and_scrubbed_text(place: Place) -> None:
    response = place.client("owner").post("/testkommun/dialoger/ny/", form(place), follow=True)
    assert "Dialogen är registrerad." in response.content.decode()
    dialogue = Dialogue.objects.get()
    assert dialogue.participants == {"residents": 25, "young": 8}
    assert "070" not in dialogue.raised and "[borttaget]" in dialogue.raised
    assert {t.slug for t in dialogue.topics.all()} == {"lighting", "drugs"}
    # The page it led to.
    assert AuditEntry.objects.filter(action="view", what__startswith="dialog").count() == 1


def test_a_name_in_the_notes_is_removed_before_the_note_is_stored_and_the_area_kept(place: Place) -> None:
    """The form promises that personal data is removed: "Anna Svensson sa …" keeps no name."""
    raised = f"Anna Svensson sa att det är mörkt i {place.north.name}. Grannen Stig Berg höll med."
    place.client("owner").post(
        "/testkommun/dialoger/ny/", form(place, raised=raised, requests="Fråga Kalle.")
    )
    dialogue = Dialogue.objects.get()
    assert (
        dialogue.raised
        == f"[borttaget] sa att det är mörkt i {place.north.name}. Grannen [borttaget] höll med."
    )
    assert dialogue.requests == "Fråga [borttaget]."


def test_a_future_date_or_negative_count_is_refused_and_nothing_is_saved(place: Place) -> None:
    page = (
        place.client("analyst")
        .post("/testkommun/dialoger/ny/", form(place, held_on="2999-01-01"))
        .content.decode()
    )
    assert "Datumet kan inte vara i framtiden." in page and "Torget" in page
    page = (
        place.client("analyst")
        .post("/testkommun/dialoger/ny/", form(place, participants_young="-3"))
        .content.decode()
    )
    assert "Kontrollera formuläret" in page
    assert not Dialogue.objects.exists()


def test_topics_are_counted_per_area_and_staff_dialogues_only_internally(place: Place) -> None:
    client = place.client("analyst")
    client.post("/testkommun/dialoger/ny/", form(place))
    client.post("/testkommun/dialoger/ny/", form(place, kind="staff", area=""))
    published = summaries.topic_counts(place.municipality, 2019)
    assert [row["area"] for row in published["rows"]] == ["Norr"]
    assert published["codes"] == ["lighting", "drugs"] and published["rows"][0]["counts"] == [1, 1]
    internal = summaries.topic_counts(place.municipality, 2019, internal=True)
    assert sorted(row["area"] for row in internal["rows"]) == ["", "Norr"]
    page = client.get("/testkommun/dialoger/?ar=2019")
    assert [row["dialogues"] for row in page.context["topics"]["rows"]] == [1, 1]


def test_police_staff_serving_two_municipalities_record_in_each(place: Place) -> None:
    other = make_place("grannkommun")
    police = place.users["owner"]
    police.memberships.create(organisation=other.kommun, municipality=other.municipality, role="owner")
    other.kommun.municipalities.add(place.municipality)
    client = place.client("owner")
    assert client.post("/grannkommun/dialoger/ny/", form(other)).status_code == 302
    assert Dialogue.objects.get().municipality == other.municipality
    assert place.client("analyst").get("/grannkommun/dialoger/").status_code == 403
