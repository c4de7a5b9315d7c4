"""Residents' place reports through the documented stack, with 100,000 reports already stored.

The stack of bench/stack_survey.py (bench/stack.py: nginx with TLS, gunicorn as
deploy/systemd/tryggve.service starts it, memcached, a throwaway PostgreSQL cluster) holds the
demo and 100,000 invented place reports of the last two years. 20 residents at a time then
report a place again and again: each resident comes from an address of its own (127.1.0.1,
127.1.0.2, …, forwarded by nginx, the trusted proxy), opens the form, and sends it without a
photo, so the documented abuse limit (10 reports an hour per address) is counted for every
report and never raised. Prints `place_report_submit_p99_ms` (the sending, target at most
200 ms) and its median, `place_report_form_p99_ms` (opening the form), `place_report_submit_per_s`,
`place_report_app_cpu_ms_per_resident` (gunicorn's CPU time for one resident's form and
report: what the figures come from on a machine that runs other work too),
`place_report_submit_refused` (429s), `place_report_submit_failed` and
`place_report_submit_lost` (acknowledged reports missing afterwards).

BENCH_PLACE_CLIENTS, BENCH_PLACE_STORED, BENCH_SECONDS and BENCH_WARM_UP_SECONDS change the load.
"""

import asyncio
import itertools
import os
import ssl
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import survey_submit  # noqa: E402
from bench.stack import production_stack  # noqa: E402
from bench.survey_submit import Connection, Proxy, p99  # noqa: E402

CLIENTS = int(os.environ.get("BENCH_PLACE_CLIENTS", "20"))
STORED = int(os.environ.get("BENCH_PLACE_STORED", "100000"))
FORM = "/halmstad/rapportera/"
THANKS = FORM + "tack/"


def store_reports(environment: dict[str, str], count: int) -> dict[str, Any]:
    """`count` invented reports over Halmstad's areas, received on the 730 days before today
    (none today, so today's rows are the benchmark's own); the id of an area to report in.

    Vacuumed, analysed and checkpointed afterwards, so the load meets the reports as stored,
    not PostgreSQL still writing them out (autovacuum and a checkpoint of 100,000 new rows would
    otherwise land in the measured window)."""
    return survey_submit.manage_shell(
        environment,
        "import json, random\n"
        "from datetime import timedelta\n"
        "from django.db import connection\n"
        "from django.utils import timezone\n"
        "from tryggve.core.models import Area, Municipality, Organisation\n"
        "from tryggve.inputs.models import PlaceKind, PlaceReport\n"
        "halmstad = Municipality.objects.get(slug='halmstad')\n"
        "areas = list(Area.objects.filter(municipality=halmstad))\n"
        "routed = [None, *Organisation.objects.filter(municipalities=halmstad)]\n"
        "today = timezone.localdate()\n"
        "rng = random.Random(32)\n"
        "statuses = PlaceReport.Status.values\n"
        "batch = []\n"
        f"for number in range({count}):\n"
        "    organisation = rng.choice(routed)\n"
        "    batch.append(PlaceReport(\n"
        "        municipality=halmstad, kind=rng.choice(PlaceKind.values), area=rng.choice(areas),\n"
        "        place='Gångvägen vid skolan', description='Mörkt och lampan är trasig (påhittad).',\n"
        "        received_on=today - timedelta(days=rng.randint(1, 730)), organisation=organisation,\n"
        "        status=rng.choice(statuses[1:]) if organisation else 'new',\n"
        "        due=today + timedelta(days=rng.randint(-60, 60)) if organisation else None))\n"
        "    if len(batch) == 5000:\n"
        "        PlaceReport.objects.bulk_create(batch)\n"
        "        batch = []\n"
        "PlaceReport.objects.bulk_create(batch)\n"
        "with connection.cursor() as cursor:\n"
        "    cursor.execute('VACUUM ANALYZE')\n"
        "    cursor.execute('CHECKPOINT')\n"
        "print(json.dumps({'area': Area.objects.get(municipality=halmstad, slug='vallas').pk,\n"
        "    'stored': PlaceReport.objects.count()}))\n",
    )


def received_today(environment: dict[str, str]) -> int:
    found = survey_submit.manage_shell(
        environment,
        "import json\n"
        "from django.utils import timezone\n"
        "from tryggve.inputs.models import PlaceReport\n"
        "today = PlaceReport.objects.filter(received_on=timezone.localdate()).count()\n"
        "print(json.dumps({'today': today}))\n",
    )
    return int(found["today"])


def addresses() -> Iterator[str]:
    """A new loopback address for every resident: 127.1.0.1, 127.1.0.2, … (all of 127/8 is
    the loopback on Linux, so no set-up is needed)."""
    for number in itertools.count():
        yield f"127.{1 + number // 62500}.{number // 250 % 250}.{number % 250 + 1}"


