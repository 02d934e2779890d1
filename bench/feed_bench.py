"""Meeting Guide feed benchmark: size, build time, cached and 304 latency of /meetings.json.

    .venv/bin/python bench/feed_bench.py                 # 16,700 listings, seed 7
    .venv/bin/python bench/feed_bench.py --count 5000 --requests 50

16,700 generated listings with seed 7 hold about 10,000 meetings. The data go
to var/bench/feed-<count>-seed<seed>.sqlite3 (made on the first run, reused
after) unless DATABASE_URL is set. Requests go through Django's test client,
so the times include every middleware but no network. Prints its figures;
asserts nothing. `make bench` runs it after the search benchmark.
"""

import argparse
import gzip
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=16_700, help="generated listings")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--requests", type=int, default=20, help="requests per measurement")
    return parser.parse_args()


ARGS = parse_args()
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
os.environ.setdefault(
    "DATABASE_URL",
    f"sqlite:///{ROOT / 'var' / 'bench' / f'feed-{ARGS.count}-seed{ARGS.seed}.sqlite3'}",
)
(ROOT / "var" / "bench").mkdir(parents=True, exist_ok=True)

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.test import Client  # noqa: E402

from bench.generated import ensure_listings  # noqa: E402

FEED = "/meetings.json"
GZIP = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"}


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def summary(label, values):
    print(
        f"  {label:<30} median {statistics.median(values):8.1f} ms   "
        f"p95 {percentile(values, 0.95):8.1f} ms   max {max(values):8.1f} ms"
    )


class BuildCounter:
    """Counts the feed's builds, to tell a cached answer from a rebuilt one."""

    def __init__(self):
        from feeds import meeting_guide

        self.module = meeting_guide
        self.original = meeting_guide._build
        self.count = 0

        def counted(*args, **kwargs):
            self.count += 1
            return self.original(*args, **kwargs)

        meeting_guide._build = counted


def timed(client, **headers):
    started = time.perf_counter()
    response = client.get(FEED, **headers)
    elapsed = (time.perf_counter() - started) * 1000
    if response.status_code not in (200, 304):
        raise SystemExit(f"{FEED}: {response.status_code} {response.content[:200]!r}")
    return response, elapsed


def run(client, n, **headers):
    times = []
    for _ in range(n):
        _, elapsed = timed(client, **headers)
        times.append(elapsed)
    return times


def main():
    from wagtail.models import Site

    from feeds.meeting_guide import feed_cache, fingerprint
    from feeds.models import FeedPublisher

    n = ARGS.requests
    print(
        f"== /meetings.json, {ARGS.count:,} generated listings (seed {ARGS.seed}), database "
        f"{settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}, {n} requests each"
    )
    ensure_listings(ARGS.count, ARGS.seed)
    site = Site.objects.get(is_default_site=True)
    # As on a new site: no publisher setting saved yet. The first build once
    # created it, and that edit made the next request build the feed again.
    FeedPublisher.objects.filter(site=site).delete()
    feed_cache().clear()
    cache.clear()
    builds = BuildCounter()
    client = Client()

    zipped, first = timed(client, **GZIP)
    raw, first_raw = timed(client)
    body = raw.content
    entries = body.count(b'"slug":')
    if gzip.decompress(zipped.content) != body:
        raise SystemExit("The gzipped body is not the raw body.")
    print(f"  meetings in the feed           {entries:,}")
    print(f"  raw size                       {len(body):,} bytes ({len(body) / 1e6:.2f} MB)")
    print(
        f"  gzip size                      {len(zipped.content):,} bytes "
        f"({len(zipped.content) / 1e6:.2f} MB)"
    )
    print(f"  first request (build)          {first:8.1f} ms")
    print(f"  second request (raw)           {first_raw:8.1f} ms")

    before = builds.count
    summary("cached, gzip", run(client, n, **GZIP))
    summary("cached, raw", run(client, n))
    summary("304, If-None-Match", run(client, n, HTTP_IF_NONE_MATCH=zipped["ETag"]))
    summary(
        "304, If-Modified-Since", run(client, n, HTTP_IF_MODIFIED_SINCE=zipped["Last-Modified"])
    )
    checks = []
    for _ in range(n):
        started = time.perf_counter()
        fingerprint(site)
        checks.append((time.perf_counter() - started) * 1000)
    summary("freshness check (fingerprint)", checks)

    # What other users of the default cache do to it: the rate limit keeps a
    # key per address, renditions one per image size.
    for number in range(2_000):
        cache.set(f"bench:filler:{number}", number)
    summary("cached, gzip, after 2,000 keys", run(client, n, **GZIP))
    print(f"  builds after the first         {builds.count - before}")
    print(f"  ETag {zipped['ETag']}  Vary {zipped['Vary']}")


if __name__ == "__main__":
    main()
