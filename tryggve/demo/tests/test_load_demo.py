import io

import pytest
from django.core.management import call_command
from django.test import Client

from tryggve.core.models import Area, Cycle, Membership, Municipality, Organisation
from tryggve.inputs.models import PlaceReport
from tryggve.promises.models import Activity, Evidence, Promise

pytestmark = pytest.mark.django_db

MODELS = [Municipality, Organisation, Area, Cycle, Membership, Promise, Activity, PlaceReport]


def load(responses: float = 0.1) -> str:
    """The demo; with a tenth of the invented answers unless a test needs them all."""
    out = io.StringIO()
    call_command("load_demo", responses=responses, stdout=out)
    return out.getvalue()


def counts() -> dict[str, int]:
    return {model.__name__: model._default_manager.count() for model in MODELS}


def test_loading_twice_adds_nothing_the_second_time() -> None:
    load(responses=1.0)  # the whole demo, as `make run` loads it
    first = counts()
    output = load(responses=1.0)
    assert counts() == first
    assert "nothing new" in output
    assert first["Municipality"] == 2
    assert first["Activity"] >= 6


def test_printed_passwords_log_in_and_are_not_fixed() -> None:
    output = load()
    lines = [line.split() for line in output.splitlines() if line.startswith("  ")]
    passwords = dict(lines)
    assert "samordnare.halmstad" in passwords
    client = Client()
    client.post(
        "/konto/logga-in/", {"username": "samordnare.halmstad", "password": passwords["samordnare.halmstad"]}
    )
    assert client.session.get("_auth_user_id")
    assert len(set(passwords.values())) == len(passwords)
    # Stored with argon2.
    from django.contrib.auth.models import User

    assert User.objects.get(username="kommunpolis").password.startswith("argon2")


def test_edits_survive_and_only_missing_objects_are_added() -> None:
    load()
    promise = Promise.objects.get(municipality__slug="halmstad", slug="2019")
    promise.pledge = "Ändrad av en analytiker."  # the Swedish text, Swedish being active
    promise.save()
    Area.objects.get(municipality__slug="halmstad", slug="nyhem").delete()
    load()
    stored = Promise.objects.filter(pk=promise.pk).values_list("pledge_sv", flat=True).get()
    assert stored == "Ändrad av en analytiker."
    assert Area.objects.filter(municipality__slug="halmstad", slug="nyhem").exists()


def test_adds_to_a_database_with_other_data() -> None:
    other = Municipality.objects.create(name="Exempel", official_name_sv="Exempels kommun", slug="exempel")
    load()
    assert Municipality.objects.filter(pk=other.pk, name="Exempel").exists()
    assert Municipality.objects.count() == 3


def test_the_police_area_takes_part_in_both_municipalities() -> None:
    load()
    police = Organisation.objects.get(slug="lpo-halmstad-laholm")
    assert {m.slug for m in police.municipalities.all()} == {"halmstad", "laholm"}
    every_area = Area.objects.filter(municipality__slug="halmstad").exclude(geometry=None)
    assert every_area.count() == Area.objects.filter(municipality__slug="halmstad").count()


def test_halmstads_areas_and_population_come_from_the_invented_files_in_scbs_formats() -> None:
    """The outlines come from an invented DeSO file in SWEREF 99 TM through import_areas, the
    counts from an invented JSON-stat file through import_population: the same areas, outlines
    and counts as the demo always had."""
    from tryggve.core.models import Population
    from tryggve.demo import data
    from tryggve.demo.make_files import deso_codes
    from tryggve.demo.survey_answers import population_cells

    load()
    areas = data.MUNICIPALITIES[0]["areas"]
    for number, (slug, name, kind, parent, centre, radius) in enumerate(areas):
        area = Area.objects.get(municipality__slug="halmstad", slug=slug)
        assert (area.name, area.kind, area.parent.slug if area.parent else None) == (name, kind, parent)
        assert area.geometry_is_invented and area.geometry is not None
        corners = sorted(map(tuple, area.geometry["coordinates"][0][:-1]))
        hexagon = data.hexagon(centre[0], centre[1], radius)["coordinates"][0][:-1]
        assert corners == sorted(map(tuple, hexagon))
        assert area.region_codes == (sorted(deso_codes(number)) if parent else ["1380"])
    for year in (2018, 2019):
        for slug, residents in data.RESIDENTS_16_PLUS["halmstad"].items():
            stored = Population.objects.filter(
                area__municipality__slug="halmstad", area__slug=slug, year=year
            )
            expected = {(sex, band): n for sex, band, n in population_cells(residents, f"{slug}-{year}")}
            assert {(p.sex, p.age_band): p.count for p in stored} == expected


