"""Random and tampered input to every form and every importer: no server error, no partial write.

The forms are found on the pages themselves (every `<form method="post">` with its fields and
choices), so a form added to one of these pages is fuzzed without a change here. The survey's
own pages and its response import have their own, deeper tests in
`surveys/tests/test_hostile_input.py`. TRYGGVE_FUZZ_EXAMPLES (default 100) sets how many random
form posts a run makes; raise it for a deeper search.
"""

import io
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.models import Model
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tryggve.core.models import Population
from tryggve.followup.models import SafetyWalk
from tryggve.inputs.models import Incident, PoliceEvent

pytestmark = pytest.mark.django_db
SURVEY = "/halmstad/enkat/trygghetsmatning-2019/personal"
# Who fills in which page's forms; None is a resident.
PAGES = [
    (None, "/konto/logga-in/"),
    (None, "/konto/losenord/"),
    ("kommunpolis", "/halmstad/est/ny/"),
    ("kommunpolis", "/halmstad/est/importera/"),
    ("kommunpolis", "/halmstad/est/vecka/2019-45/"),
    ("kommunpolis", "/halmstad/est/kvartal/2019-4/"),
    ("kommunpolis", "/halmstad/dialoger/ny/"),
    ("kommunpolis", "/halmstad/uppfoljning/logga/"),
    ("kommunpolis", "/halmstad/uppfoljning/vandringar/ny/"),
    ("kommunpolis", "walk"),
    ("kommunpolis", f"{SURVEY}/koder/"),
    ("kommunpolis", f"{SURVEY}/import/"),
    ("kommunpolis", "/halmstad/medborgarloften/personal/"),
    ("samordnare.halmstad", "/halmstad/medborgarloften/personal/ny/"),
    ("samordnare.halmstad", "/halmstad/lagesbild/2019/personal/"),
]
# Tables a rejected form may still write: the audit log of the page view, sessions, lockouts.
BOOKKEEPING = ("core_auditentry", "django_session", "axes_accessattempt", "surveys_draft")


