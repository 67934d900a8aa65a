"""Check a graph against the SHACL shapes in shapes/graph/ (the integrity of the KG itself).

The shapes are ordinary SHACL with two SHACL-SPARQL features: SPARQL-based targets
(``sh:target [a sh:SPARQLTarget ; sh:select ...]``) and SPARQL-based constraints
(``sh:sparql``). ``check_graph`` runs them through :func:`aiwork_kg.shacl.validate`, by default
with the SPARQL parts on Oxigraph (``engine="oxigraph-sparql"``, what ``build`` does);
``engine="pyshacl"`` runs everything in pySHACL. This module loads the shapes and turns the
report into readable :class:`Violation` rows.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF
from rdflib.term import Node

from . import paths, shacl
from .errors import InputError
from .namespaces import SH, bind_all
from .rdfio import load_files
from .shacl import DEFAULT_ENGINE

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
        except (ValueError, KeyError):  # what rdflib raises for an IRI it cannot abbreviate
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
    todo: list[Node] = [URIRef(s) for s in node_shapes]
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


# --------------------------------------------------------------------------- the check

def check_graph(graph: Graph, shapes: Graph | None = None, root: Path | str | None = None,
                use_shapes: list | None = None, engine: str = DEFAULT_ENGINE, lang: str = "en") -> CheckResult:
    """Validate `graph` against shapes/graph/ (or `shapes`) without inference.

    `use_shapes` limits the check to those node shapes (and the shapes they use).
    Results of severity sh:Violation make the graph fail; sh:Warning and sh:Info results are
    returned as warnings. The data graph is neither copied nor changed. `engine`: see
    :mod:`aiwork_kg.shacl` ("oxigraph-sparql", the default, or "pyshacl").
    """
    shapes = shapes if shapes is not None else load_graph_shapes(root=root)
    closure = shape_closure(shapes, use_shapes) if use_shapes else None
    report = shacl.validate(graph, shapes, engine=engine, advanced=True, use_shapes=closure)
    results = violations_from_report(report, shapes, lang)
    violations = [v for v in results if v.severity == "Violation"]
    warnings = [v for v in results if v.severity != "Violation"]
    report_node = report.value(None, RDF.type, SH.ValidationReport, any=True)
    if report_node is not None:
        report.set((report_node, SH.conforms, Literal(not violations and not warnings)))
    return CheckResult(conforms=not violations, violations=violations, warnings=warnings, report=report)
