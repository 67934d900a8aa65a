"""Query results for the web pages: running a query in the server's query processes, turning the
answer into a :class:`~aiwork_kg.sparql.results.QueryResult` (the one result type of the
command line and the API), and showing it as a table with IRIs linked and labelled.

Queries run in the server's :class:`~aiwork_kg.server.workers.QueryPool`, the processes that
``/sparql`` uses, under the same time limit (a query over it is stopped) and result size limit.
Downloads are :meth:`QueryResult.serialize`, the serialiser of ``aiwork-kg query --format``, so
a CSV from the page is the CSV of the command line.
"""
from __future__ import annotations

import json
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from ..namespaces import BASE, bind_all
from ..sparql.results import QueryResult, short_term, term_from_json

#: how many rows (or triples) the HTML table shows; the downloads have them all
MAX_SHOWN = 500

#: download name -> (QueryResult.serialize format, media type, file suffix), by result kind
SOLUTION_DOWNLOADS = {
    "csv": ("csv", "text/csv", "csv"),
    "tsv": ("tsv", "text/tab-separated-values", "tsv"),
    "json": ("json", "application/sparql-results+json", "srj"),
    "xml": ("xml", "application/sparql-results+xml", "srx"),
}
GRAPH_DOWNLOADS = {
    "turtle": ("turtle", "text/turtle", "ttl"),
    "jsonld": ("json", "application/ld+json", "jsonld"),
    "nt": ("nt", "application/n-triples", "nt"),
    "rdfxml": ("xml", "application/rdf+xml", "rdf"),
}
DOWNLOAD_NAMES = {"csv": "CSV", "tsv": "TSV", "json": "JSON", "xml": "XML", "turtle": "Turtle",
                  "jsonld": "JSON-LD", "nt": "N-Triples", "rdfxml": "RDF/XML"}

LABEL_PREDICATES = ("http://www.w3.org/2004/02/skos/core#prefLabel", "http://www.w3.org/2000/01/rdf-schema#label",
                    "http://purl.org/dc/terms/title")


@dataclass
class Outcome:
    """What running a query gave: a result, or a status and message for the page."""

    status: str                      # "ok", "syntax", "timeout", "busy", "too-large", "error"
    result: QueryResult | None = None
    message: str = ""
    seconds: float = 0.0


class _ResultCache:
    """The last results of this process, by query text (the served release never changes while
    the server runs, so the same text gives the same answer). Bounded by count and by the size of
    the answers; only successful answers are kept."""

    def __init__(self, entries: int = 256, max_bytes: int = 32 * 1024 * 1024):
        self.entries, self.max_bytes = entries, max_bytes
        self._data: OrderedDict[str, tuple[QueryResult, float, int]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key: str) -> tuple[QueryResult, float] | None:
        with self._lock:
            found = self._data.get(key)
            if found is None:
                return None
            self._data.move_to_end(key)
            return found[0], found[1]

    def put(self, key: str, result: QueryResult, seconds: float, size: int) -> None:
        if size > self.max_bytes // 8:
            return
        with self._lock:
            if key in self._data:
                return
            self._data[key] = (result, seconds, size)
            self._bytes += size
            while len(self._data) > self.entries or self._bytes > self.max_bytes:
                _, (_, _, old) = self._data.popitem(last=False)
                self._bytes -= old


RESULTS = _ResultCache()


def run_in_pool(app: Any, text: str, source: str = "query") -> Outcome:
    """Run `text` (already checked and bound) in the server's query processes (or take the
    answer this process already had for the same text: see :class:`_ResultCache`)."""
    from ..server.workers import QueryRequest

    key = f"{getattr(app, 'release_dir', None)}\n{text}"
    cached = RESULTS.get(key)
    if cached is not None:
        result, seconds = cached
        return Outcome("ok", result, seconds=seconds)
    answer = app.pool.run(QueryRequest(text, ["application/sparql-results+json"], ["application/n-triples"],
                                       max_bytes=getattr(app, "max_result", None)))
    if answer.status != "ok":
        return Outcome(answer.status, message=answer.message, seconds=answer.seconds)
    if answer.kind == "triples":
        graph = bind_all(Graph())
        graph.parse(data=answer.body.decode("utf-8"), format="nt")
        result = QueryResult("construct", graph=graph, source=source)
    else:
        data = json.loads(answer.body)
        if "boolean" in data:
            result = QueryResult("ask", boolean=bool(data["boolean"]), source=source)
        else:
            variables = list(data["head"].get("vars", []))
            rows = [tuple(term_from_json(b[v]) if v in b else None for v in variables)
                    for b in data["results"]["bindings"]]
            result = QueryResult("select", variables, rows, source=source)
    RESULTS.put(key, result, answer.seconds, len(answer.body))
    return Outcome("ok", result, seconds=answer.seconds)


