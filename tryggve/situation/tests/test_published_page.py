"""The adopted lägesbild for everyone: frozen figures, small groups hidden so that no hidden
value can be worked out from what is shown, and every table as CSV and Excel."""

import copy
import csv
import io
import math
from collections import defaultdict
from datetime import date, timedelta
from typing import Any

import pytest
from django.apps import apps
from django.test import Client
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from tryggve.core.models import Area
from tryggve.situation import estimators, publication
from tryggve.situation.domains import Sample
from tryggve.situation.models import Situation
from tryggve.surveys.models import Question, Survey
from tryggve.surveys.responses import ResponseBuilder, save_responses, survey_questions
from tryggve.testing import assert_valid_html

from .helpers import PUBLIC_URL, STAFF_URL, built, login, public_of, survey_2019, table

pytestmark = pytest.mark.django_db


def adopt(client: Client, query: str = "") -> None:
    response = login(client, "samordnare.halmstad").post(
        f"{STAFF_URL}{query}", {"adopted_on": "2019-12-10", "decision": "KS § 245"}
    )
    assert response.status_code == 302
    client.logout()


def test_nothing_is_public_before_a_lägesbild_is_adopted(client: Client, demo: None) -> None:
    # The demo adopted 2018's and its action plan picked problems from it; say neither happened
    # (the plan is a later stage, which this one does not import).
    apps.get_model("promises", "Problem").objects.filter(situation__year=2018).delete()
    Situation.objects.filter(year=2018).delete()
    page = client.get("/halmstad/lagesbild/2018/")
    assert page.status_code == 404
    index = client.get("/halmstad/lagesbild/").content.decode()
    assert 'href="/halmstad/lagesbild/2019/"' in index and 'href="/halmstad/lagesbild/2018/"' not in index
    assert "arbetsversion" not in index


def test_the_public_page_hides_small_groups_everywhere(client: Client, demo: None) -> None:
    page = client.get(PUBLIC_URL)
    assert page.status_code == 200
    assert_valid_html(page.content)
    content = page.content.decode()
    assert "Lägesbild 2019" in content and "Version 1, antagen 10 december 2019" in content
    assert "Färre än 30 svar" in content and "(visas inte offentligt)" not in content
    rows = table(client.get(f"{PUBLIC_URL}tabell.csv").content)
    hidden = [r for r in rows if r["suppressed"] == "true"]
    assert hidden
    figures = [
        "estimate",
        "ci_low",
        "ci_high",
        "se",
        "n",
        "outside_scale",
        "missing",
        "previous_estimate",
        "change",
    ]
    assert all(r[key] == "" for r in hidden for key in figures)
    shown = [r for r in rows if r["suppressed"] == "false" and r["kind"] == "share"]
    assert all(r["estimate"] and int(r["n"]) >= 30 for r in shown)
    # The police's events of 2019, per type and month, are published as counts.
    events = [r for r in rows if r["indicator"] == "police_events"]
    assert events and {r["counted_answers"] for r in events} == {f"2019-{m:02}" for m in range(1, 13)}
    assert "Polisens händelser" in content


def excel_csv(content: bytes) -> list[list[str]]:
    """A CSV for Swedish Excel, read as Excel reads it: UTF-8 with BOM, semicolons."""
    assert content.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def swedish(text: str) -> float | None:
    """A number as Swedish Excel reads it: decimal comma, never a dot."""
    if text == "":
        return None
    assert "." not in text, text
    return float(text.replace(",", "."))


