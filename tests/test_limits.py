"""Issue 11, part 2: the same time and size limits on the command line and the Python API;
a limit reached is an error naming the file (exit 2) and the rest of the batch is still reported."""
from __future__ import annotations

import json
import time

import pytest

from aiwork_kg.limits import LimitError, LimitExceeded, deadline
from aiwork_kg.validator import engine, validate
from conftest import ROOT

GOOD = ROOT / "examples" / "call-centre-agents-anger.ttl"
CROSS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def test_deadline_stops_python_code_and_leaves_nothing_behind():
    with pytest.raises(LimitExceeded), deadline(0.2):
        while True:
            sum(range(100))
    with deadline(0.05):
        pass
    time.sleep(0.2)  # a timer that fired late must not raise here
    with deadline(None):
        pass


def test_a_file_over_the_size_limit_is_named_and_the_good_file_reported(tmp_path):
    big = tmp_path / "big.ttl"
    big.write_bytes(b"# " + b"x" * 50000 + b"\n")
    run = validate([big, GOOD], max_bytes=20000)
    assert [r.source for r in run.results] == [str(GOOD)]
    assert len(run.errors) == 1 and isinstance(run.errors[0], LimitError)
    assert run.errors[0].source == str(big) and run.errors[0].kind == "size"
    assert run.exit_code == 2


def test_a_slow_file_is_stopped_named_and_the_rest_of_the_batch_reported(monkeypatch, tmp_path):
    slow = tmp_path / "slow.ttl"
    slow.write_bytes(GOOD.read_bytes().replace(b"call-centre-agents-anger", b"slow-one"))
    original = engine._parse

    def parse(name, payload, closure):
        if name.endswith("slow.ttl"):
            while True:  # a parser that never ends, in pure Python like rdflib's
                sum(range(100))
        return original(name, payload, closure)

    monkeypatch.setattr(engine, "_parse", parse)
    run = validate([GOOD, slow], time_limit=1.5)
    assert [r.source for r in run.results] == [str(GOOD)]
    assert [(e.source, e.kind) for e in run.errors] == [(str(slow), "time")]
    assert "time limit of 1.5 s" in run.errors[0].message


def test_cli_validate_size_limit_exit_2_names_the_file(cli, tmp_path):
    big = tmp_path / "big.ttl"
    big.write_bytes(b"# " + b"x" * 50000 + b"\n")
    result = cli("validate", "--format", "json", "--max-size", "20000", big, GOOD)
    assert result.exit_code == 2
    assert f"{big}: is " in result.stderr and "size limit" in result.stderr
    data = json.loads(result.stdout)
    assert [r["source"] for r in data["results"]] == [str(GOOD)]
    assert "Traceback" not in result.stderr


def test_query_api_limits(release_dir):
    from aiwork_kg.sparql import query

    with pytest.raises(LimitError) as caught:
        query("SELECT * WHERE { ?s ?p ?o }", release_dir=release_dir, max_rows=3)
    assert caught.value.kind == "size"
    assert len(query("SELECT * WHERE { ?s ?p ?o }", release_dir=release_dir, max_rows=3, limit=2).rows) == 2
    with pytest.raises(LimitError) as caught:
        query(CROSS, release_dir=release_dir, timeout=0.5)
    assert caught.value.kind == "time" and "time limit" in str(caught.value)


def test_cli_query_time_limit_exit_2(cli, release_dir):
    result = cli("query", "--release", release_dir, "--timeout", "0.5", CROSS)
    assert result.exit_code == 2
    assert "time limit of 0.5 s" in result.stderr and "Traceback" not in result.stderr


def test_deadline_is_not_defeated_by_a_bare_except():
    start = time.monotonic()
    with pytest.raises(LimitExceeded), deadline(0.2):
        while time.monotonic() - start < 30:
            try:  # noqa: SIM105 - written as rdflib's SPARQL evaluation does
                sum(range(100))
            except:  # noqa: E722
                pass
    assert time.monotonic() - start < 30
