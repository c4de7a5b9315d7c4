"""backup and restore: every row comes back, on SQLite and on PostgreSQL."""

import sqlite3
import uuid
from pathlib import Path

import psycopg
import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import connection

from tryggve.core.models import Municipality
from tryggve.inputs.models import Incident

pytestmark = pytest.mark.django_db(transaction=True)


def row_counts() -> dict[str, int]:
    return {model._meta.db_table: model._default_manager.count() for model in apps.get_models()}


def counts_in(cursor: sqlite3.Cursor | psycopg.Cursor, tables: list[str]) -> dict[str, int]:
    found = {}
    for table in tables:
        cursor.execute(f'SELECT COUNT(*) FROM "{table}"')  # noqa: S608 (table names from the models)
        found[table] = cursor.fetchone()[0]  # type: ignore[index]
    return found


def test_sqlite_backup_holds_every_row_and_restore_brings_them_back(fresh_demo: None, tmp_path: Path) -> None:
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite online backup; PostgreSQL is tested with pg_dump below")
    before = row_counts()
    assert before["inputs_incident"] > 100
    path = tmp_path / "tryggve.sqlite3"
    call_command("backup", str(path))
    copy = sqlite3.connect(path)
    assert counts_in(copy.cursor(), list(before)) == before  # an empty database, restored from the file
    copy.close()
    Incident.objects.all().delete()
    call_command("restore", str(path), yes=True)
    assert row_counts() == before
    with pytest.raises(CommandError, match="finns redan"):
        call_command("backup", str(path))


def test_postgres_backup_restores_every_row_into_an_empty_database(fresh_demo: None, tmp_path: Path) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("pg_dump and pg_restore need PostgreSQL; SQLite is tested above")
    before = row_counts()
    path = tmp_path / "tryggve.dump"
    call_command("backup", str(path))
    settings = connection.settings_dict
    empty = f"tryggve_restore_{uuid.uuid4().hex[:8]}"
    params = {
        "host": settings["HOST"],
        "port": settings["PORT"],
        "user": settings["USER"],
        "password": settings["PASSWORD"],
    }
    with psycopg.connect(dbname=settings["NAME"], autocommit=True, **params) as admin:
        admin.execute(f'CREATE DATABASE "{empty}"')
    try:
        from tryggve.core.backups import restore

        restore(path, database=empty)
        with psycopg.connect(dbname=empty, **params) as restored:
            assert counts_in(restored.cursor(), list(before)) == before
    finally:
        with psycopg.connect(dbname=settings["NAME"], autocommit=True, **params) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{empty}"')


def test_a_file_that_is_not_a_backup_changes_nothing(tmp_path: Path) -> None:
    Municipality.objects.create(name="Ort", official_name="Orts kommun", slug="ort")
    before = row_counts()
    path = tmp_path / "not-a-backup"
    path.write_bytes(b"hello")
    with pytest.raises(CommandError):
        call_command("restore", str(path), yes=True)
    with pytest.raises(CommandError, match="Ingen säkerhetskopia"):
        call_command("restore", str(tmp_path / "missing"), yes=True)
    assert row_counts() == before
