"""The README's deploy steps, run for real and tried over HTTP.

bin/serve (what `make serve` runs) takes a fresh PostgreSQL database through
the steps of the README's "Deploying": the production settings, migrate,
collectstatic, gunicorn, the background worker and a Redis of its own, with
the demo directory loaded and search on the real Elasticsearch. The tests
then talk to gunicorn as a browser behind a TLS proxy would.

It needs a PostgreSQL server where DEPLOY_DATABASE_URL's role may create
databases (.ci/run sets it), redis-server and Elasticsearch. It runs once per
CI run (single_run); without them it skips, and in CI it fails instead.
"""

import gzip
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
import requests

pytestmark = pytest.mark.single_run

ROOT = Path(__file__).resolve().parents[2]
# migrate, collectstatic and the demo directory on a fresh database.
START_SECONDS = 900
PROXY = {"X-Forwarded-Proto": "https"}
PUBLIC_ADDRESS = "https://directory.example.org"


def _missing(reason):
    from tests.conftest import running_in_ci

    if running_in_ci():
        pytest.fail(f"The deploy check is required in CI: {reason}", pytrace=False)
    pytest.skip(f"Cannot run the deploy check: {reason}")


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def fresh_database():
    """A new, empty PostgreSQL database on DEPLOY_DATABASE_URL's server, dropped afterwards."""
    import psycopg

    url = os.environ.get("DEPLOY_DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        _missing("DEPLOY_DATABASE_URL does not name a PostgreSQL server")
    name = f"directory_deploy_{uuid.uuid4().hex[:8]}"
    parts = urlsplit(url)
    try:
        admin = psycopg.connect(url, autocommit=True, connect_timeout=5)
    except psycopg.Error as error:
        _missing(f"cannot reach {parts.hostname}:{parts.port}: {error}")
    with admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    yield urlunsplit(parts._replace(path=f"/{name}"))
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def stop(server):
    """Stop bin/serve and all it started; it may have stopped by itself already."""
    try:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(60)
    except ProcessLookupError:
        return
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait(10)


@pytest.fixture(scope="module")
def deployed(fresh_database, elasticsearch_url, tmp_path_factory):
    """gunicorn serving the deployed site: (base URL, VAR_DIR, database URL)."""
    from elasticsearch import Elasticsearch

    if not shutil.which("redis-server"):
        _missing("redis-server is not installed")
    var = tmp_path_factory.mktemp("deploy")
    port = free_port()
    prefix = f"deploy-{uuid.uuid4().hex[:8]}"
    inherited = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DJANGO_ALLOW_ASYNC_UNSAFE", "DJANGO_SETTINGS_MODULE", "REDIS_URL")
    }
    env = {
        **inherited,
        "VAR_DIR": str(var),
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "SERVE_REDIS_PORT": str(free_port()),
        "SERVE_DEMO": "1",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DATABASE_URL": fresh_database,
        "ELASTICSEARCH_URL": elasticsearch_url,
        "ELASTICSEARCH_INDEX_PREFIX": prefix,
        # Production as it is behind a TLS proxy: redirect plain HTTP. The public
        # address is the proxy's, on the standard port; gunicorn is reached directly.
        "SECURE_SSL_REDIRECT": "true",
        "BASE_URL": PUBLIC_ADDRESS,
        # The smoke test fills the report form faster than a person would.
        "REPORT_MIN_SECONDS": "0",
    }
    log = (var / "serve.log").open("w")
    server = subprocess.Popen(  # noqa: S603
        [str(ROOT / "bin" / "serve")],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_SECONDS
        while True:
            if server.poll() is not None:
                pytest.fail(f"bin/serve stopped:\n{(var / 'serve.log').read_text()[-4000:]}")
            try:
                if requests.get(base + "/healthz", headers=PROXY, timeout=30).status_code == 200:
                    break
            except requests.RequestException:  # not listening yet, or busy starting
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"no answer on {base}:\n{(var / 'serve.log').read_text()[-4000:]}")
            time.sleep(2)
        yield base, var, fresh_database
    finally:
        stop(server)
        log.close()
        Elasticsearch(elasticsearch_url).indices.delete(
            index=f"{prefix}-*", ignore_unavailable=True, allow_no_indices=True
        )


