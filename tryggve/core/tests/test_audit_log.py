"""Staff changes go to the audit log; administrators filter and export it; nobody can alter it."""

import csv
import io

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, connection, transaction
from django.test import Client

from tryggve.core.models import Area, AuditEntry, Membership, Municipality, Organisation

pytestmark = pytest.mark.django_db
ROLES = [role for role, _label in Membership.Role.choices]


@pytest.fixture
def place(db: None) -> Municipality:
    return Municipality.objects.create(name="Testby", slug="testby", code="9999")


@pytest.fixture
def organisation(place: Municipality) -> Organisation:
    organisation = Organisation.objects.create(name="Testby kommun", slug="testby", kind="kommun")
    organisation.municipalities.add(place)
    return organisation


def staff(organisation: Organisation, place: Municipality, role: str) -> User:
    user = User.objects.create_user(f"test.{role}", is_staff=True)
    Membership.objects.create(user=user, organisation=organisation, municipality=place, role=role)
    return user


def test_changes_in_the_admin_are_logged(
    client: Client, place: Municipality, organisation: Organisation
) -> None:
    admin = staff(organisation, place, "admin")
    client.force_login(admin)
    added = client.post(
        "/admin/core/area/add/",
        {"municipality": place.pk, "name": "Centrum", "slug": "centrum", "kind": "district", "geometry": ""},
    )
    assert added.status_code == 302, added.content.decode()[:3000]
    area = Area.objects.get(slug="centrum")
    client.post(f"/admin/core/area/{area.pk}/delete/", {"post": "yes"})
    entries = AuditEntry.objects.filter(user=admin).order_by("pk")
    assert [(e.action, e.municipality) for e in entries if e.action != "login"] == [
        ("created", place),
        ("deleted", None),
    ]
    assert entries.filter(action="deleted", what__contains="Centrum").exists()


def test_administrators_filter_and_export_the_log(
    client: Client, place: Municipality, organisation: Organisation
) -> None:
    admin = staff(organisation, place, "admin")
    analyst = staff(organisation, place, "analyst")
    stranger = User.objects.create_user("annan.kommun")
    for user, action in ((analyst, "login"), (analyst, "view"), (stranger, "login")):
        AuditEntry.objects.create(
            user=user,
            username=user.username,
            action=action,
            what="x",
            path="/",
            municipality=place if action == "view" else None,
        )
    client.force_login(admin)
    listed = client.get("/admin/core/auditentry/?action__exact=login").content.decode()
    assert "Ladda ner den filtrerade listan för program (CSV)" in listed
    export = client.get("/admin/core/auditentry/export/?action__exact=login")
    assert export["Content-Disposition"].startswith('attachment; filename="audit-')
    rows = list(csv.DictReader(io.StringIO(export.content.decode())))
    # Logins of staff who work in the administrator's municipality; not of others.
    assert {(row["username"], row["action"]) for row in rows} >= {("test.analyst", "login")}
    assert "annan.kommun" not in {row["username"] for row in rows}
    assert {row["action"] for row in rows} == {"login"}
    assert listed.index("/admin/core/auditentry/export-excel/") < listed.index(
        "/admin/core/auditentry/export/"
    )
    excel = client.get("/admin/core/auditentry/export-excel/?action__exact=login")
    assert excel["Content-Disposition"].endswith('-excel.csv"')
    lines = list(csv.reader(io.StringIO(excel.getvalue().decode("utf-8-sig")), delimiter=";"))
    assert lines[0] == ["Tid", "Användarnamn", "Händelse", "Vad", "Rader", "Kommun", "Adress"]
    assert {line[1] for line in lines[1:]} == {row["username"] for row in rows}
    # Local time as Excel reads a date and time, and the action in words.
    assert all(len(line[0]) == 19 and line[0][10] == " " for line in lines[1:])
    assert {line[2] for line in lines[1:]} == {"Loggade in"}
    assert AuditEntry.objects.filter(user=admin, action="export", rows=len(rows)).exists()


def test_actions_keep_their_stored_values_and_read_in_swedish(
    client: Client, place: Municipality, organisation: Organisation
) -> None:
    """The named actions store the strings entries always had, so earlier entries keep their
    meaning; the list shows them in Swedish, the export as stored."""
    assert set(AuditEntry.Action.values) == {
        "view", "api", "redact", "import", "export", "created", "changed", "deleted", "retention",
        "login", "login_failed", "locked_out", "logout", "2fa_failed", "2fa_on", "2fa_off",
    }  # fmt: skip
    AuditEntry.objects.create(username="someone", action="view", what="x", path="/", municipality=place)
    client.force_login(staff(organisation, place, "admin"))
    listed = client.get("/admin/core/auditentry/?action__exact=view").content.decode()
    assert "Visade rådata" in listed
    export = client.get("/admin/core/auditentry/export/?action__exact=view")
    assert [row["action"] for row in csv.DictReader(io.StringIO(export.content.decode()))] == ["view"]


@pytest.mark.parametrize("role", [*ROLES, "superuser"])
def test_no_staff_role_can_alter_the_log(
    client: Client, place: Municipality, organisation: Organisation, role: str
) -> None:
    if role == "superuser":
        user = User.objects.create_superuser("it.chef")
    else:
        user = staff(organisation, place, role)
    entry = AuditEntry.objects.create(
        username="someone", action="view", what="x", path="/", municipality=place
    )
    client.force_login(user)
    attempts = [
        (f"/admin/core/auditentry/{entry.pk}/change/", {"what": "nothing happened"}),
        (f"/admin/core/auditentry/{entry.pk}/delete/", {"post": "yes"}),
        ("/admin/core/auditentry/add/", {"what": "x"}),
    ]
    for url, data in attempts:
        # Refused (403), or sent to the admin's login when the role has no admin at all.
        assert client.post(url, data).status_code in (403, 302)
    entry.refresh_from_db()
    assert entry.what == "x"
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_the_database_refuses_changes_to_entries(place: Municipality) -> None:
    entry = AuditEntry.objects.create(
        username="someone", action="view", what="x", path="/", municipality=place
    )
    entry.what = "nothing happened"
    with pytest.raises(PermissionDenied):
        entry.save()
    with pytest.raises(PermissionDenied):
        entry.delete()
    # Even SQL past the application is refused.
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditentry SET what = 'nothing happened' WHERE id = %s", [entry.pk])
    assert AuditEntry.objects.get(pk=entry.pk).what == "x"
    # Removing a staff account keeps its entries, under the name they had.
    user = User.objects.create_user("gone")
    AuditEntry.objects.create(user=user, username="gone", action="login", what="x", path="/")
    user.delete()
    assert AuditEntry.objects.filter(username="gone", user=None).exists()
