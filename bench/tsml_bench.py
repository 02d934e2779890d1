"""TSML UI at scale: how soon the real client shows rows, next to /search/'s first byte.

    TSML_UI_JS=…/tsml-ui/app.js .venv/bin/python bench/tsml_bench.py
    TSML_UI_JS=… .venv/bin/python bench/tsml_bench.py --count 5000 --runs 3

16,700 generated listings with seed 7 hold about 10,000 meetings. The data go
to var/bench/tsml-<count>-seed<seed>.sqlite3 (made on the first run, reused
after) unless DATABASE_URL is set; the search index is rebuilt (Elasticsearch
when ELASTICSEARCH_URL is set, else the database engine answers). The site
runs under gunicorn on 127.0.0.1 and Chromium, through Playwright, opens:

- TSML UI 1.8 (the bundle TSML_UI_JS names) pointed at /meetings.json,
  filtered to the busiest town: milliseconds from navigation to its first
  rows, each run in a fresh browser context (nothing cached);
- /search/?near=<that town>&kind=meeting: milliseconds to the first byte.

It also compares how many meeting times TSML UI lists (its own weekday
counts, plus meetings by appointment) with the feed's entries. Prints its
figures; asserts nothing. `make bench` runs it last.
"""

import argparse
import io
import json
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from collections import Counter
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=16_700, help="generated listings")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--runs", type=int, default=5, help="page loads per measurement")
    return parser.parse_args()


ARGS = parse_args()
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
os.environ.setdefault(
    "DATABASE_URL",
    f"sqlite:///{ROOT / 'var' / 'bench' / f'tsml-{ARGS.count}-seed{ARGS.seed}.sqlite3'}",
)
# An index of its own: the search benchmark's stays as it left it.
os.environ["ELASTICSEARCH_INDEX_PREFIX"] = "bench-tsml"
(ROOT / "var" / "bench").mkdir(parents=True, exist_ok=True)

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.utils.text import slugify  # noqa: E402

# Records when TSML UI's first row appears, in the page's own clock.
FIRST_ROWS = """
new MutationObserver((changes, observer) => {
  if (document.querySelector("#tsml-ui table > tbody:last-of-type > tr")) {
    window.firstRows = performance.now();
    observer.disconnect();
  }
}).observe(document, {childList: true, subtree: true});
"""


def ensure_listings(count, seed):
    from directory.models import ListingPage

    call_command("migrate", verbosity=0)
    generated = ListingPage.objects.filter(url_path__contains="/generated/").count()
    if generated != count:
        print(f"Generating {count:,} listings (seed {seed}) …", flush=True)
        call_command(
            "generate_directory", count=count, seed=seed, replace=True, stdout=io.StringIO()
        )
    # Served as in production: DEBUG off, static files collected.
    call_command("collectstatic", "--no-input", verbosity=0)
    started = time.perf_counter()
    call_command("directory_index", "rebuild", stdout=io.StringIO())
    engine = "Elasticsearch" if settings.ELASTICSEARCH_URL else "the database"
    print(f"  search index rebuilt in {time.perf_counter() - started:.1f} s ({engine})")


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url, **headers):
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 - our own server
    with urllib.request.urlopen(request, timeout=300) as response:  # noqa: S310
        return response.read()


