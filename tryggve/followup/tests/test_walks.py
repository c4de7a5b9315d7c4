"""Safety walks: plan, findings (photos without metadata), measures, protocol, CSV per
organisation, repeat walks, and the public page."""

import csv
import io
import json
import resource
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from tryggve.followup.models import Finding, Measure, Revisit, SafetyWalk
from tryggve.testing import png_of_one_colour

from .conftest import Setting


def photo_with_position() -> bytes:
    image = Image.new("RGB", (64, 48), (200, 30, 30))
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (56.0, 40.0, 12.0)}  # GPS position
    exif[0x010F] = "Kamerafabriken"  # camera maker
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


@pytest.fixture
def walk(setting: Setting) -> SafetyWalk:
    client = setting.client(setting.analyst)
    response = client.post(
        "/ort/uppfoljning/vandringar/ny/",
        {
            "walk_on": "2019-04-02",
            "area": setting.area.pk,
            "route": "Runt torget",
            "participants_residents": "12",
        },
    )
    assert response.status_code == 302
    return SafetyWalk.objects.get()


def url(walk: SafetyWalk, end: str = "") -> str:
    return f"/ort/uppfoljning/vandringar/{walk.pk}/{end}"


def test_a_walk_records_findings_with_photos_stripped_of_their_metadata(
    setting: Setting, walk: SafetyWalk
) -> None:
    assert walk.participants == {"residents": 12}
    client = setting.client(setting.analyst)
    upload = SimpleUploadedFile("tunnel.jpg", photo_with_position(), content_type="image/jpeg")
    client.post(
        url(walk),
        {
            "form": "finding",
            "pin-1-kind": "lighting",
            "pin-1-place": "Tunneln",
            "pin-1-description": "Mörkt, ring 070-1234567",
            "pin-1-photo": upload,
        },
    )
    finding = Finding.objects.get()
    assert "070" not in finding.description
    with Image.open(finding.photo.path) as stored:
        assert stored.getexif() == {} and "exif" not in stored.info
        assert stored.size == (64, 48)


def test_staff_see_a_thumbnail_of_a_walk_photo_and_others_do_not(setting: Setting, walk: SafetyWalk) -> None:
    image = Image.new("RGB", (1600, 1200), (30, 90, 200))
    out = io.BytesIO()
    image.save(out, format="JPEG")
    client = setting.client(setting.analyst)
    upload = SimpleUploadedFile("tunnel.jpg", out.getvalue(), content_type="image/jpeg")
    client.post(
        url(walk),
        {"form": "finding", "pin-1-kind": "lighting", "pin-1-place": "Tunneln", "pin-1-photo": upload},
    )
    finding = Finding.objects.get()
    thumbnail = url(walk, f"fynd/{finding.pk}/foto-liten.jpg")
    page = client.get(url(walk)).content.decode()
    assert f'<img class="thumbnail" src="{thumbnail}" alt="Foto av Tunneln"' in page
    response = client.get(thumbnail)
    assert response["Content-Type"] == "image/jpeg" and response["Cache-Control"] == "private, max-age=3600"
    with Image.open(io.BytesIO(response.content)) as small:
        assert small.size == (320, 240)
    assert len(response.content) < 20_000
    assert Client().get(thumbnail).status_code == 302
    assert client.get(url(walk, f"fynd/{finding.pk + 1000}/foto-liten.jpg")).status_code == 404


def test_a_file_that_is_not_a_photo_is_refused(setting: Setting, walk: SafetyWalk) -> None:
    upload = SimpleUploadedFile("not.jpg", b"%PDF-1.4 nothing", content_type="image/jpeg")
    page = setting.client(setting.analyst).post(
        url(walk),
        {"form": "finding", "pin-1-kind": "lighting", "pin-1-place": "Tunneln", "pin-1-photo": upload},
    )
    assert "Ladda upp en giltig bild" in page.content.decode()
    assert not Finding.objects.exists()


def test_a_small_file_of_too_many_pixels_is_refused_before_it_is_decoded(
    setting: Setting, walk: SafetyWalk, settings: Any
) -> None:
    bomb = png_of_one_colour(13_000, 13_000)  # 20 kB, 169 megapixels: over a gigabyte decoded
    assert len(bomb) < 25_000
    upload = SimpleUploadedFile("tunnel.png", bomb, content_type="image/png")
    # Peak memory of the process (kB): Pillow's pixel buffers are outside tracemalloc's view.
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    page = setting.client(setting.analyst).post(
        url(walk),
        {"form": "finding", "pin-1-kind": "lighting", "pin-1-place": "Tunneln", "pin-1-photo": upload},
    )
    grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    assert grown < 100 * 1024, f"the upload took {grown // 1024} MB more memory"  # 1 GB if decoded
    assert page.status_code == 200
    assert (
        "Bilden är för stor: Tryggve tar emot högst 40 megapixlar (bredd × höjd). "
        "Gör den mindre och ladda upp den igen."
    ) in page.content.decode()
    assert not Finding.objects.exists()
    assert not (Path(settings.MEDIA_ROOT) / "safety-walks").exists()


