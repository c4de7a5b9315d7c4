"""A million responses from a file, as a user runs it, against R on the same work (issue 22).

One CSV of 1,000,000 generated responses (20 areas × 2 sexes × 4 age bands, every column of
the template's questions, in `import_responses`' format) is imported into a fresh database
with an empty survey and the population, then `estimates` prints one indicator (unsafe alone
in the evening, codes 3,4) by area: two `manage.py` processes, timed together. R reads the same
CSV, post-stratifies to the same population and runs `svyby` by area, in one `Rscript` process.
Prints

    responses_import_1m_s          import + estimates on SQLite (wall-clock seconds)
    responses_import_1m_peak_mb    the import process's largest resident memory
    r_csv_estimate_1m_s            R: read.csv, postStratify, svyby (if Rscript with survey)
    import_vs_r                    R's time / Tryggve's (above 1: Tryggve is faster)

and the same with `_postgres` on PostgreSQL: the database TRYGGVE_BENCH_PG names (it is
emptied first: never point it at real data), else a throwaway cluster (bench/postgres.py) when
PostgreSQL is installed. BENCH_RESPONSES changes the size (e.g. 100000 for a quick run).
"""

import contextlib
import csv
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SEXES = ["kvinna", "man"]
AGE_BANDS = ["16-24", "25-44", "45-64", "65+"]
AREAS = 20
MUNICIPALITY = "bench"
SURVEY = "trygghetsmatning"
YEAR = 2025
QUESTION = "unsafe_alone_evening"
VALUES = "3,4"


def areas() -> list[str]:
    return [f"Område {number + 1:02}" for number in range(AREAS)]


def population() -> dict[tuple[str, str, str], int]:
    rng = random.Random(7)
    return {(a, s, g): rng.randint(300, 3000) for a in areas() for s in SEXES for g in AGE_BANDS}


def set_up_database() -> tuple[list[str], list[list[str]]]:
    """Migrate a fresh database; the municipality, its areas and population, and the empty
    survey from the template. Returns the survey's file header and each question column's cells."""
    import django

    django.setup()
    from django.core.management import call_command

    from tryggve.core.models import Area, Municipality, Population
    from tryggve.surveys.definition import build_survey
    from tryggve.surveys.response_files import Columns
    from tryggve.surveys.standard_questions import TEMPLATE

    call_command("migrate", verbosity=0)
    call_command("flush", "--no-input", verbosity=0)  # a fresh database, also on TRYGGVE_BENCH_PG
    municipality = Municipality.objects.create(slug=MUNICIPALITY, name="Bench", official_name="Bench kommun")
    found = {
        name: Area.objects.create(municipality=municipality, name=name, slug=f"omrade-{number + 1}")
        for number, name in enumerate(areas())
    }
    Population.objects.bulk_create(
        Population(area=found[a], year=YEAR, sex=s, age_band=g, count=n)
        for (a, s, g), n in population().items()
    )
    survey = build_survey(
        TEMPLATE,
        municipality=municipality,
        year=YEAR,
        slug=SURVEY,
        opens=date(YEAR, 10, 1),
        closes=date(YEAR, 11, 1),
    )
    columns = Columns(survey)
    header = list(columns.header)
    cells: list[list[str]] = []
    for column in columns.columns:
        question = column.question
        if column.option_code is not None:
            cells.append(["0", "0", "1"])
        elif question.kind == "text":
            cells.append([""] * 9 + ["Mörkt vid busshållplatsen"])
        elif question.kind == "number":
            cells.append([str(n) for n in range(0, 40)])
        else:
            cells.append([str(option.code) for option in question.options.all()])
    from django.db import connection

    connection.close()
    return header, cells


def generate(path: Path, header: list[str], cells: list[list[str]], count: int) -> None:
    """The responses file: the indicator depends on area, sex and age band, the rest is random."""
    rng = random.Random(22)
    column = header.index(QUESTION) - 4
    names = areas()
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(header)
        for number in range(count):
            area, sex, age = rng.randrange(AREAS), rng.randrange(2), rng.randrange(4)
            row = [rng.choice(choices) if rng.random() > 0.05 else "" for choices in cells]
            if rng.random() < 0.03:
                row[column] = "9"
            else:
                unsafe = 0.15 + 0.02 * area + 0.1 * (sex == 0) + 0.03 * age
                row[column] = str(
                    3 + (rng.random() < 0.3) if rng.random() < unsafe else 1 + (rng.random() < 0.5)
                )
            writer.writerow([f"F-{number}", names[area], SEXES[sex], AGE_BANDS[age], *row])


