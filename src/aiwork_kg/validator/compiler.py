"""Compile a SHACL shapes graph into SPARQL queries that validate many descriptions at once.

The shapes stay the one statement of the law: this module knows SHACL, not Art. 5(1)(f). It
reads any shapes graph and turns each constraint into one SPARQL SELECT that returns, for every
focus node of a whole batch of descriptions at once, the validation results pySHACL would
report: rows of ``?this`` (the focus node), ``?value`` and ``?path``. :mod:`.fast` runs them on
an in-memory Oxigraph store.

How the focus nodes are given to a query: the focus nodes of every shape are computed first
(its targets, SHACL 2.1.3) and written into a named graph of the store,
``GRAPH <urn:aiwork:fast:focus> { ?node <urn:aiwork:fast:focusOf> <shape> }``, which no
constraint can see (constraints read the default graph; a query that names a graph is not
compiled). Each query starts from that pattern.

What is compiled (anything else makes :func:`compile_shapes` give a plan with
``unsupported`` reasons, and the caller runs the reference path, pySHACL, saying so):

* targets: ``sh:targetClass`` (with ``rdfs:subClassOf*`` in the data, as SHACL says),
  ``sh:targetNode``, ``sh:targetSubjectsOf``, ``sh:targetObjectsOf``, implicit class targets,
  SPARQL-based targets (``sh:target [ a sh:SPARQLTarget ; sh:select ... ]``);
* SPARQL-based constraints of node shapes (``sh:sparql`` with ``sh:select``): the query is
  rewritten so that ``$this`` is bound at the start of every group graph pattern that is not
  inside an EXISTS (where SPARQL substitutes the solution's bindings anyway). This gives the
  pre-binding semantics of SHACL 5.3.1 for queries within its restrictions (no MINUS, VALUES,
  SERVICE, nested SELECT, ``AS $this``); queries that name a graph, aggregate, order, limit or
  use ``$shapesGraph`` / ``$currentShape`` are not compiled either;
* core constraints of node and property shapes (predicate paths): ``sh:minCount``,
  ``sh:maxCount``, ``sh:class``, ``sh:datatype``, ``sh:nodeKind``, ``sh:in``, ``sh:hasValue``,
  ``sh:or``, ``sh:and``, ``sh:not``, nested to any depth (the shapes inside
  ``sh:or`` etc. may use the same constraints and SPARQL property paths:
  inverse, sequence, alternative, zero-or-more, one-or-more, zero-or-one). Not ``sh:node``:
  pySHACL reports the nested shape's results too (``sh:detail``), which the verdict mapping
  reads, so it is left to the reference path.

One known difference of engines, not of this compiler: rdflib's SPARQL (under pySHACL) compares
values of incompatible types (``"x" > 100``) where SPARQL 1.1 (and Oxigraph) gives an error, so
a filter on such a comparison can keep a row on the reference path that the fast path drops.
The shapes in shapes/ compare strings with strings only.

tests/test_fast_validator.py compares the fast path with pySHACL on every example and every
shape fixture, for every reading; bench/bench_validate.py on every generated description.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS

from ..namespaces import SH
from ..shacl import sparql_prefixes

FOCUS_GRAPH = "urn:aiwork:fast:focus"
FOCUS_OF = "urn:aiwork:fast:focusOf"

# predicates of a shape that do not validate anything (or that the compiler handles itself)
_INERT = {SH.name, SH.description, SH.message, SH.severity, SH.order, SH.group, SH.defaultValue,
          SH.deactivated, SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf,
          SH.target, SH.property, SH.path, SH.sparql, SH.prefixes, SH.declare, SH.minCount, SH.maxCount,
          SH["class"], SH.datatype, SH.nodeKind, SH["in"], SH.hasValue, SH["or"], SH["and"], SH["not"],
          SH.shapesGraph, SH.suggestedShapesGraph, SH.entailment}
_VALUE_COMPONENTS = {SH["class"]: SH.ClassConstraintComponent, SH.datatype: SH.DatatypeConstraintComponent,
                     SH.nodeKind: SH.NodeKindConstraintComponent, SH["in"]: SH.InConstraintComponent,
                     SH["or"]: SH.OrConstraintComponent,
                     SH["and"]: SH.AndConstraintComponent, SH["not"]: SH.NotConstraintComponent}
_NODE_KINDS: dict[Any, str] = {
    SH.IRI: "isIRI({v})", SH.BlankNode: "isBlank({v})", SH.Literal: "isLiteral({v})",
    SH.BlankNodeOrIRI: "(isBlank({v}) || isIRI({v}))", SH.BlankNodeOrLiteral: "(isBlank({v}) || isLiteral({v}))",
    SH.IRIOrLiteral: "(isIRI({v}) || isLiteral({v}))",
}


class Unsupported(Exception):
    """A part of the shapes that this compiler does not translate (the reason is the message)."""


@dataclass(frozen=True)
class Check:
    """One SPARQL query giving the results of one constraint of one shape, for all focus nodes.

    Its rows bind ``?this``; ``?value`` and ``?path`` when the result has them (``value_is_focus``:
    an unbound ``?value`` means the focus node, as for SPARQL-based constraints)."""

    shape: Any  # the shape node (IRI or blank node)
    component: URIRef
    severity: URIRef
    query: str
    value_is_focus: bool = False
    path: URIRef | None = None  # the result path when the query does not bind ?path
    constraint: Any = None  # the sh:sparql node, for SPARQL-based constraints


@dataclass(frozen=True)
class Target:
    shape: Any
    query: str  # SELECT DISTINCT ?this WHERE ...
    nodes: tuple = ()  # sh:targetNode values


@dataclass
class Plan:
    """The compiled shapes: the focus nodes of each shape (``targets``) and the checks.
    ``unsupported`` lists what could not be compiled; a plan with any is not to be used."""

    targets: list[Target] = field(default_factory=list)
    checks: list[Check] = field(default_factory=list)
    unsupported: list[str] = field(default_factory=list)

    @property
    def usable(self) -> bool:
        return not self.unsupported


# --------------------------------------------------------------------------- SPARQL texts

_IRIREF = re.compile(r'<[^<>"{}|^`\\\x00-\x20]*>')
_TOKEN = re.compile(r"""
    (?P<ws>\s+)
  | (?P<comment>\#[^\r\n]*)
  | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''
               |"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
  | (?P<var>[?$][A-Za-z0-9_\u00B7-\uFFFF]+)
  | (?P<word>[A-Za-z_][A-Za-z0-9_\-]*(?::[^\s{}()<>,;."'=!|&^*+/?\[\]]*)?|:[^\s{}()<>,;"'=!|&^*+/?\[\]]*)
  | (?P<other>.)
""", re.VERBOSE | re.DOTALL)
_REFUSED_WORDS = {"MINUS": "MINUS", "VALUES": "VALUES", "SERVICE": "SERVICE", "GRAPH": "GRAPH", "FROM": "FROM",
                  "GROUP": "GROUP BY", "HAVING": "HAVING", "ORDER": "ORDER BY", "LIMIT": "LIMIT",
                  "OFFSET": "OFFSET", "REDUCED": "REDUCED", "COUNT": "an aggregate", "SUM": "an aggregate",
                  "MIN": "an aggregate", "MAX": "an aggregate", "AVG": "an aggregate",
                  "SAMPLE": "an aggregate", "GROUP_CONCAT": "an aggregate", "BNODE": "BNODE()",
                  "RAND": "RAND()", "UUID": "UUID()", "STRUUID": "STRUUID()", "CONSTRUCT": "CONSTRUCT",
                  "ASK": "ASK", "DESCRIBE": "DESCRIBE"}
_REFUSED_VARS = {"shapesGraph", "currentShape", "PATH"}  # pre-bound by SHACL besides $this


def tokens(text: str) -> list[tuple[str, str]]:
    """The SPARQL text as (kind, text) tokens: ws, comment, iri, string, var, word, other."""
    out: list[tuple[str, str]] = []
    i = 0
    while i < len(text):
        if text[i] == "<":
            m = _IRIREF.match(text, i)
            if m:
                out.append(("iri", m.group()))
                i = m.end()
                continue
        m = _TOKEN.match(text, i)
        if m is None:  # pragma: no cover - the pattern matches any character
            raise Unsupported(f"cannot read the query at {text[i:i + 20]!r}")
        kind = m.lastgroup or "other"
        out.append((kind, m.group()))
        i = m.end()
    return out


def focus_pattern(shape) -> str:
    return f"GRAPH <{FOCUS_GRAPH}> {{ ?this <{FOCUS_OF}> {term(shape)} }}"


def bind_this(select: str, shape) -> str:
    """The SELECT query `select` (a SPARQL-based constraint's text, prefixes included) rewritten to
    run for all focus nodes of `shape` at once (see the module docstring); raises Unsupported for
    a query outside what this rewriting keeps equal to SHACL's pre-binding."""
    toks = tokens(select)
    words = [t.upper() for k, t in toks if k == "word"]
    for word in words:
        if word in _REFUSED_WORDS:
            raise Unsupported(f"a SPARQL constraint uses {_REFUSED_WORDS[word]}")
    if words.count("SELECT") != 1:
        raise Unsupported("a SPARQL constraint is not one SELECT query (a nested SELECT?)")
    significant = [(k, t) for k, t in toks if k not in ("ws", "comment")]
    for i, (k, t) in enumerate(significant):
        if k == "var" and t[1:] in _REFUSED_VARS:
            raise Unsupported(f"a SPARQL constraint uses {t}")
        if k == "var" and t[1:] == "this" and i > 0 and significant[i - 1][1].upper() == "AS":
            raise Unsupported("a SPARQL constraint assigns $this")
    pattern = focus_pattern(shape)
    out: list[str] = []
    stack: list[bool] = []  # per open brace: inside an EXISTS
    prev = ""
    in_select_clause = False
    projected_this = False
    star = False
    first_projection = -1  # index in `out` of the first projection element
    for k, t in toks:
        if k == "var" and t[1:] == "this":
            t = "?this"
            if in_select_clause:
                projected_this = True
        if in_select_clause and first_projection < 0 and (k == "var" or t in ("(", "*")):
            first_projection = len(out)
        if k == "word" and t.upper() == "SELECT":
            in_select_clause = True
        if k == "other" and t == "*" and in_select_clause:
            star = True
        if k == "word" and t.upper() == "WHERE":
            in_select_clause = False
        if k == "other" and t == "{":
            in_select_clause = False
            inside_exists = (stack[-1] if stack else False) or prev == "EXISTS"
            stack.append(inside_exists)
            out.append(t)
            if not inside_exists:
                out.append(" " + pattern + " ")
            prev = "{"
            continue
        if k == "other" and t == "}" and stack:
            stack.pop()
        out.append(t)
        if k not in ("ws", "comment"):
            prev = t.upper() if k == "word" else t
    if first_projection < 0:
        raise Unsupported("a SPARQL constraint's SELECT clause projects nothing")
    if not (projected_this or star):
        out.insert(first_projection, "?this ")
    return "".join(out)


def term(node) -> str:
    """A term in SPARQL syntax (IRIs and literals; blank nodes of the shapes graph are refused)."""
    if isinstance(node, URIRef):
        if not _IRIREF.fullmatch(f"<{node}>"):
            raise Unsupported(f"an IRI SPARQL cannot write: {node}")
        return f"<{node}>"
    if isinstance(node, Literal):
        lexical = str(node).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
        if node.language:
            return f'"{lexical}"@{node.language}'
        if node.datatype is not None:
            return f'"{lexical}"^^<{node.datatype}>'
        return f'"{lexical}"'
    if isinstance(node, BNode):
        return f"<urn:aiwork:fast:shape:{node}>"  # a blank-node shape's name in the focus graph
    raise Unsupported(f"not an RDF term: {node!r}")


# --------------------------------------------------------------------------- the compiler

class _Vars:
    def __init__(self) -> None:
        self.n = 0

    def fresh(self) -> str:
        self.n += 1
        return f"?__v{self.n}"


def _list(shapes: Graph, node) -> list:
    if node == RDF.nil:
        return []
    items = list(Collection(shapes, node))
    if not items and (node, RDF.first, None) not in shapes:
        raise Unsupported(f"expected an RDF list, found {node}")
    return items


def sparql_path(shapes: Graph, path) -> str:
    """A SHACL property path (SHACL 2.3.1) as a SPARQL property path."""
    if isinstance(path, URIRef):
        return term(path)
    if (path, RDF.first, None) in shapes:
        return "(" + "/".join(sparql_path(shapes, p) for p in _list(shapes, path)) + ")"
    for prop, fmt in ((SH.inversePath, "^{}"), (SH.zeroOrMorePath, "{}*"), (SH.oneOrMorePath, "{}+"),
                      (SH.zeroOrOnePath, "{}?")):
        inner = shapes.value(path, prop)
        if inner is not None:
            return "(" + fmt.format(sparql_path(shapes, inner)) + ")"
    alt = shapes.value(path, SH.alternativePath)
    if alt is not None:
        return "(" + "|".join(sparql_path(shapes, p) for p in _list(shapes, alt)) + ")"
    raise Unsupported(f"a property path this compiler does not know: {path}")


def _own_predicates(shapes: Graph, shape) -> set:
    own = set()
    for p in shapes.predicates(shape, None):
        if str(p).startswith(str(SH)) and p not in _INERT:
            own.add(p)
    return own


def _deactivated(shapes: Graph, node) -> bool:
    return (node, SH.deactivated, Literal(True)) in shapes


def _check_shape_predicates(shapes: Graph, shape) -> None:
    own = _own_predicates(shapes, shape)
    if own:
        names = ", ".join(sorted("sh:" + str(p)[len(str(SH)):] for p in own))
        raise Unsupported(f"shape {shape} uses {names}")


def value_condition(shapes: Graph, shape, v: str, vars_: _Vars, depth: int = 0) -> str:
    """A SPARQL expression that is true when the node in variable `v` conforms to `shape`."""
    if depth > 20:
        raise Unsupported(f"shapes nested too deeply (a cycle?) at {shape}")
    if _deactivated(shapes, shape):
        return "true"
    _check_shape_predicates(shapes, shape)
    if (shape, SH.sparql, None) in shapes:
        raise Unsupported(f"shape {shape}: a SPARQL constraint inside a logical constraint")
    parts: list[str] = []
    path = shapes.value(shape, SH.path)
    if path is None:
        parts += _value_tests(shapes, shape, v, vars_, depth)
        for prop in shapes.objects(shape, SH.property):
            parts.append(value_condition(shapes, prop, v, vars_, depth + 1))
        for p in (SH.minCount, SH.maxCount):
            if (shape, p, None) in shapes:
                raise Unsupported(f"shape {shape}: sh:{p.split('#')[1]} on a node shape")
        return "(" + " && ".join(parts) + ")" if parts else "true"
    sp = sparql_path(shapes, path)
    lo = shapes.value(shape, SH.minCount)
    hi = shapes.value(shape, SH.maxCount)
    if lo is not None and int(lo) > 0:
        if int(lo) != 1:
            raise Unsupported(f"shape {shape}: sh:minCount {lo} inside a logical constraint")
        w = vars_.fresh()
        parts.append(f"EXISTS {{ {v} {sp} {w} }}")
    if hi is not None:
        w1, w2 = vars_.fresh(), vars_.fresh()
        if int(hi) == 0:
            parts.append(f"NOT EXISTS {{ {v} {sp} {w1} }}")
        elif int(hi) == 1:
            parts.append(f"NOT EXISTS {{ {v} {sp} {w1} . {v} {sp} {w2} . FILTER (!sameTerm({w1}, {w2})) }}")
        else:
            raise Unsupported(f"shape {shape}: sh:maxCount {hi} inside a logical constraint")
    w = vars_.fresh()
    tests = _value_tests(shapes, shape, w, vars_, depth)
    for prop in shapes.objects(shape, SH.property):
        tests.append(value_condition(shapes, prop, w, vars_, depth + 1))
    if tests:
        parts.append(f"NOT EXISTS {{ {v} {sp} {w} . FILTER (!({' && '.join(tests)})) }}")
    has = list(shapes.objects(shape, SH.hasValue))
    for value in has:
        parts.append(f"EXISTS {{ {v} {sp} {w} . FILTER (sameTerm({w}, {term(value)})) }}")
    return "(" + " && ".join(parts) + ")" if parts else "true"


def _value_tests(shapes: Graph, shape, v: str, vars_: _Vars, depth: int) -> list[str]:
    """Expressions for the constraints that apply to each value node in `v` (not counts)."""
    out: list[str] = []
    for cls in shapes.objects(shape, SH["class"]):
        out.append(f"EXISTS {{ {v} <{RDF.type}>/<{RDFS.subClassOf}>* {term(cls)} }}")
    for dt in shapes.objects(shape, SH.datatype):
        out.append(f"(isLiteral({v}) && sameTerm(datatype({v}), {term(dt)}))")
    for kind in shapes.objects(shape, SH.nodeKind):
        if kind not in _NODE_KINDS:
            raise Unsupported(f"shape {shape}: unknown sh:nodeKind {kind}")
        out.append(_NODE_KINDS[kind].format(v=v))
    for lst in shapes.objects(shape, SH["in"]):
        members = [f"sameTerm({v}, {term(x)})" for x in _list(shapes, lst)]
        out.append("(" + (" || ".join(members) or "false") + ")")
    if shapes.value(shape, SH.path) is None:
        for value in shapes.objects(shape, SH.hasValue):
            out.append(f"sameTerm({v}, {term(value)})")
    for lst in shapes.objects(shape, SH["or"]):
        members = [value_condition(shapes, m, v, vars_, depth + 1) for m in _list(shapes, lst)]
        out.append("(" + (" || ".join(members) or "false") + ")")
    for lst in shapes.objects(shape, SH["and"]):
        members = [value_condition(shapes, m, v, vars_, depth + 1) for m in _list(shapes, lst)]
        out.append("(" + (" && ".join(members) or "true") + ")")
    for neg in shapes.objects(shape, SH["not"]):
        out.append("!" + value_condition(shapes, neg, v, vars_, depth + 1))
    return out


def _severity(shapes: Graph, shape) -> URIRef:
    sev = shapes.value(shape, SH.severity)
    return sev if isinstance(sev, URIRef) else SH.Violation


def _core_checks(shapes: Graph, shape, focus_shape, vars_: _Vars) -> list[Check]:
    """The checks of the core constraints of `shape`, whose focus nodes are those of
    `focus_shape` (itself, or the node shape whose sh:property it is)."""
    _check_shape_predicates(shapes, shape)
    out: list[Check] = []
    sev = _severity(shapes, shape)
    focus = focus_pattern(focus_shape)
    path = shapes.value(shape, SH.path)
    if path is not None and not isinstance(path, URIRef):
        raise Unsupported(f"shape {shape}: a result path that is not an IRI ({path})")
    if path is None:
        for p in (SH.minCount, SH.maxCount):
            if (shape, p, None) in shapes:
                raise Unsupported(f"shape {shape}: sh:{p.split('#')[1]} on a node shape")
        values = "BIND (?this AS ?value)"
    else:
        values = f"?this {sparql_path(shapes, path)} ?value ."
        for p, op, comp in ((SH.minCount, "<", SH.MinCountConstraintComponent),
                            (SH.maxCount, ">", SH.MaxCountConstraintComponent)):
            for n in shapes.objects(shape, p):
                if not isinstance(n, Literal) or not isinstance(n.toPython(), int):
                    raise Unsupported(f"shape {shape}: sh:{p.split('#')[1]} is not an integer")
                query = (f"SELECT ?this WHERE {{ {{ SELECT ?this (COUNT(DISTINCT ?value) AS ?n) WHERE {{ {focus} "
                         f"OPTIONAL {{ {values} }} }} GROUP BY ?this }} FILTER (?n {op} {int(n)}) }}")
                out.append(Check(shape, comp, sev, query, path=path))
        for value in shapes.objects(shape, SH.hasValue):
            query = (f"SELECT ?this WHERE {{ {focus} FILTER NOT EXISTS {{ ?this {sparql_path(shapes, path)} ?value . "
                     f"FILTER (sameTerm(?value, {term(value)})) }} }}")
            out.append(Check(shape, SH.HasValueConstraintComponent, sev, query, path=path))
    tests = [(p, c) for p, c in _VALUE_COMPONENTS.items() if (shape, p, None) in shapes]
    if path is None:
        for value in shapes.objects(shape, SH.hasValue):  # a result without a value (SHACL 4.8.3)
            query = f"SELECT ?this WHERE {{ {focus} FILTER (!sameTerm(?this, {term(value)})) }}"
            out.append(Check(shape, SH.HasValueConstraintComponent, sev, query))
    for prop, component in tests:
        for obj in shapes.objects(shape, prop):
            expr = _one_value_test(shapes, shape, prop, obj, vars_)
            query = f"SELECT DISTINCT ?this ?value WHERE {{ {focus} {values} FILTER (!({expr})) }}"
            out.append(Check(shape, component, sev, query, path=path))
    return out


def _one_value_test(shapes: Graph, shape, prop, obj, vars_: _Vars) -> str:
    v = "?value"
    if prop == SH["class"]:
        return f"EXISTS {{ {v} <{RDF.type}>/<{RDFS.subClassOf}>* {term(obj)} }}"
    if prop == SH.datatype:
        return f"(isLiteral({v}) && sameTerm(datatype({v}), {term(obj)}))"
    if prop == SH.nodeKind:
        if obj not in _NODE_KINDS:
            raise Unsupported(f"shape {shape}: unknown sh:nodeKind {obj}")
        return _NODE_KINDS[obj].format(v=v)
    if prop == SH["in"]:
        return "(" + (" || ".join(f"sameTerm({v}, {term(x)})" for x in _list(shapes, obj)) or "false") + ")"
    if prop == SH.hasValue:
        return f"sameTerm({v}, {term(obj)})"
    if prop == SH["or"]:
        return "(" + (" || ".join(value_condition(shapes, m, v, vars_, 1) for m in _list(shapes, obj)) or "false") + ")"
    if prop == SH["and"]:
        return "(" + (" && ".join(value_condition(shapes, m, v, vars_, 1) for m in _list(shapes, obj)) or "true") + ")"
    if prop == SH["not"]:
        return "!" + value_condition(shapes, obj, v, vars_, 1)
    raise Unsupported(f"shape {shape}: {prop}")  # pragma: no cover - _VALUE_COMPONENTS lists them


def _target_queries(shapes: Graph, shape) -> tuple[list[str], tuple]:
    queries = []
    cls_path = f"<{RDF.type}>/<{RDFS.subClassOf}>*"
    for cls in shapes.objects(shape, SH.targetClass):
        queries.append(f"SELECT DISTINCT ?this WHERE {{ ?this {cls_path} {term(cls)} }}")
    if (shape, RDF.type, RDFS.Class) in shapes and isinstance(shape, URIRef):
        queries.append(f"SELECT DISTINCT ?this WHERE {{ ?this {cls_path} {term(shape)} }}")
    for prop in shapes.objects(shape, SH.targetSubjectsOf):
        queries.append(f"SELECT DISTINCT ?this WHERE {{ ?this {term(prop)} ?o }}")
    for prop in shapes.objects(shape, SH.targetObjectsOf):
        queries.append(f"SELECT DISTINCT ?this WHERE {{ ?s {term(prop)} ?this }}")
    for target in shapes.objects(shape, SH.target):
        if (target, RDF.type, SH.SPARQLTarget) not in shapes or shapes.value(target, SH.select) is None:
            raise Unsupported(f"shape {shape}: a target other than a SPARQL target ({target})")
        text = sparql_prefixes(shapes, target) + str(shapes.value(target, SH.select))
        for word in (t.upper() for k, t in tokens(text) if k == "word"):
            if word == "GRAPH" or word == "FROM":
                raise Unsupported(f"shape {shape}: a SPARQL target that names a graph")
        queries.append(text)
    nodes = tuple(shapes.objects(shape, SH.targetNode))
    return queries, nodes


def compile_shapes(shapes: Graph) -> Plan:
    """The plan for `shapes`: one target per shape that has targets, one check per constraint."""
    plan = Plan()
    vars_ = _Vars()
    targeted = set()
    for p in (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target):
        targeted |= set(shapes.subjects(p, None))
    for s in shapes.subjects(RDF.type, RDFS.Class):
        if (s, RDF.type, SH.NodeShape) in shapes or (s, RDF.type, SH.PropertyShape) in shapes:
            targeted.add(s)
    for shape in sorted(targeted, key=str):
        if _deactivated(shapes, shape):
            continue
        try:
            queries, nodes = _target_queries(shapes, shape)
            plan.targets += [Target(shape, q) for q in queries]
            if nodes:
                plan.targets.append(Target(shape, "", nodes))
            plan.checks += _core_checks(shapes, shape, shape, vars_)
            for prop in sorted(shapes.objects(shape, SH.property), key=str):
                if _deactivated(shapes, prop):
                    continue
                if (prop, SH.sparql, None) in shapes:
                    raise Unsupported(f"shape {prop}: a SPARQL constraint on a property shape")
                plan.checks += _core_checks(shapes, prop, shape, vars_)
                if not isinstance(shapes.value(prop, SH.path), URIRef):
                    raise Unsupported(f"shape {prop}: a property shape without an IRI path")
            for constraint in sorted(shapes.objects(shape, SH.sparql), key=str):
                if _deactivated(shapes, constraint):
                    continue
                if shapes.value(shape, SH.path) is not None:
                    raise Unsupported(f"shape {shape}: a SPARQL constraint on a property shape")
                select = shapes.value(constraint, SH.select)
                if select is None:
                    raise Unsupported(f"shape {shape}: a SPARQL constraint without sh:select")
                query = bind_this(sparql_prefixes(shapes, constraint) + str(select), shape)
                plan.checks.append(Check(shape, SH.SPARQLConstraintComponent, _severity(shapes, shape), query,
                                         value_is_focus=True, constraint=constraint))
        except Unsupported as exc:
            plan.unsupported.append(str(exc))
    # property shapes referenced from a shape without targets are never validated on their own
    return plan


_PLANS: dict = {}


def plan_for(shapes: Graph) -> Plan:
    """The compiled plan of a shapes graph, kept for the graph object (do not change the graph
    afterwards; the validator's shapes graphs are built once)."""
    cached = _PLANS.get(id(shapes))
    if cached is not None and cached[0] is shapes:
        return cached[1]
    plan = compile_shapes(shapes)
    if len(_PLANS) >= 32:
        _PLANS.clear()
    _PLANS[id(shapes)] = (shapes, plan)
    return plan
