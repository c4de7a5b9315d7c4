import pytest
from django.test import Client

from tryggve.core.models import Municipality
from tryggve.testing import assert_valid_html, small_municipality

pytestmark = pytest.mark.django_db


def test_each_municipality_has_its_own_colours(client: Client) -> None:
    for slug, colour in (("halmstad", "#00507a"), ("laholm", "#6b2c2c")):
        Municipality.objects.filter(pk=small_municipality(slug).municipality.pk).update(primary_colour=colour)
    halmstad = client.get("/halmstad/tema.css")
    assert halmstad["Content-Type"].startswith("text/css")
    assert "--primary: #00507a;" in halmstad.content.decode()
    assert "--primary: #6b2c2c;" in client.get("/laholm/tema.css").content.decode()


def test_a_colour_that_bypassed_validation_never_reaches_the_css(client: Client) -> None:
    place = small_municipality("halmstad").municipality
    Municipality.objects.filter(pk=place.pk).update(primary_colour="}*{a:b")
    css = client.get("/halmstad/tema.css").content.decode()
    assert "}*{" not in css
    assert "--primary: #1f4e79;" in css


def test_municipality_home_and_index(client: Client, demo: None) -> None:
    index = client.get("/")
    assert_valid_html(index.content)
    assert 'href="/halmstad/"' in index.content.decode()
    home = client.get("/halmstad/")
    assert_valid_html(home.content)
    assert 'href="/halmstad/medborgarloften/"' in home.content.decode()
    assert client.get("/finnsinte/").status_code == 404


def test_favicon_ico_leads_to_the_site_icon(client: Client) -> None:
    """The admin and the API's docs name no icon, so browsers ask for /favicon.ico (a 404 before)."""
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"].endswith("/public/favicon.svg")
