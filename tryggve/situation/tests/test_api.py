"""The adopted lägesbild as open data: the same hidden values as the public page."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

BASE = "/api/v1/municipalities/halmstad/situations"


def test_adopted_lägesbilder_are_open_data_without_hidden_values(client: Client, demo: None) -> None:
    listed = client.get(BASE).json()
    assert [(s["year"], s["version"]) for s in listed] == [(2019, 1), (2018, 1)]
    found = client.get(f"{BASE}/2019").json()
    assert found["adopted_on"] == "2019-12-10"
    unsafe = next(i for i in found["figures"]["indicators"] if i["code"] == "unsafe_alone_evening")
    hidden = [row for row in unsafe["rows"] if row["suppressed"]]
    assert hidden and all(row["estimate"] is None and row["n"] is None for row in hidden)
    shown = [row for row in unsafe["rows"] if not row["suppressed"]]
    assert all(0 <= row["estimate"] <= 1 for row in shown)
    assert client.get(f"{BASE}/2017").status_code == 404
    assert client.get(f"{BASE}/2019?version=7").status_code == 404
    assert client.get("/api/v1/municipalities/nowhere/situations").status_code == 404
