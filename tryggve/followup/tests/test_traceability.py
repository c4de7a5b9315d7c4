"""From measure to problem and evidence, and from problem to measures and results: on the staff
pages and in the API, where anonymous readers get public parts only and another municipality's
ids lead nowhere."""

from typing import Any

from django.contrib.auth.models import User
from django.test import Client

from tryggve.core.models import Area
from tryggve.promises.models import Activity, Problem
from tryggve.testing import assert_valid_html, client_of

API = "/api/v1/municipalities"


def problem(order: int) -> Problem:
    return Problem.objects.get(plan__municipality__slug="halmstad", plan__cycle__year=2019, order=order)


def activity(order: int) -> Activity:
    return Activity.objects.get(
        promise__municipality__slug="halmstad", promise__cycle__year=2019, order=order
    )


def user(name: str) -> Client:
    return client_of(User.objects.get(username=name))


def test_from_a_measure_one_sees_its_problem_and_the_evidence(demo: None) -> None:
    page = user("kommunpolis").get(f"/halmstad/uppfoljning/aktivitet/{activity(2).pk}/").content.decode()
    assert_valid_html(page)
    part = page.split('id="problem"')[1].split('id="logg"')[0]
    assert "Narkotikahandel kring Vallås centrum" in part
    assert f"/halmstad/uppfoljning/problem/{problem(1).pk}/" in part
    assert "Öppen narkotikahandel" in part and "Narkotika" in part
    traffic = user("kommunpolis").get(f"/halmstad/uppfoljning/aktivitet/{activity(0).pk}/").content.decode()
    assert "Åtgärden svarar inte på något prioriterat problem i åtgärdsplanen." in traffic


