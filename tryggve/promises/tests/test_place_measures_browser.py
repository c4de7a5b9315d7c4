"""The coordinator turns a resident's place report into a measure of the action plan, in Debian's
real Chromium on a 360 px phone, axe-clean (issue 33.4): from the report's page to an internal
measure of the promise being written (never public), which links back to the report, and the
report's page tells what it became."""

from typing import Any

import pytest
from playwright.sync_api import expect

from tryggve.inputs.models import PlaceReport
from tryggve.inputs.tests.conftest import make_place
from tryggve.promises.models import Activity
from tryggve.testing import PHONE, axe_violations, fits_the_phone, logged_in_context

from .test_place_measures import promise_of, report_in

pytestmark = pytest.mark.browser


def test_the_coordinator_turns_a_report_into_a_measure_of_the_action_plan(
    browser: Any, live_server: Any, transactional_db: None
) -> None:
    place = make_place()
    draft = promise_of(place)
    report = report_in(
        place,
        place="Tunneln vid skolan",
        description="Lampan är trasig, ring mig",
        public_text="Tunneln vid skolan är mörk",
        approved=True,
        organisation=place.housing,
        status=PlaceReport.Status.RECEIVED,
    )
    context = logged_in_context(browser, live_server, "testkommun.analyst", viewport=PHONE)
    page = context.new_page()
    page.goto(f"{live_server.url}/testkommun/platsrapporter/{report.pk}/")
    assert fits_the_phone(page) and axe_violations(page) == []
    page.get_by_role("link", name="Gör den till en åtgärd i åtgärdsplanen").click()
    expect(page.get_by_role("heading", name="En platsrapport blir en åtgärd i åtgärdsplanen")).to_be_visible()
    assert fits_the_phone(page) and axe_violations(page) == []
    # The promise being written is chosen; the title starts as the area, never the resident's words.
    assert page.get_by_label("Löfte").input_value() == str(draft.pk)
    title = page.get_by_label("Åtgärdens rubrik")
    assert title.input_value() == "Belysning: Norr"
    assert page.get_by_label("Beskrivning").input_value() == "Tunneln vid skolan är mörk"  # the approved text

    # Sent without a title: a clear message, and nothing is made.
    title.fill("")
    page.get_by_role("button", name="Gör den till en åtgärd", exact=True).click()
    expect(page.get_by_role("alert").get_by_role("heading", name="Kontrollera åtgärden")).to_be_visible()
    assert Activity.objects.count() == 0
    assert fits_the_phone(page) and axe_violations(page) == []

    page.get_by_label("Åtgärdens rubrik").fill("Ny belysning i tunneln")
    page.get_by_role("button", name="Gör den till en åtgärd", exact=True).click()
    expect(
        page.get_by_text("”Ny belysning i tunneln” är en intern åtgärd i löftet: ge den dess plan.")
    ).to_be_visible()
    activity = Activity.objects.get()
    assert page.url == (
        f"{live_server.url}/testkommun/medborgarloften/personal/{draft.pk}/aktiviteter/{activity.pk}/"
    )
    assert (activity.promise, activity.title, activity.public) == (draft, "Ny belysning i tunneln", False)
    assert list(activity.place_reports.all()) == [report]
    assert list(activity.areas.all()) == [place.north]
    assert list(activity.responsible.all()) == [place.housing]
    assert fits_the_phone(page) and axe_violations(page) == []

    # The measure traces back to the report, and the report's page tells what it became.
    page.get_by_role(
        "link", name="Kommer från invånarnas platsrapport: Belysning i Norr, mottagen 2 november 2026"
    ).click()
    expect(
        page.get_by_role("link", name="En intern åtgärd i löftet 2027: Ny belysning i tunneln")
    ).to_be_visible()
    assert page.url == f"{live_server.url}/testkommun/platsrapporter/{report.pk}/"
    assert fits_the_phone(page) and axe_violations(page) == []
    page.get_by_role("link", name="En intern åtgärd i löftet 2027: Ny belysning i tunneln").click()
    internal = page.locator(".planned-list.internal")
    expect(internal.get_by_role("heading", name="Ny belysning i tunneln")).to_be_visible()
    assert page.url.endswith(f"/testkommun/medborgarloften/personal/{draft.pk}/#internal")
    context.close()
