"""Durability under faults: kill the production-style server with SIGKILL mid-load, restart it, count.

Concurrent clients on loopback send complete surveys (as residents) and EST incident reports (as
a logged-in reporter) to gunicorn in front of PostgreSQL. Partway through, the server and its
workers get SIGKILL and are started again. Each client keeps retrying the request it was
sending, with the same draft or the same filled-in form, as anyone on a bad network would.
Afterwards every acknowledged submission must be stored exactly once, and no survey response may
be half-written.

Prints `durability_acknowledged` (and how many before the kill), `durability_retries`,
`durability_lost`, `durability_duplicated`, `durability_half_written` and `durability_errors`.
Without DATABASE_URL it starts its own throwaway PostgreSQL cluster (bench/postgres.py).
tryggve/tests/test_durability.py runs the same scenario against the test database.
"""

import contextlib
import http.client
import os
import re
import secrets
import signal
import socket
import string
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.postgres import free_port, throwaway_cluster  # noqa: E402
from bench.survey_submit import answers, manage_shell  # noqa: E402

CLIENTS = int(os.environ.get("BENCH_DURABILITY_CLIENTS", "8"))
ROUNDS = int(os.environ.get("BENCH_DURABILITY_ROUNDS", "4"))  # each: one survey, one report
# The server is killed once this share of all submissions has been acknowledged.
KILL_AFTER = 0.3
DEADLINE_SECONDS = 120
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
SUBMISSION = re.compile(r'name="pin-1-submission" value="([^"]+)"')

SETUP = """
import datetime, json
from django.contrib.auth.models import User
from django.core.management import call_command
from tryggve.core.models import Area, Membership, Municipality, Organisation
from tryggve.inputs.models import Category
from tryggve.surveys.definition import build_survey
from tryggve.surveys.standard_questions import TEMPLATE
call_command('migrate', verbosity=0)
call_command('load_demo', responses=0, stdout=open('/dev/null', 'w'))
halmstad = Municipality.objects.get(slug='halmstad')
today = datetime.date.today()
survey = build_survey(TEMPLATE, municipality=halmstad, year=today.year, slug='uthallighet',
    opens=today - datetime.timedelta(days=1), closes=today + datetime.timedelta(days=1))
user = User.objects.create_user('uthallighet.rapportor', password=PASSWORD)
Membership.objects.create(user=user, organisation=Organisation.objects.get(slug='halmstads-kommun'),
    municipality=halmstad, role='analyst')
print(json.dumps({'survey': survey.pk, 'area': Area.objects.get(slug='vallas').pk,
    'category': Category.objects.filter(municipality=halmstad, active=True).first().pk}))
"""

COUNT = """
import json
from django.db.models import Count
from tryggve.inputs.models import Incident
from tryggve.surveys.models import Answer, Response
texts = Answer.objects.filter(response__survey_id=SURVEY, question__code='safer_text')
answers = Response.objects.filter(survey_id=SURVEY).annotate(n=Count('answers')).values_list('n', flat=True)
print(json.dumps({
    'stored': {row['text']: row['n'] for row in texts.values('text').annotate(n=Count('id'))}
        | {row['description']: row['n'] for row in Incident.objects.filter(description__startswith='uthallig')
           .values('description').annotate(n=Count('id'))},
    'answers_per_response': sorted(set(answers)),
}))
"""


def server_environment(database_url: str) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
        "DJANGO_DEBUG": "false",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_LOG_LEVEL": "ERROR",
        "TRYGGVE_LOCAL_DIR": tempfile.mkdtemp(prefix="tryggve-durability-"),
        # Loopback load comes from one address: raise the per-client limits (never anonymity).
        "TRYGGVE_SURVEY_SUBMISSIONS_PER_HOUR": "100000000",
        "TRYGGVE_SURVEY_IDENTICAL_PER_HOUR": "100000000",
    }


class Browser:
    """One person's cookies; every request is retried until the server answers (it may be down)."""

    def __init__(self, port: int, deadline: float, tally: "Tally") -> None:
        self.port = port
        self.deadline = deadline
        self.tally = tally
        self.cookies: dict[str, str] = {}

    def send(self, method: str, path: str, fields: Any = None) -> tuple[int, str, str]:
        while True:
            try:
                return self._once(method, path, fields)
            except (OSError, http.client.HTTPException):
                if time.monotonic() > self.deadline:
                    raise
                with self.tally.lock:
                    self.tally.retries += 1
                time.sleep(0.1)

    def _once(self, method: str, path: str, fields: Any) -> tuple[int, str, str]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=15)
        try:
            headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
            body = None
            if fields is not None:
                body = urlencode(fields, doseq=True)
                headers["Content-Type"] = "application/x-www-form-urlencoded"
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            content = response.read().decode()
            for cookie in response.headers.get_all("Set-Cookie") or []:
                name, _, rest = cookie.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
            return response.status, response.getheader("Location", ""), content
        finally:
            connection.close()

    def form_token(self, path: str) -> tuple[str, str]:
        status, _location, content = self.send("GET", path)
        if status != 200:
            raise RuntimeError(f"GET {path}: {status}")
        found = TOKEN.search(content)
        return (found.group(1) if found else ""), content


@dataclass
class Tally:
    acknowledged: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    retries: int = 0  # requests sent again because the server was down
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, marker: str | None, error: str | None = None) -> None:
        with self.lock:
            if marker:
                self.acknowledged.append(marker)
            if error:
                self.errors.append(error)


