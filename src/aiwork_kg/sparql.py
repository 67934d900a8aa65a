"""SPARQL over the knowledge graph: the query library, safe parameter binding, result formats.

The one entry point is :func:`query`::

    from aiwork_kg.sparql import query
    result = query("units-discussing-art5-1-f")                    # a library name
    result = query("queries/dates-of-application.rq", params={"date": "2025-03-01"})
    result = query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")    # SPARQL text
    result = query("provision-side-by-side", endpoint="http://127.0.0.1:7878/query")
    print(result.serialize("csv"))

It runs on the embedded Oxigraph store (:func:`aiwork_kg.store.open_store`) by default and on
any SPARQL 1.1 endpoint with ``endpoint=URL`` (through SPARQLWrapper). The result is a
:class:`QueryResult` whatever the engine.

Parameters
----------
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
those serialisations is inserted at the start of the query's WHERE group, found with a
tokenizer that skips strings, IRIs and comments (a WHERE group that is a sub-select is wrapped
in braces first). Before use the block is parsed on its own and must yield exactly the bound
terms and nothing else, so a value that tries to break out of its binding cannot change the
query. The same bound text goes to the embedded store and to a remote endpoint, so both give
the same answer. (Oxigraph's own ``substitutions`` argument, SEP-0007, would need every bound
variable in the SELECT projection, which aggregate and filter parameters are not.)

Queries with ``SERVICE`` are refused on the embedded store: nothing here reaches the network
unless the caller names an endpoint.
"""
from __future__ import annotations

import datetime as _dt
import difflib
import json
import re
import threading
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Iterable, Mapping

import pyoxigraph as ox
import yaml
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD
from rdflib.term import Node

from .errors import EndpointError, QueryError
from .namespaces import AGENT, CONCEPT, DATASET, DOC, LINK, PREFIXES, PROVISION, SOURCE, bind_all
from .paths import QUERIES_DIR
from .terms import from_ox, to_ox

__all__ = [
    "FORMATS", "PARAM_TYPES", "LibraryQuery", "Param", "QueryResult", "PreparedQuery",
    "query", "prepare", "library", "get", "parse_headers", "parse_param", "parse_param_value",
    "bind", "values_block", "results_equal", "results_diff", "result_json", "check_syntax",
]

FORMATS = ("table", "csv", "tsv", "json", "xml")
GRAPH_FORMATS = ("table", "turtle", "nt", "json", "xml", "csv", "tsv")
PARAM_TYPES = ("iri", "string", "lang-string", "date", "integer", "decimal", "boolean", "literal")
HEADER_KEYS = ("summary", "description", "tags", "params", "endpoint")
EMBEDDED = "embedded"

#: Short names of the project's IRI spaces, for parameter values and tables only (their local
#: parts hold "/", so they are not SPARQL prefixes): concept:igloo-level/group, doc:..., provision:...
PROJECT_SPACES = {"doc": str(DOC), "provision": str(PROVISION), "concept": str(CONCEPT),
                  "agent": str(AGENT), "link": str(LINK), "source": str(SOURCE), "dataset": str(DATASET)}
PARAM_PREFIXES = {**PREFIXES, **PROJECT_SPACES}
#: URI schemes accepted for a bare absolute IRI given to an `iri` parameter
IRI_SCHEMES = ("http", "https", "urn", "mailto", "tag", "file", "ftp", "info", "doi", "data")

_XSD_STRING = str(XSD.string)
_RDF_LANGSTRING = str(RDF.langString)


# --------------------------------------------------------------------------- the library

@dataclass(frozen=True)
class Param:
    """A declared parameter: the variable ``?name`` of the query, its value type and default."""

    name: str
    type: str = "literal"
    default: str | None = None
    description: str = ""


@dataclass(frozen=True)
class LibraryQuery:
    """One query of the library (a .rq file in queries/) with its ``#+`` headers."""

    name: str
    path: Path
    summary: str
    description: str
    tags: tuple[str, ...]
    params: tuple[Param, ...]
    endpoint: str
    text: str

    @property
    def kind(self) -> str:
        return _lex(self.text).kind

    @property
    def is_violation(self) -> bool:
        """Integrity checks are named ``*-violation``: any row they return is a failure."""
        return self.name.endswith("-violation")

    @property
    def uses_service(self) -> bool:
        return _lex(self.text).has_service

    def param(self, name: str) -> Param | None:
        return next((p for p in self.params if p.name == name), None)


