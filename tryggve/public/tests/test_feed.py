"""The municipality's Atom feed (/<kommun>/flode.atom), read with a real feed parser."""

import re
import xml.etree.ElementTree as ET
from datetime import date
from typing import Any
from urllib.parse import urlsplit

import feedparser
import html5lib
import pytest
from django.test import Client

from tryggve.core.models import Area, Municipality
from tryggve.followup.models import ActivityLog, FollowupReport, SafetyWalk
from tryggve.inputs.models import PlaceReport
from tryggve.promises import workflow
from tryggve.promises.models import Activity, Promise
from tryggve.public.feeds import KINDS
from tryggve.situation import report_versions
from tryggve.situation.models import Report, ReportVersion, Situation
from tryggve.testing import assert_valid_html

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
FEED = "/halmstad/flode.atom"
MONTHS = "januari|februari|mars|april|maj|juni|juli|augusti|september|oktober|november|december"


def read(client: Client, url: str = FEED) -> Any:
    """The feed, well-formed XML and parsed by feedparser without a complaint."""
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    root = ET.fromstring(response.content)  # noqa: S314 (our own output)
    assert root.tag == f"{ATOM}feed"
    parsed = feedparser.parse(response.content)
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    return parsed


def of_kind(parsed: Any, kind: str) -> list[Any]:
    return [entry for entry in parsed.entries if [tag.term for tag in entry.tags] == [kind]]


def test_the_feed_has_each_kind_of_entry_in_swedish_with_stable_ids_and_working_links(
    client: Client, demo: None
) -> None:
    halmstad = Municipality.objects.get(slug="halmstad")
    PlaceReport.objects.create(  # a resident's place report staff have read and routed
        municipality=halmstad,
        kind="lighting",
        area=Area.objects.get(municipality=halmstad, slug="andersberg"),
        received_on=date(2019, 11, 1),
        status="received",
        status_on=date(2019, 11, 4),
    )
    parsed = read(client)
    assert parsed.feed.title == (
        "Trygghet i Halmstads kommun: medborgarlöften, uppföljning, trygghetsvandringar och lägesbild"
    )
    assert parsed.feed.language == "sv"
    assert parsed.feed.link == "http://testserver/halmstad/"
    assert parsed.feed.author == "Halmstads kommun"
    assert {tag.term for entry in parsed.entries for tag in entry.tags} == set(KINDS)

    ids = [entry.id for entry in parsed.entries]
    assert len(ids) == len(set(ids))
    assert all(entry_id.startswith("tag:testserver,2026:halmstad/") for entry_id in ids)
    assert [entry.id for entry in read(client).entries] == ids  # the same on the next request
    assert client.get(FEED).content == client.get(FEED).content

    titles = {kind: [entry.title for entry in of_kind(parsed, kind)] for kind in KINDS}
    assert {"Medborgarlöftet för 2017", "Medborgarlöftet för 2018", "Medborgarlöftet för 2019"} <= set(
        titles["medborgarlofte"]
    )
    assert sorted(titles["lagesbild"]) == ["Lägesbild 2018 antagen", "Lägesbild 2019 antagen"]
    assert all(title.startswith("Trygghetsvandring i Vallås, ") for title in titles["trygghetsvandring"])
    assert len(titles["trygghetsvandring"]) == 2
    assert all(title.startswith("Gjort inom ”") for title in titles["uppfoljning"])
    assert all(re.search(rf" den \d{{1,2}} ({MONTHS}) \d{{4}}$", title) for title in titles["uppfoljning"])

    situation = next(e for e in of_kind(parsed, "lagesbild") if e.title == "Lägesbild 2019 antagen")
    assert situation.id == "tag:testserver,2026:halmstad/lagesbild/2019/version/1"
    assert situation.link == "http://testserver/halmstad/lagesbild/2019/?version=1"
    assert situation.updated == "2019-12-10T00:00:00+01:00"
    assert "antagen 10 december 2019" in situation.summary

    # Newest first; every time a day, as precise as the pages are.
    updated = [entry.updated_parsed for entry in parsed.entries]
    assert updated == sorted(updated, reverse=True)
    assert all(entry.updated[10:19] == "T00:00:00" for entry in parsed.entries)

    for link in {entry.link.split("#")[0] for entry in parsed.entries}:
        parts = urlsplit(link)
        assert (parts.scheme, parts.netloc) == ("http", "testserver")
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        assert client.get(target).status_code == 200, link


