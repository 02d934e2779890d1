"""Search under load: gunicorn with production settings and many clients at once.

    python bench/load_bench.py --engine database --clients 50 --seconds 60
    python bench/load_bench.py --engine elasticsearch --clients 50 --seconds 60

Starts gunicorn (3 workers × 4 threads, config.settings.production) on
127.0.0.1 over the database in DATABASE_URL (and, for --engine
elasticsearch, the index behind ELASTICSEARCH_URL: run search_bench.py first,
which builds both). Then the clients send the search benchmark's query mix
for the given time, each waiting at most --timeout seconds for an answer.
Prints requests a second, errors (anything but a 200 in time), answers the
database gave in Elasticsearch's place, p50/p95/p99 and each worker's
resident memory before (every thread warmed) and after, and its proportional
share after; saves them to var/bench/results/ for bench/summary.py. Asserts
nothing.
"""

import argparse
import http.client
import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from queries import QUERIES, percentile  # noqa: E402
from servers import Redis, free_port, production_environment  # noqa: E402

WORKERS, THREADS = 3, 4


def start_gunicorn(port, engine, redis_url):
    environment = production_environment(
        redis_url,
        LOG_LEVEL="WARNING",
        ELASTICSEARCH_INDEX_PREFIX=os.environ.get("ELASTICSEARCH_INDEX_PREFIX", "bench"),
    )
    if engine == "database":
        environment["ELASTICSEARCH_URL"] = ""
    elif not environment.get("ELASTICSEARCH_URL"):
        raise SystemExit("Set ELASTICSEARCH_URL for --engine elasticsearch.")
    command = [
        str(ROOT / ".venv" / "bin" / "gunicorn"),
        "config.wsgi",
        "--config=config/gunicorn.py",
        f"--bind=127.0.0.1:{port}",
        f"--workers={WORKERS}",
        f"--threads={THREADS}",
        "--timeout=60",
        "--graceful-timeout=5",
    ]
    server = subprocess.Popen(command, cwd=ROOT, env=environment)  # noqa: S603
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            status, _body = get(port, "/healthz", timeout=2)
            if status == 200:
                return server
        except OSError:
            pass
        if server.poll() is not None:
            raise SystemExit("gunicorn stopped while starting.")
        time.sleep(0.3)
    server.terminate()
    raise SystemExit("gunicorn did not answer within 60 s.")


def connect(port, timeout):
    return http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)


def get(port, path, timeout, connection=None):
    connection = connection or connect(port, timeout)
    connection.request("GET", path)
    response = connection.getresponse()
    return response.status, response.read()


def worker_pids(server):
    children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
    return sorted(int(pid) for pid in children)


def resident_mb(pid):
    for text in Path(f"/proc/{pid}/status").read_text().splitlines():
        if text.startswith("VmRSS:"):
            return int(text.split()[1]) / 1024
    return 0.0


def proportional_mb(pid):
    """The worker's share of memory: its own pages, and those it shares with the
    master and the other workers divided among them (PSS)."""
    for text in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        if text.startswith("Pss:"):
            return int(text.split()[1]) / 1024
    return 0.0


