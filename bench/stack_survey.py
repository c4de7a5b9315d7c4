"""The survey load of bench/survey_submit.py through the documented stack: nginx (TLS) and gunicorn.

50 clients, each from its own loopback address (127.0.0.2 … 127.0.0.51), answer the whole
survey again and again through nginx, started from deploy/ by bench/stack.py with the documented
settings (the abuse limits included, never raised). Prints `stack_survey_per_s`,
`stack_survey_p99_ms`, `stack_survey_refused` (answers refused with 429) and
`stack_survey_lost`. A baseline for later work: no target yet.
"""

import os
import ssl
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import survey_submit  # noqa: E402
from bench.stack import production_stack  # noqa: E402


def main() -> None:
    with production_stack(demo_responses=0) as stack:
        environment = {**stack.env, "DJANGO_LOG_LEVEL": "WARNING"}
        setup = survey_submit.open_survey(environment, "bench")
        tls = ssl.create_default_context(cafile=str(stack.folder / "tls" / "fullchain.pem"))
        through = survey_submit.Proxy(tls, [f"127.0.0.{n}" for n in range(2, 2 + survey_submit.CLIENTS)])
        port = int(stack.url.rsplit(":", 1)[1])
        start, pages = "/halmstad/enkat/bench/", survey_submit.answers(setup["area"])
        warm_up = survey_submit.load(port, start, pages, survey_submit.WARM_UP_SECONDS, through)
        measured = survey_submit.load(port, start, pages, through=through)
        acknowledged = warm_up["acknowledged"] + measured["acknowledged"]
        lost = max(0, acknowledged - survey_submit.stored(stack.env, setup["id"]))
        refused = warm_up.get("refused", 0) + measured.get("refused", 0)
    print(f"stack_survey_per_s: {measured['complete'] / measured['elapsed']:.1f}")
    print(f"stack_survey_p99_ms: {survey_submit.p99(measured['latencies']):.1f}")
    print(f"stack_survey_refused: {refused}")
    print(f"stack_survey_lost: {lost}")
    if refused:
        print(
            "stack_survey_note: the survey's abuse limit refused answers with 429: each of the "
            f"{survey_submit.CLIENTS} addresses answered more than its hourly limit"
        )
    if os.environ.get("BENCH_DEBUG"):
        print(measured.get("errors", [])[:5], file=sys.stderr)


if __name__ == "__main__":
    main()