def parse_headers(text: str, source: str = "query") -> dict[str, Any]:
    """The ``#+ key: value`` header of a query (grlc style, YAML after ``#+``) as a dict.

    The header is the run of comment lines at the top of the file; only lines that start with
    ``#+`` count. Raises QueryError naming the line for YAML that does not parse."""
    lines, first = [], None
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if not stripped:
            continue
        if not stripped.startswith("#"):
            break
        if stripped.startswith("#+"):
            if first is None:
                first = number
            body = stripped[2:]
            lines.append((number, body[1:] if body.startswith(" ") else body))
    if not lines:
        return {}
    try:
        data = yaml.safe_load("\n".join(body for _, body in lines))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = lines[min(mark.line, len(lines) - 1)][0] if mark is not None else first
        raise QueryError(f"{source}:{line}: the #+ header is not valid YAML: "
                         f"{getattr(exc, 'problem', None) or exc}", line=line) from exc
    if not isinstance(data, dict):
        raise QueryError(f"{source}:{first}: the #+ header must be `key: value` lines", line=first)
    return data


def _library_entry(path: Path) -> LibraryQuery:
    text = path.read_text(encoding="utf-8")
    source = str(path)
    h = parse_headers(text, source)
    tags = h.get("tags") or []
    if isinstance(tags, str):
        tags = [t.strip() for t in tags.split(",") if t.strip()]
    params = []
    raw_params = h.get("params") or []
    if isinstance(raw_params, dict):  # {name: type} or {name: {type:, default:}}
        raw_params = [dict(v, name=k) if isinstance(v, dict) else {"name": k, "type": v}
                      for k, v in raw_params.items()]
    for item in raw_params:
        if not isinstance(item, dict) or "name" not in item:
            raise QueryError(f"{source}: each #+ params entry needs a name (and a type)")
        ptype = str(item.get("type", "literal"))
        if ptype not in PARAM_TYPES:
            raise QueryError(f"{source}: param {item['name']}: unknown type {ptype!r}, "
                             f"expected one of {', '.join(PARAM_TYPES)}")
        default = item.get("default")
        params.append(Param(str(item["name"]), ptype,
                            None if default is None else str(default),
                            str(item.get("description", "")).strip()))
    endpoint = h.get("endpoint", "")
    return LibraryQuery(
        name=path.stem, path=path,
        summary=str(h.get("summary", "")).strip(),
        description=" ".join(str(h.get("description", "")).split()),
        tags=tuple(str(t) for t in tags), params=tuple(params),
        endpoint=str(endpoint).strip() if endpoint else "", text=text)


_LIB_CACHE: dict[tuple, list[LibraryQuery]] = {}
_LIB_LOCK = threading.Lock()


def library(queries_dir: Path | str | None = None) -> list[LibraryQuery]:
    """Every query of the library (queries/*.rq), sorted by name."""
    folder = Path(queries_dir) if queries_dir is not None else QUERIES_DIR
    files = sorted(folder.glob("*.rq"))
    key = (str(folder), tuple((f.name, f.stat().st_mtime_ns) for f in files))
    with _LIB_LOCK:
        cached = _LIB_CACHE.get(key)
        if cached is None:
            cached = [_library_entry(f) for f in files]
            _LIB_CACHE.clear()
            _LIB_CACHE[key] = cached
    return list(cached)


def get(name: str, queries_dir: Path | str | None = None) -> LibraryQuery:
    """The library query called `name`; QueryError listing similar names if there is none."""
    entries = {q.name: q for q in library(queries_dir)}
    if name in entries:
        return entries[name]
    similar = difflib.get_close_matches(name, entries, n=6, cutoff=0.5)
    similar += [n for n in entries if name.lower() in n.lower() and n not in similar]
    hint = ("; similar names: " + ", ".join(similar[:8])) if similar else \
        "; `aiwork-kg queries` lists the library"
    raise QueryError(f"no query named {name!r} in the library{hint}")


# --------------------------------------------------------------------------- the lexer

