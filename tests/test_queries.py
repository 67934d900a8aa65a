"""The query library (queries/*.rq): headers, syntax, expected results on the built graph,
integrity checks on broken graphs, result formats, and the generated docs/queries.md.

Expected results live in tests/fixtures/queries/{name}.json:
``{"params": {...}, "expected": <W3C SPARQL JSON results> | {"boolean": b} | {"triples": n}}``,
compared with results_equal of tests/sparql_compare.py (order-insensitive unless the query has
ORDER BY).
Each was checked by hand against the source texts (see tests/fixtures/queries/README.md)."""
from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.plugins.sparql import prepareQuery

from aiwork_kg import sparql
from aiwork_kg.errors import InputError, QueryError
from aiwork_kg.sparql import lexer
from aiwork_kg.store import find_release_ntriples, open_store
from aiwork_kg.terms import store_from_file, store_from_graph

from sparql_compare import results_diff, results_equal

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "queries"
BROKEN = FIXTURES / "broken"
LIBRARY = sparql.library()
NAMES = [q.name for q in LIBRARY]
LOCAL = [q.name for q in LIBRARY if not q.uses_service]
VIOLATIONS = [q.name for q in LIBRARY if q.is_violation]
CELLAR = "https://publications.europa.eu/webapi/rdf/sparql"


@pytest.fixture(scope="module")
def release_store(release_dir):
    return open_store(release_dir)


def _fixture(name: str) -> dict:
    path = FIXTURES / f"{name}.json"
    assert path.is_file(), f"no expected result for {name}: write {path}"
    return json.loads(path.read_text(encoding="utf-8"))


# ----------------------------------------------------------------- the library itself

def test_the_library_is_big_enough_and_well_named():
    assert len(LIBRARY) >= 28
    assert len(VIOLATIONS) >= 5
    for q in LIBRARY:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", q.name), q.name


@pytest.mark.parametrize("name", NAMES)
def test_every_query_parses_with_rdflib_and_oxigraph(name):
    q = sparql.get(name)
    prepareQuery(q.text)                       # rdflib's parser (parse and translate only)
    sparql.check_syntax(q.text, q.name)        # Oxigraph's parser (for SERVICE: rdflib again)
    bound = sparql.prepare(q)                  # with its default params bound
    prepareQuery(bound.text)


@pytest.mark.parametrize("name", NAMES)
def test_every_query_has_the_required_headers(name):
    q = sparql.get(name)
    headers = sparql.parse_headers(q.text, name)
    assert set(headers) <= set(sparql.HEADER_KEYS), f"unknown header keys: {set(headers) - set(sparql.HEADER_KEYS)}"
    assert q.summary and len(q.summary) <= 110 and "\n" not in q.summary
    assert len(q.description) >= 60
    assert q.tags and all(re.fullmatch(r"[a-z0-9-]+", t) for t in q.tags)
    assert q.endpoint == "embedded" or re.fullmatch(r"https?://\S+", q.endpoint)
    assert ("params" in headers) == bool(q.params)
    variables = lexer.lex(q.text).variables
    for p in q.params:
        assert p.name in variables, f"param {p.name} is not a variable of the query"
        assert p.type in sparql.PARAM_TYPES
        assert p.description
        if p.default is not None:
            sparql.parse_param_value(p.default, p.type, p.name)
    if q.is_violation:
        assert "integrity" in q.tags and q.kind == "select"
        assert "failure" in q.description


def test_headers_are_yaml_after_hash_plus():
    text = "#+ summary: s\n#+ tags:\n#+   - a\n#+   - b\n#+ params:\n#+   - name: x\n#+     type: date\n# other\nSELECT"
    assert sparql.parse_headers(text) == {"summary": "s", "tags": ["a", "b"], "params": [{"name": "x", "type": "date"}]}
    with pytest.raises(QueryError) as err:
        sparql.parse_headers("#+ summary: s\n#+ tags: [a\nSELECT", "q.rq")
    assert str(err.value).startswith("q.rq:")


def test_the_federated_query_uses_cellar_and_is_refused_on_the_embedded_store():
    q = sparql.get("federated-cellar-ai-act")
    assert q.endpoint == CELLAR and q.uses_service
    assert f"SERVICE <{CELLAR}>" in q.text
    with pytest.raises(QueryError, match="SERVICE"):
        sparql.query(q, store=ox.Store())


def test_an_unknown_name_lists_similar_names():
    with pytest.raises(QueryError) as err:
        sparql.get("provision-side-by-sid")
    assert "provision-side-by-side" in str(err.value)


# ----------------------------------------------------------------- expected results

@pytest.mark.parametrize("name", LOCAL)
def test_every_query_returns_its_expected_rows(name, release_store):
    fixture = _fixture(name)
    result = sparql.query(name, params=fixture.get("params") or None, store=release_store)
    problems = results_diff(result, fixture["expected"])
    assert not problems, f"{name}:\n" + "\n".join(problems)


@pytest.mark.parametrize("name", VIOLATIONS)
def test_integrity_checks_pass_on_the_release(name, release_store):
    result = sparql.query(name, store=release_store)
    assert result.rows == [], f"{name}: {result.serialize('table')}"


@pytest.mark.parametrize("name", VIOLATIONS)
def test_integrity_checks_catch_a_broken_graph(name):
    """Each check has a small graph with a deliberately broken node (…/broken/bad…, or
    aiw:BrokenBad) next to a correct one (…/broken/good…): the check names the bad node and
    never the good one."""
    path = BROKEN / f"{name}.ttl"
    assert path.is_file(), f"no broken fixture graph for {name}"
    store = store_from_graph(Graph().parse(path))
    result = sparql.query(name, store=store)
    focus = [str(r[0]) for r in result.rows]
    assert any(re.search(r"broken/bad|BrokenBad", f) for f in focus), focus
    assert not any(re.search(r"broken/good|BrokenGood", f) for f in focus), focus