class Browser:
    """requests behind a TLS proxy, keeping cookies as a browser does for https."""

    def __init__(self, base):
        self.base = base
        self.cookies = {}

    def request(self, method, path, headers=None, **kwargs):
        headers = {**PROXY, **(headers or {})}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        response = requests.request(
            method,
            self.base + path,
            headers=headers,
            allow_redirects=False,
            timeout=60,
            **kwargs,
        )
        for cookie in response.cookies:
            self.cookies[cookie.name] = cookie.value
        return response

    def get(self, path, **kwargs):
        return self.request("GET", path, **kwargs)

    def post(self, path, data, **kwargs):
        origin = "https://" + urlsplit(self.base).netloc
        headers = {"Origin": origin, "Referer": origin + path, **kwargs.pop("headers", {})}
        return self.request("POST", path, data=data, headers=headers, **kwargs)


def csrf_token(html):
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def test_health_names_the_database_and_elasticsearch(deployed):
    base, _, _ = deployed
    body = requests.get(base + "/healthz", headers=PROXY, timeout=30).json()
    assert body["database"] == "ok"
    assert body["search"]["engine"] == "elasticsearch"
    assert body["search"]["status"] == "ok"


def test_plain_http_is_sent_to_https(deployed):
    base, _, _ = deployed
    response = requests.get(base + "/", allow_redirects=False, timeout=30)
    assert response.status_code == 301
    assert response.headers["Location"].startswith("https://")


def test_the_home_page_and_its_hashed_static_files(deployed):
    base, var, _ = deployed
    browser = Browser(base)
    home = browser.get("/")
    assert home.status_code == 200
    assert "Find meetings and support near you" in home.text
    assert not home.cookies
    assert "script-src 'self'" in home.headers["Content-Security-Policy"]
    assert home.headers["Strict-Transport-Security"].startswith("max-age=")
    manifest = json.loads((var / "static" / "staticfiles.json").read_text())["paths"]
    stylesheet = f"/static/{manifest['css/site.css']}"
    assert f'href="{stylesheet}"' in home.text
    css = browser.get(stylesheet, headers={"Accept-Encoding": "gzip"})
    assert css.status_code == 200
    assert css.headers["Content-Encoding"] == "gzip"
    assert "immutable" in css.headers["Cache-Control"]


def test_search_results_from_elasticsearch(deployed):
    base, _, _ = deployed
    page = Browser(base).get("/search/?near=80205&radius=10")
    assert page.status_code == 200
    assert page.headers["Cache-Control"] == "no-store"
    assert re.search(r"[0-9]+ results? within 10 mi of 80205", page.text)
    api = Browser(base).get("/api/v1/search?near=80205&kind=meeting")
    assert api.status_code == 200
    body = api.json()
    assert body["engine"] == "elasticsearch"
    assert not body["degraded"]
    assert body["total"] > 0


def listing_id(base):
    return Browser(base).get("/api/v1/search?kind=meeting&page_size=1").json()["results"][0]


def test_a_listing_its_calendar_and_its_api_record(deployed):
    base, _, _ = deployed
    browser = Browser(base)
    hit = listing_id(base)
    path = urlsplit(hit["url"]).path
    page = browser.get(path)
    assert page.status_code == 200
    assert hit["title"] in page.text.replace("&#x27;", "'").replace("&amp;", "&")
    calendar = browser.get(path + "calendar/")
    assert calendar.status_code == 200
    assert calendar.text.startswith("BEGIN:VCALENDAR")
    record = browser.get(f"/api/v1/listings/{hit['id']}")
    assert record.status_code == 200
    assert record.json()["id"] == hit["id"]
    assert browser.get("/api/v1/listings/99999999999999999999/").status_code == 404
    assert browser.get("/no-such-page/").status_code == 404


