"""What every map script needs: where the area outlines and the tiles come from."""

from django.urls import reverse

from . import tiles
from .models import Municipality


def tile_template() -> str:
    """Leaflet's URL template of Tryggve's own tiles (tryggve.core.tiles)."""
    return reverse("map_tile", kwargs={"z": 1, "x": 2, "y": 3}).replace("/1/2/3", "/{z}/{x}/{y}")


def map_settings(place: Municipality) -> dict[str, str]:
    """Outlines from our own API; street tiles from our own address when a source is set."""
    configured = tiles.configured()
    return {
        "areas_url": reverse("api-v1:list_areas", args=[place.slug]),
        "tiles": tile_template() if configured else "",
        "attribution": tiles.attribution() if configured else "",
        # Past the archive's deepest zoom Leaflet enlarges its tiles instead of asking for none.
        "native_zoom": str(tiles.max_zoom()) if configured else "",
        # Where the archive has tiles (west,south,east,north): Leaflet asks for none outside.
        "tile_bounds": tiles.bounds() if configured else "",
    }