def test_excel_downloads_hold_the_same_figures_as_the_csv_rounded_for_reading(
    client: Client, demo: None
) -> None:
    machine = table(client.get(f"{PUBLIC_URL}tabell.csv").content)
    download = client.get(f"{PUBLIC_URL}tabell.xlsx")
    assert download["Content-Disposition"] == 'attachment; filename="lagesbild-halmstad-2019-v1.xlsx"'
    book = load_workbook(io.BytesIO(download.content))
    assert book.sheetnames == ["Lägesbild", "Om datan"]
    sheet = book["Lägesbild"]
    assert sheet.freeze_panes == "A2"
    header = [cell.value for cell in sheet[1]]
    assert header[:6] == ["Indikator", "Typ", "Fråga", "Räknade svar", "Område", "Skattning"]
    assert "Förändring" in header and "Dold (liten grupp)" in header
    assert all(sheet.column_dimensions[get_column_letter(n)].width for n in range(1, len(header) + 1))
    cells = list(sheet.iter_rows(min_row=2))
    people = client.get(f"{PUBLIC_URL}tabell-excel.csv")
    assert people["Content-Disposition"] == 'attachment; filename="lagesbild-halmstad-2019-v1-excel.csv"'
    for_excel = excel_csv(people.getvalue())
    assert for_excel[0] == header
    assert len(cells) == len(machine) == len(for_excel) - 1
    estimate, change = header.index("Skattning"), header.index("Förändring")
    shares = means = 0
    for row, line, written in zip(machine, cells, for_excel[1:], strict=True):
        assert line[estimate].value is None or line[4].value  # every figure has its area
        if row["estimate"] == "":
            assert line[estimate].value is None and written[estimate] == ""
            continue
        value = float(row["estimate"])
        if row["kind"] == "share":
            shares += 1
            # Excel shows 54,3 %: the fraction rounded to a tenth of a per cent, percent-formatted.
            assert line[estimate].number_format == "0.0%"
            assert line[estimate].value == pytest.approx(round(value, 3))
            assert swedish(written[estimate]) == pytest.approx(round(value * 100, 1))
            assert line[1].value == written[1] == "andel (%)"
            if row["change"]:
                assert line[change].number_format == "0.0%"
                assert swedish(written[change]) == pytest.approx(
                    round(float(row["change"]) * 100, 1), abs=0.051
                )
        elif row["kind"] == "mean":
            means += 1
            assert line[estimate].number_format == "0.0"
            assert line[estimate].value == pytest.approx(round(value, 1))
            assert swedish(written[estimate]) == pytest.approx(round(value, 1))
        assert row["area"] != "ALL" or line[4].value == "Hela kommunen"
    assert shares > 50 and means > 5
    about = {str(label): str(text) for label, text in book["Om datan"].values}
    assert about["Version"] == "1"
    assert about["Antagen"].startswith("10 december 2019")
    assert "färre än 30 svarande" in about["Små grupper"]
    assert about["Källa"].startswith("Trygghetsmätning 2019, Halmstads kommun")


def test_an_adopted_lägesbild_never_changes_when_answers_arrive(client: Client, demo: None) -> None:
    adopt(client)
    before = client.get(f"{PUBLIC_URL}tabell.csv").content
    survey = survey_2019()
    builder = ResponseBuilder(survey, survey_questions(survey))
    vallas = Area.objects.get(slug="vallas")
    given = {"area": vallas.pk, "sex": 1, "age_band": 2, "unsafe_alone_evening": 4}
    save_responses([builder.build(given, received_on=survey.closes) for _ in range(40)])
    assert client.get(f"{PUBLIC_URL}tabell.csv").content == before
    staff_rows = table(login(client, "samordnare.halmstad").get(f"{STAFF_URL}tabell.csv").content)
    assert table(before) != staff_rows
    # Earlier versions stay readable.
    assert b"Version 1, antagen" in client.get(f"{PUBLIC_URL}?version=1").content
    assert client.get(f"{PUBLIC_URL}?version=9").status_code == 404


def base_weights(survey: Survey, code: str) -> dict[int, float]:
    """Σ weight of each area's respondents in the indicator's base: more than any outsider knows."""
    sample = Sample(survey)
    question = Question.objects.get(survey=survey, code=code)
    special = set(question.options.filter(is_special=True).values_list("code", flat=True))
    weights: dict[int, float] = defaultdict(float)
    for key, value, count in sample.tallies(question, ""):
        if value not in special and key in sample.stratum:
            weights[key[0]] += sample.design.weights[sample.stratum[key]] * count
    return weights


def attack(
    rows: list[dict[str, Any]], weights: dict[int, float], target: str, names: dict[str, int]
) -> float:
    """Work out the target area's share from the whole and every other area shown."""
    whole = next(r for r in rows if r["area"] == "ALL")
    total = sum(weights.values())
    known = sum(weights[names[r["area"]]] * float(r["estimate"]) for r in rows
                if r["area"] not in ("ALL", target) and r["estimate"] not in ("", None))  # fmt: skip
    hidden = [r["area"] for r in rows if r["area"] != "ALL" and r["estimate"] in ("", None)]
    # All hidden areas together: the attacker cannot split this between them.
    pooled = sum(weights[names[area]] for area in hidden) or weights[names[target]]
    return (total * float(whole["estimate"]) - known) / pooled


