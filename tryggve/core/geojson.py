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
