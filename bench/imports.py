"""Boundary and population import benchmarks (issue 27).

Prints `areas_import_s`: one municipality's 60 generated DeSO polygons in SWEREF 99 TM
(EPSG:3006, a GeoPackage) through `import_areas` (bar: 2 s), and `population_import_s`: a
generated JSON-stat file of SCB's DeSO table for all of Sweden (about 6,000 regions × 17 age
classes × 2 sexes) through `import_population` for that municipality (bar: 5 s). Shapes and
numbers are invented; nothing is fetched.
"""

import io
import math
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.sqlite_django import set_up  # noqa: E402

set_up(prefix="tryggve-bench-imports-")

import shapely  # noqa: E402
from django.core.management import call_command  # noqa: E402

from tryggve.core.models import Area, Municipality, Population  # noqa: E402
from tryggve.testing_files import SCB_AGES, write_boundaries, write_population  # noqa: E402

MUNICIPALITY_DESO = 60
SWEDEN_DESO = 6_000
# Halmstad's surroundings in SWEREF 99 TM.
EAST, NORTH = 360_000.0, 6_280_000.0


def deso_polygon(rng: random.Random, column: int, row: int) -> shapely.Polygon:
    """A ragged 1 km cell: 40 points on a wobbling ring, as real DeSO borders follow streets."""
    centre_e, centre_n = EAST + column * 1_000 + 500, NORTH + row * 1_000 + 500
    points = []
    for step in range(40):
        angle = 2 * math.pi * step / 40
        radius = 480 + rng.uniform(-15, 15)
        points.append((centre_e + radius * math.cos(angle), centre_n + radius * math.sin(angle)))
    return shapely.Polygon(points)


def main() -> None:
    call_command("migrate", verbosity=0)
    folder = Path(tempfile.mkdtemp(prefix="tryggve-bench-files-"))
    rng = random.Random(27)
    municipality = Municipality.objects.create(
        name="Halmstad", official_name="Halmstads kommun", slug="halmstad", code="1380"
    )
    own = [f"1380C{number:04d}" for number in range(1, MUNICIPALITY_DESO + 1)]
    features = [
        {"deso": code, "geometry": deso_polygon(rng, number % 10, number // 10)}
        for number, code in enumerate(own)
    ]
    boundaries = write_boundaries(folder / "DeSO_1380.gpkg", features)
    start = time.perf_counter()
    call_command("import_areas", "halmstad", str(boundaries), stdout=io.StringIO())
    print(f"areas_import_s: {time.perf_counter() - start:.2f}")
    assert Area.objects.filter(municipality=municipality).count() == MUNICIPALITY_DESO

    # All of Sweden: 290 municipalities' regions, this one's among them.
    regions = list(own)
    others = SWEDEN_DESO - MUNICIPALITY_DESO
    for number in range(others):
        kommun = 114 + (number * 290) // others
        code = f"{kommun:04d}"
        regions.append(f"{'1381' if code == '1380' else code}A{number:04d}")
    rng.shuffle(regions)
    counts: dict[str, dict[tuple[str, str], int | None]] = {
        region: {(age, sex): rng.randint(0, 60) for age, _label in SCB_AGES for sex in ("1", "2")}
        for region in regions
    }
    population = write_population(folder / "FolkmDesoAldKon_riket.json", {"2024": counts}, with_totals=True)
    start = time.perf_counter()
    call_command("import_population", "halmstad", "2024", str(population), stdout=io.StringIO())
    print(f"population_import_s: {time.perf_counter() - start:.2f}")
    assert (
        Population.objects.filter(area__municipality=municipality, year=2024).count() == MUNICIPALITY_DESO * 8
    )


if __name__ == "__main__":
    main()
