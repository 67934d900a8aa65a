"""The graph shapes (shapes/graph/): each node shape has a passing and a failing fixture in
tests/fixtures/graph-shapes/, found by name: ``{shape local name}.ttl`` and
``{shape local name}-fail.ttl``. The failing fixture carries its expected report as a
``dash:GraphValidationTestCase`` (the form of pySHACL's DASH conformance tests); reports are
compared by focus node, source shape and constraint component, never by message text.

Only results of the shape under test (and the shapes it uses) count: a fixture is a small
graph and may break other shapes (e.g. it does not define the ontology's classes).
Every fixture is checked both ways: with the SPARQL parts on Oxigraph (what `build` does)
and with pySHACL alone; both must give the same results."""
from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF

from aiwork_kg.graphcheck import check_graph, load_graph_shapes, shape_closure
from aiwork_kg.shacl import ENGINES, focus_nodes, oxigraph_store
from aiwork_kg.languages import LANGUAGES
from aiwork_kg.namespaces import AIWSH, SH
from aiwork_kg.rdfio import load_graph

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "graph-shapes"
DASH = "http://datashapes.org/dash#"
LANGS = set(LANGUAGES)


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return load_graph_shapes()


def _targeted_shapes(shapes: Graph) -> list[URIRef]:
    """Node shapes with a target: the shapes that need fixtures."""
    found = set()
    for prop in (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target):
        found.update(s for s in shapes.subjects(prop, None) if isinstance(s, URIRef))
    return sorted(found, key=str)


SHAPE_NAMES = [str(s)[len(str(AIWSH)):] for s in _targeted_shapes(load_graph_shapes())]


def _expected(graph: Graph) -> set[tuple]:
    """Pop the expected results (dash:expectedResult) out of a fixture graph."""
    expected = set()
    cases = list(graph.subjects(RDF.type, URIRef(DASH + "GraphValidationTestCase")))
    todo = list(cases)
    for case in cases:
        for report in graph.objects(case, URIRef(DASH + "expectedResult")):
            for result in graph.objects(report, SH.result):
                expected.add((graph.value(result, SH.focusNode), graph.value(result, SH.sourceShape),
                              graph.value(result, SH.sourceConstraintComponent)))
    # remove the test case and everything hanging from it (blank nodes)
    while todo:
        node = todo.pop()
        for p, o in list(graph.predicate_objects(node)):
            graph.remove((node, p, o))
            if isinstance(o, BNode):
                todo.append(o)
    return expected


def _actual(graph: Graph, shapes: Graph, shape: URIRef, engine: str) -> set[tuple]:
    result = check_graph(graph, shapes, use_shapes=[shape], engine=engine)
    report = result.report
    own = set(shape_closure(shapes, [shape]))
    out = set()
    for r in report.subjects(RDF.type, SH.ValidationResult):
        source = report.value(r, SH.sourceShape)
        if source in own:
            out.add((report.value(r, SH.focusNode), source, report.value(r, SH.sourceConstraintComponent)))
    return out


def test_fixtures_exist_for_every_shape(shapes):
    assert len(SHAPE_NAMES) >= 10
    missing = [f"{name}{suffix}.ttl" for name in SHAPE_NAMES for suffix in ("", "-fail")
               if not (FIXTURES / f"{name}{suffix}.ttl").is_file()]
    assert not missing, f"fixtures missing in {FIXTURES}: {missing}"


def test_no_fixture_without_a_shape():
    names = set(SHAPE_NAMES)
    orphans = [p.name for p in FIXTURES.glob("*.ttl") if p.stem.removesuffix("-fail") not in names]
    assert not orphans, orphans


@pytest.mark.parametrize("name", SHAPE_NAMES)
@pytest.mark.parametrize("engine", ENGINES)
def test_passing_fixture_conforms(shapes, name, engine):
    graph = load_graph(FIXTURES / f"{name}.ttl")
    assert not _expected(graph), "a passing fixture has no expected results"
    shape = AIWSH[name]
    actual = _actual(graph, shapes, shape, engine)
    assert actual == set(), f"{name}.ttl breaks its own shape: {sorted(actual)}"
    # the fixture does exercise the shape: the shape has focus nodes in it
    assert focus_nodes(oxigraph_store(graph), shapes, shape), f"{name}.ttl has no focus node of {name}"


@pytest.mark.parametrize("name", SHAPE_NAMES)
@pytest.mark.parametrize("engine", ENGINES)
def test_failing_fixture_gives_expected_report(shapes, name, engine):
    graph = load_graph(FIXTURES / f"{name}-fail.ttl")
    expected = _expected(graph)
    assert expected, f"{name}-fail.ttl declares no dash:expectedResult"
    actual = _actual(graph, shapes, AIWSH[name], engine)
    assert actual == expected, (f"\nmissing: {sorted(expected - actual)}\nunexpected: {sorted(actual - expected)}")


def test_every_shape_is_named_and_described_in_three_languages(shapes):
    for shape in set(shapes.subjects(RDF.type, SH.NodeShape)) | set(shapes.subjects(RDF.type, SH.PropertyShape)):
        if not isinstance(shape, URIRef):
            continue  # anonymous inner shapes (e.g. a language test inside a qualified shape)
        for prop in (SH.name, SH.description):
            langs = {o.language for o in shapes.objects(shape, prop) if isinstance(o, Literal)}
            assert LANGS <= langs, f"{shape} lacks {prop} in {LANGS - langs}"


def test_every_constraint_has_a_severity_and_messages_in_three_languages(shapes):
    for shape in shapes.subjects(RDF.type, SH.PropertyShape):
        assert shapes.value(shape, SH.severity) in (SH.Violation, SH.Warning, SH.Info), shape
        langs = {o.language for o in shapes.objects(shape, SH.message)}
        assert LANGS <= langs, f"{shape} lacks sh:message in {LANGS - langs}"
    for constraint in shapes.subjects(RDF.type, SH.SPARQLConstraint):
        langs = {o.language for o in shapes.objects(constraint, SH.message)}
        assert LANGS <= langs, f"{constraint} lacks sh:message in {LANGS - langs}"
    for shape in _targeted_shapes(shapes):
        assert shapes.value(shape, SH.severity) in (SH.Violation, SH.Warning, SH.Info), shape


def test_message_is_reported_in_the_asked_language(shapes):
    graph = load_graph(FIXTURES / "Graph-SourceDocument-fail.ttl")
    _expected(graph)
    for lang, word in (("en", "document needs"), ("da", "dokumentet skal"), ("nl", "het document moet")):
        result = check_graph(graph, shapes, use_shapes=[AIWSH["Graph-SourceDocument"]], lang=lang)
        assert result.violations and all(word in v.message for v in result.violations), result.violations


def test_sparql_message_language_recovered(shapes):
    """pySHACL drops language tags of SPARQL messages; the English one is still chosen."""
    graph = load_graph(FIXTURES / "Graph-SourceUnit-fail.ttl")
    _expected(graph)
    result = check_graph(graph, shapes, use_shapes=[AIWSH["Graph-SourceUnit"]], engine="pyshacl")
    cycle = [v for v in result.violations if "cycle" in v.message or "cyklus" in v.message or "kring" in v.message]
    assert cycle and all("(a cycle)" in v.message for v in cycle), cycle