def start_server(base):
    """gunicorn serving the site at `base`: one process, so one feed cache."""
    port = base.rsplit(":", 1)[1]
    env = {**os.environ, "BASE_URL": base}
    server = subprocess.Popen(  # noqa: S603 - fixed arguments
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--worker-class",
            "gthread",
            "--threads",
            "4",
            "--timeout",
            "300",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            fetch(f"{base}/healthz")
            return server
        except OSError:
            time.sleep(0.5)
    server.terminate()
    raise SystemExit("gunicorn did not answer within a minute.")


def busiest_town(entries):
    """(regions, "City, ST") of the town with the most meeting times."""
    towns = Counter(
        (tuple(entry["regions"]), entry.get("city", ""), entry.get("state", ""))
        for entry in entries
        if len(entry.get("regions", [])) == 2 and entry.get("state")
    )
    (regions, city, state), _count = towns.most_common(1)[0]
    return regions, f"{city}, {state}"


def summary(label, values):
    print(
        f"  {label:<34} median {statistics.median(values):8.0f} ms   "
        f"min {min(values):8.0f} ms   max {max(values):8.0f} ms   ({len(values)} runs)"
    )


def tsml_listed(page, url):
    """How many meeting times TSML UI lists: its weekday counts, plus appointments."""
    from tests.fixtures.tsml_ui import dropdown_counts, wait_for_rows

    page.goto(url)
    wait_for_rows(page, timeout=300_000)
    days = dropdown_counts(page, "weekday")
    appointments = dropdown_counts(page, "time").get("Appointment", 0)
    return sum(days.values()) + appointments


def main():
    from playwright.sync_api import sync_playwright

    from home.site_address import set_site_address
    from tests.fixtures.tsml_ui import ENV, only_local, serve_tsml_ui

    bundle_path = os.environ.get(ENV, "")
    if not Path(bundle_path).is_file():
        print(f"== TSML UI: skipped, {ENV} names no file ({bundle_path or 'unset'}).")
        return
    print(f"== TSML UI 1.8 and /search/, {ARGS.count:,} generated listings (seed {ARGS.seed})")
    ensure_listings(ARGS.count, ARGS.seed)
    base = f"http://127.0.0.1:{free_port()}"
    set_site_address(base)
    server = start_server(base)
    try:
        started = time.perf_counter()
        body = fetch(f"{base}/meetings.json")
        built = (time.perf_counter() - started) * 1000
        entries = json.loads(body)
        zipped = fetch(f"{base}/meetings.json", **{"Accept-Encoding": "gzip"})
        print(
            f"  feed: {len(entries):,} meeting times, {len(body) / 1e6:.1f} MB "
            f"({len(zipped) / 1e6:.1f} MB gzipped), first build {built:,.0f} ms"
        )
        regions, town = busiest_town(entries)
        region = "-".join(slugify(part) for part in regions)
        in_town = sum(1 for entry in entries if tuple(entry.get("regions", [])) == regions)
        print(f"  place: {town} ({in_town} meeting times; TSML UI region {region})")

        bundle = Path(bundle_path).read_bytes()
        with (
            sync_playwright() as playwright,
            serve_tsml_ui(bundle, f"{base}/meetings.json", settings.TIME_ZONE) as tsml,
        ):
            browser = playwright.chromium.launch(
                executable_path=os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"),
                args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
            )

            def fresh_page():
                context = browser.new_context(locale="en-US", timezone_id=settings.TIME_ZONE)
                only_local(context, tsml.rstrip("/"), base)
                return context, context.new_page()

            context, page = fresh_page()
            listed = tsml_listed(page, tsml)
            context.close()
            print(f"  TSML UI lists {listed:,} of the feed's {len(entries):,} meeting times")

            first_rows, feed_in = [], []
            for _run in range(ARGS.runs):
                context, page = fresh_page()
                page.add_init_script(FIRST_ROWS)
                page.goto(f"{tsml}#/?region={region}")
                page.wait_for_function("() => window.firstRows", timeout=300_000)
                first_rows.append(page.evaluate("window.firstRows"))
                feed_in.append(
                    page.evaluate(
                        "(url) => performance.getEntriesByName(url)[0].responseEnd",
                        f"{base}/meetings.json",
                    )
                )
                context.close()
            summary("TSML UI, feed downloaded", feed_in)
            summary(f"TSML UI, first rows in {town}", first_rows)

            first_byte = []
            search = f"{base}/search/?near={quote(town)}&kind=meeting"
            fetch(search)  # the first search reads the place tables; time the ones after
            for _run in range(ARGS.runs):
                context, page = fresh_page()
                page.goto(search)
                timing = page.evaluate(
                    "() => performance.getEntriesByType('navigation')[0].toJSON()"
                )
                first_byte.append(timing["responseStart"] - timing["startTime"])
                context.close()
            summary("/search/ near it, first byte", first_byte)
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
