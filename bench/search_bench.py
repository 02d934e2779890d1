"""Search benchmark: latency of the search API over N listings, rebuild speed, freshness.

    python bench/search_bench.py --engine elasticsearch --count 100000
    python bench/search_bench.py --engine database --count 100000 --reuse
    python bench/search_bench.py --engine database --count 5000

Run through `make bench`, which prepares the database and an Elasticsearch
node. --reuse keeps listings and documents already there (the Elasticsearch
run just made them) instead of rebuilding. For the database engine it also
prints the plans (EXPLAIN QUERY PLAN on SQLite, EXPLAIN ANALYZE on
PostgreSQL) of the three slowest queries of the mix. Figures go to the
screen and to var/bench/results/ for bench/summary.py; asserts nothing.
"""

import argparse
import io
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

from bench.generated import ensure_listings  # noqa: E402
from bench.queries import QUERIES, percentile  # noqa: E402


def line(label, values, unit="ms"):
    return (
        f"  {label:<34} p50 {percentile(values, 0.5):7.1f} {unit}   "
        f"p95 {percentile(values, 0.95):7.1f} {unit}   p99 {percentile(values, 0.99):7.1f} {unit}"
    )


def rebuild():
    out = io.StringIO()
    started = time.monotonic()
    call_command("directory_index", "rebuild", "--no-progress", stdout=out)
    elapsed = time.monotonic() - started
    print("Rebuild:")
    for text in out.getvalue().strip().splitlines():
        print(f"  {text}")
    print(f"  total {elapsed:.1f} s")


class TookRecorder:
    """Wraps the client's search to keep Elasticsearch's own `took` for each call."""

    def __init__(self):
        self.took = []

    def install(self):
        from search.engines import elasticsearch as engine_module

        original = engine_module.get_client
        recorder = self

        class Client:
            def __init__(self, client):
                self._client = client

            def options(self, **options):
                # The engine sets each search's deadline this way; keep recording.
                return Client(self._client.options(**options))

            def search(self, **body):
                response = self._client.search(**body)
                recorder.took.append(response["took"])
                return response

            def __getattr__(self, name):
                return getattr(self._client, name)

        engine_module.get_client = lambda: Client(original())


def run_queries(rounds, engine):
    """Latencies (ms) of the whole mix, and of each query of it."""
    client = Client()
    recorder = TookRecorder()
    if engine == "elasticsearch":
        recorder.install()
    for params in QUERIES:  # warm caches once
        client.get(f"/api/v1/search?{params}")
    api, took, each = [], [], {params: [] for params in QUERIES}
    for _ in range(rounds):
        for params in QUERIES:
            recorder.took.clear()
            started = time.perf_counter()
            response = client.get(f"/api/v1/search?{params}")
            elapsed = (time.perf_counter() - started) * 1000
            api.append(elapsed)
            each[params].append(elapsed)
            if response.status_code != 200:
                raise SystemExit(f"{params}: {response.status_code} {response.content[:200]}")
            body = response.json()
            if body["engine"] != engine or body["degraded"]:
                raise SystemExit(
                    f"{params}: answered by {body['engine']} (degraded "
                    f"{body['degraded']}), expected {engine}"
                )
            if recorder.took:
                took.append(sum(recorder.took))
    print(f"Query mix: {len(QUERIES)} queries × {rounds} rounds on {engine}")
    print(line("API call (Django test client)", api))
    if took:
        print(line("Elasticsearch took", took))
        print(f"  API p50 minus took p50: {percentile(api, 0.5) - percentile(took, 0.5):.1f} ms")
    return api, each


def resident_mb():
    """This process's resident memory now, in MB (Linux)."""
    for text in Path("/proc/self/status").read_text().splitlines():
        if text.startswith("VmRSS:"):
            return int(text.split()[1]) / 1024
    return None


