"""Search while Elasticsearch dies and comes back: nothing failed, nothing lost.

    .venv/bin/python bench/failover_bench.py                # one node, killed and restarted
    .venv/bin/python bench/failover_bench.py --nodes 3      # one node of three
    .venv/bin/python bench/failover_bench.py --es-nice 10   # the JVMs yield the CPU
    .venv/bin/python bench/failover_bench.py --nodes 3 --kill-at 70 --restart-at 72
                                    # a baseline: 70 s of the same load with no fault

20,000 generated listings (seed 7) on SQLite under var/bench/ (or DATABASE_URL),
an Elasticsearch of its own (es/elasticsearch.sh with ES_NODES, all nodes in
ELASTICSEARCH_URL), a Redis of its own, and gunicorn with the production
settings (3 workers × 4 threads). 30 clients search the benchmark's query mix
for 70 s, each waiting at most 2 s for an answer; an editor publishes a changed
listing every 2 s. At 15 s a node is killed with `kill -9`; at 35 s it is
started again. On one machine a starting JVM takes the cores from the web
server; --es-nice runs the JVMs at a lower priority, standing in for a cluster
on machines of its own. Afterwards the worker's sync (`directory_index sync`) delivers
whatever the outbox kept, and every edit is looked up in Elasticsearch.

Prints the searches answered and failed (anything but a 200 within the client's
timeout), the answers the database gave in Elasticsearch's place and why (the
workers' log, read as it is written: each worker's breaker opening and closing,
and each search that was only too slow), latencies, the edits lost, and how
long after the cluster was healthy again every worker answered from
Elasticsearch. Asserts nothing. `make bench` runs it.
"""

import argparse
import http.client
import io
import json
import logging
import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from queries import QUERIES, percentile  # noqa: E402
from servers import Redis, free_port, production_environment, wait_for_port  # noqa: E402

ES_SCRIPT = ROOT / "es" / "elasticsearch.sh"
# Seconds the visitors go on searching at least after the cluster is healthy again.
AFTER_HEALTHY = 15


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--nodes", type=int, default=1, help="Elasticsearch nodes")
    parser.add_argument("--count", type=int, default=20_000, help="generated listings")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--clients", type=int, default=30)
    parser.add_argument("--seconds", type=float, default=70)
    parser.add_argument("--kill-at", type=float, default=15)
    parser.add_argument("--restart-at", type=float, default=35)
    parser.add_argument("--write-every", type=float, default=2)
    parser.add_argument("--timeout", type=float, default=2, help="a client's timeout, seconds")
    parser.add_argument("--es-port", type=int, default=9280)
    parser.add_argument(
        "--es-nice",
        type=int,
        default=0,
        help="niceness of the Elasticsearch JVMs (stands in for machines of their own)",
    )
    return parser.parse_args()


class Cluster:
    """es/elasticsearch.sh as a cluster of `nodes` (ES_NODES), on ports of its own."""

    def __init__(self, nodes, port, nice=0):
        self.nodes, self.port = nodes, port
        self.environment = {
            **os.environ,
            "ES_NODES": str(nodes),
            "ES_PORT": str(port),
            "ES_TRANSPORT_PORT": str(port + 100),
            "ES_NAME": f"failover-{nodes}",
            "ES_HEAP": os.environ.get("ES_HEAP", "1g"),
            "ES_NICE": str(nice) if nice else "",
        }

    def script(self, *args, fresh=False):
        environment = {**self.environment, "ES_FRESH": "1" if fresh else "0"}
        subprocess.run([str(ES_SCRIPT), *args], env=environment, check=True)  # noqa: S603

    @property
    def url(self):
        return ",".join(f"http://127.0.0.1:{self.port + n}" for n in range(self.nodes))


# What the workers log about search (search.breaker, search.engines.elasticsearch).
EVENTS = {
    "opened": "Elasticsearch is unreachable",
    "unanswered": "Elasticsearch does not answer",
    "closed": "Elasticsearch is back",
    "recovered": "Elasticsearch answers in time again",
    "slow": "Elasticsearch was too slow",
}
LOG_LINE = re.compile(r"^\[(\d+)\] \w+ [\w.]+: (.*)$")


