"""Assemble the knowledge graph, check it against shapes/graph/, write a release.

``assemble_graph()`` merges ontology/aiwork.ttl, ontology/alignments.ttl and every
data/**/*.ttl (the curated links in data/links/ included; ontology/imports/ is not part
of the graph) without any check: it is what the embedded store loads when no release
exists. ``check_graph()`` validates a graph against the SHACL files in shapes/graph/
with pySHACL and returns the violations. ``build()`` does both and, when the graph
passes, writes the release (Turtle, N-Triples, JSON-LD, a VoID/DCAT description and
MANIFEST.json, see :mod:`aiwork_kg.release`) into a temporary folder that is moved into
place only on success.

Nothing here prints or exits; the command line (aiwork_kg.cli.build) does that.
"""
from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF

from . import paths
from .errors import AiworkError, InputError
from .namespaces import SH, bind_all
from .rdfio import load_files

__all__ = [
    "assemble_graph", "graph_files", "check_graph", "load_graph_shapes", "build",
    "BuildResult", "CheckResult", "Violation", "GRAPH_SHAPES_DIR",
]

GRAPH_SHAPES_DIR = "shapes/graph"
DEFINED_IRI_SHAPE = URIRef("https://w3id.org/aiwork/shapes#Graph-DefinedIRI")


# --------------------------------------------------------------------------- assembling

def _root(root: Path | str | None) -> Path:
    return Path(root) if root is not None else paths.ROOT


def graph_files(root: Path | str | None = None) -> list[Path]:
    """The files that make up the graph, in load order: ontology, alignments, data (sorted).

    ``ontology/aiwork.ttl`` must exist; ``ontology/alignments.ttl`` and ``data/`` may be
    missing (an early checkout). ontology/imports/ is never part of the graph.
    """
    base = _root(root)
    ontology = base / "ontology" / "aiwork.ttl"
    if not ontology.is_file():
        raise InputError(str(ontology), "no such file: the ontology is required to assemble the graph")
    files = [ontology]
    alignments = base / "ontology" / "alignments.ttl"
    if alignments.is_file():
        files.append(alignments)
    data = base / "data"
    if data.is_dir():
        files.extend(sorted(p for p in data.rglob("*.ttl") if p.is_file()))
    return files


def assemble_graph(root: Path | str | None = None) -> Graph:
    """Merge ontology + alignments + data (links included) into one rdflib Graph, unchecked.

    A file that does not parse raises :class:`~aiwork_kg.errors.InputError` naming the file
    and the line.
    """
    return load_files(graph_files(root), graph=bind_all(Graph()))


# --------------------------------------------------------------------------- checking

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
    folder = Path(shapes_dir) if shapes_dir is not None else _root(root) / GRAPH_SHAPES_DIR
    files = sorted(folder.glob("*.ttl")) if folder.is_dir() else []
    if not files:
        # An installed wheel without a checkout: fall back to the packaged shapes.
        packaged = paths.SHAPES_DIR / "graph"
        files = sorted(packaged.glob("*.ttl"))
    if not files:
        raise InputError(str(folder), "no SHACL files (*.ttl) found for the graph check")
    return load_files(files, graph=bind_all(Graph()))


def _short(graph: Graph, node) -> str:
    if node is None:
        return ""
    if isinstance(node, URIRef):
        try:
            prefix, _, local = graph.compute_qname(node, generate=False)
        except Exception:
            return str(node)
        # only shorten where the qname is unambiguous and readable
        if prefix and local and "/" not in local:
            return f"{prefix}:{local}"
        return str(node)
    if isinstance(node, Literal):
        return node.n3()
    return node.n3()


def render_path(graph: Graph, path) -> str:
    """A SHACL property path as SPARQL property-path text (e.g. ``(dcterms:isPartOf|eli:is_part_of)+``)."""
    if path is None:
        return ""
    if isinstance(path, URIRef):
        return _short(graph, path)
    if (path, RDF.first, None) in graph:
        return "/".join(render_path(graph, p) for p in Collection(graph, path))
    for pred, fmt in ((SH.inversePath, "^{}"), (SH.zeroOrMorePath, "{}*"), (SH.oneOrMorePath, "{}+"),
                      (SH.zeroOrOnePath, "{}?")):
        inner = graph.value(path, pred)
        if inner is not None:
            text = render_path(graph, inner)
            if not isinstance(inner, URIRef):
                text = f"({text})" if not text.startswith("(") else text
            return fmt.format(text)
    alternatives = graph.value(path, SH.alternativePath)
    if alternatives is not None:
        return "(" + "|".join(render_path(graph, p) for p in Collection(graph, alternatives)) + ")"
    return path.n3()


def _template_regex(template: str):
    import re

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


