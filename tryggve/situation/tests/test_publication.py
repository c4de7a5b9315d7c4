"""What a lägesbild publishes (issue 20): a declared shape with a schema version, every public
output built from the publishable fields only, and no small group in any of them."""

import csv
import datetime
import io
import json
import re
from typing import Any

import pytest
from django.test import Client
from openpyxl import load_workbook

from tryggve.core.models import Area
from tryggve.situation import long_table, publication, shape
from tryggve.situation.models import PlaceSquaresOfMonth, Situation
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
    # The lägesbild's schemas: its own and every one they refer to (another output's own
    # "reason", e.g. why a place report will not be fixed, is not the rows' private reason).
    text = json.dumps({name: schemas[name] for name in referred_from(schemas, "PublicPicture", "Situation")})
    assert "PublicRow" in text
    for private in (
        "without_population",
        "without_respondents",
        "weighted_respondents",
        "approved",
        "reason",
    ):
        assert private not in text


def referred_from(schemas: dict[str, Any], *prefixes: str) -> set[str]:
    """The schemas named with one of the prefixes, and those they refer to, transitively."""
    found: set[str] = set()
    waiting = [name for name in schemas if name.startswith(prefixes)]
    while waiting:
        name = waiting.pop()
        if name not in found:
            found.add(name)
            waiting += re.findall(r'"#/components/schemas/([^"]+)"', json.dumps(schemas[name]))
    return found


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


# ---------------------------------------------------------------- residents' place reports (issue 33)

PLACES = "/testkommun/rapporterade-platser/"
PLACE_API = "/api/v1/municipalities/testkommun/place-reports"
# Private values that must never leave the staff side, one in each field that is not public.
PRIVATE = {
    "description": "PRIVAT-BESKRIVNING",
    "place": "PRIVAT-PLATS",
    "hidden_reason": "PRIVAT-SKAL",
    "public_text": "EJ-GODKÄND-TEXT",
}


def place_outputs(client: Client, reports: list[Any]) -> dict[str, Any]:
    """Every public output of a municipality's place reports: the list page with its map data,
    each report's page, the API's list and each report, and the feed."""
    found: dict[str, Any] = {}
    page = client.get(PLACES)
    assert page.status_code == 200
    found["list html"] = page.content.decode()
    found["list map"] = page.context["map"]
    for name, query in (("area", {"omrade": "norr"}), ("status", {"status": "done"})):
        filtered = client.get(PLACES, query)
        found[f"list by {name} map"] = filtered.context["map"]
        found[f"list by {name} html"] = filtered.content.decode()
    for report in reports:
        own = client.get(f"{PLACES}{report.pk}/")
        found[f"page {report.pk} html"] = own.content.decode()
        if own.status_code == 200:
            found[f"page {report.pk} map"] = own.context["map"]
        item = client.get(f"{PLACE_API}/{report.pk}")
        if item.status_code == 200:
            found[f"api {report.pk}"] = item.json()
    found["api"] = client.get(PLACE_API).json()
    found["feed"] = client.get("/testkommun/flode.atom").content.decode()
    return found


def coordinates(found: dict[str, Any]) -> list[tuple[str, float, float]]:
    """Every position an output gives: points, report items, square corners."""
    pairs = []
    for name, output in found.items():
        for _where, part in walk(output):
            if part.get("latitude") is not None and part.get("longitude") is not None:
                pairs.append((name, part["latitude"], part["longitude"]))
            if {"south", "west", "north", "east"} <= set(part):
                pairs.append((name, part["south"], part["west"]))
    return pairs


def place_town(settings: Any) -> Any:
    from tryggve.testing import small_municipality

    settings.SITE_URL = "http://testserver"
    return small_municipality()


# The day a test's place reports arrived: before the current month, whatever the day the tests run.
RECEIVED_ON = datetime.date.today() - datetime.timedelta(days=40)


def published_report(town: Any, point: tuple[float, float] | None, **fields: Any) -> Any:
    from tryggve.inputs.models import PlaceKind, PlaceReport

    values = {
        "municipality": town.municipality,
        "kind": PlaceKind.LIGHTING,
        "area": town.north,
        "received_on": RECEIVED_ON,
        "status": "planned",
        "status_on": "2026-11-20",
        "organisation": town.kommun,
        "latitude": point[0] if point else None,
        "longitude": point[1] if point else None,
        **PRIVATE,
        **fields,
    }
    return PlaceReport.objects.create(**values)


