"""/meetings.json under load: many clients, a cold cache and regular publishing.

    .venv/bin/python bench/feed_stampede.py                    # 16,700 listings, 20 clients, 60 s
    .venv/bin/python bench/feed_stampede.py --clients 20 --seconds 60 --publish-every 5

About 10,000 meetings (16,700 generated listings, seed 7), served by gunicorn
with the production settings (3 workers × 4 threads) and a Redis of its own
(or REDIS_URL's, which it empties). The cache starts cold; every client asks
for the feed over and over, gzipped, with a timeout; an editor publishes a
changed meeting every few seconds. Prints the requests, errors, timeouts and
latencies, and from gunicorn's log how many builds of the feed ran and the
most at the same time. Asserts nothing. The data go to
var/bench/feed-<count>-seed<seed>.sqlite3 (shared with feed_bench.py) unless
DATABASE_URL is set, e.g. to PostgreSQL. `make bench` runs it.
"""

import argparse
import http.client
import os
import re
import signal
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
VENV = ROOT / ".venv" / "bin"

from bench.servers import Redis, free_port, production_environment, wait_for_port  # noqa: E402


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=16_700, help="generated listings")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60, help="how long the clients run")
    parser.add_argument("--publish-every", type=float, default=5, help="seconds between edits")
    parser.add_argument("--timeout", type=float, default=60, help="a client's timeout, seconds")
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--threads", type=int, default=4)
    return parser.parse_args()


ARGS = parse_args()


class BuildLog:
    """Reads gunicorn's log as it comes: when each build of the feed started and ended."""

    STARTED = re.compile(r"Building the Meeting Guide feed of site (\S+)")
    FINISHED = re.compile(r"Built the Meeting Guide feed of site (\S+) in ([0-9.]+) s")

    def __init__(self, stream):
        self.running = 0
        self.most_at_once = 0
        self.started = 0
        self.durations = []
        self.errors = []
        self._lock = threading.Lock()
        self.thread = threading.Thread(target=self._read, args=(stream,), daemon=True)
        self.thread.start()

    def _read(self, stream):
        for raw in stream:
            line = raw.decode(errors="replace").rstrip()
            with self._lock:
                if self.STARTED.search(line):
                    self.started += 1
                    self.running += 1
                    self.most_at_once = max(self.most_at_once, self.running)
                elif match := self.FINISHED.search(line):
                    self.running -= 1
                    self.durations.append(float(match.group(2)))
                elif "Traceback" in line or " ERROR " in line or line.startswith("ERROR"):
                    self.errors.append(line)

    def reset(self):
        with self._lock:
            self.running = self.most_at_once = self.started = 0
            self.durations, self.errors = [], []


class Clients:
    def __init__(self, port, count, timeout):
        self.port, self.count, self.timeout = port, count, timeout
        self.results = []  # (seconds, status or "timeout"/"error: …")
        self.stop = threading.Event()
        self._lock = threading.Lock()

    def one(self):
        started = time.perf_counter()
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
        try:
            connection.request("GET", "/meetings.json", headers={"Accept-Encoding": "gzip"})
            response = connection.getresponse()
            body = response.read()
            outcome = response.status if body or response.status == 304 else "empty"
        except TimeoutError:
            outcome = "timeout"
        except (OSError, http.client.HTTPException) as error:
            outcome = f"error: {type(error).__name__}"
        finally:
            connection.close()
        with self._lock:
            self.results.append((time.perf_counter() - started, outcome))

    def loop(self):
        while not self.stop.is_set():
            self.one()

    def run(self, seconds):
        threads = [threading.Thread(target=self.loop) for _ in range(self.count)]
        for thread in threads:
            thread.start()
        self.stop.wait(seconds)
        self.stop.set()
        for thread in threads:
            thread.join()


