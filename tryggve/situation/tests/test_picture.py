"""The lägesbild's figures: change since last year, the 0–6 problem index, focus areas against
the rest and the weighting cells to check, each equal to a direct computation."""

import io
import json
from collections import Counter
from datetime import UTC, datetime
from typing import Any

import pytest
from django.core.management import call_command

from tryggve.core.models import Area, Population
from tryggve.inputs.models import Dialogue, Incident, PoliceEvent
from tryggve.situation import builder, collapsing, estimators, running_sums
from tryggve.situation.domains import ALL
from tryggve.situation.models import Situation, Weighting
from tryggve.surveys.models import Answer, PlaceMark, Response, Survey
from tryggve.surveys.responses import ResponseBuilder, save_responses, survey_questions

from .helpers import built, public_of, survey_2019, table

pytestmark = pytest.mark.django_db


def estimates(survey: Survey, *args: str) -> dict[str, dict[str, Any]]:
    out = io.StringIO()
    call_command("estimates", "halmstad", survey.slug, *args, "--by", "area", "--format", "json",
                 stdout=out, stderr=io.StringIO())  # fmt: skip
    return {row["area"]: row for row in json.loads(out.getvalue())}


def indicator(data: dict[str, Any], code: str) -> dict[str, Any]:
    return next(found for found in data["indicators"] if found["code"] == code)


def row(rows: list[dict[str, Any]], area: str) -> dict[str, Any]:
    return next(found for found in rows if found["area"] == area)


def test_change_since_last_year_is_tested_on_both_years_estimates(demo: None) -> None:
    survey = survey_2019()
    data = built(survey)
    assert data["previous_year"] == 2018
    unsafe = indicator(data, "unsafe_alone_evening")
    assert unsafe["values"] == [3, 4] and unsafe["counts"]["sv"] == "Ganska otrygg eller Mycket otrygg"
    now = estimates(survey, "--question", "unsafe_alone_evening", "--values", "3,4")
    before = estimates(
        Survey.objects.get(slug="trygghetsmatning-2018"),
        "--question",
        "unsafe_alone_evening",
        "--values",
        "3,4",
    )
    # 2018 is adopted: the change is computed from what its newest public version published.
    adopted = Situation.objects.get(municipality__slug="halmstad", year=2018)
    published = indicator(public_of(adopted.data), "unsafe_alone_evening")["rows"]
    for area in (ALL, "Andersberg"):
        found = row(unsafe["rows"], area)
        assert found["estimate"] == pytest.approx(now[area]["estimate"], abs=1e-12)
        then = row(published, area)
        if then["estimate"] is None:
            assert found["previous"] is None and found["change"] is None
            continue
        assert found["previous"] == then["estimate"]
        assert before[area]["n"] >= 0
        expected = estimators.change(
            estimators.Estimate(then["estimate"], then["se"], then["n"]),
            estimators.Estimate(now[area]["estimate"], now[area]["se"], now[area]["n"]),
        )
        assert expected is not None
        assert found["change"] == pytest.approx(expected.difference, abs=1e-12)
        assert found["p_value"] == pytest.approx(expected.p_value, abs=1e-12)
        assert found["significant"] == (expected.p_value < 0.05)


def test_problem_index_scores_the_answers_from_0_to_6(demo: None) -> None:
    survey = survey_2019()
    data = built(survey)
    (matrix,) = data["problem_index"]
    assert matrix["code"] == "neighbourhood_problems" and len(matrix["items"]) == 9
    whole = row(matrix["rows"], ALL)
    means = []
    for position, item in enumerate(matrix["items"]):
        # 1 "no problem" … 4 "a very big problem" scores 0, 2, 4, 6: index = 2 × (mean − 1).
        mean = estimates(survey, "--question", f"neighbourhood_problems.{item['code']}", "--mean")[ALL]
        assert whole["items"][position]["estimate"] == pytest.approx(2 * (mean["estimate"] - 1), abs=1e-12)
        assert whole["items"][position]["se"] == pytest.approx(2 * mean["se"], abs=1e-12)
        means.append(2 * (mean["estimate"] - 1))
    assert whole["index"] == pytest.approx(sum(means) / len(means), abs=1e-12)
    assert 0 <= whole["index"] <= 6