def test_measures_are_chosen_rejected_with_a_reason_done_and_listed(
    setting: Setting, walk: SafetyWalk
) -> None:
    client = setting.client(setting.analyst)
    lamp = Finding.objects.create(walk=walk, kind="lighting", place="Tunneln")
    bins = Finding.objects.create(walk=walk, kind="littering", place="Återvinningen")
    Finding.objects.create(walk=walk, kind="safe_place", place="Torget")
    client.post(
        url(walk),
        {
            "form": "measure",
            "finding": lamp.pk,
            "organisation": setting.kommun.pk,
            "action": "Byt armaturer",
            "due": "2019-05-15",
        },
    )
    client.post(
        url(walk),
        {
            "form": "measure",
            "finding": bins.pk,
            "organisation": setting.police.pk,
            "action": "Flytta stationen",
        },
    )
    lamp_measure, bin_measure = Measure.objects.order_by("pk")
    response = client.post(
        url(walk), {"form": "status", "measure": bin_measure.pk, f"m{bin_measure.pk}-status": "rejected"}
    )
    assert response.status_code == 302
    bin_measure.refresh_from_db()
    assert bin_measure.status == "chosen"  # a rejection needs its reason
    client.post(
        url(walk),
        {
            "form": "status",
            "measure": bin_measure.pk,
            f"m{bin_measure.pk}-status": "rejected",
            f"m{bin_measure.pk}-reason": "Ingen annan plats",
        },
    )
    client.post(
        url(walk),
        {
            "form": "status",
            "measure": lamp_measure.pk,
            f"m{lamp_measure.pk}-status": "done",
            f"m{lamp_measure.pk}-done_on": "2019-05-08",
        },
    )
    protocol = client.get(url(walk, "protokoll/")).content.decode()
    chosen, rejected = protocol.split('id="valda"')[1].split('id="avslagna"')
    assert "Byt armaturer" in chosen and "Flytta stationen" not in chosen
    assert "Flytta stationen – Ingen annan plats" in rejected
    assert "Torget" in protocol.split("Trygga platser")[1]
    lines = (
        client.get(url(walk, "atgarder.csv") + f"?organisation={setting.kommun.slug}")
        .content.decode()
        .splitlines()
    )
    assert len(lines) == 2 and lines[1].startswith(
        "Orts kommun,Belysning,Tunneln,,Byt armaturer,2019-05-15,done,,2019-05-08"
    )
    page = client.get(url(walk)).content.decode()
    assert page.index(url(walk, "atgarder-excel.csv")) < page.index(url(walk, "atgarder.csv"))
    for_excel = client.get(url(walk, "atgarder-excel.csv") + f"?organisation={setting.kommun.slug}")
    assert for_excel["Content-Disposition"].endswith(f'-{setting.kommun.slug}-excel.csv"')
    rows = list(csv.reader(io.StringIO(for_excel.getvalue().decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:2] == ["Ansvarig organisation", "Fynd"] and rows[0][-1] == "Utförd"
    assert rows[1] == [
        "Orts kommun",
        "Belysning",
        "Tunneln",
        "",
        "Byt armaturer",
        "2019-05-15",
        "Gjort",
        "",
        "2019-05-08",
    ]


def test_a_repeat_walk_revisits_the_earlier_findings_and_residents_see_what_was_done(
    client: Client, setting: Setting, walk: SafetyWalk
) -> None:
    lamp = Finding.objects.create(walk=walk, kind="lighting", place="Tunneln")
    Measure.objects.create(
        finding=lamp, organisation=setting.kommun, action="Byt armaturer", status="done", done_on="2019-05-08"
    )
    assert (
        "Tunneln" not in client.get("/ort/trygghetsvandringar/").content.decode()
    )  # planned: not public yet
    staff = setting.client(setting.analyst)
    staff.post(url(walk), {"form": "walked"})
    repeat = SafetyWalk.objects.create(
        municipality=walk.municipality,
        walk_on="2019-10-02",
        area=setting.area,
        route="Samma runda",
        repeat_of=walk,
    )
    staff.post(url(repeat), {"form": "revisit", "finding": lamp.pk, "verdict": "solved", "note": "Ljust nu"})
    assert Revisit.objects.get().verdict == "solved"
    page = client.get("/ort/trygghetsvandringar/").content.decode()
    assert "Tunneln" in page and "Byt armaturer – gjort 8 maj 2019" in page


def test_only_logging_roles_work_with_walks(setting: Setting, walk: SafetyWalk) -> None:
    assert setting.client(setting.owner).get(url(walk)).status_code == 200
    assert Client().get(url(walk)).status_code == 302


def test_a_route_on_the_map_is_a_line_in_the_municipalitys_neighbourhood(setting: Setting) -> None:
    client = setting.client(setting.analyst)
    base = {"walk_on": "2019-04-02", "area": setting.area.pk, "route": "Runt torget"}
    line = {"type": "LineString", "coordinates": [[12.85, 56.67], [12.86, 56.68]]}
    page = client.post("/ort/uppfoljning/vandringar/ny/", {**base, "route_line": '{"type": "Point"}'})
    assert "Sträckningen måste vara en linje" in page.content.decode() and not SafetyWalk.objects.exists()
    client.post("/ort/uppfoljning/vandringar/ny/", {**base, "route_line": json.dumps(line)})
    assert SafetyWalk.objects.get().route_line == line


def test_the_measure_form_speaks_swedish_and_asks_for_a_choice(setting: Setting, walk: SafetyWalk) -> None:
    Finding.objects.create(walk=walk, kind="lighting", place="Tunneln")
    page = setting.client(setting.analyst).get(url(walk)).content.decode()
    assert "Finding" not in page and ">Fynd:</label>" in page
    assert "---------" not in page
    assert '<option value="" selected>Välj …</option>' in page
