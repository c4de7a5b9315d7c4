"""The hotspot table names each square's area and its nearest named place (core.Landmark), in
words that say no more than the square itself; without a named place near, the area's centre."""

import re
from typing import Any

import pytest
from django.test import Client

from tryggve.core.areas import metres_between
from tryggve.core.models import Area, Landmark, Municipality
from tryggve.situation.models import Situation

from .helpers import PUBLIC_URL, STAFF_URL, built, login, public_of, survey_2019

pytestmark = pytest.mark.django_db


def middle(square: dict[str, Any]) -> tuple[float, float]:
    return (square["south"] + square["north"]) / 2, (square["west"] + square["east"]) / 2


def test_each_hotspot_is_named_after_the_nearest_named_place_of_its_municipality(
    demo: None, settings: Any
) -> None:
    settings.SITUATION_MIN_PLACES = 3  # the tests' demo has a tenth of the marks
    survey = survey_2019()
    halmstad = list(Landmark.objects.filter(municipality__slug="halmstad"))
    squares = built(survey)["hotspots"]["squares"]
    assert squares and halmstad
    for square in squares:
        distances = sorted(
            (metres_between(*middle(square), p.latitude, p.longitude), p.name) for p in halmstad
        )
        if distances[0][0] <= 1000:
            assert square["landmark"] == distances[0][1] and "near" not in square
            # To the nearest 50 m from the square's middle: nothing finer than the square.
            assert square["landmark_metres"] % 50 == 0
            assert abs(square["landmark_metres"] - distances[0][0]) <= 25
        else:
            assert "landmark" not in square and square["near"]
    # Another municipality's place, however near, is never used.
    first = squares[0]
    laholm = Municipality.objects.get(slug="laholm")
    Landmark.objects.create(municipality=laholm, name="Laholms torg", latitude=middle(first)[0],
                            longitude=middle(first)[1])  # fmt: skip
    again = built(survey)["hotspots"]["squares"]
    assert "Laholms torg" not in {square.get("landmark") for square in again}
    assert again[0]["landmark"] == first["landmark"]
    # Published: the same words.
    assert public_of(built(survey))["hotspots"]["squares"][0]["landmark"] == first["landmark"]


def test_without_a_named_place_within_a_kilometre_the_area_centre_names_the_hotspot(
    demo: None, settings: Any
) -> None:
    settings.SITUATION_MIN_PLACES = 3
    survey = survey_2019()
    Landmark.objects.filter(municipality__slug="halmstad").update(latitude=56.9, longitude=12.6)
    squares = built(survey)["hotspots"]["squares"]
    assert squares and all("landmark" not in square for square in squares)
    assert all(square["near"] and square["near_metres"] % 50 == 0 for square in squares)


def test_the_public_hotspot_table_says_where_in_words_never_in_coordinates(
    demo: None, client: Client, settings: Any
) -> None:
    settings.SITUATION_MIN_PLACES = 3
    adopted = login(client, "samordnare.halmstad").post(
        STAFF_URL, {"adopted_on": "2019-12-10", "decision": "KS § 245"}
    )
    assert adopted.status_code == 302
    client.logout()
    situation = Situation.objects.filter(municipality__slug="halmstad", year=2019).latest("version")
    squares = public_of(situation.data)["hotspots"]["squares"]
    assert squares and all("landmark" in square for square in squares)
    page = client.get(PUBLIC_URL).content.decode()
    table = page[page.index('id="hotspots"') : page.index("</table>", page.index('id="hotspots"'))]
    for square in squares:
        words = (
            f"vid {square['landmark']}"
            if square["landmark_metres"] < 100
            else f"nära {square['landmark']} (ca {square['landmark_metres']} m)"
        )
        assert words in table
    assert not re.search(r"\d+[.,]\d{3}", table)  # no latitude or longitude
    # The area's own page lists its hotspots in the same words.
    square = squares[0]
    slug = Area.objects.get(municipality__slug="halmstad", name=square["area"]).slug
    area_page = client.get(f"{PUBLIC_URL}omrade/{slug}/").content.decode()
    assert f"{square['landmark']}" in area_page and f"{square['count']} markerade platser" in area_page
