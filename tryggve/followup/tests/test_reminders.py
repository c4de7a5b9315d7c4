"""The reminders of late measures, place reports and activities: who gets which e-mail, a title and a link
only, the users' choices honoured, never the same reminder twice a day."""

from datetime import date, timedelta
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.core.management import call_command
from django.utils.formats import date_format

from tryggve.core.models import EmailOptOut, Membership, Municipality, Organisation, SentReminder
from tryggve.followup.models import ActivityLog, Finding, Measure, SafetyWalk
from tryggve.inputs.models import PlaceReport

from .conftest import Setting

TODAY = date.today()
ACTION = "Byt armaturen i gångtunneln hos Kalle 070-123 45 67"  # free text, never e-mailed
DESCRIPTION = "Mörkt, en boende berättade om ett rån"


@pytest.fixture
def walk(setting: Setting) -> SafetyWalk:
    walk = SafetyWalk.objects.create(
        municipality=setting.municipality, walk_on=date(2024, 4, 2), area=setting.area, route="Runt torget"
    )
    return walk


def measure(walk: SafetyWalk, organisation: Organisation, due: date | None, **fields: object) -> Measure:
    finding = Finding.objects.create(walk=walk, kind="lighting", place="Gångtunneln", description=DESCRIPTION)
    return Measure.objects.create(
        finding=finding, organisation=organisation, action=ACTION, due=due, **fields
    )


def remind(command: str, *args: str) -> str:
    out = StringIO()
    call_command(command, *args, stdout=out)
    return out.getvalue().strip()


def test_measures_due_within_a_week_or_overdue_go_to_their_organisations_staff(
    setting: Setting, walk: SafetyWalk
) -> None:
    overdue = measure(walk, setting.kommun, TODAY - timedelta(days=3))
    soon = measure(walk, setting.kommun, TODAY + timedelta(days=7))
    measure(walk, setting.kommun, TODAY + timedelta(days=8))  # not yet
    measure(walk, setting.kommun, TODAY - timedelta(days=30), status="done", done_on=TODAY)
    measure(walk, setting.kommun, TODAY - timedelta(days=30), status="rejected", reason="För dyrt")
    measure(walk, setting.kommun, None)  # no due date
    police = measure(walk, setting.police, TODAY)  # due today: the police's owner only
    # The kommun's staff in another municipality hear nothing of this one's measures.
    elsewhere = Municipality.objects.create(name="Annan", official_name="Annan kommun", slug="annan")
    stranger = User.objects.create_user("annan.owner", "annan@annan.example")
    Membership.objects.create(
        user=stranger, organisation=setting.kommun, municipality=elsewhere, role="owner"
    )

    assert remind("send_measure_reminders") == "reminded: 3"
    sent = {message.to[0]: message for message in mail.outbox}
    assert set(sent) == {"other_owner@ort.example", "analyst@ort.example", "owner@ort.example"}
    kommun = sent["analyst@ort.example"].body
    assert f"/ort/uppfoljning/vandringar/{walk.pk}/#f{overdue.finding_id}" in kommun
    assert f"/ort/uppfoljning/vandringar/{walk.pk}/#f{soon.finding_id}" in kommun
    assert "Försenad: en åtgärd efter trygghetsvandringen i Centrum den 2 april 2024 (Belysning)" in kommun
    assert "Inom en vecka: en åtgärd efter trygghetsvandringen i Centrum den 2 april 2024" in kommun
    assert kommun.count("/ort/uppfoljning/vandringar/") == 2
    assert f"#f{police.finding_id}" in sent["owner@ort.example"].body
    assert f"#f{police.finding_id}" not in kommun
    for message in mail.outbox:
        assert ACTION not in message.body and DESCRIPTION not in message.body
        assert "070-123" not in message.body
        assert message.subject == "Påminnelse: åtgärder efter trygghetsvandringar för din organisation"
        assert not message.message().is_multipart()  # plain text: no HTML, no photos
    assert SentReminder.objects.filter(user=setting.analyst).count() == 2


def test_the_same_reminder_is_not_sent_twice_a_day_but_becoming_overdue_is_new(
    setting: Setting, walk: SafetyWalk
) -> None:
    soon = measure(walk, setting.police, TODAY + timedelta(days=2))
    assert remind("send_measure_reminders") == "reminded: 1"
    assert remind("send_measure_reminders") == "reminded: 0"
    assert remind("send_measure_reminders", "--every", "0") == "reminded: 0"  # at least a day apart
    SentReminder.objects.update(sent_on=TODAY - timedelta(days=1))
    assert remind("send_measure_reminders", "--every", "1") == "reminded: 1"  # again the next day
    assert remind("send_measure_reminders", "--every", "1") == "reminded: 0"
    soon.due = TODAY - timedelta(days=1)
    soon.save()
    assert remind("send_measure_reminders") == "reminded: 1"  # now overdue: a reminder of its own
    assert "Försenad" in mail.outbox[-1].body
    # What is recorded names the user, the kind, the measure and the day, nothing else.
    assert {field.name for field in SentReminder._meta.get_fields()} == {
        "id",
        "user",
        "kind",
        "about",
        "sent_on",
    }