def test_every_public_output_of_place_reports_holds_only_the_public_fields(
    client: Client, settings: Any
) -> None:
    from tryggve.core.models import Organisation
    from tryggve.inputs import place_followers
    from tryggve.situation.publication import PublicPlaceReport

    town = place_town(settings)
    hidden_org = Organisation.objects.create(name="PRIVAT-ORGANISATION", slug="privat", kind="housing")
    shown = published_report(town, (56.71123, 12.85321), organisation=hidden_org, photo="place-reports/x.jpg")
    approved = published_report(town, None, public_text="Godkänd text.", approved=True, status="done")
    hidden = published_report(town, (56.70, 12.84), hidden=True)
    unread = published_report(town, (56.70, 12.84), status="new", status_on=None)
    place_followers.follow(shown, "PRIVAT@example.org")
    found = place_outputs(client, [shown, approved, hidden, unread])
    for name, output in found.items():
        text = output if isinstance(output, str) else json.dumps(output, ensure_ascii=False, default=str)
        for private in [
            *PRIVATE.values(),
            "PRIVAT-ORGANISATION",
            "x.jpg",
            "PRIVAT@example.org",
            RECEIVED_ON.isoformat(),
        ]:
            assert private not in text, (name, private)
        if not name.startswith(("page", "api ")):  # a 404 page names the address asked for
            assert str(hidden.pk) not in text and str(unread.pk) not in text, name
    assert f"api {hidden.pk}" not in found and f"page {hidden.pk} map" not in found
    assert "Godkänd text." in found[f"page {approved.pk} html"]
    assert found[f"api {approved.pk}"]["description"] == "Godkänd text."
    # The API's items are the public form, field by field, and its schema is generated from it.
    fields = set(PublicPlaceReport.__annotations__)
    assert all(set(item) == fields for item in found["api"]["items"]) and found["api"]["count"] == 2
    schemas = client.get("/api/v1/openapi.json").json()["components"]["schemas"]
    assert set(schemas["PublicPlaceReport"]["properties"]) == fields
    assert not {"place", "photo", "hidden_reason", "public_text", "organisation", "received_on"} & fields


def test_rounded_points_place_no_report_more_exactly_than_its_square(client: Client, settings: Any) -> None:
    """Under the rounded rule every output gives a report the middle of its ~100 m square, the
    same in each, so that no two outputs together place it more exactly."""
    from tryggve.core.areas import metres_between

    settings.PLACE_REPORT_POINTS = "rounded"
    town = place_town(settings)
    exact = [(56.71123, 12.85321), (56.71131, 12.85349), (56.70888, 12.84777)]  # the first two share a square
    reports = [published_report(town, point, status_on=f"2026-11-{20 + n}") for n, point in enumerate(exact)]
    found = place_outputs(client, reports)
    given: dict[int, set[tuple[float, float]]] = {report.pk: set() for report in reports}
    for output in found.values():
        for _where, part in walk(output):
            key = part.get("id") or (
                int(part["url"].rstrip("/").rsplit("/", 1)[1]) if "url" in part else None
            )
            if key is not None and part.get("latitude") is not None:
                given[key].add((part["latitude"], part["longitude"]))
    assert {position for positions in given.values() for position in positions} == {
        (latitude, longitude) for _name, latitude, longitude in coordinates(found)
    }
    # Each report at one position in every output, near but never at its own; the two in one
    # square at the same one.
    for report, point in zip(reports, exact, strict=True):
        assert len(given[report.pk]) == 1
        position = next(iter(given[report.pk]))
        assert position != point and metres_between(*point, *position) < 80
    assert given[reports[0].pk] == given[reports[1].pk] != given[reports[2].pk]
    for name, output in found.items():
        text = output if isinstance(output, str) else json.dumps(output)
        for latitude, longitude in exact:
            assert str(latitude) not in text and str(longitude) not in text, name
    assert "latitude" not in found["feed"] and "12.85" not in found["feed"]