def test_halmstads_named_places_lie_in_their_areas_and_say_their_positions_are_invented(demo: None) -> None:
    from tryggve.core.areas import area_at
    from tryggve.core.models import Landmark
    from tryggve.demo import data

    areas = list(Area.objects.filter(municipality__slug="halmstad"))
    places = {place.name: place for place in Landmark.objects.filter(municipality__slug="halmstad")}
    assert 20 <= len(places) == len(data.LANDMARKS["halmstad"]) <= 30
    for slug, name, kind, _offset in data.LANDMARKS["halmstad"]:
        place = places[name]
        assert place.kind == kind and place.position_is_invented
        found = area_at(areas, place.latitude, place.longitude)
        assert found is not None and found.slug == slug, name


def test_halmstads_invented_place_reports_show_every_step_of_a_case(demo: None) -> None:
    from datetime import date, timedelta

    from django.contrib.auth.models import User

    reports = list(PlaceReport.objects.filter(municipality__slug="halmstad").select_related("organisation"))
    assert 25 <= len(reports) <= 35
    # Labelled invented, spread over the areas and kinds, no photos.
    assert all(report.description.endswith("(påhittad rapport)") for report in reports)
    assert all(report.answer.endswith("(påhittat svar)") for report in reports if report.answer)
    assert len({report.area_id for report in reports}) >= 8
    assert len({report.kind for report in reports}) >= 8
    assert not any(report.photo for report in reports)
    assert all(date.today() - report.received_on <= timedelta(days=100) for report in reports)
    # Moderated: hidden, merged, approved; and some still new.
    assert any(report.hidden and report.hidden_reason for report in reports)
    duplicates = [report for report in reports if report.duplicate_of_id]
    assert duplicates and all(d.duplicate_of and d.duplicate_of.area_id == d.area_id for d in duplicates)
    assert any(report.approved and report.public_text for report in reports)
    assert {report.status for report in reports} == set(PlaceReport.Status.values)
    # Routed to the housing company and to a department of the kommun, with answers and due dates.
    routed = {report.organisation.slug: report.organisation.kind for report in reports if report.organisation}
    assert routed == {"hfab": "housing", "halmstad-teknik-fritid": "kommun"}
    assert any(r.status == "not_done" and r.reason for r in reports)
    overdue = [r for r in reports if r.due and r.due < date.today() and r.status not in PlaceReport.CLOSED]
    assert overdue, "some open cases are overdue, so the reminders have something to send"
    # The department's staff find their cases.
    client = Client()
    client.force_login(User.objects.get(username="teknik.halmstad"))
    cases = client.get("/halmstad/platsrapporter/arenden/").context["page"].object_list
    assert {report.organisation.slug for report in cases} == {"halmstad-teknik-fritid"}
    assert len(cases) == sum(
        1 for r in reports if r.organisation and r.organisation.slug == "halmstad-teknik-fritid"
    )


def test_the_action_plans_problems_rest_on_figures_the_adopted_lagesbild_publishes(demo: None) -> None:
    evidence = Evidence.objects.filter(problem__plan__municipality__slug="halmstad")
    assert evidence.count() >= 4
    for figure in evidence:
        figure.full_clean()  # refuses a figure the problem's adopted lägesbild does not publish