class WorkerLog(threading.Thread):
    """gunicorn's output, kept in a file and read as it is written, so each breaker
    event gets the time it happened: (seconds since `started`, worker pid, event)."""

    def __init__(self, stream, path):
        super().__init__(daemon=True)
        self.stream, self.path = stream, path
        self.started = time.monotonic()
        self.events = []

    def run(self):
        with self.path.open("w") as kept:
            for raw in self.stream:
                line = raw.decode(errors="replace")
                kept.write(line)
                match = LOG_LINE.match(line)
                if not match:
                    continue
                for event, text in EVENTS.items():
                    if match.group(2).startswith(text):
                        at = time.monotonic() - self.started
                        self.events.append((at, int(match.group(1)), event))

    def of(self, event, since=float("-inf")):
        return [(at, pid) for at, pid, name in self.events if name == event and at >= since]


def get(connection, path):
    connection.request("GET", path)
    response = connection.getresponse()
    return response.status, response.read()


class Visitor(threading.Thread):
    """One visitor searching again and again; every answer noted with its time and engine."""

    def __init__(self, number, port, started, deadline, timeout):
        super().__init__(daemon=True)
        self.number, self.port, self.started = number, port, started
        self.deadline, self.timeout = deadline, timeout
        self.answers = []  # (seconds since the start, engine, milliseconds)
        self.failures = []  # (seconds since the start, what)

    def run(self):
        connection, turn = None, self.number
        while time.monotonic() < self.deadline:
            params = QUERIES[turn % len(QUERIES)]
            turn += 1
            connection = connection or http.client.HTTPConnection(
                "127.0.0.1", self.port, timeout=self.timeout
            )
            sent = time.monotonic()
            try:
                status, body = get(connection, f"/api/v1/search?{params}")
            except (OSError, http.client.HTTPException) as error:
                self.failures.append((sent - self.started, type(error).__name__))
                connection.close()
                connection = None
                continue
            if status != 200:
                self.failures.append((sent - self.started, f"HTTP {status}"))
                continue
            engine = json.loads(body)["engine"]
            self.answers.append((sent - self.started, engine, (time.monotonic() - sent) * 1000))