def publisher(every, stop, published):
    """An editor publishing a changed meeting every `every` seconds, in this process."""
    from django.db import connection

    from directory.models import MeetingPage

    pages = list(MeetingPage.objects.live().order_by("pk").values_list("pk", flat=True)[:50])
    number = 0
    try:
        while not stop.wait(every):
            page = MeetingPage.objects.get(pk=pages[number % len(pages)])
            page.title = re.sub(r" \(edit [0-9]+\)$", "", page.title) + f" (edit {number})"
            page.save_revision().publish()
            published.append(time.monotonic())
            number += 1
    finally:
        connection.close()


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def report(clients, builds, published, seconds):
    times = [elapsed for elapsed, _ in clients.results]
    outcomes = [outcome for _, outcome in clients.results]
    ok = outcomes.count(200) + outcomes.count(304)
    timeouts = outcomes.count("timeout")
    errors = len(outcomes) - ok - timeouts
    print(f"  requests                       {len(outcomes):,} in {seconds:.0f} s")
    print(f"  answered 200/304               {ok:,}")
    print(f"  errors                         {errors:,}")
    for outcome in sorted({o for o in outcomes if o not in (200, 304, "timeout")}, key=str):
        print(f"    {outcome}: {outcomes.count(outcome)}")
    print(f"  timeouts (> {clients.timeout:.0f} s)                {timeouts:,}")
    if times:
        print(
            f"  latency                        median {statistics.median(times) * 1000:8.1f} ms"
            f"   p95 {percentile(times, 0.95) * 1000:8.1f} ms   max {max(times) * 1000:8.1f} ms"
        )
    print(f"  edits published                {len(published)}")
    print(f"  feed builds                    {builds.started}")
    print(f"  most builds at the same time   {builds.most_at_once}")
    if builds.durations:
        print(
            f"  build time                     median {statistics.median(builds.durations):.2f} s"
            f"   max {max(builds.durations):.2f} s"
        )
    for line in builds.errors[:5]:
        print(f"  server log: {line}")


def main():
    os.environ.setdefault(
        "DATABASE_URL",
        f"sqlite:///{ROOT / 'var' / 'bench' / f'feed-{ARGS.count}-seed{ARGS.seed}.sqlite3'}",
    )
    (ROOT / "var" / "bench").mkdir(parents=True, exist_ok=True)
    redis = Redis()
    env = production_environment(redis.url, ELASTICSEARCH_URL="", LOG_LEVEL="INFO")
    os.environ.update({k: env[k] for k in ("DJANGO_SETTINGS_MODULE", "SECRET_KEY", "REDIS_URL")})
    os.environ.update(
        {k: env[k] for k in ("ALLOWED_HOSTS", "SECURE_SSL_REDIRECT", "ELASTICSEARCH_URL")}
    )
    # This process only publishes; gunicorn's log (INFO) is where the builds show.
    os.environ["LOG_LEVEL"] = "WARNING"
    server = None
    try:
        import django

        django.setup()
        from django.conf import settings
        from django.core.cache import caches

        from bench.generated import ensure_listings
        from directory.models import MeetingPage

        ensure_listings(ARGS.count, ARGS.seed)
        meetings = MeetingPage.objects.live().count()
        engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
        print(
            f"== /meetings.json under load: {meetings:,} published meetings, {engine}, gunicorn "
            f"{ARGS.workers} workers × {ARGS.threads} threads, Redis, {ARGS.clients} clients "
            f"for {ARGS.seconds:.0f} s, an edit every {ARGS.publish_every:g} s, cold cache"
        )
        port = free_port()
        server = subprocess.Popen(  # noqa: S603
            [
                str(VENV / "gunicorn"),
                "--config",
                str(ROOT / "config" / "gunicorn.py"),
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(ARGS.workers),
                "--threads",
                str(ARGS.threads),
                "config.wsgi",
            ],
            cwd=ROOT,
            env=env,
            stderr=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            start_new_session=True,
        )
        builds = BuildLog(server.stderr)
        wait_for_port(port, server, "gunicorn")
        # Every worker up and its database connection warm, so the cold cache is
        # the only thing cold.
        for _ in range(ARGS.workers * ARGS.threads):
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            connection.request("GET", "/healthz")
            connection.getresponse().read()
            connection.close()
        for alias in settings.CACHES:
            caches[alias].clear()
        builds.reset()

        clients = Clients(port, ARGS.clients, ARGS.timeout)
        stop, published = threading.Event(), []
        editor = threading.Thread(target=publisher, args=(ARGS.publish_every, stop, published))
        started = time.monotonic()
        editor.start()
        clients.run(ARGS.seconds)
        stop.set()
        editor.join()
        # The build an edit near the end started is counted when it ends.
        deadline = time.monotonic() + 120
        while builds.running > 0 and time.monotonic() < deadline:
            time.sleep(0.2)
        report(clients, builds, published, time.monotonic() - started)
    finally:
        if server is not None:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(30)
        redis.stop()


if __name__ == "__main__":
    main()
