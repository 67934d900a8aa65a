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


VOCAB_TYPES = {
    "http://www.w3.org/2002/07/owl#" + t for t in (
        "Class", "ObjectProperty", "DatatypeProperty", "AnnotationProperty", "NamedIndividual", "Ontology",
        "TransitiveProperty", "SymmetricProperty", "FunctionalProperty", "Restriction")
} | {"http://www.w3.org/2000/01/rdf-schema#Class", "http://www.w3.org/1999/02/22-rdf-syntax-ns#Property",
     "http://www.w3.org/2004/02/skos/core#Concept", "http://www.w3.org/2004/02/skos/core#ConceptScheme",
     "http://www.w3.org/ns/shacl#NodeShape", "http://www.w3.org/ns/shacl#PropertyShape"}
RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
# namespaces of vocabularies: their IRIs are never renamed, even where the graph describes them
VOCAB_NAMESPACES = ("http://www.w3.org/", "http://purl.org/", "http://xmlns.com/", "http://rdfs.org/",
                    "https://schema.org/", "http://schema.org/", "https://w3id.org/dpv", "https://w3id.org/airo",
                    "https://w3id.org/vair", "http://data.europa.eu/eli/ontology",
                    "http://publications.europa.eu/resource/authority/", "http://spdx.org/",
                    "http://www.iana.org/", "https://creativecommons.org/")


def movable_iris(triples: list[tuple[str, str, str]]) -> set[str]:
    """The IRIs (in <…> form) that each copy renames: the resources the graph describes.

    That is every IRI of the graph's own namespace except the ontology, shape and concept terms,
    and every other IRI the graph describes (is the subject of a triple, like the AI Act's ELI
    IRI) unless it is vocabulary: a predicate, a class (object of rdf:type) or typed as a class,
    property, concept, scheme, ontology or shape. IRIs that are only pointed at (EUR-Lex pages,
    DPV concepts, language codes) stay shared between copies, as they would in a larger corpus."""
    vocab: set[str] = set()
    subjects: set[str] = set()
    for s, p, o in triples:
        vocab.add(p)
        if p == RDF_TYPE:
            vocab.add(o)
            if o[1:-1] in VOCAB_TYPES:
                vocab.add(s)
        if s.startswith("<"):
            subjects.add(s)
    out = set()
    for s, p, o in triples:
        for term in (s, o):
            if term.startswith("<") and term not in vocab:
                iri = term[1:-1]
                if iri.startswith(NOT_COPIED) or iri.startswith(VOCAB_NAMESPACES):
                    continue
                if iri.startswith(OWN) or term in subjects:
                    out.add(term)
    return out


def scale(base_lines: list[str], target: int) -> Scaled:
    """Copy the data triples of `base_lines` until the graph holds about `target` triples."""
    triples = [t for t in (parse_nt_line(line) for line in base_lines) if t is not None]
    moved = movable_iris(triples)
    # blank nodes that belong to the data: reachable from a triple about a renamed IRI
    data_bnodes: set[str] = set()
    changed = True
    while changed:
        changed = False
        for s, p, o in triples:
            if o.startswith("_:") and o not in data_bnodes and (s in moved or s in data_bnodes):
                data_bnodes.add(o)
                changed = True

    def movable(term: str) -> bool:
        return term in moved or term in data_bnodes

    copied = [t for t in triples if movable(t[0]) or movable(t[2])]
    base = [f"{s} {p} {o} ." for s, p, o in triples]
    if not copied:
        raise ValueError("the base graph has no triples about its own resources to copy")
    k = max(0, math.ceil((target - len(base)) / len(copied)))

    def rename(term: str, n: int) -> str:
        if term in moved:
            return f"<{term[1:-1]}/copy-{n}>"
        if term in data_bnodes:
            return f"{term}c{n}"
        return term

    lines = list(base)
    for n in range(1, k + 1):
        lines.extend(f"{rename(s, n)} {p} {rename(o, n)} ." for s, p, o in copied)
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


