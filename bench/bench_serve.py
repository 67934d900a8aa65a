#!/usr/bin/env python
"""The server under load and over time: `aiwork-kg serve` (gunicorn) on the loopback.

    python bench/bench_serve.py [--levels 1,10,100,200] [--level-seconds 30] [--soak-seconds 300]
                                [--soak-clients 100] [--workers 2] [--threads 4] [--release DIR] [--json FILE]

1. Starts ``aiwork-kg serve`` on 127.0.0.1 (a free port) as a subprocess and waits for /health.
2. For each level of concurrent clients, runs that many client threads for ``--level-seconds``;
   each client sends, in turn, a SPARQL SELECT, a SPARQL CONSTRUCT and a POST /validate of
   examples/call-centre-agents-anger.ttl (a third each), one request after the other.
3. Then a soak: ``--soak-clients`` clients for ``--soak-seconds``.
4. Reports per level and per kind: requests, throughput, p50 and p99 latency, errors (any answer
   other than 200, or no answer); the server's memory (resident set size of the gunicorn master
   and all its descendants: workers and query processes) at start, after each level and at the end
   of the soak; and whether the server still answers /health, a query and a validation afterwards.

Everything stays on the loopback; the run is bounded by the durations given. Speed is never
asserted in the tests (tests/test_bench_serve.py runs a tiny configuration for correctness);
docs/performance.md records the figures of a run.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "call-centre-agents-anger.ttl"
ART = "https://w3id.org/aiwork/provision/eu/reg/2024/1689/art_5/par_1/pnt_f"
SELECT = f"SELECT ?p ?o WHERE {{ <{ART}> ?p ?o }} ORDER BY ?p ?o"
CONSTRUCT = f"CONSTRUCT {{ <{ART}> ?p ?o }} WHERE {{ <{ART}> ?p ?o }}"
KINDS = ("select", "construct", "validate")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _entry_point() -> list[str]:
    exe = Path(sys.executable).with_name("aiwork-kg")
    return [str(exe)] if exe.exists() else [shutil.which("aiwork-kg") or "aiwork-kg"]


def tree_rss(pid: int) -> int:
    """Resident set size in bytes of `pid` and all its descendants (Linux /proc)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                ppid = int(fh.read().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        children.setdefault(ppid, []).append(int(entry))
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        todo += children.get(p, [])
        try:
            with open(f"/proc/{p}/status") as fh:
                for line in fh:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1]) * 1024
        except OSError:
            pass
    return total


class Client:
    def __init__(self, base: str, timeout: float):
        self.base = base
        self.timeout = timeout
        self.example = EXAMPLE.read_bytes()

    def request(self, kind: str) -> tuple[int | str, float]:
        if kind == "validate":
            req = urllib.request.Request(self.base + "/validate", data=self.example,
                                         headers={"Content-Type": "text/turtle"})
        else:
            q = SELECT if kind == "select" else CONSTRUCT
            req = urllib.request.Request(self.base + "/sparql?query=" + urllib.parse.quote(q))
        return self.timed(req)

    def timed(self, req: urllib.request.Request | str) -> tuple[int | str, float]:
        """(status or error name, seconds) of one request, its body read."""
        start = time.perf_counter()
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as r:
                r.read()
                status: int | str = r.status
        except urllib.error.HTTPError as exc:
            status = exc.code
        except OSError as exc:
            status = type(exc).__name__
        return status, time.perf_counter() - start


