"""The one bridge between rdflib and Oxigraph: terms both ways, and a graph into a store.

rdflib is the API the code works with; Oxigraph (pyoxigraph) is the engine that runs SPARQL
at native speed. Every conversion between the two goes through this module, so the rules are
written once: blank nodes keep their labels, ``xsd:string`` literals become plain literals in
rdflib, a language-tagged literal keeps its tag, and any other datatype is kept as written
(rdflib does not normalise the lexical form).
"""
from __future__ import annotations

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD

__all__ = ["to_ox", "from_ox", "store_from_graph", "OxTerm", "RdflibTerm"]

XSD_STRING = str(XSD.string)

OxTerm = ox.NamedNode | ox.BlankNode | ox.Literal
RdflibTerm = URIRef | BNode | Literal


def to_ox(term: RdflibTerm) -> OxTerm:
    """The Oxigraph form of an rdflib term.

    Raises ValueError for a term Oxigraph refuses (for example an IRI with a space) and
    TypeError for something that is not an RDF term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None and str(term.datatype) != XSD_STRING:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"not an RDF term: {term!r}")


def from_ox(term: object) -> RdflibTerm | None:
    """The rdflib form of an Oxigraph term (None stays None: an unbound variable)."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype == XSD_STRING:
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(datatype), normalize=False)
    return Literal(str(term))  # RDF 1.2 triple terms: shown as text


def store_from_graph(graph: Graph, store: ox.Store | None = None) -> ox.Store:
    """An in-memory Oxigraph store (or `store`) holding the triples of `graph` in its default
    graph; blank nodes keep their labels, so results can be mapped back to `graph`."""
    store = store if store is not None else ox.Store()
    default = ox.DefaultGraph()
    store.bulk_extend(ox.Quad(to_ox(s), to_ox(p), to_ox(o), default) for s, p, o in graph)  # type: ignore[arg-type]
    return store
