"""Guards on how the project itself runs: deploy checks and the CI rule."""

import os
import re
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


PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "ALLOWED_HOSTS": "directory.example.org",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
}


def test_deploy_checks_are_clean_under_production_settings():
    result = run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        SECRET_KEY=secrets.token_urlsafe(50),
        **PRODUCTION,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues (0 silenced)" in result.stdout


def test_production_refuses_to_start_without_the_shared_cache():
    env = {**PRODUCTION, "SECRET_KEY": secrets.token_urlsafe(50), "REDIS_URL": ""}
    result = run([sys.executable, "manage.py", "check"], **env)
    assert result.returncode != 0
    assert "Set REDIS_URL" in result.stderr


def test_collectstatic_needs_no_shared_cache(tmp_path):
    """A build step runs where no Redis is: only serving requires it."""
    env = {**PRODUCTION, "SECRET_KEY": secrets.token_urlsafe(50), "REDIS_URL": ""}
    result = run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "--verbosity", "0"],
        STATIC_ROOT=str(tmp_path),
        **env,
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "staticfiles.json").exists()


def test_a_production_worker_refuses_to_serve_without_the_shared_cache():
    env = {**PRODUCTION, "SECRET_KEY": secrets.token_urlsafe(50), "REDIS_URL": ""}
    result = run([sys.executable, "-c", "import config.wsgi"], **env)
    assert result.returncode != 0
    assert "Set REDIS_URL" in result.stderr


def test_production_reads_its_limits_from_the_environment():
    script = (
        "import django; django.setup(); from django.conf import settings as s;"
        "print(s.REPORT_TRUSTED_PROXIES, s.REPORT_RATE_LIMIT, s.REPORT_RATE_WINDOW,"
        " s.REPORT_MIN_SECONDS, s.AXES_FAILURE_LIMIT, s.AXES_COOLOFF_TIME.total_seconds(),"
        " s.CACHES['default']['BACKEND'], s.CACHES['default']['LOCATION'])"
    )
    result = run(
        [sys.executable, "-c", script],
        SECRET_KEY=secrets.token_urlsafe(50),
        REPORT_TRUSTED_PROXIES="1",
        REPORT_RATE_LIMIT="7",
        REPORT_RATE_WINDOW="600",
        REPORT_MIN_SECONDS="2.5",
        LOGIN_FAILURE_LIMIT="4",
        LOGIN_COOLOFF_MINUTES="30",
        **PRODUCTION,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "1",
        "7",
        "600",
        "2.5",
        "4",
        "1800.0",
        "django.core.cache.backends.redis.RedisCache",
        "redis://127.0.0.1:6379/0",
    ]


DIGIT_TESTS = re.compile(r"(?<!\bstr)\.(isdigit|isdecimal|isnumeric)\(")


def test_no_visitor_input_is_read_with_str_isdigit():
    """str.isdigit() takes "²" and "٣"; whole numbers are [0-9] (directory.params)."""
    found = []
    for folder in (
        "config",
        "demo",
        "directory",
        "feeds",
        "home",
        "imports",
        "problem_reports",
        "search",
    ):
        for path in (ROOT / folder).rglob("*.py"):
            for number, line in enumerate(path.read_text().splitlines(), 1):
                # A call on a value; the docs that name str.isdigit() are no call.
                if DIGIT_TESTS.search(line.split("#")[0]):
                    found.append(f"{path.relative_to(ROOT)}:{number}")
    assert found == []


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


def _redis_test_against_a_dead_server(ci):
    return run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "tests/config/test_shared_cache.py::test_both_caches_reach_redis_and_keep_their_keys_apart",
        ],
        CI=ci,
        REDIS_URL="redis://127.0.0.1:9/0",  # nothing listens there
    )


def test_in_ci_an_unreachable_redis_fails_the_run():
    result = _redis_test_against_a_dead_server(ci="true")
    assert result.returncode == 1
    assert "Redis is required in CI" in result.stdout


def test_outside_ci_an_unreachable_redis_skips():
    result = _redis_test_against_a_dead_server(ci="")
    assert result.returncode == 0
    assert "1 skipped" in result.stdout
