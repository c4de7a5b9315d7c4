"""Settings from the environment: development needs nothing, production is strict."""

import ast
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
STRONG_KEY = "x" * 20 + "abcdefghijklmnopqrstuvwxyz0123456789"


def manage(*args: str, tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {
        key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "DATABASE_URL"))
    }
    environment.update(env, TRYGGVE_LOCAL_DIR=str(tmp_path))
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_development_generates_a_secret_key_once_outside_git(tmp_path: Path) -> None:
    assert manage("check", tmp_path=tmp_path).returncode == 0
    key = (tmp_path / "secret_key").read_text()
    assert len(key) >= 50
    assert manage("check", tmp_path=tmp_path).returncode == 0
    assert (tmp_path / "secret_key").read_text() == key


def test_production_refuses_to_start_without_a_real_secret_key(tmp_path: Path) -> None:
    for key in ("", "short", "django-insecure-" + "a1b2c3d4e5" * 5):
        result = manage(
            "check",
            tmp_path=tmp_path,
            DJANGO_ENV="production",
            DJANGO_SECRET_KEY=key,
            DJANGO_ALLOWED_HOSTS="x",
        )
        assert result.returncode != 0
        assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_deploy_check_is_clean(tmp_path: Path) -> None:
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        tmp_path=tmp_path,
        DJANGO_ENV="production",
        DJANGO_SECRET_KEY=STRONG_KEY,
        DJANGO_ALLOWED_HOSTS="trygghet.halmstad.example",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_needs_allowed_hosts(tmp_path: Path) -> None:
    result = manage("check", tmp_path=tmp_path, DJANGO_ENV="production", DJANGO_SECRET_KEY=STRONG_KEY)
    assert result.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS" in result.stderr


def test_booleans_and_numbers_take_the_usual_spellings(tmp_path: Path) -> None:
    spelled = {  # variable: (its value, the setting it gives, what that becomes)
        "DJANGO_DEBUG": (" Yes ", "DEBUG", True),
        "DJANGO_EMAIL_USE_TLS": ("ON", "EMAIL_USE_TLS", True),
        "TRYGGVE_OIDC_CREATE_USERS": ("1", "OIDC_CREATE_USER", True),
        "DJANGO_SECURE_SSL_REDIRECT": ("true", "SECURE_SSL_REDIRECT", True),
        "DJANGO_HSTS_INCLUDE_SUBDOMAINS": ("False", "SECURE_HSTS_INCLUDE_SUBDOMAINS", False),
        "DJANGO_HSTS_PRELOAD": ("no", "SECURE_HSTS_PRELOAD", False),
        "TRYGGVE_OIDC_COUNTS_AS_TWO_FACTOR": (" off", "OIDC_COUNTS_AS_TWO_FACTOR", False),
        "DJANGO_BEHIND_TLS_PROXY": ("0", "SECURE_PROXY_SSL_HEADER", None),
        "TRYGGVE_SURVEY_DRAFT_HOURS": (" 12 ", "SURVEY_DRAFT_HOURS", 12),
    }
    names = [setting for _value, setting, _becomes in spelled.values()]
    result = manage(
        "shell",
        "--no-imports",
        "-c",
        f"from django.conf import settings; print([getattr(settings, name) for name in {names!r}])",
        tmp_path=tmp_path,
        DJANGO_ENV="production",
        DJANGO_SECRET_KEY=STRONG_KEY,
        DJANGO_ALLOWED_HOSTS="x",
        **{variable: value for variable, (value, _setting, _becomes) in spelled.items()},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == repr([becomes for _value, _setting, becomes in spelled.values()])


def test_a_malformed_boolean_stops_start_up_naming_it_and_the_accepted_values(tmp_path: Path) -> None:
    result = manage(
        "check",
        tmp_path=tmp_path,
        DJANGO_ENV="production",
        DJANGO_SECRET_KEY=STRONG_KEY,
        DJANGO_ALLOWED_HOSTS="x",
        DJANGO_SECURE_SSL_REDIRECT="ture",
    )
    assert result.returncode != 0
    assert (
        "ImproperlyConfigured: DJANGO_SECURE_SSL_REDIRECT must be true or false "
        "(true/1/yes/on or false/0/no/off), not 'ture'." in result.stderr
    )


def test_a_malformed_number_stops_start_up_naming_it(tmp_path: Path) -> None:
    result = manage("check", tmp_path=tmp_path, TRYGGVE_SURVEY_DRAFT_HOURS="48h")
    assert result.returncode != 0
    assert (
        "ImproperlyConfigured: TRYGGVE_SURVEY_DRAFT_HOURS must be a whole number, not '48h'." in result.stderr
    )


def read_variables() -> set[str]:
    """The environment variables settings.py reads, directly or through its _env_ helpers."""
    readers = ("os.environ.get", "_env_bool", "_env_int")
    module = ast.parse((ROOT / "tryggve" / "settings.py").read_text())
    # The helpers read the variable their caller names.
    statements = [s for s in module.body if not (isinstance(s, ast.FunctionDef) and s.name in readers)]
    names = set()
    for node in (node for statement in statements for node in ast.walk(statement)):
        if isinstance(node, ast.Call) and ast.unparse(node.func) in readers:
            key = node.args[0]
        elif isinstance(node, ast.Subscript) and ast.unparse(node.value) == "os.environ":
            key = node.slice
        else:
            continue
        assert isinstance(key, ast.Constant) and isinstance(key.value, str), ast.unparse(node)
        names.add(key.value)
    return names


def documented_variables() -> set[str]:
    """The variables in the first column of the README's configuration table, and those
    docs/deployment.md names as code."""
    name = re.compile(r"`([A-Z][A-Z0-9_]*)`")
    readme = (ROOT / "README.md").read_text()
    configuration = readme.split("\n## Configuration\n", 1)[1].split("\n## ", 1)[0]
    names = {
        found
        for line in configuration.splitlines()
        if line.startswith("| `")
        for found in name.findall(line.split("|")[1])
    }
    return names | set(name.findall((ROOT / "docs" / "deployment.md").read_text()))


def test_every_environment_variable_settings_reads_is_documented() -> None:
    read = read_variables()
    # The parse finds what each kind of reading reads.
    assert {
        "DJANGO_ENV",
        "DJANGO_SECURE_SSL_REDIRECT",
        "TRYGGVE_SURVEY_DRAFT_HOURS",
        "TRYGGVE_OIDC_TOKEN_ENDPOINT",
    } <= read
    undocumented = sorted(read - documented_variables())
    assert undocumented == [], "add them to the README's configuration table"
