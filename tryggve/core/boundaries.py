"""Reading boundary files: SCB's statistical areas and Lantmäteriet's administrative borders.

GeoPackage, zipped Shapefile and GeoJSON are read with pyogrio (GDAL), in the coordinate
reference system the file declares: SWEREF 99 TM (EPSG:3006), the local SWEREF 99 zones
(EPSG:3007–3018) or WGS 84. Each feature becomes a polygon in SWEREF 99 TM, repaired when its
rings cross; `outline` simplifies a merged area for the web and turns it into GeoJSON in WGS 84
(RFC 7946). Every refusal is a `BoundaryError` whose message names the file and the feature.
"""

import warnings
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pyogrio
import shapely
from django.utils.translation import gettext as _
from pyogrio import raw
from pyproj import CRS, Transformer
from pyproj.exceptions import CRSError
from shapely.geometry.base import BaseGeometry

SWEREF99_TM = 3006
WGS84 = 4326
ACCEPTED_CRS = {WGS84, *range(3006, 3019)}
# Sweden in SWEREF 99 TM, with a margin (EPSG's area of use is 181 896–1 086 312 E,
# 6 101 648–7 689 478 N): a feature outside it has a missing or wrong CRS.
SWEDEN = (150_000.0, 6_050_000.0, 1_120_000.0, 7_720_000.0)
# Simplifying for the web: no point of the outline moves more than this many metres.
TOLERANCE_METRES = 5.0
# Coordinates in WGS 84 are kept to 6 decimals (about 0.1 m).
DECIMALS = 6

# Fields looked for, in this order, when the command does not name them (any case).
CODE_FIELDS = ("deso", "desokod", "regsokod", "regso_kod", "kommunkod", "kod", "code")
NAME_FIELDS = ("namn", "name", "regso", "regsonamn", "kommunnamn", "tatort")

SUFFIXES = (".gpkg", ".zip", ".geojson", ".json")


class BoundaryError(Exception):
    """A boundary file that cannot be imported; the message says why, naming file and feature."""


@dataclass
class Feature:
    number: int  # 1 for the file's first feature
    code: str
    name: str
    group: str  # the --group-by field's value, "" without it
    geometry: BaseGeometry  # Polygon or MultiPolygon in SWEREF 99 TM

    def label(self, file: str) -> str:
        return _("%(file)s, feature %(number)s (code %(code)s)") % {
            "file": file,
            "number": self.number,
            "code": self.code or "–",
        }


def _refuse(message: str, **params: Any) -> BoundaryError:
    return BoundaryError(message % params)


def _source(path: Path, file: str) -> str:
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise _refuse(
            _("%(file)s: give a GeoPackage (.gpkg), a zipped Shapefile (.zip) or a GeoJSON file (.geojson)."),
            file=file,
        )
    if suffix == ".zip":
        try:
            with zipfile.ZipFile(path) as archive:
                names = archive.namelist()
        except (OSError, zipfile.BadZipFile) as error:
            raise _refuse(
                _("%(file)s cannot be read as a zip file: %(error)s"), file=file, error=error
            ) from error
        shapes = [name for name in names if name.lower().endswith(".shp")]
        if len(shapes) != 1:
            raise _refuse(
                _(
                    "%(file)s must hold exactly one Shapefile (.shp with its .shx, .dbf and .prj); "
                    "it holds %(count)s."
                ),
                file=file,
                count=len(shapes),
            )
        return f"/vsizip/{path}/{shapes[0]}"
    return str(path)


def _field(fields: list[str], wanted: str, defaults: Iterable[str], file: str, what: str) -> str | None:
    by_lower = {name.lower(): name for name in fields}
    if wanted:
        if wanted.lower() not in by_lower:
            raise _refuse(
                _("%(file)s has no field “%(field)s” (for the %(what)s); its fields are: %(fields)s."),
                file=file,
                field=wanted,
                what=what,
                fields=", ".join(fields) or "–",
            )
        return by_lower[wanted.lower()]
    return next((by_lower[name] for name in defaults if name in by_lower), None)


