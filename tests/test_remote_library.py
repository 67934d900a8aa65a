"""The whole query library on a real Oxigraph server after `load`: the same rows as the
expected-result fixtures (tests/fixtures/queries/{name}.json) and as the embedded store."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

pytestmark = pytest.mark.server

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "queries"


def _library_names() -> list[str]:
    """Every library query except the federated ones (SERVICE reaches outside the loopback)."""
    try:
        from aiwork_kg.sparql import library
    except ImportError as exc:  # make the gap visible as a failing test, not a silent skip
        return [f"<aiwork_kg.sparql is missing: {exc}>"]
    names = [q.name for q in library() if not q.uses_service and "federated" not in q.tags]
    return names or ["<the query library is empty>"]


@pytest.fixture(scope="module")
def loaded(oxigraph_server, release_dir):
    """The release loaded into the Oxigraph server's default graph; yields its query URL."""
    from aiwork_kg.server.load import load

    result = load(oxigraph_server, release_dir=release_dir)
    assert result.ok
    return result.query_endpoint


def _fixture(name: str) -> dict:
    path = FIXTURES / f"{name}.json"
    assert path.is_file(), f"{path}: every library query needs an expected-result fixture"
    return json.loads(path.read_text(encoding="utf-8"))


def test_library_has_queries_to_run_remotely():
    names = _library_names()
    assert names and not names[0].startswith("<"), names
    assert len(names) >= 5


@pytest.mark.parametrize("name", _library_names())
def test_library_query_same_rows_remote_and_embedded(name, loaded, release_dir):
    assert not name.startswith("<"), name
    from aiwork_kg.sparql import query
    from sparql_compare import results_diff

    fixture = _fixture(name)
    params = fixture.get("params") or {}
    remote = query(name, endpoint=loaded, params=params, timeout=120)
    assert remote.endpoint == loaded
    problems = results_diff(remote, fixture["expected"])
    assert not problems, f"{name} on {loaded}:\n" + "\n".join(problems)
    embedded = query(name, params=params, release_dir=release_dir)
    assert not results_diff(embedded, fixture["expected"]), f"{name} embedded differs from its fixture"
    assert len(remote) == len(embedded)


def test_row_limit_applies_to_an_endpoint_too(loaded):
    """`max_rows` is the same on an endpoint as on the embedded store: a larger result is refused
    with a LimitError naming the query; the caller's own `limit` below it still truncates."""
    from aiwork_kg.limits import LimitError
    from aiwork_kg.sparql import query

    with pytest.raises(LimitError) as caught:
        query("SELECT * WHERE { ?s ?p ?o }", endpoint=loaded, max_rows=3)
    assert caught.value.kind == "size" and "--max-rows" in str(caught.value)
    result = query("SELECT * WHERE { ?s ?p ?o }", endpoint=loaded, max_rows=3, limit=2)
    assert len(result.rows) == 2 and result.truncated
    assert len(query("SELECT * WHERE { ?s ?p ?o } LIMIT 3", endpoint=loaded, max_rows=3).rows) == 3
