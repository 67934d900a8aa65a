"""The SPARQL tokenizer: the one reading of a query's form, WHERE group, variables and SERVICE.

Everything that needs to know what a query *is* without running it asks this module: the query
form (SELECT, CONSTRUCT, DESCRIBE, ASK), where its WHERE group opens and closes (for binding
parameters, see :mod:`aiwork_kg.sparql.params`), its variables, its declared prefixes, whether
it has a top-level ORDER BY, and whether it uses ``SERVICE``. Strings, IRIs and comments are
tokens of their own, so a word inside them is never taken for a keyword.

:func:`uses_service` is the one check for federated queries: the embedded store refuses them
(:func:`aiwork_kg.sparql.query`) and so does the HTTP endpoint (aiwork_kg.server.serve).
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

__all__ = ["QueryShape", "lex", "tokens", "uses_service", "strip_comments"]

TOKEN_RE = re.compile(r'''
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

Token = tuple[str, str, int, int]   # kind, text, start offset, end offset


@dataclass
class QueryShape:
    """What the tokenizer found in a query (see :func:`lex`)."""

    kind: str = "select"               # select, construct (also DESCRIBE) or ask
    form: str = ""                     # SELECT, CONSTRUCT, DESCRIBE or ASK
    where_open: int | None = None      # offset just after the WHERE group's "{"
    where_close: int | None = None     # offset of its matching "}"
    subselect: bool = False            # the WHERE group is a sub-select
    has_service: bool = False
    ordered: bool = False
    variables: frozenset = frozenset()
    prefixes: frozenset = frozenset()


def tokens(text: str) -> Iterator[Token]:
    """The tokens of `text` as (kind, text, start, end), without white space and comments.

    Kinds: iri, string, var, punct (one of ``{}()[]``), word (keywords, prefixed names,
    numbers, operators), other (a single character nothing else matched)."""
    for m in TOKEN_RE.finditer(text):
        kind = m.lastgroup
        if kind not in ("ws", "comment"):
            yield kind, m.group(), m.start(), m.end()  # type: ignore[misc]


def uses_service(text: str) -> bool:
    """Whether the query has the keyword SERVICE (outside strings, IRIs and comments)."""
    return lex(text).has_service


def lex(text: str) -> QueryShape:
    """The shape of a query: form, WHERE group offsets, variables, prefixes, ORDER BY, SERVICE."""
    toks = list(tokens(text))
    shape = QueryShape()
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
        kind, value, _start, end = toks[i]

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


def _skip_group(toks: list[Token], i: int) -> int:
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


def strip_comments(text: str) -> str:
    """`text` without its comments (found by the tokenizer, so never inside strings or IRIs)."""
    out, last = [], 0
    for m in TOKEN_RE.finditer(text):
        if m.lastgroup == "comment":
            out.append(text[last:m.start()])
            last = m.end()
    out.append(text[last:])
    return "".join(out)
