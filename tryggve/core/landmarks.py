"""Named places (ortnamn) read from a file: the places the lägesbild names a hotspot after.

Two formats (docs/formats.md): GeoJSON with a Point feature per place, in WGS 84 (RFC 7946) or
in the reference system its `crs` member declares (SWEREF 99 TM, a SWEREF 99 local zone); and
CSV with a header, `name,lat,lon` in WGS 84 or `name,north,east` in SWEREF 99 TM, each with an
optional `kind`. A file with any bad line imports nothing: `LandmarkError` says which line and why.
"""

import json
import math
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from django.core.management.base import CommandError
from django.db import transaction
from django.utils.translation import gettext as _
from pyproj import Transformer

from .areas import outside_municipality
from .boundaries import SWEREF99_TM, WGS84, BoundaryError, epsg_code
from .csv_files import csv_reader
from .files import read_text
from .models import Landmark, Municipality

# Sweden in WGS 84, with a margin: a point outside has its coordinates swapped or in another system.
SWEDEN_LATITUDE = (55.0, 69.1)
SWEDEN_LONGITUDE = (10.9, 24.2)
NAME_FIELDS = ("name", "namn")
KIND_FIELDS = ("kind", "typ", "slag")
# The columns of a CSV file, by reference system: WGS 84 degrees, or SWEREF 99 TM metres.
LATITUDE_FIELDS = ("lat", "latitude", "latitud")
LONGITUDE_FIELDS = ("lon", "lng", "longitude", "longitud")
NORTH_FIELDS = ("north", "northing", "nord", "n")
EAST_FIELDS = ("east", "easting", "ost", "öst", "e")
# A kind by its code or its Swedish word.
KINDS = {
    **{kind.value: kind.value for kind in Landmark.Kind},
    "torg": "square",
    "skola": "school",
    "gata": "street",
    "väg": "street",
    "centrum": "centre",
    "annan": "other",
    "annat": "other",
}
MAX_BYTES = 20 * 1024 * 1024


class LandmarkError(Exception):
    """A file of named places that cannot be imported; the message names the file and the line."""


@dataclass
class Place:
    where: str  # "file, line 3" or "file, feature 2", for messages
    name: str
    kind: str
    latitude: float
    longitude: float


def read(path: Path, municipality: Municipality, file: str = "") -> list[Place]:
    """The named places of a GeoJSON or CSV file, checked: each in Sweden and in the
    municipality (when its areas have outlines), no name twice."""
    file = file or path.name
    suffix = path.suffix.lower()
    try:
        size = path.stat().st_size
    except OSError as error:
        raise LandmarkError(_("Cannot read %(file)s: %(error)s") % {"file": file, "error": error}) from error
    if size > MAX_BYTES:
        raise LandmarkError(_("%(file)s is larger than 20 MB.") % {"file": file})
    if suffix in (".geojson", ".json"):
        places = _from_geojson(_text(path), file)
    elif suffix == ".csv":
        places = _from_csv(_text(path), file)
    else:
        raise LandmarkError(
            _("%(file)s: give a GeoJSON file (.geojson) or a CSV file (.csv).") % {"file": file}
        )
    if not places:
        raise LandmarkError(_("%(file)s has no named places.") % {"file": file})
    areas = list(municipality.areas.all())
    seen: dict[str, str] = {}
    for place in places:
        if not (
            SWEDEN_LATITUDE[0] <= place.latitude <= SWEDEN_LATITUDE[1]
            and SWEDEN_LONGITUDE[0] <= place.longitude <= SWEDEN_LONGITUDE[1]
        ):
            raise LandmarkError(
                _(
                    "%(where)s: the point lies outside Sweden; are the coordinates swapped or in "
                    "another reference system?"
                )
                % {"where": place.where}
            )
        if outside_municipality(areas, place.latitude, place.longitude):
            raise LandmarkError(
                _("%(where)s: %(name)s lies outside the areas of %(municipality)s.")
                % {"where": place.where, "name": place.name, "municipality": municipality}
            )
        if place.name.casefold() in seen:
            raise LandmarkError(
                _("%(where)s: %(name)s is already named at %(first)s.")
                % {"where": place.where, "name": place.name, "first": seen[place.name.casefold()]}
            )
        seen[place.name.casefold()] = place.where
    return places


def _text(path: Path) -> str:
    try:
        return read_text(path)
    except CommandError as error:  # read_text stops a command; here its message is the refusal
        raise LandmarkError(str(error)) from error


def _name(value: Any, where: str) -> str:
    name = " ".join(str(value or "").split())
    if not name:
        raise LandmarkError(_("%(where)s has no name.") % {"where": where})
    if len(name) > 100:
        raise LandmarkError(_("%(where)s: the name is longer than 100 characters.") % {"where": where})
    return name


def _kind(value: Any, where: str) -> str:
    text = str(value or "").strip().casefold()
    if not text:
        return Landmark.Kind.OTHER.value
    if text not in KINDS:
        raise LandmarkError(
            _("%(where)s: unknown kind “%(kind)s”; the kinds are: %(kinds)s.")
            % {"where": where, "kind": value, "kinds": ", ".join(sorted(KINDS))}
        )
    return KINDS[text]


def _number(value: Any, where: str) -> float:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        number = float(value)
    else:
        try:
            number = float(str(value).strip().replace(",", ".").replace(" ", "").replace("\u00a0", ""))
        except ValueError:
            number = math.nan
    if not math.isfinite(number):
        raise LandmarkError(
            _("%(where)s: “%(value)s” is not a coordinate.") % {"where": where, "value": value}
        )
    return number


