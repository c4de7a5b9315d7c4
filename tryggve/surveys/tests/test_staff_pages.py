"""Monitoring, exports, invitation codes and the web import, for staff of the municipality."""

import csv
import io
import uuid

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from tryggve.core.models import Area, AuditEntry
from tryggve.surveys.models import InvitationCode, Response, Survey
from tryggve.surveys.responses import ResponseBuilder, save_responses, survey_questions
from tryggve.testing import assert_valid_html

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey(demo: None) -> Survey:
    return Survey.objects.get(municipality__slug="halmstad", slug="trygghetsmatning-2019")


def login(client: Client, username: str) -> Client:
    client.force_login(User.objects.get(username=username))
    return client


def staff_url(survey: Survey, name: str, *extra: str) -> str:
    return reverse(f"surveys:{name}", args=[survey.municipality.slug, survey.slug, *extra])


def test_monitoring_shows_counts_and_response_rates_to_any_staff_role(client: Client, survey: Survey) -> None:
    page = login(client, "hfab.rapportor").get(staff_url(survey, "monitoring"))
    assert page.status_code == 200
    assert_valid_html(page.content)
    content = page.content.decode()
    total = Response.objects.filter(survey=survey).count()
    assert f"{total} svar totalt" in content
    vallas = Response.objects.filter(survey=survey, area__slug="vallas").count()
    assert f'<th scope="row">Vallås</th><td class="number">{vallas}</td>' in content
    assert "Svarsfrekvens" in content
    # A partner reporter sees counts only: no export links.
    assert staff_url(survey, "export", "svar") not in content
    assert login(client, "hfab.rapportor").get(staff_url(survey, "export", "svar")).status_code == 403


def test_staff_of_another_municipality_and_anonymous_visitors_are_refused(
    client: Client, survey: Survey
) -> None:
    assert client.get(staff_url(survey, "monitoring")).status_code == 302
    assert login(client, "samordnare.laholm").get(staff_url(survey, "monitoring")).status_code == 403


def test_analyst_exports_csv_codebook_places_and_excel(client: Client, survey: Survey) -> None:
    login(client, "kommunpolis")
    response = client.get(staff_url(survey, "export", "svar"))
    rows = list(csv.reader(io.StringIO(response.getvalue().decode())))
    assert rows[0][:5] == ["respondent", "area", "sex", "age_band", "years_in_area"]
    assert len(rows) - 1 == Response.objects.filter(survey=survey, quarantined=False).count()
    codebook = client.get(staff_url(survey, "export", "kodbok")).getvalue().decode()
    never_out = [
        row
        for row in csv.reader(io.StringIO(codebook))
        if row[:3] == ["unsafe_alone_evening", "scale (special, not on the scale)", "8"]
    ]
    assert never_out[0][-3:] == ["Går aldrig ut", "I never go out", "لا أخرج أبداً"]
    places = client.get(staff_url(survey, "export", "platser")).getvalue().decode()
    assert places.startswith("respondent,question,lat,lng,reason,area,description\r\n")
    book = load_workbook(io.BytesIO(client.get(staff_url(survey, "export", "xlsx")).getvalue()))
    assert book.sheetnames == ["Svar", "Platser", "Kodbok", "Om datan"]
    assert book["Svar"].max_row == len(rows)


def excel_csv(content: bytes) -> list[list[str]]:
    """A CSV for Swedish Excel, read as Excel reads it: UTF-8 with BOM, semicolons."""
    assert content.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def mark_places(survey: Survey) -> None:
    """One respondent who marked a place on the map and typed where, and one without the map."""
    vallas = Area.objects.get(municipality=survey.municipality, slug="vallas")
    builder = ResponseBuilder(survey, survey_questions(survey))
    places = [
        {
            "lat": 56.656,
            "lng": 12.88,
            "area": vallas.pk,
            "where": "Gångtunneln",
            "reason": "Mörkt på kvällen",
        },
        {"lat": None, "lng": None, "area": vallas.pk, "where": "Vid skolan", "reason": "Gäng som stör"},
    ]
    answers = {"area": vallas.pk, "sex": 1, "age_band": 2, "unsafe_places": places}
    save_responses([builder.build(answers, received_on=survey.closes, respondent=str(RESPONDENT))])


