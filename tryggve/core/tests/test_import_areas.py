"""`manage.py import_areas`: areas from SCB's and Lantmäteriet's boundary files, all or nothing."""

import io
import json
from pathlib import Path

import pytest
import shapely
from django.core.management import call_command
from django.core.management.base import CommandError
from pyproj import Transformer

from tryggve.core.areas import area_at
from tryggve.core.geojson import validate_area_geometry
from tryggve.core.models import Area, Municipality
from tryggve.testing_files import square, write_boundaries

pytestmark = pytest.mark.django_db

# Halmstad's centre in SWEREF 99 TM (EPSG:3006), about (12.86, 56.70) in WGS 84.
EAST, NORTH = 368_967.0, 6_286_038.0


@pytest.fixture
def halmstad() -> Municipality:
    municipality = Municipality.objects.create(
        name="Halmstad", official_name="Halmstads kommun", slug="halmstad", code="1380"
    )
    Area.objects.create(
        municipality=municipality, name="Halmstads kommun", slug="halmstad", kind=Area.Kind.MUNICIPALITY
    )
    return municipality


def deso(code: str, east: float, north: float, **fields: str) -> dict[str, object]:
    return {"deso": code, "kommun": code[:4], **fields, "geometry": square(east, north, 400)}


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_areas", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def last_line(out: str) -> str:
    return out.strip().splitlines()[-1]


def test_a_geopackage_of_deso_in_sweref_99_tm_makes_areas_with_their_codes(
    halmstad: Municipality, tmp_path: Path
) -> None:
    path = write_boundaries(
        tmp_path / "DeSO_2025.gpkg",
        [
            deso("1380C1010", EAST, NORTH),
            deso("1380C1020", EAST + 800, NORTH),
            deso("1381C1010", EAST + 30_000, NORTH - 20_000),  # Laholm: skipped and counted
        ],
    )
    out, _err = run("halmstad", str(path))
    assert last_line(out) == "areas: 2 created, 0 updated"
    assert "Objekt i andra kommuner, överhoppade: 1" in out
    area = Area.objects.get(municipality=halmstad, code="1380C1010")
    assert area.region_codes == ["1380C1010"] and area.slug == "1380c1010"
    assert area.parent == Area.objects.get(slug="halmstad") and area.kind == Area.Kind.DISTRICT
    validate_area_geometry(area.geometry)
    # The outline is in WGS 84 now: a point of the square, reprojected, lies in it.
    latitude, longitude = 56.70, 12.86
    assert area_at([area], latitude, longitude) == area
    assert not area.geometry_is_invented
    # The same file again changes nothing; a moved outline updates the area, found by its code.
    assert last_line(run("halmstad", str(path))[0]) == "areas: 0 created, 0 updated"
    moved = write_boundaries(tmp_path / "moved.gpkg", [deso("1380C1010", EAST + 100, NORTH)])
    assert last_line(run("halmstad", str(moved))[0]) == "areas: 0 created, 1 updated"
    assert Area.objects.filter(municipality=halmstad).count() == 3


def test_several_deso_make_one_district_by_a_field_or_a_mapping_file(
    halmstad: Municipality, tmp_path: Path
) -> None:
    features = [
        deso("1380C1010", EAST, NORTH, regsokod="1380R001", regso="Andersberg"),
        deso("1380C1020", EAST + 800, NORTH, regsokod="1380R001", regso="Andersberg"),
        deso("1380C1030", EAST, NORTH - 5_000, regsokod="1380R002", regso="Vallås"),
    ]
    path = write_boundaries(tmp_path / "DeSO.zip", features)  # a zipped Shapefile
    out, _err = run("halmstad", str(path), "--group-by", "regsokod", "--name-field", "regso")
    assert last_line(out) == "areas: 2 created, 0 updated"
    andersberg = Area.objects.get(municipality=halmstad, slug="andersberg")
    assert andersberg.code == "1380R001" and andersberg.region_codes == ["1380C1010", "1380C1020"]
    # Two squares side by side are one polygon, twice as wide as one.
    outline = shapely.geometry.shape(andersberg.geometry)
    assert outline.geom_type == "Polygon" and outline.bounds[2] - outline.bounds[0] > 0.02

    mapping = tmp_path / "omraden.csv"
    mapping.write_text("code,area,kind\n1380C1010,Andersberg,district\n1380C1020,Andersberg,district\n"
                       "1380C1030,Vallås,locality\n")  # fmt: skip
    geojson = write_boundaries(
        tmp_path / "DeSO.geojson",
        [{k: v for k, v in f.items() if k in ("deso", "geometry")} for f in features],
    )
    out, _err = run("halmstad", str(geojson), "--mapping", str(mapping), "--parent", "halmstad")
    # Matched by address name now (the mapping gives names, not codes): updated, not doubled.
    assert last_line(out) == "areas: 0 created, 0 updated"
    assert Area.objects.filter(municipality=halmstad).count() == 3