def _to_wgs84(epsg: int) -> Transformer | None:
    return None if epsg == WGS84 else Transformer.from_crs(epsg, WGS84, always_xy=True)


def _point(east: float, north: float, transformer: Transformer | None) -> tuple[float, float]:
    """(latitude, longitude) in WGS 84 of a point given as (east or longitude, north or latitude)."""
    if transformer is None:
        return north, east
    longitude, latitude = transformer.transform(east, north, errcheck=False)
    return round(latitude, 6), round(longitude, 6)


def _from_geojson(text: str, file: str) -> list[Place]:
    try:
        found = json.loads(text)
    except json.JSONDecodeError as error:
        raise LandmarkError(
            _("%(file)s is not GeoJSON: %(error)s") % {"file": file, "error": error}
        ) from error
    if not isinstance(found, dict) or found.get("type") != "FeatureCollection":
        raise LandmarkError(_("%(file)s is not a GeoJSON FeatureCollection.") % {"file": file})
    epsg = WGS84
    crs = found.get("crs")
    if crs:
        named = crs.get("properties", {}).get("name") if isinstance(crs, dict) else None
        try:
            epsg = epsg_code(str(named) if named else None, file)
        except BoundaryError as error:
            raise LandmarkError(str(error)) from error
    transformer = _to_wgs84(epsg)
    features = found.get("features")
    if not isinstance(features, list):
        raise LandmarkError(_("%(file)s is not a GeoJSON FeatureCollection.") % {"file": file})
    places = []
    for number, feature in enumerate(features, start=1):
        where = _("%(file)s, feature %(number)s") % {"file": file, "number": number}
        geometry = feature.get("geometry") if isinstance(feature, dict) else None
        if not isinstance(geometry, dict) or geometry.get("type") != "Point":
            kind = geometry.get("type") if isinstance(geometry, dict) else None
            raise LandmarkError(
                _("%(where)s is a %(kind)s; a named place must be a Point.")
                % {"where": where, "kind": kind or _("feature without geometry")}
            )
        coordinates = geometry.get("coordinates")
        if not isinstance(coordinates, list) or len(coordinates) < 2:
            raise LandmarkError(_("%(where)s: the point has no coordinates.") % {"where": where})
        properties = feature.get("properties") or {}
        fields = {str(key).casefold(): value for key, value in properties.items()}
        name = _name(next((fields[f] for f in NAME_FIELDS if f in fields), ""), where)
        kind = _kind(next((fields[f] for f in KIND_FIELDS if f in fields), ""), where)
        latitude, longitude = _point(
            _number(coordinates[0], where), _number(coordinates[1], where), transformer
        )
        places.append(Place(where, name, kind, latitude, longitude))
    return places


def _column(header: list[str], names: Iterable[str]) -> int | None:
    return next((header.index(name) for name in names if name in header), None)


def _from_csv(text: str, file: str) -> list[Place]:
    rows = csv_reader(text)
    header = [cell.strip().casefold() for cell in next(rows, [])]
    name = _column(header, NAME_FIELDS)
    kind = _column(header, KIND_FIELDS)
    latitude, longitude = _column(header, LATITUDE_FIELDS), _column(header, LONGITUDE_FIELDS)
    north, east = _column(header, NORTH_FIELDS), _column(header, EAST_FIELDS)
    if name is None or not (
        (latitude is not None and longitude is not None) or (north is not None and east is not None)
    ):
        raise LandmarkError(
            _(
                "%(file)s: the first line must name the columns: name,lat,lon (WGS 84) or "
                "name,north,east (SWEREF 99 TM), and optionally kind. It says: %(header)s"
            )
            % {"file": file, "header": ",".join(header) or "–"}
        )
    if latitude is not None and longitude is not None:
        y, x, transformer = latitude, longitude, None
    else:
        y, x, transformer = cast(int, north), cast(int, east), _to_wgs84(SWEREF99_TM)
    places = []
    for number, row in enumerate(rows, start=2):
        if not any(cell.strip() for cell in row):
            continue
        where = _("%(file)s, line %(number)s") % {"file": file, "number": number}
        cells = row + [""] * (len(header) - len(row))
        lat, lon = _point(_number(cells[x], where), _number(cells[y], where), transformer)
        places.append(
            Place(
                where,
                _name(cells[name], where),
                _kind(cells[kind] if kind is not None else "", where),
                lat,
                lon,
            )
        )
    return places


@transaction.atomic
def store(municipality: Municipality, places: list[Place], *, replace: bool = False) -> dict[str, int]:
    """Places saved by name: new ones created, known ones moved or re-kinded; with `replace`,
    the municipality's places missing from the file removed."""
    known = {landmark.name.casefold(): landmark for landmark in municipality.landmarks.all()}
    counts = {"created": 0, "updated": 0, "unchanged": 0, "removed": 0}
    for place in places:
        landmark = known.pop(place.name.casefold(), None)
        if landmark is None:
            Landmark.objects.create(
                municipality=municipality,
                name=place.name,
                kind=place.kind,
                latitude=place.latitude,
                longitude=place.longitude,
            )
            counts["created"] += 1
            continue
        new = (place.name, place.kind, place.latitude, place.longitude)
        if (landmark.name, landmark.kind, landmark.latitude, landmark.longitude) == new:
            counts["unchanged"] += 1
            continue
        landmark.name, landmark.kind, landmark.latitude, landmark.longitude = new
        landmark.position_is_invented = False
        landmark.save()
        counts["updated"] += 1
    if replace and known:
        Landmark.objects.filter(pk__in=[landmark.pk for landmark in known.values()]).delete()
        counts["removed"] = len(known)
    return counts
