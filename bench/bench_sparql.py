#!/usr/bin/env python
"""SPARQL speed: the embedded Oxigraph store against rdflib's own SPARQL engine, same data, one run.

    python bench/bench_sparql.py --triples 1000000 [--repeat 7] [--budget 60] [--release DIR]

1. Takes the release graph (``{release}/aiwork-kg.nt``, else the graph assembled from the
   sources) and scales it synthetically to about ``--triples`` triples: every triple that
   mentions one of the graph's own resources (``https://w3id.org/aiwork/…`` except the
   ontology, shape and concept terms) is copied k times with those IRIs renamed
   ``{iri}/copy-{k}`` and its blank nodes renamed per copy. The ontology is kept once, so each
   copy has the structure of the original: queries match in every copy and return k+1 times
   the rows (queries bound to one resource by a parameter return the same rows).
2. Loads the same triples into a ``pyoxigraph.Store`` and into an in-memory ``rdflib.Graph``.
3. Runs every library query (except those with SERVICE) with its fixture's parameters
   (tests/fixtures/queries/{name}.json) on both engines, ``--repeat`` times each after one
   warm-up run, consuming every row; prints p50 and p95 per query and overall, and the ratio
   rdflib / Oxigraph at p50 per query and overall (geometric mean of the per-query ratios).

rdflib gets ``--budget`` seconds per run: each rdflib query runs in a forked child process that
is killed when it exceeds the budget; such a run counts as the budget (marked ``>=``), which
only understates the ratio. After a run over the budget the remaining runs of that query are
not attempted (each would count as the budget as well). ``--rdflib-max-runs`` caps how many
rdflib runs a slow query gets (the p95 of few runs is the maximum).

Speed is never asserted in the tests; docs/performance.md records the figures of a run.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import multiprocessing
import os
import platform
import re
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "queries"
OWN = "https://w3id.org/aiwork/"
NOT_COPIED = (OWN + "ontology#", OWN + "shapes#", OWN + "concept/")

_TERM = re.compile(r'<([^>]*)>|(_:[A-Za-z0-9_.\-]+)|("(?:[^"\\]|\\.)*"(?:@[A-Za-z0-9\-]+|\^\^<[^>]*>)?)')


# ----------------------------------------------------------------------------- scaling

def _is_own(iri: str) -> bool:
    return iri.startswith(OWN) and not iri.startswith(NOT_COPIED)


def parse_nt_line(line: str) -> tuple[str, str, str] | None:
    """The three terms of an N-Triples line, each in N-Triples syntax (None for blank/comment)."""
    line = line.strip()
    if not line or line.startswith("#"):
        return None
    terms = [m.group(0) for m in _TERM.finditer(line)]
    if len(terms) < 3:
        raise ValueError(f"not an N-Triples line: {line[:120]}")
    return terms[0], terms[1], terms[2]


@dataclass
class Scaled:
    lines: list[str]                  # the scaled graph, one N-Triples line each
    base_triples: int
    copied_triples: int               # triples of the base that are copied each time
    copies: int                       # k: the base's data appears k + 1 times

    @property
    def triples(self) -> int:
        return len(self.lines)

    def ntriples(self) -> bytes:
        return ("\n".join(self.lines) + "\n").encode("utf-8")


def scale(base_lines: list[str], target: int) -> Scaled:
    """Copy the data triples of `base_lines` until the graph holds about `target` triples."""
    triples = [t for t in (parse_nt_line(line) for line in base_lines) if t is not None]
    # blank nodes that belong to the data: reachable from a triple that mentions an own IRI
    data_bnodes: set[str] = set()
    changed = True
    while changed:
        changed = False
        for s, p, o in triples:
            if o.startswith("_:") and o not in data_bnodes and (
                    (s.startswith("<") and _is_own(s[1:-1])) or s in data_bnodes):
                data_bnodes.add(o)
                changed = True

    def movable(term: str) -> bool:
        return (term.startswith("<") and _is_own(term[1:-1])) or term in data_bnodes

    copied = [t for t in triples if any(movable(x) for x in t)]
    base = [f"{s} {p} {o} ." for s, p, o in triples]
    if not copied:
        raise ValueError("the base graph has no triples about its own resources to copy")
    k = max(0, math.ceil((target - len(base)) / len(copied)))

    def rename(term: str, n: int) -> str:
        if term.startswith("<") and _is_own(term[1:-1]):
            return f"<{term[1:-1]}/copy-{n}>"
        if term in data_bnodes:
            return f"{term}c{n}"
        return term

    lines = list(base)
    for n in range(1, k + 1):
        lines.extend(f"{rename(s, n)} {rename(p, n)} {rename(o, n)} ." for s, p, o in copied)
    return Scaled(lines, len(base), len(copied), k)


def base_graph_lines(release: Path | None) -> tuple[list[str], str]:
    """The release's N-Triples lines, or those of the graph assembled from the sources."""
    candidates = [release / "aiwork-kg.nt"] if release else [Path.cwd() / "dist" / "aiwork-kg.nt"]
    for nt in candidates:
        if nt.is_file():
            return nt.read_text(encoding="utf-8").splitlines(), str(nt)
    if release:
        sys.exit(f"error: {release}/aiwork-kg.nt: no release here; run `aiwork-kg build --out {release}`")
    from aiwork_kg.build import assemble_graph

    data = assemble_graph().serialize(format="nt", encoding="utf-8").decode("utf-8")
    return data.splitlines(), "the graph assembled from the sources (aiwork_kg.build.assemble_graph)"


