"""The one way the package runs SHACL: :func:`validate`, on pySHACL's public API.

Two engines sit behind it, chosen by ``engine`` (why two: docs/decisions/2026-12-06-shacl-engine.md):

* ``"pyshacl"``: pySHACL runs every shape, its SPARQL on rdflib.
* ``"oxigraph-sparql"``: the SHACL-SPARQL parts of node shapes (SPARQL-based targets,
  ``sh:target [a sh:SPARQLTarget]``, and SPARQL-based constraints, ``sh:sparql``) run on an
  in-memory Oxigraph store, following the SHACL specification; pySHACL runs the rest. A SPARQL
  target's nodes become the shape's focus nodes; a SPARQL constraint runs once per focus node
  with ``$this`` pre-bound (Oxigraph's ``substitutions``, SEP-0007) and each solution is one
  validation result, with ``?path`` and ``?value`` as result path and value and ``{?var}``
  replaced in the messages by the bound term's string form (the IRI, the literal's lexical
  form), as pySHACL does. Its results are added to pySHACL's report graph.
  tests/test_shacl_engine.py runs the same shapes through both and compares the reports.

pySHACL is used through its exported :class:`pyshacl.Validator` (with ``inference="none"``,
in place, no copy of the data graph) and nothing of it is replaced at run time. Three things
keep its SPARQL-based constraints affordable, each on our side of its API:

* the data graph is seen through a :class:`PreparedQueryGraph`, which parses each SPARQL text
  once (rdflib would parse it again for every focus node);
* the shapes pySHACL reads have their SPARQL texts on one line, comments removed
  (:func:`one_line_sparql`): pySHACL checks a query's text with regular expressions for every
  focus node, and two of them take time in the number of lines times the length (the report
  graph, which copies a result's constraint, gets the texts as written back);
* :class:`_ReportGraphValidator`, a subclass of :class:`pyshacl.Validator`, builds the report
  graph without pySHACL's text form of the report, which nothing here reads and whose
  building is quadratic in the number of results.

tests/test_shacl_engine.py fails when the pySHACL behaviour these rely on changes.
"""
from __future__ import annotations

import re
import threading
from typing import ClassVar

from rdflib import BNode, Graph, Literal
from rdflib.namespace import RDF, RDFS

from .errors import AiworkError
from .namespaces import SH
from .terms import from_ox, store_from_graph, to_ox

ENGINES = ("pyshacl", "oxigraph-sparql")
DEFAULT_ENGINE = "oxigraph-sparql"
SPARQL_TEXTS = (SH.select, SH.ask, SH.construct, SH.update)


# --------------------------------------------------------------------------- prepared queries

class PreparedQueryGraph(Graph):
    """An rdflib Graph whose ``query()`` parses each SPARQL text once.

    A query given as text (with no ``initNs``) is parsed with the graph's namespace bindings,
    as rdflib's ``Graph.query`` does, and the parsed query is kept by (text, bindings) for every
    PreparedQueryGraph of the process, and by text for this graph (its bindings are read at the
    first query of a text: bind prefixes before querying); the answers are rdflib's.
    :meth:`view` gives one over an existing graph without copying it."""

    _prepared: ClassVar[dict] = {}
    _lock = threading.Lock()
    MAX_PREPARED = 1024

    @classmethod
    def view(cls, graph: Graph) -> PreparedQueryGraph:
        """`graph` itself if it is one, else a view of it (same store, same triples, same
        namespace bindings; nothing copied)."""
        if isinstance(graph, cls):
            return graph
        return cls(store=graph.store, identifier=graph.identifier, namespace_manager=graph.namespace_manager)

    # the signature of rdflib's Graph.query, argument names included (initNs, initBindings)
    def query(self, query_object, processor="sparql", result="sparql", initNs=None,
              initBindings=None, use_store_provided=True, **kwargs):
        if isinstance(query_object, str) and not initNs:
            own = self.__dict__.setdefault("_own_prepared", {})
            found = own.get(query_object)
            if found is None:
                namespaces = tuple(self.namespaces())
                key = (query_object, namespaces)
                prepared = self._prepared.get(key)
                if prepared is None:
                    from rdflib.plugins.sparql import prepareQuery

                    prepared = prepareQuery(query_object, initNs=dict(namespaces))
                    with self._lock:
                        if len(self._prepared) >= self.MAX_PREPARED:
                            self._prepared.clear()
                        self._prepared[key] = prepared
                found = own[query_object] = (prepared, dict(namespaces))
            # the bindings it was parsed with, so that rdflib does not read them again per query
            query_object, initNs = found
        return super().query(query_object, processor, result, initNs, initBindings,
                             use_store_provided, **kwargs)


