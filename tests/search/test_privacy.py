"""A visitor's location is used for their query and never written to a log."""

import logging
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from search.privacy import RedactQueryStrings

ROOT = Path(__file__).resolve().parent.parent.parent


def test_the_filter_cuts_query_strings_from_request_lines():
    record = logging.LogRecord(
        "django.server",
        logging.INFO,
        __file__,
        1,
        '"%s" %s %s',
        ("GET /api/v1/search?lat=39.7555&lon=-104.96 HTTP/1.1", "200", "512"),
        None,
    )
    RedactQueryStrings().filter(record)
    assert record.getMessage() == '"GET /api/v1/search?… HTTP/1.1" 200 512'


def test_the_development_server_never_logs_where_someone_searched(tmp_path):
    """Start the real development server, search near a point, read its whole log."""
    env_db = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    log = tmp_path / "server.log"
    migrate = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "migrate", "--no-input", "-v0"],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "DATABASE_URL": env_db, "VAR_DIR": str(tmp_path)},
        capture_output=True,
        text=True,
    )
    assert migrate.returncode == 0, migrate.stderr
    with log.open("w") as out:
        server = subprocess.Popen(  # noqa: S603
            [sys.executable, "manage.py", "runserver", "127.0.0.1:8765", "--noreload"],
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
            env={"PATH": "/usr/bin:/bin", "DATABASE_URL": env_db, "VAR_DIR": str(tmp_path)},
        )
    try:
        url = "http://127.0.0.1:8765/api/v1/search?lat=39.7555&lon=-104.9613&near="
        for _ in range(100):
            try:
                urllib.request.urlopen("http://127.0.0.1:8765/healthz", timeout=2)  # noqa: S310
                break
            except OSError:
                time.sleep(0.1)
        with pytest.raises(urllib.error.HTTPError):
            urllib.request.urlopen(url + "Atlantis", timeout=5)  # noqa: S310
        urllib.request.urlopen(url.replace("&near=", ""), timeout=5)  # noqa: S310
    finally:
        server.terminate()
        server.wait(timeout=10)
    written = log.read_text()
    assert "/api/v1/search?…" in written  # the requests were logged …
    for secret in ("39.7555", "104.9613", "Atlantis"):
        assert secret not in written  # … but not where from
