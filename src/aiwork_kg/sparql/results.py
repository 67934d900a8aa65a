"""Query results: :class:`QueryResult`, the same for every engine, and its formats.

A SELECT result serialises as a table for people or in the W3C SPARQL 1.1 results formats
(csv, tsv, json, xml: FORMATS); a CONSTRUCT or DESCRIBE result as Turtle, N-Triples, JSON-LD,
RDF/XML or its triples as rows (GRAPH_FORMATS). The W3C formats other than JSON are written by
Oxigraph's serialiser from the JSON form.
"""
from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, cast

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD
from rdflib.term import Node

from ..errors import QueryError
from ..namespaces import bind_all
from .params import PARAM_PREFIXES

__all__ = ["FORMATS", "GRAPH_FORMATS", "QueryResult", "term_json", "term_from_json", "term_key",
           "short_term"]

FORMATS = ("table", "csv", "tsv", "json", "xml")
GRAPH_FORMATS = ("table", "turtle", "nt", "json", "xml", "csv", "tsv")

_XSD_STRING = str(XSD.string)
_RDF_LANGSTRING = str(RDF.langString)


def term_from_json(b: Mapping[str, Any]) -> Node:
    """One W3C SPARQL 1.1 JSON results binding as an rdflib term (the inverse of term_json)."""
    t = b.get("type")
    if t == "uri":
        return URIRef(b["value"])
    if t == "bnode":
        return BNode(b["value"])
    if t in ("literal", "typed-literal"):
        lang = b.get("xml:lang")
        if lang:
            return Literal(b["value"], lang=lang)
        dt = b.get("datatype")
        if dt and dt not in (_XSD_STRING, _RDF_LANGSTRING):
            return Literal(b["value"], datatype=URIRef(dt), normalize=False)
        return Literal(b["value"])
    return Literal(str(b.get("value", "")))


def term_json(term: Node) -> dict[str, str]:
    """One RDF term as a W3C SPARQL 1.1 JSON results binding."""
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    out = {"type": "literal", "value": str(term)}
    if isinstance(term, Literal):
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype is not None and str(term.datatype) != _XSD_STRING:
            out["datatype"] = str(term.datatype)
    return out


def short_term(term: Node | None, width: int = 70) -> str:
    """A term as a table cell: a prefixed name where a project prefix fits, cut to `width`."""
    if term is None:
        return ""
    if isinstance(term, URIRef):
        iri = str(term)
        best = max(((p, ns) for p, ns in PARAM_PREFIXES.items() if iri.startswith(ns)),
                   key=lambda x: len(x[1]), default=None)
        local = iri[len(best[1]):] if best else ""
        text = f"{best[0]}:{local}" if best and re.fullmatch(r"[\w./%-]*", local) else f"<{iri}>"
    elif isinstance(term, BNode):
        text = f"_:{term}"
    else:
        text = " ".join(str(term).split())
        language = cast(Literal, term).language
        if language:
            text += f" @{language}"
    return text if len(text) <= width else text[: width - 1] + "…"


