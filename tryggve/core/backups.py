"""Backups of the whole database: SQLite's online backup, or PostgreSQL's pg_dump/pg_restore.

Both copy a running database consistently (SQLite page by page under its own locking, pg_dump
in one snapshot), so the site can stay up during a nightly backup.

Residents' survey drafts (unsent answers, and the marks of sent ones) are left out: a backup is
kept for weeks, a draft for two days at most. A restored site has no drafts; a resident who was
answering starts again.

So are the e-mail addresses residents left for a place report's status (inputs'
`StatusSubscription`): kept at most 90 days and never by staff, they are not copied into a backup
kept for weeks. A restored site e-mails no one about the reports sent before.
"""

import os
import sqlite3
import subprocess
from pathlib import Path
from typing import Any

from django.db import connection
from django.utils.translation import gettext as _

LEFT_OUT = ["surveys_draft", "inputs_statussubscription"]


class BackupError(Exception):
    pass


def _postgres_environment(settings: dict[str, Any]) -> dict[str, str]:
    environment = dict(os.environ)
    for key, variable in (
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
    ):
        if settings.get(key):
            environment[variable] = str(settings[key])
    return environment


def _run(command: list[str], environment: dict[str, str]) -> None:
    try:
        # The programs are fixed; only the file name comes from the administrator running the command.
        done = subprocess.run(command, env=environment, capture_output=True, text=True, check=False)  # noqa: S603
    except FileNotFoundError as error:
        raise BackupError(_("%(program)s is not installed.") % {"program": command[0]}) from error
    if done.returncode != 0:
        raise BackupError(done.stderr.strip() or _("%(program)s failed.") % {"program": command[0]})


def backup(destination: Path) -> None:
    """Write a copy of the whole database to `destination`."""
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        target = sqlite3.connect(destination)
        try:
            connection.connection.backup(target)
            target.execute("PRAGMA secure_delete = ON")
            for table in LEFT_OUT:
                target.execute(f"DELETE FROM {table}")  # noqa: S608 (our own table names)
            target.commit()
            target.execute("VACUUM")
        finally:
            target.close()
    elif connection.vendor == "postgresql":
        settings = connection.settings_dict
        _run(
            [
                "pg_dump",
                "--format=custom",
                "--no-owner",
                *(f"--exclude-table-data={table}" for table in LEFT_OUT),
                f"--file={destination}",
                settings["NAME"],
            ],
            _postgres_environment(settings),
        )
    else:
        raise BackupError(_("Backups support SQLite and PostgreSQL."))


def restore(source: Path, database: str | None = None) -> None:
    """Replace the contents of the database (or another PostgreSQL database) with a backup."""
    if not source.is_file():
        raise BackupError(_("No backup file at %(path)s.") % {"path": source})
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        origin = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            origin.execute("PRAGMA schema_version")
        except sqlite3.DatabaseError as error:
            origin.close()
            raise BackupError(_("%(path)s is not an SQLite backup.") % {"path": source}) from error
        try:
            origin.backup(connection.connection)
        finally:
            origin.close()
    elif connection.vendor == "postgresql":
        settings = connection.settings_dict
        _run(
            ["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction",
             f"--dbname={database or settings['NAME']}", str(source)],
            _postgres_environment(settings),
        )  # fmt: skip
    else:
        raise BackupError(_("Backups support SQLite and PostgreSQL."))
