#!/usr/bin/env python
"""The query page under load: library queries run from /query on `aiwork-kg serve` (gunicorn).

    python bench/bench_web_query.py [--levels 1,10,100] [--level-seconds 20] [--workers 2] [--threads 8]
                                    [--query-processes 2] [--release DIR] [--no-baseline]
                                    [--json FILE]

1. Starts ``aiwork-kg serve`` on 127.0.0.1 (a free port), as bench/bench_serve.py does.
2. For each level of concurrent clients, runs that many client threads for ``--level-seconds``
   (or ``--max-requests`` each); each client, one request after the other, runs the library
   queries of QUERIES in turn, as the page (``/query?name=...&run=1``, HTML with the labelled
   table) and as its CSV download (``&format=csv``), alternately.
3. Reports per level and per kind (page, csv): requests, throughput, p50 and p99 latency, errors
   (any answer other than 200, or none).
4. First the same levels on a server started with ``--answer-cache 0`` (the baseline: every
   request routed and rendered), then on one with the defaults (a repeated GET answered from the
   worker's answer cache, aiwork_kg.server.answers); prints the ratios (skip with --no-baseline).

The clients run in this process, on the same machine as the server: at high levels they compete
with it for the cores, so the figures are an upper bound of what a remote client would see.
Everything stays on the loopback and the run is bounded. Speed is not asserted in the tests
(tests/test_bench_web_query.py runs a tiny configuration); docs/performance.md records a run.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import platform
import signal
import sys
import urllib.parse
from pathlib import Path

HERE = Path(__file__).resolve().parent
_spec = importlib.util.spec_from_file_location("bench_serve", HERE / "bench_serve.py")
assert _spec is not None and _spec.loader is not None
bench_serve = importlib.util.module_from_spec(_spec)
sys.modules.setdefault("bench_serve", bench_serve)
_spec.loader.exec_module(bench_serve)

# library queries with their parameters, as a user of the page would run them
QUERIES = (
    ("applies-on-date", {"date": "2025-07-01"}),
    ("units-discussing-art5-1-f", {}),
    ("provision-side-by-side", {}),
    ("units-containing-text", {"needle": "biometri"}),
    ("disagreements", {}),
    ("unit-links", {}),
)
KINDS = ("page", "csv")


class QueryPageClient(bench_serve.Client):
    """Requests of the query page; `kind` is "page" or "csv", the query chosen by a counter."""

    def __init__(self, base: str, timeout: float):
        super().__init__(base, timeout)
        self.urls = {kind: [f"{base}/query?" + urllib.parse.urlencode({"name": name, **params,
                                                                       **({"run": "1"} if kind == "page"
                                                                          else {"format": "csv"})})
                            for name, params in QUERIES] for kind in KINDS}
        self._turn = 0

    def request(self, kind: str):
        self._turn += 1
        return self.timed(self.urls[kind][self._turn % len(QUERIES)])


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--levels", default="1,10,100")
    parser.add_argument("--level-seconds", type=float, default=20.0)
    parser.add_argument("--max-requests", type=int, default=None, help="per client and level")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--query-processes", type=int, default=2)
    parser.add_argument("--timeout", type=float, default=60.0, help="client timeout per request (s)")
    parser.add_argument("--release", type=Path, default=None)
    parser.add_argument("--server-log", type=Path, default=None)
    parser.add_argument("--no-baseline", dest="baseline", action="store_false",
                        help="skip the baseline run (the server with --answer-cache 0)")
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args(argv)
    levels = [int(x) for x in args.levels.split(",") if x.strip()]
    result: dict = {"machine": f"{platform.machine()}, {platform.python_implementation()} "
                               f"{platform.python_version()}", "workers": args.workers, "threads": args.threads,
                    "query_processes": args.query_processes, "queries": [q for q, _ in QUERIES], "levels": [],
                    "baseline": []}
    runs = ([("baseline", 0)] if args.baseline else []) + [("levels", None)]
    for key, cache in runs:
        args.answer_cache = cache
        label = "without the answer cache (--answer-cache 0)" if cache == 0 else "with the defaults"
        print(f"# the server {label}", flush=True)
        result[key], result[f"{key}_exit_status"] = _server_run(args, levels)
    for base_level, level in zip(result["baseline"], result["levels"], strict=False):
        ratio = {"clients": level["clients"],
                 "throughput_ratio": round(level["throughput_per_s"] / max(base_level["throughput_per_s"], 1e-9), 1)}
        for kind in KINDS:
            new, old = level["kinds"].get(kind), base_level["kinds"].get(kind)
            if new and old and new.get("p50_ms"):
                ratio[f"{kind}_p50_ratio"] = round(old["p50_ms"] / new["p50_ms"], 1)
        result.setdefault("ratios", []).append(ratio)
        print("# ratio to the baseline:", json.dumps(ratio), flush=True)
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return result


def _server_run(args, levels: list[int]) -> tuple[list[dict], int | None]:
    """Start a server, warm it up, run every level, stop it: (the levels' figures, its exit status)."""
    proc, base = bench_serve.start_server(args)
    figures: list[dict] = []
    try:
        client = QueryPageClient(base, args.timeout)
        for _name, _ in QUERIES:  # warm up: each worker process opens its store and loads the pages once
            for kind in KINDS:
                client.request(kind)
        for clients in levels:
            level = _run(client, base, args, clients)
            figures.append(level)
            print(json.dumps(level), flush=True)
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            status = proc.wait(timeout=60)
        except Exception:  # noqa: BLE001 - a bench must always stop its server
            proc.kill()
            status = None
    return figures, status


def _run(client: QueryPageClient, base: str, args, clients: int) -> dict:
    """`clients` threads for the level's time (or `--max-requests` each); the figures per kind."""
    return bench_serve.run_level(client, clients, args.level_seconds, args.max_requests, kinds=KINDS)


if __name__ == "__main__":
    main()