class Forms(HTMLParser):
    """The page's POST forms: action, field names, and the values offered for each field."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict[str, Any]] = []
        self.select: str | None = None

    def handle_starttag(self, tag: str, attributes: list[tuple[str, str | None]]) -> None:
        found = {key: value or "" for key, value in attributes}
        if tag == "form":
            if found.get("method", "").lower() == "post":
                self.forms.append({"action": found.get("action", ""), "fields": {}, "files": []})
            return
        if not self.forms or not found.get("name") or found["name"] == "csrfmiddlewaretoken":
            return
        fields: dict[str, list[str]] = self.forms[-1]["fields"]
        name = found["name"]
        if tag == "input" and found.get("type") == "file":
            self.forms[-1]["files"].append(name)
        elif tag in ("input", "textarea", "button"):
            fields.setdefault(name, []).append(found.get("value", ""))
        elif tag == "select":
            self.select = name
            fields.setdefault(name, [])
        if tag == "option" and self.select:
            fields[self.select].append(found.get("value", ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self.select = None


@contextmanager
def writes() -> Iterator[list[str]]:
    """The SQL statements that change data while the block runs, bookkeeping left out."""
    seen: list[str] = []

    def watch(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        statement = sql.lstrip().upper()
        if statement.startswith(("INSERT", "UPDATE", "DELETE")) and not any(t in sql for t in BOOKKEEPING):
            seen.append(sql[:200])
        return execute(sql, params, many, context)

    with connection.execute_wrapper(watch):
        yield seen


def counts(*models: type[Model]) -> list[int]:
    return [model._default_manager.count() for model in models]


@pytest.fixture
def forms(demo: None) -> list[tuple[str | None, str, dict[str, Any]]]:
    walk = SafetyWalk.objects.filter(municipality__slug="halmstad").order_by("pk").first()
    assert walk is not None
    found = []
    for username, path in PAGES:
        page = f"/halmstad/uppfoljning/vandringar/{walk.pk}/" if path == "walk" else path
        response = client_for(username).get(page)
        assert response.status_code == 200, page
        parser = Forms()
        parser.feed(response.content.decode())
        found += [(username, form["action"] or page, form) for form in parser.forms]
    assert len(found) >= len(PAGES)
    return found


def client_for(username: str | None) -> Client:
    client = Client()
    if username:
        client.force_login(User.objects.get(username=username))
    return client


ODD = st.one_of(
    st.text(max_size=30),
    st.integers(min_value=-(10**15), max_value=10**15).map(str),
    st.sampled_from(["", "0", "-1", "1e309", "NaN", "2019-13-45", "9999-12-31T25:61", "\x00", "=1+1", "<b>"]),
    st.text(min_size=5000, max_size=5100),
)


@settings(
    max_examples=int(os.environ.get("TRYGGVE_FUZZ_EXAMPLES", "100")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_every_form_refuses_random_input_cleanly(
    forms: list[tuple[str | None, str, dict[str, Any]]], data: st.DataObject
) -> None:
    username, action, form = data.draw(st.sampled_from(forms))
    fields: dict[str, list[str]] = form["fields"]
    post: dict[str, Any] = {}
    for name in data.draw(st.lists(st.sampled_from(sorted(fields)), unique=True) if fields else st.just([])):
        offered = [value for value in fields[name] if value]
        values = st.sampled_from(offered) | ODD if offered else ODD
        post[name] = data.draw(st.lists(values, min_size=1, max_size=2))
    post[data.draw(st.text(min_size=1, max_size=8))] = data.draw(ODD)  # a field nobody asked for
    for name in form["files"]:
        content = data.draw(st.binary(max_size=300) | st.text(max_size=300).map(str.encode))
        post[name] = SimpleUploadedFile("fil.csv", content)
    client = client_for(username)
    with writes() as written:
        response = client.post(action, post)
    assert response.status_code in (200, 302, 400, 403, 404, 405, 429), (action, response.status_code)
    if response.status_code != 302:
        # Refused: the page says why, and nothing was written, not even in part.
        assert written == [], action


def run_import(command: str, *args: str, text: str, path: Path) -> None:
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    before = counts(Incident, Population, PoliceEvent)
    try:
        call_command(command, *args, str(path), stdout=io.StringIO(), stderr=io.StringIO())
    except CommandError:
        assert counts(Incident, Population, PoliceEvent) == before, command  # a refused file changes nothing


CELL = st.one_of(
    st.sampled_from(["", "Vallås", "Andersberg", "graffiti", "kvinna", "16-24", "2019-11-05 21:30", "56.67"]),
    st.sampled_from(["12.85", "-1", "1e9", '=HYPERLINK("x")', "\x00", "Ö"]),
    st.text(max_size=12),
)
LINES = st.lists(st.lists(CELL, max_size=9), max_size=5)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    incidents=LINES,
    population=LINES,
    events=st.lists(
        st.dictionaries(
            st.sampled_from(["id", "datetime", "name", "summary", "url", "type", "location", "x"]),
            st.none() | st.integers() | st.text(max_size=20) | st.dictionaries(st.text(max_size=5), CELL),
            max_size=8,
        ),
        max_size=4,
    )
    | st.text(max_size=40),
)
def test_every_importer_takes_all_or_nothing(
    demo: None, tmp_path: Path, incidents: list[list[str]], population: list[list[str]], events: Any
) -> None:
    header = "id,category,happened_at,area,latitude,longitude,address,description"
    text = "\n".join([header, *(",".join(line) for line in incidents)])
    run_import("import_incidents", "halmstad", "hfab", text=text, path=tmp_path / "rapporter.csv")
    text = "\n".join(["area,sex,age_band,population", *(",".join(line) for line in population)])
    run_import("import_population", "halmstad", "2024", text=text, path=tmp_path / "befolkning.csv")
    feed = events if isinstance(events, str) else json.dumps(events)
    run_import("import_police_events", text=feed, path=tmp_path / "handelser.json")
