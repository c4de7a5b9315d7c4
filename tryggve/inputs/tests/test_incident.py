"""One report: who may read it, analysts' redaction, and the audit log administrators read."""

from django.contrib.auth.models import User
from django.test import Client

from tryggve.core.models import AuditEntry, Landmark

from .conftest import Place, local, make_place


def test_analysts_redact_a_description_and_the_text_is_scrubbed_again(place: Place) -> None:
    report = place.report(place.north, local(2019, 11, 5, 12, 0), text="Anna Andersson klottrade.")
    url = f"/testkommun/est/{report.pk}/"
    reporter = place.client("reporter")
    assert reporter.post(url, {"description": "", "address": ""}).status_code == 403
    response = place.client("analyst").post(
        url, {"description": "N.N. klottrade, 0701234567.", "address": ""}
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.redacted and report.description == "N.N. klottrade, [borttaget]."
    page = reporter.get(url).content.decode()
    assert "Maskerad av en analytiker." in page and "Anna" not in page


def test_every_view_of_a_report_is_in_the_audit_log_that_administrators_read(place: Place) -> None:
    report = place.report(place.north, local(2019, 11, 5, 12, 0))
    place.client("reporter").get(f"/testkommun/est/{report.pk}/")
    entry = AuditEntry.objects.get(action="view")
    assert (entry.username, entry.action, entry.rows, entry.municipality) == (
        "testkommun.reporter", "view", 1, place.municipality
    )  # fmt: skip
    assert entry.path == f"/testkommun/est/{report.pk}/"
    admin = place.users["admin"]
    admin.is_staff = True
    admin.save()
    page = place.client("admin").get("/admin/core/auditentry/")
    assert page.status_code == 200 and "testkommun.reporter" in page.content.decode()
    change = place.client("admin").post(f"/admin/core/auditentry/{entry.pk}/delete/", {"post": "yes"})
    assert change.status_code == 403 and AuditEntry.objects.filter(pk=entry.pk).exists()


def test_administrators_of_another_municipality_do_not_see_its_audit_log(place: Place) -> None:
    place.client("reporter").get("/testkommun/est/")
    stranger = User.objects.create_user("stranger", is_staff=True)
    client = Client()
    client.force_login(stranger)
    assert client.get("/admin/core/auditentry/").status_code == 403


def test_a_reports_position_is_named_by_the_nearest_named_place_of_its_municipality(place: Place) -> None:
    report = place.report(place.north, local(2019, 11, 5, 12, 0))
    report.latitude, report.longitude = 56.7100, 12.8500
    report.save()
    url = f"/testkommun/est/{report.pk}/"
    Landmark.objects.create(
        municipality=place.municipality, name="Norra torget", latitude=56.7118, longitude=12.8500
    )
    page = place.client("reporter").get(url).content.decode()
    assert "nära Norra torget (ca 200 m): 56,71000, 12,85000" in page
    # Another municipality's place, right on the spot, is not used; a place of its own there is.
    other = make_place("annankommun")
    Landmark.objects.create(
        municipality=other.municipality, name="Annat torg", latitude=56.7100, longitude=12.8500
    )
    assert "Annat torg" not in place.client("reporter").get(url).content.decode()
    Landmark.objects.create(
        municipality=place.municipality, name="Skolan", latitude=56.7101, longitude=12.8500
    )
    assert "vid Skolan: 56,71000" in place.client("reporter").get(url).content.decode()
