"""Survey submissions over HTTP: Tryggve under granian and PostgreSQL against a plain WSGI baseline.

50 concurrent clients on loopback each answer the whole survey again and again (the start
page, then every page's GET and POST, then the thank-you page), for a fixed time after a
short unmeasured warm-up. Prints `survey_submit_per_s`, `survey_submit_p99_ms` (one page
request), `survey_submit_baseline_ratio` (ours / baseline) and `survey_submit_lost`
(acknowledged responses missing afterwards).

Without DATABASE_URL it starts its own throwaway PostgreSQL cluster (bench/postgres.py).
BENCH_CLIENTS, BENCH_SECONDS, BENCH_WARM_UP_SECONDS, BENCH_WORKERS and BENCH_THREADS change the
load and the server; BENCH_SERVER=gunicorn runs both apps under gunicorn's threaded workers
instead of granian.
"""

import asyncio
import contextlib
import json
import os
import re
import secrets
import socket
import ssl
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.postgres import free_port, throwaway_cluster  # noqa: E402

CLIENTS = int(os.environ.get("BENCH_CLIENTS", "50"))
SECONDS = float(os.environ.get("BENCH_SECONDS", "20"))
# Both servers first take this much load unmeasured, so the figures are the steady state and
# not Python importing modules and PostgreSQL planning its first statements.
WARM_UP_SECONDS = float(os.environ.get("BENCH_WARM_UP_SECONDS", "3"))
WORKERS = os.environ.get("BENCH_WORKERS", "2")  # one process per core
THREADS = os.environ.get("BENCH_THREADS", "4")
SERVER = os.environ.get("BENCH_SERVER", "granian")
TOKEN = re.compile(
    rb'name="csrfmiddlewaretoken" value="([^"]+)"|name=\'csrfmiddlewaretoken\' value=\'([^\']+)\''
)


def server_environment(database_url: str) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_ENV": "production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_LOG_LEVEL": "WARNING",
        "TRYGGVE_LOCAL_DIR": (local := tempfile.mkdtemp(prefix="tryggve-bench-")),
        "DJANGO_STATIC_ROOT": f"{local}/static",
        # Loopback load comes from one address: raise the per-client limits (never anonymity).
        "TRYGGVE_SURVEY_SUBMISSIONS_PER_HOUR": "100000000",
        "TRYGGVE_SURVEY_IDENTICAL_PER_HOUR": "100000000",
    }


def prepare(environment: dict[str, str]) -> dict[str, Any]:
    """Migrate, load the demo without answers, and make the two benchmark surveys."""
    script = (
        "import datetime, json\n"
        "from django.core.management import call_command\n"
        "from tryggve.core.models import Area, Municipality\n"
        "from tryggve.surveys.definition import build_survey\n"
        "from tryggve.surveys.standard_questions import TEMPLATE\n"
        "call_command('migrate', verbosity=0)\n"
        "call_command('collectstatic', interactive=False, verbosity=0)\n"
        "call_command('load_demo', responses=0, stdout=open('/dev/null', 'w'))\n"
        "halmstad = Municipality.objects.get(slug='halmstad')\n"
        "today = datetime.date.today()\n"
        "ids = {slug: build_survey(TEMPLATE, municipality=halmstad, year=today.year, slug=slug,\n"
        "    opens=today - datetime.timedelta(days=1), closes=today + datetime.timedelta(days=1)).pk\n"
        "    for slug in ('bench', 'bench-baseline')}\n"
        "print(json.dumps({'ids': ids, 'area': Area.objects.get(slug='vallas').pk}))\n"
    )
    return manage_shell(environment, script)


def manage_shell(environment: dict[str, str], script: str) -> dict[str, Any]:
    """Run a script in `manage.py shell` against the benchmark's database; its last line is JSON."""
    done = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", script],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
    )
    if done.returncode:
        raise RuntimeError(done.stderr[-3000:])
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def open_survey(environment: dict[str, str], slug: str) -> dict[str, int]:
    """A survey of Halmstad's open since yesterday, on an installation with the demo: its id and
    the id of an area (Vallås) to answer with."""
    return manage_shell(
        environment,
        "import datetime, json\n"
        "from tryggve.core.models import Area, Municipality\n"
        "from tryggve.surveys.definition import build_survey\n"
        "from tryggve.surveys.standard_questions import TEMPLATE\n"
        "today = datetime.date.today()\n"
        "survey = build_survey(TEMPLATE, municipality=Municipality.objects.get(slug='halmstad'),\n"
        f"    year=today.year, slug={slug!r}, opens=today - datetime.timedelta(days=1),\n"
        "    closes=today + datetime.timedelta(days=1))\n"
        "print(json.dumps({'id': survey.pk, 'area': Area.objects.get(slug='vallas').pk}))\n",
    )


