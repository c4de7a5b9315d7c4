"""`manage.py import_landmarks`: named places from GeoJSON or CSV, in WGS 84 or SWEREF 99 TM,
all or nothing; and the admin where administrators edit them."""

import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from pyproj import Transformer

from tryggve.core.areas import metres_between
from tryggve.core.models import Area, AuditEntry, Landmark, Municipality
from tryggve.testing import Neighbours, client_of
from tryggve.testing_files import square

pytestmark = pytest.mark.django_db

URL = "/admin/core/landmark/import/"
# Halmstad's centre in SWEREF 99 TM (EPSG:3006), and the same point in WGS 84.
EAST, NORTH = 368_967.0, 6_286_038.0
LONGITUDE, LATITUDE = Transformer.from_crs(3006, 4326, always_xy=True).transform(EAST, NORTH)


@pytest.fixture
def halmstad() -> Municipality:
    """Halmstad with one area, an outline 20 km wide around its centre."""
    municipality = Municipality.objects.create(
        name="Halmstad", official_name="Halmstads kommun", slug="halmstad", code="1380"
    )
    to_wgs84 = Transformer.from_crs(3006, 4326, always_xy=True)
    ring = [list(to_wgs84.transform(x, y)) for x, y in square(EAST, NORTH, 10_000).exterior.coords]
    Area.objects.create(
        municipality=municipality, name="Halmstads kommun", slug="halmstad",
        kind=Area.Kind.MUNICIPALITY, geometry={"type": "Polygon", "coordinates": [ring]},
    )  # fmt: skip
    return municipality


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("import_landmarks", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def point(name: str, lon: float, lat: float, **properties: Any) -> dict[str, Any]:
    return {
        "type": "Feature",
        "properties": {"name": name, **properties},
        "geometry": {"type": "Point", "coordinates": [lon, lat]},
    }


def geojson(path: Path, features: list[dict[str, Any]], crs: str = "") -> Path:
    found: dict[str, Any] = {"type": "FeatureCollection", "features": features}
    if crs:
        found["crs"] = {"type": "name", "properties": {"name": crs}}
    path.write_text(json.dumps(found), encoding="utf-8")
    return path


def places(municipality: Municipality) -> dict[str, tuple[str, float, float]]:
    return {
        landmark.name: (landmark.kind, landmark.latitude, landmark.longitude)
        for landmark in Landmark.objects.filter(municipality=municipality)
    }


def test_geojson_points_in_wgs_84_become_named_places_with_their_kinds(
    halmstad: Municipality, tmp_path: Path
) -> None:
    path = geojson(
        tmp_path / "ortnamn.geojson",
        [
            point("Stora torg", LONGITUDE, LATITUDE, typ="torg"),
            point("Halmstad C", LONGITUDE + 0.004, LATITUDE - 0.003, kind="station"),
            point("Brogatan", LONGITUDE - 0.002, LATITUDE),
        ],
    )
    out = run("halmstad", str(path))
    assert out.strip().splitlines()[-1] == "named places: 3 created, 0 updated, 0 removed"
    found = places(halmstad)
    assert found["Stora torg"] == ("square", pytest.approx(LATITUDE), pytest.approx(LONGITUDE))
    assert found["Halmstad C"][0] == "station" and found["Brogatan"][0] == "other"
    # The same file again changes nothing; a moved place is moved, not doubled.
    assert "3" in run("halmstad", str(path)).splitlines()[0]
    geojson(path, [point("Stora torg", LONGITUDE + 0.001, LATITUDE, typ="torg")])
    assert run("halmstad", str(path)).strip() == "named places: 0 created, 1 updated, 0 removed"
    assert places(halmstad)["Stora torg"][2] == pytest.approx(LONGITUDE + 0.001)
    assert len(places(halmstad)) == 3
    # --replace: what the file does not name is removed.
    assert run("halmstad", str(path), "--replace").strip().splitlines()[-1].endswith("2 removed")
    assert list(places(halmstad)) == ["Stora torg"]


def test_geojson_in_sweref_99_tm_is_turned_into_wgs_84(halmstad: Municipality, tmp_path: Path) -> None:
    path = geojson(
        tmp_path / "ortnamn.geojson",
        [point("Stora torg", EAST, NORTH), point("Nyhem", EAST + 1000, NORTH + 2000)],
        crs="urn:ogc:def:crs:EPSG::3006",
    )
    run("halmstad", str(path))
    found = places(halmstad)
    assert found["Stora torg"][1:] == (pytest.approx(LATITUDE, abs=1e-6), pytest.approx(LONGITUDE, abs=1e-6))
    # 1 km east and 2 km north on the grid: as far apart on the ground, and to the north-north-east.
    assert metres_between(*found["Stora torg"][1:], *found["Nyhem"][1:]) == pytest.approx(
        5**0.5 * 1000, rel=0.01
    )
    assert found["Nyhem"][1] > LATITUDE + 0.017 and found["Nyhem"][2] > LONGITUDE + 0.014


def test_csv_from_a_swedish_spreadsheet_in_either_reference_system(
    halmstad: Municipality, tmp_path: Path
) -> None:
    wgs = tmp_path / "ortnamn.csv"
    wgs.write_bytes(
        f"Namn;Lat;Lon;Typ\nStora torg;{LATITUDE:.6f};{LONGITUDE:.6f};torg\n\nVallås centrum;"
        f"{LATITUDE - 0.02:.6f};{LONGITUDE + 0.02:.6f};centrum\n".replace(".", ",").encode("cp1252")
    )
    assert run("halmstad", str(wgs)).strip() == "named places: 2 created, 0 updated, 0 removed"
    assert places(halmstad)["Vallås centrum"] == (
        "centre", pytest.approx(LATITUDE - 0.02, abs=1e-6), pytest.approx(LONGITUDE + 0.02, abs=1e-6)
    )  # fmt: skip
    sweref = tmp_path / "sweref.csv"
    sweref.write_text(f"name,north,east\nNyhem,{NORTH + 2000},{EAST + 1000}\n", encoding="utf-8")
    run("halmstad", str(sweref))
    assert places(halmstad)["Nyhem"][1] == pytest.approx(LATITUDE + 2000 / 111_300, abs=5e-4)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("ortnamn.csv", "name,lat,lon\nStora torg,56.67,12.85\nBrogatan,norr,12.86\n",
         "ortnamn.csv, rad 3: ”norr” är ingen koordinat."),
        ("ortnamn.csv", "name,x,y\nStora torg,56.67,12.85\n", "första raden måste namnge kolumnerna"),
        ("ortnamn.csv", "name,lat,lon\nStora torg,12.85,56.67\n", "utanför Sverige"),
        ("ortnamn.csv", "name,lat,lon\nStora torg,56.67,12.85\nstora torg,56.68,12.86\n",
         "rad 3: stora torg finns redan på ortnamn.csv, rad 2"),
        ("ortnamn.csv", "name,lat,lon\nLaholm,56.51,13.04\n", "ligger utanför områdena i Halmstad"),
        ("ortnamn.csv", "name,lat,lon\n,56.67,12.85\n", "saknar namn"),
        ("ortnamn.geojson", '{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": '
         '{"name": "Vallås"}, "geometry": {"type": "Polygon", "coordinates": []}}]}', "ska vara en punkt"),
        ("ortnamn.geojson", '{"type": "FeatureCollection", "crs": {"type": "name", "properties": '
         '{"name": "EPSG:3857"}}, "features": []}', "EPSG:3857"),
        ("ortnamn.geojson", "{not json", "är inte GeoJSON"),
        ("ortnamn.kml", "<kml/>", "ge en GeoJSON-fil"),
    ],
)  # fmt: skip
def test_a_bad_file_imports_nothing_and_says_why_in_swedish(
    halmstad: Municipality, tmp_path: Path, name: str, content: str, message: str
) -> None:
    Landmark.objects.create(municipality=halmstad, name="Nyhem", latitude=LATITUDE, longitude=LONGITUDE)
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CommandError) as refused:
        run("halmstad", str(path))
    assert str(refused.value).startswith("Inget importerades: ")
    assert message in str(refused.value)
    assert list(places(halmstad)) == ["Nyhem"]


