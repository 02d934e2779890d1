"""Subscription benchmark: refreshing a followed list of about 10,000 meetings.

    python bench/subscription_bench.py --count 16700 --seed 7
    python bench/subscription_bench.py --target postgres://user:pass@127.0.0.1:5432/empty_db

The list is the import benchmark's Meeting Guide feed (16,700 generated
listings with seed 7 hold 10,036 meetings), served from 127.0.0.1 by a small
web server that answers with an ETag and a 304 as a TSML site does. An empty
site subscribes to it and refreshes it the way the worker does:

- the first refresh (fetch, check every meeting, create them all);
- unchanged: a 304, and a 200 with the very same bytes (a server that
  ignores the validators);
- every meeting changed (renamed and moved half an hour).

Each refresh's time includes both search engines' documents (Elasticsearch
when ELASTICSEARCH_URL is set, and the database's), which are written as
its transaction commits; the site's /meetings.json (set to include followed
meetings) is then built again and timed apart. Run through `make bench`;
prints its figures, asserts nothing.
"""

import argparse
import http.server
import json
import os
import sys
import threading
import time

from import_bench import ROOT, generated_feed


class Upstream:
    """A publisher's server: one list, with an ETag; honours If-None-Match when told to."""

    def __init__(self, port):
        self.body, self.etag, self.conditional = b"", "", True
        upstream = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self):  # noqa: N802 - the http.server API
                if upstream.conditional and self.headers.get("If-None-Match") == upstream.etag:
                    self.send_response(304)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(upstream.body)))
                self.send_header("ETag", upstream.etag)
                self.end_headers()
                self.wfile.write(upstream.body)

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server.server_address[1]}/meetings.json"

    def publish(self, body, etag, conditional=True):
        self.body, self.etag, self.conditional = body, etag, conditional


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=16700)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--port", type=int, default=int(os.environ.get("BENCH_UPSTREAM_PORT", 0)))
    parser.add_argument(
        "--target",
        default="",
        help="DATABASE_URL of an empty database to subscribe from (default: a new SQLite file)",
    )
    options = parser.parse_args()
    folder = ROOT / "var" / "bench"
    folder.mkdir(parents=True, exist_ok=True)
    feed = generated_feed(options.count, options.seed)

    if options.target:
        os.environ["DATABASE_URL"] = options.target
    else:
        target_db = folder / "subscription-target.sqlite3"
        target_db.unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{target_db}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    os.environ["DEBUG"] = "false"
    os.environ["ALLOWED_HOSTS"] = "testserver"
    # The list is served from this machine.
    os.environ["FEED_SUBSCRIPTIONS_ALLOW_PRIVATE_ADDRESSES"] = "true"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    from wagtail.models import Site

    from directory.models import MeetingPage
    from feeds.models import FeedPublisher
    from home.models import HomePage, ListingIndexPage
    from search.connection import elasticsearch_configured
    from search.models import SearchDocument
    from subscriptions.models import Refresh, Subscription
    from subscriptions.refresh import refresh

    call_command("migrate", "--no-input", verbosity=0)
    section = ListingIndexPage(title="Meetings", slug="meetings")
    HomePage.objects.get().add_child(instance=section)
    FeedPublisher.objects.update_or_create(
        site=Site.objects.get(is_default_site=True), defaults={"include_subscribed": True}
    )
    data = feed.read_bytes()
    upstream = Upstream(options.port)
    upstream.publish(data, '"v1"')
    subscription = Subscription.objects.create(
        name="Benchmark Intergroup", url=upstream.url, section=section
    )
    client = Client()

    def timed_refresh(label):
        started, cpu = time.monotonic(), time.process_time()
        record = refresh(subscription, trigger=Refresh.Trigger.COMMAND)
        refreshed, cpu = time.monotonic(), time.process_time() - cpu
        body = client.get("/meetings.json").content
        built = time.monotonic()
        assert record.result != Refresh.Result.FAILED, record.error
        counts = {k: v for k, v in record.counts.items() if v}
        print(
            f"{label:<28} {refreshed - started:6.2f} s ({cpu:5.1f} s CPU here)   "
            f"then /meetings.json ({len(body) / 1e6:.1f} MB) in {built - refreshed:5.2f} s   "
            f"{record.get_result_display()}: {counts}"
        )
        return refreshed - started, built - refreshed

    engine = "Elasticsearch and database" if elasticsearch_configured() else "database only"
    print(f"List: {feed.stat().st_size / 1e6:.2f} MB, {len(json.loads(data)):,} meetings")
    # The machine may be shared: its load says how far wall-clock times are stretched.
    print(f"Load average at the start: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"Search engines written as each refresh commits: {engine}")
    first = timed_refresh("First refresh (all new)")
    print(
        f"  {MeetingPage.objects.live().count():,} live meetings, "
        f"{SearchDocument.objects.count():,} search documents"
    )
    not_modified = timed_refresh("Unchanged: 304")
    upstream.publish(data, '"v1"', conditional=False)
    same = timed_refresh("Unchanged: 200, same bytes")
    entries = json.loads(data)
    for entry in entries:
        entry["name"] = f"{entry['name']} (changed)"
        entry["time"] = "18:30"
        entry.pop("end_time", None)
    upstream.publish(json.dumps(entries).encode(), '"v2"')
    changed = timed_refresh("Every meeting changed")
    print(
        "Targets: unchanged <= 5 s "
        f"({not_modified[0]:.2f} s, {same[0]:.2f} s); "
        f"first refresh <= 60 s ({first[0]:.1f} s, {sum(first):.1f} s with the feed); "
        f"every meeting changed <= 60 s ({changed[0]:.1f} s, {sum(changed):.1f} s with the feed)"
    )
    upstream.server.shutdown()


if __name__ == "__main__":
    main()