def marker() -> str:
    """Letters only, so the scrubbing of free text leaves it as it is."""
    return "uthallig" + "".join(secrets.choice(string.ascii_lowercase) for _ in range(12))


def send_survey(port: int, deadline: float, tally: Tally, area: int) -> str | None:
    resident = Browser(port, deadline, tally)
    start = "/halmstad/enkat/uthallighet/"
    token, _ = resident.form_token(start)
    resident.send("POST", start, {"csrfmiddlewaretoken": token})
    mine = marker()
    status, location = 0, ""
    for number, fields in enumerate(answers(area), start=1):
        page = f"{start}steg/{number}/"
        token, _ = resident.form_token(page)
        filled = [(name, mine if name == "safer_text" else value) for name, value in fields]
        status, location, _ = resident.send("POST", page, [("csrfmiddlewaretoken", token), *filled])
        if status != 302:
            raise RuntimeError(f"POST {page}: {status}")
    return mine if location.endswith("/tack/") else None


def send_report(reporter: Browser, category: int, area: int) -> str | None:
    form = "/halmstad/est/ny/"
    token, content = reporter.form_token(form)
    submission = SUBMISSION.search(content)
    if submission is None:
        raise RuntimeError("the report form has no submission id")
    mine = marker()
    fields = {
        "csrfmiddlewaretoken": token,
        "pin-1-category": category,
        "pin-1-happened_at": time.strftime("%Y-%m-%dT%H:%M", time.localtime(time.time() - 3600)),
        "pin-1-area": area,
        "pin-1-address": "Vallåsskolan",
        "pin-1-description": mine,
        "pin-1-submission": submission.group(1),
    }
    status, location, _ = reporter.send("POST", form, fields)
    return mine if status == 302 and location.endswith(form) else None


def client(port: int, setup: dict[str, Any], password: str, deadline: float, tally: Tally) -> None:
    reporter = Browser(port, deadline, tally)
    try:
        token, _ = reporter.form_token("/konto/logga-in/")
        login = {"csrfmiddlewaretoken": token, "username": "uthallighet.rapportor", "password": password}
        if reporter.send("POST", "/konto/logga-in/", login)[0] != 302:
            raise RuntimeError("the reporter could not log in")
        for _ in range(ROUNDS):
            tally.add(send_survey(port, deadline, tally, setup["area"]))
            tally.add(send_report(reporter, setup["category"], setup["area"]))
    except Exception as error:  # every failure is counted and shown
        tally.add(None, repr(error)[:300])


class Server:
    """gunicorn in a process group of its own, so SIGKILL reaches the master and every worker."""

    def __init__(self, environment: dict[str, str], port: int) -> None:
        self.environment = environment
        self.port = port
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        command = [
            sys.executable, "-m", "gunicorn", "tryggve.wsgi:application", "--bind", f"127.0.0.1:{self.port}",
            "--workers", "2", "--worker-class", "gthread", "--threads", "4", "--log-level", "warning",
        ]  # fmt: skip
        self.process = subprocess.Popen(command, cwd=ROOT, env=self.environment, start_new_session=True)
        for _ in range(300):
            with (
                contextlib.suppress(OSError),
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2),
            ):
                return
            time.sleep(0.05)

    def kill(self, how: signal.Signals = signal.SIGKILL) -> None:
        if self.process is not None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, how)
            self.process.wait(timeout=30)


def run(database_url: str) -> dict[str, Any]:
    environment = server_environment(database_url)
    password = secrets.token_urlsafe(16)
    setup = manage_shell(environment, f"PASSWORD = {password!r}\n" + SETUP)
    server = Server(environment, free_port())
    tally = Tally()
    deadline = time.monotonic() + DEADLINE_SECONDS
    total = CLIENTS * ROUNDS * 2
    server.start()
    try:
        threads = [
            threading.Thread(target=client, args=(server.port, setup, password, deadline, tally))
            for _ in range(CLIENTS)
        ]
        for thread in threads:
            thread.start()
        while len(tally.acknowledged) < total * KILL_AFTER and any(t.is_alive() for t in threads):
            time.sleep(0.02)
        before_kill = len(tally.acknowledged)
        server.kill()  # mid-load: requests are in flight in every worker
        server.start()
        for thread in threads:
            thread.join()
    finally:
        server.kill(signal.SIGTERM)
    found = manage_shell(environment, f"SURVEY = {setup['survey']}\n" + COUNT)
    stored: dict[str, int] = found["stored"]
    counts = found["answers_per_response"]
    return {
        "acknowledged": len(tally.acknowledged),
        "acknowledged_before_kill": before_kill,
        "retries": tally.retries,
        "lost": sum(1 for mark in tally.acknowledged if stored.get(mark, 0) == 0),
        "duplicated": sum(count - 1 for count in stored.values() if count > 1),
        # Every response carries every answer of the complete form, or it is half-written.
        "half_written": len(counts) - 1 if counts else 0,
        "errors": len(tally.errors),
        "error_examples": tally.errors[:3],
    }


def main() -> None:
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        result = run(os.environ["DATABASE_URL"])
    else:
        with throwaway_cluster() as database_url:
            result = run(database_url)
    for name in (
        "acknowledged",
        "acknowledged_before_kill",
        "retries",
        "lost",
        "duplicated",
        "half_written",
        "errors",
    ):
        print(f"durability_{name}: {result[name]}")
    if result["errors"]:
        print(result["error_examples"], file=sys.stderr)


if __name__ == "__main__":
    main()
