"""Hostile input to the JSON API: schemathesis makes requests from /api/v1/'s own OpenAPI schema.

Every operation gets generated path parameters and query strings (valid, edge and nonsense
values), as a resident without a session and as a logged-in staff member; each response must
not be a server error and must match the schema (status code, content type, body). Run by
tryggve/tests/test_api_fuzz.py and by `make bench`, which prints `api_fuzz_server_errors: N`
and `api_fuzz_requests: N`.
"""

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


@dataclass
class Findings:
    requests: int = 0
    server_errors: list[str] = field(default_factory=list)
    nonconforming: list[str] = field(default_factory=list)


def fuzz(cookies: dict[str, str], examples: int = 25) -> Findings:
    """Run every API operation with generated input; Django must be set up with data to query."""
    import schemathesis
    from django.core.signals import request_finished, request_started
    from django.core.wsgi import get_wsgi_application
    from django.db import close_old_connections

    found = Findings()
    # As Django's test client does: the caller's database connection stays open between requests.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        # Django's own WSGI handler, not tryggve.wsgi: that one also tunes the garbage collector
        # for a server worker, which the test process calling this must not get.
        schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
        for result in schema.get_all_operations():
            _fuzz_operation(result.ok(), cookies, examples, found)  # type: ignore[union-attr]
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    return found


def _fuzz_operation(operation: Any, cookies: dict[str, str], examples: int, found: Findings) -> None:
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st
    from schemathesis.core.failures import FailureGroup

    # Half the cases ask about a municipality that exists, so the query strings reach the code.
    cases = st.tuples(operation.as_strategy(), st.booleans()).map(_in_halmstad)

    @given(case=cases)
    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    def check(case: Any) -> None:
        cookie = "; ".join(f"{key}={value}" for key, value in cookies.items())
        for session in ({}, {"Cookie": cookie}):
            # Identity: the WSGI test client would not undo the site's gzip.
            response = case.call(headers={"Host": "127.0.0.1", "Accept-Encoding": "identity", **session})
            found.requests += 1
            who = "staff" if session else "resident"
            where = f"{case.method} {case.formatted_path}?{case.query or ''} ({who})"
            if response.status_code >= 500:
                found.server_errors.append(f"{where}: {response.status_code}")
            try:
                case.validate_response(response)
            except (FailureGroup, AssertionError) as failure:
                found.nonconforming.append(f"{where}: {str(failure)[:300]}")

    check()


def _in_halmstad(generated: tuple[Any, bool]) -> Any:
    case, known = generated
    if known and case.path_parameters and "slug" in case.path_parameters:
        case.path_parameters["slug"] = "halmstad"
    return case


def main() -> None:
    import logging

    from bench.sqlite_django import set_up

    set_up(prefix="tryggve-api-fuzz-")
    logging.disable(logging.WARNING)  # not a line per 404
    import io

    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.test import Client

    call_command("migrate", verbosity=0)
    call_command("load_demo", responses=0.1, stdout=io.StringIO())
    client = Client()
    client.force_login(User.objects.get(username="kommunpolis"))
    found = fuzz({key: morsel.value for key, morsel in client.cookies.items()}, examples=100)
    print(f"api_fuzz_requests: {found.requests}")
    print(f"api_fuzz_server_errors: {len(found.server_errors)}")
    print(f"api_fuzz_nonconforming: {len(found.nonconforming)}")
    for line in (found.server_errors + found.nonconforming)[:10]:
        print(line, file=sys.stderr)


if __name__ == "__main__":
    main()
