"""bench/bench_sparql.py: the scaler and the two engines agree (correctness only, never speed)."""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench" / "bench_sparql.py"
UNITS = "SELECT ?u WHERE { ?u a aiw:SourceUnit }"
CLASSES = "SELECT ?c WHERE { ?c a owl:Class FILTER(isIRI(?c)) }"
ART_5_1_F = "https://w3id.org/aiwork/provision/eu/reg/2024/1689/art_5/par_1/pnt_f"
ABOUT_ART = f"SELECT ?p ?o WHERE {{ <{ART_5_1_F}> ?p ?o }}"


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("bench_sparql", BENCH)
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_sparql"] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def base(release_dir):
    return (release_dir / "aiwork-kg.nt").read_text(encoding="utf-8").splitlines()


@pytest.fixture(scope="module")
def scaled(bench, base):
    return bench.scale(base, 3 * len(base))


def test_scaled_size(bench, base, scaled):
    n = sum(1 for line in base if line.strip())
    assert scaled.base_triples == n
    assert scaled.copies >= 2
    assert scaled.triples == n + scaled.copies * scaled.copied_triples
    assert 3 * n <= scaled.triples < 3 * n + scaled.copied_triples
    assert len(set(scaled.lines)) == scaled.triples  # every copy is new: no triple repeated
    assert f"<{ART_5_1_F}/copy-1>" in "\n".join(scaled.lines[n:n + scaled.copied_triples])


def test_both_engines_hold_the_scaled_graph_and_agree(bench, base, scaled):
    data = scaled.ntriples()
    store, graph = bench.oxigraph_store(data), bench.rdflib_graph(data)
    assert len(store) == len(graph) == scaled.triples
    small_data = ("\n".join(base) + "\n").encode("utf-8")
    small_store, small_graph = bench.oxigraph_store(small_data), bench.rdflib_graph(small_data)
    units = bench.run_oxigraph(small_store, UNITS)
    assert units > 50 and bench.run_rdflib(small_graph, UNITS) == units
    # the data is copied: k + 1 times the units, on both engines
    factor = scaled.copies + 1
    assert bench.run_oxigraph(store, UNITS) == bench.run_rdflib(graph, UNITS) == units * factor
    # the ontology is not: the same classes
    classes = bench.run_oxigraph(small_store, CLASSES)
    assert classes > 10 and bench.run_oxigraph(store, CLASSES) == bench.run_rdflib(graph, CLASSES) == classes
    # a query bound to one resource returns what it returned before
    about = bench.run_oxigraph(small_store, ABOUT_ART)
    assert about > 0 and bench.run_oxigraph(store, ABOUT_ART) == bench.run_rdflib(graph, ABOUT_ART) == about


def test_rdflib_budget_stops_a_slow_query(bench, base):
    graph = bench.rdflib_graph(("\n".join(base) + "\n").encode("utf-8"))
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    times, rows, over, error = bench.time_rdflib(graph, slow, runs=3, budget=1.0, max_total=10)
    assert over and times == [1.0] and rows is None and not error
    times, rows, over, error = bench.time_rdflib(graph, UNITS, runs=3, budget=60, max_total=60)
    assert not over and len(times) == 3 and rows == bench.run_oxigraph(bench.oxigraph_store(
        ("\n".join(base) + "\n").encode("utf-8")), UNITS)


def test_percentile(bench):
    assert bench.percentile([3.0, 1.0, 2.0], 50) == 2.0
    assert bench.percentile([1.0, 2.0, 3.0, 4.0], 50) == 2.5
    assert bench.percentile([5.0], 95) == 5.0
    assert bench.percentile(list(map(float, range(1, 101))), 95) == pytest.approx(95.05)