_TOKEN_RE = re.compile(r'''
    (?P<ws>\s+)
  | (?P<comment>\#[^\n]*)
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<string>"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^'\\]|\\.|'(?!''))*\'\'\'
               |"(?:[^"\\\n\r]|\\.)*"|'(?:[^'\\\n\r]|\\.)*')
  | (?P<var>[?$][\w\u00B7]+)
  | (?P<punct>[{}()\[\]])
  | (?P<word>[^\s{}()\[\]<>"'\#?$,;]+)
  | (?P<other>.)
''', re.X | re.S)

_FORMS = {"SELECT": "select", "CONSTRUCT": "construct", "DESCRIBE": "construct", "ASK": "ask"}


@dataclass
class _Shape:
    kind: str = "select"
    form: str = ""                      # SELECT, CONSTRUCT, DESCRIBE or ASK
    where_open: int | None = None      # offset just after the WHERE group's "{"
    where_close: int | None = None     # offset of its matching "}"
    subselect: bool = False            # the WHERE group is a sub-select
    has_service: bool = False
    ordered: bool = False
    variables: frozenset = frozenset()
    prefixes: frozenset = frozenset()


def _tokens(text: str):
    for m in _TOKEN_RE.finditer(text):
        kind = m.lastgroup
        if kind not in ("ws", "comment"):
            yield kind, m.group(), m.start(), m.end()


def _lex(text: str) -> _Shape:
    toks = list(_tokens(text))
    shape = _Shape()
    variables, prefixes = set(), set()
    depth = paren = 0
    form_at = None
    for i, (kind, value, _start, _end) in enumerate(toks):
        upper = value.upper() if kind == "word" else ""
        if kind == "var":
            variables.add(value[1:])
        elif upper == "SERVICE":
            shape.has_service = True
        elif upper == "PREFIX" and i + 1 < len(toks) and depth == 0:
            prefixes.add(toks[i + 1][1].split(":")[0])
        if form_at is None and depth == 0 and paren == 0 and upper in _FORMS:
            form_at = i
            shape.kind = _FORMS[upper]
            shape.form = upper
        if depth == 0 and paren == 0 and upper == "ORDER" and i + 1 < len(toks) \
                and toks[i + 1][1].upper() == "BY" and shape.where_close is not None:
            shape.ordered = True
        if value == "(":
            paren += 1
        elif value == ")":
            paren = max(0, paren - 1)
        elif value == "{" and kind == "punct":
            depth += 1
        elif value == "}" and kind == "punct":
            depth = max(0, depth - 1)
    shape.variables, shape.prefixes = frozenset(variables), frozenset(prefixes)
    if form_at is None:
        return shape
    # find the WHERE group: the first top-level "{" after the query form (after the template
    # for CONSTRUCT { ... } WHERE { ... })
    i = form_at + 1
    if shape.kind == "construct" and toks[form_at][1].upper() == "CONSTRUCT" \
            and i < len(toks) and toks[i][1] == "{":
        i = _skip_group(toks, i)
    paren = 0
    while i < len(toks):
        kind, value, start, end = toks[i]
        if value == "(":
            paren += 1
        elif value == ")":
            paren -= 1
        elif value == "{" and kind == "punct" and paren == 0:
            close = _skip_group(toks, i) - 1
            shape.where_open, shape.where_close = end, toks[close][2]
            shape.subselect = i + 1 < len(toks) and toks[i + 1][1].upper() == "SELECT"
            break
        i += 1
    return shape


def _skip_group(toks, i: int) -> int:
    """Index just after the "}" that closes the "{" at toks[i]."""
    depth = 0
    while i < len(toks):
        kind, value = toks[i][0], toks[i][1]
        if kind == "punct" and value == "{":
            depth += 1
        elif kind == "punct" and value == "}":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return i


# --------------------------------------------------------------------------- params

_LANG_RE = r"[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*"
_QUOTED_RE = re.compile(r'"((?:[^"\\]|\\.)*)"(?:@(' + _LANG_RE + r')|\^\^(?:<([^<>"{}|^`\\\x00-\x20]*)>'
                        r'|([A-Za-z][\w.-]*)?:([\w.%-]+)))?', re.S)
