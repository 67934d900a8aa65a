"""Query parameters: reading a value as an RDF term, and binding terms with a verified VALUES block.

``params`` maps a variable name (without ``?``) to a value: an rdflib term, a Python
``str``/``int``/``bool``/``datetime.date``, or text in the syntax of ``--param name=value``:

=========================================  ===============================================
``<https://w3id.org/aiwork/...>``           an IRI
``aiw:Provision``, ``eli:cites``            an IRI written with a project prefix
``concept:igloo-level/group``, ``doc:...``  an IRI in the project's own spaces (doc, provision,
                                           concept, agent, link, source, dataset)
``"Stk. 2"@da``                             a language-tagged string (Turtle escapes allowed)
``"2025-02-02"^^xsd:date``, ``"5"^^<...>``  a typed literal
``2025-02-02``                              an ``xsd:date``
``42``                                      an ``xsd:integer``
anything else                               a plain string, verbatim
=========================================  ===============================================

A library query declares its parameters and their types in its ``#+ params:`` header; a
declared type decides how the text is read (``date=2025-02-02`` becomes an ``xsd:date``, a
``string`` param takes the text verbatim, an ``iri`` param also accepts a bare absolute IRI).

Binding never pastes the value into the query text. The value is first made an RDF term; the
term is serialised in canonical N-Triples form (Oxigraph's serialiser, which escapes quotes,
backslashes and control characters), and a ``VALUES (?var ...) { (term ...) }`` block made of
those serialisations is inserted at the start of the query's WHERE group, found with the
tokenizer of :mod:`aiwork_kg.sparql.lexer`, which skips strings, IRIs and comments (a WHERE group
that is a sub-select is wrapped in braces first). Before use the block is parsed on its own and
must yield exactly the bound terms and nothing else, so a value that tries to break out of its
binding cannot change the query. The same bound text goes to the embedded store and to a remote
endpoint, so both give the same answer. (Oxigraph's own ``substitutions`` argument, SEP-0007,
would need every bound variable in the SELECT projection, which aggregate and filter parameters
are not.) The reasons are in docs/decisions/2026-11-23-sparql-parameter-binding.md.
"""
from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from ..errors import QueryError
from ..namespaces import AGENT, CONCEPT, DATASET, DOC, LINK, PREFIXES, PROVISION, SOURCE
from ..terms import to_ox
from .lexer import lex

__all__ = ["PARAM_TYPES", "PROJECT_SPACES", "PARAM_PREFIXES", "IRI_SCHEMES", "ABS_IRI_RE", "parse_param",
           "parse_param_value", "to_bindable", "values_block", "bind"]

PARAM_TYPES = ("iri", "string", "lang-string", "date", "integer", "decimal", "boolean", "literal")

#: Short names of the project's IRI spaces, for parameter values and tables only (their local
#: parts hold "/", so they are not SPARQL prefixes): concept:igloo-level/group, doc:..., provision:...
PROJECT_SPACES = {"doc": str(DOC), "provision": str(PROVISION), "concept": str(CONCEPT),
                  "agent": str(AGENT), "link": str(LINK), "source": str(SOURCE), "dataset": str(DATASET)}
PARAM_PREFIXES = {**PREFIXES, **PROJECT_SPACES}
#: URI schemes accepted for a bare absolute IRI given to an `iri` parameter
IRI_SCHEMES = ("http", "https", "urn", "mailto", "tag", "file", "ftp", "info", "doi", "data")

_LANG_RE = r"[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*"
_QUOTED_RE = re.compile(r'"((?:[^"\\]|\\.)*)"(?:@(' + _LANG_RE + r')|\^\^(?:<([^<>"{}|^`\\\x00-\x20]*)>'
                        r'|([A-Za-z][\w.-]*)?:([\w.%-]+)))?', re.S)
