"""A small deterministic Turtle writer.

rdflib's Turtle serialiser does not promise a stable order, so ingest writes its own: only the
prefixes that are used (sorted), subjects sorted by IRI, ``rdf:type`` first and the other
predicates sorted, objects sorted; one ``subject predicate object`` group per subject, no blank
nodes, no timestamps. The same graph always gives the same bytes.
"""
from __future__ import annotations

import re

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

from ..namespaces import PREFIXES

_LOCAL_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_\-]*$")
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(text: str) -> str:
    return "".join(_ESCAPES.get(c, c) for c in text)


class _Namer:
    def __init__(self, prefixes: dict[str, str]):
        # longest namespace first, so "eu-aiact:" wins over a shorter one that also matches
        self.prefixes = sorted(prefixes.items(), key=lambda kv: (-len(kv[1]), kv[0]))
        self.used: set[str] = set()

    def iri(self, iri: URIRef) -> str:
        s = str(iri)
        for prefix, ns in self.prefixes:
            if s.startswith(ns):
                local = s[len(ns):]
                if local and _LOCAL_RE.match(local) and not local.endswith("-"):
                    self.used.add(prefix)
                    return f"{prefix}:{local}"
        if any(c in s for c in '<>"{}|^`\\ '):
            raise ValueError(f"IRI cannot be written in Turtle: {s!r}")
        return f"<{s}>"

    def term(self, term) -> str:
        if isinstance(term, URIRef):
            return self.iri(term)
        if isinstance(term, BNode):
            raise ValueError("ingest output must not contain blank nodes")
        if isinstance(term, Literal):
            if term.datatype == XSD.integer:
                return str(int(term))
            if term.datatype == XSD.boolean:
                return "true" if term.toPython() else "false"
            body = f'"{_escape(str(term))}"'
            if term.language:
                return f"{body}@{term.language}"
            if term.datatype and term.datatype != XSD.string:
                return f"{body}^^{self.iri(term.datatype)}"
            return body
        raise TypeError(f"unexpected RDF term {term!r}")


def _sort_key(term) -> tuple:
    if isinstance(term, URIRef):
        return (0, str(term), "", "")
    if isinstance(term, Literal):
        return (1, str(term), term.language or "", str(term.datatype or ""))
    return (2, str(term), "", "")


def serialize(graph: Graph, prefixes: dict[str, str] | None = None, header: str | None = None) -> str:
    """The graph as deterministic Turtle text."""
    namer = _Namer(prefixes or PREFIXES)
    blocks: list[str] = []
    subjects = sorted(set(graph.subjects()), key=_sort_key)
    for s in subjects:
        if isinstance(s, BNode):
            raise ValueError("ingest output must not contain blank nodes")
        if not isinstance(s, URIRef):
            raise ValueError(f"ingest output must have IRIs as subjects, not {s!r}")
        preds = sorted(set(graph.predicates(s)),
                       key=lambda p: (p != RDF.type, str(p)))
        lines = []
        for p in preds:
            if not isinstance(p, URIRef):
                raise ValueError(f"ingest output must have IRIs as predicates, not {p!r}")
            objs = sorted(graph.objects(s, p), key=_sort_key)
            pname = "a" if p == RDF.type else namer.iri(p)
            rendered = [namer.term(o) for o in objs]
            if sum(len(r) for r in rendered) > 80 and len(rendered) > 1:
                joined = (" ,\n" + " " * 8).join(rendered)
            else:
                joined = " , ".join(rendered)
            lines.append(f"    {pname} {joined}")
        blocks.append(namer.iri(s) + "\n" + " ;\n".join(lines) + " .\n")
    head: list[str] = []

    if header:
        head.extend("# " + h if h else "#" for h in header.splitlines())
        head.append("")
    all_prefixes = dict(prefixes or PREFIXES)
    for prefix in sorted(namer.used):
        head.append(f"@prefix {prefix}: <{all_prefixes[prefix]}> .")
    head.append("")
    return "\n".join(head) + "\n" + "\n".join(blocks)
