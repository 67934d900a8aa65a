"""aiwork_kg.shacl, the one way the package runs SHACL.

1. Its two engines ("pyshacl" and "oxigraph-sparql") give the same report, result by result,
   for the graph shapes (shapes/graph/) on the real graph (whole, and with triples removed so
   that it breaks many shapes) and on every failing fixture in tests/fixtures/graph-shapes/.
2. The pySHACL behaviour the adapter relies on (docs/decisions/2026-12-06-shacl-engine.md):
   these tests fail when it changes.
3. The one-line rewrite of SPARQL texts keeps their meaning.
"""
from __future__ import annotations

import inspect
from pathlib import Path

import pyshacl
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF

from aiwork_kg import shacl
from aiwork_kg.errors import AiworkError
from aiwork_kg.graphcheck import load_graph_shapes, violations_from_report
from aiwork_kg.namespaces import AIWSH, SH
from aiwork_kg.rdfio import load_graph
from aiwork_kg.validator import evaluation_triples, saturate
from aiwork_kg.validator.shapes import shared_shapes_graph

FIXTURES = Path(__file__).resolve().parent / "fixtures"
GRAPH_FIXTURES = FIXTURES / "graph-shapes"
EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


@pytest.fixture(scope="module")
def graph_shapes() -> Graph:
    return load_graph_shapes()


def _rows(report: Graph, shapes: Graph) -> list:
    return violations_from_report(report, shapes)


def _conforms(report: Graph) -> bool:
    node = report.value(None, RDF.type, SH.ValidationReport, any=True)
    return bool(report.value(node, SH.conforms).toPython())


def _compare(graph: Graph, shapes: Graph) -> list:
    by_pyshacl = shacl.validate(graph, shapes, engine="pyshacl", advanced=True)
    by_oxigraph = shacl.validate(graph, shapes, engine="oxigraph-sparql", advanced=True)
    rows = _rows(by_pyshacl, shapes)
    other = _rows(by_oxigraph, shapes)
    assert rows == other, (f"\nonly pySHACL: {sorted(set(rows) - set(other))}"
                           f"\nonly Oxigraph adapter: {sorted(set(other) - set(rows))}")
    assert _conforms(by_pyshacl) == _conforms(by_oxigraph)
    return rows


# --------------------------------------------------------------------------- 1. the engines agree

@pytest.mark.parametrize("path", sorted(GRAPH_FIXTURES.glob("*-fail.ttl")), ids=lambda p: p.stem)
def test_engines_agree_on_failing_fixture(graph_shapes, path):
    rows = _compare(load_graph(path), graph_shapes)
    assert rows, f"{path.name} breaks no shape"


def test_engines_agree_on_the_real_graph(graph_shapes, release_dir):
    graph = load_graph(release_dir / "aiwork-kg.nt")
    assert _compare(graph, graph_shapes) == []  # the real graph conforms
    # the same graph with every 25th triple (in sorted order) removed breaks many shapes
    for i, triple in enumerate(sorted(graph)):
        if i % 25 == 0:
            graph.remove(triple)
    rows = _compare(graph, graph_shapes)
    assert len({r.shape for r in rows}) >= 5, rows


def test_unknown_engine_is_an_error(graph_shapes):
    with pytest.raises(AiworkError, match="unknown SHACL engine"):
        shacl.validate(Graph(), graph_shapes, engine="jena")


# --------------------------------------------------------------------------- 2. pySHACL as relied on

def test_validator_is_exported_with_the_constructor_and_options_used():
    assert "Validator" in pyshacl.__all__ and pyshacl.Validator is pyshacl.validator.Validator
    params = inspect.signature(pyshacl.Validator.__init__).parameters
    assert {"data_graph", "shacl_graph", "options"} <= set(params)
    options: dict = {}
    pyshacl.Validator._load_default_options(options)
    assert {"inference", "inplace", "advanced", "abort_on_first", "allow_infos", "allow_warnings", "debug",
            "use_shapes"} <= set(options)
    from pyshacl.graph_abstraction import DataGraph

    assert callable(DataGraph.from_rdflib)