def test_a_walk_shows_what_the_public_page_shows_and_nothing_of_the_staff_side(
    client: Client, demo: None
) -> None:
    walk = SafetyWalk.objects.get(municipality__slug="halmstad", status=SafetyWalk.Status.PROTOCOL)
    finding = walk.findings.first()
    assert finding is not None and finding.description
    (entry,) = [e for e in of_kind(read(client), "trygghetsvandring") if e.id.endswith(f"/{walk.pk}")]
    assert entry.link == f"http://testserver/halmstad/trygghetsvandringar/#w{walk.pk}"
    assert f'id="w{walk.pk}"' in client.get("/halmstad/trygghetsvandringar/").content.decode()
    assert "4 fynd." in entry.summary and "Åtgärder:" in entry.summary
    assert entry.published.startswith(walk.walk_on.isoformat())
    for private in (finding.description, walk.route, str(walk.participants)):
        assert private not in entry.summary


def test_a_published_new_version_is_an_entry_of_its_own_and_the_first_keeps_its_id(
    client: Client, demo: None
) -> None:
    first = Promise.objects.get(municipality__slug="halmstad", cycle__year=2019, revision=1)
    before = {e.title: e.id for e in of_kind(read(client), "medborgarlofte")}
    second = workflow.new_version(first, None)
    assert "Medborgarlöftet för 2019, version 2" not in [e.title for e in read(client).entries]  # a draft
    Promise.objects.filter(pk=second.pk).update(status="adopted", change_note_sv="Fler trafikkontroller.")
    second.refresh_from_db()
    step = workflow.step_to(second, "published")
    assert step is not None
    workflow.move(second, step, None)

    promises = of_kind(read(client), "medborgarlofte")
    (version,) = [e for e in promises if e.title == "Medborgarlöftet för 2019, version 2"]
    assert version.link == "http://testserver/halmstad/medborgarloften/2019-v2/"
    assert "Fler trafikkontroller." in version.summary
    assert {e.title: e.id for e in promises if e != version} == before
    assert client.get("/halmstad/medborgarloften/2019-v2/").status_code == 200


def test_nothing_unpublished_appears(client: Client, demo: None) -> None:
    halmstad = Municipality.objects.get(slug="halmstad")
    draft = Promise.objects.create(
        municipality=halmstad, cycle=halmstad.cycles.get(year=2020), pledge_sv="Hemligt utkast."
    )
    Activity.objects.create(promise=draft, title_sv="Utkastets aktivitet")
    ActivityLog.objects.create(
        activity=draft.activities.get(),
        done_on=date(2020, 5, 5),
        note="Utkastets logg",
        organisation=halmstad.organisations.get(slug="halmstads-kommun"),
    )
    planned = SafetyWalk.objects.create(
        municipality=halmstad,
        walk_on=date(2030, 1, 1),
        area=Area.objects.get(municipality=halmstad, slug="vallas"),
        route="Planerad runda",
    )
    internal = ActivityLog.objects.filter(activity__promise__municipality=halmstad, activity__public=False)
    assert internal.count() == 4
    # The promise page lists three entries per activity; an older one is not on it.
    public = Activity.objects.filter(promise__municipality=halmstad, promise__cycle__year=2019, public=True)
    busiest = max(public, key=lambda activity: activity.log.count())
    older = busiest.log.order_by("-done_on", "-pk")[3]

    parsed = read(client)
    text = " ".join(f"{e.title} {e.summary}" for e in parsed.entries)
    ids = {e.id for e in parsed.entries}
    assert "2020" not in " ".join(e.title for e in of_kind(parsed, "medborgarlofte"))
    assert "Utkastets" not in text and "Hemligt" not in text
    assert f"tag:testserver,2026:halmstad/trygghetsvandring/{planned.pk}" not in ids
    for entry in [*internal, older]:
        assert f"tag:testserver,2026:halmstad/uppfoljning/{entry.pk}" not in ids
    assert len(of_kind(parsed, "uppfoljning")) >= 3
    # The survey running now has a working lägesbild, never adopted: not in the feed.
    adopted = {
        f"{s.year}/version/{s.version}" for s in Situation.objects.readable().filter(municipality=halmstad)
    }
    assert (
        {e.id.split("lagesbild/")[1] for e in of_kind(parsed, "lagesbild")}
        == adopted
        == {
            "2018/version/1",
            "2019/version/1",
        }
    )


