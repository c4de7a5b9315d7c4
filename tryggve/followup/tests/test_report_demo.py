"""The demo's decided follow-up report of 2019: generated from the demo's log, public in its public
part only, in the feed, and shown on the lägesbild staff page it feeds."""

from django.contrib.auth.models import User
from django.test import Client

from tryggve.followup.models import FollowupReport, FollowupReportVersion
from tryggve.promises.models import Activity, Problem
from tryggve.testing import assert_valid_html

PUBLIC = "/halmstad/uppfoljningsrapport/2019/"


def internal_texts() -> list[str]:
    found = FollowupReport.objects.get(municipality__slug="halmstad", year=2019)
    internal = Activity.objects.filter(promise__municipality__slug="halmstad", public=False)
    notes = found.notes.filter(activity__public=False).values_list("change", flat=True)
    return [found.internal_note, *internal.values_list("title_sv", flat=True), *notes]


def test_the_demo_has_a_decided_follow_up_report_of_2019_with_every_measure(
    client: Client, demo: None
) -> None:
    version = FollowupReportVersion.objects.get(report__municipality__slug="halmstad", report__year=2019)
    assert version.number == 1 and version.decision_date is not None
    measures = [item for group in version.content["groups"] for item in group["measures"]]
    assert (
        len(measures)
        == Activity.objects.filter(promise__municipality__slug="halmstad", promise__cycle__year=2019).count()
    )
    assert any(item["planned"] and item["done"] for item in measures)  # from the demo's log
    assert any(item["public"] is False for item in measures)  # the agreement's internal measure
    assert version.content["evaluations"][0]["indicators"]  # 2018 against 2019 can be published
    # Grouped by the action plan's prioritised problems, in their priority, with the cause
    # analyses' public summaries; the measures that answer no problem last.
    problems = list(Problem.objects.filter(plan__municipality__slug="halmstad").order_by("order"))
    groups = version.content["groups"]
    assert [group["problem"] for group in groups[: len(problems)]] == [problem.pk for problem in problems]
    for group, problem in zip(groups, problems, strict=False):
        assert group["title"]["sv"] == problem.title
        assert {item["activity"] for item in group["measures"]} == set(
            problem.measures.filter(promise__cycle__year=2019).values_list("pk", flat=True)
        )

    response = client.get(PUBLIC)
    assert response.status_code == 200
    assert_valid_html(response.content)
    page = response.content.decode()
    assert "Uppföljningsrapport 2019" in page and "Blev det bättre?" in page
    assert "Trafikkontroller" in page and "Fler kontroller kvällstid i stadskärnan." in page
    assert f"Prioriterat problem: {problems[0].title}" in page
    for internal in internal_texts():
        assert internal and internal not in page
    # Residents find it from the promise page, the analysts from the follow-up page.
    promise = client.get("/halmstad/medborgarloften/2019/").content.decode()
    assert f'href="{PUBLIC}"' in promise and "Uppföljningsrapporten 2019: vad som gjordes" in promise
    client.force_login(User.objects.get(username="samordnare.halmstad"))
    assert (
        'href="/halmstad/uppfoljning/rapport/2019/"' in client.get("/halmstad/uppfoljning/").content.decode()
    )


def test_no_public_output_of_the_demo_names_an_internal_measure_or_the_internal_commentary(
    client: Client, demo: None
) -> None:
    outputs = [client.get(f"{prefix}{PUBLIC}").content.decode() for prefix in ("", "/en", "/ar")] + [
        client.get("/halmstad/flode.atom").content.decode(),
        client.get("/en/halmstad/flode.atom").content.decode(),
        client.get("/api/v1/municipalities/halmstad/promises/2019").content.decode(),
        client.get("/halmstad/medborgarloften/2019/").content.decode(),
    ]
    assert "Uppföljningsrapport 2019 beslutad, version 1" in outputs[3]
    for output in outputs:
        for internal in internal_texts():
            assert internal not in output


def test_the_lagesbild_staff_page_shows_the_decided_follow_up_it_is_written_after(
    client: Client, demo: None
) -> None:
    client.force_login(User.objects.get(username="samordnare.halmstad"))
    page = client.get("/halmstad/lagesbild/2019/personal/").content.decode()
    assert "Uppföljning av arbetet hittills" in page
    assert "Uppföljningsrapport 2019, beslutad 11 februari 2020 (Kommunstyrelsen)" in page
    assert 'href="/halmstad/uppfoljning/rapport/2019/"' in page
    assert "De flesta åtgärderna genomfördes enligt plan 2019." in page
