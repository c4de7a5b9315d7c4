"""Residents follow place reports in public (issue 33.1): the list and counts per area, each
report's own page, and a 404 that tells nothing of reports that are not published."""

from datetime import date
from typing import Any

import pytest
from django.test import Client

from tryggve.core.models import Organisation
from tryggve.inputs.models import PlaceKind, PlaceReport
from tryggve.testing import SmallMunicipality, assert_valid_html, small_municipality

pytestmark = pytest.mark.django_db

LIST = "/testkommun/rapporterade-platser/"
IN_NORTH = (56.71123, 12.85321)


@pytest.fixture
def town(db: None) -> SmallMunicipality:
    return small_municipality()


def report(town: SmallMunicipality, **fields: Any) -> PlaceReport:
    values: dict[str, Any] = {
        "municipality": town.municipality,
        "kind": PlaceKind.LIGHTING,
        "area": town.north,
        "received_on": date(2026, 11, 2),
        "description": "Lampan vid Annas hus är trasig",
        "place": "Tunneln vid skolan",
        **fields,
    }
    return PlaceReport.objects.create(**values)


def routed(town: SmallMunicipality, **fields: Any) -> PlaceReport:
    """A report staff have read and routed, with its status set on 20 November."""
    values: dict[str, Any] = {
        "status": PlaceReport.Status.PLANNED,
        "status_on": date(2026, 11, 20),
        "organisation": town.kommun,
        "answer": "Vi byter lampan i december.",
        **fields,
    }
    return report(town, **values)


def page_of(found: PlaceReport) -> str:
    return f"{LIST}{found.pk}/"


def test_residents_see_each_read_report_with_its_status_answer_and_area(town: SmallMunicipality) -> None:
    planned = routed(town, public_text="Trasig lampa i tunneln.", approved=True)
    done = routed(town, area=town.south, kind=PlaceKind.VEGETATION, status=PlaceReport.Status.DONE)
    unread = report(town, description="Oläst rapport")
    hidden = routed(town, hidden=True, hidden_reason="Namnger en person", description="Dold rapport")
    merged = routed(town, duplicate_of=planned, description="Dubblett")
    approved_only = report(town, public_text="Mörk gångväg.", approved=True, status_on=date(2026, 11, 21))
    response = Client().get(LIST)
    assert response.status_code == 200
    html = response.content.decode()
    assert_valid_html(html)
    listed = {shown["id"] for shown in response.context["reports"]}
    assert listed == {planned.pk, done.pk, approved_only.pk}
    for private in (unread, hidden, merged):
        assert str(private.pk) not in html
    # Newest status first; the status and its day, the answer; the approved text only.
    assert response.context["reports"][0]["id"] == approved_only.pk
    assert "Planerad" in html and "sedan 20 november 2026" in html and "Vi byter lampan i december." in html
    for never in ("Lampan vid Annas hus", "Tunneln vid skolan", "Namnger en person", "testkommun kommun"):
        assert never not in html
    # Counted per area: Norr has the planned and the approved one, Söder the done one.
    rows = {row["area"].slug: row for row in response.context["rows"]}
    assert (rows["norr"]["under_way"], rows["norr"]["done"], rows["norr"]["total"]) == (2, 0, 2)
    assert (rows["soder"]["done"], rows["soder"]["total"]) == (1, 1)
    assert response.context["total"]["total"] == 3
    # The approved description is on the report's own page, never the resident's words.
    own = Client().get(page_of(planned)).content.decode()
    assert_valid_html(own)
    assert "Trasig lampa i tunneln." in own and "Vi byter lampan i december." in own
    assert "Lampan vid Annas hus" not in own and "Tunneln vid skolan" not in own


def test_a_key_that_is_not_published_gets_the_same_404_as_no_report_at_all(town: SmallMunicipality) -> None:
    other = small_municipality("annanstans")
    unread = report(town)
    hidden = routed(town, hidden=True, hidden_reason="Namnger en person")
    elsewhere = routed(other)  # published, but in another municipality
    nothing = unread.pk + 1 if not PlaceReport.objects.filter(pk=unread.pk + 1).exists() else 1
    pages = [Client().get(f"{LIST}{key}/") for key in (unread.pk, hidden.pk, elsewhere.pk, nothing)]
    assert {response.status_code for response in pages} == {404}
    bodies = {response.content.decode().replace(str(key), "") for response, key in
              zip(pages, (unread.pk, hidden.pk, elsewhere.pk, nothing), strict=True)}  # fmt: skip
    assert len(bodies) == 1, "the 404 pages differ"
    assert "Ingen offentlig rapport på den här adressen" in bodies.pop()
    assert Client().get(f"/annanstans/rapporterade-platser/{elsewhere.pk}/").status_code == 200