def direct_share(survey: Survey, areas: set[int]) -> float:
    """The weighted share feeling unsafe in a group of areas, straight from the answers."""
    counted = Response.objects.filter(survey=survey, quarantined=False)
    respondents = Counter((r.area_id or 0, r.sex, r.age_band) for r in counted)
    population = {
        (p.area_id, p.sex, p.age_band): float(p.count) for p in Population.objects.filter(year=survey.year)
    }
    collapsed = collapsing.collapse(respondents, population)
    sample = collapsed.design()
    weighted = unsafe = 0.0
    answers = Answer.objects.filter(
        response__in=counted, response__area_id__in=areas, question__code="unsafe_alone_evening", value__lte=4
    ).select_related("response")
    for answer in answers:
        stratum = collapsed.stratum.get(
            (answer.response.area_id, answer.response.sex, answer.response.age_band)
        )
        if stratum in sample.weights:
            weighted += sample.weights[stratum]
            unsafe += sample.weights[stratum] * (answer.value in (3, 4))
    return unsafe / weighted


def test_focus_areas_are_compared_with_the_rest_of_the_municipality(demo: None) -> None:
    survey = survey_2019()
    focus = set(Area.objects.filter(slug__in=["andersberg", "vallas"]).values_list("pk", flat=True))
    rest = set(Area.objects.filter(municipality=survey.municipality).values_list("pk", flat=True)) - focus
    data = built(survey, sorted(focus))
    assert data["focus_areas"] == ["Andersberg", "Vallås"]
    compared = indicator(data, "unsafe_alone_evening")["focus"]
    assert compared["focus"]["estimate"] == pytest.approx(direct_share(survey, focus), abs=1e-12)
    assert compared["rest"]["estimate"] == pytest.approx(direct_share(survey, rest), abs=1e-12)
    # The invented answers make Andersberg and Vallås less safe, clearly so.
    assert compared["difference"] > 0.1 and compared["significant"]
    assert "focus" not in {found["area"] for found in indicator(data, "unsafe_alone_evening")["rows"]}


def test_weighting_cells_to_check_are_named_and_age_bands_can_be_joined(demo: None) -> None:
    survey = survey_2019()
    andersberg = Area.objects.get(slug="andersberg")
    Population.objects.filter(area=andersberg, year=2019, sex="kvinna", age_band="16-24").delete()
    Population.objects.create(area=andersberg, year=2019, sex="kvinna", age_band="85+", count=300)
    data = built(survey)
    assert "Andersberg / kvinna / 16-24" in data["without_population"]
    # The residents of a cell nobody answered in are weighted with the adjacent age band's.
    assert "Andersberg / kvinna / 65+ + 85+" in data["joined_cells"]
    assert not data["without_respondents"]
    Weighting.objects.create(
        survey=survey, age_band_groups={"85+": "65+", "16-24": "16-44", "25-44": "16-44"}
    )
    joined = built(survey)
    assert "Andersberg / kvinna / 16-24" not in joined["without_population"]
    assert "Andersberg / kvinna / 65+ + 85+" not in joined["joined_cells"]
    assert joined["weighted_respondents"] > data["weighted_respondents"]


def test_a_survey_without_answers_says_why_instead_of_crashing(demo: None) -> None:
    survey = Survey.objects.get(slug="trygghetsmatning-2019")
    Response.objects.filter(survey=survey).update(quarantined=True)
    running_sums.rebuild(survey)
    data = built(survey)
    whole = row(indicator(data, "unsafe_alone_evening")["rows"], ALL)
    assert whole["estimate"] is None and whole["reason"] == estimators.NO_BASE and whole["n"] == 0
    assert data["respondents"] == 0


def test_hotspots_show_only_squares_where_enough_places_were_marked(demo: None, settings: Any) -> None:
    settings.SITUATION_MIN_PLACES = 3  # the tests' demo has a tenth of the marks
    survey = survey_2019()
    squares = built(survey)["hotspots"]["squares"]
    assert squares and all(square["count"] >= 3 for square in squares)
    first = squares[0]
    inside = PlaceMark.objects.filter(
        response__survey=survey,
        response__quarantined=False,
        latitude__gte=first["south"],
        latitude__lt=first["north"],
        longitude__gte=first["west"],
        longitude__lt=first["east"],
    )
    assert inside.count() == first["count"]
    assert {"latitude", "longitude", "lat", "lng"}.isdisjoint(first)  # squares only, never points

    # Two residents mark the same lonely spot: not shown. A third makes it a hotspot.
    builder = ResponseBuilder(survey, survey_questions(survey))
    getinge = Area.objects.get(slug="getinge")
    assert getinge.geometry is not None
    ring = getinge.geometry["coordinates"][0]
    lng, lat = sum(p[0] for p in ring[:-1]) / (len(ring) - 1), sum(p[1] for p in ring[:-1]) / (len(ring) - 1)
    given = {
        "area": getinge.pk,
        "unsafe_places": [{"lat": lat, "lng": lng, "area": getinge.pk, "reason": ""}],
    }
    save_responses([builder.build(given, received_on=survey.closes) for _ in range(2)])
    lonely = [s for s in built(survey)["hotspots"]["squares"] if s["south"] <= lat < s["north"]
              and s["west"] <= lng < s["east"]]  # fmt: skip
    assert lonely == [] or lonely[0]["count"] >= 3
    before = lonely[0]["count"] if lonely else 2
    save_responses([builder.build(given, received_on=survey.closes)])
    found = [s for s in built(survey)["hotspots"]["squares"] if s["south"] <= lat < s["north"]
             and s["west"] <= lng < s["east"]]  # fmt: skip
    assert found and found[0]["count"] == before + 1 and found[0]["area"] == "Getinge"
    # Named in words for the table: the nearest named place, here the one at Getinge's middle.
    assert found[0]["landmark"] == "Getinge centrum" and found[0]["landmark_metres"] <= 300
    settings.SITUATION_MIN_PLACES = 10_000
    assert built(survey)["hotspots"]["squares"] == []


