"""Validation of the GeoJSON geometries that outline areas (RFC 7946)."""

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def _check_position(position: Any) -> None:
    if (
        not isinstance(position, list)
        or len(position) not in (2, 3)
        or not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in position)
    ):
        raise ValidationError(_("Each position must be a list [longitude, latitude]."))
    longitude, latitude = position[0], position[1]
    if not (-180 <= longitude <= 180 and -90 <= latitude <= 90):
        raise ValidationError(
            _("The position %(position)s is outside the world: longitude comes first, then latitude."),
            params={"position": position},
        )


def _check_polygon(rings: Any) -> None:
    if not isinstance(rings, list) or not rings:
        raise ValidationError(_("A polygon needs at least one ring of positions."))
    for ring in rings:
        if not isinstance(ring, list) or len(ring) < 4:
            raise ValidationError(_("Each ring of a polygon needs at least four positions."))
        for position in ring:
            _check_position(position)
        if ring[0] != ring[-1]:
            raise ValidationError(_("Each ring of a polygon must end where it starts."))


def validate_area_geometry(value: Any) -> None:
    """An area's outline: a GeoJSON Polygon or MultiPolygon geometry in WGS 84."""
    if value in (None, ""):
        return
    if not isinstance(value, dict):
        raise ValidationError(_("The outline must be a GeoJSON geometry object."))
    kind = value.get("type")
    coordinates = value.get("coordinates")
    if kind == "Polygon":
        _check_polygon(coordinates)
    elif kind == "MultiPolygon":
        if not isinstance(coordinates, list) or not coordinates:
            raise ValidationError(_("A MultiPolygon needs at least one polygon."))
        for polygon in coordinates:
            _check_polygon(polygon)
    else:
        raise ValidationError(
            _("The outline must be a GeoJSON Polygon or MultiPolygon, not %(kind)s."),
            params={"kind": kind if isinstance(kind, str) else _("an unknown type")},
        )


def _in_ring(longitude: float, latitude: float, ring: list[list[float]]) -> bool:
    # Even-odd rule: count the edges a ray towards the east crosses.
    inside = False
    for (x1, y1), (x2, y2) in zip((p[:2] for p in ring), (p[:2] for p in ring[1:]), strict=False):
        if (y1 > latitude) != (y2 > latitude):
            crossing = x1 + (latitude - y1) * (x2 - x1) / (y2 - y1)
            if longitude < crossing:
                inside = not inside
    return inside


def contains(geometry: dict[str, Any] | None, longitude: float, latitude: float) -> bool:
    """Whether a valid Polygon or MultiPolygon contains the point (holes excluded)."""
    if not geometry:
        return False
    polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    return any(
        _in_ring(longitude, latitude, rings[0])
        and not any(_in_ring(longitude, latitude, hole) for hole in rings[1:])
        for rings in polygons
    )