# --------------------------------------------------------------------------- SPARQL texts on one line

_IRIREF = re.compile(r'<[^<>"{}|^`\\\x00-\x20]*>')  # the IRIREF terminal of the SPARQL 1.1 grammar


def _string_end(text: str, start: int, quote: str) -> int:
    """The index after the string literal whose opening `quote` ends at `start`."""
    i = start
    while i < len(text):
        if text[i] == "\\":
            i += 2
        elif text.startswith(quote, i):
            return i + len(quote)
        else:
            i += 1
    return len(text)


def one_line_sparql(text: str) -> str:
    """The same SPARQL query on one line: comments removed, line breaks outside string literals
    made spaces (IRIs and string literals are copied as they are)."""
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == "<":
            m = _IRIREF.match(text, i)
            end = m.end() if m else i + 1
        elif c in "\"'":
            quote = text[i:i + 3] if text[i:i + 3] in ('"""', "'''") else c
            end = _string_end(text, i + len(quote), quote)
        elif c == "#":
            while i < n and text[i] not in "\r\n":
                i += 1
            continue
        elif c in "\r\n":
            out.append(" ")
            i += 1
            continue
        else:
            end = i + 1
        out.append(text[i:end])
        i = end
    return "".join(out).strip()


_ONE_LINE: dict = {}


def pyshacl_shapes(shapes: Graph) -> Graph:
    """`shapes` with every SPARQL text (sh:select, sh:ask, sh:construct, sh:update) on one line,
    as handed to pySHACL; `shapes` itself when they all are. Kept for the shapes graph object
    (the validator's shapes graphs are built once), so do not change `shapes` afterwards."""
    cached = _ONE_LINE.get(id(shapes))
    if cached is not None and cached[0] is shapes:
        return cached[1]
    changes = []
    for prop in SPARQL_TEXTS:
        for s, text in shapes.subject_objects(prop):
            if isinstance(text, Literal):
                flat = one_line_sparql(str(text))
                if flat != str(text):
                    changes.append((s, prop, text, Literal(flat, lang=text.language, datatype=text.datatype)))
    out = shapes
    if changes:
        out = _copy(shapes)
        for s, prop, old, new in changes:
            out.remove((s, prop, old))
            out.add((s, prop, new))
    if len(_ONE_LINE) >= 32:
        _ONE_LINE.clear()
    _ONE_LINE[id(shapes)] = (shapes, out)
    return out


# --------------------------------------------------------------------------- pySHACL

def _validator_class():
    from pyshacl import Validator

    class _ReportGraphValidator(Validator):
        """pySHACL's Validator, building its report graph from the same results but without
        the text form of the report (each result's text is left empty)."""

        @classmethod
        def create_validation_report(cls, sg, conforms, results):
            return super().create_validation_report(sg, conforms, [("", bn, tr) for _d, bn, tr in results])

    return _ReportGraphValidator


_VALIDATOR: list = []


def run_pyshacl(graph: Graph, shapes: Graph, *, advanced: bool = False, use_shapes=None) -> Graph:
    """One pySHACL run of `shapes` on `graph` (no inference, in place: nothing is copied;
    with ``advanced`` SHACL-AF rules may add triples to `graph`). Returns the report graph;
    a shapes error pySHACL reports (a SHACL validation failure) raises AiworkError."""
    from pyshacl.errors import ValidationFailure
    from pyshacl.graph_abstraction import DataGraph

    if not _VALIDATOR:
        _VALIDATOR.append(_validator_class())
    options = {"inference": "none", "inplace": True, "advanced": advanced, "abort_on_first": False,
               "allow_infos": True, "allow_warnings": True, "debug": False, "use_shapes": use_shapes}
    one_line = pyshacl_shapes(shapes)
    validator = _VALIDATOR[0](DataGraph.from_rdflib(PreparedQueryGraph.view(graph)),
                              shacl_graph=one_line, options=options)
    try:
        _conforms, report, _text = validator.run()
    except ValidationFailure as exc:
        raise AiworkError(f"pySHACL could not validate: {exc.message}") from exc
    if not isinstance(report, Graph):
        raise AiworkError(f"pySHACL could not validate: {report}")
    if one_line is not shapes:  # the report copies a result's SPARQL constraint: its text as written
        for prop in SPARQL_TEXTS:
            for node, text in list(report.subject_objects(prop)):
                written = shapes.value(node, prop)
                if written is not None and written != text:
                    report.set((node, prop, written))
    return report


