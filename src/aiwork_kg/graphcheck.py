"""Check a graph against the SHACL shapes in shapes/graph/ (the integrity of the KG itself).

The shapes are ordinary SHACL with two SHACL-SPARQL features: SPARQL-based targets
(``sh:target [a sh:SPARQLTarget ; sh:select ...]``) and SPARQL-based constraints
(``sh:sparql``). pySHACL evaluates SPARQL with rdflib, which is slow on whole-graph scans
and re-parses a constraint's query for every focus node. ``check_graph`` therefore runs
the core constraints with pySHACL and evaluates the SPARQL parts with Oxigraph (in memory,
native), following the SHACL specification: a SPARQL target's nodes become the shape's
focus nodes; a SPARQL constraint runs once per focus node with ``$this`` pre-bound
(Oxigraph's `substitutions`, SEP-0007) and each solution is one validation result, with
``?path`` and ``?value`` as result path and value and ``{?var}`` replaced in the messages.
``native=False`` runs everything with pySHACL alone; tests check that both give the same
results on the fixtures.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS

from . import paths
from .errors import AiworkError, InputError
from .namespaces import SH, bind_all
from .rdfio import load_files
from .terms import from_ox, store_from_graph, to_ox

GRAPH_SHAPES_DIR = "shapes/graph"


class Violation(NamedTuple):
    """One result of the graph check: which node breaks which shape, and how."""

    focus: str
    shape: str
    path: str
    message: str
    component: str = ""
    severity: str = "Violation"
    value: str = ""

    def format(self) -> str:
        text = f"{self.focus} — {self.shape} — {self.path or '(node)'} — {self.message}"
        if self.value and self.value != self.focus:
            text += f" (value: {self.value})"
        return text


@dataclass
class CheckResult:
    """The outcome of checking a graph against shapes/graph/."""

    conforms: bool
    violations: list[Violation] = field(default_factory=list)
    warnings: list[Violation] = field(default_factory=list)
    report: Graph | None = field(default=None, repr=False)


def load_graph_shapes(shapes_dir: Path | str | None = None, root: Path | str | None = None) -> Graph:
    """Load every *.ttl in shapes/graph/ (or `shapes_dir`) into one shapes graph."""
    base = Path(root) if root is not None else paths.ROOT
    folder = Path(shapes_dir) if shapes_dir is not None else base / GRAPH_SHAPES_DIR
    files = sorted(folder.glob("*.ttl")) if folder.is_dir() else []
    if not files and shapes_dir is None:
        files = sorted((paths.SHAPES_DIR / "graph").glob("*.ttl"))  # the packaged shapes
    if not files:
        raise InputError(str(folder), "no SHACL files (*.ttl) found for the graph check")
    return load_files(files, graph=bind_all(Graph()))


# --------------------------------------------------------------------------- rendering

_NAMES = bind_all(Graph())


def short(node) -> str:
    """A readable name: a prefixed name where a project prefix fits, else the full IRI."""
    if node is None:
        return ""
    if isinstance(node, URIRef):
        try:
            prefix, _, local = _NAMES.compute_qname(node, generate=False)
        except Exception:
            return str(node)
        if prefix and local and "/" not in local:
            return f"{prefix}:{local}"
        return str(node)
    return node.n3()


def render_path(graph: Graph, path) -> str:
    """A SHACL property path as SPARQL property-path text (e.g. ``(aiw:text|dcterms:title)``)."""
    if path is None:
        return ""
    if isinstance(path, URIRef):
        return short(path)
    if (path, RDF.first, None) in graph:
        return "/".join(render_path(graph, p) for p in Collection(graph, path))
    for pred, fmt in ((SH.inversePath, "^{}"), (SH.zeroOrMorePath, "{}*"), (SH.oneOrMorePath, "{}+"),
                      (SH.zeroOrOnePath, "{}?")):
        inner = graph.value(path, pred)
        if inner is not None:
            text = render_path(graph, inner)
            if not isinstance(inner, URIRef) and not text.startswith("("):
                text = f"({text})"
            return fmt.format(text)
    alternatives = graph.value(path, SH.alternativePath)
    if alternatives is not None:
        return "(" + "|".join(render_path(graph, p) for p in Collection(graph, alternatives)) + ")"
    return path.n3()


def _template_regex(template: str):
    parts = re.split(r"\{[?$][A-Za-z_][A-Za-z0-9_]*\}", template)
    return re.compile(".*".join(re.escape(p) for p in parts), re.S)


def _message(report: Graph, result, shapes: Graph | None = None, lang: str = "en") -> str:
    """The result message in `lang` (English by default).

    pySHACL drops the language tags of sh:message on SPARQL-based constraints; their language
    is then recovered by matching each message against the constraint's tagged templates.
    """
    messages = list(report.objects(result, SH.resultMessage))
    for m in messages:
        if isinstance(m, Literal) and m.language == lang:
            return str(m)
    constraint = report.value(result, SH.sourceConstraint)
    if shapes is not None and constraint is not None:
        for template in shapes.objects(constraint, SH.message):
            if isinstance(template, Literal) and template.language == lang:
                pattern = _template_regex(str(template))
                for m in messages:
                    if pattern.fullmatch(str(m)):
                        return str(m)
    untagged = [m for m in messages if not (isinstance(m, Literal) and m.language)]
    return str((untagged or messages)[0]) if messages else ""


def violations_from_report(report: Graph, shapes: Graph | None = None, lang: str = "en") -> list[Violation]:
    """Turn a SHACL validation report graph into sorted Violation tuples (all severities)."""
    out = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        severity = report.value(result, SH.resultSeverity)
        shape = report.value(result, SH.sourceShape)
        value = report.value(result, SH.value)
        out.append(Violation(
            focus=short(report.value(result, SH.focusNode)),
            shape=short(shape) if isinstance(shape, URIRef) else "(anonymous shape)",
            path=render_path(report, report.value(result, SH.resultPath)),
            message=_message(report, result, shapes, lang),
            component=short(report.value(result, SH.sourceConstraintComponent)),
            severity=str(severity).rsplit("#", 1)[-1] if severity is not None else "Violation",
            value=short(value) if value is not None else "",
        ))
    return sorted(set(out))


# --------------------------------------------------------------------------- shapes helpers

def shape_closure(shapes: Graph, node_shapes) -> list[URIRef]:
    """The given shapes with every shape they use (sh:property, sh:node, sh:qualifiedValueShape,
    sh:and/sh:or/sh:xone members, sh:not), for pySHACL's use_shapes, which runs only the
    shapes it is given."""
    seen: list = []
    todo = [URIRef(s) for s in node_shapes]
    while todo:
        shape = todo.pop()
        if shape in seen:
            continue
        seen.append(shape)
        for prop in (SH.property, SH.node, SH.qualifiedValueShape, SH["not"]):
            todo.extend(shapes.objects(shape, prop))
        for prop in (SH["and"], SH["or"], SH.xone):
            for lst in shapes.objects(shape, prop):
                todo.extend(Collection(shapes, lst))
    return [s for s in seen if isinstance(s, URIRef)]


def _copy(graph: Graph) -> Graph:
    out = Graph()
    for prefix, ns in graph.namespaces():
        out.bind(prefix, ns)
    out += graph
    return out


def _sparql_prefixes(shapes: Graph, node) -> str:
    lines = set()
    for prefixes in shapes.objects(node, SH.prefixes):
        for declaration in shapes.objects(prefixes, SH.declare):
            prefix = shapes.value(declaration, SH.prefix)
            namespace = shapes.value(declaration, SH.namespace)
            if prefix is not None and namespace is not None:
                lines.add(f"PREFIX {prefix}: <{namespace}>")
    return "\n".join(sorted(lines)) + "\n"


class _PreparedQueryGraph(Graph):
    """A view of a graph (same store, nothing copied) that parses each SPARQL text once.

    pySHACL re-parses a SPARQL-based constraint's query for every focus node (about 50 ms
    each with rdflib); used when the SPARQL parts run in pySHACL (``native=False``)."""

    def __init__(self, graph: Graph):
        super().__init__(store=graph.store, identifier=graph.identifier,
                         namespace_manager=graph.namespace_manager)
        self._prepared: dict = {}

    def query(self, query_object, *args, **kwargs):
        if isinstance(query_object, str):
            prepared = self._prepared.get(query_object)
            if prepared is None:
                from rdflib.plugins.sparql import prepareQuery

                prepared = self._prepared[query_object] = prepareQuery(query_object)
            query_object = prepared
        return super().query(query_object, *args, **kwargs)


# --------------------------------------------------------------------------- Oxigraph side

def oxigraph_store(graph: Graph):
    """An in-memory Oxigraph store holding `graph` (blank nodes keep their labels)."""
    return store_from_graph(graph)


def _run(store, query: str, shape, what: str, substitutions=None):
    try:
        return store.query(query, substitutions=substitutions)
    except (SyntaxError, ValueError, OSError) as exc:
        raise AiworkError(f"shape {shape}: its SPARQL {what} does not run: {exc}") from exc


def _focus_nodes(store, shapes: Graph, shape) -> set:
    """The focus nodes of a node shape: its targets (SHACL 2.1.3), SPARQL targets included."""
    import pyoxigraph as ox

    nodes = set(shapes.objects(shape, SH.targetNode))
    queries = []
    for cls in shapes.objects(shape, SH.targetClass):
        queries.append(f"SELECT DISTINCT ?this WHERE {{ ?this a/<{RDFS.subClassOf}>* <{cls}> }}")
    if (shape, RDF.type, RDFS.Class) in shapes:
        queries.append(f"SELECT DISTINCT ?this WHERE {{ ?this a/<{RDFS.subClassOf}>* <{shape}> }}")
    for prop in shapes.objects(shape, SH.targetSubjectsOf):
        queries.append(f"SELECT DISTINCT ?this WHERE {{ ?this <{prop}> ?o }}")
    for prop in shapes.objects(shape, SH.targetObjectsOf):
        queries.append(f"SELECT DISTINCT ?this WHERE {{ ?s <{prop}> ?this }}")
    for target in shapes.objects(shape, SH.target):
        if (target, RDF.type, SH.SPARQLTarget) in shapes:
            queries.append(_sparql_prefixes(shapes, target) + str(shapes.value(target, SH.select)))
    for query in queries:
        for solution in _run(store, query, shape, "target"):
            node = solution["this"]
            if node is not None:
                nodes.add(from_ox(node))
    del ox
    return nodes


def _fill(template: Literal, solution, variables) -> Literal:
    text = str(template)
    for var in variables:
        value = solution[var]
        if value is not None:
            term = from_ox(value)
            rendered = short(term) if isinstance(term, URIRef) else str(term)
            text = re.sub(r"\{[?$]" + re.escape(var) + r"\}", lambda _m: rendered, text)
    return Literal(text, lang=template.language)


def _native_sparql(graph: Graph, shapes: Graph, use: set | None):
    """Evaluate SPARQL targets and SPARQL constraints of node shapes with Oxigraph.

    Returns (the shapes for pySHACL, with those parts removed and SPARQL targets replaced by
    sh:targetNode; the validation results found, as (result node, triples) in a report graph).
    """
    import pyoxigraph as ox

    out = _copy(shapes)
    report = Graph()
    sparql_targets = {s for s, t in shapes.subject_objects(SH.target) if (t, RDF.type, SH.SPARQLTarget) in shapes}
    constrained = {s for s in shapes.subjects(SH.sparql, None) if (s, SH.path, None) not in shapes}
    todo = sorted((sparql_targets | constrained) - ({s for s in sparql_targets | constrained
                                                     if use is not None and s not in use}), key=str)
    if not todo:
        return out, report
    store = oxigraph_store(graph)
    for shape in todo:
        if (shape, SH.deactivated, Literal(True)) in shapes:
            continue
        focus = _focus_nodes(store, shapes, shape)
        for target in list(shapes.objects(shape, SH.target)):
            if (target, RDF.type, SH.SPARQLTarget) in shapes:
                out.remove((shape, SH.target, target))
                for node in focus:
                    out.add((shape, SH.targetNode, node))
        severity = shapes.value(shape, SH.severity) or SH.Violation
        for constraint in sorted(shapes.objects(shape, SH.sparql), key=str):
            if (shape, SH.path, None) in shapes:
                continue  # property shapes: left to pySHACL ($PATH substitution)
            out.remove((shape, SH.sparql, constraint))
            if (constraint, SH.deactivated, Literal(True)) in shapes:
                continue
            select = shapes.value(constraint, SH.select)
            if select is None:
                raise AiworkError(f"shape {shape}: SPARQL constraint {constraint} has no sh:select")
            query = _sparql_prefixes(shapes, constraint) + str(select)
            messages = [m for m in shapes.objects(constraint, SH.message) if isinstance(m, Literal)]
            this = ox.Variable("this")
            for node in sorted(focus, key=str):
                solutions = _run(store, query, shape, "constraint", {this: to_ox(node)})
                variables = [v.value for v in solutions.variables]
                for solution in solutions:
                    if "failure" in variables and solution["failure"] is not None:
                        raise AiworkError(f"shape {shape}: SPARQL constraint {constraint} reported a failure "
                                          f"for {node}")
                    result = BNode()
                    report.add((result, RDF.type, SH.ValidationResult))
                    found = solution["this"] if "this" in variables else None
                    report.add((result, SH.focusNode, from_ox(found) if found is not None else node))
                    report.add((result, SH.sourceShape, shape))
                    report.add((result, SH.sourceConstraint, constraint))
                    report.add((result, SH.sourceConstraintComponent, SH.SPARQLConstraintComponent))
                    report.add((result, SH.resultSeverity, severity))
                    path = solution["path"] if "path" in variables else None
                    if path is not None:
                        report.add((result, SH.resultPath, from_ox(path)))
                    value = solution["value"] if "value" in variables else None
                    report.add((result, SH.value, from_ox(value) if value is not None else node))
                    for template in messages:
                        report.add((result, SH.resultMessage, _fill(template, solution, variables)))
    return out, report


# --------------------------------------------------------------------------- the check

def check_graph(graph: Graph, shapes: Graph | None = None, root: Path | str | None = None,
                use_shapes: list | None = None, native: bool = True, lang: str = "en") -> CheckResult:
    """Validate `graph` against shapes/graph/ (or `shapes`) without inference.

    `use_shapes` limits the check to those node shapes (and the shapes they use).
    Results of severity sh:Violation make the graph fail; sh:Warning and sh:Info results are
    returned as warnings. The data graph is neither copied nor changed. With ``native`` (the
    default) the SPARQL parts run on Oxigraph, else everything runs in pySHACL.
    """
    import pyshacl

    shapes = shapes if shapes is not None else load_graph_shapes(root=root)
    closure = shape_closure(shapes, use_shapes) if use_shapes else None
    native_report = Graph()
    shacl = shapes
    if native:
        shacl, native_report = _native_sparql(graph, shapes, set(closure) if closure else None)
    conforms, report, text = pyshacl.validate(
        _PreparedQueryGraph(graph), shacl_graph=shacl, inference="none", advanced=True, inplace=True,
        allow_warnings=True, allow_infos=True, use_shapes=closure,
    )
    if not isinstance(report, Graph):  # pySHACL could not run the shapes (a broken shape)
        raise AiworkError(f"the graph shapes could not be run: {report}")
    report_node = report.value(None, RDF.type, SH.ValidationReport, any=True)
    for result in native_report.subjects(RDF.type, SH.ValidationResult):
        if report_node is not None:
            report.add((report_node, SH.result, result))
    report += native_report
    results = violations_from_report(report, shapes, lang)
    violations = [v for v in results if v.severity == "Violation"]
    warnings = [v for v in results if v.severity != "Violation"]
    if report_node is not None:
        report.set((report_node, SH.conforms, Literal(not violations and not warnings)))
    return CheckResult(conforms=not violations, violations=violations, warnings=warnings, report=report)