def test_report_extension_point_is_called_and_keeps_the_report_graph():
    """The subclass overrides the classmethod create_validation_report(sg, conforms, results),
    which Validator.run calls for its report; results are (text, result node, triples)."""
    params = list(inspect.signature(pyshacl.Validator.create_validation_report).parameters)
    assert params == ["sg", "conforms", "results"]
    graph = load_graph(GRAPH_FIXTURES / "Graph-SourceUnit-fail.ttl")
    shapes = load_graph_shapes()
    from pyshacl.graph_abstraction import DataGraph

    ours = shacl._validator_class()
    assert issubclass(ours, pyshacl.Validator)
    conforms, report, text = ours(DataGraph.from_rdflib(graph), shacl_graph=shapes,
                                  options={"advanced": True, "inplace": True}).run()
    assert not conforms and report.value(None, RDF.type, SH.ValidationReport, any=True) is not None
    n = len(set(report.subjects(RDF.type, SH.ValidationResult)))
    assert n > 0 and text == f"Validation Report\nConforms: False\nResults ({n}):\n"  # no text per result
    # the report graph is the one pySHACL's own validate() gives
    _, public, public_text = pyshacl.validate(graph, shacl_graph=shapes, advanced=True, inplace=True)
    assert isomorphic(report, public)
    assert len(public_text) > len(text)


def test_run_pyshacl_gives_pyshacls_report_on_the_validator_shapes():
    shapes = shared_shapes_graph("act-text")
    for name in ("call-centre-agents-anger.ttl", "description-missing-purpose.ttl"):
        g = load_graph(EXAMPLES / name, graph=shacl.PreparedQueryGraph())
        saturate(g)
        evaluation_triples(g, as_of="2026-01-15")
        ours = shacl.run_pyshacl(g, shapes)
        _, public, _ = pyshacl.validate(g, shacl_graph=shapes, inference="none", inplace=True,
                                        allow_infos=True, allow_warnings=True)
        assert isomorphic(ours, public), name


def test_queries_reach_the_prepared_query_graph():
    """pySHACL hands a SPARQL constraint's text to the data graph's query() (with $this bound),
    once per focus node; the PreparedQueryGraph parses it once."""
    shapes = load_graph_shapes()
    graph = load_graph(GRAPH_FIXTURES / "Graph-SourceUnit-fail.ttl")
    view = shacl.PreparedQueryGraph.view(graph)
    assert view is not graph and len(view) == len(graph) and shacl.PreparedQueryGraph.view(view) is view
    seen: list = []

    class Counting(shacl.PreparedQueryGraph):
        def query(self, query_object, *args, **kwargs):
            seen.append(query_object)
            return super().query(query_object, *args, **kwargs)

    counting = Counting(store=graph.store, identifier=graph.identifier, namespace_manager=graph.namespace_manager)
    shacl.run_pyshacl(counting, shapes, advanced=True, use_shapes=[AIWSH["Graph-SourceUnit"]])
    texts = [q for q in seen if isinstance(q, str)]
    assert texts and len(set(texts)) < len(texts)  # the same text for several focus nodes
    assert all(any(key[0] == q for key in shacl.PreparedQueryGraph._prepared) for q in set(texts))


def test_nothing_of_pyshacl_is_replaced():
    from pyshacl import helper
    from pyshacl.helper.sparql_query_helper import SPARQLQueryHelper

    shacl.run_pyshacl(load_graph(GRAPH_FIXTURES / "Graph-SourceUnit-fail.ttl"), load_graph_shapes(),
                      advanced=True)
    assert pyshacl.Validator.create_validation_report.__func__.__module__ == "pyshacl.validator"
    assert SPARQLQueryHelper.check_invalid_sparql.__module__ == "pyshacl.helper.sparql_query_helper"
    assert helper.get_query_helper_cls() is SPARQLQueryHelper