def test_a_merged_report_leads_to_the_one_it_repeats_unless_that_one_is_not_public(
    town: SmallMunicipality,
) -> None:
    original = routed(town)
    duplicate = report(town, duplicate_of=original)
    response = Client().get(page_of(duplicate))
    assert response.status_code == 302 and response["Location"] == page_of(original)
    assert Client().get(f"/en{page_of(duplicate)}")["Location"] == f"/en{page_of(original)}"
    original.hidden = True
    original.save()
    assert Client().get(page_of(duplicate)).status_code == 404


def test_the_list_is_filtered_by_area_and_status_and_a_bad_choice_gets_a_message(
    town: SmallMunicipality,
) -> None:
    north = routed(town)
    south = routed(town, area=town.south, status=PlaceReport.Status.DONE)
    client = Client()
    found = client.get(LIST, {"omrade": "soder"})
    assert [r["id"] for r in found.context["reports"]] == [south.pk]
    found = client.get(LIST, {"status": "planned"})
    assert [r["id"] for r in found.context["reports"]] == [north.pk]
    assert client.get(LIST, {"omrade": "norr", "status": "done"}).context["reports"] == []
    bad = client.get(LIST, {"omrade": "ingenstans", "status": "<script>"})
    assert bad.status_code == 400
    html = bad.content.decode()
    assert_valid_html(html)
    assert "Välj ett giltigt alternativ" in html and "<script>" not in html
    assert {r["id"] for r in bad.context["reports"]} == {north.pk, south.pk}


def test_the_list_comes_in_pages_that_keep_the_filter(town: SmallMunicipality) -> None:
    for day in range(1, 26):
        routed(town, status_on=date(2026, 10, day))
    routed(town, area=town.south)
    first = Client().get(LIST, {"omrade": "norr"})
    assert len(first.context["reports"]) == 20 and first.context["page"].paginator.count == 25
    assert "omrade=norr&amp;sida=2" in first.content.decode()
    second = Client().get(LIST, {"omrade": "norr", "sida": "2"})
    assert [r["status_on"].day for r in second.context["reports"]] == [5, 4, 3, 2, 1]
    assert Client().get(LIST, {"sida": "x"}).status_code == 200  # the first page


@pytest.mark.parametrize(("prefix", "language", "direction", "heading"), [
    ("", "sv", "ltr", "Rapporterade platser"),
    ("/en", "en", "ltr", "Reported places"),
    ("/ar", "ar", "rtl", "الأماكن المبلغ عنها"),
])  # fmt: skip
def test_the_pages_are_in_swedish_english_and_arabic(
    town: SmallMunicipality, prefix: str, language: str, direction: str, heading: str
) -> None:
    shown = routed(town)
    for path in (LIST, page_of(shown)):
        response = Client().get(prefix + path)
        assert response.status_code == 200
        html = response.content.decode()
        assert_valid_html(html)
        assert f'<html lang="{language}" dir="{direction}">' in html
        # The switch offers the other languages, Arabic too.
        assert {link["code"] for link in response.context["language_links"]} == {"sv", "en", "ar"} - {
            language
        }
    assert heading in Client().get(prefix + LIST).content.decode()
    # Texts typed in Swedish (the answer) say so on a page in another language.
    own = Client().get(prefix + page_of(shown)).content.decode()
    assert ('class="written" lang="sv" dir="ltr"' in own) == (language != "sv")


def test_the_thanks_page_gives_the_sender_the_link_to_follow_the_report(town: SmallMunicipality) -> None:
    client = Client()
    sent = client.post("/testkommun/rapportera/", {"pin-1-kind": "lighting", "pin-1-area": town.north.pk})
    assert sent.status_code == 302
    stored = PlaceReport.objects.get()
    thanks = client.get(sent["Location"])
    html = thanks.content.decode()
    assert_valid_html(html)
    assert f"http://testserver{page_of(stored)}" in html
    # The sender's own link: never kept by a shared cache for the next visitor.
    assert "no-store" in thanks["Cache-Control"] and "private" in thanks["Cache-Control"]
    assert "Cookie" in thanks["Vary"]
    # Until staff have read it, the link says there is no such public report.
    assert client.get(page_of(stored)).status_code == 404
    stored.status, stored.status_on, stored.organisation = "received", date(2026, 12, 1), town.kommun
    stored.save()
    assert client.get(page_of(stored)).status_code == 200
    # Another visitor's thanks page names no report, nor does a forged cookie.
    assert str(stored.pk) not in Client().get(sent["Location"]).content.decode()
    forged = Client()
    forged.cookies["tryggve_place_report"] = str(stored.pk)
    assert str(stored.pk) not in forged.get(sent["Location"]).content.decode()


def test_the_municipality_home_page_links_to_the_reported_places(town: SmallMunicipality) -> None:
    assert LIST.encode() in Client().get("/testkommun/").content


def test_an_organisation_is_not_public(town: SmallMunicipality) -> None:
    housing = Organisation.objects.create(name="Bostäder AB", slug="bostader", kind="housing")
    routed(town, organisation=housing)
    assert "Bostäder AB" not in Client().get(LIST).content.decode()
