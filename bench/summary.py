"""The search figures of one `make bench` side by side: both engines, both databases,
one client and many. Reads what search_bench.py and load_bench.py saved under
var/bench/results/ in this run; asserts nothing."""

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FOLDER = ROOT / "var" / "bench" / "results"


def load(prefix):
    return [json.loads(path.read_text()) for path in sorted(FOLDER.glob(f"{prefix}-*.json"))]


def main():
    single = sorted(load("search"), key=lambda r: (-r["listings"], r["database"], r["engine"]))
    if single:
        print("Search API, one client, the query mix (ms)")
        print(
            f"  {'engine':<14}{'database':<12}{'listings':>9}{'p50':>8}{'p95':>8}{'p99':>8}"
            f"{'memory (MB)':>13}"
        )
        for r in single:
            print(
                f"  {r['engine']:<14}{r['database']:<12}{r['listings']:>9,}{r['p50']:>8.1f}"
                f"{r['p95']:>8.1f}{r['p99']:>8.1f}{r['resident_mb']:>13.0f}"
            )
    loaded = load("load")
    if loaded:
        print("Search API under load: gunicorn 3 workers × 4 threads, production settings")
        print(
            f"  {'engine':<14}{'run':<22}{'clients':>8}{'req/s':>8}{'errors':>7}"
            f"{'degraded':>9}{'p50':>7}{'p95':>7}{'p99':>7}  worker memory before → after (MB)"
        )
        for r in loaded:
            memory = ", ".join(
                f"{b:.0f}→{a:.0f}"
                for b, a in zip(r["resident_mb_before"], r["resident_mb_after"], strict=True)
            )
            latency = "".join(
                f"{r[p]:>7.0f}" if r[p] is not None else f"{'-':>7}" for p in ("p50", "p95", "p99")
            )
            print(
                f"  {r['engine']:<14}{r['label']:<22}{r['clients']:>8}{r['per_second']:>8.1f}"
                f"{r['errors']:>7}{r['degraded']:>9}{latency}  {memory}"
            )
    if not (single or loaded):
        sys.exit("No figures in var/bench/results/: run the benchmarks first.")


if __name__ == "__main__":
    main()