def test_staff_who_turned_measure_reminders_off_get_none(setting: Setting, walk: SafetyWalk) -> None:
    measure(walk, setting.kommun, TODAY)
    EmailOptOut.objects.create(user=setting.analyst, kind="measure_due")
    EmailOptOut.objects.create(user=setting.other_owner, kind="activity_behind")  # another kind
    assert remind("send_measure_reminders") == "reminded: 1"
    assert [message.to for message in mail.outbox] == [["other_owner@ort.example"]]


def test_owners_of_activities_behind_their_plan_get_its_title_and_link_without_figures(
    setting: Setting,
) -> None:
    promise = setting.promise
    promise.cycle.year = TODAY.year
    promise.cycle.save()
    ActivityLog.objects.create(
        activity=setting.controls, done_on=TODAY, quantity=0, organisation=setting.police, note="Kontroll"
    )
    assert remind("send_activity_reminders") == "reminded: 1"  # nothing done: behind its plan
    (message,) = mail.outbox
    assert message.to == ["owner@ort.example"]
    assert message.subject == "Påminnelse: logga medborgarlöftets aktiviteter"
    assert message.body.startswith(
        f"Trafikkontroller\nhttp://127.0.0.1:8000/ort/uppfoljning/aktivitet/{setting.controls.pk}/\n"
    )
    assert not any(character.isdigit() for character in message.body.split("\n", 2)[0])
    assert "trafikkontroller loggade" not in message.body and "Kontroll" not in message.body
    assert "/konto/epost/" in message.body
    assert remind("send_activity_reminders") == "reminded: 0"  # not twice a day
    EmailOptOut.objects.create(user=setting.owner, kind="activity_behind")
    SentReminder.objects.all().delete()
    assert remind("send_activity_reminders") == "reminded: 0"


def test_activities_on_track_and_of_unpublished_promises_are_not_reminded(setting: Setting) -> None:
    promise = setting.promise
    promise.cycle.year = TODAY.year
    promise.cycle.save()
    ActivityLog.objects.create(
        activity=setting.controls, done_on=TODAY, quantity=30, organisation=setting.police
    )
    assert remind("send_activity_reminders") == "reminded: 0"  # done: the whole plan is logged
    ActivityLog.objects.all().delete()
    promise.status = "adopted"
    promise.save()
    assert remind("send_activity_reminders") == "reminded: 0"


def test_what_was_sent_is_kept_only_as_long_as_it_is_needed(setting: Setting, walk: SafetyWalk) -> None:
    old = SentReminder.objects.create(
        user=setting.owner, kind="measure_due", about="measure:0:due", sent_on=TODAY - timedelta(days=61)
    )
    recent = SentReminder.objects.create(
        user=setting.owner, kind="measure_due", about="measure:0:overdue", sent_on=TODAY - timedelta(days=59)
    )
    assert remind("send_measure_reminders") == "reminded: 0"
    assert list(SentReminder.objects.all()) == [recent]
    assert not SentReminder.objects.filter(pk=old.pk).exists()


# --- Residents' place reports routed to an organisation ---------------------------------------

RESIDENT_TEXT = "Mörkt i tunneln, Kalle på 070-123 45 67 brukar stå där"  # never e-mailed
RESIDENT_PLACE = "Tunneln under järnvägen"


def place_report(
    setting: Setting, organisation: Organisation | None, due: date | None, **fields: object
) -> PlaceReport:
    values: dict[str, object] = {
        "municipality": setting.municipality,
        "kind": "lighting",
        "area": setting.area,
        "place": RESIDENT_PLACE,
        "description": RESIDENT_TEXT,
        "received_on": TODAY - timedelta(days=20),
        "organisation": organisation,
        "due": due,
        "status": "received" if organisation else "new",
        **fields,
    }
    return PlaceReport.objects.create(**values)


def answerer(setting: Setting, name: str, organisation: Organisation, role: str = "reporter") -> User:
    user = User.objects.create_user(f"ort.{name}", f"{name}@ort.example")
    Membership.objects.create(
        user=user, organisation=organisation, municipality=setting.municipality, role=role
    )
    return user


