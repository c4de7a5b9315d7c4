"""A resident's place report becomes an internal measure of the action plan: an activity of a
promise being written, linked to the report, never public."""

from datetime import date

import pytest
from django.contrib.auth.models import User
from django.test import Client

from tryggve.core.models import Cycle, Membership
from tryggve.inputs.models import PlaceKind, PlaceReport
from tryggve.inputs.tests.conftest import Place, make_place
from tryggve.promises.models import Activity, Promise
from tryggve.testing import assert_valid_html

pytestmark = pytest.mark.django_db


@pytest.fixture
def place() -> Place:
    return make_place()


def promise_of(place: Place, status: str = Promise.Status.DRAFT, year: int = 2027) -> Promise:
    cycle, _created = Cycle.objects.get_or_create(municipality=place.municipality, year=year)
    promise = Promise.objects.create(
        municipality=place.municipality, cycle=cycle, status=status, pledge_sv="Vi lovar."
    )
    promise.parties.set([place.kommun])
    return promise


def report_in(place: Place, /, **more: object) -> PlaceReport:
    given = {
        "kind": PlaceKind.LIGHTING,
        "area": place.north,
        "received_on": date(2026, 11, 2),
        "place": "Tunneln",
        "description": "Mörkt",
        **more,
    }
    return PlaceReport.objects.create(municipality=place.municipality, **given)


def test_the_coordinator_makes_a_report_an_internal_measure_of_a_draft(place: Place) -> None:
    draft = promise_of(place)
    promise_of(place, Promise.Status.PUBLISHED, 2026)  # frozen: not offered
    report = report_in(place, organisation=place.housing, public_text="Mörk tunnel", approved=True)
    analyst = place.client("analyst")
    url = f"/testkommun/medborgarloften/personal/fran-platsrapport/{report.pk}/"
    page = analyst.get(f"/testkommun/platsrapporter/{report.pk}/").content.decode()
    assert url in page and "Gör den till en åtgärd i åtgärdsplanen" in page
    form = analyst.get(url)
    assert form.status_code == 200
    assert_valid_html(form.content)
    assert list(form.context["form"].fields["promise"].queryset) == [draft]
    assert form.context["form"]["title"].value() == "Belysning: Norr"  # never the resident's words
    assert form.context["form"]["description"].value() == "Mörk tunnel"
    response = analyst.post(
        url, {"promise": draft.pk, "title": "Belysning i tunneln", "description": "Mörk tunnel"}
    )
    activity = Activity.objects.get()
    assert (
        response["Location"] == f"/testkommun/medborgarloften/personal/{draft.pk}/aktiviteter/{activity.pk}/"
    )
    measure_page = analyst.get(response["Location"])
    assert measure_page.status_code == 200
    assert_valid_html(measure_page.content)
    # The measure's page links back to the report it was made from.
    assert f'href="/testkommun/platsrapporter/{report.pk}/"' in measure_page.content.decode()
    assert (activity.promise, activity.title, activity.public, activity.unit) == (
        draft,
        "Belysning i tunneln",
        False,
        "measures",
    )
    assert list(activity.areas.all()) == [place.north]
    assert list(activity.responsible.all()) == [place.housing]
    assert list(activity.place_reports.all()) == [report]
    page = analyst.get(f"/testkommun/platsrapporter/{report.pk}/").content.decode()
    assert "En intern åtgärd i löftet 2027: Belysning i tunneln" in page


def test_a_frozen_promise_or_a_hidden_report_takes_no_measure(place: Place) -> None:
    published = promise_of(place, Promise.Status.PUBLISHED, 2026)
    report = report_in(place)
    analyst = place.client("analyst")
    url = f"/testkommun/medborgarloften/personal/fran-platsrapport/{report.pk}/"
    page = analyst.get(url).content.decode()
    assert "Inget löfte skrivs just nu" in page
    assert url not in analyst.get(f"/testkommun/platsrapporter/{report.pk}/").content.decode()
    response = analyst.post(url, {"promise": published.pk, "title": "Lampa"})
    assert response.status_code == 400
    draft = promise_of(place)
    hidden = report_in(place, hidden=True, hidden_reason="Nonsens")
    refused = analyst.post(
        f"/testkommun/medborgarloften/personal/fran-platsrapport/{hidden.pk}/",
        {"promise": draft.pk, "title": "X"},
    )
    assert refused.status_code == 400
    assert "En dold rapport eller en dubblett kan inte bli en åtgärd." in refused.content.decode()
    empty = analyst.post(url, {"promise": draft.pk, "title": ""})
    assert empty.status_code == 400 and "title" in empty.context["form"].errors
    assert Activity.objects.count() == 0


def test_only_an_analyst_who_moderates_the_report_may(place: Place) -> None:
    promise_of(place)
    report = report_in(place)
    other = make_place("annanstans")
    url = f"/testkommun/medborgarloften/personal/fran-platsrapport/{report.pk}/"
    assert place.client("reporter").get(url).status_code == 403
    assert place.client("owner").get(url).status_code == 403
    assert other.client("analyst").get(url).status_code == 403
    foreign = report_in(other, area=other.north)
    foreign_url = f"/testkommun/medborgarloften/personal/fran-platsrapport/{foreign.pk}/"
    assert place.client("analyst").get(foreign_url).status_code == 404


def test_a_writer_who_does_not_moderate_the_report_is_told_where_the_measure_came_from(place: Place) -> None:
    draft = promise_of(place)
    report = report_in(place)
    response = place.client("analyst").post(
        f"/testkommun/medborgarloften/personal/fran-platsrapport/{report.pk}/",
        {"promise": draft.pk, "title": "Belysning i tunneln"},
    )
    # An analyst of the kommun for Söder only: writes the promise, moderates no report in Norr.
    south = User.objects.create_user("testkommun.soder", "soder@testkommun.example", "x")
    membership = Membership.objects.create(
        user=south, organisation=place.kommun, municipality=place.municipality, role="analyst"
    )
    membership.areas.set([place.south])
    client = Client()
    client.force_login(south)
    page = client.get(response["Location"]).content.decode()
    assert "Kommer från invånarnas platsrapport: Belysning i Norr, mottagen 2 november 2026" in page
    assert f"/testkommun/platsrapporter/{report.pk}/" not in page
