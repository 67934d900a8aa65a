"""bench/bench_validate.py: its generator and both paths agree on a tiny N (correctness, not speed)."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from rdflib import RDF

from aiwork_kg.namespaces import AIW
from aiwork_kg.rdfio import load_graph

BENCH = Path(__file__).resolve().parent.parent / "bench" / "bench_validate.py"


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("bench_validate", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_generator_is_seeded_and_writes_one_system_per_parseable_file(bench, tmp_path):
    a = bench.generate(40, tmp_path / "a", seed=3)
    b = bench.generate(40, tmp_path / "b", seed=3)
    c = bench.generate(40, tmp_path / "c", seed=4)
    assert [p.read_bytes() for p in a] == [p.read_bytes() for p in b]
    assert [p.read_bytes() for p in a] != [p.read_bytes() for p in c]
    assert {p.suffix for p in bench.generate(200, tmp_path / "d", seed=1)} == {".ttl", ".jsonld"}
    for path in a:
        graph = load_graph(path)
        systems = set(graph.subjects(RDF.type, AIW.AISystem)) | set(graph.subjects(RDF.type, AIW.NonAISystem))
        assert len(systems) == 1, path


def test_batch_and_naive_give_identical_verdicts(bench, tmp_path):
    paths = bench.generate(5, tmp_path, seed=11)
    _, batch, run = bench.run_batch(tmp_path)
    assert len(batch) == 5
    _, naive = bench.run_naive(paths)
    assert len(naive) == 5
    assert bench.compare(batch, naive) == []
    # the comparison itself notices a difference
    key = next(iter(naive))
    changed = dict(naive)
    changed[key] = ("excepted" if naive[key][0] != "excepted" else "prohibited",) + naive[key][1:]
    assert bench.compare(batch, changed)