def violations_from_report(report: Graph, names: Graph | None = None, shapes: Graph | None = None) -> list[Violation]:
    """Turn a pySHACL report graph into sorted Violation tuples (all severities)."""
    names = names if names is not None else report
    out = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        severity = report.value(result, SH.resultSeverity)
        path = report.value(result, SH.resultPath)
        shape = report.value(result, SH.sourceShape)
        component = report.value(result, SH.sourceConstraintComponent)
        value = report.value(result, SH.value)
        out.append(Violation(
            focus=_short(names, report.value(result, SH.focusNode)),
            shape=_short(names, shape) if isinstance(shape, URIRef) else "(anonymous shape)",
            path=render_path(report, path),
            message=_message(report, result, shapes),
            component=_short(names, component),
            severity=str(severity).rsplit("#", 1)[-1] if severity is not None else "Violation",
            value=_short(names, value) if value is not None else "",
        ))
    return sorted(set(out))


def check_graph(graph: Graph, shapes: Graph | None = None, root: Path | str | None = None,
                use_shapes: list | None = None) -> CheckResult:
    """Validate `graph` against shapes/graph/ with pySHACL (no inference, SHACL-AF targets on).

    Results of severity sh:Violation make the graph fail; sh:Warning and sh:Info results are
    returned as warnings. The data graph is not copied or changed (no inference, no rules).
    """
    import pyshacl

    shapes = shapes if shapes is not None else load_graph_shapes(root=root)
    conforms, report, _ = pyshacl.validate(
        graph, shacl_graph=shapes, inference="none", advanced=True, inplace=True,
        allow_warnings=True, allow_infos=True, use_shapes=use_shapes,
    )
    if not isinstance(report, Graph):  # pySHACL could not run the shapes (a broken shape)
        raise AiworkError(f"the graph shapes could not be run: {report}")
    names = bind_all(Graph())
    all_results = violations_from_report(report, names, shapes)
    violations = [v for v in all_results if v.severity == "Violation"]
    warnings = [v for v in all_results if v.severity != "Violation"]
    return CheckResult(conforms=not violations, violations=violations, warnings=warnings, report=report)


# --------------------------------------------------------------------------- building

@dataclass
class BuildResult:
    """The outcome of `build`: ok, where the release went, its files, counts and violations."""

    ok: bool
    out_dir: Path
    files: dict[str, Path] = field(default_factory=dict)
    counts: dict = field(default_factory=dict)
    violations: list[Violation] = field(default_factory=list)
    warnings: list[Violation] = field(default_factory=list)
    checked: bool = True
    graph: Graph | None = field(default=None, repr=False, compare=False)


def build(out_dir: Path | str | None = None, root: Path | str | None = None, check: bool = True) -> BuildResult:
    """Assemble the graph, check it against shapes/graph/ and write a release into `out_dir`.

    `out_dir` defaults to ./dist (aiwork_kg.paths.default_dist_dir()); `root` is the folder
    holding ontology/, data/ and shapes/ (default: the checkout or the installed package).
    With ``check=False`` the shapes are not run. If a check fails, nothing is written and
    ``ok`` is False; the violations say which node breaks which shape. Files are written to a
    temporary folder next to `out_dir` and moved into place only when everything succeeded.
    """
    from . import release

    out = Path(out_dir) if out_dir is not None else paths.default_dist_dir()
    graph = release.canonical_graph(assemble_graph(root))
    counts = release.compute_counts(graph)
    violations: list[Violation] = []
    warnings: list[Violation] = []
    if check:
        shapes = load_graph_shapes(root=root)
        checked = check_graph(graph, shapes)
        violations, warnings = checked.violations, checked.warnings
        if violations:
            return BuildResult(ok=False, out_dir=out, counts=counts, violations=violations,
                               warnings=warnings, checked=True, graph=graph)
    else:
        shapes = None

    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".aiwork-kg-build-", dir=out.parent))
    try:
        written = release.write_release(graph, tmp, counts)
        if check:
            # the VoID/DCAT description is part of the release: every project IRI it uses is
            # defined, in the description itself or in the graph it describes
            described = release.load_void(written["void"])
            described += graph.triples((None, RDF.type, None))
            void_check = check_graph(described, shapes, use_shapes=[DEFINED_IRI_SHAPE])
            if void_check.violations:
                return BuildResult(ok=False, out_dir=out, counts=counts,
                                   violations=void_check.violations, warnings=warnings + void_check.warnings,
                                   checked=True, graph=graph)
            warnings = warnings + void_check.warnings
        out.mkdir(parents=True, exist_ok=True)
        files = {}
        for key, path in written.items():
            target = out / path.name
            os.replace(path, target)
            files[key] = target
    except OSError as exc:
        raise AiworkError(f"{out}: cannot write the release: {exc}") from exc
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return BuildResult(ok=True, out_dir=out, files=files, counts=counts, violations=[],
                       warnings=warnings, checked=check, graph=graph)
