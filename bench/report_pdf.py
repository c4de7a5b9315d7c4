"""The lägesbild report as PDF: the demo's 2018 report of Halmstad, asked for by its analyst as
the staff page's PDF link asks for it (the whole request: figures, texts, layout, shaping, the
font subset). Prints `lagesbild_report_pdf_s` (target: at most 3 s) and its size in bytes.

`bench/run.py` calls `figures` on the demo it has loaded; run alone, this loads its own.
"""

import io
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ADDRESS = "/halmstad/lagesbild/2018/personal/rapport/rapport.pdf"
REPEAT = 5


def figures() -> None:
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(get_user_model().objects.get(username="samordnare.halmstad"))
    timings = []
    for language in ("sv", "ar"):
        for _ in range(REPEAT):
            start = time.perf_counter()
            response = client.get(f"{ADDRESS}?lang={language}")
            timings.append((language, time.perf_counter() - start, len(response.content)))
            assert response.status_code == 200, response.status_code
    swedish = sorted(seconds for language, seconds, _ in timings if language == "sv")
    arabic = sorted(seconds for language, seconds, _ in timings if language == "ar")
    print(f"lagesbild_report_pdf_s: {swedish[REPEAT // 2]:.2f}")
    print(f"lagesbild_report_pdf_arabic_s: {arabic[REPEAT // 2]:.2f}")
    print(f"lagesbild_report_pdf_bytes: {next(size for language, _, size in timings if language == 'sv')}")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    from bench.sqlite_django import set_up

    set_up(prefix="tryggve-bench-report-")
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_demo", stdout=io.StringIO())
    figures()