# ----------------------------------------------------------------------------- engines

def oxigraph_store(data: bytes):
    import pyoxigraph as ox

    store = ox.Store()
    store.bulk_load(input=data, format=ox.RdfFormat.N_TRIPLES)
    return store


def rdflib_graph(data: bytes):
    from rdflib import Graph

    graph = Graph()
    graph.parse(data=data, format="nt")
    return graph


def run_oxigraph(store, text: str) -> int:
    """Run a query on the Oxigraph store, consuming every result; returns the row count."""
    import pyoxigraph as ox

    from aiwork_kg.namespaces import PREFIXES

    result = store.query(text, prefixes=PREFIXES)
    if isinstance(result, ox.QueryBoolean):
        return int(bool(result))
    return sum(1 for _ in result)


def run_rdflib(graph, text: str) -> int:
    """Run a query with rdflib's SPARQL engine, consuming every result; returns the row count."""
    from aiwork_kg.namespaces import PREFIXES

    result = graph.query(text, initNs=PREFIXES)
    if result.type == "ASK":
        return int(bool(result.askAnswer))
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        return len(result.graph)
    return sum(1 for _ in result)


def _rdflib_child(conn, graph, text: str, runs: int) -> None:
    try:
        for _ in range(runs):
            t0 = time.perf_counter()
            n = run_rdflib(graph, text)
            conn.send(("ok", time.perf_counter() - t0, n))
    except BaseException as exc:  # noqa: BLE001 - report, do not hang the parent
        conn.send(("error", 0.0, f"{type(exc).__name__}: {exc}"))
    finally:
        conn.close()


def time_rdflib(graph, text: str, runs: int, budget: float, max_total: float) -> tuple[list[float], int | None, bool, str]:
    """(times, rows, over_budget, error) of `runs` rdflib runs in a forked child, `budget` s each.

    A run over the budget is killed and counted as the budget; no further runs are made."""
    ctx = multiprocessing.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_rdflib_child, args=(child, graph, text, runs), daemon=True)
    proc.start()
    child.close()
    times: list[float] = []
    rows = None
    over = False
    error = ""
    spent = 0.0
    try:
        for i in range(runs):
            if not parent.poll(budget):
                times.append(budget)
                over = True
                break
            status, seconds, value = parent.recv()
            if status != "ok":
                error = str(value)
                break
            times.append(seconds)
            rows = value
            spent += seconds
            if spent > max_total and len(times) >= 4 and i < runs - 1:
                break
    finally:
        if proc.is_alive():
            proc.kill()
        proc.join()
        parent.close()
    return times, rows, over, error


def percentile(values: list[float], q: float) -> float:
    """Linear-interpolated percentile (q in 0..100) of a non-empty list."""
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    pos = (len(ordered) - 1) * q / 100
    lo, hi = math.floor(pos), math.ceil(pos)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (pos - lo)


# ----------------------------------------------------------------------------- the run

@dataclass
class QueryTiming:
    name: str
    ox_times: list[float] = field(default_factory=list)
    rd_times: list[float] = field(default_factory=list)
    ox_rows: int | None = None
    rd_rows: int | None = None
    rd_over_budget: bool = False
    error: str = ""

    @property
    def ratio(self) -> float | None:
        if not self.ox_times or not self.rd_times:
            return None
        return percentile(self.rd_times, 50) / max(percentile(self.ox_times, 50), 1e-9)


