"""Hostile input to every /api/v1/ operation, generated from its OpenAPI schema (schemathesis).

Residents and a logged-in police analyst send generated path parameters and query strings; no
answer is a server error, and every answer matches the schema (status, content type, body).
The same run, with more examples, is `api_fuzz_server_errors` in `make bench` (bench/api_fuzz.py).
"""

from django.contrib.auth.models import User
from django.test import Client

from bench.api_fuzz import fuzz


def test_generated_requests_get_no_server_error_and_match_the_schema(demo: None) -> None:
    client = Client()
    client.force_login(User.objects.get(username="kommunpolis"))
    found = fuzz({key: morsel.value for key, morsel in client.cookies.items()}, examples=12)
    assert found.requests > 200
    assert found.server_errors == []
    assert found.nonconforming == []
