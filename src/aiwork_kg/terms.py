"""The one bridge between rdflib and Oxigraph: terms both ways, and RDF into a store.

rdflib is the API the code works with; Oxigraph (pyoxigraph) is the engine that runs SPARQL
at native speed. Every conversion between the two goes through this module, so the rules are
written once: blank nodes keep their labels, ``xsd:string`` literals become plain literals in
rdflib, a language-tagged literal keeps its tag, and any other datatype is kept as written
(rdflib does not normalise the lexical form).

A new in-memory store is made here and nowhere else, one function per input:
:func:`store_from_graph` (an rdflib graph) and :func:`store_from_file` (an RDF file, parsed by
Oxigraph itself). :mod:`aiwork_kg.store` uses both for the embedded store of the release.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import overload

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD

from .errors import InputError

__all__ = ["to_ox", "from_ox", "store_from_graph", "store_from_file", "OxTerm", "RdflibTerm"]

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


@overload
def from_ox(term: None) -> None: ...
@overload
def from_ox(term: OxTerm | ox.Triple) -> RdflibTerm: ...
@overload
def from_ox(term: object) -> RdflibTerm | None: ...


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


def store_from_file(path: Path | str) -> ox.Store:
    """A new in-memory store loaded from one RDF file (format from its extension).

    A file that does not parse raises :class:`~aiwork_kg.errors.InputError` naming the file,
    the line and the column."""
    path = Path(path)
    fmt = ox.RdfFormat.from_extension(path.suffix.lstrip(".")) if path.suffix else None
    if fmt is None:
        raise InputError(str(path), "unknown RDF format: expected .nt, .ttl, .nq, .trig, .jsonld or .rdf")
    store = ox.Store()
    try:
        store.bulk_load(path=str(path), format=fmt)
    except SyntaxError as exc:
        line, column, message = _position(str(exc))
        raise InputError(str(path), message, line, column) from exc
    return store


def _position(message: str) -> tuple[int | None, int | None, str]:
    """Split Oxigraph's "error at L:C: message" (1-based) into its parts."""
    m = re.search(r"at line (\d+) between columns (\d+) and \d+:\s*(.*)", message, re.S) or \
        re.search(r"(?:error )?at (?:line )?(\d+):(\d+)[:,]?\s*(.*)", message, re.S)
    if m:
        return int(m.group(1)), int(m.group(2)), m.group(3).strip() or message
    return None, None, message
