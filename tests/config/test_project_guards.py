"""Guards on how the project itself runs: deploy checks and the CI rule."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run(command, **env):
    # The browser tests allow Django's ORM inside Playwright's event loop for
    # this process only; a deployment check must not inherit that.
    inherited = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
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


def test_static_files_collect_under_production_settings(tmp_path):
    """The deploy step `collectstatic` hashes every file and each file it refers to."""
    result = run(
        [sys.executable, "manage.py", "collectstatic", "--no-input"],
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="directory.example.org",
        STATIC_ROOT=str(tmp_path / "static"),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert (tmp_path / "static" / "staticfiles.json").is_file()


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