def test_results_equal_can_fail():
    """The comparison is strict: a different value, language, datatype, row or order fails."""
    res = sparql.QueryResult("select", ["a", "b"], [(URIRef("http://e/1"), Literal("x", lang="da")),
                                                    (URIRef("http://e/2"), Literal("2", datatype=XSD.integer))])
    exp = res.to_json()
    assert results_equal(res, exp)
    flipped = json.loads(json.dumps(exp))
    flipped["results"]["bindings"].reverse()
    assert results_equal(res, flipped)                      # no ORDER BY: a multiset
    assert not results_equal(res, flipped, ordered=True)
    for change in (("a", "value", "http://e/3"), ("b", "xml:lang", "nl")):
        other = json.loads(json.dumps(exp))
        other["results"]["bindings"][0][change[0]][change[1]] = change[2]
        assert not results_equal(res, other)
    other = json.loads(json.dumps(exp))
    other["results"]["bindings"][1]["b"]["datatype"] = str(XSD.decimal)
    assert not results_equal(res, other)
    other = json.loads(json.dumps(exp))
    other["results"]["bindings"].append(other["results"]["bindings"][0])
    assert not results_equal(res, other)
    assert not results_equal(res, {"boolean": True})
    assert results_equal(sparql.QueryResult("ask", boolean=False), {"boolean": False})


# ----------------------------------------------------------------- result formats

def _sample_result() -> sparql.QueryResult:
    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode("http://e/s"), ox.NamedNode("http://e/p"), ox.Literal('tekst, "citat"\nny linje', language="da")))
    store.add(ox.Quad(ox.NamedNode("http://e/s"), ox.NamedNode("http://e/n"), ox.Literal("3", datatype=ox.NamedNode(str(XSD.integer)))))
    return sparql.query("SELECT ?s ?text ?n ?unbound WHERE { ?s <http://e/p> ?text ; <http://e/n> ?n }", store=store)


@pytest.mark.parametrize("fmt, oxfmt", [("json", ox.QueryResultsFormat.JSON), ("xml", ox.QueryResultsFormat.XML),
                                        ("tsv", ox.QueryResultsFormat.TSV)])
def test_select_results_parse_back(fmt, oxfmt):
    result = _sample_result()
    parsed = ox.parse_query_results(result.serialize(fmt), format=oxfmt)
    assert [v.value for v in parsed.variables] == ["s", "text", "n", "unbound"]
    (row,) = list(parsed)
    assert row["s"] == ox.NamedNode("http://e/s")
    assert row["text"] == ox.Literal('tekst, "citat"\nny linje', language="da")
    assert row["n"] == ox.Literal("3", datatype=ox.NamedNode(str(XSD.integer)))
    assert row["unbound"] is None


def test_csv_results_parse_back():
    rows = list(csv.reader(io.StringIO(_sample_result().serialize("csv"), newline="")))
    assert rows == [["s", "text", "n", "unbound"], ["http://e/s", 'tekst, "citat"\nny linje', "3", ""]]


@pytest.mark.parametrize("fmt", ["json", "xml", "csv", "tsv", "table"])
def test_ask_results_serialise(fmt):
    res = sparql.query("ASK { }", store=ox.Store())
    text = res.serialize(fmt)
    assert "true" in text
    if fmt in ("json", "xml"):
        parsed = ox.parse_query_results(text, format=ox.QueryResultsFormat.JSON if fmt == "json" else ox.QueryResultsFormat.XML)
        assert bool(parsed) is True


@pytest.mark.parametrize("fmt, rdflib_format", [("table", "turtle"), ("turtle", "turtle"), ("nt", "nt"),
                                                 ("json", "json-ld"), ("xml", "xml")])
def test_construct_results_parse_back(fmt, rdflib_format):
    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode("http://e/s"), ox.NamedNode("http://e/p"), ox.Literal("glæde", language="da")))
    res = sparql.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", store=store)
    g = Graph().parse(data=res.serialize(fmt), format=rdflib_format)
    assert set(g) == {(URIRef("http://e/s"), URIRef("http://e/p"), Literal("glæde", lang="da"))}


def test_to_python_gives_plain_values():
    assert _sample_result().to_python() == [{"s": "http://e/s", "text": 'tekst, "citat"\nny linje', "n": 3}]


def test_an_unknown_format_is_an_error():
    with pytest.raises(QueryError):
        _sample_result().serialize("yaml")


# ----------------------------------------------------------------- the embedded store

def test_the_store_is_cached_per_release(release_dir):
    assert open_store(release_dir) is open_store(release_dir)
    assert open_store(release_dir / "aiwork-kg.nt") is open_store(release_dir)


def test_find_release_ntriples_finds_the_file_or_says_none(release_dir, tmp_path):
    assert find_release_ntriples(release_dir) == release_dir / "aiwork-kg.nt"
    assert find_release_ntriples(release_dir / "aiwork-kg.nt") == release_dir / "aiwork-kg.nt"
    assert find_release_ntriples(tmp_path) is None


def test_a_release_file_that_does_not_parse_names_its_line(tmp_path):
    bad = tmp_path / "aiwork-kg.nt"
    bad.write_text('<http://e/s> <http://e/p> "ok" .\n<http://e/s> <http://e/p> oops .\n', encoding="utf-8")
    with pytest.raises(InputError) as err:
        store_from_file(bad)
    assert err.value.line == 2 and str(bad) in str(err.value)
