"""The staff's overview of the current promise's activities, and which activities the log lists."""

from datetime import date
from typing import Any

from django.utils import timezone

from tryggve.core.models import Cycle, Organisation
from tryggve.followup.models import ActivityLog
from tryggve.followup.views import current_promise, listed_for, loggable
from tryggve.promises.models import Activity, Promise
from tryggve.testing import assert_valid_html

from .conftest import Setting, day

URL = "/ort/uppfoljning/"
LOG = "/ort/uppfoljning/logga/"


def promise_of(setting: Setting, year: int, status: str, end_year: int | None = None) -> Promise:
    cycle, _created = Cycle.objects.get_or_create(municipality=setting.municipality, year=year)
    return Promise.objects.create(
        municipality=setting.municipality,
        cycle=cycle,
        status=status,
        end_year=end_year,
        pledge_sv="Vi lovar.",
    )


def activity_of(promise: Promise, title: str, responsible: Organisation, **plan: Any) -> Activity:
    activity = Activity.objects.create(promise=promise, title_sv=title, **plan)
    activity.responsible.set([responsible])
    return activity


def test_with_no_promise_running_the_latest_published_is_shown_with_every_activity(setting: Setting) -> None:
    for month in (1, 2, 3):
        ActivityLog.objects.create(
            activity=setting.controls, done_on=day(month, 15), quantity=2, organisation=setting.police
        )
    meetings = activity_of(
        setting.promise, "Styrgruppsmöten", setting.kommun, public=False, planned_quantity=4, per="year"
    )
    # The kommun's owner sees the police's activity too, with its progress, but logs only their own.
    response = setting.client(setting.other_owner).get(URL)
    assert response.status_code == 200
    assert_valid_html(response.content)
    assert response.context["promise"] == setting.promise and not response.context["runs_today"]
    rows = {item.activity: item for item in response.context["progress"]}
    assert set(rows) == {setting.controls, meetings}
    assert (rows[setting.controls].done, rows[setting.controls].planned) == (6, 24)
    assert rows[setting.controls].status == "behind"
    page = response.content.decode()
    assert "Inget antaget löfte gäller i dag. Det här är det senast publicerade (2019)" in page
    assert "Trafikkontroller" in page and "Polisen" in page and "intern åtgärd" in page
    assert f"/ort/uppfoljning/aktivitet/{setting.controls.pk}/" not in page
    assert f"/ort/uppfoljning/aktivitet/{meetings.pk}/" in page
    assert '<span class="up">efter plan</span>' in page


def test_the_promise_running_today_comes_first_drafts_and_replaced_versions_never(setting: Setting) -> None:
    today = timezone.localdate()
    running = promise_of(setting, today.year - 1, Promise.Status.ADOPTED, end_year=today.year)
    promise_of(setting, today.year, Promise.Status.DRAFT)
    walks = activity_of(running, "Trygghetsvandringar", setting.police, planned_quantity=2, per="year")
    response = setting.client(setting.owner).get(URL)
    assert response.context["promise"] == running and response.context["runs_today"]
    assert [item.activity for item in response.context["progress"]] == [walks]
    assert "Löftet som gäller i dag" in response.content.decode()
    running.status = Promise.Status.SUPERSEDED
    running.save()
    assert current_promise(setting.municipality, today) == (setting.promise, False)


def test_the_municipality_without_an_adopted_promise_is_told_so(setting: Setting) -> None:
    setting.promise.status = Promise.Status.REVIEW
    setting.promise.save()
    response = setting.client(setting.analyst).get(URL)
    assert_valid_html(response.content)
    assert "Kommunen har inget antaget löfte än." in response.content.decode()


def test_the_log_lists_promises_running_on_the_day_or_ended_in_the_last_90_days(setting: Setting) -> None:
    ended = promise_of(setting, 2026, Promise.Status.PUBLISHED)
    late = activity_of(ended, "Nattvandringar", setting.police)
    activities = loggable(setting.owner, setting.municipality)
    # Two weeks into 2027 the 2026 promise is still listed; in April it is not.
    assert set(listed_for(activities, date(2027, 1, 15), date(2027, 1, 15))) == {late}
    assert set(listed_for(activities, date(2027, 4, 15), date(2027, 4, 15))) == set()
    assert set(listed_for(activities, date(2019, 6, 14), date(2027, 4, 15))) == {setting.controls}
    # A two-year promise runs in its second year too.
    two_years = promise_of(setting, 2030, Promise.Status.ADOPTED, end_year=2031)
    second = activity_of(two_years, "Mopedkontroller", setting.police)
    assert second in set(listed_for(activities, date(2031, 6, 1), date(2031, 6, 1)))


def test_the_log_form_offers_the_chosen_days_activities(setting: Setting) -> None:
    client = setting.client(setting.owner)
    today = timezone.localdate()
    page = client.get(LOG)
    assert page.context["form"]["done_on"].value() == today
    assert [value for value, _label in page.context["form"].fields["activity"].widget.choices] == [""]
    assert "Ingen av dina aktiviteter hör till ett löfte som gäller" in page.content.decode()
    chosen = client.get(LOG, {"datum": "2019-06-14"})
    assert_valid_html(chosen.content)
    assert f'<option value="{setting.controls.pk}">Trafikkontroller (2019, trafikkontroller)</option>' in (
        chosen.content.decode()
    )
    assert chosen.context["form"]["done_on"].value() == date(2019, 6, 14)
    # A day in the future, or no date at all, is told apart; nothing else changes.
    for bad, message in (
        ("2999-01-01", "Datumet kan inte vara i framtiden."),
        ("igår", "Fyll i ett giltigt datum."),
    ):
        refused = client.get(LOG, {"datum": bad})
        assert refused.status_code == 400
        assert message in refused.content.decode()
    # A failed save keeps the chosen activity listed and selected.
    sent = client.post(LOG, {"activity": setting.controls.pk, "done_on": "2019-06-14", "quantity": "-1"})
    assert sent.status_code == 400
    assert f'<option value="{setting.controls.pk}" selected>' in sent.content.decode()
    saved = client.post(LOG, {"activity": setting.controls.pk, "done_on": "2019-06-14", "quantity": "2"})
    assert saved.status_code == 302
    assert ActivityLog.objects.get().done_on == date(2019, 6, 14)