def library_queries(only: list[str] | None) -> list[tuple[str, str, str]]:
    """(name, bound text, note) of every library query that runs without the network."""
    from aiwork_kg.sparql import library, prepare

    out = []
    for entry in library():
        if only and entry.name not in only:
            continue
        if entry.uses_service:
            print(f"skip {entry.name}: uses SERVICE (network)", file=sys.stderr)
            continue
        fixture = FIXTURES / f"{entry.name}.json"
        params = json.loads(fixture.read_text(encoding="utf-8")).get("params") if fixture.is_file() else None
        out.append((entry.name, prepare(entry, params or None).text, "" if fixture.is_file() else "no fixture"))
    return out


def _fmt(seconds: float | None, over: bool = False) -> str:
    if seconds is None:
        return "-"
    text = f"{seconds * 1000:.1f}" if seconds < 10 else f"{seconds * 1000:.0f}"
    return (">=" if over else "") + text


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--triples", type=int, default=1_000_000, help="target size of the scaled graph")
    ap.add_argument("--repeat", type=int, default=7, help="timed runs per query and engine (after a warm-up)")
    ap.add_argument("--budget", type=float, default=60.0, help="seconds an rdflib run may take")
    ap.add_argument("--rdflib-max-total", type=float, default=240.0,
                    help="stop repeating an rdflib query once its runs took this long (at least 3 runs)")
    ap.add_argument("--release", type=Path, default=None, help="release folder (default ./dist, else assemble)")
    ap.add_argument("--queries", default=None, help="comma-separated library query names (default: all)")
    ap.add_argument("--json", type=Path, default=None, help="also write the figures as JSON here")
    args = ap.parse_args(argv)

    started = time.time()
    base, origin = base_graph_lines(args.release)
    t0 = time.perf_counter()
    scaled = scale(base, args.triples)
    t_scale = time.perf_counter() - t0
    data = scaled.ntriples()
    print(f"base graph: {origin}: {scaled.base_triples} triples, {scaled.copied_triples} copied per copy")
    print(f"scaled: {scaled.triples} triples ({scaled.copies} copies) in {t_scale:.1f} s")
    del base

    t0 = time.perf_counter()
    store = oxigraph_store(data)
    t_ox = time.perf_counter() - t0
    t0 = time.perf_counter()
    graph = rdflib_graph(data)
    t_rd = time.perf_counter() - t0
    del data
    print(f"load: oxigraph {t_ox:.1f} s ({len(store)} quads), rdflib {t_rd:.1f} s ({len(graph)} triples)")

    queries = library_queries(args.queries.split(",") if args.queries else None)
    if not queries:
        print("error: no library queries to run", file=sys.stderr)
        return 2
    timings: list[QueryTiming] = []
    for name, text, note in queries:
        qt = QueryTiming(name, error=note)
        try:
            qt.ox_rows = run_oxigraph(store, text)  # warm-up
            for _ in range(args.repeat):
                t = time.perf_counter()
                run_oxigraph(store, text)
                qt.ox_times.append(time.perf_counter() - t)
        except Exception as exc:  # noqa: BLE001 - record and go on with the next query
            qt.error = f"oxigraph: {type(exc).__name__}: {exc}"
        # rdflib: one warm-up run inside the child, counted only if it is the only run
        times, rows, over, error = time_rdflib(graph, text, args.repeat + 1, args.budget, args.rdflib_max_total)
        qt.rd_over_budget, qt.rd_rows = over, rows
        qt.rd_times = times[1:] if len(times) > 1 else times
        if error:
            qt.error = (qt.error + "; " if qt.error else "") + f"rdflib: {error}"
        timings.append(qt)
        print(f"  {name}: oxigraph p50 {_fmt(percentile(qt.ox_times, 50) if qt.ox_times else None)} ms, "
              f"rdflib p50 {_fmt(percentile(qt.rd_times, 50) if qt.rd_times else None, over)} ms "
              f"({len(qt.rd_times)} runs)" + (f"  [{qt.error}]" if qt.error else ""), flush=True)

    print()
    print(render_markdown(timings, args, scaled, (t_ox, t_rd), started))
    if args.json:
        args.json.write_text(json.dumps(summary(timings, args, scaled, (t_ox, t_rd)), indent=2), encoding="utf-8")
    return 0


