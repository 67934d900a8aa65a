"""The syntax check of a query: Oxigraph's parser, with its messages made readable.

:func:`check_syntax` parses a query against an empty store (so nothing is evaluated on data),
with the project prefixes predeclared, and raises QueryError "SOURCE:LINE:COLUMN: message". An
undeclared prefix is named as such; Oxigraph's lists of acceptable character classes are cut
down to the keywords it expected. A query with SERVICE is parsed with rdflib's parser instead,
which never evaluates.
"""
from __future__ import annotations

import re

import pyoxigraph as ox

from ..errors import QueryError
from ..namespaces import PREFIXES
from .lexer import QueryShape, lex, tokens

__all__ = ["check_syntax"]

_EMPTY_STORE = ox.Store()


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
    declared = set(PREFIXES) | set(lex(text).prefixes)
    previous = ""
    for kind, value, start, _end in tokens(text):
        if kind == "word" and previous.upper() != "PREFIX":
            m = re.fullmatch(r"([A-Za-z][\w.-]*)?:[\w.%:-]*", value)
            if m and (m.group(1) or "") not in declared and not value.upper().startswith(("HTTP:", "HTTPS:")):
                line = text.count("\n", 0, start) + 1
                col = start - (text.rfind("\n", 0, start) + 1) + 1
                return line, col, m.group(1) or ""
        previous = value
    return None


def check_syntax(text: str, source: str = "query", shape: QueryShape | None = None) -> None:
    """Parse `text` (project prefixes predeclared); QueryError "SOURCE:LINE:COLUMN: message".

    Oxigraph's parser is used (against an empty store, so nothing is evaluated on data); a
    query with SERVICE is parsed with rdflib's parser instead, which never evaluates."""
    shape = shape or lex(text)
    if shape.has_service:
        from pyparsing import ParseException
        from rdflib.plugins.sparql import prepareQuery

        from ..parserlock import LOCK

        try:
            with LOCK:  # rdflib's SPARQL parser is not thread-safe (aiwork_kg.parserlock)
                prepareQuery(text, initNs=PREFIXES)
        except ParseException as exc:
            raise QueryError(f"{source}:{exc.lineno}:{exc.col}: {exc.msg}", exc.lineno, exc.col) from None
        except Exception as exc:  # noqa: BLE001 - rdflib raises plain Exceptions for unknown prefixes

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