_PNAME_RE = re.compile(r"([A-Za-z][\w.-]*)?:([\w%-](?:[\w.%:/-]*[\w%:/-])?)?")
_ABS_IRI_RE = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|^`\\]*")
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
    elif isinstance(raw, bool):
        term = Literal(raw)
    elif isinstance(raw, (int, Decimal)):
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
        if iri is None and _ABS_IRI_RE.fullmatch(raw):
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
    if ptype == "lang-string" and term.language is None:  # type: ignore[union-attr]
        raise QueryError(f"{where}: expected a language-tagged string, got {term.n3()}")
    if ptype == "date":
        lex = str(term)
        if term.datatype != XSD.date or not _DATE_RE.fullmatch(lex):  # type: ignore[union-attr]
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


def _to_ox(term: Node, where: str = "value") -> Any:
    """A parameter value as an Oxigraph term; blank nodes and invalid terms are refused."""
    if isinstance(term, BNode):
        raise QueryError(f"{where}: a blank node cannot be bound, use an IRI")
    try:
        if isinstance(term, Literal):
            str(term).encode("utf-8")
        return to_ox(term)
    except (ValueError, UnicodeEncodeError) as exc:
        raise QueryError(f"{where}: not a valid RDF term ({exc})") from None
    except TypeError:
        raise QueryError(f"{where}: cannot bind {term!r}") from None


_EMPTY_STORE = ox.Store()


def values_block(bindings: Mapping[str, Node]) -> str:
    """``VALUES (?a ?b) { (<term> "term") }`` for `bindings`, verified to bind exactly those terms.

    The terms are written in canonical N-Triples form; the block is then parsed on its own
    and must give one solution equal to `bindings`, or QueryError is raised."""
    names = sorted(bindings)
    for n in names:
        if not _VARNAME_RE.fullmatch(n):
            raise QueryError(f"param {n!r}: not a SPARQL variable name")
    ox_terms = [_to_ox(bindings[n], f"param {n}") for n in names]
    block = "VALUES (" + " ".join("?" + n for n in names) + ") { (" + \
        " ".join(str(t) for t in ox_terms) + ") }"
    try:
        res = _EMPTY_STORE.query("SELECT * WHERE { " + block + " }")
        variables = sorted(v.value for v in res.variables)
        solutions = list(res)
        ok = (variables == names and len(solutions) == 1
              and all(solutions[0][n] == t for n, t in zip(names, ox_terms)))
    except SyntaxError:
        ok = False
    if not ok:
        raise QueryError("cannot bind the parameters safely: " + ", ".join(names))
    return block


def bind(text: str, bindings: Mapping[str, Node]) -> str:
    """`text` with a verified VALUES block for `bindings` at the start of its WHERE group."""
    if not bindings:
        return text
    shape = _lex(text)
    if shape.where_open is None or shape.where_close is None:
        raise QueryError("cannot bind parameters: the query has no WHERE group")
    block = values_block(bindings)
    if shape.subselect:
        return (text[: shape.where_open] + " " + block + " {" + text[shape.where_open: shape.where_close]
                + "} " + text[shape.where_close:])
    return text[: shape.where_open] + " " + block + " " + text[shape.where_open:]


# --------------------------------------------------------------------------- syntax

def _clean_oxigraph_message(message: str) -> str:
    """Oxigraph lists every acceptable character class; keep the keywords and say the rest."""
    if "Prefix not found" in message:
        return "undeclared prefix: declare it with a PREFIX line"
    classes = re.findall(r"\[(?:'(?:[^'\\]|\\.)*'|[^\]'])*\]", message)
    msg = re.sub(r"\[(?:'(?:[^'\\]|\\.)*'|[^\]'])*\]", "", message)
    msg = " ".join(re.sub(r"(\s*,\s*)+", ", ", msg).split()).strip(" ,")
    msg = re.sub(r"one of\s*,\s*", "one of ", msg)
    if classes:
        msg = (msg + " or another token") if re.search(r"one of \S", msg) else "unexpected input"
    return "syntax error: " + msg


def _undeclared_prefix(text: str) -> tuple[int, int, str] | None:
    """The first prefixed name whose prefix is neither declared nor a project prefix."""
    declared = set(PREFIXES) | set(_lex(text).prefixes)
    previous = ""
    for kind, value, start, _end in _tokens(text):
        if kind == "word" and previous.upper() != "PREFIX":
            m = re.fullmatch(r"([A-Za-z][\w.-]*)?:[\w.%:-]*", value)
            if m and (m.group(1) or "") not in declared and not value.upper().startswith(("HTTP:", "HTTPS:")):
                line = text.count("\n", 0, start) + 1
                col = start - (text.rfind("\n", 0, start) + 1) + 1
                return line, col, m.group(1) or ""
        previous = value
    return None


def check_syntax(text: str, source: str = "query", shape: _Shape | None = None) -> None:
    """Parse `text` (project prefixes predeclared); QueryError "SOURCE:LINE:COLUMN: message".

    Oxigraph's parser is used (against an empty store, so nothing is evaluated on data); a
    query with SERVICE is parsed with rdflib's parser instead, which never evaluates."""
    shape = shape or _lex(text)
    if shape.has_service:
        from pyparsing import ParseException
        from rdflib.plugins.sparql import prepareQuery

        try:
            prepareQuery(text, initNs=PREFIXES)
        except ParseException as exc:
            raise QueryError(f"{source}:{exc.lineno}:{exc.col}: {exc.msg}", exc.lineno, exc.col) from None
        except Exception as exc:  # rdflib raises plain Exceptions for unknown prefixes
            raise QueryError(f"{source}: {exc}") from None
        return
    try:
        result = _EMPTY_STORE.query(text, prefixes=PREFIXES)
        del result
    except SyntaxError as exc:
        undeclared = _undeclared_prefix(text)
        if undeclared is not None:
            line, col, name = undeclared
            raise QueryError(f"{source}:{line}:{col}: undeclared prefix {name}: declare it with a "
                             "PREFIX line", line, col) from None
        m = re.match(r"error at (\d+):(\d+):\s*(.*)", str(exc), re.S)
        if m:
            line, col = int(m.group(1)), int(m.group(2))
            raise QueryError(f"{source}:{line}:{col}: {_clean_oxigraph_message(m.group(3))}",
                             line, col) from None
        raise QueryError(f"{source}: {exc}") from None


# --------------------------------------------------------------------------- preparing

@dataclass
class PreparedQuery:
    """A query resolved to its text, checked, with its parameters bound (see :func:`prepare`)."""

    text: str                   # the text that runs (bound), project prefixes not yet added
    source: str                 # library name, file path or "query"
    kind: str
    ordered: bool
    has_service: bool
    bindings: dict[str, Node]
    entry: LibraryQuery | None = None
    original: str = ""


def _resolve(q: str | Path | LibraryQuery, queries_dir=None) -> tuple[str, str, LibraryQuery | None]:
    if isinstance(q, LibraryQuery):
        return q.text, q.name, q
    if isinstance(q, Path) or (isinstance(q, str) and q.strip().endswith(".rq") and "\n" not in q):
        path = Path(q).expanduser()
        if not path.is_file():
            raise QueryError(f"{path}: no such query file")
        text = path.read_text(encoding="utf-8")
        return text, str(path), _library_entry(path) if parse_headers(text, str(path)) else None
    if re.fullmatch(r"[A-Za-z0-9][\w.-]*", q.strip()):
        entry = get(q.strip(), queries_dir)
        return entry.text, entry.name, entry
    return q, "query", None


def prepare(q: str | Path | LibraryQuery, params: Mapping[str, Any] | Iterable[str] | None = None,
            *, queries_dir: Path | str | None = None) -> PreparedQuery:
    """Resolve `q` (library name, .rq path or SPARQL text), check its syntax, bind `params`."""
    text, source, entry = _resolve(q, queries_dir)
    shape = _lex(text)
    check_syntax(text, source, shape)
    if params is None:
        given: dict[str, Any] = {}
    elif isinstance(params, Mapping):
        given = {str(k).lstrip("?$"): v for k, v in params.items()}
    else:
        given = dict(parse_param(p) for p in params)
    declared = {p.name: p for p in entry.params} if entry else {}
    bindings: dict[str, Node] = {}
    for name, raw in given.items():
        if entry is not None and entry.params and name not in declared:
            raise QueryError(f"{source}: unknown param {name!r}; this query takes "
                             + ", ".join(f"{p.name} ({p.type})" for p in entry.params))
        if entry is not None and not entry.params:
            raise QueryError(f"{source}: this query takes no params (got {name!r})")
        if name not in shape.variables:
            raise QueryError(f"{source}: param {name!r}: the query has no variable ?{name}")
        bindings[name] = parse_param_value(raw, declared[name].type if name in declared else None, name)
    for p in declared.values():
        if p.name not in bindings and p.default is not None:
            bindings[p.name] = parse_param_value(p.default, p.type, p.name)
    bound = bind(text, bindings)
    return PreparedQuery(bound, source, shape.kind, shape.ordered, shape.has_service,
                         bindings, entry, text)


# --------------------------------------------------------------------------- results

def _from_json(b: Mapping[str, Any]) -> Node:
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


def _short(term: Node | None, width: int = 70) -> str:
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
        if term.language:  # type: ignore[union-attr]
            text += f" @{term.language}"  # type: ignore[union-attr]
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
        return [{v: t for v, t in zip(self.variables, row) if t is not None} for row in self.rows]

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
        return parsed.serialize(format=target).decode("utf-8")

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
        cells = [[_short(t) for t in row] for row in self.rows]
        widths = [max([len(v)] + [len(r[i]) for r in cells]) for i, v in enumerate(self.variables)]
        line = lambda vals: " | ".join(v.ljust(w) for v, w in zip(vals, widths)).rstrip()  # noqa: E731
        out = [line(self.variables), "-+-".join("-" * w for w in widths)]
        out += [line(r) for r in cells]
        n = len(self.rows)
        out.append(f"({n} row{'s' if n != 1 else ''}{', truncated by --limit' if self.truncated else ''})")
        return "\n".join(out) + "\n"


def result_json(result: QueryResult) -> dict[str, Any]:
    """The fixture form of a result (W3C JSON, {"boolean": b} or {"triples": n})."""
    return result.to_json()


def _key(term: Node | None) -> tuple:
    if term is None:
        return ("unbound",)
    if isinstance(term, URIRef):
        return ("uri", str(term))
    if isinstance(term, BNode):
        return ("bnode",)
    dt = None if term.language or term.datatype is None or str(term.datatype) == _XSD_STRING \
        else str(term.datatype)
    return ("literal", str(term), (term.language or "").lower() or None, dt)


def results_diff(actual: QueryResult, expected: Mapping[str, Any], ordered: bool | None = None) -> list[str]:
    """What differs between a result and an expected one (fixture JSON); [] when they agree.

    Rows are compared as a multiset unless the query has a top-level ORDER BY (or `ordered`
    says so); IRIs and literals exactly (value, language, datatype); blank nodes by kind."""
    if "boolean" in expected:
        if actual.kind != "ask":
            return [f"expected an ASK result, got {actual.kind}"]
        return [] if bool(actual.boolean) == bool(expected["boolean"]) else \
            [f"expected {expected['boolean']}, got {actual.boolean}"]
    if "triples" in expected:
        if actual.kind != "construct":
            return [f"expected a graph, got {actual.kind}"]
        n = len(actual)
        return [] if n == int(expected["triples"]) else [f"expected {expected['triples']} triples, got {n}"]
    if actual.kind != "select":
        return [f"expected SELECT results, got {actual.kind}"]
    problems = []
    exp_vars = list(expected.get("head", {}).get("vars", []))
    if exp_vars != list(actual.variables):
        problems.append(f"variables: expected {exp_vars}, got {list(actual.variables)}")
    exp_rows = [tuple(_key(_from_json(b[v])) if v in b else ("unbound",) for v in exp_vars)
                for b in expected.get("results", {}).get("bindings", [])]
    act_rows = [tuple(_key(t) for t in row) for row in actual.rows]
    is_ordered = actual.ordered if ordered is None else ordered
    if is_ordered:
        if exp_rows != act_rows:
            for i in range(max(len(exp_rows), len(act_rows))):
                e = exp_rows[i] if i < len(exp_rows) else None
                a = act_rows[i] if i < len(act_rows) else None
                if e != a:
                    problems.append(f"row {i + 1}: expected {e}, got {a}")
                    if len(problems) > 10:
                        break
    else:
        from collections import Counter

        missing = Counter(exp_rows) - Counter(act_rows)
        extra = Counter(act_rows) - Counter(exp_rows)
        problems += [f"missing row: {r}" for r in list(missing.elements())[:10]]
        problems += [f"unexpected row: {r}" for r in list(extra.elements())[:10]]
    return problems


def results_equal(actual: QueryResult, expected: Mapping[str, Any], ordered: bool | None = None) -> bool:
    """True when `actual` matches the expected result (fixture JSON), see :func:`results_diff`."""
    return not results_diff(actual, expected, ordered)


# --------------------------------------------------------------------------- running

def query(q: str | Path | LibraryQuery, *, params: Mapping[str, Any] | Iterable[str] | None = None,
          endpoint: str | None = None, limit: int | None = None, release_dir: Path | str | None = None,
          store: ox.Store | None = None, timeout: float | None = None,
          queries_dir: Path | str | None = None, default_graph: str | None = None) -> QueryResult:
    """Run a library query (by name), a .rq file or SPARQL text; see the module docstring.

    `endpoint`: a SPARQL 1.1 query endpoint URL (else the embedded store: `store`, or the
    release in `release_dir`, see aiwork_kg.store.open_store). `limit`: at most this many rows.
    `timeout`: seconds, for remote endpoints. `default_graph`: the IRI of the graph the endpoint
    is to query as its default graph (sent as the protocol's ``default-graph-uri``; stores such
    as Virtuoso otherwise answer over the union of all their graphs); only with `endpoint`."""
    prepared = prepare(q, params, queries_dir=queries_dir)
    if limit is not None and limit < 0:
        raise QueryError(f"--limit must be 0 or more, got {limit}")
    if default_graph is not None:
        if not endpoint:
            raise QueryError("--default-graph names a graph of a remote store: use it with --endpoint URL "
                             "(the embedded store holds the release in its default graph)")
        if not _ABS_IRI_RE.fullmatch(default_graph):
            raise QueryError(f"--default-graph must be an absolute IRI, got {default_graph!r}")
        _check_term(URIRef(default_graph), "iri", "--default-graph")
    if endpoint:
        return _run_remote(prepared, endpoint, limit, timeout, default_graph)
    if prepared.has_service:
        raise QueryError(f"{prepared.source}: the query uses SERVICE, which would reach the network; "
                         "the embedded store never does. Run it on an endpoint with --endpoint URL")
    if store is None:
        from .store import open_store

        store = open_store(release_dir)
    return _run_local(prepared, store, limit)


def _run_local(p: PreparedQuery, store: ox.Store, limit: int | None) -> QueryResult:
    try:
        res = store.query(p.text, prefixes=PREFIXES)
    except SyntaxError as exc:  # checked before; only reachable if binding broke the text
        raise QueryError(f"{p.source}: {exc}") from None
    except OSError as exc:
        raise QueryError(f"{p.source}: the store failed: {exc}") from None
    out = QueryResult(p.kind, ordered=p.ordered, source=p.source)
    if isinstance(res, ox.QueryBoolean):
        out.kind, out.boolean = "ask", bool(res)
    elif isinstance(res, ox.QuerySolutions):
        out.kind = "select"
        variables = list(res.variables)
        out.variables = [v.value for v in variables]
        for sol in res:
            if limit is not None and len(out.rows) >= limit:
                out.truncated = True
                break
            out.rows.append(tuple(from_ox(sol[v]) for v in variables))
    else:
        out.kind = "construct"
        graph = bind_all(Graph())
        for n, triple in enumerate(res):
            if limit is not None and n >= limit:
                out.truncated = True
                break
            graph.add((from_ox(triple.subject), from_ox(triple.predicate), from_ox(triple.object)))
        out.graph = graph
    return out


def _strip_comments(text: str) -> str:
    """`text` without its comments (found by the lexer, so never inside strings or IRIs)."""
    out, last = [], 0
    for m in _TOKEN_RE.finditer(text):
        if m.lastgroup == "comment":
            out.append(text[last:m.start()])
            last = m.end()
    out.append(text[last:])
    return "".join(out)


def _with_prefixes(text: str) -> str:
    """Declare the project prefixes the query uses without declaring them (for remote use)."""
    shape = _lex(text)
    missing = [p for p in PREFIXES if p not in shape.prefixes]
    return "".join(f"PREFIX {p}: <{PREFIXES[p]}>\n" for p in missing) + text


def _ask_table(data: Mapping[str, Any]) -> bool | None:
    """The answer of an ASK query that an endpoint returned as a one-column table.

    Virtuoso builds without the JSON boolean writer (openlink/virtuoso-opensource issue 1016,
    e.g. Debian's 7.2.5) answer ASK with the variable ``__ASK_RETVAL``: one row holding 1 for
    true, no row for false. None for any other table."""
    variables = list(data.get("head", {}).get("vars", []))
    if len(variables) != 1 or variables[0].lower() != "__ask_retval":
        return None
    rows = data.get("results", {}).get("bindings", [])
    if not rows:
        return False
    value = str(rows[0].get(variables[0], {}).get("value", "")).strip().lower()
    return value in ("1", "true")


def _run_remote(p: PreparedQuery, endpoint: str, limit: int | None, timeout: float | None,
                default_graph: str | None = None) -> QueryResult:
    from urllib.error import HTTPError, URLError

    from SPARQLWrapper import ASK, CONSTRUCT, DESCRIBE, JSON, POST, SELECT, TURTLE, URLENCODED, SPARQLWrapper
    from SPARQLWrapper.SPARQLExceptions import QueryBadFormed, SPARQLWrapperException

    from . import __version__

    if not re.match(r"https?://[^\s/]+", endpoint):
        raise EndpointError(f"{endpoint}: expected an http:// or https:// SPARQL endpoint URL")
    sw = SPARQLWrapper(endpoint, agent=f"aiwork-kg/{__version__}")
    sw.setQuery(_with_prefixes(_strip_comments(p.text)))
    # SPARQLWrapper guesses the query form with a regular expression that can be fooled by
    # words in comments ("address" -> ADD, an update); we know the form from our own lexer
    sw.queryType = {"SELECT": SELECT, "ASK": ASK, "CONSTRUCT": CONSTRUCT,
                    "DESCRIBE": DESCRIBE}.get(_lex(p.text).form, SELECT)
    sw.setMethod(POST)
    sw.setRequestMethod(URLENCODED)
    if default_graph:
        sw.addParameter("default-graph-uri", default_graph)
    sw.setReturnFormat(TURTLE if p.kind == "construct" else JSON)
    if timeout:
        sw.setTimeout(int(max(1, timeout)))
    try:
        response = sw.query()
        body = response.response.read()
        ctype = (response.info().get("content-type") or "").split(";")[0].strip().lower()
    except QueryBadFormed as exc:
        raise QueryError(f"{endpoint}: the endpoint rejected the query: {exc}") from None
    except (SPARQLWrapperException, HTTPError, URLError, OSError, ValueError) as exc:
        raise EndpointError(f"{endpoint}: {exc}") from None
    out = QueryResult(p.kind, ordered=p.ordered, source=p.source, endpoint=endpoint)
    if p.kind == "construct":
        fmt = {"application/n-triples": "nt", "text/plain": "nt", "application/rdf+xml": "xml",
               "application/ld+json": "json-ld", "application/n-quads": "nquads"}.get(ctype, "turtle")
        graph = bind_all(Graph())
        try:
            graph.parse(data=body, format=fmt)
        except Exception as exc:
            raise EndpointError(f"{endpoint}: the graph it returned does not parse ({exc})") from None
        if limit is not None and len(graph) > limit:
            kept = sorted(graph, key=lambda t: tuple(str(x) for x in t))[:limit]
            graph = bind_all(Graph())
            for t in kept:
                graph.add(t)
            out.truncated = True
        out.graph = graph
        return out
    try:
        data = json.loads(body)
    except ValueError as exc:
        raise EndpointError(f"{endpoint}: expected SPARQL JSON results ({ctype or 'no content type'}): {exc}") from None
    if "boolean" in data:
        out.kind, out.boolean = "ask", bool(data["boolean"])
        return out
    if p.kind == "ask":
        boolean = _ask_table(data)
        if boolean is None:
            raise EndpointError(f"{endpoint}: expected a boolean for an ASK query, got a table")
        out.kind, out.boolean = "ask", boolean
        return out
    out.kind = "select"
    out.variables = list(data.get("head", {}).get("vars", []))
    for b in data.get("results", {}).get("bindings", []):
        if limit is not None and len(out.rows) >= limit:
            out.truncated = True
            break
        out.rows.append(tuple(_from_json(b[v]) if v in b else None for v in out.variables))
    return out