def test_the_police_events_of_the_year_are_counted_per_type_and_month(demo: None) -> None:
    survey = survey_2019()
    PoliceEvent.objects.create(
        event_id=1, happened_at=datetime(2019, 6, 1, 12, tzinfo=UTC), name="Trafikkontroll, Hallands län",
        kind="Trafikkontroll", location_name="Hallands län", county="Hallands län",
    )  # fmt: skip
    events = built(survey)["police_events"]
    stored = PoliceEvent.objects.filter(municipality=survey.municipality, happened_at__year=2019)
    assert sum(row["total"] for row in events["types"]) == stored.count() > 0
    first = events["types"][0]
    assert first["total"] == stored.filter(kind=first["kind"]).count() == sum(first["months"])
    assert len(first["months"]) == 12
    assert (events["county"], events["county_events"]) == ("Hallands län", 1)
    assert events["areas"] == []  # the demo's events all sit at the feed's point for Halmstad


def test_police_events_with_a_position_of_their_own_count_in_their_area(demo: None) -> None:
    survey = survey_2019()
    andersberg = Area.objects.get(slug="andersberg")
    for number in range(3):
        PoliceEvent.objects.create(
            event_id=10 + number, happened_at=datetime(2019, 6, 1, 12, tzinfo=UTC), name="Skadegörelse",
            kind="Skadegörelse", location_name="Halmstad", municipality=survey.municipality, area=andersberg,
        )  # fmt: skip
    data = built(survey)
    assert data["police_events"]["areas"] == [
        {"area_id": andersberg.pk, "area": "Andersberg", "types": {"Skadegörelse": 3}}
    ]
    assert builder.area_story(data, andersberg.pk, "Andersberg")["police_events"] == [("Skadegörelse", 3)]


def test_incident_categories_and_citizen_dialogue_topics_stand_beside_the_indicators(
    demo: None, client: Any
) -> None:
    survey = survey_2019()
    data = built(survey)
    incidents = data["incident_categories"]
    stored = Incident.objects.filter(municipality=survey.municipality, happened_at__year=2019)
    assert sum(sum(row["counts"]) for row in incidents["rows"]) == stored.count() > 0
    andersberg = next(row for row in incidents["rows"] if row["area"] == "Andersberg")
    column = incidents["codes"].index("graffiti")
    assert (
        andersberg["counts"][column]
        == stored.filter(area__slug="andersberg", category__slug="graffiti").count()
    )
    topics = data["dialogue_topics"]
    citizen = Dialogue.objects.filter(municipality=survey.municipality, held_on__year=2019, kind="citizen")
    assert sum(row["dialogues"] for row in topics["rows"]) == citizen.count() > 0
    lighting = topics["codes"].index("lighting")
    assert (
        sum(row["counts"][lighting] for row in topics["rows"])
        == citizen.filter(topics__slug="lighting").count()
    )
    # The staff dialogue raised drugs; only citizen dialogues count in the lägesbild.
    drugs = topics["codes"].index("drugs")
    assert sum(row["counts"][drugs] for row in topics["rows"]) == citizen.filter(topics__slug="drugs").count()
    page = client.get("/halmstad/lagesbild/2019/").content.decode()
    assert "Partnernas händelserapporter" in page and "Ämnen i medborgardialogerna" in page
    rows = table(client.get("/halmstad/lagesbild/2019/tabell.csv").content)
    graffiti = [
        r for r in rows if r["indicator"] == "incident_categories.graffiti" and r["area"] == "Andersberg"
    ]
    assert [int(r["n"]) for r in graffiti] == [andersberg["counts"][column]]
