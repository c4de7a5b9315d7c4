"""Why the promise is made: lägesbild figures behind its focus areas and activities."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from tryggve.core.models import Area
from tryggve.promises.models import Evidence, Promise
from tryggve.situation import builder
from tryggve.situation.models import Situation
from tryggve.situation.templatetags.situation import figure


def promise_2019() -> Promise:
    return Promise.objects.get(municipality__slug="halmstad", cycle__year=2019)


def test_the_public_page_shows_each_figure_beside_the_whole_municipality(client: Client, demo: None) -> None:
    data = builder.public(Situation.objects.version_of(promise_2019().municipality, 2018).data)  # type: ignore[union-attr]
    traffic = next(i for i in data["indicators"] if i["code"] == "neighbourhood_problems.disturbing_traffic")
    vallas = next(r for r in traffic["rows"] if r["area"] == "Vallås")
    page = client.get("/halmstad/medborgarloften/").content.decode()
    section = page.split('id="why-heading"')[1].split("</details>")[0]
    assert "Ur lägesbilden:" in section
    assert f"<strong>{figure(vallas['estimate'], 'share')}</strong>" in section
    assert "Ligger bakom aktiviteten ”Trafikkontroller" in section
    assert "/halmstad/lagesbild/2018/omrade/vallas/" in section


def test_evidence_must_name_a_figure_of_an_adopted_lägesbild(demo: None) -> None:
    promise = promise_2019()
    vallas = Area.objects.get(slug="vallas")
    for kind, code, year in (("survey", "no_such_question", 2018), ("survey", "unsafe_alone_evening", 2016),
                             ("incidents", "stones", 2018)):  # fmt: skip
        with pytest.raises(ValidationError, match="har ingen siffra"):
            Evidence(promise=promise, kind=kind, code=code, area=vallas, year=year).full_clean()
    laholm = Area.objects.filter(municipality__slug="laholm").first()
    with pytest.raises(ValidationError, match="Välj ett område i löftets kommun"):
        Evidence(
            promise=promise, kind="survey", code="unsafe_alone_evening", area=laholm, year=2018
        ).full_clean()
    Evidence(promise=promise, kind="incidents", code="graffiti", area=vallas, year=2018).full_clean()