def test_a_differencing_attack_on_the_published_figures_fails(
    client: Client, demo: None, settings: Any
) -> None:
    survey = survey_2019()
    names = {area.name: area.pk for area in Area.objects.filter(municipality=survey.municipality)}
    truth = built(survey)["indicators"]
    unsafe = next(i for i in truth if i["code"] == "unsafe_alone_evening")["rows"]
    by_size = sorted((r["n"], r["area"]) for r in unsafe if r["area"] != "ALL")
    (smallest_n, target), (next_n, _second) = by_size[0], by_size[1]
    assert smallest_n < next_n
    settings.SITUATION_MIN_RESPONDENTS = smallest_n + 1  # exactly one area is too small
    weights = base_weights(survey, "unsafe_alone_evening")
    true_value = next(r["estimate"] for r in unsafe if r["area"] == target)

    # Hiding only the small area would not protect it: the attack recovers it exactly.
    naive = [{**r, "estimate": "" if r["area"] == target else r["estimate"]} for r in unsafe]
    assert attack(naive, weights, target, names) == pytest.approx(true_value, abs=1e-9)

    # What Tryggve publishes hides a second area, so the attack only finds their pooled share.
    adopt(client)
    published = [r for r in table(client.get(f"{PUBLIC_URL}tabell.csv").content)
                 if r["indicator"] == "unsafe_alone_evening" and r["kind"] == "share"]  # fmt: skip
    hidden = [r["area"] for r in published if r["suppressed"] == "true"]
    assert target in hidden and len(hidden) >= 2
    guess = attack(published, weights, target, names)
    assert not math.isclose(guess, true_value, abs_tol=1e-3)
    assert f"{true_value!r}" not in client.get(f"{PUBLIC_URL}tabell.csv").content.decode()

    # Year over year: the change since 2018 would give this year's value from last year's, so a
    # hidden area shows neither.
    (small,) = [r for r in published if r["area"] == target]
    assert small["previous_estimate"] == "" and small["change"] == ""

    def focus_and_rest(query: str) -> list[dict[str, Any]]:
        adopt(client, query)
        rows = table(client.get(f"{PUBLIC_URL}tabell.csv").content)
        return [
            r for r in rows if r["indicator"] == "unsafe_alone_evening" and r["area"] in ("focus", "rest")
        ]

    def hidden_pair(rows: list[dict[str, Any]]) -> bool:
        return [r["suppressed"] for r in rows] == ["true", "true"] and all(r["estimate"] == "" for r in rows)

    # A focus group holding the small area and a shown one would give it away too, so it is hidden.
    biggest = names[by_size[-1][1]]
    assert hidden_pair(focus_and_rest(f"?fokus={names[target]}&fokus={biggest}"))
    # So would the rest, when the focus areas are all the others: the rest is then the small area.
    others = "&".join(f"fokus={pk}" for name, pk in names.items() if name != target and pk in weights)
    assert hidden_pair(focus_and_rest(f"?{others}"))


def test_the_municipality_home_page_links_to_the_lägesbild(client: Client, demo: None) -> None:
    assert 'href="/halmstad/lagesbild/"' in client.get("/halmstad/").content.decode()
    assert Situation.objects.filter(municipality__slug="halmstad", year=2019).count() == 1


def one_more_answer(survey: Survey, area: str = "vallas") -> None:
    builder = ResponseBuilder(survey, survey_questions(survey))
    given = {"area": Area.objects.get(slug=area).pk, "sex": 1, "age_band": 2, "unsafe_alone_evening": 4}
    save_responses([builder.build(given, received_on=survey.closes)])