def test_internal_and_withdrawn_lagesbild_versions_are_not_in_the_feed(client: Client, demo: None) -> None:
    """Frozen while its survey ran, or withdrawn by a later version (situation/publication.py)."""
    halmstad = Municipality.objects.get(slug="halmstad")
    internal, withdrawn = Situation.objects.filter(municipality=halmstad).order_by("year")[:2]
    Situation.objects.filter(pk=internal.pk).update(public=False)
    Situation.objects.filter(pk=withdrawn.pk).update(replaced_by=withdrawn.version + 1)
    ids = {e.id for e in of_kind(read(client, "/halmstad/flode.atom"), "lagesbild")}
    assert not [i for i in ids if f"{internal.year}/version/" in i or f"{withdrawn.year}/version/" in i]


def test_another_municipalitys_feed_has_none_of_halmstads_entries(client: Client, demo: None) -> None:
    parsed = read(client, "/laholm/flode.atom")
    assert parsed.feed.title.startswith("Trygghet i Laholms kommun")
    assert parsed.entries  # Laholm's own promise
    for entry in parsed.entries:
        assert entry.id.startswith("tag:testserver,2026:laholm/")
        assert entry.link.startswith("http://testserver/laholm/")
        assert "Halmstad" not in entry.title
    assert client.get("/ingenstans/flode.atom").status_code == 404


def test_the_promise_page_and_the_start_page_point_feed_readers_to_the_feed(
    client: Client, demo: None
) -> None:
    for url in ("/halmstad/", "/halmstad/medborgarloften/", "/halmstad/medborgarloften/2018/"):
        response = client.get(url)
        assert_valid_html(response.content)
        document = html5lib.parse(response.content, namespaceHTMLElements=False)
        (link,) = [
            element.attrib
            for element in document.iter("link")
            if element.get("rel") == "alternate" and element.get("type") == "application/atom+xml"
        ]
        assert link["href"] == FEED
        assert link["title"] == "Nyheter om trygghetsarbetet (Atom-flöde)"
    assert 'href="/en/halmstad/flode.atom"' in client.get("/en/halmstad/").content.decode()


def test_the_configured_site_address_makes_the_ids_and_links(
    client: Client, demo: None, settings: Any
) -> None:
    settings.SITE_URL_CONFIGURED = True
    settings.SITE_URL = "https://trygghet.example.se"
    parsed = read(client)
    assert parsed.feed.id == "tag:trygghet.example.se,2026:halmstad/flode"
    assert all(e.id.startswith("tag:trygghet.example.se,2026:halmstad/") for e in parsed.entries)
    assert all(e.link.startswith("https://trygghet.example.se/halmstad/") for e in parsed.entries)
    self_link = [link.href for link in parsed.feed.links if link.rel == "self"]
    assert self_link == ["https://trygghet.example.se/halmstad/flode.atom"]