def test_from_a_problem_one_sees_its_measures_and_their_results(demo: None) -> None:
    response = user("ks.ordforande").get(f"/halmstad/uppfoljning/problem/{problem(2).pk}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert_valid_html(page)
    assert "Otrygg kvällsmiljö i stadskärnan" in page and "Störande grupper" in page
    results = page.split('id="results"')[1]
    assert "Kontakt- och relationsskapande polisverksamhet." in results
    assert "Verka för ökad närvaro av trygga vuxna" in results
    assert "Gjort: 46 tillfällen." in results  # derived from the log
    assert "Om du går ut ensam sent en kväll" in results  # the measure's indicator
    assert "Färre som känner sig otrygga" in results  # its expected effect


def test_the_plan_api_gives_residents_the_public_part_and_staff_the_whole_plan(demo: None) -> None:
    url = f"{API}/halmstad/plans/2019"
    public = Client().get(url).json()
    assert public["public_part"] is True and public["summary"] is None and public["agreement"] is None
    internal = Activity.objects.get(
        promise__municipality__slug="halmstad", promise__cycle__year=2019, public=False
    )
    assert internal.pk not in {m["id"] for m in public["measures"]}
    assert all(m["resources"] is None and m["expected_effect"] is None for m in public["measures"])
    assert {p["title"]["sv"] for p in public["problems"]} == {
        "Narkotikahandel kring Vallås centrum",
        "Otrygg kvällsmiljö i stadskärnan",
    }
    drugs = next(p for p in public["problems"] if p["id"] == problem(1).pk)
    assert {e["code"] for e in drugs["evidence"]} == {"neighbourhood_problems.drug_dealing", "drugs"}
    assert drugs["summary"]["sv"].startswith("Handeln sker på platser")
    whole = user("samordnare.halmstad").get(url).json()
    assert whole["public_part"] is False and internal.pk in {m["id"] for m in whole["measures"]}
    assert whole["agreement"]["police_chief"].startswith("Per Påhittsson")
    assert user("samordnare.halmstad").get(f"{url}?version=1").json()["version"] == 1
    # Laholm's analyst is staff elsewhere: the public part, as for a resident.
    assert user("samordnare.laholm").get(url).json() == public
    assert Client().get(f"{url}?version=1").status_code == 404
    assert Client().get(f"{API}/laholm/plans/2019").status_code == 404


def test_each_public_activity_of_the_promise_api_names_its_problem(demo: None) -> None:
    found = Client().get(f"{API}/halmstad/promises/2019").json()["activities"]
    by_title = {a["title"]["sv"]: a for a in found}
    drugs = by_title["Arbeta för att begränsa tillgängligheten av narkotika."]["problem"]
    assert drugs["title"]["sv"] == "Narkotikahandel kring Vallås centrum" and drugs["evidence"]
    assert by_title[activity(0).title_sv]["problem"] is None  # type: ignore[attr-defined]


def results(client: Client, slug: str, problem_id: int) -> Any:
    return client.get(f"{API}/{slug}/problems/{problem_id}/results")


def test_a_problems_results_in_the_api_public_measures_only_unless_staff(demo: None) -> None:
    drugs = problem(1)
    internal = Activity.objects.get(
        promise__municipality__slug="halmstad", promise__cycle__year=2019, public=False
    )
    public = results(Client(), "halmstad", drugs.pk).json()
    assert {r["measure"] for r in public} == {activity(2).pk, activity(5).pk}
    assert all(r["public"] for r in public) and all(r["status"] == "done" for r in public)
    staff = results(user("hfab.rapportor"), "halmstad", drugs.pk).json()
    assert internal.pk in {r["measure"] for r in staff}
    city = results(Client(), "halmstad", problem(2).pk).json()
    measured = next(r for r in city if r["measure"] == activity(4).pk)["indicators"][0]
    assert measured["code"] == "unsafe_alone_evening" and measured["sentence"]["sv"].startswith(
        "Andel som svarat"
    )
    # Another municipality's address, and a problem no public measure answers, lead nowhere.
    assert results(Client(), "laholm", drugs.pk).status_code == 404
    assert results(user("samordnare.laholm"), "laholm", drugs.pk).status_code == 404
    Activity.objects.filter(problem=drugs, public=True).update(problem=None)
    assert results(Client(), "halmstad", drugs.pk).status_code == 404
    assert results(user("hfab.rapportor"), "halmstad", drugs.pk).status_code == 200


def test_an_analyst_sets_a_measures_indicator_and_a_figure_the_lägesbild_lacks_is_refused(demo: None) -> None:
    drugs = activity(2)
    url = f"/halmstad/uppfoljning/aktivitet/{drugs.pk}/matetal/"
    analyst = user("samordnare.halmstad")
    assert_valid_html(analyst.get(url).content)
    vallas = Area.objects.get(slug="vallas")
    row = {"matetal-TOTAL_FORMS": "1", "matetal-INITIAL_FORMS": "0", "matetal-0-kind": "survey",
           "matetal-0-area": vallas.pk, "matetal-0-baseline_year": "2018", "matetal-0-target_year": "2021",
           "matetal-0-target": "0.1"}  # fmt: skip
    response = analyst.post(url, {**row, "matetal-0-code": "no_such_question"})
    assert response.status_code == 200
    assert "har ingen siffra no_such_question" in response.content.decode()
    assert not drugs.indicators.exists()
    response = analyst.post(url, {**row, "matetal-0-code": "neighbourhood_problems.drug_dealing"})
    assert response.status_code == 302
    assert drugs.indicators.get().target == 0.1
    # The plan and the problem's results now say how the measure is measured.
    plan = analyst.get("/halmstad/atgardsplan/2019/").content.decode()
    assert "Öppen narkotikahandel” i Vallås" in plan.split(f'id="measure-{drugs.pk}"')[1].split("</li>")[0]
    assert user("ks.ordforande").get(url).status_code == 403
    assert (
        user("samordnare.laholm").get(f"/laholm/uppfoljning/aktivitet/{drugs.pk}/matetal/").status_code == 404
    )
