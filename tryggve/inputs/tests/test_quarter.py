"""The quarterly analysis and the yearly summary."""

from tryggve.inputs.models import QuarterPriority

from .conftest import Place, local

URL = "/testkommun/est/kvartal/2019-4/"


def test_the_area_that_rose_most_against_its_own_level_is_suggested(place: Place) -> None:
    for month in (1, 4, 7):  # the south usually has many reports, the north few
        for day in range(1, 9):
            place.report(place.south, local(2019, month, day, 12, 0))
    place.report(place.north, local(2019, 4, 1, 12, 0))
    for day in range(1, 7):  # this quarter: the south as usual, the north far above its level
        place.report(place.south, local(2019, 10, day, 12, 0))
    for day in range(1, 5):
        place.report(place.north, local(2019, 10, day, 12, 0))
    analysis = place.client("analyst").get(URL).context["analysis"]
    assert analysis.suggested == [place.north]
    assert analysis.lines[0][0] == place.north


def test_analysts_choose_at_most_three_areas_for_the_next_quarter(place: Place) -> None:
    client = place.client("analyst")
    response = client.post(
        URL, {"areas": [place.north.pk, place.south.pk, place.whole.pk], "reasoning": "Ökning."}
    )
    assert response.status_code == 302
    priority = QuarterPriority.objects.get()
    assert (priority.year, priority.quarter, priority.areas.count()) == (2020, 1, 3)
    assert (
        place.client("reporter").post(URL, {"areas": [place.north.pk], "reasoning": "x"}).status_code == 403
    )


def test_the_yearly_summary_counts_per_category_quarter_and_area(place: Place) -> None:
    place.report(place.north, local(2019, 2, 1, 12, 0))
    place.report(place.north, local(2019, 11, 1, 12, 0), slug="littering")
    place.report(place.south, local(2018, 5, 1, 12, 0))
    summary = place.client("analyst").get("/testkommun/est/ar/2019/").context["summary"]
    assert (summary.total, summary.previous_total) == (2, 1)
    rows = {label: (quarters, total) for label, quarters, total, _before in summary.categories}
    assert rows["Klotter"] == ([1, 0, 0, 0], 1) and rows["Nedskräpning"] == ([0, 0, 0, 1], 1)
    assert (place.north, 2, 0) in summary.areas
