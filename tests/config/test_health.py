import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


def test_healthz_on_the_database_engine(client, settings):
    settings.ELASTICSEARCH_URL = ""
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {
        "database": "ok",
        "cache": "ok",
        "search": {"engine": "database", "status": "ok"},
    }


def test_healthz_on_elasticsearch_reports_its_version(client, search_settings, es_client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["database"] == "ok"
    assert body["search"]["engine"] == "elasticsearch"
    assert body["search"]["status"] == "ok"
    nodes = es_client.nodes.info(node_id="_local", metric="_none")["nodes"]
    assert body["search"]["version"] == next(iter(nodes.values()))["version"]


def test_healthz_when_elasticsearch_is_unreachable(client, settings):
    # Nothing listens on port 9 of this machine.
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["search"] == {
        "engine": "elasticsearch",
        "status": "unavailable",
        "fallback": "database",
    }
    assert "127.0.0.1" not in response.content.decode()


def test_healthz_is_503_when_the_database_is_down(tmp_path):
    # A real unreachable database: a SQLite file in a folder that does not exist.
    script = (
        "import django, json; django.setup();"
        "from django.test import Client;"
        "r = Client().get('/healthz');"
        "print(json.dumps({'status': r.status_code, 'body': r.json()}))"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'missing' / 'db.sqlite3'}",
        "ELASTICSEARCH_URL": "",
    }
    command = [sys.executable, "-c", script]
    out = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=True)  # noqa: S603
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["status"] == 503
    assert result["body"]["database"] == "unavailable"
    assert "secret" not in out.stdout.lower()


def test_healthz_on_the_shared_cache(client, redis_caches):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["cache"] == "ok"


def test_healthz_is_503_when_the_shared_cache_is_down(client):
    from django.test import override_settings

    from config.settings.base import cache_settings

    # A real Redis client against a port where nothing listens.
    with override_settings(CACHES=cache_settings("redis://127.0.0.1:9/0")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["cache"] == "unavailable"
    assert response.json()["database"] == "ok"
