"""Lägesbild benchmark: estimates on 1,000,000 generated responses, and the lägesbild pages.

Respondents are generated in 20 areas × 2 sexes × 4 age bands and counted through the same
incremental path as real answers (situation.running_sums.add), into a fresh SQLite database. Prints

    estimates_1m_s          one indicator for every area and ALL, at 1,000,000 responses
    estimates_growth        that time divided by the time at 10,000 responses
    lagesbild_page_p50_ms   the published lägesbild page of the 1,000,000-response survey
    lagesbild_staff_page_p50_ms   the live working version of the same survey
    precomputed_estimates_vs_r_speedup   R's time for postStratify + svyby + svymean on the
                            respondents already in memory, divided by estimates_1m_s (Tryggve's
                            estimate from its running sums): not the same work, since the sums are
                            kept as answers arrive; bench/responses_import.py measures the same
                            work from a file (import_vs_r), if R is installed

BENCH_RESPONSES changes the large size (e.g. 100000 for a quick run).
"""

import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.sqlite_django import set_up  # noqa: E402

set_up(prefix="tryggve-bench-situation-")

from django.contrib.auth.models import User  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402
from django.test import Client  # noqa: E402

from tryggve.core.models import Area, Municipality, Population  # noqa: E402
from tryggve.situation import builder, estimators, running_sums  # noqa: E402
from tryggve.situation.domains import Indicator, Sample, report  # noqa: E402
from tryggve.situation.models import Situation  # noqa: E402
from tryggve.surveys.definition import build_survey  # noqa: E402
from tryggve.surveys.models import Answer, Question, Response, Survey  # noqa: E402
from tryggve.surveys.standard_questions import TEMPLATE  # noqa: E402

SEXES = ["kvinna", "man"]
AGE_BANDS = ["16-24", "25-44", "45-64", "65+"]
AREAS = 20
BATCH = 50_000
# respondent rows: area index, sex index, age band index, answer (1–4, or 9 "don't know")
Rows = list[tuple[int, int, int, int]]


def generate(count: int, seed: int) -> Rows:
    rng = random.Random(seed)
    rows = []
    for _ in range(count):
        area, sex, age = rng.randrange(AREAS), rng.randrange(2), rng.randrange(4)
        if rng.random() < 0.03:
            rows.append((area, sex, age, 9))
            continue
        unsafe = 0.15 + 0.02 * area + 0.1 * (sex == 0) + 0.03 * age
        value = 3 + (rng.random() < 0.3) if rng.random() < unsafe else 1 + (rng.random() < 0.5)
        rows.append((area, sex, age, value))
    return rows


def survey_with(municipality: Municipality, areas: list[Area], rows: Rows, slug: str) -> Survey:
    survey = build_survey(
        TEMPLATE,
        municipality=municipality,
        year=2025,
        slug=slug,
        opens=date(2025, 10, 1),
        closes=date(2025, 11, 1),
    )
    question = Question.objects.get(survey=survey, code="unsafe_alone_evening")
    for start in range(0, len(rows), BATCH):
        built: list[tuple[Response, list[Answer], list[object]]] = []
        for area, sex, age, value in rows[start : start + BATCH]:
            response = Response(
                survey=survey, area_id=areas[area].pk, sex=SEXES[sex], age_band=AGE_BANDS[age]
            )
            built.append((response, [Answer(question_id=question.pk, value=value)], []))
        with transaction.atomic():
            running_sums.add(built, 1)
    return survey


