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

from aiwork_kg import sparql
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
    graph = load_graph(FIXTURES / "Graph-PartOf-fail.ttl")
    _expected(graph)
    result = check_graph(graph, shapes, use_shapes=[AIWSH["Graph-PartOf"]], engine="pyshacl")
    cycle = [v for v in result.violations if "cycle" in v.message or "cyklus" in v.message or "kring" in v.message]
    assert cycle and all("(a cycle)" in v.message for v in cycle), cycle


# --------------------------------------------------------------------------------------------
# The shapes are the one source of each integrity rule; the violation queries of the library
# (queries/*-violation.rq) are checked against them. Each query names in its `#+ shape:` header
# the shapes (node or property shapes) or SPARQL constraints whose rule it is; on the real graph
# and on every fixture of those shapes (and the query's own broken graph in
# tests/fixtures/queries/broken/), the nodes in the query's first column are exactly the focus
# nodes that check_graph reports for them.

QUERY_FIXTURES = Path(__file__).resolve().parent / "fixtures" / "queries" / "broken"
VIOLATION_QUERIES = [q.name for q in sparql.library() if q.is_violation]


def _named_shapes(name: str) -> list[URIRef]:
    value = sparql.parse_headers(sparql.get(name).text, name).get("shape")
    names = value if isinstance(value, list) else [value] if value else []
    out = []
    for item in names:
        prefix, _, local = str(item).partition(":")
        assert prefix == "aiwsh" and local, f"{name}: shape {item!r} is not an aiwsh: name"
        out.append(AIWSH[local])
    return out


def _owner(shapes: Graph, ref: URIRef) -> URIRef:
    """The node shape that runs `ref` (itself, or the node shape with it as property or constraint)."""
    if (ref, RDF.type, SH.NodeShape) in shapes:
        return ref
    owners = set(shapes.subjects(SH.property, ref)) | set(shapes.subjects(SH.sparql, ref))
    assert len(owners) == 1, f"{ref} belongs to {owners or 'no node shape'}"
    return owners.pop()


def _reported(report: Graph, shapes: Graph, refs: list[URIRef]) -> set:
    """Focus nodes of the results that come from `refs` (a node shape's own properties included)."""
    own = set(refs)
    for ref in refs:
        if (ref, RDF.type, SH.NodeShape) in shapes:
            own.update(shapes.objects(ref, SH.property))
            own.update(shapes.objects(ref, SH.sparql))
    found = set()
    for r in report.subjects(RDF.type, SH.ValidationResult):
        if report.value(r, SH.sourceShape) in own or report.value(r, SH.sourceConstraint) in own:
            found.add(report.value(r, SH.focusNode))
    return found


def _query_focus(name: str, store) -> set:
    return {row[0] for row in sparql.query(name, store=store).rows}


@pytest.fixture(scope="module")
def real_graph_report(shapes, release_dir) -> Graph:
    """The check of the released graph (one run for all queries)."""
    graph = load_graph(release_dir / "aiwork-kg.nt")
    return check_graph(graph, shapes).report


@pytest.mark.parametrize("name", VIOLATION_QUERIES)
def test_every_violation_query_names_its_shapes(shapes, name):
    refs = _named_shapes(name)
    assert refs, f"queries/{name}.rq names no shape in its `#+ shape:` header"
    for ref in refs:
        kinds = {SH.NodeShape, SH.PropertyShape, SH.SPARQLConstraint}
        assert set(shapes.objects(ref, RDF.type)) & kinds, f"{name}: {ref} is not in shapes/graph/"
        _owner(shapes, ref)


@pytest.mark.parametrize("name", VIOLATION_QUERIES)
def test_violation_query_agrees_with_its_shapes_on_the_real_graph(shapes, name, real_graph_report, release_dir):
    from aiwork_kg.store import open_store

    expected = _reported(real_graph_report, shapes, _named_shapes(name))
    assert _query_focus(name, open_store(release_dir)) == expected


@pytest.mark.parametrize("name", VIOLATION_QUERIES)
def test_violation_query_agrees_with_its_shapes_on_the_fixtures(shapes, name):
    from aiwork_kg.terms import store_from_graph

    refs = _named_shapes(name)
    owners = sorted({_owner(shapes, ref) for ref in refs}, key=str)
    files = [QUERY_FIXTURES / f"{name}.ttl"]
    for owner in owners:
        local = str(owner)[len(str(AIWSH)):]
        files += [FIXTURES / f"{local}-fail.ttl", FIXTURES / f"{local}.ttl"]
    caught = False
    for path in files:
        graph = load_graph(path)
        _expected(graph)
        report = Graph()
        for owner in owners:
            report += check_graph(graph, shapes, use_shapes=[owner]).report
        expected = _reported(report, shapes, refs)
        actual = _query_focus(name, store_from_graph(graph))
        assert actual == expected, (f"{name} on {path.name}:\nonly the query: {sorted(actual - expected)}"
                                    f"\nonly the shapes: {sorted(expected - actual)}")
        caught = caught or bool(actual)
    assert caught, f"{name}: no fixture breaks the rule, so the comparison proves nothing"
