import pytest
from django.test import Client

from tryggve.core.geojson import validate_area_geometry

pytestmark = pytest.mark.django_db


def test_municipalities_are_listed_with_both_languages(client: Client, demo: None) -> None:
    response = client.get("/api/v1/municipalities")
    assert response.status_code == 200
    places = {place["slug"]: place for place in response.json()}
    assert set(places) == {"halmstad", "laholm"}
    assert places["halmstad"]["official_name"] == {
        "sv": "Halmstads kommun",
        "en": "Halmstad Municipality",
        "ar": None,
    }
    assert places["halmstad"]["contact_phone"] == "035-13 70 00"


def test_areas_are_a_geojson_feature_collection(client: Client, demo: None) -> None:
    collection = client.get("/api/v1/municipalities/halmstad/areas").json()
    assert collection["type"] == "FeatureCollection"
    features = {feature["id"]: feature for feature in collection["features"]}
    assert {"andersberg", "vallas", "stadskarnan"} <= set(features)
    vallas = features["vallas"]
    validate_area_geometry(vallas["geometry"])
    assert vallas["properties"]["parent"] == "halmstad"
    assert vallas["properties"]["geometry_is_invented"] is True
    # Tenancy: no Laholm area in Halmstad's collection.
    assert "mellbystrand" not in features


def test_unknown_municipality_is_404(client: Client, db: None) -> None:
    assert client.get("/api/v1/municipalities/finnsinte").status_code == 404
    assert client.get("/api/v1/municipalities/finnsinte/areas").status_code == 404


def test_openapi_schema_describes_the_endpoints(client: Client, db: None) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["info"]["version"] == "1"
    assert "/api/v1/municipalities/{slug}/areas" in schema["paths"]
    assert "/api/v1/municipalities/{slug}/promises" in schema["paths"]
    # The interactive docs are served from this site, not a CDN.
    docs = client.get("/api/v1/docs").content.decode()
    assert "cdn." not in docs
