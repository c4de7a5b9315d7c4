"""`load_demo` draws Halmstad's invented street map, so `make run` shows maps with a background."""

import io

from django.test import Client
from PIL import Image

from tryggve.core.maps import map_settings
from tryggve.core.models import Area, Landmark, Municipality
from tryggve.core.tile_archive import outline_points, pixel


def test_the_demo_serves_its_invented_map_under_its_districts_labelled_as_invented(
    fresh_demo: None, client: Client
) -> None:
    halmstad = Municipality.objects.get(slug="halmstad")
    found = map_settings(halmstad)
    assert found["tiles"] == "/kartor/{z}/{x}/{y}"
    assert "Påhittad demokarta" in found["attribution"] and "Invented demo map" in found["attribution"]
    district = halmstad.areas.exclude(kind=Area.Kind.MUNICIPALITY).exclude(geometry=None).first()
    assert district is not None and district.geometry
    points = outline_points(district.geometry)
    longitude = sum(p[0] for p in points) / len(points)
    latitude = sum(p[1] for p in points) / len(points)
    for z in (11, 14):
        x, y = pixel(longitude, latitude, z)
        response = client.get(f"/kartor/{z}/{int(x) // 256}/{int(y) // 256}")
        assert response.status_code == 200
        assert response.content.startswith(b"\x89PNG")
    assert client.get("/kartor/14/0/0").status_code == 404
    # Its named places are on it from zoom 13: a dark dot where Stora torg is.
    torg = Landmark.objects.get(municipality=halmstad, name="Stora torg")
    for z, dark in ((12, False), (14, True)):
        x, y = pixel(torg.longitude, torg.latitude, z)
        tile = Image.open(io.BytesIO(client.get(f"/kartor/{z}/{int(x) // 256}/{int(y) // 256}").content))
        colour = tile.convert("RGB").getpixel((int(x) % 256, int(y) % 256))
        assert isinstance(colour, tuple) and (max(colour) < 100) is dark
