"""An rdflib graph as JSON data and back, for the disk cache (:mod:`.cache`: data only, no pickle).

Terms are written in N-Triples form; the whole graph is one list of [s, p, o] strings.
Reading it back adds the terms directly (no parser), which is several times faster than parsing
the Turtle files the graph was built from."""
from __future__ import annotations

from rdflib import BNode, Graph, Literal, URIRef


def _term(t) -> str:
    if isinstance(t, URIRef):
        return "<" + str(t)
    if isinstance(t, BNode):
        return "_" + str(t)
    if isinstance(t, Literal):
        if t.language:
            return "@" + t.language + "|" + str(t)
        if t.datatype is not None:
            return "^" + str(t.datatype) + "|" + str(t)
        return '"' + str(t)
    raise TypeError(f"not an RDF term: {t!r}")


def _from(text: str):
    kind, rest = text[0], text[1:]
    if kind == "<":
        return URIRef(rest)
    if kind == "_":
        return BNode(rest)
    if kind == '"':
        return Literal(rest)
    tag, _, lexical = rest.partition("|")
    if kind == "@":
        return Literal(lexical, lang=tag)
    if kind == "^":
        return Literal(lexical, datatype=URIRef(tag), normalize=False)
    raise ValueError(f"not a term: {text[:40]!r}")


def graph_to_data(graph: Graph) -> dict:
    return {"namespaces": [[p, str(n)] for p, n in graph.namespaces()],
            "triples": [[_term(s), _term(p), _term(o)] for s, p, o in graph]}


def graph_from_data(data: dict) -> Graph:
    g = Graph()
    for prefix, ns in data["namespaces"]:
        g.bind(prefix, ns, override=True)
    add = g.add
    for s, p, o in data["triples"]:
        add((_from(s), _from(p), _from(o)))
    return g