_PNAME_RE = re.compile(r"([A-Za-z][\w.-]*)?:([\w%-](?:[\w.%:/-]*[\w%:/-])?)?")
ABS_IRI_RE = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|^`\\]*")
_DATE_RE = re.compile(r"-?\d{4,}-\d{2}-\d{2}(?:Z|[+-]\d{2}:\d{2})?")
_INT_RE = re.compile(r"[+-]?\d+")
_DEC_RE = re.compile(r"[+-]?(?:\d+\.\d*|\.\d+|\d+)")
_VARNAME_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_ESCAPES = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}


def _unescape(body: str, where: str) -> str:
    out, i = [], 0
    while i < len(body):
        c = body[i]
        if c != "\\":
            out.append(c)
            i += 1
            continue
        nxt = body[i + 1: i + 2]
        if nxt in _ESCAPES:
            out.append(_ESCAPES[nxt])
            i += 2
        elif nxt in ("u", "U"):
            width = 4 if nxt == "u" else 8
            digits = body[i + 2: i + 2 + width]
            if len(digits) != width or not re.fullmatch(r"[0-9A-Fa-f]+", digits):
                raise QueryError(f"{where}: bad escape \\{nxt}{digits} in a quoted value")
            out.append(chr(int(digits, 16)))
            i += 2 + width
        else:
            raise QueryError(f"{where}: bad escape \\{nxt} in a quoted value")
    return "".join(out)


def _expand(prefix: str | None, local: str, where: str) -> URIRef:
    ns = PARAM_PREFIXES.get(prefix or "")
    if ns is None:
        raise QueryError(f"{where}: unknown prefix {prefix!r}; known: {', '.join(sorted(PARAM_PREFIXES))}; "
                         "write other IRIs in full as <...>")
    return URIRef(ns + local)


def _quoted(raw: str, where: str) -> Literal | None:
    m = _QUOTED_RE.fullmatch(raw)
    if not m:
        return None
    text = _unescape(m.group(1), where)
    if m.group(2):
        return Literal(text, lang=m.group(2))
    if m.group(3) is not None:
        return Literal(text, datatype=URIRef(m.group(3)))
    if m.group(5) is not None:
        return Literal(text, datatype=_expand(m.group(4), m.group(5), where))
    return Literal(text)


def _iri(raw: str, where: str) -> URIRef | None:
    if raw.startswith("<") and raw.endswith(">"):
        return URIRef(raw[1:-1])
    m = _PNAME_RE.fullmatch(raw)
    if m and (m.group(1) or "") in PARAM_PREFIXES:
        return _expand(m.group(1), m.group(2) or "", where)
    return None


def parse_param_value(raw: Any, type: str | None = None, name: str = "param") -> Node:
    """Turn a parameter value (text as in ``--param``, a Python value or an rdflib term) into
    an RDF term, read according to the declared `type` (one of PARAM_TYPES, None = by syntax).

    Raises QueryError naming the parameter when the value does not fit its type."""
    where = f"param {name}"
    ptype = type or "literal"
    if ptype not in PARAM_TYPES:
        raise QueryError(f"{where}: unknown type {ptype!r}, expected one of {', '.join(PARAM_TYPES)}")
    if isinstance(raw, (URIRef, Literal, BNode)):
        term: Node = raw
    elif isinstance(raw, (bool, int, Decimal)):
        term = Literal(raw)
    elif isinstance(raw, _dt.date) and not isinstance(raw, _dt.datetime):
        term = Literal(raw.isoformat(), datatype=XSD.date)
    elif isinstance(raw, str):
        term = _parse_text(raw, ptype, where)
    else:
        raise QueryError(f"{where}: cannot bind a value of type {raw.__class__.__name__}")
    _check_term(term, ptype, where)
    return term


def _parse_text(raw: str, ptype: str, where: str) -> Node:
    if ptype == "string":
        return Literal(raw)
    if ptype == "iri":
        iri = _iri(raw, where)
        if iri is None and ABS_IRI_RE.fullmatch(raw):
            scheme = raw.split(":", 1)[0].lower()
            if scheme not in IRI_SCHEMES:
                raise QueryError(f"{where}: unknown prefix {scheme!r} in {raw!r}; known: "
                                 f"{', '.join(sorted(PARAM_PREFIXES))}; write other IRIs in full as <...>")
            iri = URIRef(raw)
        if iri is None:
            raise QueryError(f"{where}: expected an IRI (<...>, a prefixed name such as aiw:Provision, "
                             f"or an absolute IRI), got {raw!r}")
        return iri
    if ptype == "lang-string":
        lit = _quoted(raw, where)
        if lit is None:
            m = re.fullmatch(r"(.*)@(" + _LANG_RE + ")", raw, re.S)
            lit = Literal(m.group(1), lang=m.group(2)) if m else None
        if lit is None or lit.language is None:
            raise QueryError(f'{where}: expected a language-tagged string such as "text"@nl, got {raw!r}')
        return lit
    if ptype == "date":
        lit = _quoted(raw, where)
        if lit is None and _DATE_RE.fullmatch(raw):
            lit = Literal(raw, datatype=XSD.date)
        if lit is None:
            raise QueryError(f"{where}: expected a date YYYY-MM-DD, got {raw!r}")
        return lit
    if ptype == "integer":
        if not _INT_RE.fullmatch(raw.strip()):
            raise QueryError(f"{where}: expected an integer, got {raw!r}")
        return Literal(raw.strip(), datatype=XSD.integer)
    if ptype == "decimal":
        if not _DEC_RE.fullmatch(raw.strip()):
            raise QueryError(f"{where}: expected a decimal number, got {raw!r}")
        return Literal(raw.strip(), datatype=XSD.decimal)
    if ptype == "boolean":
        if raw.strip().lower() not in ("true", "false", "1", "0"):
            raise QueryError(f"{where}: expected true or false, got {raw!r}")
        return Literal(raw.strip().lower() in ("true", "1"))
    # literal: by syntax
    lit = _quoted(raw, where)
    if lit is not None:
        return lit
    iri = _iri(raw, where) if (raw.startswith("<") and raw.endswith(">") and " " not in raw) \
        or _PNAME_RE.fullmatch(raw) else None
    if iri is not None:
        return iri
    if _DATE_RE.fullmatch(raw):
        return Literal(raw, datatype=XSD.date)
    if _INT_RE.fullmatch(raw):
        return Literal(raw, datatype=XSD.integer)
    return Literal(raw)


def _check_term(term: Node, ptype: str, where: str) -> None:
    if ptype == "iri" and not isinstance(term, URIRef):
        raise QueryError(f"{where}: expected an IRI, got {term.n3()}")
    if isinstance(term, URIRef):
        try:
            ox.NamedNode(str(term))
        except ValueError as exc:
            raise QueryError(f"{where}: not a valid IRI: {str(term)!r} ({exc})") from None
    if ptype in ("string", "lang-string", "date", "integer", "decimal", "boolean") \
            and not isinstance(term, Literal):
        raise QueryError(f"{where}: expected a literal, got {term.n3()}")
    if not isinstance(term, Literal):  # the checks below are for literal types only
        return
    if ptype == "lang-string" and term.language is None:
        raise QueryError(f"{where}: expected a language-tagged string, got {term.n3()}")
    if ptype == "date":
        lex = str(term)
        if term.datatype != XSD.date or not _DATE_RE.fullmatch(lex):
            raise QueryError(f"{where}: expected an xsd:date YYYY-MM-DD, got {term.n3()}")
        try:
            _dt.date.fromisoformat(lex[:10])
        except ValueError:
            raise QueryError(f"{where}: {lex!r} is not a calendar date") from None
    if ptype == "decimal":
        try:
            Decimal(str(term))
        except InvalidOperation:
            raise QueryError(f"{where}: expected a decimal number, got {term.n3()}") from None


def parse_param(text: str) -> tuple[str, str]:
    """Split one ``name=value`` (as given to ``--param``) into name and raw value."""
    name, sep, value = text.partition("=")
    name = name.strip().lstrip("?$")
    if not sep or not _VARNAME_RE.fullmatch(name):
        raise QueryError(f"--param {text!r}: expected name=value, the name a SPARQL variable name")
    return name, value


def to_bindable(term: Node, where: str = "value") -> Any:
    """A parameter value as an Oxigraph term; blank nodes and invalid terms are refused."""
    if isinstance(term, BNode):
        raise QueryError(f"{where}: a blank node cannot be bound, use an IRI")
    if not isinstance(term, (URIRef, Literal)):
        raise QueryError(f"{where}: cannot bind {term!r}")
    try:
        if isinstance(term, Literal):
            str(term).encode("utf-8")
        return to_ox(term)
    except (ValueError, UnicodeEncodeError) as exc:
        raise QueryError(f"{where}: not a valid RDF term ({exc})") from None


_EMPTY_STORE = ox.Store()


def values_block(bindings: Mapping[str, Node]) -> str:
    """``VALUES (?a ?b) { (<term> "term") }`` for `bindings`, verified to bind exactly those terms.

    The terms are written in canonical N-Triples form; the block is then parsed on its own
    and must give one solution equal to `bindings`, or QueryError is raised."""
    names = sorted(bindings)
    for n in names:
        if not _VARNAME_RE.fullmatch(n):
            raise QueryError(f"param {n!r}: not a SPARQL variable name")
    ox_terms = [to_bindable(bindings[n], f"param {n}") for n in names]
    block = "VALUES (" + " ".join("?" + n for n in names) + ") { (" + \
        " ".join(str(t) for t in ox_terms) + ") }"
    try:
        res = _EMPTY_STORE.query("SELECT * WHERE { " + block + " }")
        ok = False
        if isinstance(res, ox.QuerySolutions):
            variables = sorted(v.value for v in res.variables)
            solutions = list(res)
            ok = (variables == names and len(solutions) == 1
                  and all(solutions[0][n] == t for n, t in zip(names, ox_terms, strict=True)))

    except SyntaxError:
        ok = False
    if not ok:
        raise QueryError("cannot bind the parameters safely: " + ", ".join(names))
    return block


def bind(text: str, bindings: Mapping[str, Node]) -> str:
    """`text` with a verified VALUES block for `bindings` at the start of its WHERE group."""
    if not bindings:
        return text
    shape = lex(text)
    if shape.where_open is None or shape.where_close is None:
        raise QueryError("cannot bind parameters: the query has no WHERE group")
    block = values_block(bindings)
    if shape.subselect:
        return (text[: shape.where_open] + " " + block + " {" + text[shape.where_open: shape.where_close]
                + "} " + text[shape.where_close:])
    return text[: shape.where_open] + " " + block + " " + text[shape.where_open:]