def epsg_code(found: str | None, file: str) -> int:
    """The EPSG code of the reference system a file declares, if Tryggve reads it; else a
    `BoundaryError` saying which ones it reads."""
    if not found:
        raise _refuse(
            _(
                "%(file)s does not say which coordinate reference system it uses (a Shapefile needs its .prj "
                "file). Export it again in SWEREF 99 TM (EPSG:3006)."
            ),
            file=file,
        )
    try:
        crs = CRS.from_user_input(found)
    except CRSError as error:
        raise _refuse(
            _("%(file)s: unknown coordinate reference system (%(error)s)."), file=file, error=error
        ) from error
    epsg = crs.to_epsg(min_confidence=70)
    if epsg == 4258:  # ETRS89 geographic: the same as WGS 84 at this scale, and SWEREF 99's datum
        epsg = WGS84
    if epsg is None or epsg not in ACCEPTED_CRS:
        raise _refuse(
            _(
                "%(file)s uses the coordinate reference system %(crs)s; Tryggve reads SWEREF 99 TM "
                "(EPSG:3006), the SWEREF 99 local zones (EPSG:3007–3018) and WGS 84 (EPSG:4326)."
            ),
            file=file,
            crs=f"EPSG:{epsg}" if epsg else crs.name,
        )
    return epsg


def _text(values: Any, index: int) -> str:
    if values is None:
        return ""
    value = values[index]
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _polygonal(geometry: BaseGeometry) -> BaseGeometry:
    """The polygons of a geometry, repaired if its rings cross or touch themselves."""
    if not geometry.is_valid:
        geometry = shapely.make_valid(geometry)
    if geometry.geom_type == "GeometryCollection":
        parts = [
            part for part in shapely.get_parts(geometry) if part.geom_type in ("Polygon", "MultiPolygon")
        ]
        geometry = shapely.union_all(parts) if parts else shapely.Polygon()
    return geometry


def read_features(
    path: Path,
    *,
    file: str = "",
    layer: str = "",
    code_field: str = "",
    name_field: str = "",
    group_field: str = "",
) -> list[Feature]:
    """Every feature of the file as a polygon in SWEREF 99 TM, with its code, name and group.

    `file` is the name messages use (the uploaded file's own name); nothing is written anywhere.
    """
    file = file or path.name
    source = _source(path, file)
    try:
        layers = [str(name) for name, _kind in pyogrio.list_layers(source)]
    except (pyogrio.errors.DataSourceError, OSError, RuntimeError) as error:
        raise _refuse(
            _("%(file)s cannot be read as a GeoPackage, Shapefile or GeoJSON file: %(error)s"),
            file=file,
            error=error,
        ) from error
    if layer and layer not in layers:
        raise _refuse(
            _("%(file)s has no layer “%(layer)s”; its layers are: %(layers)s."),
            file=file,
            layer=layer,
            layers=", ".join(layers) or "–",
        )
    if not layer and len(layers) > 1:
        raise _refuse(
            _("%(file)s has several layers (%(layers)s): name the one to import (--layer)."),
            file=file,
            layers=", ".join(layers),
        )
    try:
        with warnings.catch_warnings():
            # GDAL warns of rings that do not close; shapely refuses them below, naming the feature.
            warnings.simplefilter("ignore", RuntimeWarning)
            meta, _fids, geometries, values = raw.read(source, layer=layer or None)
    except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError, OSError, RuntimeError) as error:
        raise _refuse(_("%(file)s cannot be read: %(error)s"), file=file, error=error) from error
    fields = [str(name) for name in meta["fields"]]
    epsg = epsg_code(meta.get("crs"), file)
    columns = dict(zip(fields, values, strict=True))
    code_name = _field(fields, code_field, CODE_FIELDS, file, _("code"))
    if code_name is None:
        raise _refuse(
            _(
                "%(file)s: which field holds each area's code? Name it with --code-field; "
                "its fields are: %(fields)s."
            ),
            file=file,
            fields=", ".join(fields) or "–",
        )
    title = _field(fields, name_field, NAME_FIELDS, file, _("name"))
    group = _field(fields, group_field, (), file, _("grouping")) if group_field else None
    to_sweref = _transform(epsg, SWEREF99_TM)
    features = []
    for index, wkb in enumerate(geometries if geometries is not None else []):
        feature = Feature(
            number=index + 1,
            code=_text(columns[code_name], index),
            name=_text(columns[title], index) if title else "",
            group=_text(columns[group], index) if group else "",
            geometry=shapely.Polygon(),
        )
        feature.geometry = _feature_geometry(wkb, feature, file, to_sweref)
        features.append(feature)
    if not features:
        raise _refuse(_("%(file)s has no features."), file=file)
    return features


