"""Assemble the knowledge graph, check it against shapes/graph/, write a release.

``assemble_graph()`` merges ontology/aiwork.ttl, ontology/alignments.ttl and every
data/**/*.ttl (the curated links in data/links/ included; ontology/imports/ is not part
of the graph) without any check: it is what the embedded store loads when no release
exists. ``check_graph()`` validates a graph against the SHACL files in shapes/graph/
with pySHACL and returns the violations. ``build_release()`` does both and, when the graph
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

from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from . import paths
from .errors import AiworkError, InputError
from .graphcheck import GRAPH_SHAPES_DIR, CheckResult, Violation, check_graph, load_graph_shapes
from .namespaces import bind_all
from .rdfio import load_files

__all__ = [
    "assemble_graph", "graph_files", "check_graph", "load_graph_shapes", "build_release",
    "BuildResult", "CheckResult", "Violation", "GRAPH_SHAPES_DIR",
]

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


# --------------------------------------------------------------------------- building

@dataclass
class BuildResult:
    """The outcome of `build_release`: ok, where the release went, its files, counts and violations."""

    ok: bool
    out_dir: Path
    files: dict[str, Path] = field(default_factory=dict)
    counts: dict = field(default_factory=dict)
    violations: list[Violation] = field(default_factory=list)
    warnings: list[Violation] = field(default_factory=list)
    checked: bool = True
    graph: Graph | None = field(default=None, repr=False, compare=False)


def build_release(out_dir: Path | str | None = None, root: Path | str | None = None,
                  check: bool = True) -> BuildResult:
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
        written = release.write_release(graph, tmp, counts, parts=graph_files(root))
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

