#!/usr/bin/env python
"""The resource pages under load: `aiwork-kg serve` (gunicorn) on the loopback.

    python bench/bench_web.py [--clients 100] [--seconds 30] [--workers 2] [--threads 4]
                              [--release DIR] [--no-baseline] [--json FILE]

1. Starts ``aiwork-kg serve`` on 127.0.0.1 (a free port) as a subprocess and waits for /health
   (the same approach as bench/bench_serve.py).
2. Runs ``--clients`` client threads for ``--seconds``; each requests, one after the other, the
   pages of a fixed list of IRIs of every kind (provisions, units, agents, claims, disagreements,
   links, concepts, the dataset) in turn as HTML in en, da and nl and as Turtle and JSON-LD
   (by ``Accept``), and the start page.
3. Reports requests, throughput, p50 and p99 latency per kind (html, rdf, start) and errors (any
   answer other than 200, or none).
4. Does this first on a server started with ``--answer-cache 0`` (the baseline: every request
   routed and answered by the page code, whose rendered pages are kept per process), then on one
   with the defaults (a repeated GET answered whole from the worker's answer cache,
   aiwork_kg.server.answers), and prints the ratios (skip the baseline with --no-baseline).

Speed is never asserted in the tests; docs/performance.md records the figures of a run.
"""
from __future__ import annotations

import argparse
import json
import platform
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_serve import _entry_point, _free_port  # noqa: E402

PATHS = ["/provision/eu/reg/2024/1689/art_5/par_1/pnt_f", "/provision/eu/reg/2024/1689/art_3/pnt_39",
         "/doc/dk-leaflet-emotion-recognition-ban/exception", "/doc/nl-ap-dca-2024-02/sec_III/para_16",
         "/doc/dk-bfa-ai-work-environment-2024/chapter_1/section_1", "/agent/autoriteit-persoonsgegevens",
         "/doc/nl-ap-dca-2024-02/claim_intentions-covered", "/link/disagreement/intentions", "/link/ap-eu/1",
         "/concept/bfa-ai-type", "/dataset/aiwork-kg", "/provision/dk/lta/2021/2062/par_72/stk_10"]
VARIANTS = [("html", "text/html", "en"), ("html", "text/html", "da"), ("html", "text/html", "nl"),
            ("rdf", "text/turtle", None), ("rdf", "application/ld+json", None)]


def requests_cycle():
    while True:
        for path in PATHS:
            for kind, accept, lang in VARIANTS:
                yield kind, path + (f"?lang={lang}" if lang else ""), accept
        yield "start", "/", "text/html"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=100)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--release", default=None)
    parser.add_argument("--no-baseline", dest="baseline", action="store_false",
                        help="skip the baseline run (the server with --answer-cache 0)")
    parser.add_argument("--json", dest="json_out", default=None)
    args = parser.parse_args(argv)
    report: dict = {"clients": args.clients, "workers": args.workers, "threads": args.threads,
                    "cpus": __import__("os").cpu_count(), "python": platform.python_version(), "runs": {}}
    runs = ([("baseline", 0)] if args.baseline else []) + [("defaults", None)]
    for name, cache in runs:
        label = "without the answer cache (--answer-cache 0)" if cache == 0 else "with the defaults"
        print(f"# the server {label}", flush=True)
        figures = _server_run(args, cache)
        if figures is None:
            return 2
        report["runs"][name] = figures
        print(json.dumps(figures, indent=2), flush=True)
    if "baseline" in report["runs"]:
        base, new = report["runs"]["baseline"]["kinds"], report["runs"]["defaults"]["kinds"]
        report["ratios"] = {
            kind: {"throughput": round(new[kind]["per_second"] / max(base[kind]["per_second"], 1e-9), 1),
                   "p50": round(base[kind]["p50_ms"] / max(new[kind]["p50_ms"], 1e-9), 1)}
            for kind in new if kind in base}
        print("# ratios to the baseline (throughput: defaults / baseline; p50: baseline / defaults):",
              json.dumps(report["ratios"]), flush=True)
    if args.json_out:
        Path(args.json_out).write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    errors = sum(run["errors"] for run in report["runs"].values())
    return 1 if errors else 0


def _server_run(args, answer_cache: int | None) -> dict | None:
    """Start a server, warm it up, run the clients for the time, stop it: the figures (None: no server)."""
    port = _free_port()
    command = _entry_point() + ["serve", "--port", str(port), "--workers", str(args.workers),
                                "--threads", str(args.threads), "--query-processes", "1", "--access-log", "none"]
    if args.release:
        command += ["--release", args.release]
    if answer_cache is not None:
        command += ["--answer-cache", str(answer_cache)]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 120
        while True:
            try:
                urllib.request.urlopen(url + "/health", timeout=2).read()
                break
            except OSError:
                if server.poll() is not None or time.time() > deadline:
                    print("the server did not start", file=sys.stderr)
                    return None
                time.sleep(0.25)
        for path in PATHS:  # warm up: each worker loads the graph on its first page
            for _ in range(args.workers * 2):
                urllib.request.urlopen(url + path, timeout=60).read()
        latencies: dict[str, list[float]] = {"html": [], "rdf": [], "start": []}
        errors: list[str] = []
        lock = threading.Lock()
        stop = time.time() + args.seconds

        def client(offset: int) -> None:
            cycle = requests_cycle()
            for _ in range(offset):
                next(cycle)
            while time.time() < stop:
                kind, path, accept = next(cycle)
                started = time.perf_counter()
                try:
                    with urllib.request.urlopen(urllib.request.Request(url + path, headers={"Accept": accept}),
                                                timeout=60) as r:
                        r.read()
                        ok = r.status == 200
                except (OSError, urllib.error.URLError) as exc:
                    ok = False
                    with lock:
                        errors.append(f"{path}: {exc}")
                elapsed = time.perf_counter() - started
                with lock:
                    if ok:
                        latencies[kind].append(elapsed)

        threads = [threading.Thread(target=client, args=(i * 7,)) for i in range(args.clients)]
        began = time.time()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        took = time.time() - began
        figures: dict = {"seconds": round(took, 1), "answer_cache": answer_cache, "errors": len(errors), "kinds": {}}
        everything = [x for values in latencies.values() for x in values]
        for kind, values in [*latencies.items(), ("all", everything)]:
            if not values:
                continue
            values.sort()
            figures["kinds"][kind] = {"requests": len(values), "per_second": round(len(values) / took, 1),
                                      "p50_ms": round(statistics.median(values) * 1000, 1),
                                      "p99_ms": round(values[int(len(values) * 0.99) - 1] * 1000, 1)}
        if errors:
            print("first errors:", *errors[:5], sep="\n  ", file=sys.stderr)
        return figures
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()


if __name__ == "__main__":
    sys.exit(main())