def test_pyshacl_still_checks_the_one_line_texts():
    """pySHACL's checks of a constraint's text (no MINUS, VALUES or SERVICE) still apply to the
    rewritten text: a broken shape is reported as an error."""
    shapes = Graph().parse(data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> .
        @prefix ex: <https://example.org/> .
        ex:S a sh:NodeShape ; sh:targetNode ex:a ;
          sh:sparql [ sh:select \"\"\"SELECT $this WHERE {
              $this ?p ?o .   # a comment
              MINUS { $this ex:q ?o }
          }\"\"\" ] .
        """, format="turtle")
    data = Graph().parse(data="<https://example.org/a> <https://example.org/p> 1 .", format="turtle")
    with pytest.raises(AiworkError, match="MINUS"):
        shacl.run_pyshacl(data, shapes)


# --------------------------------------------------------------------------- 3. SPARQL texts on one line

@pytest.mark.parametrize("text, expected", [
    ("SELECT ?x\nWHERE { ?x ?p ?o }", "SELECT ?x WHERE { ?x ?p ?o }"),
    ("SELECT ?x # the node\nWHERE { ?x ?p ?o } # end", "SELECT ?x  WHERE { ?x ?p ?o }"),
    ("SELECT ?x WHERE {\n ?x <http://e.org/a#b> \"#not a comment\" }",
     "SELECT ?x WHERE {  ?x <http://e.org/a#b> \"#not a comment\" }"),
    ("SELECT ?x WHERE { ?x ?p ?o FILTER(?o < 3 && ?o > 1)\n}", "SELECT ?x WHERE { ?x ?p ?o FILTER(?o < 3 && ?o > 1) }"),
    ("SELECT ?x WHERE { ?x ?p 'it''s \\' # x'\n}", "SELECT ?x WHERE { ?x ?p 'it''s \\' # x' }"),
    ('SELECT ?x WHERE { ?x ?p """two\nlines # kept"""\n}', 'SELECT ?x WHERE { ?x ?p """two\nlines # kept""" }'),
])
def test_one_line_sparql(text, expected):
    assert shacl.one_line_sparql(text) == expected


def test_one_line_texts_give_the_same_answers():
    """Every SPARQL text of the package's shapes, rewritten, parses and answers as before."""
    from rdflib.plugins.sparql import prepareQuery

    data = load_graph(EXAMPLES / "call-centre-agents-anger.ttl")
    saturate(data)
    evaluation_triples(data, as_of="2026-01-15")
    all_shapes = [load_graph_shapes()] + [shared_shapes_graph(r) for r in ("act-text", "full-ban")]
    checked = 0
    for shapes in all_shapes:
        flat = shacl.pyshacl_shapes(shapes)
        assert shacl.pyshacl_shapes(shapes) is flat  # kept for the same shapes graph
        for node, text in shapes.subject_objects(SH.select):
            new = flat.value(node, SH.select)
            assert "\n" not in str(new) or '"""' in str(new)
            ns = dict(shapes.namespaces())
            for prefixes in shapes.objects(node, SH.prefixes):
                for decl in shapes.objects(prefixes, SH.declare):
                    ns[str(shapes.value(decl, SH.prefix))] = URIRef(str(shapes.value(decl, SH.namespace)))
            before = {tuple(r) for r in data.query(prepareQuery(str(text).replace("$PATH", "?pathValue")
                                                                .replace("$this", "?this"), initNs=ns))}
            after = {tuple(r) for r in data.query(prepareQuery(str(new).replace("$PATH", "?pathValue")
                                                               .replace("$this", "?this"), initNs=ns))}
            assert before == after, text
            checked += 1
    assert checked >= 20


def test_shapes_without_multiline_texts_are_not_copied():
    shapes = Graph()
    shapes.add((AIWSH.X, SH.select, Literal("SELECT ?this WHERE { ?this ?p ?o }")))
    assert shacl.pyshacl_shapes(shapes) is shapes
