"""Settings are read from the environment once, at start-up, so each case runs a fresh
`littleminds` process with the environment it describes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

# The child process gets this machine's environment without our own variables, pytest's, or
# Django's (the browser tests set DJANGO_ALLOW_ASYNC_UNSAFE for this process only).
_OURS = ("LITTLEMINDS_", "PYTEST", "DJANGO_", "DATABASE_URL")


def _clean_environment(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(_OURS)}
    env.update(extra)
    return env


SECRET = "kq3-9vX!w2p_long-random-production-key-for-this-test-only-7Hs0dLm"


def _run(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - our own command, fixed arguments
        [sys.executable, "-m", "littleminds.manage", *args],
        capture_output=True,
        text=True,
        env=_clean_environment(LITTLEMINDS_VAR_DIR=str(tmp_path), **env),
        timeout=900,  # a bound for a hung migration, not a speed test: a busy machine takes minutes
        check=False,
    )


def test_it_passes_the_deployment_checks_with_production_settings(tmp_path: Path) -> None:
    result = _run(
        tmp_path,
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        LITTLEMINDS_SECRET_KEY=SECRET,
        LITTLEMINDS_ALLOWED_HOSTS="littleminds.example.org",
    )

    assert result.returncode == 0, result.stderr + result.stdout
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_it_refuses_to_start_in_production_without_a_secret_key(tmp_path: Path) -> None:
    result = _run(tmp_path, "check")

    assert result.returncode != 0
    assert "Set LITTLEMINDS_SECRET_KEY" in result.stderr


def test_it_explains_a_malformed_boolean(tmp_path: Path) -> None:
    result = _run(tmp_path, "check", LITTLEMINDS_DEBUG="maybe")

    assert result.returncode != 0
    assert "LITTLEMINDS_DEBUG must be true or false, not 'maybe'" in result.stderr


@pytest.mark.parametrize(
    ("url", "engine", "name"),
    [
        (
            "sqlite:////srv/littleminds/place.sqlite3",
            "django.db.backends.sqlite3",
            "/srv/littleminds/place.sqlite3",
        ),
        (
            "postgres://lm@db.internal:5432/littleminds",
            "django.db.backends.postgresql",
            "littleminds",
        ),
    ],
)
def test_it_reads_the_database_from_database_url(
    tmp_path: Path, url: str, engine: str, name: str
) -> None:
    code = (
        "from django.conf import settings;"
        "db = settings.DATABASES['default'];"
        "print(db['ENGINE'], db['NAME'], db.get('OPTIONS', {}).get('transaction_mode', ''))"
    )
    env = _clean_environment(
        DATABASE_URL=url,
        DJANGO_SETTINGS_MODULE="littleminds.settings",
        LITTLEMINDS_DEBUG="true",
        LITTLEMINDS_VAR_DIR=str(tmp_path),
    )
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False
    )

    assert result.returncode == 0, result.stderr
    printed = result.stdout.split()
    assert printed[:2] == [engine, name]
    if engine.endswith("sqlite3"):
        assert printed[2] == "IMMEDIATE"


def test_it_uses_sqlite_in_wal_mode_by_default(tmp_path: Path) -> None:
    result = _run(tmp_path, "migrate", "--noinput", LITTLEMINDS_DEBUG="true")
    assert result.returncode == 0, result.stderr

    probe = _run(
        tmp_path,
        "shell",
        "-c",
        "from django.db import connection; c = connection.cursor(); "
        "c.execute('PRAGMA journal_mode'); print(c.fetchone()[0])",
        LITTLEMINDS_DEBUG="true",
    )

    assert probe.stdout.strip().splitlines()[-1] == "wal"
    assert (tmp_path / "littleminds.sqlite3").exists()


def test_it_treats_an_empty_variable_as_unset(tmp_path: Path) -> None:
    """`LITTLEMINDS_REQUIRE_2FA=` must not silently turn two-factor sign-in off."""
    code = "from django.conf import settings; print(settings.REQUIRE_2FA, settings.EMAIL_BACKEND)"
    env = _clean_environment(
        DJANGO_SETTINGS_MODULE="littleminds.settings",
        LITTLEMINDS_DEBUG="true",
        LITTLEMINDS_VAR_DIR=str(tmp_path),
        LITTLEMINDS_REQUIRE_2FA="",
        LITTLEMINDS_EMAIL_BACKEND=" ",
    )
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "django.core.mail.backends.console.EmailBackend"]


def _placeholder_key() -> str:
    """The key `.env.example` ships with, read from the file so the test follows it."""
    example = Path(__file__).resolve().parents[3] / ".env.example"
    for line in example.read_text().splitlines():
        if line.startswith("LITTLEMINDS_SECRET_KEY="):
            return line.partition("=")[2]
    raise AssertionError(".env.example sets no LITTLEMINDS_SECRET_KEY")


@pytest.mark.parametrize(
    "key",
    [
        pytest.param(_placeholder_key(), id="the .env.example placeholder"),
        pytest.param("x" * 49, id="49 characters"),
        pytest.param("a" * 58, id="one character 58 times"),
        pytest.param("ab" * 40, id="two characters 40 times"),
        pytest.param(
            "django-insecure-" + "q7Wm2Zp9Lx4Rt8Vn3Kc6Hy1Bd5Fg0Js" * 2, id="Django's insecure key"
        ),
        pytest.param(
            "littleminds-development-only-key-never-use-in-production-0123456789",
            id="the built-in development key",
        ),
    ],
)
def test_it_refuses_to_start_in_production_with_a_weak_secret_key(tmp_path: Path, key: str) -> None:
    result = _run(tmp_path, "check", LITTLEMINDS_SECRET_KEY=key)

    assert result.returncode != 0
    assert "LITTLEMINDS_SECRET_KEY" in result.stderr
    assert "at least 50 characters" in result.stderr
    assert 'python3 -c "import secrets; print(secrets.token_urlsafe(50))"' in result.stderr


def test_it_starts_with_a_key_of_50_characters(tmp_path: Path) -> None:
    result = _run(tmp_path, "check", LITTLEMINDS_SECRET_KEY="kQ7-zR2_w" * 5 + "mN4pX")

    assert result.returncode == 0, result.stderr


def test_it_accepts_a_weak_key_while_debugging(tmp_path: Path) -> None:
    result = _run(
        tmp_path, "check", LITTLEMINDS_SECRET_KEY=_placeholder_key(), LITTLEMINDS_DEBUG="true"
    )

    assert result.returncode == 0, result.stderr


def test_it_still_allows_the_development_key_for_make_check(tmp_path: Path) -> None:
    result = _run(tmp_path, "check", LITTLEMINDS_ALLOW_DEV_KEY="1")

    assert result.returncode == 0, result.stderr