def test_the_report_form_takes_a_report(deployed):
    import psycopg

    base, _, database = deployed
    browser = Browser(base)
    listing = listing_id(base)["id"]
    form = browser.get(f"/report/{listing}/")
    assert form.status_code == 200
    (cookie,) = form.cookies
    assert cookie.name == "csrftoken"
    assert cookie.secure
    assert cookie.expires is None  # ends with the browser session
    stamp = re.search(r'name="stamp" value="([^"]+)"', form.text).group(1)
    details = f"Deploy check {uuid.uuid4().hex[:8]}: the door code changed."
    sent = browser.post(
        f"/report/{listing}/",
        {
            "csrfmiddlewaretoken": csrf_token(form.text),
            "stamp": stamp,
            "reason": "wrong_place",
            "details": details,
        },
    )
    assert sent.status_code == 303, sent.text[:2000]
    assert browser.get(urlsplit(sent.headers["Location"]).path).status_code == 200
    with psycopg.connect(database) as connection:
        stored = connection.execute(
            "SELECT count(*) FROM problem_reports_problemreport WHERE details = %s", [details]
        ).fetchone()[0]
    assert stored == 1


def test_the_meeting_feed(deployed):
    base, _, _ = deployed
    browser = Browser(base)
    zipped = browser.get("/meetings.json", headers={"Accept-Encoding": "gzip"})
    assert zipped.status_code == 200
    entries = json.loads(zipped.content)  # requests has already gunzipped it
    assert len(entries) > 50
    assert all(entry["slug"] and entry["name"] for entry in entries)
    # Links in the feed are on the site's public address, from BASE_URL.
    assert all(entry["url"].startswith(PUBLIC_ADDRESS + "/") for entry in entries)
    assert zipped.headers["Content-Encoding"] == "gzip"
    again = browser.get(
        "/meetings.json",
        headers={"If-None-Match": zipped.headers["ETag"], "Accept-Encoding": "identity"},
    )
    assert again.status_code == 304
    raw = requests.get(
        base + "/meetings.json",
        headers={**PROXY, "Accept-Encoding": "gzip"},
        stream=True,
        timeout=60,
    )
    assert json.loads(gzip.decompress(raw.raw.read())) == entries


def test_the_open_data_apis(deployed):
    base, _, _ = deployed
    browser = Browser(base)
    for path in ("/api/v1/openapi.json", "/api/hsds/openapi.json"):
        assert browser.get(path).json()["openapi"].startswith("3.")
    services = browser.get("/api/hsds/services?per_page=5")
    assert services.status_code == 200
    assert len(services.json()["contents"]) == 5
    assert browser.get("/api/hsds/services?per_page=%C2%B2").status_code == 400


def test_the_admin_signs_in_and_the_worker_checks_an_import(deployed):
    base, var, _ = deployed
    browser = Browser(base)
    login = browser.get("/admin/login/")
    assert login.status_code == 200
    password = (var / "demo-admin-password").read_text().strip()
    signed_in = browser.post(
        "/admin/login/",
        {
            "csrfmiddlewaretoken": csrf_token(login.text),
            "username": "admin",
            "password": password,
            "next": "/admin/",
        },
    )
    assert signed_in.status_code == 302, signed_in.text[:2000]
    assert "sessionid" in browser.cookies
    dashboard = browser.get("/admin/")
    assert dashboard.status_code == 200
    assert "Directory" in dashboard.text

    # The worker beside gunicorn checks an upload in the background.
    upload = browser.get("/admin/imports/")
    section = re.search(r'<option value="([0-9]+)" selected>', upload.text).group(1)
    csv = (
        "Name,Day,Time,End Time,Address,City,State,Postal Code,Types\n"
        "Deploy Check Group,2,19:00,20:00,2855 Welton St,Denver,CO,80205,O\n"
    )
    sent = browser.post(
        "/admin/imports/",
        {"csrfmiddlewaretoken": csrf_token(upload.text), "section": section},
        files={"file": ("deploy-check.csv", csv.encode(), "text/csv")},
    )
    assert sent.status_code == 302, sent.text[:2000]
    run = urlsplit(sent.headers["Location"]).path
    deadline = time.monotonic() + 120
    while "Checked: ready to apply" not in (page := browser.get(run).text):
        assert time.monotonic() < deadline, page[-2000:]
        time.sleep(1)
