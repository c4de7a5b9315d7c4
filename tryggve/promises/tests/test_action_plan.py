"""The action plan (lag 2023:196) on the analysts' pages: prioritised problems picked from the
lägesbild with their evidence, cause analyses, the measures (the promise's activities), the
decision as a numbered version, the collaboration agreement signed by both parties, and the plan
printed. Bad input gets a Swedish message and saves nothing; another municipality's staff get
nothing."""

from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from tryggve.core.models import Area, AuditEntry, Membership, Organisation
from tryggve.promises import action_plans, plan_document, workflow
from tryggve.promises.models import ActionPlan, Activity, Agreement, CauseAnalysis, Evidence, Problem, Promise
from tryggve.situation.models import Situation
from tryggve.testing import assert_valid_html, client_of

PLAN = "/halmstad/atgardsplan/2019"


def plan_2019() -> ActionPlan:
    found = ActionPlan.objects.filter(municipality__slug="halmstad", cycle__year=2019).first()
    assert found is not None
    return found


def user(name: str) -> Client:
    return client_of(User.objects.get(username=name))


def role_in_halmstad(role: str) -> Client:
    found = User.objects.create_user(f"plan.{role}")
    Membership.objects.create(
        user=found,
        organisation=Organisation.objects.get(slug="halmstads-kommun"),
        municipality=plan_2019().municipality,
        role=role,
    )
    return client_of(found)


def new_problem(**extra: Any) -> dict[str, Any]:
    vallas = Area.objects.get(slug="vallas")
    return {
        "title_sv": "Skadegörelse vid skolorna",
        "title_en": "Vandalism at the schools",
        "situation": Situation.objects.get(municipality__slug="halmstad", year=2018).pk,
        "areas": [vallas.pk],
        "order": "3",
        "underlag-TOTAL_FORMS": "2",
        "underlag-INITIAL_FORMS": "0",
        "underlag-0-kind": "survey",
        "underlag-0-code": "neighbourhood_problems.drug_dealing",
        "underlag-0-area": vallas.pk,
        "underlag-0-year": "2018",
        "underlag-0-order": "0",
        "underlag-1-order": "0",  # an empty row as the page sends it
        **extra,
    }


