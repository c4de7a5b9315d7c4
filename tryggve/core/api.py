"""Open data: municipalities and their areas (as GeoJSON)."""

from typing import Any

from django.conf import settings
from django.db.models import Model
from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from .models import Area, Municipality

router = Router(tags=["municipalities"])

Translated = dict[str, str | None]


def translations(obj: Model, field: str) -> Translated:
    """A field stored per language, as {"sv": …, "en": …}; a missing translation is null."""
    return {code: getattr(obj, f"{field}_{code}") or None for code in settings.MODELTRANSLATION_LANGUAGES}


def translated(field: str) -> "staticmethod[[Model], Translated]":
    """A schema resolver that returns `field` in every language."""

    def resolve(obj: Model) -> Translated:
        return translations(obj, field)

    return staticmethod(resolve)


class MunicipalityOut(Schema):
    slug: str
    name: str
    official_name: Translated
    code: str
    is_demo: bool
    contact_phone: str
    contact_email: str
    visiting_address: str
    postal_address: str

    resolve_official_name = translated("official_name")


def municipality_or_404(slug: str) -> Municipality:
    return get_object_or_404(Municipality, slug=slug)


@router.get("/municipalities", response=list[MunicipalityOut], summary="List municipalities")
def list_municipalities(request: Any) -> Any:
    return Municipality.objects.all()


@router.get("/municipalities/{slug}", response=MunicipalityOut, summary="One municipality")
def get_municipality(request: Any, slug: str) -> Any:
    return municipality_or_404(slug)


def area_feature(area: Area) -> dict[str, Any]:
    return {
        "type": "Feature",
        "id": area.slug,
        "geometry": area.geometry,
        "properties": {
            "area_id": area.pk,
            "slug": area.slug,
            "name": area.name,
            "kind": area.kind,
            "parent": area.parent.slug if area.parent else None,
            "geometry_is_invented": area.geometry_is_invented,
        },
    }


@router.get(
    "/municipalities/{slug}/areas",
    response=dict[str, Any],
    summary="Areas as a GeoJSON FeatureCollection",
    description=(
        "Each area's outline in WGS 84 (longitude, latitude); areas without an outline have a null geometry."
    ),
)
def list_areas(request: Any, slug: str) -> dict[str, Any]:
    municipality = municipality_or_404(slug)
    areas = municipality.areas.select_related("parent").order_by("name")
    return {"type": "FeatureCollection", "features": [area_feature(area) for area in areas]}
