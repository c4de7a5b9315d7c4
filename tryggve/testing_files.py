"""Files in the real formats the importers read, written with invented shapes and numbers.

Boundary files (GeoPackage, zipped Shapefile, GeoJSON) are written by GDAL through pyogrio, as
SCB's and Lantmäteriet's are; JSON-stat 2.0 datasets as SCB's PxWeb API answers. Used by the
tests, the benchmarks (bench/imports.py) and the script that made the demo's files
(tryggve/demo/make_files.py); nothing here runs in production.
"""

import json
import logging
import warnings
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import shapely
from pyogrio import raw

# pyogrio logs "Created N records" for every file written.
logging.getLogger("pyogrio").setLevel(logging.WARNING)

DRIVERS = {".gpkg": "GPKG", ".zip": "ESRI Shapefile", ".geojson": "GeoJSON", ".json": "GeoJSON"}


def square(east: float, north: float, half: float) -> shapely.Polygon:
    """A square of half-side `half` (in the file's units) around a point."""
    return shapely.box(east - half, north - half, east + half, north + half)


def write_boundaries(
    path: Path,
    features: Sequence[dict[str, Any]],
    *,
    crs: str | None = "EPSG:3006",
    layer: str = "omraden",
) -> Path:
    """A boundary file of the features (dicts of field values and a shapely "geometry"); the format
    comes from the suffix: .gpkg, .zip (a zipped Shapefile) or .geojson. `crs=None` writes none."""
    suffix = path.suffix.lower()
    fields = [name for name in features[0] if name != "geometry"]
    geometries = np.array([shapely.to_wkb(f["geometry"]) for f in features], dtype=object)
    values = [np.array([f[name] for f in features], dtype=object) for name in fields]
    options: dict[str, Any] = {"driver": DRIVERS[suffix], "geometry_type": "MultiPolygon", "crs": crs}
    if suffix == ".zip":
        folder = path.with_suffix("")
        folder.mkdir(parents=True, exist_ok=True)
        shp = folder / f"{layer}.shp"
        _write(shp, geometries, values, fields, encoding="UTF-8", **options)
        with zipfile.ZipFile(path, "w") as archive:
            for part in sorted(folder.iterdir()):
                archive.write(part, part.name)
        return path
    if suffix == ".gpkg":
        options["layer"] = layer
    if suffix in (".geojson", ".json"):
        options["layer_options"] = {"COORDINATE_PRECISION": 2 if crs and crs != "EPSG:4326" else 7}
    _write(path, geometries, values, fields, **options)
    return path


def _write(path: Path, geometries: Any, values: Any, fields: list[str], **options: Any) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # "crs was not provided": on purpose
        raw.write(str(path), geometries, values, fields=fields, **options)


def jsonstat(
    dimensions: Sequence[tuple[str, str, Sequence[tuple[str, str]]]],
    values: Iterable[float | int | None],
    *,
    label: str = "Folkmängden per region efter ålder och kön (påhittade siffror)",
) -> dict[str, Any]:
    """A JSON-stat 2.0 dataset as PxWeb answers: (id, label, [(code, label), …]) per dimension,
    values in row-major order (the last dimension varies fastest)."""
    return {
        "version": "2.0",
        "class": "dataset",
        "label": label,
        "source": "Påhittad (Tryggve)",
        "id": [dimension_id for dimension_id, _label, _categories in dimensions],
        "size": [len(categories) for _id, _label, categories in dimensions],
        "dimension": {
            dimension_id: {
                "label": dimension_label,
                "category": {
                    "index": {code: number for number, (code, _text) in enumerate(categories)},
                    "label": dict(categories),
                },
            }
            for dimension_id, dimension_label, categories in dimensions
        },
        "value": list(values),
        "role": {"time": ["Tid"], "metric": ["ContentsCode"]},
    }


SCB_AGES = [
    ("-4", "0-4 år"),
    *((f"{first}-{first + 4}", f"{first}-{first + 4} år") for first in range(5, 80, 5)),
    ("80-", "80- år"),
]
SCB_SEXES = [("1", "män"), ("2", "kvinnor")]


def write_population(
    path: Path,
    counts: Mapping[str, Mapping[str, Mapping[tuple[str, str], int | None]]],
    *,
    ages: Sequence[tuple[str, str]] = SCB_AGES,
    with_totals: bool = False,
) -> Path:
    """SCB's table FolkmDesoAldKon as JSON-stat: counts[year][region][(age code, sex code)].
    `with_totals` adds the "totalt" age class, as SCB gives it when asked for every class."""
    years = list(counts)
    regions = list(counts[years[0]])
    age_categories = [*ages, ("totalt", "totalt")] if with_totals else list(ages)
    values: list[int | None] = []
    for region in regions:
        for age, _label in age_categories:
            for sex, _sex_label in SCB_SEXES:
                for year in years:
                    cells = counts[year][region]
                    if age == "totalt":
                        values.append(sum(n or 0 for (_a, s), n in cells.items() if s == sex))
                    else:
                        values.append(cells.get((age, sex)))
    dataset = jsonstat(
        [
            ("Region", "region", [(region, region) for region in regions]),
            ("Alder", "ålder", age_categories),
            ("Kon", "kön", SCB_SEXES),
            ("ContentsCode", "tabellinnehåll", [("000007Y7", "Folkmängd")]),
            ("Tid", "år", [(year, year) for year in years]),
        ],
        values,
    )
    path.write_text(json.dumps(dataset, ensure_ascii=False, separators=(",", ":")))
    return path