def _projector(source: int, target: int) -> Callable[[np.ndarray], np.ndarray]:
    transformer = Transformer.from_crs(source, target, always_xy=True)

    def apply(points: np.ndarray) -> np.ndarray:
        x, y = transformer.transform(points[:, 0], points[:, 1], errcheck=False)
        return np.column_stack([x, y])

    return apply


def _transform(source: int, target: int) -> Callable[[np.ndarray], np.ndarray] | None:
    return None if source == target else _projector(source, target)


def _feature_geometry(
    wkb: bytes | None, feature: Feature, file: str, to_sweref: Callable[[np.ndarray], np.ndarray] | None
) -> BaseGeometry:
    where = feature.label(file)
    if wkb is None:
        raise _refuse(_("%(where)s has no geometry."), where=where)
    try:
        geometry = shapely.from_wkb(wkb)
    except shapely.errors.GEOSException as error:
        if "closed" in str(error):
            raise _refuse(
                _("%(where)s: a ring of the polygon does not close (its last point must be its first)."),
                where=where,
            ) from error
        raise _refuse(
            _("%(where)s: the geometry cannot be read (%(error)s)."), where=where, error=error
        ) from error
    if not isinstance(geometry, (shapely.Polygon, shapely.MultiPolygon)):
        raise _refuse(
            _("%(where)s is a %(kind)s; an area must be a polygon or a multipolygon."),
            where=where,
            kind=geometry.geom_type,
        )
    geometry = shapely.force_2d(geometry)
    if to_sweref is not None:
        geometry = shapely.transform(geometry, to_sweref)
    if geometry.is_empty or not np.all(np.isfinite(shapely.get_coordinates(geometry))):
        raise _outside(where)
    west, south, east, north = geometry.bounds
    if west < SWEDEN[0] or south < SWEDEN[1] or east > SWEDEN[2] or north > SWEDEN[3]:
        raise _outside(where)
    geometry = _polygonal(geometry)
    if geometry.is_empty or geometry.area == 0:
        raise _refuse(_("%(where)s: the polygon has no area."), where=where)
    return geometry


def _outside(where: str) -> BoundaryError:
    return _refuse(
        _(
            "%(where)s lies outside Sweden in the coordinate reference system the file declares: the CRS "
            "is missing or wrong (a file in SWEREF 99 TM must say EPSG:3006)."
        ),
        where=where,
    )


_TO_WGS84 = _projector(SWEREF99_TM, WGS84)


def outline(parts: Iterable[BaseGeometry]) -> dict[str, Any]:
    """The parts (in SWEREF 99 TM) merged, simplified for the web and as GeoJSON in WGS 84."""
    merged = shapely.union_all(list(parts))
    merged = _polygonal(merged.simplify(TOLERANCE_METRES, preserve_topology=True))
    merged = shapely.transform(merged, _TO_WGS84)
    merged = shapely.set_precision(merged, 10**-DECIMALS)
    merged = shapely.orient_polygons(merged)  # exterior rings counter-clockwise (RFC 7946)
    return _geojson(merged)


def _ring(ring: Any) -> list[list[float]]:
    return [[round(x, DECIMALS), round(y, DECIMALS)] for x, y in ring.coords]


def _polygon(polygon: shapely.Polygon) -> list[list[list[float]]]:
    return [_ring(polygon.exterior), *(_ring(hole) for hole in polygon.interiors)]


def _geojson(geometry: BaseGeometry) -> dict[str, Any]:
    if isinstance(geometry, shapely.Polygon):
        return {"type": "Polygon", "coordinates": _polygon(geometry)}
    return {"type": "MultiPolygon", "coordinates": [_polygon(part) for part in geometry.geoms]}