class Client(threading.Thread):
    """One visitor searching again and again, each time through the mix from its own place."""

    def __init__(self, number, port, deadline, timeout):
        super().__init__(daemon=True)
        self.number, self.port, self.deadline, self.timeout = number, port, deadline, timeout
        self.latencies, self.errors, self.degraded = [], {}, 0

    def failed(self, kind):
        self.errors[kind] = self.errors.get(kind, 0) + 1

    def run(self):
        connection, turn = None, self.number
        while time.monotonic() < self.deadline:
            params = QUERIES[turn % len(QUERIES)]
            turn += 1
            connection = connection or connect(self.port, self.timeout)
            started = time.perf_counter()
            try:
                status, body = get(self.port, f"/api/v1/search?{params}", self.timeout, connection)
            except (OSError, http.client.HTTPException) as error:
                self.failed(type(error).__name__)  # a timeout or a dropped connection
                connection.close()
                connection = None
                continue
            if status != 200:
                self.failed(f"HTTP {status}")
                continue
            self.latencies.append((time.perf_counter() - started) * 1000)
            if b'"degraded": true' in body[:200]:
                self.degraded += 1


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--engine", choices=["database", "elasticsearch"], required=True)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--timeout", type=float, default=10, help="seconds a client waits")
    parser.add_argument("--port", type=int, default=0, help="default: any free port")
    parser.add_argument("--label", default="", help="names the saved figures")
    args = parser.parse_args()
    port = args.port or free_port()
    redis = Redis()
    try:
        server = start_gunicorn(port, args.engine, redis.url)
    except BaseException:
        redis.stop()
        raise
    try:
        # Every thread of every worker answers the mix once before "before" is read,
        # so the growth under load is not the threads' first connections and stacks.
        def warm():
            for params in QUERIES:
                get(port, f"/api/v1/search?{params}", timeout=60)

        warmers = [threading.Thread(target=warm) for _ in range(WORKERS * THREADS)]
        for thread in warmers:
            thread.start()
        for thread in warmers:
            thread.join()
        workers = worker_pids(server)
        before = [resident_mb(pid) for pid in workers]
        deadline = time.monotonic() + args.seconds
        clients = [Client(n, port, deadline, args.timeout) for n in range(args.clients)]
        started = time.monotonic()
        for client in clients:
            client.start()
        for client in clients:
            client.join()
        elapsed = time.monotonic() - started
        after = [resident_mb(pid) for pid in workers]
        shares = [proportional_mb(pid) for pid in workers]
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
        redis.stop()

    latencies = [ms for client in clients for ms in client.latencies]
    errors = {}
    for client in clients:
        for kind, n in client.errors.items():
            errors[kind] = errors.get(kind, 0) + n
    answered = len(latencies)
    degraded = sum(client.degraded for client in clients)
    figures = {
        "engine": args.engine,
        "label": args.label,
        "clients": args.clients,
        "seconds": round(elapsed, 1),
        "requests": answered + sum(errors.values()),
        "answered": answered,
        "per_second": answered / elapsed,
        "errors": sum(errors.values()),
        "error_kinds": errors,
        "degraded": degraded,
        "p50": percentile(latencies, 0.5) if latencies else None,
        "p95": percentile(latencies, 0.95) if latencies else None,
        "p99": percentile(latencies, 0.99) if latencies else None,
        "resident_mb_before": before,
        "resident_mb_after": after,
        "proportional_mb_after": shares,
    }
    print(
        f"== {args.engine} engine under load{f' ({args.label})' if args.label else ''}: "
        f"gunicorn {WORKERS} workers × {THREADS} threads, {args.clients} clients, "
        f"{elapsed:.0f} s"
    )
    print(
        f"  {answered:,} answers, {figures['per_second']:.1f}/s; errors {figures['errors']} "
        f"{errors or ''}; answered by the database in Elasticsearch's place: {degraded}"
    )
    if latencies:
        print(
            f"  latency p50 {figures['p50']:.0f} ms   p95 {figures['p95']:.0f} ms   "
            f"p99 {figures['p99']:.0f} ms"
        )
    print(
        "  worker resident memory before → after: "
        + ", ".join(f"{b:.0f} → {a:.0f} MB" for b, a in zip(before, after, strict=True))
    )
    print(
        "  worker share of memory after (PSS: pages shared with the master counted "
        "once among them): " + ", ".join(f"{share:.0f} MB" for share in shares)
    )
    folder = ROOT / "var" / "bench" / "results"
    folder.mkdir(parents=True, exist_ok=True)
    name = f"load-{args.engine}-{args.label or 'default'}"
    (folder / f"{name}.json").write_text(json.dumps(figures, indent=1))


if __name__ == "__main__":
    main()
