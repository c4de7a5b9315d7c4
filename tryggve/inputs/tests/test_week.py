"""The weekly EST picture: counts against the area's own usual level, CSV, the meeting."""

import csv
import io
from datetime import date

from django.core import mail

from tryggve.core.models import AuditEntry, EmailOptOut
from tryggve.inputs.models import PlaceKind, PlaceReport, WeeklyMeeting

from .conftest import Place, local

URL = "/testkommun/est/vecka/2019-45/"  # Monday 4 November 2019


def test_each_area_is_counted_against_its_four_weeks_before_and_last_year(place: Place) -> None:
    for day in (4, 5, 10):  # two in week 45 (the 10th is the Sunday), and
        place.report(place.north, local(2019, 11, day, 20, 0))
    place.report(place.north, local(2019, 11, 11, 0, 30))  # the next week's Monday: not counted
    for day in (7, 14, 21, 28):  # four in the four weeks before: on average one a week
        place.report(place.north, local(2019, 10, day, 12, 0), slug="littering")
    place.report(place.north, local(2018, 11, 6, 12, 0))  # week 45 of 2018
    response = place.client("analyst").get(URL)
    picture = response.context["picture"]
    (north,) = picture.areas  # the southern area has no reports and is left out
    assert (north.area, north.total.now, north.total.usual, north.total.last_year) == (place.north, 3, 1.0, 1)
    graffiti = next(line for line in north.categories if line.key == "graffiti")
    assert (graffiti.now, graffiti.usual, graffiti.last_year) == (3, 0.0, 1)
    assert "ovanligt många" in response.content.decode()  # 3 against 0 is 3 standard deviations
    assert AuditEntry.objects.get(action="view").rows == 3


def test_a_reporter_sees_only_the_areas_they_report_for(place: Place) -> None:
    place.report(place.north, local(2019, 11, 5, 12, 0))
    place.report(place.south, local(2019, 11, 5, 12, 0))
    response = place.client("reporter").get(URL)
    assert [row.area for row in response.context["picture"].areas] == [place.north]
    assert [r.area for r in response.context["reports"]] == [place.north]


def test_the_week_downloads_as_csv_with_the_place_reports_beside_the_incidents(place: Place) -> None:
    place.report(place.north, local(2019, 11, 5, 12, 0))
    for received in (date(2019, 11, 6), date(2019, 11, 8), date(2019, 10, 30)):
        PlaceReport.objects.create(
            municipality=place.municipality, kind=PlaceKind.GRAFFITI, area=place.north, received_on=received
        )
    response = place.client("analyst").get("/testkommun/est/vecka/2019-45.csv")
    lines = response.content.decode().splitlines()
    assert lines[0] == "area,category,category_code,week,reports,usual,same_week_last_year,source"
    assert "Norr,Klotter,graffiti,2019-W45,1,0,0,incident" in lines
    assert "Norr,Klotter,graffiti,2019-W45,2,0.25,0,place_report" in lines


def test_the_week_downloads_for_swedish_excel_too_linked_first(place: Place) -> None:
    place.report(place.north, local(2019, 11, 5, 12, 0))
    for day in (7, 14, 21):  # three in the four weeks before: 0,75 a week
        place.report(place.north, local(2019, 10, day, 12, 0))
    client = place.client("analyst")
    page = client.get(URL).content.decode()
    assert page.index("/testkommun/est/vecka/2019-45-excel.csv") < page.index(
        "/testkommun/est/vecka/2019-45.csv"
    )
    response = client.get("/testkommun/est/vecka/2019-45-excel.csv")
    assert response["Content-Disposition"] == 'attachment; filename="est-testkommun-2019-v45-excel.csv"'
    content = response.getvalue()
    assert content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == [
        "Område", "Kategori", "Kategorikod", "Vecka", "Rapporter",
        "Snitt för de 4 veckorna före", "Samma vecka i fjol", "Källa",
    ]  # fmt: skip
    graffiti = next(row for row in rows if row[2] == "graffiti")
    assert graffiti == ["Norr", "Klotter", "graffiti", "2019-W45", "1", "0,75", "0", "Händelse"]
    assert float(graffiti[5].replace(",", ".")) == 0.75


def test_the_meeting_records_decisions_and_mails_feedback_to_the_weeks_reporters(place: Place) -> None:
    report = place.report(place.north, local(2019, 11, 5, 12, 0))
    report.reported_by = place.users["reporter"]
    report.save()
    data = {"decisions": "Byt belysning i tunneln.", "feedback": "Tack, belysningen byts."}
    assert place.client("reporter").post(URL, data).status_code == 403
    response = place.client("analyst").post(URL, data, follow=True)
    assert "återkopplingen gick till 1 rapportörer" in response.content.decode()
    meeting = WeeklyMeeting.objects.get()
    assert (meeting.decisions, meeting.feedback_sent_to) == ("Byt belysning i tunneln.", 1)
    (message,) = mail.outbox
    assert message.to == ["reporter@testkommun.example"]
    assert "Tack, belysningen byts." in message.body and "Byt belysning i tunneln." in message.body
    assert "Tack, belysningen byts." in place.client("reporter").get(URL).content.decode()


def test_reporters_who_turned_the_feedback_off_get_none(place: Place) -> None:
    report = place.report(place.north, local(2019, 11, 5, 12, 0))
    report.reported_by = place.users["reporter"]
    report.save()
    EmailOptOut.objects.create(user=place.users["reporter"], kind="est_feedback")
    response = place.client("analyst").post(
        URL, {"decisions": "Byt belysning.", "feedback": "Tack."}, follow=True
    )
    assert "återkopplingen gick till 0 rapportörer" in response.content.decode()
    assert mail.outbox == []


def test_a_meeting_without_decisions_is_refused(place: Place) -> None:
    response = place.client("analyst").post(URL, {"decisions": "", "feedback": "x"})
    assert "Detta fält måste fyllas i." in response.content.decode()
    assert not WeeklyMeeting.objects.exists() and not mail.outbox


def test_weeks_that_do_not_exist_are_not_found(place: Place) -> None:
    assert place.client("analyst").get("/testkommun/est/vecka/2019-54/").status_code == 404


def test_the_week_maps_labels_give_the_time_in_swedish_time(place: Place) -> None:
    report = place.report(place.north, local(2019, 11, 5, 21, 30))
    report.latitude, report.longitude = 56.71, 12.85
    report.save()
    points = place.client("analyst").get(URL).context["points"]
    assert [point["label"] for point in points] == ["Klotter 05/11 21:30"]  # not 20:30, UTC


def test_a_reporter_downloads_the_place_report_counts_of_their_areas_only(place: Place) -> None:
    for area in (place.north, place.south):
        PlaceReport.objects.create(
            municipality=place.municipality, kind=PlaceKind.GRAFFITI, area=area, received_on=date(2019, 11, 6)
        )
    lines = place.client("reporter").get("/testkommun/est/vecka/2019-45.csv").content.decode().splitlines()
    assert [line.split(",")[0] for line in lines[1:] if line.endswith(",place_report")] == ["Norr"]