def download(result: QueryResult, name: str) -> tuple[str, str, str] | None:
    """(body, media type, file suffix) of `result` in the download format `name`, or None if
    that format does not fit the result's kind."""
    table = GRAPH_DOWNLOADS if result.kind == "construct" else SOLUTION_DOWNLOADS
    if name not in table:
        return None
    fmt, media, suffix = table[name]
    return result.serialize(fmt), media, suffix


def download_names(result: QueryResult) -> list[str]:
    return list(GRAPH_DOWNLOADS if result.kind == "construct" else SOLUTION_DOWNLOADS)


# -- the table ---------------------------------------------------------------------------------

@dataclass
class Cell:
    kind: str                 # "iri", "literal", "bnode", "none"
    text: str = ""
    href: str | None = None
    short: str = ""           # the IRI as a prefixed name (or <...>)
    lang: str | None = None
    datatype: str | None = None
    local: bool = False       # an IRI of the project, linked to its page on this server


@dataclass
class Table:
    variables: list[str]
    rows: list[list[Cell]] = field(default_factory=list)
    total: int = 0

    @property
    def cut(self) -> bool:
        return self.total > len(self.rows)


def local_path(iri: str) -> str | None:
    """The path of a project IRI on this server (``https://w3id.org/aiwork/x`` -> ``/x``)."""
    if iri.startswith(BASE) and len(iri) > len(BASE):
        return "/" + iri[len(BASE):]  # an ontology term keeps its fragment: /ontology#Term
    return None


def labels_for(store: Any, iris: set[str], lang: str) -> dict[str, str]:
    """The label of each IRI in `lang` (else English, else untagged, else any), from the store."""
    import pyoxigraph as ox

    out: dict[str, str] = {}
    for iri in iris:
        known = _LABELS.get((iri, lang))
        if known is not None:
            if known:
                out[iri] = known
            continue
        try:
            node = ox.NamedNode(iri)
        except ValueError:
            continue
        found: dict[str, str] = {}
        for predicate in LABEL_PREDICATES:
            for quad in store.quads_for_pattern(node, ox.NamedNode(predicate), None, None):
                obj = quad.object
                if isinstance(obj, ox.Literal):
                    found.setdefault((obj.language or "").lower(), obj.value)
            if lang in found:
                break
        label = found.get(lang) or found.get("en") or found.get("") or next(iter(found.values()), None)
        label = " ".join(label.split()) if label else ""
        if len(_LABELS) < 100_000:  # the labels of a read-only release: kept for the process
            _LABELS[(iri, lang)] = label
        if label:
            out[iri] = label
    return out


_LABELS: dict[tuple[str, str], str] = {}


def _cell(term: Node | None, labels: dict[str, str]) -> Cell:
    if term is None:
        return Cell("none")
    if isinstance(term, URIRef):
        iri = str(term)
        path = local_path(iri)
        short = short_term(term, width=200)
        return Cell("iri", labels.get(iri, short), href=path or iri, short=short, local=path is not None)
    if isinstance(term, BNode):
        return Cell("bnode", f"_:{term}")
    lit: Literal = term  # type: ignore[assignment]
    dt = str(lit.datatype) if lit.datatype is not None else None
    return Cell("literal", str(lit), lang=lit.language, datatype=short_term(URIRef(dt)) if dt else None)


def table(result: QueryResult, store: Any, lang: str, limit: int = MAX_SHOWN) -> Table:
    """The first `limit` rows of a SELECT result (or triples of a CONSTRUCT result) as cells."""
    if result.kind == "construct":
        triples = sorted(result.graph or Graph(), key=lambda t: tuple(str(x) for x in t))
        variables = ["subject", "predicate", "object"]
        rows: list[tuple] = [tuple(t) for t in triples]
    else:
        variables, rows = list(result.variables), list(result.rows)
    shown = rows[:limit]
    iris = {str(t) for row in shown for t in row if isinstance(t, URIRef)}
    labels = labels_for(store, iris, lang) if store is not None else {}
    return Table(variables, [[_cell(t, labels) for t in row] for row in shown], total=len(rows))
