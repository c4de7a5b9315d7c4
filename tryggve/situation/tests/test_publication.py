"""What a lägesbild publishes (issue 20): a declared shape with a schema version, every public
output built from the publishable fields only, and no small group in any of them."""

import csv
import io
import json
from typing import Any

import pytest
from django.test import Client
from openpyxl import load_workbook

from tryggve.core.models import Area
from tryggve.situation import long_table, publication, shape
from tryggve.situation.models import Situation
from tryggve.surveys.responses import ResponseBuilder, save_responses, survey_questions

from .helpers import PUBLIC_URL, STAFF_URL, built, login, survey_2019, table

pytestmark = pytest.mark.django_db

API = "/api/v1/municipalities/halmstad/situations/2019"
FIGURES = ("estimate", "se", "ci_low", "ci_high", "n", "outside_scale", "missing", "previous", "change",
           "p_value", "significant", "difference", "index")  # fmt: skip


def old_shape(data: dict[str, Any]) -> dict[str, Any]:
    """A picture as versions adopted before the shape was declared stored it."""
    later = ("schema", "hotspots", "themes", "dialogue_topics", "incident_categories")
    old = {key: value for key, value in data.items() if key not in later}
    old["police_events"] = {k: v for k, v in data["police_events"].items() if k not in ("areas", "county")}
    old["indicators"] = [
        {**indicator, "rows": [{k: v for k, v in row.items() if k not in ("previous_suppressed", "reason")}
                               for row in indicator["rows"]]}
        for indicator in data["indicators"]
    ]  # fmt: skip
    return old


def test_an_adopted_version_stored_in_the_old_shape_still_loads_and_renders(
    client: Client, demo: None
) -> None:
    survey = survey_2019()
    data = built(survey)
    assert data["schema"] == shape.SCHEMA
    current = Situation.objects.get(municipality__slug="halmstad", year=2019)
    old = Situation.objects.create(
        municipality=current.municipality, year=2019, version=2, survey=survey, adopted_on=current.adopted_on,
        decision="KS § 1", data=old_shape(current.data),
    )  # fmt: skip
    assert "schema" not in old.data
    loaded = shape.load(old.data)
    assert loaded["schema"] == shape.SCHEMA and loaded["hotspots"] == {"minimum": 0, "squares": []}
    assert loaded["indicators"][0]["rows"][0]["previous_suppressed"] is None
    page = client.get(f"{PUBLIC_URL}?version=2")
    assert page.status_code == 200 and "Version 2, antagen" in page.content.decode()
    rows = table(client.get(f"{PUBLIC_URL}tabell.csv?version=2").content)
    assert rows and list(rows[0]) == list(table(client.get(f"{PUBLIC_URL}tabell.csv?version=1").content)[0])
    andersberg = Area.objects.get(slug="andersberg")
    assert client.get(f"{PUBLIC_URL}omrade/{andersberg.slug}/?version=2").status_code in (200, 404)
    found = client.get(f"{API}?version=2").json()["figures"]
    assert found["schema"] == shape.SCHEMA and found["themes"] is None


def test_the_api_schema_of_the_figures_is_generated_from_the_public_shape(client: Client) -> None:
    schemas = client.get("/api/v1/openapi.json").json()["components"]["schemas"]
    assert set(schemas["PublicPicture"]["properties"]) == set(shape.PublicPicture.__annotations__)
    assert set(schemas["PublicRow"]["properties"]) == set(shape.PublicRow.__annotations__)
    # The lägesbild's schemas (another output's own "reason", e.g. why an evaluation is not
    # shown yet, is not the rows' private reason).
    text = json.dumps(
        {name: schema for name, schema in schemas.items() if name.startswith(("Public", "Situation"))}
    )
    assert "PublicRow" in text
    for private in (
        "without_population",
        "without_respondents",
        "weighted_respondents",
        "approved",
        "reason",
    ):
        assert private not in text