def tryggve_seconds(path: Path, environment: dict[str, str]) -> tuple[float, float, dict[str, float]]:
    """import_responses then estimates, as two processes: seconds, peak MB, estimate by area."""
    manage = [sys.executable, str(ROOT / "manage.py")]
    start = time.perf_counter()
    command = [*manage, "import_responses", MUNICIPALITY, str(YEAR), str(path), "--survey", SURVEY]
    process = subprocess.Popen(command, env=environment, stdout=subprocess.DEVNULL)
    # The import process's own peak (RUSAGE_CHILDREN would give the largest of every process
    # run so far: the file's generation, or R's between SQLite and PostgreSQL).
    _pid, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise subprocess.CalledProcessError(process.returncode, command)
    peak_mb = usage.ru_maxrss / 1024
    done = subprocess.run(
        [
            *manage,
            "estimates",
            MUNICIPALITY,
            SURVEY,
            "--question",
            QUESTION,
            "--values",
            VALUES,
            "--by",
            "area",
        ],
        env=environment,
        check=True,
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - start
    rows = csv.DictReader(done.stdout.splitlines())
    return seconds, peak_mb, {row["area"]: float(row["estimate"]) for row in rows if row["estimate"]}


def r_seconds(path: Path, folder: Path) -> tuple[float, dict[str, float]] | None:
    """One R process: read the CSV, post-stratify to the population, svyby by area."""
    if not shutil.which("Rscript"):
        return None
    with (folder / "population.csv").open("w", encoding="utf-8") as out:
        out.write("cell,Freq\n")
        out.writelines(f'"{a}_{s}_{g}",{n}\n' for (a, s, g), n in population().items())
    script = folder / "estimate.R"
    script.write_text(
        "suppressMessages(library(survey))\n"
        f'd <- read.csv("{path}", encoding = "UTF-8")\n'
        f'p <- read.csv("{folder}/population.csv", encoding = "UTF-8")\n'
        "d$cell <- paste(d$area, d$sex, d$age_band, sep = '_')\n"
        f"v <- d${QUESTION}\n"
        f"d$y <- ifelse(is.na(v) | v %in% c(8, 9), NA, as.numeric(v %in% c({VALUES})))\n"
        "design <- postStratify(svydesign(ids = ~1, data = d), ~cell, p)\n"
        "by_area <- svyby(~y, ~area, design, svymean, na.rm = TRUE)\n"
        "write.csv(data.frame(area = by_area$area, y = sprintf('%.15f', by_area$y)), row.names = FALSE)\n"
    )
    start = time.perf_counter()
    done = subprocess.run(["Rscript", str(script)], capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        print(f"# R was not run: {done.stderr.strip()[:300]}", file=sys.stderr)
        return None
    return seconds, {row["area"]: float(row["y"]) for row in csv.DictReader(done.stdout.splitlines())}


def same(tryggve: dict[str, float], r: dict[str, float], where: str) -> None:
    """The two did the same work: the same estimate for every area."""
    differ = [area for area in r if abs(tryggve.get(area, -1.0) - r[area]) > 1e-9]
    if differ or not r:
        print(f"# {where}: estimates differ from R's in {differ or 'every area'}", file=sys.stderr)


@contextlib.contextmanager
def postgres() -> Iterator[str | None]:
    """The PostgreSQL database to measure on, if any."""
    given = os.environ.get("TRYGGVE_BENCH_PG")
    if given:
        yield given
        return
    from bench.postgres import throwaway_cluster

    try:
        with throwaway_cluster() as url:
            yield url
    except SystemExit as missing:
        print(f"# PostgreSQL not measured: {missing}", file=sys.stderr)
        yield None


def worker() -> None:
    """In a process of its own (Django set up on the database to measure): prepare it, and
    write the responses file unless it is there."""
    header, cells = set_up_database()
    path = Path(os.environ["BENCH_IMPORT_FILE"])
    if not path.exists():
        generate(path, header, cells, int(os.environ.get("BENCH_RESPONSES", "1000000")))


def measure(path: Path, database_url: str | None) -> tuple[float, float, dict[str, float]]:
    environment = {
        key: value for key, value in os.environ.items() if key not in ("DATABASE_URL", "DJANGO_ENV")
    }
    environment["TRYGGVE_LOCAL_DIR"] = tempfile.mkdtemp(prefix="tryggve-bench-import-")
    environment["DJANGO_SETTINGS_MODULE"] = "tryggve.settings"
    environment["BENCH_IMPORT_FILE"] = str(path)
    if database_url:
        environment["DATABASE_URL"] = database_url
    try:
        subprocess.run([sys.executable, __file__, "--prepare"], env=environment, check=True)
        return tryggve_seconds(path, environment)
    finally:
        shutil.rmtree(environment["TRYGGVE_LOCAL_DIR"], ignore_errors=True)


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="tryggve-bench-1m-"))
    path = folder / "svar.csv"
    try:
        seconds, peak_mb, found = measure(path, None)
        print(f"responses_import_1m_s: {seconds:.1f}")
        print(f"responses_import_1m_peak_mb: {peak_mb:.0f}")
        sys.stdout.flush()
        r = r_seconds(path, folder)
        if r is not None:
            r_s, by_area = r
            same(found, by_area, "SQLite")
            print(f"r_csv_estimate_1m_s: {r_s:.1f}")
            print(f"import_vs_r: {r_s / seconds:.2f}")
        sys.stdout.flush()
        with postgres() as url:
            if url is None:
                return
            seconds, peak_mb, found = measure(path, url)
        print(f"responses_import_1m_s_postgres: {seconds:.1f}")
        print(f"responses_import_1m_peak_mb_postgres: {peak_mb:.0f}")
        if r is not None:
            same(found, r[1], "PostgreSQL")
            print(f"import_vs_r_postgres: {r[0] / seconds:.2f}")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    if sys.argv[1:] == ["--prepare"]:
        worker()
    else:
        main()
