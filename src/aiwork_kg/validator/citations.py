"""Citations and labels of the provisions and national text units the shapes name.

They come from the knowledge graph itself (``dcterms:bibliographicCitation`` of each unit in
data/, see docs/decisions/2026-11-23-iri-scheme-and-unit-model.md), loaded once per process.
A unit that is not (yet) in data/ is cited by its IRI path, so an explanation never breaks.
"""
from __future__ import annotations

import functools

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS

from ..paths import DATA_DIR

_BASE = "https://w3id.org/aiwork/"


@functools.lru_cache(maxsize=1)
def _citations() -> dict:
    from . import cache

    paths = sorted(DATA_DIR.rglob("*.ttl")) if DATA_DIR.is_dir() else []
    return cache.cached("citations", paths, lambda: _read_citations(paths),
                        encode=lambda value: {str(k): v for k, v in value.items()},
                        decode=lambda data: {URIRef(k): {str(lang): str(text) for lang, text in v.items()}
                                             for k, v in data.items()})


def _read_citations(paths) -> dict:
    """The citations in `paths`, read with Oxigraph's Turtle parser (a tenth of rdflib's time on
    data/, which matters when the disk cache is empty)."""
    import pyoxigraph as ox

    cited = str(DCTERMS.bibliographicCitation)
    out: dict = {}
    for path in paths:
        found: dict = {}
        try:
            for triple in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE):
                if triple.predicate.value == cited and isinstance(triple.subject, ox.NamedNode) \
                        and isinstance(triple.object, ox.Literal):
                    found.setdefault(URIRef(triple.subject.value), {})[triple.object.language or "en"] = \
                        triple.object.value
        except (SyntaxError, OSError, ValueError):  # another engineer's file mid-edit must not break verdicts
            continue
        for s, by_lang in found.items():
            out.setdefault(s, {}).update(by_lang)
    return out


def known_units() -> set:
    return set(_citations())


def citation(iri, lang: str = "en") -> str:
    by_lang = _citations().get(URIRef(str(iri)))
    if by_lang:
        return by_lang.get(lang) or by_lang.get("en") or next(iter(by_lang.values()))
    text = str(iri)
    return text[len(_BASE):] if text.startswith(_BASE) else text


UNNAMED = {"en": "an unnamed node", "da": "en unavngiven knude", "nl": "een naamloze knoop"}


def node_label(node, graph: Graph | None, closure, lang: str) -> str:
    """A label for a fact: the ontology's prefLabel in `lang`, the description's own label, or
    the local name."""
    if node is None:
        return ""
    lbl = closure.label(node, lang) if closure is not None else None
    if lbl:
        return lbl
    if graph is not None:
        best = None
        for p in (SKOS.prefLabel, RDFS.label):
            for o in graph.objects(node, p):
                if getattr(o, "language", None) == lang:
                    return str(o)
                best = best or str(o)
        if best:
            return best
        if not isinstance(node, URIRef):
            for t in graph.objects(node, RDF.type):
                lbl = closure.label(t, lang) if closure is not None else None
                if lbl:
                    return lbl
    if isinstance(node, BNode):  # no label, no labelled type: its generated id means nothing to a reader
        return UNNAMED.get(lang, UNNAMED["en"])
    if isinstance(node, Literal):
        value = node.toPython()
        if isinstance(value, bool):
            yes_no = {"en": ("yes", "no"), "da": ("ja", "nej"), "nl": ("ja", "nee")}.get(lang, ("yes", "no"))
            return yes_no[0 if value else 1]
        return str(node)
    text = str(node)
    for sep in ("#", "/"):
        if sep in text and not text.endswith(sep):
            return text.rsplit(sep, 1)[1]
    return text
