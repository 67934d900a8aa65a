"""A query made ready to run: resolved to its text, its syntax checked, its parameters bound.

:func:`prepare` accepts a library name, a path to a .rq file, a :class:`LibraryQuery` or SPARQL
text; the :class:`PreparedQuery` it returns is what both engines (:mod:`aiwork_kg.sparql.engines`)
run, so the embedded store and a remote endpoint receive the same text.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rdflib.term import Node

from ..errors import QueryError
from .catalog import LibraryQuery, entry_from_file, get, parse_headers
from .lexer import lex
from .params import bind, parse_param, parse_param_value
from .syntax import check_syntax

__all__ = ["PreparedQuery", "prepare"]


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


def _resolve(q: str | Path | LibraryQuery,
             queries_dir: Path | str | None = None) -> tuple[str, str, LibraryQuery | None]:
    if isinstance(q, LibraryQuery):
        return q.text, q.name, q
    if isinstance(q, Path) or (isinstance(q, str) and q.strip().endswith(".rq") and "\n" not in q):
        path = Path(q).expanduser()
        if not path.is_file():
            raise QueryError(f"{path}: no such query file")
        text = path.read_text(encoding="utf-8")
        return text, str(path), entry_from_file(path) if parse_headers(text, str(path)) else None
    if re.fullmatch(r"[A-Za-z0-9][\w.-]*", q.strip()):
        entry = get(q.strip(), queries_dir)
        return entry.text, entry.name, entry
    return q, "query", None


def prepare(q: str | Path | LibraryQuery, params: Mapping[str, Any] | Iterable[str] | None = None,
            *, queries_dir: Path | str | None = None) -> PreparedQuery:
    """Resolve `q` (library name, .rq path or SPARQL text), check its syntax, bind `params`."""
    text, source, entry = _resolve(q, queries_dir)
    shape = lex(text)
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