def fields(area: int, number: int) -> list[tuple[str, Any]]:
    return [
        ("pin-1-kind", "lighting"),
        ("pin-1-area", area),
        ("pin-1-place", "Gångtunneln vid Vallås centrum"),
        ("pin-1-description", f"Lampan i tunneln är trasig och det är mörkt på kvällen ({number})."),
    ]


async def one_resident(
    port: int, through: Proxy, address: str, area: int, number: int, stats: dict[str, Any]
) -> None:
    connection = Connection(port, through, address)
    try:
        began = time.perf_counter()
        status, _headers, page = await connection.request("GET", FORM)
        stats["form"].append((time.perf_counter() - began) * 1000)
        found = survey_submit.TOKEN.search(page)
        if status != 200 or not found:
            raise ConnectionError(f"GET {FORM}: {status}")
        token = (found.group(1) or found.group(2)).decode()
        body = urlencode([("csrfmiddlewaretoken", token), *fields(area, number)]).encode()
        began = time.perf_counter()
        status, headers, _ = await connection.request("POST", FORM, body)
        stats["submit"].append((time.perf_counter() - began) * 1000)
        if status == 302 and headers.get("location", "").endswith(THANKS):
            stats["acknowledged"] += 1
        elif status == 429:
            stats["refused"] += 1
        else:
            stats["failed"] += 1
            stats["errors"].append(f"POST {FORM}: {status}")
    except (ConnectionError, OSError, asyncio.IncompleteReadError) as error:
        stats["failed"] += 1
        stats["errors"].append(repr(error)[:200])
    finally:
        connection.close()


def load(port: int, through: Proxy, area: int, seconds: float, fresh: Iterator[str]) -> dict[str, Any]:
    """CLIENTS residents at a time for `seconds`: each one reports once, from its own address."""
    stats: dict[str, Any] = {
        "acknowledged": 0,
        "refused": 0,
        "failed": 0,
        "form": [],
        "submit": [],
        "errors": [],
    }
    counter = itertools.count()

    async def resident_after_resident(stop: float) -> None:
        while time.perf_counter() < stop:
            await one_resident(port, through, next(fresh), area, next(counter), stats)

    async def run() -> None:
        stop = time.perf_counter() + seconds
        await asyncio.gather(*(resident_after_resident(stop) for _ in range(CLIENTS)))

    began = time.perf_counter()
    asyncio.run(run())
    stats["elapsed"] = time.perf_counter() - began
    return stats


def app_cpu_seconds(app_port: int) -> float:
    """The CPU time gunicorn's processes serving `app_port` have used (from /proc): what the
    application costs, whatever else the machine runs at the same time."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            command = (stat.parent / "cmdline").read_bytes().replace(b"\0", b" ")
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # the process has ended
        if b"gunicorn" in command and f"127.0.0.1:{app_port}".encode() in command:
            total += (int(fields[11]) + int(fields[12])) / tick  # utime + stime
    return total


def median(latencies: list[float]) -> float:
    ordered = sorted(latencies)
    return ordered[len(ordered) // 2] if ordered else 0.0


def main() -> None:
    with production_stack(demo_responses=0) as stack:
        environment = {**stack.env, "DJANGO_LOG_LEVEL": "WARNING"}
        setup = store_reports(environment, STORED)
        tls = ssl.create_default_context(cafile=str(stack.folder / "tls" / "fullchain.pem"))
        through = Proxy(tls, [])
        port = int(stack.url.rsplit(":", 1)[1])
        fresh = addresses()
        warm_up = load(port, through, setup["area"], survey_submit.WARM_UP_SECONDS, fresh)
        cpu_before = app_cpu_seconds(stack.app_port)
        measured = load(port, through, setup["area"], survey_submit.SECONDS, fresh)
        cpu = app_cpu_seconds(stack.app_port) - cpu_before
        acknowledged = warm_up["acknowledged"] + measured["acknowledged"]
        lost = max(0, acknowledged - received_today(environment))
    print(f"place_report_submit_p99_ms: {p99(measured['submit']):.1f}")
    print(f"place_report_submit_median_ms: {median(measured['submit']):.1f}")
    print(f"place_report_form_p99_ms: {p99(measured['form']):.1f}")
    print(f"place_report_submit_per_s: {measured['acknowledged'] / measured['elapsed']:.1f}")
    residents = measured["acknowledged"] + measured["refused"] + measured["failed"]
    print(f"place_report_app_cpu_ms_per_resident: {cpu * 1000 / max(residents, 1):.1f}")
    print(f"place_report_submit_stored: {setup['stored']}")
    print(f"place_report_submit_refused: {warm_up['refused'] + measured['refused']}")
    print(f"place_report_submit_failed: {warm_up['failed'] + measured['failed']}")
    print(f"place_report_submit_lost: {lost}")
    if os.environ.get("BENCH_DEBUG"):
        print(measured["errors"][:5], file=sys.stderr)


if __name__ == "__main__":
    main()
