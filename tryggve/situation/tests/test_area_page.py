"""One area's story in the adopted lägesbild: every kind of figure for the area, beside the whole."""

from django.test import Client

from tryggve.inputs.models import Incident
from tryggve.situation import builder
from tryggve.situation.models import Situation
from tryggve.testing import assert_valid_html


def test_an_area_page_tells_the_survey_incidents_and_dialogues_of_one_area(
    client: Client, demo: None
) -> None:
    response = client.get("/halmstad/lagesbild/2019/omrade/andersberg/")
    assert response.status_code == 200
    assert_valid_html(response.content)
    page = response.content.decode()
    for heading in (
        "Trygghetsmätningen",
        "Problemindex",
        "Partnernas händelserapporter",
        "Ämnen i medborgardialogerna",
    ):
        assert heading in page
    situation = Situation.objects.get(municipality__slug="halmstad", year=2019)
    story = response.context["story"]
    unsafe = next(i for i in story["indicators"] if i["code"] == "unsafe_alone_evening")
    published = next(
        i for i in builder.public(situation.data)["indicators"] if i["code"] == "unsafe_alone_evening"
    )
    assert unsafe["row"] == next(r for r in published["rows"] if r["area"] == "Andersberg")
    assert unsafe["whole"] == next(r for r in published["rows"] if r["area"] == "ALL")
    reports = Incident.objects.filter(area__slug="andersberg", happened_at__year=2019).count()
    assert sum(n for _label, n in story["incident_categories"]) == reports > 0
    assert ({"sv": "Ungdomar och grupper", "en": "Young people and groups"}, 2) in story["dialogue_topics"]


def test_the_published_page_links_to_each_area_and_unknown_areas_are_not_found(
    client: Client, demo: None
) -> None:
    page = client.get("/halmstad/lagesbild/2019/").content.decode()
    assert "/halmstad/lagesbild/2019/omrade/vallas/?version=1" in page
    assert client.get("/halmstad/lagesbild/2019/omrade/ingenstans/").status_code == 404
    assert client.get("/laholm/lagesbild/2019/omrade/andersberg/").status_code == 404
