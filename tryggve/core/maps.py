"""What every map script needs: where the area outlines come from and the configured tiles."""

from django.conf import settings
from django.urls import reverse

from .models import Municipality


def map_settings(place: Municipality) -> dict[str, str]:
    """Outlines from our own API; street tiles only from the server the administrator set."""
    return {
        "areas_url": reverse("api-v1:list_areas", args=[place.slug]),
        "tiles": settings.MAP_TILE_URL,
        "attribution": settings.MAP_TILE_ATTRIBUTION,
    }