def overall(timings: list[QueryTiming]) -> dict:
    ox_all = [t for q in timings for t in q.ox_times]
    rd_all = [t for q in timings for t in q.rd_times]
    ratios = [q.ratio for q in timings if q.ratio]
    return {
        "oxigraph_p50": percentile(ox_all, 50) if ox_all else None,
        "oxigraph_p95": percentile(ox_all, 95) if ox_all else None,
        "rdflib_p50": percentile(rd_all, 50) if rd_all else None,
        "rdflib_p95": percentile(rd_all, 95) if rd_all else None,
        "ratio_p50_geomean": math.exp(statistics.fmean(math.log(r) for r in ratios)) if ratios else None,
        "ratio_p50_min": min(ratios) if ratios else None,
        "queries_over_budget": sum(q.rd_over_budget for q in timings),
    }


def summary(timings, args, scaled, loads) -> dict:
    return {
        "date": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "machine": machine(), "command": " ".join(sys.argv),
        "triples": scaled.triples, "copies": scaled.copies, "repeat": args.repeat, "budget": args.budget,
        "load_seconds": {"oxigraph": loads[0], "rdflib": loads[1]},
        "queries": [{"name": q.name, "oxigraph": q.ox_times, "rdflib": q.rd_times, "oxigraph_rows": q.ox_rows,
                     "rdflib_rows": q.rd_rows, "rdflib_over_budget": q.rd_over_budget, "ratio_p50": q.ratio,
                     "error": q.error} for q in timings],
        "overall": overall(timings),
    }


def machine() -> str:
    import pyoxigraph
    import rdflib

    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (f"{cpu}, {os.cpu_count()} cores, {platform.system()} {platform.release()}, Python "
            f"{platform.python_version()}, pyoxigraph {pyoxigraph.__version__}, rdflib {rdflib.__version__}")


def render_markdown(timings, args, scaled, loads, started) -> str:
    o = overall(timings)
    lines = [
        f"- date: {dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC (run took {(time.time() - started) / 60:.1f} min)",
        f"- machine: {machine()}",
        f"- command: `python {' '.join(sys.argv)}`",
        f"- graph: {scaled.triples} triples ({scaled.base_triples} in the release, {scaled.copied_triples} "
        f"copied {scaled.copies} times); load: Oxigraph {loads[0]:.1f} s, rdflib {loads[1]:.1f} s",
        f"- runs: {args.repeat} timed runs per query and engine after a warm-up; rdflib budget {args.budget:g} s "
        "per run (`>=` marks a query stopped at the budget)",
        "",
        "| query | rows (ox / rdflib) | Oxigraph p50 ms | Oxigraph p95 ms | rdflib p50 ms | rdflib p95 ms | rdflib runs | ratio p50 |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for q in timings:
        ox50 = percentile(q.ox_times, 50) if q.ox_times else None
        ox95 = percentile(q.ox_times, 95) if q.ox_times else None
        rd50 = percentile(q.rd_times, 50) if q.rd_times else None
        rd95 = percentile(q.rd_times, 95) if q.rd_times else None
        ratio = q.ratio
        rows = f"{q.ox_rows if q.ox_rows is not None else '-'} / {q.rd_rows if q.rd_rows is not None else '-'}"
        lines.append(f"| {q.name}{' (' + q.error + ')' if q.error else ''} | {rows} | {_fmt(ox50)} | {_fmt(ox95)} | "
                     f"{_fmt(rd50, q.rd_over_budget)} | {_fmt(rd95, q.rd_over_budget)} | {len(q.rd_times)} | "
                     + (f"{'>=' if q.rd_over_budget else ''}{ratio:.1f}" if ratio else "-") + " |")
    lines += [
        "",
        f"- overall (all runs pooled): Oxigraph p50 {_fmt(o['oxigraph_p50'])} ms, p95 {_fmt(o['oxigraph_p95'])} ms; "
        f"rdflib p50 {_fmt(o['rdflib_p50'])} ms, p95 {_fmt(o['rdflib_p95'])} ms",
        f"- ratio rdflib / Oxigraph at p50: geometric mean over the queries "
        + (f"{o['ratio_p50_geomean']:.1f}, smallest {o['ratio_p50_min']:.1f}" if o["ratio_p50_geomean"] else "-")
        + f"; {o['queries_over_budget']} queries hit the rdflib budget (their ratio is a lower bound)",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