def outputs(client: Client) -> dict[str, Any]:
    """Every public output of the 2019 lägesbild: what its pages render, its downloads, the API."""
    found: dict[str, Any] = {}
    page = client.get(PUBLIC_URL)
    assert page.status_code == 200
    found["page"] = page.context["data"]
    found["page map"] = page.context["map"]
    found["page html"] = page.content.decode()
    for area in Area.objects.filter(municipality__slug="halmstad").exclude(kind=Area.Kind.MUNICIPALITY):
        response = client.get(f"{PUBLIC_URL}omrade/{area.slug}/")
        if response.status_code == 200:
            found[f"area {area.slug}"] = response.context["story"]
            found[f"area {area.slug} html"] = response.content.decode()
    found["csv"] = table(client.get(f"{PUBLIC_URL}tabell.csv").content)
    book = load_workbook(io.BytesIO(client.get(f"{PUBLIC_URL}tabell.xlsx").content))
    values = list(book.active.values)  # type: ignore[union-attr]
    found["xlsx"] = [machine_keys(row) for row in values[1:]]
    excel = client.get(f"{PUBLIC_URL}tabell-excel.csv").getvalue().decode("utf-8-sig")
    found["excel"] = [machine_keys(row) for row in list(csv.reader(io.StringIO(excel), delimiter=";"))[1:]]
    found["api"] = client.get(API).json()
    promise = client.get("/halmstad/medborgarloften/")
    found["promise html"] = promise.content.decode()
    found["promise evidence"] = [vars(e["figure"]) for e in (promise.context or {}).get("evidence", [])]
    # The action plan's public part: its problems' evidence is lägesbild figures too.
    found["plan api"] = client.get("/api/v1/municipalities/halmstad/plans/2019").json()
    # Each published promise's evaluation ("Blev det bättre?"), on its page and in the API.
    for listed in client.get("/api/v1/municipalities/halmstad/promises").json():
        evaluation = client.get(f"/api/v1/municipalities/halmstad/promises/{listed['slug']}/evaluation")
        assert evaluation.status_code == 200
        found[f"evaluation {listed['slug']}"] = evaluation.json()
    assert any(output.get("available") for name, output in found.items() if name.startswith("evaluation "))
    # The decided follow-up report (its public part): its page in each language and its evaluation.
    for prefix in ("", "/en", "/ar"):
        followup = client.get(f"{prefix}/halmstad/uppfoljningsrapport/2019/")
        assert followup.status_code == 200
        found[f"follow-up report html {prefix}"] = followup.content.decode()
    found["follow-up report"] = followup.context["data"]  # the public form the page is made from
    return found


def machine_keys(row: Any) -> dict[str, Any]:
    """A row of a people's download keyed by the machine CSV's columns (they come in its order)."""
    found = dict(zip(long_table.COLUMNS, row, strict=True))
    found["kind"] = {"andel (%)": "share", "medelvärde": "mean"}.get(found["kind"], found["kind"])
    return found


def walk(value: Any, path: str = "") -> Any:
    """Every dict inside an output, with where it was found."""
    if isinstance(value, dict):
        yield path, value
        for key, inner in value.items():
            yield from walk(inner, f"{path}.{key}")
    elif isinstance(value, list | tuple):
        for position, inner in enumerate(value):
            yield from walk(inner, f"{path}[{position}]")


