"""The production-stack tier: one documented stack (bench/stack.py) for the whole session.

It runs in CI's PostgreSQL pass (DATABASE_URL on PostgreSQL) and with `make test-stack`
(TRYGGVE_STACK=1); elsewhere its tests are skipped, saying why. The stack brings its own
PostgreSQL cluster, so it never touches the test database.
"""

import os
import time
from collections.abc import Iterator
from typing import Any

import pytest

from bench import stack as stack_module

TIMES: dict[str, float] = {"start": 0.0, "tests": 0.0}
COUNTED: list[int] = [0]
# Pages the crawler visited: (role, language, with or without JavaScript) → count.
CRAWLED: dict[tuple[str, str, str], int] = {}


def stack_wanted() -> bool:
    return bool(os.environ.get("TRYGGVE_STACK")) or os.environ.get("DATABASE_URL", "").startswith("postgres")


@pytest.fixture(scope="session")
def stack() -> Iterator[stack_module.Stack]:
    if not stack_wanted():
        pytest.skip("the production-stack tier runs in the PostgreSQL pass or with `make test-stack`")
    lacking = stack_module.missing()
    if lacking:
        message = "the production-stack tier needs " + ", ".join(lacking)
        if os.environ.get("TRYGGVE_REQUIRE_BROWSER"):
            pytest.fail(message)
        pytest.skip(message)
    started = time.monotonic()
    with stack_module.production_stack() as running:
        TIMES["start"] = time.monotonic() - started
        yield running


def stack_context(
    browser: Any, stack: stack_module.Stack, username: str | None = None, **options: Any
) -> Any:
    """A browser context on the stack's HTTPS address, logged in through the login form if a user is given."""
    context = browser.new_context(base_url=stack.url, ignore_https_errors=True, **options)
    if username:
        page = context.new_page()
        page.goto("/konto/logga-in/")
        page.locator("#id_username").fill(username)
        page.locator("#id_password").fill(stack.passwords[username])
        page.locator("#id_password").press("Enter")
        page.wait_for_url(lambda url: "/logga-in/" not in url)
        page.close()
    return context


def pytest_runtest_logreport(report: Any) -> None:
    if report.when == "call" and "stack" in report.keywords:
        TIMES["tests"] += report.duration
        COUNTED[0] += 1


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if COUNTED[0]:
        terminalreporter.write_line(
            f"production-stack tier: {COUNTED[0]} tests, {TIMES['start'] + TIMES['tests']:.0f} s "
            f"(starting the stack {TIMES['start']:.0f} s, the tests {TIMES['tests']:.0f} s)"
        )
    for (role, language, javascript), pages in sorted(CRAWLED.items()):
        terminalreporter.write_line(f"crawled: {role} {language} {javascript}: {pages} pages")
