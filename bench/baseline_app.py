"""The benchmark's baseline: the survey's request sequence without a framework.

A plain WSGI app answering the same URLs with the same form fields and performing the same
database writes as Tryggve (a draft, its answers per page, then the response, its answer rows
and the lägesbild's running sums in one transaction) with psycopg. It shows what the hardware
allows, so the benchmark can report Tryggve's throughput as a share of it.

Run under a WSGI server (`granian --interface wsgi bench.baseline_app:application`) with DATABASE_URL and
BENCH_SURVEY_ID set.
"""

import datetime
import html
import json
import os
import re
import secrets
import threading
import uuid
from collections.abc import Callable, Iterable
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import parse_qs

import psycopg

SURVEY_ID = int(os.environ.get("BENCH_SURVEY_ID", "0"))
PAGES = 5
PAGE = re.compile(r"^/halmstad/enkat/[\w-]+/steg/(\d+)/$")
local = threading.local()

Start = Callable[[str, list[tuple[str, str]]], Any]


def db() -> psycopg.Connection[Any]:
    if getattr(local, "connection", None) is None:
        local.connection = psycopg.connect(os.environ["DATABASE_URL"], autocommit=True)
        with local.connection.cursor() as cursor:
            cursor.execute(
                "SELECT q.code, q.id, q.kind FROM surveys_question q WHERE q.survey_id = %s", [SURVEY_ID]
            )
            local.questions = {code: (pk, kind) for code, pk, kind in cursor.fetchall()}
            cursor.execute(
                "SELECT q.code || '.' || i.code, i.id FROM surveys_item i JOIN surveys_question q "
                "ON q.id = i.question_id WHERE q.survey_id = %s",
                [SURVEY_ID],
            )
            local.items = dict(cursor.fetchall())
            cursor.execute(
                "SELECT q.code, q.weighting, o.code, o.population_label FROM surveys_option o JOIN "
                "surveys_question q ON q.id = o.question_id WHERE q.survey_id = %s AND q.weighting <> ''",
                [SURVEY_ID],
            )
            local.weighting = {
                (code, str(option)): (weighting, label) for code, weighting, option, label in cursor
            }
    return local.connection


def page_html(token: str, body: str) -> bytes:
    return (
        "<!doctype html><html lang='sv'><head><meta charset='utf-8'><title>Enkät</title></head><body>"
        f"<form method='post'><input type='hidden' name='csrfmiddlewaretoken' value='{token}'>{body}"
        "<button name='action' value='next'>Nästa</button></form></body></html>"
    ).encode()


def application(environ: dict[str, Any], start_response: Start) -> Iterable[bytes]:
    """Every response carries its length, so connections stay open between requests."""
    captured: dict[str, Any] = {}

    def start(status: str, headers: list[tuple[str, str]]) -> Any:
        captured["status"], captured["headers"] = status, headers

    body = b"".join(respond(environ, start))
    start_response(captured["status"], [*captured["headers"], ("Content-Length", str(len(body)))])
    return [body]


def respond(environ: dict[str, Any], start_response: Start) -> Iterable[bytes]:
    method = environ["REQUEST_METHOD"]
    path = environ["PATH_INFO"]
    cookies = SimpleCookie(environ.get("HTTP_COOKIE", ""))
    csrf = cookies["csrftoken"].value if "csrftoken" in cookies else secrets.token_urlsafe(24)
    draft = cookies["draft"].value if "draft" in cookies else ""
    form: dict[str, list[str]] = {}
    if method == "POST":
        length = int(environ.get("CONTENT_LENGTH") or 0)
        form = parse_qs(environ["wsgi.input"].read(length).decode())
        if form.get("csrfmiddlewaretoken", [""])[0] != csrf:
            start_response("403 Forbidden", [("Content-Type", "text/plain")])
            return [b"csrf"]
    base = path.split("/steg/")[0].removesuffix("tack/").rstrip("/") + "/"
    headers = [("Content-Type", "text/html; charset=utf-8"), ("Set-Cookie", f"csrftoken={csrf}; Path=/")]
    if path.endswith("/tack/"):
        start_response("200 OK", headers)
        return [page_html(csrf, "<h1>Tack</h1>")]
    match = PAGE.match(path)
    if match is None:  # the start page
        if method == "POST":
            token = secrets.token_urlsafe(24)
            db().execute(
                "INSERT INTO surveys_draft (token, survey_id, answers, invitation, preview, expires, "
                "submitted) VALUES (%s, %s, '{}', '', false, now() + interval '48 hours', false)",
                [token, SURVEY_ID],
            )
            headers += [("Location", base + "steg/1/"), ("Set-Cookie", f"draft={token}; Path=/; HttpOnly")]
            start_response("302 Found", headers)
            return [b""]
        start_response("200 OK", headers)
        return [page_html(csrf, "<h1>Trygghetsmätning</h1>")]
    number = int(match.group(1))
    if method == "GET":
        start_response("200 OK", headers)
        return [page_html(csrf, f"<h1>Steg {number} av {PAGES}</h1>")]
    answers = {key: values for key, values in form.items() if key not in ("csrfmiddlewaretoken", "action")}
    connection = db()
    with connection.transaction():
        row = connection.execute(
            "SELECT answers FROM surveys_draft WHERE token = %s AND submitted = false FOR UPDATE", [draft]
        ).fetchone()
        if row is None:
            headers.append(("Location", base + "tack/"))
            start_response("302 Found", headers)
            return [b""]
        merged = {**row[0], **answers}
        if number < PAGES:
            connection.execute(
                "UPDATE surveys_draft SET answers = %s WHERE token = %s", [json.dumps(merged), draft]
            )
            headers.append(("Location", base + f"steg/{number + 1}/"))
        else:
            save_response(connection, merged)
            connection.execute(
                "UPDATE surveys_draft SET answers = '{}', submitted = true WHERE token = %s", [draft]
            )
            headers.append(("Location", base + "tack/"))
    start_response("302 Found", headers)
    return [b""]