def test_grouped_squares_show_only_where_enough_reports_lie_and_no_report_has_a_place(
    client: Client, settings: Any
) -> None:
    """Under the grouped rule no output gives a report's position, the map shows only squares
    with at least TRYGGVE_SITUATION_MIN_PLACES reports (counted over all, whatever the filter),
    and every report is counted in its area."""
    from tryggve.situation.publication import place_square

    settings.PLACE_REPORT_POINTS = "grouped"
    settings.SITUATION_MIN_PLACES = 3
    town = place_town(settings)
    crowded = [(56.71123, 12.85321), (56.71131, 12.85349), (56.71102, 12.85301)]
    pair = [(56.70888, 12.84777), (56.70881, 12.84790)]
    lone = [(56.69011, 12.85011)]
    assert len({place_square(*point) for point in crowded}) == 1
    reports = [published_report(town, point) for point in crowded + pair]
    reports.append(published_report(town, lone[0], area=town.south, status="done"))
    found = place_outputs(client, reports)
    squares = [
        (name, part)
        for name, output in found.items()
        for _where, part in walk(output)
        if {"south", "west", "count"} <= set(part)
    ]
    square = place_square(*crowded[0])
    assert {
        (part["count"], place_square(part["south"] + 0.0004, part["west"] + 0.0008)) for _, part in squares
    } == {(3, square)}
    # Each list and filter shows the same squares, of all the reports, never of a filtered part.
    maps = [found["list map"], found["list by area map"], found["list by status map"]]
    assert maps[0]["squares"] == maps[1]["squares"] == maps[2]["squares"] and len(maps[0]["squares"]) == 1
    assert all(not output["points"] for name, output in found.items() if name.endswith("map"))
    for name, latitude, _longitude in coordinates(found):
        assert name.endswith("map") and abs(latitude - 56.7111) < 0.001, name
    assert all(item["latitude"] is None for item in found["api"]["items"])
    html = client.get(PLACES)
    assert html.context["total"]["total"] == 6
    assert {row["area"].slug: row["total"] for row in html.context["rows"]} == {"norr": 5, "soder": 1}


def test_grouped_squares_are_fixed_for_the_month_so_two_days_maps_place_no_report(
    client: Client, settings: Any
) -> None:
    """A report read today does not raise this month's squares (compared with yesterday's map,
    it would show which square the newly listed report lies in); next month's map counts it,
    rounded down to a multiple of the minimum. A report hidden today lowers the square at once,
    and a square left with fewer than the minimum is not shown."""
    from django.utils import timezone

    settings.PLACE_REPORT_POINTS = "grouped"
    settings.SITUATION_MIN_PLACES = 3
    town = place_town(settings)
    today = timezone.localdate()
    crowded = [(56.71123, 12.85321), (56.71131, 12.85349), (56.71102, 12.85301)]
    first = [published_report(town, point) for point in crowded]
    assert [square["count"] for square in client.get(PLACES).context["map"]["squares"]] == [3]
    read_today = published_report(town, (56.71110, 12.85330), status="new", status_on=None)
    for point in ((56.71115, 12.85325), (56.71117, 12.85322)):
        published_report(town, point, received_on=today)
    read_today.status, read_today.status_on = "received", today
    read_today.save()
    page = client.get(PLACES)
    assert page.context["total"]["total"] == 6  # all are listed and counted in their area today
    assert [square["count"] for square in page.context["map"]["squares"]] == [3]
    assert publication.place_squares(town.municipality, today) == page.context["map"]["squares"]
    next_month = (today.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
    assert PlaceSquaresOfMonth.objects.count() == 1
    first[0].hidden, first[0].hidden_reason = True, "Personuppgifter"
    first[0].save()
    first[1].duplicate_of = first[2]
    first[1].save()  # this month's square now holds two published reports of its three
    assert client.get(PLACES).context["map"]["squares"] == []
    # Next month: the four published reports, shown as at least 3; this month's squares forgotten.
    assert [square["count"] for square in publication.place_squares(town.municipality, next_month)] == [3]
    assert list(PlaceSquaresOfMonth.objects.values_list("month", flat=True)) == [next_month]