def assert_nothing_small(found: dict[str, Any], truth: dict[str, Any], least: int, places: int) -> None:
    cells = truth["without_population"] + truth["without_respondents"]
    for name, output in found.items():
        text = output if isinstance(output, str) else json.dumps(output, ensure_ascii=False, default=str)
        for cell in cells:  # no weighting cell is named (with its count or without)
            assert cell not in text, (name, cell)
        for private in ("without_population", "without_respondents", "weighted_respondents", "kunde viktas"):
            assert private not in text, (name, private)
        for where, part in walk(output):
            if {"south", "west", "count"} <= set(part):
                assert part["count"] >= places, (name, where)
            if name in ("csv", "xlsx", "excel"):
                if part.get("kind") in ("share", "mean") and part["estimate"] not in ("", None):
                    assert int(part["n"]) >= least, (name, where)
            elif "n" in part and "estimate" in part and any(part.get(key) is not None for key in FIGURES):
                assert part["n"] is not None and part["n"] >= least, (name, where, part)
            if "difference" in part and part["difference"] is not None:
                assert part["focus"]["n"] >= least and part["rest"]["n"] >= least, (name, where)
            if "index" in part and part["index"] is not None and part.get("items"):
                assert all(item["n"] >= least for item in part["items"] if "n" in item), (name, where)
    # Every domain with fewer respondents than the threshold is hidden in the API, with all its figures.
    api = found["api"]["figures"]
    assert "respondents" not in api and set(api) == set(shape.PublicPicture.__annotations__)
    for indicator, published in zip(truth["indicators"], api["indicators"], strict=True):
        for row, public in zip(indicator["rows"], published["rows"], strict=True):
            if row["n"] < least or row["suppressed"]:
                assert public["suppressed"] and all(public[key] is None for key in FIGURES if key in public)


def test_every_public_output_of_the_demo_holds_only_publishable_figures(
    client: Client, demo: None, settings: Any
) -> None:
    survey = survey_2019()
    truth = built(
        survey, Situation.objects.get(municipality__slug="halmstad", year=2019).data["focus_area_ids"]
    )
    assert truth["without_population"]  # the demo has answers that cannot be weighted
    assert_nothing_small(
        outputs(client), truth, settings.SITUATION_MIN_RESPONDENTS, settings.SITUATION_MIN_PLACES
    )


def test_every_public_output_of_a_case_with_small_groups_holds_only_publishable_figures(
    client: Client, demo: None, settings: Any
) -> None:
    settings.SITUATION_MIN_RESPONDENTS = 45
    settings.SITUATION_MIN_PLACES = 3
    survey = survey_2019()
    builder = ResponseBuilder(survey, survey_questions(survey))
    getinge = Area.objects.get(slug="getinge")
    assert getinge.geometry is not None
    ring = getinge.geometry["coordinates"][0]
    lng, lat = sum(p[0] for p in ring[:-1]) / (len(ring) - 1), sum(p[1] for p in ring[:-1]) / (len(ring) - 1)
    lonely = {"area": getinge.pk, "sex": 9, "age_band": 2, "unsafe_alone_evening": 4,
              "unsafe_places": [{"lat": lat, "lng": lng, "area": getinge.pk, "reason": ""}]}  # fmt: skip
    save_responses([builder.build(lonely, received_on=survey.closes) for _ in range(2)])
    truth = built(survey)
    rows = next(i for i in truth["indicators"] if i["code"] == "unsafe_alone_evening")["rows"]
    assert any(r["n"] < 45 for r in rows) and any(r["n"] >= 45 for r in rows)
    assert any(name.startswith("Getinge /") for name in truth["without_population"])
    assert publication.public(truth)["hotspots"]["minimum"] == 3
    response = login(client, "samordnare.halmstad").post(
        STAFF_URL, {"adopted_on": "2019-12-10", "decision": "KS § 245"}
    )
    assert response.status_code == 302
    client.logout()
    assert_nothing_small(outputs(client), truth, 45, 3)


def test_a_hotspot_square_with_too_few_marks_is_not_published_even_from_an_old_version() -> None:
    data = {"municipality": "x", "year": 2019, "survey": {"slug": "s", "title": {}, "year": 2019},
            "min_respondents": 30, "indicators": [], "problem_index": [],
            "hotspots": {"minimum": 1, "squares": [
                {"south": 1.0, "west": 2.0, "north": 1.1, "east": 2.1, "count": 2, "area": "A"},
                {"south": 1.1, "west": 2, "north": 1.2, "east": 2.1, "count": 9, "area": "B"}]}}  # fmt: skip
    assert [s["area"] for s in publication.public(data)["hotspots"]["squares"]] == ["B"]
