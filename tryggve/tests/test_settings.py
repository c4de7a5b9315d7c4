"""Settings from the environment: development needs nothing, production is strict."""

import os
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