def _child(conn, run, target, text: str, runs: int) -> None:
    try:
        for _ in range(runs):
            t0 = time.perf_counter()
            n = run(target, text)
            conn.send(("ok", time.perf_counter() - t0, n))
    except BaseException as exc:  # noqa: BLE001 - report, do not hang the parent
        conn.send(("error", 0.0, f"{type(exc).__name__}: {exc}"))
    finally:
        conn.close()


@dataclass
class Runs:
    times: list[float]          # timed runs (seconds); a run stopped at the budget counts as the budget
    rows: int | None            # rows (or triples, or the ASK answer) of the last complete run
    over_budget: bool
    error: str = ""


def time_runs(run, target, text: str, repeat: int, budget: float, max_total: float,
              warm_up_under: float = 2.0) -> Runs:
    """Time `repeat` runs of `run(target, text)` in a forked child process, each within `budget` s.

    The first run is a warm-up and not counted unless it took `warm_up_under` seconds or more
    (then warming up is noise and the run is counted). A run over the budget is killed and
    counted as the budget, and no further runs are made; once the runs took `max_total`
    seconds in all, no further runs are made either (at least two are timed)."""
    ctx = multiprocessing.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(child, run, target, text, repeat + 1), daemon=True)
    proc.start()
    child.close()
    out = Runs([], None, False)
    spent = 0.0
    first = True
    try:
        while len(out.times) < repeat:
            if not parent.poll(budget):
                out.times.append(budget)
                out.over_budget = True
                break
            status, seconds, value = parent.recv()
            if status != "ok":
                out.error = str(value)
                break
            spent += seconds
            out.rows = value
            if first and seconds < warm_up_under:
                first = False
                continue
            first = False
            out.times.append(seconds)
            if spent > max_total and len(out.times) >= 2:
                break
    finally:
        if proc.is_alive():
            proc.kill()
        proc.join()
        parent.close()
    return out


def time_rdflib(graph, text: str, runs: int, budget: float, max_total: float) -> tuple[list[float], int | None, bool, str]:
    """(times, rows, over_budget, error) of rdflib runs, see :func:`time_runs`."""
    r = time_runs(run_rdflib, graph, text, runs, budget, max_total)
    return r.times, r.rows, r.over_budget, r.error


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
    ox_over_budget: bool = False
    error: str = ""

    @property
    def ratio(self) -> float | None:
        if not self.ox_times or not self.rd_times or self.ox_over_budget:
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
    ap.add_argument("--budget", type=float, default=60.0, help="seconds a run may take (either engine)")
    ap.add_argument("--max-total", type=float, default=150.0,
                    help="stop repeating a query on an engine once its runs took this long (at least 2 timed)")
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
        ox = time_runs(run_oxigraph, store, text, args.repeat, args.budget, args.max_total)
        rd = time_runs(run_rdflib, graph, text, args.repeat, args.budget, args.max_total)
        qt.ox_times, qt.ox_rows, qt.ox_over_budget = ox.times, ox.rows, ox.over_budget
        qt.rd_times, qt.rd_rows, qt.rd_over_budget = rd.times, rd.rows, rd.over_budget
        for engine, r in (("oxigraph", ox), ("rdflib", rd)):
            if r.error:
                qt.error = (qt.error + "; " if qt.error else "") + f"{engine}: {r.error}"
        timings.append(qt)
        print(f"  {name}: oxigraph p50 {_fmt(percentile(qt.ox_times, 50) if qt.ox_times else None, qt.ox_over_budget)} ms, "
              f"rdflib p50 {_fmt(percentile(qt.rd_times, 50) if qt.rd_times else None, qt.rd_over_budget)} ms "
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
        "ratio_p50_median": statistics.median(ratios) if ratios else None,
        "ratio_p50_min": min(ratios) if ratios else None,
        "ratio_pooled_p50": (percentile(rd_all, 50) / percentile(ox_all, 50)) if ox_all and rd_all else None,
        "queries": len(timings),
        "queries_with_ratio": len(ratios),
        "queries_at_least_10x": sum(r >= 10 for r in ratios),
        "queries_over_budget": sum(q.rd_over_budget for q in timings),
        "queries_oxigraph_over_budget": sum(q.ox_over_budget for q in timings),
        "queries_rows_differ": [q.name for q in timings
                                if q.ox_rows is not None and q.rd_rows is not None and q.ox_rows != q.rd_rows],
    }


