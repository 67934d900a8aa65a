"""The ontology closure, computed once and mixed into each batch of descriptions.

pySHACL with RDFS inference recomputes the closure of the whole ontology for every data graph
(over a second a description, docs/decisions/2026-11-23-validator-design.md). The shapes only
need two things from the ontology: the classes of every node a description mentions (with all
their superclasses) and the peer terms the profile accepts as aliases. Both are computed here
once per process; :func:`saturate` adds the few triples a description needs (``rdf:type`` of
its nodes, closed under ``rdfs:subClassOf``; the project property for each alias property) in
one linear pass.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from ..namespaces import AIW
from ..paths import ONTOLOGY_DIR

ALIASES_FILE = Path(__file__).resolve().parent / "aliases.ttl"
SYSTEM_CLASSES = (AIW.AISystem, AIW.NonAISystem)


@dataclass
class Closure:
    """What the shapes need from the ontology, precomputed."""

    supers: dict[URIRef, frozenset[URIRef]] = field(default_factory=dict)
    individual_types: dict[URIRef, frozenset[URIRef]] = field(default_factory=dict)
    property_aliases: dict[URIRef, frozenset[URIRef]] = field(default_factory=dict)
    labels: dict[URIRef, dict[str, str]] = field(default_factory=dict)
    terms: frozenset[URIRef] = frozenset()

    def closed_types(self, types) -> set[URIRef]:
        out: set[URIRef] = set()
        for t in types:
            out |= self.supers.get(t, {t})
        return out

    def label(self, node, lang: str) -> str | None:
        by_lang = self.labels.get(node)
        if not by_lang:
            return None
        return by_lang.get(lang) or by_lang.get("en") or next(iter(by_lang.values()))

    def is_system_type(self, t) -> bool:
        return any(c in self.supers.get(t, ()) for c in SYSTEM_CLASSES) or t in SYSTEM_CLASSES


def ontology_graph() -> Graph:
    """The project ontology (+ alignments) as authored; through aiwork_kg.ontology when present."""
    return _ontology_graph()


@functools.lru_cache(maxsize=1)
def _ontology_graph() -> Graph:
    try:  # the ontology engineer's loader, if it exists
        from ..ontology import load_ontology

        g = load_ontology()
        if isinstance(g, Graph) and len(g):
            return g
    except Exception:  # noqa: BLE001 - fall back to the files themselves
        pass
    g = Graph()
    for name in ("aiwork.ttl", "alignments.ttl"):
        path = ONTOLOGY_DIR / name
        if path.is_file():
            g.parse(path, format="turtle")
    return g


def _transitive(edges: dict[URIRef, set[URIRef]]) -> dict[URIRef, frozenset[URIRef]]:
    out: dict[URIRef, frozenset[URIRef]] = {}

    def visit(node, stack):
        if node in out:
            return out[node]
        acc = {node}
        for parent in edges.get(node, ()):
            if parent in stack:
                acc.add(parent)
                continue
            acc |= visit(parent, stack | {node})
        out[node] = frozenset(acc)
        return out[node]

    for n in list(edges):
        visit(n, frozenset())
    return out


def compute_closure(ontology: Graph, aliases: Graph | None = None) -> Closure:
    """Subclass closure, closed types of named individuals, alias properties and labels."""
    g = Graph()
    g += ontology
    if aliases is not None:
        g += aliases
    sub: dict[URIRef, set[URIRef]] = {}

    def edge(a, b):
        if isinstance(a, URIRef) and isinstance(b, URIRef) and a != b:
            sub.setdefault(a, set()).add(b)
            sub.setdefault(b, set())

    for c in g.subjects(RDF.type, OWL.Class):
        if isinstance(c, URIRef):
            sub.setdefault(c, set())
    for a, b in g.subject_objects(RDFS.subClassOf):
        edge(a, b)
    for a, b in g.subject_objects(OWL.equivalentClass):
        edge(a, b)
        edge(b, a)
    supers = _transitive(sub)
    classes = set(supers)

    # named individuals: their stated classes, closed
    ind_types: dict[URIRef, set[URIRef]] = {}
    for s, t in g.subject_objects(RDF.type):
        if isinstance(s, URIRef) and isinstance(t, URIRef) and t in classes and s not in classes:
            ind_types.setdefault(s, set()).add(t)
    # aliases of individuals (owl:sameAs, skos:exactMatch, either direction) share their classes
    same: list[tuple[URIRef, URIRef]] = []
    for p in (OWL.sameAs, SKOS.exactMatch):
        for a, b in g.subject_objects(p):
            if isinstance(a, URIRef) and isinstance(b, URIRef):
                same += [(a, b), (b, a)]
    for a, b in same:
        if (b in ind_types and a not in ind_types) or (b in ind_types and not str(a).startswith(str(AIW))):
            # a peer term used as a value (VAIR puns its classes as individuals) gets our classes
            ind_types.setdefault(a, set()).update(ind_types[b])
        elif b in classes and a not in ind_types and str(b).startswith(str(AIW)) and not str(a).startswith(str(AIW)):
            # a peer class matched to one of ours: read it as ours
            supers = dict(supers)
            supers[a] = frozenset({a}) | supers[b]
    individual_types = {i: frozenset(set().union(*(supers.get(t, {t}) for t in ts))) for i, ts in ind_types.items()}

    props: dict[URIRef, set[URIRef]] = {}
    for p in (RDFS.subPropertyOf, OWL.equivalentProperty):
        for a, b in g.subject_objects(p):
            if isinstance(a, URIRef) and isinstance(b, URIRef) and str(b).startswith(str(AIW)) \
                    and not str(a).startswith(str(AIW)):
                props.setdefault(a, set()).add(b)
            if p == OWL.equivalentProperty and isinstance(a, URIRef) and isinstance(b, URIRef) \
                    and str(a).startswith(str(AIW)) and not str(b).startswith(str(AIW)):
                props.setdefault(b, set()).add(a)
    labels: dict[URIRef, dict[str, str]] = {}
    for s, lbl in g.subject_objects(SKOS.prefLabel):
        if isinstance(s, URIRef) and isinstance(lbl, Literal) and lbl.language:
            labels.setdefault(s, {})[lbl.language] = str(lbl)
    for s, lbl in g.subject_objects(RDFS.label):
        if isinstance(s, URIRef):
            labels.setdefault(s, {}).setdefault(getattr(lbl, "language", None) or "en", str(lbl))
    terms = frozenset(x for x in g.subjects() if isinstance(x, URIRef))
    return Closure(supers=supers, individual_types=individual_types,
                   property_aliases={k: frozenset(v) for k, v in props.items()},
                   labels=labels, terms=terms)


@functools.lru_cache(maxsize=1)
def default_closure() -> Closure:
    """The closure of ontology/aiwork.ttl + alignments.ttl + aliases.ttl (disk-cached)."""
    from . import cache

    def build() -> Closure:
        aliases = Graph().parse(ALIASES_FILE, format="turtle")
        return compute_closure(ontology_graph(), aliases)

    inputs = [ONTOLOGY_DIR / "aiwork.ttl", ONTOLOGY_DIR / "alignments.ttl", ALIASES_FILE]
    return cache.cached("closure", inputs, build, closure_to_data, closure_from_data)


def _iri(term) -> str:
    if not isinstance(term, URIRef):  # the closure holds IRIs only; anything else is not cached
        raise TypeError(f"not an IRI: {term!r}")
    return str(term)


def closure_to_data(closure: Closure) -> dict:
    """The closure as JSON data (IRIs as strings), for the disk cache (:mod:`.cache`)."""
    def sets(d):
        return {_iri(k): sorted(_iri(v) for v in vs) for k, vs in d.items()}

    return {"supers": sets(closure.supers), "individual_types": sets(closure.individual_types),
            "property_aliases": sets(closure.property_aliases),
            "labels": {_iri(k): dict(v) for k, v in closure.labels.items()},
            "terms": sorted(_iri(t) for t in closure.terms)}


def closure_from_data(data: dict) -> Closure:
    """The inverse of :func:`closure_to_data`."""
    def sets(d):
        return {URIRef(k): frozenset(URIRef(v) for v in vs) for k, vs in d.items()}

    return Closure(supers=sets(data["supers"]), individual_types=sets(data["individual_types"]),
                   property_aliases=sets(data["property_aliases"]),
                   labels={URIRef(k): {str(lang): str(text) for lang, text in v.items()}
                           for k, v in data["labels"].items()},
                   terms=frozenset(URIRef(t) for t in data["terms"]))


def saturate(graph: Graph, closure: Closure | None = None) -> Graph:
    """Mix the needed part of the ontology closure into `graph` (in place) and return it.

    Adds the project property beside each alias property, and to every node the classes it has
    (stated, or from the ontology for a named individual) closed under rdfs:subClassOf."""
    closure = closure or default_closure()
    add = graph.add
    if closure.property_aliases:
        for p, targets in closure.property_aliases.items():
            for s, o in list(graph.subject_objects(p)):
                for q in targets:
                    add((s, q, o))
    stated: dict = {}
    for s, t in graph.subject_objects(RDF.type):
        stated.setdefault(s, set()).add(t)
    nodes = set(stated)
    for o in graph.objects():
        if isinstance(o, (URIRef, BNode)):
            nodes.add(o)
    supers, ind = closure.supers, closure.individual_types
    for n in nodes:
        have = stated.get(n, set())
        want: set = set()
        for t in have:
            want |= supers.get(t, frozenset())  # a class the ontology does not know adds nothing
        if n in ind:
            want |= ind[n]
        for t in want - have:
            add((n, RDF.type, t))
    return graph
