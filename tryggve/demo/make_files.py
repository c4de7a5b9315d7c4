"""Make the demo's invented boundary and population files (tryggve/demo/files/).

    python manage.py shell -c "from tryggve.demo.make_files import main; main()"

Halmstad's areas are the invented hexagons of `data.MUNICIPALITIES`, written in SWEREF 99 TM
(EPSG:3006) as SCB's and Lantmäteriet's files are: the whole municipality as one feature with a
`kommunkod`, each district as two invented DeSO (the hexagon cut in two along a diagonal), with
a mapping file that names the district each DeSO is part of. The population is SCB's DeSO table
(`FolkmDesoAldKon`: five-year age classes by sex) in JSON-stat 2.0, for the demo's survey years,
made so that `import_population` gives exactly the counts of `survey_answers.population_cells`
(16–24 from 4/5 of 15–19 and all of 20–24). Nothing in them describes a real place or person.
`load_demo` imports them with `import_areas` and `import_population`.
"""

import csv
import random
from pathlib import Path
from typing import Any

import shapely
from pyproj import Transformer

from tryggve.demo import data
from tryggve.demo.survey_answers import population_cells
from tryggve.testing_files import SCB_AGES, write_boundaries, write_population

FOLDER = Path(__file__).resolve().parent / "files"
KOMMUN_FILE = FOLDER / "halmstad_kommungrans.geojson"
KOMMUN_MAPPING = FOLDER / "halmstad_kommungrans.csv"
DESO_FILE = FOLDER / "halmstad_deso.geojson"
DESO_MAPPING = FOLDER / "halmstad_deso_omraden.csv"
POPULATION_FILE = FOLDER / "halmstad_folkmangd_deso.json"
POPULATION_YEARS = (2018, 2019)

_TO_SWEREF = Transformer.from_crs(4326, 3006, always_xy=True)


def _sweref(ring: list[list[float]]) -> list[tuple[float, float]]:
    return [tuple(round(v, 2) for v in _TO_SWEREF.transform(lon, lat)) for lon, lat in ring]


def deso_codes(number: int) -> tuple[str, str]:
    """The two invented DeSO codes of the demo's district number `number` (1, 2, …)."""
    return f"1380C{number:02d}10", f"1380C{number:02d}20"


def _areas() -> list[tuple[str, str, str, str | None, tuple[float, float], float]]:
    return next(entry for entry in data.MUNICIPALITIES if entry["slug"] == "halmstad")["areas"]


def boundaries() -> None:
    areas = _areas()
    whole = next(a for a in areas if a[3] is None)
    ring = _sweref(data.hexagon(*whole[4], whole[5])["coordinates"][0])
    write_boundaries(
        KOMMUN_FILE,
        [{"kommunkod": "1380", "kommunnamn": "Halmstad (påhittad gräns)", "geometry": shapely.Polygon(ring)}],
    )
    features: list[dict[str, Any]] = []
    mapping = [["code", "area", "kind", "slug"]]
    for number, (slug, name, kind, _parent, centre, radius) in enumerate((a for a in areas if a[3]), start=1):
        ring = _sweref(data.hexagon(*centre, radius)["coordinates"][0])
        # The hexagon's corners 0…5: one half is 0–3, the other 3–0, sharing the diagonal.
        halves = (ring[0:4], [*ring[3:6], ring[0]])
        for code, half in zip(deso_codes(number), halves, strict=True):
            features.append({"deso": code, "anmarkning": "påhittad", "geometry": shapely.Polygon(half)})
            mapping.append([code, name, kind, slug])
    write_boundaries(DESO_FILE, features)
    with open(DESO_MAPPING, "w", newline="", encoding="utf-8") as out:
        csv.writer(out, lineterminator="\n").writerows(mapping)
    with open(KOMMUN_MAPPING, "w", newline="", encoding="utf-8") as out:
        csv.writer(out, lineterminator="\n").writerows(
            [["code", "area", "kind", "slug"], ["1380", whole[1], "municipality", whole[0]]]
        )


def _split(total: int, parts: int, rng: random.Random, step: int = 1) -> list[int]:
    """`total` (a multiple of `step`) in `parts` near-equal shares, each a multiple of `step`."""
    units = total // step
    shares = [units // parts] * parts
    for index in rng.sample(range(parts), units - sum(shares)):
        shares[index] += 1
    return [share * step for share in shares]


def _classes(band: str, count: int, rng: random.Random) -> dict[str, int]:
    """One band's residents as SCB's five-year classes that `import_population` adds up again."""
    if band == "16-24":
        fifteen = 5 * round(count * 0.5 / 4)  # 4/5 of it counts in 16–24: about half the band
        return {"15-19": fifteen, "20-24": count - fifteen * 4 // 5}
    first = {"25-44": 25, "45-64": 45, "65+": 65}[band]
    codes = [f"{age}-{age + 4}" if age < 80 else "80-" for age in range(first, first + 20, 5)]
    return dict(zip(codes, _split(count, 4, rng), strict=True))


def population() -> None:
    areas = [a for a in _areas() if a[3]]
    numbers = {slug: number for number, (slug, *_rest) in enumerate(areas, start=1)}
    counts: dict[str, dict[str, dict[tuple[str, str], int | None]]] = {}
    for year in POPULATION_YEARS:
        regions: dict[str, dict[tuple[str, str], int | None]] = {}
        for slug, total in data.RESIDENTS_16_PLUS["halmstad"].items():
            rng = random.Random(f"{slug}-{year}-deso")
            halves: list[dict[tuple[str, str], int | None]] = [{}, {}]
            for sex, band, count in population_cells(total, f"{slug}-{year}"):
                sex_code = "2" if sex == "kvinna" else "1"
                for age, residents in _classes(band, count, rng).items():
                    # 15–19 is halved in multiples of 5, so 4/5 of each half is a whole number.
                    step = 5 if age == "15-19" else 1
                    for half, part in zip(halves, _split(residents, 2, rng, step), strict=True):
                        half[(age, sex_code)] = part
            young = sum(v or 0 for (age, _sex), v in halves[0].items() if age == "15-19")
            for half in halves:  # children: in the table, under the survey's ages
                for age in ("-4", "5-9", "10-14"):
                    for sex_code in ("1", "2"):
                        half[(age, sex_code)] = round(young / 2 * rng.uniform(0.8, 1.2))
            for code, half in zip(deso_codes(numbers[slug]), halves, strict=True):
                regions[code] = half
        counts[str(year)] = regions
    write_population(POPULATION_FILE, counts, ages=SCB_AGES, with_totals=True)


def main() -> None:
    FOLDER.mkdir(exist_ok=True)
    boundaries()
    population()
    for path in (KOMMUN_FILE, KOMMUN_MAPPING, DESO_FILE, DESO_MAPPING, POPULATION_FILE):
        print(f"{path.relative_to(FOLDER.parent.parent.parent)}: {path.stat().st_size} bytes")
