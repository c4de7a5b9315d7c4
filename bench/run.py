"""Benchmarks behind `make bench`: one `name: value` line per figure.

Page figures run against a fresh SQLite database in a temporary folder, loaded with the demo
data; the lägesbild figures (situation_estimates.py) use a database of their own with a million
generated responses, the EST figures (est_week.py) one with 200,000 incident reports, the public place-report
map (place_map.py) one with 100,000 place reports, the
interval coverage (interval_coverage.py) a simulation with no database at all, the import
figures (imports.py) generated boundary and JSON-stat files, the map tile figures (tiles.py) a
generated PMTiles archive behind the development server and a loopback upstream, the lägesbild
report's PDF (report_pdf.py) the demo's 2018 report, the follow-up report's page the demo's 2019
report, the responses import
(responses_import.py) a generated CSV of a million responses on SQLite and PostgreSQL beside R; the
survey load test (survey_submit.py) runs granian and PostgreSQL of its own, the place reports'
load (place_report_submit.py) the documented stack with 100,000 stored reports, and the
durability test (durability.py) gunicorn, killed with SIGKILL mid-load.
"""

import gzip
import io
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.sqlite_django import set_up  # noqa: E402

set_up(prefix="tryggve-bench-")

from django.contrib.staticfiles import finders  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from bench import report_pdf  # noqa: E402
from tryggve.core.models import Municipality  # noqa: E402


def median_ms(action: Callable[[], object], repeat: int = 50) -> float:
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    return timings[len(timings) // 2]


def page_figures(client: Client, name: str, path: str, timing: str = "") -> None:
    """The page's median time (as `{name}_ms`, or `timing`), its queries and its size."""
    response = client.get(path)
    assert response.status_code == 200, path
    queries: list[str] = []

    def count_query(execute: Callable[..., Any], sql: str, *args: Any) -> Any:
        queries.append(sql)
        return execute(sql, *args)

    # A wrapper, not CaptureQueriesContext: each request resets Django's own query log.
    with connection.execute_wrapper(count_query):
        client.get(path)
    print(f"{timing or name + '_ms'}: {median_ms(lambda: client.get(path)):.2f}")
    print(f"{name}_queries: {len(queries)}")
    print(f"{name}_bytes: {len(response.content)}")


def survey_figures(client: Client) -> None:
    """A survey page's time, and the weight of the map page with everything it loads."""
    start = "/halmstad/enkat/trygghetsmatning/"
    client.post(start)
    page_figures(client, "survey_page", start + "steg/1/")
    html = client.get(start + "steg/5/").content
    files = [html, client.get("/halmstad/tema.css").content]
    for static in ("public/site.css", "public/favicon.svg", "surveys/places.js"):
        files.append(Path(str(finders.find(static))).read_bytes())
    for static in ("leaflet.js", "leaflet.css"):
        files.append(Path(str(finders.find(f"vendor/leaflet/{static}"))).read_bytes())
    files.append(Municipality.objects.get(slug="halmstad").logo.read())
    print(f"survey_map_page_total_bytes: {sum(len(f) for f in files)}")
    # What travels when the server compresses text (WhiteNoise serves gzip in production).
    print(f"survey_map_page_gzip_bytes: {sum(len(gzip.compress(f)) for f in files)}")


def main() -> None:
    call_command("migrate", verbosity=0)
    start = time.perf_counter()
    call_command("load_demo", stdout=io.StringIO())
    print(f"load_demo_s: {time.perf_counter() - start:.2f}")
    client = Client(HTTP_HOST="127.0.0.1")
    page_figures(client, "promise_page", "/halmstad/medborgarloften/")
    page_figures(client, "api_areas", "/api/v1/municipalities/halmstad/areas")
    page_figures(client, "api_promises", "/api/v1/municipalities/halmstad/promises")
    # The demo's decided follow-up report of 2019 as residents read it (target: at most 100 ms).
    followup = "/halmstad/uppfoljningsrapport/2019/"
    page_figures(client, "followup_report_page", followup, timing="followup_report_page_p50_ms")
    # Everything the public page loads before map tiles (DESIGN.md: well under 100 KB).
    total = len(client.get("/halmstad/medborgarloften/").content)
    total += len(client.get("/halmstad/tema.css").content)
    for static in ("public/site.css", "public/favicon.svg"):
        total += Path(str(finders.find(static))).stat().st_size
    total += Municipality.objects.get(slug="halmstad").logo.size
    print(f"promise_page_total_bytes: {total}")
    survey_figures(client)
    report_pdf.figures()  # the demo's lägesbild report as PDF (target: at most 3 s)
    # The lägesbild on a million generated responses, in a database of its own.
    sys.stdout.flush()
    subprocess.run([sys.executable, str(ROOT / "bench" / "situation_estimates.py")], check=True)
    # A million responses from a CSV file through import_responses and estimates, against R.
    subprocess.run([sys.executable, str(ROOT / "bench" / "responses_import.py")], check=True)
    # How often the lägesbild's intervals cover the truth in small areas: a simulation, no database.
    subprocess.run([sys.executable, str(ROOT / "bench" / "interval_coverage.py")], check=True)
    subprocess.run([sys.executable, str(ROOT / "bench" / "police_events.py")], check=True)
    # SCB's and Lantmäteriet's kinds of files: 60 DeSO polygons, and all of Sweden's DeSO counts.
    subprocess.run([sys.executable, str(ROOT / "bench" / "imports.py")], check=True)
    subprocess.run([sys.executable, str(ROOT / "bench" / "est_week.py")], check=True)
    # The public map of place reports with 100,000 stored reports (target ≤ 100 ms).
    subprocess.run([sys.executable, str(ROOT / "bench" / "place_map.py")], check=True)
    # A warm map tile from a PMTiles archive through the development server (target ≤ 20 ms), and
    # a tile the upstream proxy fetches with 20 000 tiles in its cache.
    subprocess.run([sys.executable, str(ROOT / "bench" / "tiles.py")], check=True)
    # The survey load test needs its own PostgreSQL database and servers: a separate process.
    subprocess.run([sys.executable, str(ROOT / "bench" / "survey_submit.py")], check=True)
    # The same load through the documented nginx and gunicorn (deploy/), a client per address.
    subprocess.run([sys.executable, str(ROOT / "bench" / "stack_survey.py")], check=True)
    # Residents' place reports through that stack with 100,000 stored, a resident per address
    # (target: place_report_submit_p99_ms at most 200 with 20 at a time).
    subprocess.run([sys.executable, str(ROOT / "bench" / "place_report_submit.py")], check=True)
    subprocess.run([sys.executable, str(ROOT / "bench" / "api_fuzz.py")], check=True)
    # SIGKILL mid-load, against PostgreSQL of its own too.
    subprocess.run([sys.executable, str(ROOT / "bench" / "durability.py")], check=True)


if __name__ == "__main__":
    main()