def median_s(action: Callable[[], object], repeat: int) -> float:
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        timings.append(time.perf_counter() - start)
    return sorted(timings)[len(timings) // 2]


def estimate(survey: Survey) -> estimators.Estimate:
    question = Question.objects.get(survey=survey, code="unsafe_alone_evening")
    found = report(Sample(survey), Indicator(question, frozenset({3, 4})))
    return found.rows[-1].result


def r_seconds(
    rows: Rows, population: dict[tuple[int, int, int], int], folder: Path
) -> tuple[float, float] | None:
    """R's time for the same post-stratified svyby and svymean, and its ALL estimate."""
    if not shutil.which("Rscript"):
        return None
    with (folder / "respondents.csv").open("w") as out:
        out.write("area,cell,y\n")
        out.writelines(f"{a},{a}_{s}_{g},{'NA' if v == 9 else int(v in (3, 4))}\n" for a, s, g, v in rows)
    with (folder / "population.csv").open("w") as out:
        out.write("cell,Freq\n")
        out.writelines(f"{a}_{s}_{g},{n}\n" for (a, s, g), n in population.items())
    script = folder / "bench.R"
    script.write_text(
        "suppressMessages(library(survey))\n"
        f'd <- read.csv("{folder}/respondents.csv")\n'
        f'p <- read.csv("{folder}/population.csv")\n'
        "start <- Sys.time()\n"
        "design <- postStratify(svydesign(ids = ~1, data = d), ~cell, p)\n"
        "by_area <- svyby(~y, ~area, design, svymean, na.rm = TRUE)\n"
        "whole <- svymean(~y, design, na.rm = TRUE)\n"
        "cat(as.numeric(difftime(Sys.time(), start, units = 'secs')), sprintf('%.15f', coef(whole)), '\\n')\n"
    )
    done = subprocess.run(["Rscript", str(script)], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        print(f"# R was not run: {done.stderr.strip()[:200]}", file=sys.stderr)
        return None
    seconds, whole = done.stdout.split()
    return float(seconds), float(whole)


def main() -> None:
    call_command("migrate", verbosity=0)
    large = int(os.environ.get("BENCH_RESPONSES", "1000000"))
    municipality = Municipality.objects.create(slug="bench", name="Bench", official_name="Bench kommun")
    areas = [Area.objects.create(municipality=municipality, name=f"Område {i + 1:02}", slug=f"omrade-{i + 1}")
             for i in range(AREAS)]  # fmt: skip
    rng = random.Random(7)
    population = {(a, s, g): rng.randint(300, 3000) for a in range(AREAS) for s in range(2) for g in range(4)}
    Population.objects.bulk_create(
        Population(area=areas[a], year=2025, sex=SEXES[s], age_band=AGE_BANDS[g], count=n)
        for (a, s, g), n in population.items()
    )
    small_rows, large_rows = generate(10_000, 1), generate(large, 2)
    small = survey_with(municipality, areas, small_rows, "small")
    start = time.perf_counter()
    big = survey_with(municipality, areas, large_rows, "large")
    print(
        f"# counted {large} responses incrementally in {time.perf_counter() - start:.1f} s", file=sys.stderr
    )

    estimate(big)  # warm up
    large_s = median_s(lambda: estimate(big), 7)
    small_s = median_s(lambda: estimate(small), 7)
    print(f"estimates_1m_s: {large_s:.4f}")
    print(f"estimates_growth: {large_s / small_s:.2f}")

    # The same ALL estimate straight from the generated rows: the sums lost nothing.
    respondents: dict[tuple[int, int, int], int] = {}
    sums: dict[tuple[int, int, int], estimators.Sums] = {}
    for a, s, g, v in large_rows:
        respondents[(a, s, g)] = respondents.get((a, s, g), 0) + 1
        if v != 9:
            y = float(v in (3, 4))
            sums[(a, s, g)] = sums.get((a, s, g), estimators.Sums()) + estimators.Sums(1, y, y)
    direct = estimators.mean(
        estimators.design(respondents, {k: float(n) for k, n in population.items()}), sums
    )
    found = estimate(big)
    assert found.estimate is not None and direct.estimate is not None
    assert abs(found.estimate - direct.estimate) < 1e-9, (found, direct)

    data = builder.build(big)
    Situation.objects.create(
        municipality=municipality,
        year=2025,
        version=1,
        survey=big,
        adopted_on=date(2025, 12, 1),
        decision="KS",
        data=data,
    )
    client = Client(HTTP_HOST="127.0.0.1")
    assert client.get("/bench/lagesbild/2025/").status_code == 200
    page_s = median_s(lambda: client.get("/bench/lagesbild/2025/"), 30)
    print(f"lagesbild_page_p50_ms: {page_s * 1000:.1f}")
    small.delete()  # the working version shows the year's survey with the most respondents anyway
    client.force_login(User.objects.create_superuser("bench", "bench@example.org", "bench-password-1"))
    assert client.get("/bench/lagesbild/2025/personal/").status_code == 200
    staff_s = median_s(lambda: client.get("/bench/lagesbild/2025/personal/"), 10)
    print(f"lagesbild_staff_page_p50_ms: {staff_s * 1000:.1f}")

    folder = Path(tempfile.mkdtemp(prefix="tryggve-bench-r-"))
    try:
        found_r = r_seconds(large_rows, population, folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    if found_r is not None:
        seconds, whole = found_r
        assert abs(whole - (found.estimate or 0)) < 1e-9, (whole, found.estimate)
        print(f"precomputed_estimates_vs_r_speedup: {seconds / large_s:.0f}")


if __name__ == "__main__":
    main()
