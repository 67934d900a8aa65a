#!/usr/bin/env python
"""Build speed: where `aiwork-kg build` spends its time, and its two accelerations against
their baselines, measured in the same run on the same graph.

    python bench/bench_build.py [--repeat 3] [--json FILE]

1. The phases of a build of the repository's graph (assemble, canonical labels, counts, graph
   check, writing the five release files), median of --repeat runs.
2. The graph check with the SHACL-SPARQL parts (SPARQL targets and sh:sparql constraints) on
   Oxigraph (`check_graph(engine="oxigraph-sparql")`, what `build` does) against pySHACL alone
   (`engine="pyshacl"`), the two engines of `aiwork_kg.shacl`; the two must report the same
   results, row by row (checked; exit 1 if not).
3. Blank-node labels from content (`release.canonical_graph`) against rdflib's general
   canonicalisation (`rdflib.compare.to_canonical_graph`) of the same graph; both must give
   graphs isomorphic to the input.

Ratios = baseline / accelerated (higher is better). Speed is never asserted in the tests.
"""
from __future__ import annotations

import argparse
import json
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path


def _median_time(fn, repeat: int):
    times, value = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        value = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), value


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", type=Path, default=None, help="also write the figures as JSON")
    args = parser.parse_args(argv)

    from rdflib.compare import isomorphic, to_canonical_graph

    from aiwork_kg import release
    from aiwork_kg.build import assemble_graph
    from aiwork_kg.graphcheck import check_graph, load_graph_shapes

    figures: dict = {"python": sys.version.split()[0], "machine": platform.machine(), "repeat": args.repeat}
    t_assemble, graph = _median_time(assemble_graph, args.repeat)
    t_canonical, canonical = _median_time(lambda: release.canonical_graph(graph), args.repeat)
    t_counts, counts = _median_time(lambda: release.compute_counts(canonical), args.repeat)
    shapes = load_graph_shapes()
    t_check, oxi = _median_time(lambda: check_graph(canonical, shapes), args.repeat)

    def write():
        with tempfile.TemporaryDirectory() as folder:
            release.write_release(canonical, Path(folder), counts)

    t_write, _ = _median_time(write, args.repeat)
    figures["triples"] = len(graph)
    figures["phases_s"] = {"assemble": t_assemble, "canonical": t_canonical, "counts": t_counts,
                           "check": t_check, "write": t_write}
    print(f"graph: {len(graph)} triples, {counts['units']} units, {counts['links']} links, {counts['terms']} terms")
    print("phases (median of %d runs, s):" % args.repeat)
    for name, t in figures["phases_s"].items():
        print(f"  {name:<10} {t:7.2f}")
    print(f"  {'total':<10} {sum(figures['phases_s'].values()):7.2f}")

    # the graph check: Oxigraph for the SPARQL parts vs pySHACL alone (one baseline run: it is slow)
    t_pyshacl, alone = _median_time(lambda: check_graph(canonical, shapes, engine="pyshacl"), 1)
    same = sorted(oxi.violations + oxi.warnings) == sorted(alone.violations + alone.warnings)
    figures["check"] = {"oxigraph_s": t_check, "pyshacl_alone_s": t_pyshacl, "ratio": t_pyshacl / t_check,
                        "same_results": same}
    print(f"graph check: Oxigraph+pySHACL {t_check:.2f} s, pySHACL alone {t_pyshacl:.2f} s, "
          f"ratio {t_pyshacl / t_check:.1f}x, same results: {same}")

    # blank-node labels
    t_rdflib, by_rdflib = _median_time(lambda: list(to_canonical_graph(graph)), 1)
    iso = isomorphic(canonical, graph)
    figures["canonical"] = {"content_labels_s": t_canonical, "rdflib_s": t_rdflib, "ratio": t_rdflib / t_canonical,
                            "isomorphic": iso, "rdflib_triples": len(by_rdflib)}
    print(f"canonical labels: content {t_canonical:.2f} s, rdflib {t_rdflib:.2f} s, "
          f"ratio {t_rdflib / t_canonical:.1f}x, isomorphic: {iso}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0 if same and iso else 1


if __name__ == "__main__":
    sys.exit(main())