RESPONDENT = uuid.UUID("00000000-0000-4000-8000-000000000026")


def test_the_places_file_has_the_area_and_the_typed_place_in_columns_of_their_own(
    client: Client, survey: Survey
) -> None:
    mark_places(survey)
    login(client, "kommunpolis")
    text = client.get(staff_url(survey, "export", "platser")).getvalue().decode()
    mine = [row for row in csv.DictReader(io.StringIO(text)) if row["respondent"] == str(RESPONDENT)]
    assert sorted(mine, key=lambda row: row["lat"], reverse=True) == [
        {"respondent": str(RESPONDENT), "question": "unsafe_places", "lat": "56.656000", "lng": "12.880000",
         "reason": "Mörkt på kvällen", "area": "Vallås", "description": "Gångtunneln"},
        {"respondent": str(RESPONDENT), "question": "unsafe_places", "lat": "", "lng": "",
         "reason": "Gäng som stör", "area": "Vallås", "description": "Vid skolan"},
    ]  # fmt: skip


def test_every_survey_file_comes_for_swedish_excel_too(client: Client, survey: Survey) -> None:
    mark_places(survey)
    login(client, "kommunpolis")
    page = client.get(staff_url(survey, "monitoring")).content.decode()
    for part in ("svar", "platser", "kodbok"):
        # The file for Excel comes first, beside the one for programs.
        assert page.index(staff_url(survey, "export", f"{part}-excel")) < page.index(
            f'{staff_url(survey, "export", part)}"'
        )
    answers = client.get(staff_url(survey, "export", "svar-excel"))
    assert answers["Content-Disposition"] == (
        'attachment; filename="halmstad-trygghetsmatning-2019-svar-excel.csv"'
    )
    rows = excel_csv(answers.getvalue())
    machine = list(
        csv.reader(io.StringIO(client.get(staff_url(survey, "export", "svar")).getvalue().decode()))
    )
    assert rows[0][:5] == [
        "Svarande",
        "Område",
        "Kön",
        "Åldersgrupp",
        "years_in_area",
    ]  # codes as in the codebook
    assert rows[0][4:] == machine[0][4:] and rows[1:] == machine[1:]
    places = excel_csv(client.get(staff_url(survey, "export", "platser-excel")).getvalue())
    assert places[0] == [
        "Svarande",
        "Fråga",
        "Latitud",
        "Longitud",
        "Varför",
        "Område",
        "Plats, med den svarandes ord",
    ]
    mine = sorted((row for row in places if row[0] == str(RESPONDENT)), key=lambda row: row[2], reverse=True)
    assert mine[0][2:] == ["56,656000", "12,880000", "Mörkt på kvällen", "Vallås", "Gångtunneln"]
    assert float(mine[0][2].replace(",", ".")) == pytest.approx(56.656)
    codebook = excel_csv(client.get(staff_url(survey, "export", "kodbok-excel")).getvalue())
    assert codebook[0][:4] == ["Kolumn", "Typ", "Värde", "Fråga (sv)"]
    book = load_workbook(io.BytesIO(client.get(staff_url(survey, "export", "xlsx")).getvalue()))
    sheet = book["Platser"]
    assert sheet.freeze_panes == "A2" and sheet["A1"].font.bold
    header = [cell.value for cell in sheet[1]]
    assert header == places[0]
    found = next(
        row for row in sheet.iter_rows(min_row=2) if row[0].value == str(RESPONDENT) and row[2].value
    )
    assert (found[2].value, found[2].number_format) == (56.656, "0.000000")
    answer_sheet = book["Svar"]
    assert [cell.value for cell in answer_sheet[1]][:4] == ["Svarande", "Område", "Kön", "Åldersgrupp"]
    codes = [cell for row in answer_sheet.iter_rows(min_row=2, max_row=50) for cell in row[4:]]
    assert any(cell.data_type == "n" for cell in codes)  # codes are numbers, not text
    assert all(
        cell.data_type == "n" for cell in codes if cell.value is not None and str(cell.value).isdigit()
    )
    about = {str(label): str(text) for label, text in book["Om datan"].values}
    assert about["Källa"].startswith("Trygghetsmätning 2019, Halmstads kommun")
    assert "30 svarande" in about["Små grupper"]