def summary(timings, args, scaled, loads) -> dict:
    return {
        "date": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "machine": machine(), "command": " ".join(sys.argv),
        "triples": scaled.triples, "copies": scaled.copies, "repeat": args.repeat, "budget": args.budget,
        "load_seconds": {"oxigraph": loads[0], "rdflib": loads[1]},
        "queries": [{"name": q.name, "oxigraph": q.ox_times, "rdflib": q.rd_times, "oxigraph_rows": q.ox_rows,
                     "rdflib_rows": q.rd_rows, "rdflib_over_budget": q.rd_over_budget,
                     "oxigraph_over_budget": q.ox_over_budget, "ratio_p50": q.ratio,
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
        f"- runs: up to {args.repeat} timed runs per query and engine, each in a forked child process, after a "
        f"warm-up (counted when it took 2 s or more); budget {args.budget:g} s per run (`>=` marks a query "
        f"stopped at the budget), no more runs once a query's runs took {args.max_total:g} s",
        "",
        "| query | rows (Oxigraph / rdflib) | Oxigraph p50 ms | Oxigraph p95 ms | runs | rdflib p50 ms | rdflib p95 ms | runs | rdflib / Oxigraph p50 |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for q in timings:
        ox50 = percentile(q.ox_times, 50) if q.ox_times else None
        ox95 = percentile(q.ox_times, 95) if q.ox_times else None
        rd50 = percentile(q.rd_times, 50) if q.rd_times else None
        rd95 = percentile(q.rd_times, 95) if q.rd_times else None
        ratio = q.ratio
        rows = f"{q.ox_rows if q.ox_rows is not None else '-'} / {q.rd_rows if q.rd_rows is not None else '-'}"
        if q.ox_rows is not None and q.rd_rows is not None and q.ox_rows != q.rd_rows:
            rows += " (differ)"
        lines.append(f"| {q.name}{' (' + q.error + ')' if q.error else ''} | {rows} | {_fmt(ox50, q.ox_over_budget)} | "
                     f"{_fmt(ox95, q.ox_over_budget)} | {len(q.ox_times)} | "
                     f"{_fmt(rd50, q.rd_over_budget)} | {_fmt(rd95, q.rd_over_budget)} | {len(q.rd_times)} | "
                     + (f"{'>=' if q.rd_over_budget else ''}{ratio:.1f}" if ratio else "-") + " |")
    lines += [
        "",
        f"- overall (all runs pooled): Oxigraph p50 {_fmt(o['oxigraph_p50'])} ms, p95 {_fmt(o['oxigraph_p95'])} ms; "
        f"rdflib p50 {_fmt(o['rdflib_p50'])} ms, p95 {_fmt(o['rdflib_p95'])} ms",
        f"- ratio rdflib / Oxigraph at p50: geometric mean over the {o['queries_with_ratio']} queries "
        + (f"**{o['ratio_p50_geomean']:.1f}**, median {o['ratio_p50_median']:.1f}, smallest "
           f"{o['ratio_p50_min']:.2f}; pooled p50 ratio {o['ratio_pooled_p50']:.1f}; "
           f"{o['queries_at_least_10x']} of {o['queries_with_ratio']} queries at least 10 times faster on Oxigraph"
           if o["ratio_p50_geomean"] else "-"),
        f"- {o['queries_over_budget']} queries hit the budget on rdflib (their ratio is a lower bound), "
        f"{o['queries_oxigraph_over_budget']} on Oxigraph (no ratio); rows differ between the engines for: "
        + (", ".join(o["queries_rows_differ"]) or "none"),
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