def test_place_reports_due_or_overdue_go_to_the_staff_who_answer_for_the_organisation(
    setting: Setting,
) -> None:
    housing = Organisation.objects.create(name="Ortshem", slug="ortshem", kind="housing")
    housing.municipalities.add(setting.municipality)
    answerer(setting, "housing", housing)
    overdue_on, soon_on = TODAY - timedelta(days=2), TODAY + timedelta(days=7)
    overdue = place_report(setting, setting.kommun, overdue_on)
    soon = place_report(setting, housing, soon_on, kind="gathering")
    place_report(setting, setting.kommun, TODAY + timedelta(days=8))  # not yet
    place_report(setting, setting.kommun, TODAY - timedelta(days=9), status="done")
    place_report(setting, setting.kommun, TODAY - timedelta(days=9), status="not_done", reason="Privat mark")
    place_report(setting, setting.kommun, TODAY - timedelta(days=9), hidden=True, hidden_reason="Hot")
    place_report(setting, setting.kommun, TODAY - timedelta(days=9), duplicate_of=overdue)
    place_report(setting, setting.kommun, None)  # routed without a due date
    place_report(setting, None, None)  # not routed yet
    # The kommun's answerers in another municipality hear nothing of this one's reports.
    elsewhere = Municipality.objects.create(name="Annan", official_name="Annan kommun", slug="annan")
    stranger = User.objects.create_user("annan.owner", "annan@annan.example")
    Membership.objects.create(
        user=stranger, organisation=setting.kommun, municipality=elsewhere, role="owner"
    )

    assert remind("send_measure_reminders") == "reminded: 2"
    sent = {message.to[0]: message for message in mail.outbox}
    # The kommun's activity owner answers place reports; its analyst moderates and is not reminded.
    assert set(sent) == {"other_owner@ort.example", "housing@ort.example"}
    kommun = sent["other_owner@ort.example"]
    assert kommun.subject == "Påminnelse: invånarnas platsrapporter till din organisation"
    assert (
        f"Försenad sedan {date_format(overdue_on, 'j F Y')}: en invånares platsrapport i Centrum (Belysning)"
        in kommun.body
    )
    assert f"http://127.0.0.1:8000/ort/platsrapporter/{overdue.pk}/" in kommun.body
    assert kommun.body.count("/ort/platsrapporter/") == 1
    housing_body = sent["housing@ort.example"].body
    assert f"Senast {date_format(soon_on, 'j F Y')}: en invånares platsrapport i Centrum" in housing_body
    assert f"/ort/platsrapporter/{soon.pk}/" in housing_body
    assert f"/ort/platsrapporter/{overdue.pk}/" not in housing_body
    for message in mail.outbox:
        assert RESIDENT_TEXT not in message.body and RESIDENT_PLACE not in message.body
        # The phone number in words, not "070" alone: a report's random key may hold those digits.
        assert "070-123" not in message.body and "Kalle" not in message.body
        assert not message.message().is_multipart()  # plain text: no HTML, no photo
    assert set(SentReminder.objects.values_list("kind", flat=True)) == {"place_report_due"}


def test_a_place_report_is_reminded_once_per_due_date_and_once_when_overdue(setting: Setting) -> None:
    item = place_report(setting, setting.kommun, TODAY + timedelta(days=3))
    assert remind("send_measure_reminders") == "reminded: 1"
    assert remind("send_measure_reminders") == "reminded: 0"
    SentReminder.objects.update(sent_on=TODAY - timedelta(days=30))
    assert remind("send_measure_reminders", "--every", "1") == "reminded: 0"  # --every is the measures'
    item.due = TODAY + timedelta(days=5)  # a new due date: a reminder of its own
    item.save()
    assert remind("send_measure_reminders") == "reminded: 1"
    item.due = TODAY - timedelta(days=1)  # now overdue
    item.save()
    assert remind("send_measure_reminders") == "reminded: 1"
    assert "Försenad sedan" in mail.outbox[-1].body
    assert remind("send_measure_reminders") == "reminded: 0"
    item.status = "planned"  # still open
    item.save()
    assert remind("send_measure_reminders") == "reminded: 0"
    item.status = "done"
    item.due = TODAY - timedelta(days=2)
    item.save()
    assert remind("send_measure_reminders") == "reminded: 0"  # closed: nothing more
    assert set(SentReminder.objects.values_list("about", flat=True)) == {
        f"place:{item.pk}:{(TODAY + timedelta(days=3)).isoformat()}:due",
        f"place:{item.pk}:{(TODAY + timedelta(days=5)).isoformat()}:due",
        f"place:{item.pk}:{(TODAY - timedelta(days=1)).isoformat()}:overdue",
    }


def test_staff_who_turned_place_report_reminders_off_get_none(setting: Setting) -> None:
    place_report(setting, setting.kommun, TODAY)
    answerer(setting, "gatukontor", setting.kommun, role="owner")
    EmailOptOut.objects.create(user=setting.other_owner, kind="place_report_due")
    EmailOptOut.objects.create(user=setting.other_owner, kind="measure_due")  # unrelated here
    assert remind("send_measure_reminders") == "reminded: 1"
    assert [message.to for message in mail.outbox] == [["gatukontor@ort.example"]]
