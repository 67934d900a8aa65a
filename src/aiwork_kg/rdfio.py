"""Load any RDF input (path, '-', bytes, str, Graph) through one function.

Errors become :class:`~aiwork_kg.errors.InputError` naming the file and the line.
Nothing here ever reaches the network: JSON-LD contexts are resolved from copies
shipped in the package (see :mod:`aiwork_kg.jsonld`), remote ones are refused; RDF/XML with a
document type declaration (DTD, entities, external entities) is refused before it is parsed
(see :mod:`aiwork_kg.safexml`).
"""
from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import IO

from rdflib import Graph, URIRef
from rdflib.plugins.parsers.notation3 import BadSyntax

from .errors import InputError, UnknownFormatError
from .namespaces import bind_all

Source = str | Path | bytes | Graph | IO[bytes]

SUFFIX_FORMATS = {
    ".ttl": "turtle",
    ".turtle": "turtle",
    ".nt": "nt",
    ".ntriples": "nt",
    ".n3": "n3",
    ".nq": "nquads",
    ".trig": "trig",
    ".jsonld": "json-ld",
    ".json": "json-ld",
    ".rdf": "xml",
    ".owl": "xml",
    ".xml": "xml",
}
FORMAT_ALIASES = {
    "ttl": "turtle", "turtle": "turtle", "nt": "nt", "ntriples": "nt", "n-triples": "nt",
    "n3": "n3", "nquads": "nquads", "trig": "trig", "jsonld": "json-ld", "json-ld": "json-ld",
    "xml": "xml", "rdfxml": "xml", "rdf/xml": "xml",
}


def guess_format(name: str, data: bytes | None = None) -> str:
    """The rdflib parser name for a file name, falling back to sniffing its content."""
    suffix = Path(name).suffix.lower()
    if suffix in SUFFIX_FORMATS:
        return SUFFIX_FORMATS[suffix]
    if data is not None:
        head = data.lstrip()[:200]
        if head.startswith((b"{", b"[")):
            return "json-ld"
        if head.startswith(b"<?xml") or b"<rdf:RDF" in head:
            return "xml"
        if head.startswith((b"@prefix", b"PREFIX", b"@base", b"BASE", b"<", b"#", b"_:")):
            return "turtle"
    raise UnknownFormatError(name, "unknown RDF format: expected a file ending in "
                             + ", ".join(sorted(SUFFIX_FORMATS)) + " or recognisable content")


def _read(source: str | Path | bytes | IO[bytes]) -> tuple[str, bytes]:
    if isinstance(source, bytes):
        return "<bytes>", source
    if not isinstance(source, (str, Path)):  # a binary stream
        return getattr(source, "name", "<stream>"), source.read()
    if str(source) == "-":
        return "-", sys.stdin.buffer.read()
    path = Path(source)
    if not path.exists():
        raise InputError(str(path), "no such file")
    if path.is_dir():
        raise InputError(str(path), "is a folder, expected an RDF file")
    return str(path), path.read_bytes()


def parse_bytes(data: bytes, name: str, fmt: str | None = None, graph: Graph | None = None) -> Graph:
    """Parse `data` (named `name` in errors) into `graph` (a new one by default)."""
    fmt = FORMAT_ALIASES.get(fmt.lower(), fmt) if fmt else guess_format(name, data)
    graph = graph if graph is not None else bind_all(Graph())
    # into a non-empty graph (load_files): parse into a graph of its own that shares the target's
    # prefixes, so that check_iris reads this input's triples only, then add them
    own = graph if len(graph) == 0 else Graph(namespace_manager=graph.namespace_manager)
    try:
        if fmt == "json-ld":
            from .jsonld import parse_jsonld

            parse_jsonld(data, name, own)
        else:
            if fmt in ("xml", "trix"):
                from .safexml import refuse_dtd

                refuse_dtd(data, name)
            own.parse(data=data, format=fmt)
    except InputError:
        raise
    except BadSyntax as exc:
        # rdflib counts lines from 0 and may point past the end at end of input
        last_line = data.count(b"\n") + (0 if data.endswith(b"\n") else 1)
        line = min(exc.lines + 1, max(last_line, 1))
        raise InputError(name, f"{fmt} syntax error: {exc._why}", line=line) from exc
    except Exception as exc:  # rdflib raises many types; keep the message, find the line
        where = getattr(exc, "lineno", None) or getattr(exc, "line", None)
        if where is None and hasattr(exc, "getLineNumber"):
            where = exc.getLineNumber()  # xml.sax SAXParseException
        raise InputError(name, f"{fmt} syntax error: {exc}", line=where if isinstance(where, int) else None) from exc
    check_iris(own, data, name)
    if own is not graph:
        graph += own
    return graph


# characters an IRI may not hold (RFC 3987: controls, space, <>"{}|^`\); rdflib lets them through
_BAD_IRI = re.compile(r'[\x00-\x20\x7f-\x9f<>"{}|^`\\]')


def check_iris(graph: Graph, data: bytes, name: str) -> None:
    """Raise InputError for the first IRI with a control character, a space or another character
    IRIs may not hold; the line is that of the first such character in the input, when found."""
    seen: set = set()
    for triple in graph:
        for term in triple:
            if not isinstance(term, URIRef) or term in seen:
                continue
            seen.add(term)
            bad = _BAD_IRI.search(term)
            if bad:
                char = bad.group()
                at = data.find(char.encode("utf-8")) if char not in ' "<>' else -1
                line = data.count(b"\n", 0, at) + 1 if at >= 0 else None
                raise InputError(name, f"the IRI {str(term)!r} holds the character {char!r} (U+{ord(char):04X}), "
                                       "which IRIs may not hold", line=line)


def load_graph(source: Source, fmt: str | None = None, graph: Graph | None = None) -> Graph:
    """Load `source` into an rdflib Graph; `fmt` overrides the guess from the name."""
    if isinstance(source, Graph):
        if graph is None:
            return source
        graph += source
        return graph
    name, data = _read(source)
    return parse_bytes(data, name, fmt, graph)


def load_files(paths, graph: Graph | None = None) -> Graph:
    """Load many RDF files into one graph (in the order given)."""
    graph = graph if graph is not None else bind_all(Graph())
    for path in paths:
        load_graph(path, graph=graph)
    return graph