def answers(area: int) -> list[list[tuple[str, Any]]]:
    """The form fields of the five pages: a complete, plausible survey."""
    from tryggve.surveys.standard_questions import PROBLEM_ITEMS

    problems = [code for code, _label in PROBLEM_ITEMS]
    return [
        [("area", area), ("sex", 1), ("age_band", 2), ("years_in_area", 7), ("action", "next")],
        [("unsafe_alone_evening", 3), ("avoided_activity", 2), ("action", "next")],
        [*((f"neighbourhood_problems.{item}", 2) for item in problems), ("action", "next")],
        [("trust_police", 3), ("trust_kommun", 2), ("victim_12m", 0), ("action", "next")],
        [
            ("safer_measures", 1),
            ("safer_measures", 3),
            ("safer_text", "Bättre belysning."),
            ("action", "submit"),
        ],
    ]


@dataclass
class Proxy:
    """Clients go through nginx over TLS, each from its own loopback address."""

    tls: ssl.SSLContext
    client_addresses: list[str]


class Connection:
    """A minimal HTTP/1.1 keep-alive client, enough for this load and cheap on the CPU.

    `forged` headers go to the server as they are (an attacker's X-Forwarded-For, say); with
    them the client talks HTTP to the port but names the production host over HTTPS, as a
    request straight to gunicorn that pretends to come through nginx would.
    """

    def __init__(
        self,
        port: int,
        through: "Proxy | None" = None,
        client_address: str | None = None,
        forged: dict[str, str] | None = None,
    ) -> None:
        self.port = port
        self.through = through
        self.client_address = client_address
        self.forged = forged or {}
        self.host = f"localhost:{port}" if through else "localhost" if forged else "127.0.0.1"
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None
        self.cookies: dict[str, str] = {}

    async def request(self, method: str, path: str, body: bytes = b"") -> tuple[int, dict[str, str], bytes]:
        for attempt in range(2):
            if self.writer is None:
                self.reader, self.writer = await asyncio.open_connection(
                    "127.0.0.1",
                    self.port,
                    ssl=self.through.tls if self.through else None,
                    server_hostname="localhost" if self.through else None,
                    local_addr=(self.client_address, 0) if self.client_address else None,
                )
            cookie = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
            head = f"{method} {path} HTTP/1.1\r\nHost: {self.host}\r\nCookie: {cookie}\r\n"
            head += "".join(f"{name}: {value}\r\n" for name, value in self.forged.items())
            if (self.through or self.forged) and method == "POST":
                # Over HTTPS Django checks where a form comes from, as browsers say.
                head += f"Origin: https://{self.host}\r\n"
            if method == "POST":
                head += f"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {len(body)}\r\n"
            self.writer.write(head.encode() + b"\r\n" + body)
            try:
                assert self.reader is not None
                status_line = await self.reader.readline()
                if not status_line.startswith(b"HTTP/"):
                    raise ConnectionError(status_line[:80])
                headers: dict[str, str] = {}
                while (line := await self.reader.readline()) not in (b"\r\n", b""):
                    name, _, value = line.decode("latin-1").partition(":")
                    name, value = name.strip().lower(), value.strip()
                    if name == "set-cookie":
                        key, _, rest = value.partition("=")
                        self.cookies[key] = rest.split(";", 1)[0]
                    headers[name] = value
                if "content-length" in headers:
                    content = await self.reader.readexactly(int(headers["content-length"]))
                else:  # no length: the body ends when the server closes the connection
                    content = await self.reader.read()
                    self.close()
                if headers.get("connection", "").lower() == "close":
                    self.close()
                return int(status_line.split()[1]), headers, content
            except (ConnectionError, asyncio.IncompleteReadError):
                self.close()
                if attempt:
                    raise
        raise ConnectionError

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


async def one_client(
    port: int,
    start: str,
    pages: list[list[tuple[str, Any]]],
    stop: float,
    stats: dict[str, Any],
    through: Proxy | None = None,
    client_address: str | None = None,
) -> None:
    while time.perf_counter() < stop:
        connection = Connection(port, through, client_address)
        try:
            status, location = await answer_once(connection, start, pages, stats)
            if status == 429:
                stats["refused"] = stats.get("refused", 0) + 1
            if status == 302 and location.endswith("/tack/"):
                stats["acknowledged"] += 1
                await timed(connection, "GET", start + "tack/", stats)
                if time.perf_counter() < stop:
                    stats["complete"] += 1
            else:
                stats["failed"] += 1
        except (ConnectionError, OSError, asyncio.IncompleteReadError) as error:
            stats["failed"] += 1
            stats.setdefault("errors", []).append(repr(error)[:200])
        finally:
            connection.close()


async def answer_once(
    connection: Connection, start: str, pages: list[list[tuple[str, Any]]], stats: dict[str, Any]
) -> tuple[int, str]:
    """Start the survey and send its pages; the last status and where it sent the client."""
    token = await timed(connection, "GET", start, stats)
    status, headers, _ = await timed_raw(connection, "POST", start, stats, {"csrfmiddlewaretoken": token})
    for number, fields in enumerate(pages, start=1):
        if status != 302:
            break
        page = f"{start}steg/{number}/"
        await timed(connection, "GET", page, stats)
        status, headers, _ = await timed_raw(
            connection, "POST", page, stats, [("csrfmiddlewaretoken", token), *fields]
        )
    return status, headers.get("location", "")


