"""Free-text themes: Swedish stems find inflected forms and compounds; analysts edit the words;
the public sees counts of large enough areas and only approved examples."""

import pytest
from django.test import Client

from tryggve.core.models import Municipality
from tryggve.situation import themes
from tryggve.situation.models import Theme
from tryggve.surveys.models import Answer, PlaceMark

from .helpers import STAFF_URL, built, login, public_of, survey_2019

pytestmark = pytest.mark.django_db


def names(text: str, municipality: Municipality) -> list[str]:
    return [p.name for p in themes.patterns(municipality) if p.found_in(themes.stems(text))]


def test_inflected_forms_and_compounds_find_their_theme(demo: None) -> None:
    halmstad = Municipality.objects.get(slug="halmstad")
    assert names("Gatubelysningen är trasig vid skolan", halmstad) == ["Belysning"]
    assert names("Mopederna kör som galningar", halmstad) == ["Mopeder och trafik"]
    assert names("Ungdomsgänget vid torget", halmstad) == ["Gäng och ungdomar"]
    assert names("Fin park, trevliga grannar", halmstad) == []


def test_theme_counts_are_respondents_per_area(demo: None) -> None:
    survey = survey_2019()
    data = built(survey)["themes"]
    lighting = next(theme for theme in data["themes"] if theme["name"] == "Belysning")
    writers = {
        str(r) for r in Answer.objects.filter(response__survey=survey, text__icontains="belysning")
        .values_list("response_id", flat=True)
    } | {
        str(r) for r in PlaceMark.objects.filter(response__survey=survey, reason__icontains="belysning")
        .values_list("response_id", flat=True)
    }  # fmt: skip
    assert writers and lighting["total"] >= len(writers)
    assert sum(part["n"] for part in lighting["per_area"]) <= lighting["total"]
    assert "Halmstads kommun" not in [part["area"] for part in lighting["per_area"]]
    assert data["themes"] == sorted(data["themes"], key=lambda theme: -theme["total"])


def test_analysts_copy_the_default_themes_and_edit_their_words(client: Client, demo: None) -> None:
    survey = survey_2019()
    assert login(client, "hfab.rapportor").post(f"{STAFF_URL}teman/").status_code == 403
    response = login(client, "samordnare.halmstad").post(f"{STAFF_URL}teman/")
    assert response.status_code == 302 and "/admin/situation/theme/" in response["Location"]
    assert Theme.objects.filter(municipality=survey.municipality).count() == len(themes.DEFAULT_THEMES)
    Theme.objects.filter(municipality=survey.municipality).exclude(name="Belysning").delete()
    Theme.objects.filter(name="Belysning").update(name="Gångtunnlar", words="gångtunnel")
    found = built(survey)["themes"]["themes"]
    assert [theme["name"] for theme in found] == ["Gångtunnlar"]
    assert (
        found[0]["total"]
        == Answer.objects.filter(response__survey=survey, text__icontains="gångtunnel").count()
    )


def test_the_public_sees_only_approved_examples_and_large_enough_areas(demo: None, settings: object) -> None:
    survey = survey_2019()
    Answer.objects.filter(response__survey=survey, text__icontains="belysning").update(text_approved=False)
    PlaceMark.objects.filter(response__survey=survey).update(text_approved=False)
    staff = built(survey)
    published = public_of(staff)["themes"]
    lighting = next(theme for theme in published["themes"] if theme["name"] == "Belysning")
    assert lighting["examples"] == []
    assert any(
        not example["approved"] for theme in staff["themes"]["themes"] for example in theme["examples"]
    )
    hidden = set(published["hidden_areas"])
    assert hidden  # the tests' demo has a tenth of the answers
    assert all((part["n"] is None) == (part["area"] in hidden) for part in lighting["per_area"])
