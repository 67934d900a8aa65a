"""The fast path: the compiled shapes (:mod:`.compiler`) run on an in-memory Oxigraph store.

:func:`shape_results` gives, for a batch graph (many descriptions, saturated as for pySHACL),
what the verdict mapping reads from a SHACL report: for each focus node, its results as
(source shape, value, path). One store per batch, one query per constraint for the whole batch.

``engine="reference"`` (or shapes the compiler cannot translate, or data Oxigraph refuses)
runs pySHACL instead (:func:`aiwork_kg.shacl.run_pyshacl`), the reference path that stays in
the package as the oracle; :func:`shape_results` then says why in its ``note``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD

from ..errors import AiworkError
from .compiler import FOCUS_GRAPH, FOCUS_OF, Plan, plan_for, term
from .verdicts import report_results

_XSD_STRING = str(XSD.string)

ENGINES = ("fast", "reference")
DEFAULT_ENGINE = "fast"


def check_engine(engine: str) -> str:
    if engine not in ENGINES:
        raise AiworkError(f"unknown validation engine {engine!r}: expected one of {', '.join(ENGINES)}")
    return engine


@dataclass
class ShapeResults:
    """The results of one validation of a batch graph: focus node -> [(shape, value, path)]."""

    by_focus: dict = field(default_factory=dict)
    engine: str = DEFAULT_ENGINE   # the engine that gave them: "fast" or "reference"
    note: str = ""                 # why the reference path ran where the fast one was asked for
    report: Graph | None = None    # the SHACL report graph (reference path only)
    severities: dict = field(default_factory=dict)  # shape -> severity IRI (fast path)


def _store(graph: Graph, plan: Plan):
    import pyoxigraph as ox

    from ..terms import from_ox, to_ox

    store = ox.Store()
    default = ox.DefaultGraph()
    cache: dict = {}

    def conv(t):
        found = cache.get(t)
        if found is None:
            found = cache[t] = to_ox(t)
        return found

    store.bulk_extend([ox.Quad(conv(s), conv(p), conv(o), default) for s, p, o in graph])
    focus_graph = ox.NamedNode(FOCUS_GRAPH)
    focus_of = ox.NamedNode(FOCUS_OF)
    marks = []
    for target in plan.targets:
        shape = ox.NamedNode(term(target.shape)[1:-1])
        nodes = [to_ox(n) for n in target.nodes]
        if target.query:
            solutions: Any = store.query(target.query)
            nodes += [row["this"] for row in solutions if row["this"] is not None]
        marks += [ox.Quad(n, focus_of, shape, focus_graph) for n in nodes]  # type: ignore[arg-type]
    store.bulk_extend(marks)
    return store, from_ox


def _as_parsed(t, from_ox):
    """The rdflib term of an Oxigraph result term, as rdflib's parser makes it. Oxigraph gives a
    typed literal in its canonical form ("2025-03-01T00:00:00Z"); rdflib's parser, which made the
    reference path's graph, keeps its own normal form ("2025-03-01T00:00:00+00:00"). Both are
    normalised the same way here, so an explanation quotes a value alike on both paths."""
    import pyoxigraph as ox

    if isinstance(t, ox.Literal) and not t.language and t.datatype.value != _XSD_STRING:
        return Literal(t.value, datatype=URIRef(t.datatype.value))
    return from_ox(t)


def fast_results(graph: Graph, plan: Plan) -> dict:
    """focus node -> [(shape, value, path)] for `graph`, by the compiled `plan` (usable)."""
    store, from_ox = _store(graph, plan)
    by_focus: dict = {}
    back: dict = {}

    def rd(t):
        if t is None:
            return None
        found = back.get(t)
        if found is None:
            found = back[t] = _as_parsed(t, from_ox)
        return found

    for check in plan.checks:
        solutions: Any = store.query(check.query)
        names = [v.value for v in solutions.variables]
        at = {name: i for i, name in enumerate(names)}
        i_this, i_value, i_path, i_failure = (at.get(k) for k in ("this", "value", "path", "failure"))
        if i_this is None:
            raise AiworkError(f"shape {check.shape}: a compiled query does not select ?this")
        shape, default_path, value_is_focus = check.shape, check.path, check.value_is_focus
        for row in solutions:
            if i_failure is not None and row[i_failure] is not None:
                raise AiworkError(f"shape {shape}: its SPARQL constraint reported a failure")
            focus = rd(row[i_this])
            if focus is None:
                continue
            value = rd(row[i_value]) if i_value is not None else None
            if value is None and value_is_focus:
                value = focus
            path = rd(row[i_path]) if i_path is not None else None
            by_focus.setdefault(focus, []).append((shape, value, default_path if path is None else path))
    return by_focus


def reference_report(graph: Graph, shapes: Graph) -> Graph:
    from .. import shacl

    return shacl.run_pyshacl(graph, shapes)


def shape_results(graph: Graph, shapes: Graph, *, engine: str = DEFAULT_ENGINE,
                  keep_report: bool = False) -> ShapeResults:
    """Validate the batch graph `graph` against any shapes graph `shapes`.

    engine "fast": the compiled plan on Oxigraph, or pySHACL when the shapes use a SHACL feature
    the compiler does not translate or Oxigraph refuses a term of the data (``note`` says which);
    "reference": pySHACL. keep_report: a SHACL report graph is wanted (the reference path gives
    one)."""
    check_engine(engine)
    note = ""
    if engine == "fast" and not keep_report:
        plan = plan_for(shapes)
        if plan.usable:
            try:
                return ShapeResults(by_focus=fast_results(graph, plan), engine="fast")
            except (ValueError, SyntaxError, OSError) as exc:  # a term Oxigraph refuses, a query it cannot run
                note = f"the reference path (pySHACL) validated this batch: the fast path could not ({exc})"
        else:
            note = ("the reference path (pySHACL) validated: the fast path does not compile "
                    + "; ".join(plan.unsupported[:3]) + (" ..." if len(plan.unsupported) > 3 else ""))
    report = reference_report(graph, shapes)
    return ShapeResults(by_focus=report_results(report), engine="reference", note=note,
                        report=report)


__all__ = ["ENGINES", "DEFAULT_ENGINE", "ShapeResults", "shape_results", "fast_results", "report_results",
           "check_engine"]


_BLANK = __import__("re").compile(r"_:[A-Za-z0-9_\-]+")


def comparable(verdict) -> str:
    """A SystemVerdict as JSON text with blank-node labels numbered in order of appearance, so
    that two validations of the same files (each parse labels blank nodes anew) compare equal
    when they agree on everything: verdict, reasons, risk categories, missing facts, steps."""
    return comparable_dict(verdict.to_dict())


def differences(fast_results, reference_results) -> list[str]:
    """What differs between two lists of SystemVerdicts, matched by (source, system) (blank-node
    systems by their order in the source); empty when they agree on everything."""
    def index(results):
        out: dict = {}
        for v in results:
            system = v.system if not v.system.startswith("_:") else "_:"
            key = (v.source, system)
            n = 0
            while (key[0], key[1], n) in out:
                n += 1
            out[(key[0], key[1], n)] = comparable(v)
        return out

    a, b = index(fast_results), index(reference_results)
    problems = []
    for key in sorted(set(a) | set(b), key=str):
        if key not in a:
            problems.append(f"{key[0]} {key[1]}: only the reference path gives a verdict")
        elif key not in b:
            problems.append(f"{key[0]} {key[1]}: only the fast path gives a verdict")
        elif a[key] != b[key]:
            problems.append(f"{key[0]} {key[1]}: fast {a[key][:300]} != reference {b[key][:300]}")
    return problems


def comparable_dict(data: dict) -> str:
    """:func:`comparable` for a result already in its JSON form (a line of ``--format jsonl``)."""
    import json

    text = json.dumps(data, sort_keys=True, ensure_ascii=False)
    labels: dict = {}
    return _BLANK.sub(lambda m: labels.setdefault(m.group(), f"_:b{len(labels)}"), text)
