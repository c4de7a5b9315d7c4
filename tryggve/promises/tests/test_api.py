import pytest
from django.test import Client

from tryggve.promises.models import Promise

pytestmark = pytest.mark.django_db


def test_published_promises_newest_first_with_activities(client: Client, demo: None) -> None:
    promises = client.get("/api/v1/municipalities/halmstad/promises").json()
    assert [p["slug"] for p in promises] == ["2019", "2018", "2017"]
    current = promises[0]
    assert current["parties"] == ["halmstads-kommun", "lpo-halmstad-laholm"]
    assert [f["area"] for f in current["focus_areas"]] == ["andersberg", "vallas", "stadskarnan"]
    assert len(current["activities"]) == 6
    assert current["activities"][0]["title"]["sv"].startswith("Trafikkontroller")
    assert current["activities"][0]["title"]["en"].startswith("Traffic controls")
    assert current["pledge"]["sv"].startswith("Polis och kommun lovar")


def test_drafts_are_not_in_the_api(client: Client, demo: None) -> None:
    Promise.objects.filter(municipality__slug="halmstad", slug="2019").update(status=Promise.Status.DRAFT)
    slugs = [p["slug"] for p in client.get("/api/v1/municipalities/halmstad/promises").json()]
    assert "2019" not in slugs
    assert client.get("/api/v1/municipalities/halmstad/promises/2019").status_code == 404
    assert client.get("/api/v1/municipalities/halmstad/promises/2018").status_code == 200
