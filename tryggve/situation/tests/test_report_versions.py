"""Deciding the lägesbild report: each decision freezes a numbered version with its texts, the
latest decided version is public, and later edits stay a draft until the next decision."""

import copy
import datetime
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from tryggve.situation.domains import ALL
from tryggve.situation.models import Report, ReportVersion, Situation
from tryggve.testing import assert_valid_html

from .helpers import login

pytestmark = pytest.mark.django_db

EDITOR = "/halmstad/lagesbild/2018/personal/rapport/"
DECIDE = "/halmstad/lagesbild/2018/personal/rapport/beslut/?version=1"
PUBLIC = "/halmstad/lagesbild/2018/rapport/"


def demo_report() -> Any:
    return Report.objects.get(situation__municipality__slug="halmstad", situation__year=2018)


def decision(day: datetime.date, body: str = "Kommunstyrelsen") -> dict[str, str]:
    return {"decision_body": body, "decision_date": day.isoformat(), "decision_reference": "KS 2026/9"}


def test_the_demo_report_is_decided_as_version_1(demo: None) -> None:
    (version,) = demo_report().versions.all()
    assert (version.number, version.decision_body) == (1, "Kommunstyrelsen")
    assert version.decision_date == datetime.date(2019, 2, 12)
    assert version.texts["crime"]["sv"].startswith("Demo (påhittad text)")


def test_a_decision_makes_a_new_version_and_later_edits_leave_it_unchanged(
    client: Client, demo: None
) -> None:
    analyst = login(client, "samordnare.halmstad")
    today = timezone.localdate()
    assert analyst.post(f"{EDITOR}?version=1", {"analysis_sv": "Ny analys."}).status_code == 302
    decided = analyst.post(DECIDE, decision(today))
    assert decided.status_code == 302
    second = demo_report().versions.get(number=2)
    assert second.texts["analysis"] == {"sv": "Ny analys."}
    assert second.decision_date == today
    # a later edit is a draft: the decided texts and the public page stay as decided
    assert analyst.post(f"{EDITOR}?version=1", {"analysis_sv": "Utkast efteråt."}).status_code == 302
    assert ReportVersion.objects.get(pk=second.pk).texts["analysis"] == {"sv": "Ny analys."}
    public = Client().get(PUBLIC).content.decode()
    assert "Ny analys." in public
    assert "Utkast efteråt." not in public
    # staff see the list of versions
    page = analyst.get(EDITOR).content.decode()
    assert "Version 2: beslutad av Kommunstyrelsen" in page
    assert "Version 1: beslutad av Kommunstyrelsen den 12 februari 2019" in page


@pytest.mark.parametrize(
    ("sent", "message"),
    [
        (
            decision(timezone.localdate() + datetime.timedelta(days=1)),
            "Beslutsdatumet kan inte ligga i framtiden",
        ),
        (decision(timezone.localdate(), body=" "), "Skriv vilket organ som fattade beslutet"),
        ({"decision_body": "Kommunstyrelsen", "decision_date": ""}, "Ange beslutets datum"),
    ],
)
def test_a_faulty_decision_is_refused_and_nothing_is_saved(
    client: Client, demo: None, sent: dict[str, str], message: str
) -> None:
    refused = login(client, "samordnare.halmstad").post(DECIDE, sent)
    assert refused.status_code == 200  # the editor again, as typed
    assert message in refused.content.decode()
    assert_valid_html(refused.content)
    assert demo_report().versions.count() == 1


def test_only_the_municipalitys_analysts_decide(demo: None) -> None:
    for username in ("samordnare.laholm", "hfab.rapportor", "ks.ordforande"):
        assert login(Client(), username).post(DECIDE, decision(timezone.localdate())).status_code == 403
    assert Client().post(DECIDE, decision(timezone.localdate())).status_code == 302  # to the login
    assert demo_report().versions.count() == 1


def test_the_public_report_shows_the_decided_text_figures_and_decision(client: Client, demo: None) -> None:
    page = client.get(PUBLIC)
    assert page.status_code == 200
    assert_valid_html(page.content)
    content = page.content.decode()
    assert "Demo (påhittad text): Otryggheten är störst" in content
    assert "Kommunstyrelsen den 12 februari 2019" in content
    assert "KS 2019/27" in content
    assert "Brå:s officiella kriminalstatistik, N07403" in content
    # linked from the year's lägesbild and the municipality's home page
    assert PUBLIC in client.get("/halmstad/lagesbild/2018/").content.decode()
    assert PUBLIC in client.get("/halmstad/").content.decode()


def test_no_public_report_before_a_decision(client: Client, demo: None) -> None:
    ReportVersion.objects.all().delete()
    assert client.get(PUBLIC).status_code == 404
    assert PUBLIC not in client.get("/halmstad/lagesbild/2018/").content.decode()
    assert client.get("/halmstad/lagesbild/2019/rapport/").status_code == 404  # never written
    assert client.get("/laholm/lagesbild/2018/rapport/").status_code == 404


def test_earlier_versions_stay_listed_and_readable(client: Client, demo: None) -> None:
    login(client, "samordnare.halmstad").post(f"{EDITOR}?version=1", {"crime_sv": "Andra texten."})
    client.post(DECIDE, decision(timezone.localdate()))
    public = Client()
    latest = public.get(PUBLIC).content.decode()
    assert "Andra texten." in latest
    assert "?version=1" in latest
    first = public.get(f"{PUBLIC}?version=1").content.decode()
    assert "Demo (påhittad text): Anmälda brott" in first
    assert "Det här är en tidigare version; ett senare beslut har ersatt den." in first
    assert public.get(f"{PUBLIC}?version=9").status_code == 404
    assert public.get(f"{PUBLIC}?version=x").status_code == 404


def test_small_groups_are_hidden_on_the_public_report(client: Client, demo: None) -> None:
    adopted = Situation.objects.get(municipality__slug="halmstad", year=2018, version=1)
    hidden = copy.deepcopy(adopted.data)
    indicator = hidden["indicators"][0]
    whole = next(row for row in indicator["rows"] if row["area"] == ALL)
    whole["suppressed"] = True
    before = client.get(PUBLIC).content.decode().count("För få svar för att visas")
    Situation.objects.filter(pk=adopted.pk).update(data=hidden)
    after = client.get(PUBLIC).content.decode()
    assert after.count("För få svar för att visas") == before + 1


def test_the_parties_comment_on_the_report_and_others_are_refused(demo: None) -> None:
    address = "/halmstad/lagesbild/2018/personal/rapport/kommentar/?version=1"
    police = login(Client(), "kommunpolis")
    assert police.post(address, {"text": "Polisen ser samma sak i Vallås."}).status_code == 302
    (comment,) = demo_report().comments.all()
    assert comment.author is not None and comment.author.username == "kommunpolis"
    page = login(Client(), "samordnare.halmstad").get(EDITOR).content.decode()
    assert "Polisen ser samma sak i Vallås." in page
    assert str(comment.organisation) in page
    # another municipality's staff are refused; comments are never on the public report
    assert login(Client(), "samordnare.laholm").post(address, {"text": "Nej."}).status_code == 403
    assert demo_report().comments.count() == 1
    assert "Polisen ser samma sak" not in Client().get(PUBLIC).content.decode()


def test_a_version_number_too_long_for_the_database_is_no_version(client: Client, demo: None) -> None:
    for number in ("9" * 30, "²"):
        assert client.get(f"/halmstad/lagesbild/2018/?version={number}").status_code == 404