def key_of_row() -> int:
    """A random primary key, as tryggve.core.keys.random_key gives answers and running sums: their
    order of insertion must not show in their ids."""
    return secrets.randbelow(2**63 - 1) + 1


def save_response(connection: psycopg.Connection[Any], answers: dict[str, list[str]]) -> None:
    """The response with its weighting cell, its answer rows, and the lägesbild's running sums
    for that cell (one respondent, and one per answer value), as Tryggve writes them."""
    cell: dict[str, Any] = {"area": None, "sex": "", "age_band": ""}
    for name, values in answers.items():
        weighting, label = local.weighting.get((name, values[0]), ("", ""))
        if weighting:
            cell[weighting] = label
        elif local.questions.get(name, (0, ""))[1] == "area":
            cell["area"] = int(values[0])
    response = uuid.uuid4()
    connection.execute(
        "INSERT INTO surveys_response (id, survey_id, received_on, channel, area_id, sex, age_band, "
        "quarantined, quarantine_reason) VALUES (%s, %s, %s, 'web', %s, %s, %s, false, '')",
        [response, SURVEY_ID, datetime.date.today(), cell["area"], cell["sex"], cell["age_band"]],
    )
    key = (cell["area"] or 0, cell["sex"], cell["age_band"])
    rows: list[tuple[Any, ...]] = []
    tallies: list[tuple[Any, ...]] = []
    for name, values in answers.items():
        if name in local.items:
            question, _kind = local.questions[name.split(".")[0]]
            rows += [
                (key_of_row(), response, question, local.items[name], int(value), "") for value in values
            ]
            tallies += [(question, name.split(".")[1], *key, int(value)) for value in values]
        elif name in local.questions:
            question, kind = local.questions[name]
            for value in values:
                if kind == "text":
                    rows.append((key_of_row(), response, question, None, None, html.escape(value)))
                elif value:
                    rows.append((key_of_row(), response, question, None, int(value), ""))
                    tallies.append((question, "", *key, int(value)))
    with connection.cursor() as cursor:
        cursor.executemany(
            "INSERT INTO surveys_answer (id, response_id, question_id, item_id, value, text, text_approved) "
            "VALUES (%s, %s, %s, %s, %s, %s, false)",
            rows,
        )
        cursor.execute(
            "INSERT INTO situation_cellcount (id, survey_id, area_key, sex, age_band, respondents) "
            "VALUES (%s, %s, %s, %s, %s, 1) ON CONFLICT (survey_id, area_key, sex, age_band) "
            "DO UPDATE SET respondents = situation_cellcount.respondents + 1",
            [key_of_row(), SURVEY_ID, *key],
        )
        cursor.executemany(
            "INSERT INTO situation_tally (id, survey_id, question_id, item, area_key, sex, age_band, "
            "value, count) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, 1) "
            "ON CONFLICT (survey_id, question_id, item, area_key, sex, age_band, value) "
            "DO UPDATE SET count = situation_tally.count + 1",
            [(key_of_row(), SURVEY_ID, *tally) for tally in sorted(tallies)],
        )