def test_quarantined_responses_are_left_out_of_the_export(client: Client, survey: Survey) -> None:
    login(client, "kommunpolis")
    response = Response.objects.filter(survey=survey).first()
    assert response is not None
    response.quarantined = True
    response.save()
    content = client.get(staff_url(survey, "export", "svar")).getvalue().decode()
    assert str(response.pk) not in content


def test_codes_are_made_and_exported_for_mail_merge_and_reminders(client: Client, survey: Survey) -> None:
    login(client, "samordnare.halmstad")
    page = client.post(staff_url(survey, "codes"), {"count": 250}, follow=True)
    assert page.redirect_chain == [(staff_url(survey, "codes"), 302)]
    assert "250 nya koder" in page.content.decode()
    assert AuditEntry.objects.filter(action="created", rows=250, what__contains="inbjudningskoder").exists()
    codes = InvitationCode.objects.filter(survey=survey)
    assert codes.count() == 250 and len(set(codes.values_list("code", flat=True))) == 250
    codes.filter(pk__in=list(codes.values_list("pk", flat=True)[:10])).update(used=True)
    everything = client.get(staff_url(survey, "codes") + "?download=alla").content.decode().splitlines()
    unused = client.get(staff_url(survey, "codes") + "?download=oanvanda").content.decode().splitlines()
    assert len(everything) == 251 and len(unused) == 241
    assert everything[1].endswith("/halmstad/enkat/trygghetsmatning-2019/")
    for_excel = excel_csv(client.get(staff_url(survey, "codes") + "?download=oanvanda&excel=1").getvalue())
    assert for_excel[0] == ["Kod", "Adress"] and len(for_excel) == 241
    assert [row[0] for row in for_excel[1:]] == [line.split(",")[0] for line in unused[1:]]


def test_too_many_codes_is_refused_with_a_message(client: Client, survey: Survey) -> None:
    page = login(client, "samordnare.halmstad").post(staff_url(survey, "codes"), {"count": 1_000_000})
    assert page.status_code == 400
    assert "mindre än eller lika med 100000" in page.content.decode()
    assert not InvitationCode.objects.filter(survey=survey).exists()


def test_web_import_reports_lines_and_imports_nothing_by_default(client: Client, survey: Survey) -> None:
    login(client, "samordnare.halmstad")
    before = Response.objects.count()
    text = (
        "respondent,area,sex,age_band,unsafe_alone_evening\nP1,Vallås,kvinna,65+,4\nP2,Vallås,kvinna,65+,12\n"
    )
    page = client.post(
        staff_url(survey, "import"), {"file": SimpleUploadedFile("a.csv", text.encode(), "text/csv")}
    )
    assert page.status_code == 400
    assert "rad 3, kolumn unsafe_alone_evening: 12 är inte en av koderna" in page.content.decode()
    assert Response.objects.count() == before
    page = client.post(
        staff_url(survey, "import"),
        {"file": SimpleUploadedFile("a.csv", text.encode(), "text/csv"), "skip_invalid": "on"},
    )
    assert "Importerade 1 svar; avvisade 1 rader." in page.content.decode()
    assert Response.objects.count() == before + 1
