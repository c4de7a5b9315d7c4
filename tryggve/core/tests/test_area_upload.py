"""The administration's boundary-file upload: a preview that changes nothing, then the import."""

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tryggve.core.models import Area, AuditEntry, Municipality
from tryggve.testing import Neighbours, assert_valid_html, axe_violations, client_of, logged_in_context
from tryggve.testing_files import square, write_boundaries

pytestmark = pytest.mark.django_db

URL = "/admin/core/area/import/"
EAST, NORTH = 368_967.0, 6_286_038.0


def deso_file(tmp_path: Path, name: str = "DeSO.gpkg") -> SimpleUploadedFile:
    path = write_boundaries(
        tmp_path / name,
        [
            {"deso": "1380C1010", "regso": "Andersberg", "geometry": square(EAST, NORTH, 400)},
            {"deso": "1380C1020", "regso": "Andersberg", "geometry": square(EAST + 800, NORTH, 400)},
            {"deso": "1380C1030", "regso": "Vallås", "geometry": square(EAST, NORTH - 4000, 400)},
            {"deso": "1381C1010", "regso": "Laholm", "geometry": square(EAST, NORTH - 25_000, 400)},
        ],
    )
    return SimpleUploadedFile(name, path.read_bytes())


def test_preview_then_import(neighbours: Neighbours, tmp_path: Path) -> None:
    halmstad = neighbours.halmstad
    Municipality.objects.filter(pk=halmstad.pk).update(code="1380")
    client = client_of(neighbours.both_admin)
    page = client.get(reverse("admin:core_area_changelist"))
    assert URL in page.content.decode()
    fields = {"municipality": halmstad.pk, "group_by": "regso", "name_field": "regso"}
    preview = client.post(URL, {**fields, "file": deso_file(tmp_path), "preview": "1"})
    assert preview.status_code == 200
    assert_valid_html(preview.content)
    text = preview.content.decode()
    assert "Förhandsgranskning av DeSO.gpkg" in text and "2 nya områden" in text
    assert "1380C1010, 1380C1020" in text and 'id="area-preview"' in text
    assert "1 objekt i en annan kommun hoppas över" in text
    assert not Area.objects.filter(municipality=halmstad, slug="andersberg").exists()
    token = preview.context["token"]
    done = client.post(URL, {**fields, "token": token, "import": "1"})
    assert done.status_code == 302
    andersberg = Area.objects.get(municipality=halmstad, slug="andersberg")
    assert andersberg.region_codes == ["1380C1010", "1380C1020"] and andersberg.code == "Andersberg"
    assert AuditEntry.objects.filter(action=AuditEntry.Action.IMPORT, municipality=halmstad).exists()
    # The files are gone with the import: the same token imports nothing again.
    again = client.post(URL, {**fields, "token": token, "import": "1"})
    assert again.status_code == 200 and "choose it again" not in again.content.decode()
    assert "Den uppladdade filen finns inte längre" in again.content.decode()


def test_changed_choices_are_previewed_again_before_anything_is_imported(
    neighbours: Neighbours, tmp_path: Path
) -> None:
    client = client_of(neighbours.both_admin)
    fields = {"municipality": neighbours.halmstad.pk, "name_field": "deso"}
    preview = client.post(URL, {**fields, "file": deso_file(tmp_path), "preview": "1"})
    assert preview.context["plan"].created == 4
    token = preview.context["token"]
    changed = client.post(
        URL, {**fields, "name_field": "regso", "group_by": "regso", "token": token, "import": "1"}
    )
    assert changed.status_code == 200 and changed.context["plan"].created == 3
    assert not Area.objects.filter(code__startswith="1380C").exists()


def test_a_bad_file_is_refused_in_swedish_and_nothing_changes(neighbours: Neighbours, tmp_path: Path) -> None:
    client = client_of(neighbours.both_admin)
    before = Area.objects.count()
    bad = SimpleUploadedFile("trasig.gpkg", b"not a geopackage")
    page = client.post(URL, {"municipality": neighbours.halmstad.pk, "file": bad, "preview": "1"})
    assert page.status_code == 200
    assert_valid_html(page.content)
    assert "Inget importerades: trasig.gpkg" in page.content.decode()
    assert Area.objects.count() == before


def test_an_administrator_imports_only_into_their_own_municipalities(
    neighbours: Neighbours, tmp_path: Path
) -> None:
    client = client_of(neighbours.laholm_admin)
    page = client.post(
        URL, {"municipality": neighbours.halmstad.pk, "file": deso_file(tmp_path), "preview": "1"}
    )
    assert page.status_code == 200 and page.context["plan"] is None
    assert "municipality" in page.context["form"].errors
    assert client_of(neighbours.halmstad_analyst).get(URL).status_code in (302, 403)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_preview_map_draws_the_areas(browser: Any, live_server: Any, tmp_path: Path) -> None:
    from tryggve.testing import administrator, small_municipality

    place = small_municipality("halmstad")
    administrator("it.halmstad", place.municipality)
    context = logged_in_context(browser, live_server, "it.halmstad")
    page = context.new_page()
    page.goto(live_server.url + URL)
    page.select_option("#id_municipality", str(place.municipality.pk))
    path = tmp_path / "DeSO.gpkg"
    path.write_bytes(deso_file(tmp_path, "source.gpkg").read())
    page.set_input_files("#id_file", str(path))
    page.fill("#id_group_by", "regso")
    page.click("input[name=preview]")
    page.wait_for_selector(".area-preview-map path.leaflet-interactive")
    assert page.locator(".area-preview-map path.leaflet-interactive").count() == 3
    assert axe_violations(page) == []
    page.click("input[name=import]")
    page.wait_for_url("**/admin/core/area/?municipality__id__exact=*")
    assert Area.objects.get(municipality=place.municipality, slug="andersberg").region_codes == [
        "1380C1010",
        "1380C1020",
    ]
    context.close()
