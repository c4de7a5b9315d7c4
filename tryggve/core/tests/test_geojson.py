import pytest
from django.core.exceptions import ValidationError

from tryggve.core.geojson import validate_area_geometry

SQUARE = [[12.8, 56.6], [12.9, 56.6], [12.9, 56.7], [12.8, 56.7], [12.8, 56.6]]


@pytest.mark.parametrize(
    "geometry",
    [
        None,
        {"type": "Polygon", "coordinates": [SQUARE]},
        {"type": "MultiPolygon", "coordinates": [[SQUARE], [SQUARE]]},
    ],
)
def test_valid_outlines(geometry: object) -> None:
    validate_area_geometry(geometry)


@pytest.mark.parametrize(
    ("geometry", "message"),
    [
        ("Andersberg", "GeoJSON-geometriobjekt"),
        ({"type": "Point", "coordinates": [12.8, 56.6]}, "inte Point"),
        ({"type": "Polygon", "coordinates": [SQUARE[:-1]]}, "sluta där den börjar"),
        ({"type": "Polygon", "coordinates": [SQUARE[:3]]}, "minst fyra"),
        ({"type": "Polygon", "coordinates": [[[56.6, 212.8], *SQUARE[1:]]]}, "longitud kommer först"),
        ({"type": "Polygon", "coordinates": [[["12.8", 56.6], *SQUARE[1:]]]}, "[longitud, latitud]"),
        ({"type": "MultiPolygon", "coordinates": []}, "minst en polygon"),
    ],
)
def test_invalid_outlines_say_in_swedish_what_is_wrong(geometry: object, message: str) -> None:
    with pytest.raises(ValidationError) as caught:
        validate_area_geometry(geometry)
    assert message in " ".join(caught.value.messages)
