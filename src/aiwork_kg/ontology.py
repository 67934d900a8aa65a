"""The project ontology: where its files are, loading it with rdflib, and checking it with OWL.

``ontology/aiwork.ttl`` (authored) and ``ontology/alignments.ttl`` (mappings to DPV, AIRO, VAIR and
ELI) are *the ontology*; ``ontology/imports/*_import.ttl`` are extracts of the reused vocabularies
(see ontology/imports/README.md). Nothing is fetched: there are no ``owl:imports`` to follow.

* :func:`load_ontology` returns an rdflib graph (a fresh copy of a parsed graph cached per file
  state, so callers may change what they get);
* :func:`owl_world` loads the ontology, optionally its imports and extra graphs (system
  descriptions) into a fresh owlready2 ``World``;
* :func:`check_consistency` runs HermiT on that world and returns a :class:`ConsistencyReport`
  (consistent or not, unsatisfiable classes).

HermiT knows no ``xsd:date`` (it is not in the OWL 2 datatype map). The ontology uses dates for
the dates of application (Art. 113) and descriptions state dates of use, so HermiT is always run
with ``ignore_unsupported_datatypes``: dates are compared by SHACL and SPARQL, not by the reasoner.
"""
from __future__ import annotations

import io
import subprocess
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF

from .errors import AiworkError
from .namespaces import AIW, bind_all
from .paths import IMPORTS_DIR, ONTOLOGY_DIR

ONTOLOGY_IRI = URIRef("https://w3id.org/aiwork/ontology")
OWL_TERM_TYPES = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty,
              OWL.NamedIndividual)


class OntologyError(AiworkError):
    """An ontology file is missing or does not parse, or the reasoner could not run."""


@dataclass
class ConsistencyReport:
    """What HermiT found about the ontology (and whatever was loaded with it)."""

    consistent: bool
    unsatisfiable: list[str] = field(default_factory=list)  # IRIs of classes equivalent to owl:Nothing
    files: list[Path] = field(default_factory=list)
    triples: int = 0
    seconds: float = 0.0
    message: str = ""

    @property
    def ok(self) -> bool:
        return self.consistent and not self.unsatisfiable


def ontology_paths() -> list[Path]:
    """The ontology's own files: aiwork.ttl and alignments.ttl."""
    return [ONTOLOGY_DIR / "aiwork.ttl", ONTOLOGY_DIR / "alignments.ttl"]


def import_paths() -> list[Path]:
    """The extracts of the reused vocabularies (DPV, AIRO, VAIR, ELI), sorted by name."""
    return sorted(IMPORTS_DIR.glob("*_import.ttl"))


def _parse(path: Path, graph: Graph) -> None:
    if not path.is_file():
        raise OntologyError(f"{path}: ontology file not found")
    try:
        graph.parse(path, format="turtle")
    except Exception as e:  # rdflib raises several exception types for bad Turtle
        raise OntologyError(f"{path}: does not parse as Turtle: {e}") from e


@lru_cache(maxsize=4)
def _cached(paths: tuple[Path, ...], stamps: tuple[float, ...]) -> Graph:
    """The files in `paths` parsed into one graph; `stamps` (their modification times) is not
    read here but is part of the cache key, so an edited file is parsed again."""
    graph = bind_all(Graph())
    for path in paths:
        _parse(path, graph)
    graph.remove((None, OWL.imports, None))  # never followed; keep the graph self-contained
    return graph


def _stamp(path: Path) -> float:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return -1.0


def load_ontology(with_imports: bool = False) -> Graph:
    """The ontology (aiwork.ttl + alignments.ttl) as an rdflib graph, with the import extracts
    when ``with_imports``. Parsed once per state of the files; each call returns a copy."""
    paths = tuple(ontology_paths() + (import_paths() if with_imports else []))
    cached = _cached(paths, tuple(_stamp(p) for p in paths))
    copy = bind_all(Graph())
    for triple in cached:
        copy.add(triple)
    return copy


def terms(graph: Graph | None = None) -> list[URIRef]:
    """The IRIs of the terms aiwork.ttl defines in the aiw: namespace, sorted."""
    if graph is None:
        graph = Graph()
        _parse(ontology_paths()[0], graph)
    found = {s for t in OWL_TERM_TYPES for s in graph.subjects(RDF.type, t)
             if isinstance(s, URIRef) and str(s).startswith(str(AIW))}
    return sorted(found, key=str)


def _merged(with_imports: bool, extra: Iterable[Graph]) -> Graph:
    graph = load_ontology(with_imports=with_imports)
    for g in extra:
        for triple in g:
            graph.add(triple)
    graph.remove((None, OWL.imports, None))
    return graph


def _world_of(graph: Graph):
    import owlready2

    world = owlready2.World()
    onto = world.get_ontology(str(ONTOLOGY_IRI) + "/merged#")
    onto.load(fileobj=io.BytesIO(graph.serialize(format="nt", encoding="utf-8")), format="ntriples")
    return world, onto


def owl_world(with_imports: bool = True, extra: Iterable[Graph] = ()):
    """A fresh owlready2 World holding the ontology (and its imports, and the ``extra`` graphs).

    Returns ``(world, ontology)``; the ontology object is the one everything was loaded into,
    use it as the context of ``owlready2.sync_reasoner_hermit(world, ...)``."""
    return _world_of(_merged(with_imports, extra))


def check_consistency(with_imports: bool = True, extra: Iterable[Graph] = ()) -> ConsistencyReport:
    """Run HermiT over the ontology (+ imports + ``extra``): consistent? which classes unsatisfiable?"""
    import owlready2

    files = ontology_paths() + (import_paths() if with_imports else [])
    graph = _merged(with_imports, extra)
    triples = len(graph)
    world, onto = _world_of(graph)
    start = time.perf_counter()
    try:
        with onto:
            owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0,
                                           ignore_unsupported_datatypes=True)
    except owlready2.OwlReadyInconsistentOntologyError:
        return ConsistencyReport(False, [], files, triples, time.perf_counter() - start,
                                 "the ontology is inconsistent")
    except (OSError, subprocess.CalledProcessError) as e:
        raise OntologyError(f"the reasoner (HermiT, Java) could not run: {e}") from e
    seconds = time.perf_counter() - start
    nothing = "http://www.w3.org/2002/07/owl#Nothing"
    unsat = sorted(c.iri for c in world.inconsistent_classes() if c.iri != nothing)
    return ConsistencyReport(True, unsat, files, triples, seconds,
                             "consistent" if not unsat else f"{len(unsat)} unsatisfiable classes")