@pytest.mark.parametrize("epsg", [3006, 3008, 4326])
def test_reads_the_crs_the_file_declares(halmstad: Municipality, tmp_path: Path, epsg: int) -> None:
    to_file = Transformer.from_crs(3006, epsg, always_xy=True)
    east, north = to_file.transform(EAST, NORTH)
    half = 0.004 if epsg == 4326 else 400
    path = write_boundaries(
        tmp_path / "kommun.gpkg",
        [{"kommunkod": "1380", "kommunnamn": "Halmstad", "geometry": square(east, north, half)}],
        crs=f"EPSG:{epsg}",
    )
    # The whole municipality's area already exists: found by its code.
    Area.objects.filter(slug="halmstad").update(code="1380")
    assert last_line(run("halmstad", str(path))[0]) == "areas: 0 created, 1 updated"
    whole = Area.objects.get(slug="halmstad")
    assert whole.region_codes == ["1380"] and whole.kind == Area.Kind.MUNICIPALITY
    assert whole.geometry is not None
    longitude, latitude = whole.geometry["coordinates"][0][0]
    assert 12.8 < longitude < 12.95 and 56.65 < latitude < 56.75


def refused(tmp_path: Path, path: Path, *args: str) -> str:
    before = list(Area.objects.values_list("pk", "slug", "code", "geometry"))
    out = io.StringIO()
    with pytest.raises(CommandError) as error:
        call_command("import_areas", "halmstad", str(path), *args, stdout=out, stderr=io.StringIO())
    assert list(Area.objects.values_list("pk", "slug", "code", "geometry")) == before
    assert last_line(out.getvalue()) == "areas: 0 created, 0 updated"
    message = str(error.value)
    assert message.startswith("Inget importerades")
    return message


def test_bad_files_change_nothing_and_say_which_file_and_feature_in_swedish(
    halmstad: Municipality, tmp_path: Path
) -> None:
    good = deso("1380C1010", EAST, NORTH)
    # No CRS at all (a Shapefile without its .prj).
    message = refused(tmp_path, write_boundaries(tmp_path / "utan.zip", [good], crs=None))
    assert "utan.zip" in message and "koordinatsystem" in message
    # A wrong CRS: SWEREF 99 TM coordinates declared as WGS 84 land outside Sweden.
    message = refused(tmp_path, write_boundaries(tmp_path / "fel.gpkg", [good], crs="EPSG:4326"))
    assert "fel.gpkg" in message and "objekt 1 (kod 1380C1010)" in message and "utanför Sverige" in message
    # A CRS Tryggve does not read.
    message = refused(tmp_path, write_boundaries(tmp_path / "utm.gpkg", [good], crs="EPSG:32633"))
    assert "EPSG:32633" in message
    # A broken file.
    broken = tmp_path / "trasig.gpkg"
    broken.write_bytes(b"SQLite format 3\x00 but not really")
    assert "trasig.gpkg" in refused(tmp_path, broken)
    # A duplicate code.
    twice = write_boundaries(tmp_path / "dubbel.gpkg", [good, deso("1380C1010", EAST + 900, NORTH)])
    message = refused(tmp_path, twice)
    assert "dubbel.gpkg, objekt 2 (kod 1380C1010)" in message and "objekt 1" in message
    # A polygon whose ring does not close (GeoJSON as someone typed it).
    ring = [[12.85, 56.70], [12.86, 56.70], [12.86, 56.71], [12.85, 56.71]]
    open_ring = tmp_path / "oppen.geojson"
    feature = {
        "type": "Feature",
        "properties": {"deso": "1380C1040"},
        "geometry": {"type": "Polygon", "coordinates": [ring]},
    }
    open_ring.write_text(json.dumps({"type": "FeatureCollection", "features": [feature]}))
    message = refused(tmp_path, open_ring)
    assert "oppen.geojson, objekt 1 (kod 1380C1040)" in message and "sluter" in message
    # A mapping that leaves a feature out.
    mapping = tmp_path / "karta.csv"
    mapping.write_text("code,area\n1380C9999,Nyhem\n")
    message = refused(tmp_path, write_boundaries(tmp_path / "deso.gpkg", [good]), "--mapping", str(mapping))
    assert "objekt 1 (kod 1380C1010)" in message and "karta" not in message.split(":")[0]


def test_a_self_crossing_polygon_is_repaired(halmstad: Municipality, tmp_path: Path) -> None:
    bowtie = shapely.Polygon(
        [(EAST, NORTH), (EAST + 800, NORTH + 800), (EAST + 800, NORTH), (EAST, NORTH + 800)]
    )
    assert not bowtie.is_valid
    path = write_boundaries(tmp_path / "rosett.gpkg", [{"deso": "1380C1010", "geometry": bowtie}])
    assert last_line(run("halmstad", str(path))[0]) == "areas: 1 created, 0 updated"
    area = Area.objects.get(code="1380C1010")
    validate_area_geometry(area.geometry)
    assert shapely.geometry.shape(area.geometry).is_valid