def test_the_demo_plan_shows_each_problem_with_its_evidence_measures_and_agreement(demo: None) -> None:
    response = user("samordnare.halmstad").get(f"{PLAN}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert_valid_html(page)
    assert "Narkotikahandel kring Vallås centrum" in page and "Otrygg kvällsmiljö i stadskärnan" in page
    # The evidence with its figure from the adopted lägesbild, and the public summary.
    assert "Öppen narkotikahandel" in page and "Handeln sker på platser som är skymda" in page
    # Each problem's measures: the promise's activities and its internal measure, with who and what.
    drugs = page.split('<section class="problem"')[1]
    assert "Arbeta för att begränsa tillgängligheten av narkotika." in drugs
    assert "Gemensam lägesbild för polis och kommun" in drugs and "intern åtgärd" in drugs
    assert "Två poliser fyra kvällar i månaden" in drugs
    assert "Version 1 beslutades av Kommunstyrelsen den 5 mars 2019" in page
    assert "Undertecknad av Per Påhittsson" in page
    # The cause analysis's internal texts are on its own page only.
    assert "Unga säljare rekryteras" not in page


def test_an_analyst_prioritises_a_problem_with_a_figure_of_the_lägesbild(demo: None) -> None:
    analyst = user("samordnare.halmstad")
    assert_valid_html(analyst.get(f"{PLAN}/problem/ny/").content)
    response = analyst.post(f"{PLAN}/problem/ny/", new_problem())
    assert response.status_code == 302, response.context and [
        response.context["form"].errors,
        response.context["formset"].errors,
        response.context["formset"].non_form_errors(),
    ]
    added = Problem.objects.get(title_sv="Skadegörelse vid skolorna")
    assert added.plan == plan_2019() and list(added.areas.values_list("slug", flat=True)) == ["vallas"]
    assert added.evidence.get().figure() is not None
    assert "Skadegörelse vid skolorna" in analyst.get(f"{PLAN}/").content.decode()


def test_a_problem_without_evidence_or_with_a_figure_the_lägesbild_lacks_is_refused(demo: None) -> None:
    analyst = user("samordnare.halmstad")
    before = Problem.objects.count(), Evidence.objects.count()
    empty = {key: "" for key in ("underlag-0-kind", "underlag-0-code", "underlag-0-area", "underlag-0-year")}
    response = analyst.post(f"{PLAN}/problem/ny/", new_problem(**empty))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Ett prioriterat problem behöver minst en siffra ur lägesbilden som visar det." in page
    assert "Skadegörelse vid skolorna" in page  # everything typed is still there
    response = analyst.post(f"{PLAN}/problem/ny/", new_problem(**{"underlag-0-code": "no_such_question"}))
    assert response.status_code == 200 and "har ingen siffra" in response.content.decode()
    assert (Problem.objects.count(), Evidence.objects.count()) == before


def test_removing_the_last_evidence_of_a_problem_is_refused(demo: None) -> None:
    problem = plan_2019().problems.first()
    assert problem is not None
    rows = list(problem.evidence.all())
    data = new_problem(**{"underlag-TOTAL_FORMS": str(len(rows)), "underlag-INITIAL_FORMS": str(len(rows))})
    for n, row in enumerate(rows):
        data |= {f"underlag-{n}-id": row.pk, f"underlag-{n}-kind": row.kind, f"underlag-{n}-code": row.code,
                 f"underlag-{n}-area": row.area_id or "", f"underlag-{n}-year": row.year,
                 f"underlag-{n}-order": row.order, f"underlag-{n}-DELETE": "on"}  # fmt: skip
    response = user("samordnare.halmstad").post(f"{PLAN}/problem/{problem.pk}/", data)
    assert response.status_code == 200
    assert "behöver minst en siffra ur lägesbilden" in response.content.decode()
    assert problem.evidence.count() == len(rows)
    problem.refresh_from_db()
    assert problem.title != "Skadegörelse vid skolorna"


def test_the_cause_analysis_is_scrubbed_warned_about_logged_and_only_for_analysts(demo: None) -> None:
    problem = plan_2019().problems.get(order=1)
    url = f"{PLAN}/problem/{problem.pk}/orsaksanalys/"
    analyst = user("samordnare.halmstad")
    response = analyst.get(url)
    page = response.content.decode()
    assert_valid_html(page)
    assert "GDPR artikel 10" in page and "Unga säljare rekryteras" in page
    assert AuditEntry.objects.filter(
        action=AuditEntry.Action.VIEW, what=f"cause analysis {problem.pk}"
    ).exists()
    data = {name: getattr(problem.analysis, name) for name in CauseAnalysis.INTERNAL}
    data |= {
        "offender_known": "Säljaren ringer 070-123 45 67 och heter Johan Andersson, 19900101-1234.",
        "public_summary_sv": "Mörka platser lockar till handel.",
        "summary_is_public": "on",
    }
    assert analyst.post(url, data).status_code == 302
    problem.analysis.refresh_from_db()
    stored = problem.analysis.offender_known
    assert "070-123 45 67" not in stored and "19900101-1234" not in stored and "Johan" not in stored
    for name in ("ks.ordforande", "hfab.rapportor", "samordnare.laholm"):
        assert user(name).get(url).status_code in (403, 404), name
    assert (
        user("samordnare.laholm")
        .get(f"/laholm/atgardsplan/2019/problem/{problem.pk}/orsaksanalys/")
        .status_code
        == 404
    )


def test_a_public_summary_needs_swedish_text_before_it_is_made_public(demo: None) -> None:
    problem = plan_2019().problems.get(order=2)
    url = f"{PLAN}/problem/{problem.pk}/orsaksanalys/"
    response = user("samordnare.halmstad").post(
        url, {"public_summary_sv": "", "public_summary_en": "Only English.", "summary_is_public": "on"}
    )
    assert response.status_code == 200
    assert (
        "Skriv den offentliga sammanfattningen på svenska innan du gör den offentlig."
        in response.content.decode()
    )
    problem.analysis.refresh_from_db()
    assert vars(problem.analysis)["public_summary_en"] != "Only English."


def test_a_measure_needs_a_responsible_organisation(demo: None) -> None:
    """On the plan's page of a frozen promise's activity, and in the editor of a draft's activity."""
    plan = plan_2019()
    problem = plan.problems.get(order=1)
    published = action_plans.promise_of(plan)
    assert published is not None
    lonely = Activity.objects.create(promise=published, title_sv="Utan ansvarig", order=20)
    analyst = user("samordnare.halmstad")
    response = analyst.post(f"{PLAN}/atgard/{lonely.pk}/", {"problem": problem.pk, "resources": "Mycket."})
    assert response.status_code == 200
    assert "En åtgärd i åtgärdsplanen behöver minst en ansvarig organisation." in response.content.decode()
    lonely.refresh_from_db()
    assert lonely.problem is None and lonely.resources == ""
    # A draft promise of the year: its activity editor offers the plan's problems.
    draft = Promise.objects.create(municipality=plan.municipality, cycle=plan.cycle, revision=2,
                                   revision_of=published, pledge_sv="Utkast.")  # fmt: skip
    draft.parties.set(published.parties.all())
    base = f"/halmstad/medborgarloften/personal/{draft.pk}/aktiviteter/ny/"
    fields = {"action": "save", "title_sv": "Ny åtgärd", "unit": "occasions", "per": "month", "order": "0"}
    response = analyst.post(base, {**fields, "problem": problem.pk})
    assert (
        response.status_code == 200 and "behöver minst en ansvarig organisation" in response.content.decode()
    )
    assert not draft.activities.exists()
    kommun = Organisation.objects.get(slug="halmstads-kommun")
    response = analyst.post(base, {**fields, "problem": problem.pk, "responsible": [kommun.pk],
                                   "expected_effect": "Färre rapporter."})  # fmt: skip
    assert response.status_code == 302
    made = draft.activities.get()
    assert made.problem == problem and made.expected_effect == "Färre rapporter."


def test_the_plan_is_decided_as_a_numbered_version_and_a_future_date_is_refused(demo: None) -> None:
    plan = plan_2019()
    approver = user("ks.ordforande")
    tomorrow = timezone.localdate() + timedelta(days=1)
    fields = {"decide-decision_body": "Kommunfullmäktige", "decide-decision_reference": "KF 2019/2"}
    response = approver.post(f"{PLAN}/beslut/", {**fields, "decide-decision_date": tomorrow.isoformat()})
    assert response.status_code == 200
    assert "Beslutsdatumet kan inte ligga i framtiden." in response.content.decode()
    assert plan.versions.count() == 1
    assert (
        user("samordnare.halmstad")
        .post(f"{PLAN}/beslut/", {**fields, "decide-decision_date": "2019-06-01"})
        .status_code
        == 403
    )
    assert (
        approver.post(f"{PLAN}/beslut/", {**fields, "decide-decision_date": "2019-06-01"}).status_code == 302
    )
    second = plan.versions.get(number=2)
    assert second.decision_body == "Kommunfullmäktige" and len(second.content["problems"]) == 2
    # A later edit is the next draft: the decided versions stay as they were.
    problem = plan.problems.get(order=1)
    Problem.objects.filter(pk=problem.pk).update(title_sv="Ändrad titel")
    printed = approver.get(f"{PLAN}/utskrift/?version=2").content.decode()
    assert_valid_html(printed)
    assert "Narkotikahandel kring Vallås centrum" in printed and "Ändrad titel" not in printed
    assert "Ändrad titel" in approver.get(f"{PLAN}/utskrift/").content.decode()
    assert approver.get(f"{PLAN}/utskrift/?version=9").status_code == 404


def test_the_printed_plan_traces_each_measure_to_its_problem_evidence_and_indicator(demo: None) -> None:
    page = role_in_halmstad("owner").get(f"{PLAN}/utskrift/?version=1").content.decode()
    assert_valid_html(page)
    city = page.split("Otrygg kvällsmiljö i stadskärnan")[1]
    assert "Störande grupper" in city  # its evidence
    assert "Verka för ökad närvaro av trygga vuxna" in city
    assert "Om du går ut ensam sent en kväll" in city.split("Verka för ökad närvaro")[1]  # its indicator
    assert "Version 1, beslutad av Kommunstyrelsen den 5 mars 2019." in page


def test_the_agreement_lists_measures_of_both_parties_and_is_signed_then_frozen(demo: None) -> None:
    plan = plan_2019()
    Agreement.objects.filter(plan=plan).delete()
    analyst, approver = user("samordnare.halmstad"), user("ks.ordforande")
    url = f"{PLAN}/overenskommelse/"
    assert_valid_html(analyst.get(url).content)
    police_only = Activity.objects.get(
        promise__municipality__slug="halmstad", promise__cycle__year=2019, order=0
    )
    response = analyst.post(
        url, {"action": "terms", "terms-terms": "Vi möts.", "terms-measures": [police_only.pk]}
    )
    assert response.status_code == 200
    assert "både polisen och kommunen bland de ansvariga" in response.content.decode()
    assert not Agreement.objects.filter(plan=plan).exists()
    both = Activity.objects.get(promise__municipality__slug="halmstad", promise__cycle__year=2019, order=2)
    assert (
        analyst.post(
            url, {"action": "terms", "terms-terms": "Vi möts.", "terms-measures": [both.pk]}
        ).status_code
        == 302
    )
    agreement = Agreement.objects.get(plan=plan)
    assert list(agreement.measures.all()) == [both]
    later = (timezone.localdate() + timedelta(days=3)).isoformat()
    signing = {
        "action": "sign",
        "sign-police_chief": "Per Påhittsson",
        "sign-chair": "",
        "sign-police_chief_signed_on": "2019-03-12",
        "sign-chair_signed_on": later,
    }
    assert analyst.post(url, signing).status_code == 403
    page = approver.post(url, signing).content.decode()
    assert "Datumet kan inte vara i framtiden." in page
    agreement.refresh_from_db()
    assert not agreement.is_signed
    signed = {**signing, "sign-chair": "Olle Fiktivsson", "sign-chair_signed_on": "2019-03-12"}
    assert approver.post(url, signed).status_code == 302
    agreement.refresh_from_db()
    assert agreement.is_signed
    assert analyst.post(url, {"action": "terms", "terms-terms": "Ändrat."}).status_code == 403
    assert "Överenskommelsen är låst" in analyst.get(url).content.decode()


def test_only_the_municipalitys_staff_read_the_plan_and_only_analysts_write_it(demo: None) -> None:
    problem = plan_2019().problems.first()
    assert problem is not None
    reporter, elsewhere = user("hfab.rapportor"), user("samordnare.laholm")
    assert reporter.get(f"{PLAN}/").status_code == 200
    assert reporter.get(f"{PLAN}/redigera/").status_code == 403
    assert reporter.post(f"{PLAN}/problem/ny/", new_problem()).status_code == 403
    assert elsewhere.get(f"{PLAN}/").status_code == 403
    # Laholm's analyst cannot reach Halmstad's problem through Laholm's address.
    assert elsewhere.get(f"/laholm/atgardsplan/2019/problem/{problem.pk}/").status_code == 404
    assert elsewhere.get(f"/laholm/uppfoljning/problem/{problem.pk}/").status_code == 404
    assert Client().get(f"{PLAN}/").status_code == 302  # to the login page


@pytest.mark.parametrize("language", ["", "/en"])
def test_the_plan_pages_are_valid_in_swedish_and_english(demo: None, language: str) -> None:
    plan = plan_2019()
    problem = plan.problems.first()
    measure = Activity.objects.filter(problem__isnull=False).first()
    assert problem is not None and measure is not None
    analyst = user("samordnare.halmstad")
    for url in ("/", "/2019/", "/2019/redigera/", "/2019/utskrift/", f"/2019/problem/{problem.pk}/",
                f"/2019/atgard/{measure.pk}/", "/2019/overenskommelse/", "/2020/"):  # fmt: skip
        response = analyst.get(f"{language}/halmstad/atgardsplan{url}")
        assert response.status_code == 200, url
        assert_valid_html(response.content)


def test_a_new_version_of_the_promise_keeps_its_measures_problems_and_the_editor_keeps_them(
    demo: None,
) -> None:
    published = Promise.objects.get(municipality__slug="halmstad", cycle__year=2019)
    copy = workflow.new_version(published, None)
    measure = copy.activities.get(order=2)
    problem = plan_2019().problems.get(order=1)
    assert measure.problem == problem and measure.resources.startswith("Två poliser")
    # The plan follows the newest version: its measures are the copy's, and the agreement signed
    # on the first version's still holds them.
    assert action_plans.promise_of(plan_2019()) == copy
    agreed = plan_document.document(plan_2019(), copy)["agreement"]["measures"]
    assert measure.pk in agreed and copy.activities.get(order=0).pk not in agreed
    url = f"/halmstad/medborgarloften/personal/{copy.pk}/aktiviteter/{measure.pk}/"
    analyst = user("samordnare.halmstad")
    response = analyst.get(url)
    assert_valid_html(response.content)
    form = response.context["form"]
    assert form["problem"].value() == problem.pk
    # Saved as the page shows it, nothing of the plan is lost.
    data: dict[str, Any] = {"action": "save"}
    for field in form:
        value = field.value()
        if isinstance(value, list):
            data[field.html_name] = [str(v) for v in value]
        elif isinstance(value, bool):
            if value:
                data[field.html_name] = "on"
        elif value is not None:
            data[field.html_name] = value
    assert analyst.post(url, data).status_code == 302
    measure.refresh_from_db()
    assert measure.problem == problem and measure.expected_effect.startswith("Färre rapporter")