def print_plans(each, how_many=3):
    """The statements behind the slowest queries of the mix, with the database's plans."""
    from django.db import connection
    from django.http import QueryDict

    from search.engines.database import DatabaseEngine
    from search.query import parse_query

    slowest = sorted(each, key=lambda params: -statistics.median(each[params]))[:how_many]
    for params in slowest:
        median = statistics.median(each[params])
        print(f"Plan of {params or '(no parameters)'} (median {median:.1f} ms):")
        statements = []

        def keep(execute, sql, values, many, context, statements=statements):
            statements.append((sql, values))
            return execute(sql, values, many, context)

        query, _errors = parse_query(QueryDict(params))
        with connection.execute_wrapper(keep):
            DatabaseEngine().search(query)
        for sql, values in statements:
            print(f"  {sql[:160]}{' …' if len(sql) > 160 else ''}")
            with connection.cursor() as cursor:
                if connection.vendor == "sqlite":
                    cursor.execute(f"EXPLAIN QUERY PLAN {sql}", values)
                    depth = {0: 0}
                    for node, parent, _unused, detail in cursor.fetchall():
                        depth[node] = depth.get(parent, 0) + 1
                        print(f"    {'  ' * depth[node]}{detail}")
                else:
                    cursor.execute(f"EXPLAIN ANALYZE {sql}", values)
                    for (text,) in cursor.fetchall():
                        print(f"      {text}")


def save(name, figures):
    folder = ROOT / "var" / "bench" / "results"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.json").write_text(json.dumps(figures, indent=1))


def publish_to_searchable(samples=5):
    from directory.models import Location, MeetingPage
    from home.models import ListingIndexPage
    from search import es_index
    from search.connection import get_client

    section = ListingIndexPage.objects.get(slug="generated")
    location = Location.objects.first()
    seconds = []
    for n in range(samples):
        meeting = MeetingPage(
            title=f"Freshness probe {n} {time.time_ns()}",
            summary="A probe.",
            types=["O"],
            by_appointment=True,
        )
        section.add_child(instance=meeting)
        meeting.listing_locations.create(location=location)
        started = time.monotonic()
        meeting.save_revision().publish()
        while not get_client().search(
            index=es_index.alias_name(), query={"ids": {"values": [meeting.pk]}}
        )["hits"]["hits"]:
            if time.monotonic() - started > 30:
                raise SystemExit("A published listing was not searchable after 30 s.")
            time.sleep(0.05)
        seconds.append(time.monotonic() - started)
        meeting.delete()
    print(
        f"Publish → searchable: median {statistics.median(seconds):.2f} s, "
        f"max {max(seconds):.2f} s over {samples} listings"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--engine", choices=["elasticsearch", "database"], required=True)
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument(
        "--reuse", action="store_true", help="keep the documents already built if none differ"
    )
    args = parser.parse_args()
    if args.engine == "database":
        settings.ELASTICSEARCH_URL = ""
    elif not settings.ELASTICSEARCH_URL:
        raise SystemExit("Set ELASTICSEARCH_URL (make bench starts a node).")
    print(f"== {args.engine} engine, {args.count:,} listings, {connection_vendor()}")
    ensure_listings(args.count, args.seed)
    if not (args.reuse and documents_current()):
        rebuild()
    api, each = run_queries(args.rounds, args.engine)
    memory = resident_mb()
    print(f"  resident memory of this process after the mix: {memory:.0f} MB")
    vendor = connection_vendor()
    save(
        f"search-{args.engine}-{vendor}-{args.count}",
        {
            "engine": args.engine,
            "database": vendor,
            "listings": args.count,
            "queries": len(api),
            "p50": percentile(api, 0.5),
            "p95": percentile(api, 0.95),
            "p99": percentile(api, 0.99),
            "resident_mb": memory,
        },
    )
    if args.engine == "elasticsearch":
        publish_to_searchable()
    else:
        print_plans(each)


def documents_current():
    from search.drift import database_drift

    return not database_drift()


def connection_vendor():
    from django.db import connection

    names = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
    return names.get(connection.vendor, connection.vendor)


if __name__ == "__main__":
    main()