def connections_per_worker(port):
    """{worker pid: the visitors' connections it holds}, from the kernel's socket table."""
    listing = subprocess.run(  # noqa: S603
        ["ss", "-tnpH", "state", "established", f"( sport = :{port} )"],  # noqa: S607
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    counts = {}
    for pid in re.findall(r"pid=(\d+)", listing):
        counts[int(pid)] = counts.get(int(pid), 0) + 1
    return counts


class Editor(threading.Thread):
    """Publishes a changed listing every few seconds, each with a word of its own."""

    def __init__(self, ids, started, deadline, every):
        super().__init__(daemon=True)
        self.ids, self.started, self.deadline, self.every = ids, started, deadline, every
        self.edits = []  # (page id, word)
        self.failures = []

    def run(self):
        from django.db import connection

        from directory.models import ListingPage

        n = 0
        while time.monotonic() < self.deadline:
            tick = time.monotonic()
            page = ListingPage.objects.get(pk=self.ids[n % len(self.ids)]).specific
            word = f"failoverprobe{n:04d}"
            page.summary = f"Changed during the failover run: {word}."
            try:
                page.save_revision().publish()
                self.edits.append((page.pk, word))
            except Exception as error:  # noqa: BLE001 — a failed edit is a figure
                self.failures.append(f"{tick - self.started:.1f} s: {error!r}")
            n += 1
            time.sleep(max(0.0, self.every - (time.monotonic() - tick)))
        connection.close()


def lost_edits(edits):
    """Edits whose final text Elasticsearch does not hold (only the last edit of a page counts)."""
    from search import es_index
    from search.connection import get_client

    last = dict(edits)
    client = get_client()
    client.indices.refresh(index=es_index.alias_name())
    lost = []
    for page_id, word in last.items():
        found = client.search(
            index=es_index.alias_name(),
            query={"bool": {"filter": [{"ids": {"values": [page_id]}}]}},
            source=True,
        )["hits"]["hits"]
        if not found or word not in json.dumps(found[0]["_source"]):
            lost.append(page_id)
    return lost


def main():
    args = parse_args()
    cluster = Cluster(args.nodes, args.es_port, args.es_nice)
    os.environ.setdefault(
        "DATABASE_URL",
        f"sqlite:///{ROOT / 'var' / 'bench' / f'failover-{args.count}-seed{args.seed}.sqlite3'}",
    )
    (ROOT / "var" / "bench").mkdir(parents=True, exist_ok=True)
    redis = Redis()
    environment = production_environment(
        redis.url,
        ELASTICSEARCH_URL=cluster.url,
        ELASTICSEARCH_INDEX_PREFIX="failover",
        # INFO, for the breaker's "back" line; the workers log nothing per request.
        LOG_LEVEL="INFO",
    )
    os.environ.update(environment)
    server = None
    cluster.script("start", fresh=True)
    try:
        import django

        django.setup()
        # The editor's client retrying a dead node is expected here; the figures say the rest.
        logging.getLogger("elastic_transport").setLevel(logging.ERROR)
        from django.core.management import call_command

        from bench.generated import ensure_listings
        from directory.models import MeetingPage
        from search import es_index
        from search.connection import get_client

        ensure_listings(args.count, args.seed)
        call_command("directory_index", "rebuild", "--no-progress", stdout=io.StringIO())
        get_client().options(request_timeout=150).cluster.health(
            index=es_index.alias_name(),
            wait_for_status="green" if args.nodes > 1 else "yellow",
            timeout="120s",
        )
        ids = list(MeetingPage.objects.live().order_by("pk").values_list("pk", flat=True)[:500])
        port = free_port()
        server = subprocess.Popen(  # noqa: S603
            [
                str(ROOT / ".venv" / "bin" / "gunicorn"),
                "--config",
                str(ROOT / "config" / "gunicorn.py"),
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "3",
                "--threads",
                "4",
                "config.wsgi",
            ],
            cwd=ROOT,
            env=environment,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        worker_log = WorkerLog(
            server.stdout, ROOT / "var" / "bench" / f"failover-{args.nodes}-gunicorn.log"
        )
        worker_log.start()
        wait_for_port(port, server, "gunicorn")

        # Every thread of every worker answers the mix once before the clock starts,
        # so the figures are about the failover, not about a cold start.
        def warm():
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            for params in QUERIES:
                get(connection, f"/api/v1/search?{params}")
            connection.close()

        warmers = [threading.Thread(target=warm) for _ in range(3 * 4)]
        for thread in warmers:
            thread.start()
        for thread in warmers:
            thread.join()

        killed = "node 1 of 3" if args.nodes > 1 else "the only node"
        print(
            f"== Failover: {MeetingPage.objects.live().count():,} live meetings among "
            f"{args.count:,} listings, {args.nodes} Elasticsearch node(s), gunicorn 3 × 4, "
            f"{args.clients} clients for {args.seconds:.0f} s (timeout {args.timeout:g} s), "
            f"an edit every {args.write_every:g} s; {killed} killed (-9) at "
            f"{args.kill_at:g} s, started again at {args.restart_at:g} s"
            + (f"; Elasticsearch at niceness {args.es_nice}" if args.es_nice else ""),
            flush=True,
        )
        started = time.monotonic()
        worker_log.started = started
        deadline = started + args.seconds
        # The visitors search until told when to stop, once the cluster is healthy again.
        visitors = [
            Visitor(n, port, started, float("inf"), args.timeout) for n in range(args.clients)
        ]
        editor = Editor(ids, started, deadline, args.write_every)
        for thread in [*visitors, editor]:
            thread.start()
        # How the visitors' kept-alive connections are spread over the workers.
        spread = []
        for at in (1, 5, 10):
            time.sleep(max(0.0, started + at - time.monotonic()))
            spread.append((at, sorted(connections_per_worker(port).values(), reverse=True)))
        time.sleep(max(0.0, started + args.kill_at - time.monotonic()))
        cluster.script("kill-node", "1")
        killed_at = time.monotonic() - started
        time.sleep(max(0.0, started + args.restart_at - time.monotonic()))
        restarted_at = time.monotonic() - started
        cluster.script("start-node", "1")  # returns once the node is back in the cluster
        get_client().options(request_timeout=150).cluster.health(
            wait_for_status="green" if args.nodes > 1 else "yellow", timeout="60s"
        )
        healthy_at = time.monotonic() - started
        # However long the node took to start, the visitors go on for a while after
        # it is back, so the return to Elasticsearch is measured too.
        for visitor in visitors:
            visitor.deadline = max(deadline, started + healthy_at + AFTER_HEALTHY)
        for thread in [*visitors, editor]:
            thread.join()

        call_command("directory_index", "sync", stdout=io.StringIO())
        lost = lost_edits(editor.edits)
    finally:
        if server is not None:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(30)
        cluster.script("stop")
        redis.stop()

    answers = [answer for visitor in visitors for answer in visitor.answers]
    failures = [failure for visitor in visitors for failure in visitor.failures]
    # Failures counted by the second they were sent in: a burst and a trickle differ.
    by_second = {}
    for at, _what in failures:
        by_second[int(at)] = by_second.get(int(at), 0) + 1
    when = ", ".join(f"{second} s: {n}" for second, n in sorted(by_second.items()))
    kinds = {}
    for _at, what in failures:
        kinds[what] = kinds.get(what, 0) + 1
    degraded = [at for at, engine, _ms in answers if engine != "elasticsearch"]
    latencies = [ms for _at, _engine, ms in answers]
    elapsed = max(at for at, _engine, _ms in answers) if answers else args.seconds
    after = [at for at in degraded if at >= healthy_at]
    print(
        f"  node killed at {killed_at:.1f} s, started at {restarted_at:.1f} s, "
        f"cluster healthy at {healthy_at:.1f} s"
    )
    print(
        f"  searches: {len(answers) + len(failures):,} sent, {len(answers):,} answered "
        f"({len(answers) / elapsed:.0f}/s over {elapsed:.0f} s), {len(failures)} failed"
        + (f" {kinds}, sent in second {when}" if failures else "")
    )
    phases = (
        ("before the kill", 0, killed_at),
        ("while the node was down or starting", killed_at, healthy_at),
        ("after the cluster was healthy", healthy_at, float("inf")),
    )
    print(
        "  failed by phase: "
        + "; ".join(
            f"{name} {sum(start <= at < end for at, _what in failures)}"
            for name, start, end in phases
        )
    )
    print(
        "  visitors' connections per worker: "
        + "; ".join(f"at {at} s {counts}" for at, counts in spread)
    )
    print(
        f"  answered by the database in Elasticsearch's place: {len(degraded):,}"
        + (f" (from {min(degraded):.1f} s to {max(degraded):.1f} s)" if degraded else "")
    )
    if latencies:
        print(
            f"  latency p50 {percentile(latencies, 0.5):.0f} ms, p95 "
            f"{percentile(latencies, 0.95):.0f} ms, p99 {percentile(latencies, 0.99):.0f} ms, "
            f"max {max(latencies):.0f} ms"
        )
    opened, closed = worker_log.of("opened"), worker_log.of("closed")
    unanswered = worker_log.of("unanswered")
    slow = worker_log.of("slow")
    print(
        "  why: breaker opened by a refused connection "
        + ", ".join(f"{at:.1f} s (worker {pid})" for at, pid in opened)
        + (
            "; by a failed health check after a slow search "
            + ", ".join(f"{at:.1f} s (worker {pid})" for at, pid in unanswered)
            if unanswered
            else ""
        )
        + "; closed (one trial search at a time) "
        + (", ".join(f"{at:.1f} s (worker {pid})" for at, pid in closed) or "never")
        + "; every search on Elasticsearch again "
        + (
            ", ".join(f"{at:.1f} s (worker {pid})" for at, pid in worker_log.of("recovered"))
            or "never"
        )
    )
    print(
        f"  searches only too slow (> ELASTICSEARCH_TIMEOUT), answered by the database: "
        f"{len(slow)} — before the kill {sum(at < killed_at for at, _pid in slow)}, "
        f"while down or starting {sum(killed_at <= at < healthy_at for at, _pid in slow)}, "
        f"after healthy {sum(at >= healthy_at for at, _pid in slow)}"
    )
    print(
        "  back on Elasticsearch: "
        + (
            f"last database answer {max(after) - healthy_at:.1f} s after the cluster was healthy"
            if after
            else "no database answer after the cluster was healthy"
        )
    )
    print(
        f"  edits: {len(editor.edits)} published, {len(editor.failures)} failed, "
        f"{len(lost)} lost (of {len(dict(editor.edits))} listings' last edits, looked up "
        f"in Elasticsearch after the worker's sync)"
    )
    for failure in editor.failures[:5]:
        print(f"    {failure}")


if __name__ == "__main__":
    main()
