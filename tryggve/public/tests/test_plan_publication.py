"""The action plan's internal parts never reach what residents read: no public page, no API answer
for anonymous readers and no feed entry holds a cause analysis's internal texts, an internal
measure, a measure's resources or expected effect, the plan's own texts or the agreement's
terms; the public summary appears only once the analyst has ticked that it may be published.

(The lägesbild's figures are covered by situation/tests/test_publication.py; this is the same
allow-list rule for the plan, which the lägesbild's stage may not import.)
"""

import json

import pytest
from django.test import Client

from tryggve.promises.models import ActionPlan, Activity, Agreement, CauseAnalysis, Problem

pytestmark = pytest.mark.django_db

API = "/api/v1/municipalities/halmstad"


def public_outputs(client: Client) -> dict[str, str]:
    """Everything an anonymous reader gets of Halmstad's promises and plan, in every language."""
    found: dict[str, str] = {}
    for prefix in ("", "/en", "/ar"):
        for url in ("/halmstad/", "/halmstad/medborgarloften/", "/halmstad/medborgarloften/2019/"):
            response = client.get(prefix + url)
            assert response.status_code == 200, prefix + url
            found[prefix + url] = response.content.decode()
    found["feed"] = client.get("/halmstad/flode.atom").content.decode()
    for url in ("/promises", "/promises/2019", "/plans/2019"):
        response = client.get(API + url)
        assert response.status_code == 200, url
        found[url] = json.dumps(response.json(), ensure_ascii=False)
    for problem in Problem.objects.filter(plan__municipality__slug="halmstad"):
        response = client.get(f"{API}/problems/{problem.pk}/results")
        found[f"results {problem.pk}"] = json.dumps(response.json(), ensure_ascii=False)
    return found


def internal_texts() -> list[str]:
    """The plan's internal texts as stored (each long enough to be its own)."""
    texts = [
        getattr(analysis, name) for analysis in CauseAnalysis.objects.all() for name in CauseAnalysis.INTERNAL
    ]
    for activity in Activity.objects.filter(promise__municipality__slug="halmstad"):
        texts += [activity.resources, activity.expected_effect]
        if not activity.public:
            texts.append(activity.title)
    for plan in ActionPlan.objects.all():
        texts += [plan.summary, plan.coordination]
    texts += [agreement.terms for agreement in Agreement.objects.all()]
    return [text for text in texts if len(text) > 15]


def test_no_public_output_holds_an_internal_part_of_the_action_plan(client: Client, demo: None) -> None:
    secrets = internal_texts()
    assert len(secrets) > 20  # the demo's plan has them all
    for name, output in public_outputs(client).items():
        for text in secrets:
            assert text not in output and json.dumps(text, ensure_ascii=False)[1:-1] not in output, (
                name,
                text,
            )


def test_the_public_summary_is_published_only_once_the_analyst_ticks_it(client: Client, demo: None) -> None:
    analysis = CauseAnalysis.objects.get(problem__title_sv="Narkotikahandel kring Vallås centrum")
    summary = analysis.public_summary
    assert any(summary in output for output in public_outputs(client).values())
    CauseAnalysis.objects.filter(pk=analysis.pk).update(summary_is_public=False)
    for name, output in public_outputs(client).items():
        assert summary not in output, name
        assert json.dumps(summary, ensure_ascii=False)[1:-1] not in output, name


def test_the_promise_page_shows_each_problem_once_and_each_measure_links_to_its_problem(
    client: Client, demo: None
) -> None:
    page = client.get("/halmstad/medborgarloften/2019/").content.decode()
    for problem in Problem.objects.filter(plan__municipality__slug="halmstad", plan__cycle__year=2019):
        assert page.count(f'id="problem-{problem.pk}"') == 1, problem
        public_measures = problem.measures.filter(public=True).count()
        assert public_measures and page.count(f'href="#problem-{problem.pk}"') == public_measures, problem
    drugs = page.index("Narkotikahandel kring Vallås centrum”</h3>")
    assert drugs < page.index("Otrygg kvällsmiljö i stadskärnan”</h3>")  # the plan's priority