async def timed_raw(
    connection: Connection, method: str, path: str, stats: dict[str, Any], fields: Any = None
) -> tuple[int, dict[str, str], bytes]:
    began = time.perf_counter()
    result = await connection.request(method, path, urlencode(fields or {}, doseq=True).encode())
    stats["latencies"].append((time.perf_counter() - began) * 1000)
    return result


async def timed(connection: Connection, method: str, path: str, stats: dict[str, Any]) -> str:
    status, _headers, content = await timed_raw(connection, method, path, stats)
    if status != 200:
        raise ConnectionError(f"{method} {path}: {status}")
    found = TOKEN.search(content)
    return (found.group(1) or found.group(2)).decode() if found else ""


def load(
    port: int,
    start: str,
    pages: list[list[tuple[str, Any]]],
    seconds: float = SECONDS,
    through: Proxy | None = None,
) -> dict[str, Any]:
    stats: dict[str, Any] = {"acknowledged": 0, "complete": 0, "failed": 0, "latencies": []}
    addresses: list[str | None] = [*through.client_addresses] if through else [None]

    async def run() -> None:
        stop = time.perf_counter() + seconds
        await asyncio.gather(
            *(
                one_client(port, start, pages, stop, stats, through, addresses[client % len(addresses)])
                for client in range(CLIENTS)
            )
        )

    began = time.perf_counter()
    asyncio.run(run())
    stats["elapsed"] = time.perf_counter() - began
    return stats


def server_command(app: str, port: int) -> list[str]:
    if SERVER != "gunicorn":
        return [
            sys.executable, "-m", "granian", app, "--interface", "wsgi", "--host", "127.0.0.1",
            "--port", str(port), "--workers", WORKERS, "--blocking-threads", THREADS,
            "--backlog", "512", "--log-level", "warning", "--no-ws",
        ]  # fmt: skip
    return [
        sys.executable, "-m", "gunicorn", app,
        "--bind", f"127.0.0.1:{port}", "--workers", WORKERS, "--worker-class", "gthread",
        "--threads", THREADS, "--keep-alive", "10", "--backlog", "512", "--log-level", "warning",
    ]  # fmt: skip


@contextlib.contextmanager
def serving(app: str, environment: dict[str, str]) -> Iterator[int]:
    port = free_port()
    process = subprocess.Popen(server_command(app, port), cwd=ROOT, env=environment)
    try:
        for _ in range(200):
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.2):
                break
            time.sleep(0.05)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=30)


def stored(environment: dict[str, str], survey_id: int) -> int:
    import psycopg

    with psycopg.connect(environment["DATABASE_URL"]) as connection:
        row = connection.execute(
            "SELECT count(*) FROM surveys_response WHERE survey_id = %s", [survey_id]
        ).fetchone()
        return int(row[0]) if row else 0


def p99(latencies: list[float]) -> float:
    ordered = sorted(latencies)
    return ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] if ordered else 0.0


def warmed_load(
    app: str, environment: dict[str, str], start: str, pages: list[list[tuple[str, Any]]]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Serve `app`, load it unmeasured for the warm-up, then for the measured window."""
    with serving(app, environment) as port:
        return load(port, start, pages, WARM_UP_SECONDS), load(port, start, pages)


def measure(database_url: str) -> None:
    environment = server_environment(database_url)
    setup = prepare(environment)
    pages = answers(setup["area"])
    ours_warm_up, ours = warmed_load("tryggve.wsgi:application", environment, "/halmstad/enkat/bench/", pages)
    baseline_environment = {**environment, "BENCH_SURVEY_ID": str(setup["ids"]["bench-baseline"])}
    _warm_up, baseline = warmed_load(
        "bench.baseline_app:application", baseline_environment, "/halmstad/enkat/bench-baseline/", pages
    )
    ours_rate = ours["complete"] / ours["elapsed"]
    baseline_rate = baseline["complete"] / baseline["elapsed"]
    acknowledged = ours_warm_up["acknowledged"] + ours["acknowledged"]
    lost = max(0, acknowledged - stored(environment, setup["ids"]["bench"]))
    print(f"survey_submit_per_s: {ours_rate:.1f}")
    print(f"survey_submit_p99_ms: {p99(ours['latencies']):.1f}")
    print(f"survey_submit_baseline_per_s: {baseline_rate:.1f}")
    print(f"survey_submit_baseline_ratio: {ours_rate / baseline_rate if baseline_rate else 0:.2f}")
    print(f"survey_submit_lost: {lost}")
    print(f"survey_submit_failed: {ours['failed']}")
    if os.environ.get("BENCH_DEBUG"):
        print(ours.get("errors", [])[:5], baseline.get("errors", [])[:5], file=sys.stderr)


def main() -> None:
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        measure(os.environ["DATABASE_URL"])
    else:
        with throwaway_cluster() as database_url:
            measure(database_url)


if __name__ == "__main__":
    main()
