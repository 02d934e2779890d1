"""Guards on how the project itself runs: deploy checks and the CI rule."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run(command, **env):
    # The browser tests allow Django's ORM inside Playwright's event loop for
    # this process only, and CI's second database pass deselects tests through
    # PYTEST_ADDOPTS; neither may reach the child this runs.
    private = {"DJANGO_ALLOW_ASYNC_UNSAFE", "PYTEST_ADDOPTS"}
    inherited = {k: v for k, v in os.environ.items() if k not in private}
    return subprocess.run(  # noqa: S603
        command, cwd=ROOT, env={**inherited, **env}, capture_output=True, text=True
    )


def test_deploy_checks_are_clean_under_production_settings():
    result = run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="directory.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "config.settings.production"},
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr


def _elasticsearch_test_against_dead_cluster(ci):
    return run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "tests/test_elasticsearch_server.py::test_server_is_elasticsearch_8",
        ],
        CI=ci,
        ELASTICSEARCH_URL="http://127.0.0.1:9",  # nothing listens there
    )


def test_in_ci_an_unreachable_elasticsearch_fails_the_run():
    result = _elasticsearch_test_against_dead_cluster(ci="true")
    assert result.returncode == 1
    assert "1 error" in result.stdout or "1 failed" in result.stdout
    assert "Elasticsearch is required in CI" in result.stdout


def test_outside_ci_an_unreachable_elasticsearch_skips():
    result = _elasticsearch_test_against_dead_cluster(ci="")
    assert result.returncode == 0
    assert "1 skipped" in result.stdout