def run_level(client: Client, clients: int, seconds: float, max_requests: int | None = None,
              kinds: tuple | list = KINDS) -> dict:
    """`clients` threads for `seconds` (or until each made `max_requests`), each asking for the
    `kinds` in turn; the figures per kind."""
    records: list[tuple[str, int | str, float]] = []
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def work(index: int) -> None:
        n = 0
        while time.monotonic() < stop_at and (max_requests is None or n < max_requests):
            kind = kinds[(index + n) % len(kinds)]
            status, latency = client.request(kind)
            with lock:
                records.append((kind, status, latency))
            n += 1

    started = time.perf_counter()
    threads = [threading.Thread(target=work, args=(i,), daemon=True) for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    out: dict = {"clients": clients, "seconds": round(elapsed, 2), "requests": len(records),
                 "throughput_per_s": round(len(records) / elapsed, 2) if elapsed else 0.0,
                 "errors": sum(1 for _, s, _ in records if s != 200), "kinds": {}}
    for kind in kinds:
        lat = sorted(t for k, _, t in records if k == kind)
        errors = [s for k, s, _ in records if k == kind and s != 200]
        out["kinds"][kind] = {
            "requests": len(lat), "errors": len(errors), "error_statuses": sorted({str(e) for e in errors}),
            "p50_ms": round(statistics.median(lat) * 1000, 1) if lat else None,
            "p99_ms": round(lat[min(len(lat) - 1, int(len(lat) * 0.99))] * 1000, 1) if lat else None,
        }
    return out


def start_server(args) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    cmd = _entry_point() + ["serve", "--host", "127.0.0.1", "--port", str(port), "--workers", str(args.workers),
                            "--threads", str(args.threads), "--query-processes", str(args.query_processes),
                            "--access-log", "none"]
    if args.release:
        cmd += ["--release", str(args.release)]
    if getattr(args, "answer_cache", None) is not None:
        cmd += ["--answer-cache", str(args.answer_cache)]
    # the server's own messages (errors with their tracebacks) go to a file, never to a pipe
    # nobody reads (a full pipe would block the server)
    log = open(args.server_log, "wb") if args.server_log else subprocess.DEVNULL  # noqa: SIM115
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=log)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 600
    while True:
        try:
            with urllib.request.urlopen(base + "/health", timeout=30) as r:
                if r.status == 200:
                    return proc, base
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            raise SystemExit(f"the server did not start (its messages: {args.server_log or 'not kept'})")
        time.sleep(0.5)


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--levels", default="1,10,100,200")
    parser.add_argument("--level-seconds", type=float, default=30.0)
    parser.add_argument("--max-requests", type=int, default=None, help="per client and level (tests)")
    parser.add_argument("--soak-seconds", type=float, default=300.0)
    parser.add_argument("--soak-clients", type=int, default=100)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--query-processes", type=int, default=1)
    parser.add_argument("--timeout", type=float, default=300.0, help="client timeout per request")
    parser.add_argument("--release", type=Path, default=None)
    parser.add_argument("--json", type=Path, default=None, help="also write the figures here")
    parser.add_argument("--server-log", type=Path, default=None, help="the server's stderr (errors) go here")
    args = parser.parse_args(argv)
    proc, base = start_server(args)
    client = Client(base, args.timeout)
    result: dict = {"command": "python bench/bench_serve.py " + " ".join(argv if argv is not None else sys.argv[1:]),
                    "python": platform.python_version(), "cpus": os.cpu_count(),
                    "workers": args.workers, "threads": args.threads, "query_processes": args.query_processes,
                    "memory_start_mb": round(tree_rss(proc.pid) / 2**20, 1), "levels": []}
    try:
        client.request("validate")  # one warm request per kind is not counted
        for level in [int(x) for x in args.levels.split(",") if x.strip()]:
            figures = run_level(client, level, args.level_seconds, args.max_requests)
            figures["memory_after_mb"] = round(tree_rss(proc.pid) / 2**20, 1)
            result["levels"].append(figures)
            print(json.dumps(figures), file=sys.stderr, flush=True)
        if args.soak_seconds > 0:
            result["memory_soak_start_mb"] = round(tree_rss(proc.pid) / 2**20, 1)
            soak = run_level(client, args.soak_clients, args.soak_seconds, None)
            soak["memory_after_mb"] = round(tree_rss(proc.pid) / 2**20, 1)
            result["soak"] = soak
            print(json.dumps(soak), file=sys.stderr, flush=True)
        result["memory_end_mb"] = round(tree_rss(proc.pid) / 2**20, 1)
        after = {kind: client.request(kind)[0] for kind in KINDS}
        with urllib.request.urlopen(base + "/health", timeout=60) as r:
            after["health"] = r.status
        result["answers_after"] = after
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            result["exit_status"] = proc.wait(timeout=120)
        except subprocess.TimeoutExpired:
            proc.kill()
            result["exit_status"] = "killed"
    text = json.dumps(result, indent=2)
    print(text)
    if args.json:
        args.json.write_text(text + "\n")
    return result


if __name__ == "__main__":
    main()
