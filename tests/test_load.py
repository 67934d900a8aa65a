"""`aiwork-kg load`: the release pushed into a real Oxigraph server with the Graph Store Protocol."""
from __future__ import annotations

import socket
import urllib.parse
import urllib.request

import pytest

from aiwork_kg.errors import EndpointError, ReleaseNotFoundError
from aiwork_kg.release import RELEASE_FILES
from aiwork_kg.server.load import (UPLOAD_FORMATS, LoadResult, VerificationError, count_triples, load,
                                   require_release_file, resolve_endpoints, upload)

pytestmark = pytest.mark.server

ART_5_1_F = "https://w3id.org/aiwork/provision/eu/reg/2024/1689/art_5/par_1/pnt_f"


def nt_lines(release_dir) -> int:
    """The release's triple count, counted independently of the code under test."""
    text = (release_dir / "aiwork-kg.nt").read_text(encoding="utf-8")
    return sum(1 for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#"))


def ask(base: str, query: str) -> bool:
    url = base + "/query?" + urllib.parse.urlencode({"query": query})
    req = urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"})
    import json

    with urllib.request.urlopen(req, timeout=30) as r:
        return json.load(r)["boolean"]


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # nothing listens there once the socket is closed


def test_load_default_graph_verifies_the_release_count(oxigraph_server, release_dir):
    result = load(oxigraph_server, release_dir=release_dir)
    assert isinstance(result, LoadResult) and result.ok
    assert result.endpoint == oxigraph_server + "/store"
    assert result.query_endpoint == oxigraph_server + "/query"
    assert result.graph is None
    assert result.triples_sent == nt_lines(release_dir) > 1000
    assert result.triples_verified == result.triples_sent
    # the store really holds the graph: the provision of the prohibition and its text
    assert ask(oxigraph_server, f"ASK {{ <{ART_5_1_F}> ?p ?o }}")


def test_load_twice_replaces_and_keeps_the_count(oxigraph_server, release_dir):
    first = load(oxigraph_server + "/store", release_dir=release_dir)
    second = load(oxigraph_server + "/store", release_dir=release_dir)
    assert first.triples_verified == second.triples_verified == nt_lines(release_dir)
    assert count_triples(oxigraph_server + "/query") == nt_lines(release_dir)


def test_load_turtle_file_gives_the_same_count(oxigraph_server, release_dir):
    graph = "https://example.org/aiwork-kg/turtle"
    result = load(oxigraph_server, graph=graph, release_dir=release_dir, fmt="turtle")
    assert result.release_file.endswith("aiwork-kg.ttl")
    assert result.triples_verified == nt_lines(release_dir)


def test_cli_load_into_named_graph(cli, oxigraph_server, release_dir):
    graph = "https://example.org/aiwork-kg/named"
    res = cli("load", "--endpoint", oxigraph_server + "/store", "--graph", graph, "--release", release_dir)
    assert res.exit_code == 0, res.stderr
    n = nt_lines(release_dir)
    assert f"verified: {n} triples in <{graph}>" in res.stdout
    assert count_triples(oxigraph_server + "/query", graph) == n
    assert ask(oxigraph_server, f"ASK {{ GRAPH <{graph}> {{ <{ART_5_1_F}> ?p ?o }} }}")


def test_cli_load_json_output(cli, oxigraph_server, release_dir):
    import json

    res = cli("load", "--endpoint", oxigraph_server, "--release", release_dir, "--json")
    assert res.exit_code == 0, res.stderr
    data = json.loads(res.stdout)
    assert data["ok"] is True and data["graph"] is None
    assert data["triples_sent"] == data["triples_verified"] == nt_lines(release_dir)


def test_append_merges_into_what_the_graph_already_holds(oxigraph_server, release_dir):
    graph = "https://example.org/aiwork-kg/merged"
    upload(oxigraph_server + "/store", b"<https://example.org/a> <https://example.org/b> <https://example.org/c> .\n",
           "application/n-triples", graph=graph)
    result = load(oxigraph_server, graph=graph, release_dir=release_dir, replace=False)
    assert result.ok and not result.replaced
    assert result.triples_verified == nt_lines(release_dir) + 1
    # replacing drops the extra triple again
    assert load(oxigraph_server, graph=graph, release_dir=release_dir).triples_verified == nt_lines(release_dir)


def test_cli_unreachable_endpoint_exits_2_naming_the_url(cli, release_dir):
    url = f"http://127.0.0.1:{closed_port()}"
    res = cli("load", "--endpoint", url + "/store", "--release", release_dir, timeout=120)
    assert res.exit_code == 2
    assert url + "/store" in res.stderr
    assert "cannot reach" in res.stderr


def test_cli_store_refusing_the_upload_exits_2_with_the_status(cli, oxigraph_server, release_dir):
    # /query is not a Graph Store: Oxigraph refuses the PUT
    res = cli("load", "--endpoint", oxigraph_server + "/query", "--query-endpoint", oxigraph_server + "/query",
              "--release", release_dir)
    assert res.exit_code == 2
    assert "HTTP 4" in res.stderr and oxigraph_server + "/query" in res.stderr


def test_count_mismatch_is_an_error(oxigraph_server, release_dir, tmp_path):
    """Verify against an endpoint that does not hold what was uploaded: a mismatch, exit 2."""
    from aiwork_kg.server.serve import start

    other = tmp_path / "other"
    other.mkdir()
    (other / "aiwork-kg.nt").write_text("<https://example.org/x> <https://example.org/y> \"z\" .\n",
                                        encoding="utf-8")
    server = start("127.0.0.1", 0, release_dir=other, processes=1, timeout=30)
    try:
        with pytest.raises(VerificationError) as info:
            load(oxigraph_server, release_dir=release_dir, query_endpoint=server.sparql_url)
    finally:
        server.stop()
    assert info.value.exit_code == 2
    assert info.value.result.triples_verified == 1
    assert info.value.result.triples_sent == nt_lines(release_dir)
    assert "expected exactly" in str(info.value)


def test_bad_graph_iri_and_missing_release_are_input_errors(cli, oxigraph_server, release_dir, tmp_path):
    res = cli("load", "--endpoint", oxigraph_server, "--graph", "not an iri", "--release", release_dir)
    assert res.exit_code == 2 and "--graph must be an absolute IRI" in res.stderr
    res = cli("load", "--endpoint", oxigraph_server, "--release", tmp_path)
    assert res.exit_code == 2 and str(tmp_path / "aiwork-kg.nt") in res.stderr
    with pytest.raises(ReleaseNotFoundError):
        load(oxigraph_server, release_dir=tmp_path)


def test_require_release_file_names_the_file_per_format_or_raises(release_dir, tmp_path):
    assert require_release_file(release_dir) == release_dir / "aiwork-kg.nt"
    assert require_release_file(release_dir, "turtle") == release_dir / "aiwork-kg.ttl"
    assert {RELEASE_FILES[key] for key in UPLOAD_FORMATS.values()} == {"aiwork-kg.nt", "aiwork-kg.ttl"}
    with pytest.raises(ReleaseNotFoundError, match="aiwork-kg.ttl"):
        require_release_file(tmp_path, "turtle")
    with pytest.raises(EndpointError, match="unknown upload format"):
        require_release_file(release_dir, "jsonld")


@pytest.mark.parametrize("given, gsp, query", [
    ("http://h:7878", "http://h:7878/store", "http://h:7878/query"),
    ("http://h:7878/", "http://h:7878/store", "http://h:7878/query"),
    ("http://h:7878/store", "http://h:7878/store", "http://h:7878/query"),
    ("http://h:3030/aiwork/data", "http://h:3030/aiwork/data", "http://h:3030/aiwork/sparql"),
    ("http://h:8890/sparql-graph-crud-auth", "http://h:8890/sparql-graph-crud-auth", "http://h:8890/sparql"),
    ("http://h:8890/sparql-graph-crud", "http://h:8890/sparql-graph-crud", "http://h:8890/sparql"),
])
def test_resolve_endpoints_for_oxigraph_fuseki_virtuoso(given, gsp, query):
    assert resolve_endpoints(given) == (gsp, query)


def test_resolve_endpoints_needs_a_query_url_for_unknown_stores():
    with pytest.raises(EndpointError, match="--query-endpoint"):
        resolve_endpoints("http://h/repositories/x/rdf-graphs/service")
    assert resolve_endpoints("http://h/rdf-graphs/service", "http://h/repositories/x") == (
        "http://h/rdf-graphs/service", "http://h/repositories/x")
    for bad in ("ftp://h/store", "h:7878", "http://h/store?default"):
        with pytest.raises(EndpointError):
            resolve_endpoints(bad)