def test_an_administrator_uploads_named_places_for_their_own_municipality_only(
    neighbours: Neighbours,
) -> None:
    client = client_of(neighbours.laholm_admin)
    assert URL in client.get(reverse("admin:core_landmark_changelist")).content.decode()
    good = "namn;lat;lon;typ\nLaholms torg;56,5117;13,0436;torg\nMellbystrand;56,51;12,945;\n"

    def upload(municipality: Municipality, text: str) -> Any:
        file = SimpleUploadedFile("ortnamn.csv", text.encode())
        return client.post(URL, {"municipality": municipality.pk, "file": file})

    refused = upload(neighbours.halmstad, good)
    assert refused.status_code == 200 and "Välj ett giltigt alternativ" in refused.content.decode()
    bad = upload(neighbours.laholm, good + "Lilla torg;söder;13,04;\n")
    assert bad.status_code == 200
    assert "Inget importerades: ortnamn.csv, rad 4: ”söder” är ingen koordinat." in bad.content.decode()
    assert not Landmark.objects.exists()
    done = upload(neighbours.laholm, good)
    assert done.status_code == 302
    assert places(neighbours.laholm)["Laholms torg"] == ("square", 56.5117, 13.0436)
    assert AuditEntry.objects.filter(
        action=AuditEntry.Action.IMPORT, municipality=neighbours.laholm, rows=2
    ).exists()


def test_a_place_edited_in_the_administration_must_lie_in_the_municipality(neighbours: Neighbours) -> None:
    triangle = [[12.9, 56.4], [13.3, 56.4], [13.3, 56.6], [12.9, 56.4]]
    Area.objects.create(
        municipality=neighbours.laholm, name="Laholms kommun", slug="laholm", kind=Area.Kind.MUNICIPALITY,
        geometry={"type": "Polygon", "coordinates": [triangle]},
    )  # fmt: skip
    client = client_of(neighbours.laholm_admin)
    fields = {"municipality": neighbours.laholm.pk, "name": "Halmstad C", "kind": "station"}
    outside = client.post("/admin/core/landmark/add/", {**fields, "latitude": "56.67", "longitude": "12.86"})
    assert (
        outside.status_code == 200 and "Punkten ligger utanför områdena i Laholm." in outside.content.decode()
    )
    assert not Landmark.objects.exists()
    inside = client.post(
        "/admin/core/landmark/add/", {**fields, "name": "Laholm C", "latitude": "56.45", "longitude": "13.1"}
    )
    assert inside.status_code == 302 and list(places(neighbours.laholm)) == ["Laholm C"]