def validate(graph: Graph, shapes: Graph, *, engine: str = DEFAULT_ENGINE, advanced: bool = False,
             use_shapes=None) -> Graph:
    """Validate `graph` against `shapes` without inference; returns the SHACL report graph.

    engine: "pyshacl" or "oxigraph-sparql" (see the module docstring). use_shapes: run only
    these shapes (and no others; see graphcheck.shape_closure). The report's sh:conforms is
    pySHACL's: it counts every severity only when allow_* is off, which it is not here, so read
    the results' severities (the callers do)."""
    if engine not in ENGINES:
        raise AiworkError(f"unknown SHACL engine {engine!r}: expected one of {', '.join(ENGINES)}")
    if engine == "pyshacl":
        return run_pyshacl(graph, shapes, advanced=advanced, use_shapes=use_shapes)
    rest, found = sparql_on_oxigraph(graph, shapes, set(use_shapes) if use_shapes else None)
    report = run_pyshacl(graph, rest, advanced=advanced, use_shapes=use_shapes)
    report_node = report.value(None, RDF.type, SH.ValidationReport, any=True)
    for result in found.subjects(RDF.type, SH.ValidationResult):
        if report_node is not None:
            report.add((report_node, SH.result, result))
    report += found
    if report_node is not None and (None, SH.resultSeverity, SH.Violation) in found:
        report.set((report_node, SH.conforms, Literal(False)))  # as pySHACL with allow_warnings
    return report


# --------------------------------------------------------------------------- Oxigraph side

def _copy(graph: Graph) -> Graph:
    out = Graph()
    for prefix, ns in graph.namespaces():
        out.bind(prefix, ns)
    out += graph
    return out


def oxigraph_store(graph: Graph):
    """An in-memory Oxigraph store holding `graph` (blank nodes keep their labels)."""
    return store_from_graph(graph)


def sparql_prefixes(shapes: Graph, node) -> str:
    """The PREFIX lines a SHACL-SPARQL query of `node` declares (``sh:prefixes``/``sh:declare``)."""
    lines = set()
    for prefixes in shapes.objects(node, SH.prefixes):
        for declaration in shapes.objects(prefixes, SH.declare):
            prefix = shapes.value(declaration, SH.prefix)
            namespace = shapes.value(declaration, SH.namespace)
            if prefix is not None and namespace is not None:
                lines.add(f"PREFIX {prefix}: <{namespace}>")
    return "\n".join(sorted(lines)) + "\n"


def _run(store, query: str, shape, what: str, substitutions=None):
    try:
        return store.query(query, substitutions=substitutions)
    except (SyntaxError, ValueError, OSError) as exc:
        raise AiworkError(f"shape {shape}: its SPARQL {what} does not run: {exc}") from exc


def focus_nodes(store, shapes: Graph, shape) -> set:
    """The focus nodes of a node shape in `store`: its targets (SHACL 2.1.3), SPARQL targets
    included."""
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
            queries.append(sparql_prefixes(shapes, target) + str(shapes.value(target, SH.select)))
    for query in queries:
        for solution in _run(store, query, shape, "target"):
            node = solution["this"]
            if node is not None:
                nodes.add(from_ox(node))
    return nodes


def _constant(text: str):
    """A replacement function for re.sub that inserts `text` as it is (no escapes read)."""
    return lambda _match: text


def _fill(template: Literal, solution, variables) -> Literal:
    text = str(template)
    for var in variables:
        value = solution[var]
        if value is not None:
            rendered = str(from_ox(value))  # as pySHACL: the IRI, the literal's lexical form
            text = re.sub(r"\{[?$]" + re.escape(var) + r"\}", _constant(rendered), text)
    return Literal(text, lang=template.language)


def sparql_on_oxigraph(graph: Graph, shapes: Graph, use: set | None) -> tuple[Graph, Graph]:
    """Evaluate the SPARQL targets and SPARQL constraints of node shapes with Oxigraph.

    Returns (the shapes left for pySHACL: those parts removed and SPARQL targets replaced by
    sh:targetNode; a graph of the validation results found). `use`: only these shapes."""
    import pyoxigraph as ox

    out = _copy(shapes)
    report = Graph()
    sparql_targets = {s for s, t in shapes.subject_objects(SH.target) if (t, RDF.type, SH.SPARQLTarget) in shapes}
    constrained = {s for s in shapes.subjects(SH.sparql, None) if (s, SH.path, None) not in shapes}
    todo = sorted((s for s in sparql_targets | constrained if use is None or s in use), key=str)
    if not todo:
        return out, report
    store = oxigraph_store(graph)
    this = ox.Variable("this")
    for shape in todo:
        if (shape, SH.deactivated, Literal(True)) in shapes:
            continue
        focus = focus_nodes(store, shapes, shape)
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
            query = sparql_prefixes(shapes, constraint) + str(select)
            messages = [m for m in shapes.objects(constraint, SH.message) if isinstance(m, Literal)]
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
