"""`aiwork-kg query --default-graph IRI` and `query(..., default_graph=IRI)`: the graph of a
remote store to query, sent as the SPARQL protocol's `default-graph-uri` (Oxigraph server here;
Virtuoso in tests/test_virtuoso.py)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from aiwork_kg.errors import QueryError
from aiwork_kg.sparql import query
from sparql_compare import results_diff

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "queries"
GRAPH = "https://example.org/aiwork-kg/default-graph-test"


def test_default_graph_needs_an_endpoint(release_dir):
    with pytest.raises(QueryError, match="--default-graph .* --endpoint"):
        query("units-per-source", release_dir=release_dir, default_graph=GRAPH)


@pytest.mark.parametrize("bad", ["not an iri", "relative/path", "<https://example.org/g>", ""])
def test_default_graph_must_be_an_absolute_iri(bad):
    with pytest.raises(QueryError, match="absolute IRI"):
        query("units-per-source", endpoint="http://127.0.0.1:9/sparql", default_graph=bad)


def test_cli_default_graph_without_endpoint_exits_2(cli, release_dir):
    res = cli("query", "units-per-source", "--default-graph", GRAPH, "--release", release_dir)
    assert res.exit_code == 2
    assert "--default-graph" in res.stderr and "--endpoint" in res.stderr


@pytest.mark.server
def test_default_graph_on_the_oxigraph_server(cli, oxigraph_server, release_dir):
    from aiwork_kg.server.load import load

    assert load(oxigraph_server, graph=GRAPH, release_dir=release_dir).ok
    fixture = json.loads((FIXTURES / "units-per-source.json").read_text(encoding="utf-8"))
    named = query("units-per-source", endpoint=oxigraph_server + "/query", default_graph=GRAPH)
    assert not results_diff(named, fixture["expected"])
    empty = query("units-per-source", endpoint=oxigraph_server + "/query",
                  default_graph="https://example.org/aiwork-kg/no-such-graph")
    assert len(empty) == 0
    res = cli("query", "units-per-source", "--endpoint", oxigraph_server + "/query",
              "--default-graph", GRAPH, "--format", "json")
    assert res.exit_code == 0, res.stderr
    assert len(json.loads(res.stdout)["results"]["bindings"]) == len(named) == len(fixture["expected"]["results"]["bindings"])
