"""SIGKILL the production-style server mid-load: every acknowledged submission is stored once.

The scenario is bench/durability.py (also run by `make bench`), here against the test database.
"""

import pytest
from django.db import connection

from bench import durability

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_killed_server_loses_and_doubles_nothing_it_acknowledged() -> None:
    if connection.vendor != "postgresql":
        pytest.skip(
            "PostgreSQL only: the SIGKILL test runs gunicorn's worker processes against a database "
            "server, as production does; SQLite is the embedded single-user default"
        )
    database = connection.settings_dict
    url = (
        f"postgres://{database['USER']}:{database['PASSWORD']}@{database['HOST'] or '127.0.0.1'}:"
        f"{database['PORT'] or 5432}/{database['NAME']}"
    )
    result = durability.run(url)
    assert result["errors"] == 0, result["error_examples"]
    # The kill came mid-load: some were acknowledged before it, and clients had to send again.
    assert 0 < result["acknowledged_before_kill"] < result["acknowledged"]
    assert result["retries"] > 0
    assert result["acknowledged"] == durability.CLIENTS * durability.ROUNDS * 2
    assert (result["lost"], result["duplicated"], result["half_written"]) == (0, 0, 0)
