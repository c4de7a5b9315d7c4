"""Random and tampered input never causes a server error or a partial write (hypothesis)."""

from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tryggve.surveys.models import Answer, PlaceMark, Response, Survey
from tryggve.surveys.response_files import Importer

from .conftest import analyst_of

pytestmark = pytest.mark.django_db

FIELDS = [
    "area",
    "sex",
    "age_band",
    "years_in_area",
    "unsafe_alone_evening",
    "neighbourhood_problems.littering",
    "victim_12m",
    "victim_reported",
    "safer_measures",
    "safer_text",
    "unsafe_places-1-lat",
    "unsafe_places-1-lng",
    "unsafe_places-1-area",
    "unsafe_places-1-where",
    "unsafe_places-9-lat",
    "action",
    "csrfmiddlewaretoken",
]
VALUES = st.one_of(
    st.integers(min_value=-(10**12), max_value=10**12).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.text(max_size=40),
    st.sampled_from(
        ["", "next", "back", "submit", "1", "9", "0", "56.66", "12.88", "\x00", "'; DROP TABLE x;--"]
    ),
    st.text(min_size=2001, max_size=2100),
)
FORM = st.dictionaries(
    st.sampled_from(FIELDS) | st.text(max_size=10), st.lists(VALUES, min_size=1, max_size=3), max_size=8
)


def stored() -> tuple[int, int, int]:
    return Response.objects.count(), Answer.objects.count(), PlaceMark.objects.count()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(form=FORM, number=st.integers(min_value=1, max_value=5))
def test_random_page_posts(survey: Survey, form: dict[str, list[str]], number: int) -> None:
    client = Client()
    client.post(reverse("surveys:start", args=[survey.municipality.slug, survey.slug]))
    before = stored()
    response = client.post(
        reverse("surveys:page", args=[survey.municipality.slug, survey.slug, number]), form
    )
    assert response.status_code in (200, 302, 400, 429)
    after = stored()
    if after != before:
        # Only a complete submission writes, and then one whole response.
        assert after[0] == before[0] + 1 and after[1] > before[1]


CELL = st.one_of(
    st.sampled_from(
        ["", "1", "4", "9", "0", "Norr", "kvinna", "65+", '=HYPERLINK("x")', "-1", "1e9", "a\x00b"]
    ),
    st.text(max_size=12),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    header=st.lists(
        st.sampled_from(
            ["respondent", "area", "sex", "age_band", "unsafe_alone_evening", "victim_12m.1", "x"]
        ),
        max_size=7,
    ),
    rows=st.lists(st.lists(CELL, max_size=8), max_size=6),
    skip_invalid=st.booleans(),
    delimiter=st.sampled_from([",", ";"]),
)
def test_random_import_files(
    survey: Survey, header: list[str], rows: list[list[str]], skip_invalid: bool, delimiter: str
) -> None:
    text = "\n".join(delimiter.join(f'"{cell}"' for cell in line) for line in [header, *rows])
    before = stored()
    result = Importer(survey).run(text, skip_invalid=skip_invalid, received_on=date(2026, 11, 1))
    after = stored()
    assert after[0] == before[0] + result.imported
    if result.problems and not skip_invalid:
        assert after == before


@pytest.mark.parametrize(
    "text",
    [
        "",
        "\ufeff",
        "respondent,area,sex,age_band\n" + "\n" * 5,
        'respondent,area,sex,age_band\n"unterminated,1,2,3\n',
        "respondent;area;sex;age_band;unsafe_alone_evening\nP1;Norr;kvinna;65+;4\n",
    ],
)
def test_odd_files(survey: Survey, text: str) -> None:
    before = stored()
    result = Importer(survey).run(text, received_on=date(2026, 11, 1))
    assert stored()[0] == before[0] + result.imported
    assert result.imported in (0, 1)


def test_semicolon_files_from_swedish_spreadsheets_are_read(survey: Survey) -> None:
    text = "respondent;area;sex;age_band;unsafe_alone_evening\nP1;Norr;kvinna;65+;4\n"
    assert Importer(survey).run(text, received_on=date(2026, 11, 1)).imported == 1


def test_a_formula_in_free_text_is_exported_as_text(client: Client, survey: Survey) -> None:
    Importer(survey).run(
        'respondent,area,sex,age_band,safer_text\nP1,Norr,kvinna,65+,"=HYPERLINK(""http://x"")"\n',
        received_on=date(2026, 11, 1),
    )
    client.force_login(analyst_of(survey))
    content: Any = client.get(
        reverse("surveys:export", args=[survey.municipality.slug, survey.slug, "svar"])
    ).getvalue()
    assert "'=HYPERLINK" in content.decode()