def test_english_under_en_and_swedish_for_other_languages(client: Client, demo: None) -> None:
    english = read(client, "/en/halmstad/flode.atom")
    assert english.feed.language == "en"
    assert english.feed.title.startswith("Safety in Halmstad Municipality")
    assert "Lägesbild 2019 adopted" in [e.title for e in english.entries]
    assert all(e.link.startswith("http://testserver/en/halmstad/") for e in english.entries)
    ids = {e.id for e in read(client).entries}
    assert {e.id for e in english.entries} == ids  # the same entries, whatever the language
    arabic = read(client, "/ar/halmstad/flode.atom")
    assert arabic.feed.language == "sv" and arabic.feed.title.startswith("Trygghet i Halmstads kommun")


def test_a_note_that_looks_like_markup_stays_text(client: Client, demo: None) -> None:
    activity = Activity.objects.filter(
        promise__municipality__slug="halmstad", promise__cycle__year=2019, public=True
    ).first()
    assert activity is not None
    ActivityLog.objects.create(
        activity=activity,
        done_on=date(2019, 12, 30),
        note='<img src=x onerror="alert(1)"> & mer',
        organisation=activity.responsible.all()[0],
    )
    response = client.get(FEED)
    assert b"<img" not in response.content
    (entry,) = [e for e in read(client).entries if "onerror" in e.summary]
    assert "&lt;img src=x onerror=" in entry.summary and "&amp; mer" in entry.summary


def test_a_decided_lagesbild_report_is_an_entry_with_its_decision_day(client: Client, demo: None) -> None:
    (decided,) = of_kind(read(client), "lagesbildsrapport")
    assert decided.title == "Lägesbildsrapport 2018 beslutad, version 1"
    assert decided.id == "tag:testserver,2026:halmstad/lagesbildsrapport/2018/version/1/rapport/1"
    assert decided.link == "http://testserver/halmstad/lagesbild/2018/rapport/?version=1"
    assert decided.updated.startswith("2019-02-12T00:00:00")
    assert "beslutad av Kommunstyrelsen den 12 februari 2019" in decided.summary
    assert client.get(urlsplit(decided.link).path + "?version=1").status_code == 200
    # a second decision is a second entry; the first keeps its id
    report = Report.objects.get(situation__municipality__slug="halmstad", situation__year=2018)
    later = ReportVersion(decision_body="Kommunfullmäktige", decision_date=date(2020, 1, 20))
    report_versions.decide(report, later, date(2020, 1, 21), None)
    ids = {entry.id for entry in of_kind(read(client), "lagesbildsrapport")}
    assert ids == {decided.id, decided.id[: -len("1")] + "2"}
    # the report of a withdrawn lägesbild version is no longer in the feed
    Situation.objects.filter(pk=report.situation.pk).update(replaced_by=2)
    assert of_kind(read(client), "lagesbildsrapport") == []


def test_a_decided_follow_up_report_is_an_entry_with_its_decision_and_none_of_its_texts(
    client: Client, demo: None
) -> None:
    (decided,) = of_kind(read(client), "uppfoljningsrapport")
    assert decided.title == "Uppföljningsrapport 2019 beslutad, version 1"
    assert decided.id == "tag:testserver,2026:halmstad/uppfoljningsrapport/2019/version/1"
    assert decided.link == "http://testserver/halmstad/uppfoljningsrapport/2019/?version=1"
    assert decided.updated.startswith("2020-02-11T00:00:00")
    assert "beslutad av Kommunstyrelsen den 11 februari 2020" in decided.summary
    assert client.get(urlsplit(decided.link).path + "?version=1").status_code == 200
    found = FollowupReport.objects.get(municipality__slug="halmstad", year=2019)
    for text in (found.summary, found.commentary, found.internal_note):
        assert text and text not in decided.summary