def test_a_lägesbild_frozen_while_its_survey_is_open_is_internal(client: Client, demo: None) -> None:
    survey = survey_2019()
    survey.closes = date.today() + timedelta(days=7)
    survey.save(update_fields=["closes"])
    adopt(client)
    frozen = Situation.objects.get(municipality__slug="halmstad", year=2019, version=2)
    assert not frozen.public
    assert client.get(f"{PUBLIC_URL}?version=2").status_code == 404
    assert b"Version 1, antagen" in client.get(PUBLIC_URL).content
    assert client.get(f"{PUBLIC_URL}tabell.csv?version=2").status_code == 404
    api = "/api/v1/municipalities/halmstad/situations"
    assert (2019, 2) not in [(s["year"], s["version"]) for s in client.get(api).json()]
    assert client.get(f"{api}/2019?version=2").status_code == 404
    assert client.get(f"{api}/2019").json()["version"] == 1
    staff = login(client, "samordnare.halmstad").get(f"{PUBLIC_URL}?version=2").content.decode()
    assert "Intern version" in staff and "Färre än" in staff  # small groups hidden for staff too


def test_two_versions_one_answer_apart_are_never_both_public(client: Client, demo: None) -> None:
    """The attack replayed: adopt, add one answer, adopt again, compare the public tables."""
    survey = survey_2019()
    adopt(client)  # version 2: the same data as version 1, so both stay readable
    assert Situation.objects.get(year=2019, version=1, municipality__slug="halmstad").replaced_by is None
    before = table(client.get(f"{PUBLIC_URL}tabell.csv?version=2").content)
    one_more_answer(survey)
    adopt(client)  # version 3
    after = table(client.get(f"{PUBLIC_URL}tabell.csv?version=3").content)
    assert before != after  # the newest shows the new answer's area and the whole municipality
    for version in (1, 2):
        old = Situation.objects.get(municipality__slug="halmstad", year=2019, version=version)
        assert old.replaced_by == 3
        response = client.get(f"{PUBLIC_URL}tabell.csv?version={version}")
        assert response.status_code == 302 and response["Location"].endswith("?version=3")
        page = client.get(f"{PUBLIC_URL}?version={version}", follow=True).content.decode()
        assert "Version 3, antagen" in page and f"Version {version} är tillbakadragen" in page
        api = client.get(f"/api/v1/municipalities/halmstad/situations/2019?version={version}")
        assert api.status_code == 410 and api.json()["replaced_by"] == 3
    listed = client.get("/api/v1/municipalities/halmstad/situations").json()
    assert [s["replaced_by"] for s in listed if s["year"] == 2019] == [None, 3, 3]
    # Staff still see a withdrawn version, with its notice.
    staff = login(client, "samordnare.halmstad").get(f"{PUBLIC_URL}?version=2").content.decode()
    assert "Version 2 är tillbakadragen" in staff


def test_versions_reveal_nothing_unless_a_figure_changed_with_too_few_new_answers(demo: None) -> None:
    survey = survey_2019()
    focus = Situation.objects.get(municipality__slug="halmstad", year=2019, version=1).data["focus_area_ids"]
    earlier = built(survey, focus)
    assert not publication.reveals(earlier, built(survey, [])) and not publication.reveals(earlier, earlier)
    one_more_answer(survey)
    assert publication.reveals(earlier, built(survey, focus))
    # The same figures with bases changed by at least the threshold reveal nothing.
    later = copy.deepcopy(earlier)
    for indicator in later["indicators"]:
        for row in indicator["rows"]:
            row["n"] += 30
            row["estimate"] = (row["estimate"] or 0) / 2
    assert not publication.reveals(earlier, later)
    later["indicators"][0]["rows"][0]["n"] -= 29
    assert publication.reveals(earlier, later)


def test_hidden_areas_together_and_the_unplaced_are_never_a_small_group() -> None:
    """Area against the whole municipality: whole minus the shown areas is the hidden ones pooled."""
    assert estimators.suppressed({"a": 3, "b": 5, "c": 100, "d": 200}, 30) == {"a", "b", "c"}
    assert estimators.suppressed({"a": 12, "b": 20, "c": 100}, 30) == {"a", "b"}
    assert estimators.suppressed({"a": 100, "b": 200}, 30, unplaced=2) == {"a"}
    assert estimators.suppressed({"a": 100, "b": 200}, 30, unplaced=0) == set()


def test_focus_and_rest_add_up_to_the_whole_municipality(demo: None) -> None:
    """Focus against the rest: with those who named no area in the rest, nobody is left between."""
    survey = survey_2019()
    focus = [Area.objects.get(slug="vallas").pk]
    data = built(survey, focus)
    for indicator in data["indicators"]:
        whole = next(r for r in indicator["rows"] if r["area"] == "ALL")
        if indicator["focus"] is not None:
            assert indicator["focus"]["focus"]["n"] + indicator["focus"]["rest"]["n"] == whole["n"]