@dataclass
class QueryResult:
    """What a query returned, the same for the embedded store and a remote endpoint.

    ``kind`` is "select", "ask" or "construct" (DESCRIBE too); a SELECT has ``variables`` and
    ``rows`` (tuples of rdflib terms, None where unbound); an ASK has ``boolean``; a
    CONSTRUCT has ``graph`` (an rdflib Graph)."""

    kind: str
    variables: list[str] = field(default_factory=list)
    rows: list[tuple] = field(default_factory=list)
    boolean: bool | None = None
    graph: Graph | None = None
    ordered: bool = False
    truncated: bool = False
    source: str = "query"
    endpoint: str | None = None

    def __len__(self) -> int:
        if self.kind == "select":
            return len(self.rows)
        if self.kind == "construct":
            return len(self.graph) if self.graph is not None else 0
        return int(bool(self.boolean))

    def bindings(self) -> list[dict[str, Node]]:
        return [{v: t for v, t in zip(self.variables, row, strict=True) if t is not None} for row in self.rows]

    def to_json(self) -> dict[str, Any]:
        """W3C SPARQL 1.1 Query Results JSON (for CONSTRUCT: {"triples": count})."""
        if self.kind == "ask":
            return {"head": {}, "boolean": bool(self.boolean)}
        if self.kind == "construct":
            return {"triples": len(self)}
        return {"head": {"vars": list(self.variables)},
                "results": {"bindings": [{v: term_json(t) for v, t in b.items()} for b in self.bindings()]}}

    def to_python(self) -> Any:
        """Rows as dicts of Python values (IRIs as str), a bool for ASK, triples for CONSTRUCT."""
        def py(t: Node) -> Any:
            if isinstance(t, Literal):
                v = t.toPython()
                return str(t) if isinstance(v, Literal) else v
            return str(t)
        if self.kind == "ask":
            return bool(self.boolean)
        if self.kind == "construct":
            return [tuple(py(x) for x in triple) for triple in (self.graph or Graph())]
        return [{v: py(t) for v, t in b.items()} for b in self.bindings()]

    def serialize(self, fmt: str = "table") -> str:
        """table (for people), or the W3C formats csv, tsv, json, xml.

        A CONSTRUCT result serialises as Turtle (table, turtle), N-Triples (nt), JSON-LD (json),
        RDF/XML (xml), or its triples as s,p,o rows (csv, tsv)."""
        fmt = fmt.lower()
        if self.kind == "construct":
            return self._serialize_graph(fmt)
        if fmt == "table":
            return self._table()
        if fmt == "json":
            return json.dumps(self.to_json(), ensure_ascii=False, indent=1) + "\n"
        if fmt not in FORMATS:
            raise QueryError(f"unknown format {fmt!r}: expected one of {', '.join(FORMATS)}")
        if self.kind == "ask" and fmt in ("csv", "tsv"):
            return ("true" if self.boolean else "false") + "\n"
        parsed = ox.parse_query_results(json.dumps(self.to_json()), format=ox.QueryResultsFormat.JSON)
        target = {"csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV,
                  "xml": ox.QueryResultsFormat.XML}[fmt]
        return cast(bytes, parsed.serialize(format=target)).decode("utf-8")  # bytes without output=

    def _serialize_graph(self, fmt: str) -> str:
        graph = bind_all(Graph())
        for t in self.graph or Graph():
            graph.add(t)
        if fmt in ("table", "turtle", "ttl"):
            return graph.serialize(format="turtle")
        if fmt in ("nt", "ntriples"):
            return graph.serialize(format="nt")
        if fmt == "json":
            return graph.serialize(format="json-ld")
        if fmt == "xml":
            return graph.serialize(format="xml")
        if fmt in ("csv", "tsv"):
            rows = sorted(graph, key=lambda t: tuple(str(x) for x in t))
            return QueryResult("select", ["subject", "predicate", "object"], [tuple(r) for r in rows]
                               ).serialize(fmt)
        raise QueryError(f"unknown format {fmt!r} for a graph: expected one of {', '.join(GRAPH_FORMATS)}")

    def _table(self) -> str:
        if self.kind == "ask":
            return ("true" if self.boolean else "false") + "\n"
        cells = [[short_term(t) for t in row] for row in self.rows]
        widths = [max([len(v)] + [len(r[i]) for r in cells]) for i, v in enumerate(self.variables)]
        line = lambda vals: " | ".join(v.ljust(w) for v, w in zip(vals, widths, strict=True)).rstrip()  # noqa: E731

        out = [line(self.variables), "-+-".join("-" * w for w in widths)]
        out += [line(r) for r in cells]
        n = len(self.rows)
        out.append(f"({n} row{'s' if n != 1 else ''}{', truncated by --limit' if self.truncated else ''})")
        return "\n".join(out) + "\n"


def term_key(term: Node | None) -> tuple:
    """A term as a tuple that identifies it the way results are compared: IRIs and literals
    exactly (value, language in lower case, datatype other than xsd:string), blank nodes by
    kind only, None (unbound) as ("unbound",)."""
    if term is None:
        return ("unbound",)
    if isinstance(term, URIRef):
        return ("uri", str(term))
    if isinstance(term, BNode):
        return ("bnode",)
    lit = cast(Literal, term)
    dt = None if lit.language or lit.datatype is None or str(lit.datatype) == _XSD_STRING \
        else str(lit.datatype)
    return ("literal", str(lit), (lit.language or "").lower() or None, dt)