def test_the_change_since_an_adopted_year_is_what_that_year_published(client: Client, demo: None) -> None:
    """Year over year: answers to 2018's survey after its adoption never show through 2019's change."""
    survey_2018 = Survey.objects.get(municipality__slug="halmstad", year=2018)
    published_2018 = public_of(Situation.objects.get(municipality__slug="halmstad", year=2018).data)
    for _ in range(3):
        one_more_answer(survey_2018)
    data = built(survey_2019())
    then = {r["area"]: r for r in next(i for i in published_2018["indicators"]
                                       if i["code"] == "unsafe_alone_evening")["rows"]}  # fmt: skip
    for row in next(i for i in data["indicators"] if i["code"] == "unsafe_alone_evening")["rows"]:
        if row["area"] in then:
            assert row["previous"] == then[row["area"]]["estimate"]


def test_two_focus_sets_that_differ_by_a_small_area_are_not_both_public(demo: None, settings: Any) -> None:
    """Focus {A, T} in one version and {A} in the next: their difference is T."""
    survey = survey_2019()
    areas = {area.slug: area.pk for area in Area.objects.filter(municipality=survey.municipality)}
    earlier = built(survey, [areas["vallas"]])
    unsafe = next(i for i in earlier["indicators"] if i["code"] == "unsafe_alone_evening")
    by_size = sorted((r["n"], r["area_id"]) for r in unsafe["rows"] if r["area"] != "ALL")
    (smallest, small), (_n, second) = by_size[0], by_size[1]
    settings.SITUATION_MIN_RESPONDENTS = smallest + 1

    def published_with(focus: list[int]) -> dict[str, Any]:
        """A version with these focus areas, its focus figures published, the small area and
        its complement hidden."""
        version = copy.deepcopy(earlier)
        version["focus_area_ids"] = focus
        version["indicators"] = [copy.deepcopy(unsafe)]  # one indicator, hidden as said
        for row in version["indicators"][0]["rows"]:
            row["suppressed"] = row["area_id"] in (small, second)
        version["indicators"][0]["focus"]["suppressed"] = False
        return version

    first, then = published_with([areas["vallas"], small]), published_with([areas["vallas"]])
    assert publication.reveals(first, then) and publication.reveals(then, first)
    # Sets that differ by shown areas only, or not at all, split no hidden group.
    assert not publication.reveals(then, published_with([areas["vallas"], areas["andersberg"]]))
    assert not publication.reveals(first, published_with([areas["vallas"], small]))


def test_theme_counts_that_changed_with_fewer_new_respondents_than_the_threshold_reveal(demo: None) -> None:
    earlier = built(survey_2019())
    assert earlier["themes"] is not None and earlier["themes"]["themes"]
    later = copy.deepcopy(earlier)
    theme = later["themes"]["themes"][0]
    theme["total"] += 1
    later["themes"]["respondents"] += 1
    assert publication.reveals(earlier, later)  # the one new respondent wrote about this theme
    later["themes"]["respondents"] += 40
    assert not publication.reveals(earlier, later)


def test_published_counts_show_nothing_of_respondents_who_cannot_be_weighted(demo: None) -> None:
    """n, outside the scale and missing add up to the same for every indicator of an area, and
    a respondent who cannot be weighted (no sex given: no population count) changes none."""
    survey = survey_2019()

    def bases() -> dict[tuple[str, str], tuple[int, int, int]]:
        return {
            (indicator["code"], row["area"]): (row["n"], row["outside_scale"], row["missing"])
            for indicator in built(survey)["indicators"]
            for row in indicator["rows"]
        }

    before = bases()
    per_area: dict[str, set[int]] = defaultdict(set)
    for (_code, area), (n, outside, missing) in before.items():
        per_area[area].add(n + outside + missing)
    assert all(len(totals) == 1 for totals in per_area.values())
    builder = ResponseBuilder(survey, survey_questions(survey))
    unweighted = {"area": Area.objects.get(slug="vallas").pk, "age_band": 2, "unsafe_alone_evening": 4}
    save_responses([builder.build(unweighted, received_on=survey.closes)])
    assert bases() == before
