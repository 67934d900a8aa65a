"""The query library: the .rq files in queries/ and their ``#+`` headers (grlc style).

Each file is one :class:`LibraryQuery`, named by its file name without ``.rq``. Its header is the
run of ``#+`` comment lines at the top, YAML after the ``#+``, with the keys HEADER_KEYS
(summary, description, tags, params, endpoint, shape); queries/README.md describes them.
"""
from __future__ import annotations

import difflib
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..errors import QueryError
from ..paths import QUERIES_DIR
from . import lexer
from .params import PARAM_TYPES

__all__ = ["HEADER_KEYS", "Param", "LibraryQuery", "parse_headers", "entry_from_file", "library", "get"]

HEADER_KEYS = ("summary", "description", "tags", "params", "endpoint", "shape")


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
        return lexer.lex(self.text).kind

    @property
    def is_violation(self) -> bool:
        """Integrity checks are named ``*-violation``: any row they return is a failure."""
        return self.name.endswith("-violation")

    @property
    def uses_service(self) -> bool:
        return lexer.uses_service(self.text)

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
        at = lines[min(mark.line, len(lines) - 1)][0] if mark is not None else first
        raise QueryError(f"{source}:{at}: the #+ header is not valid YAML: "
                         f"{getattr(exc, 'problem', None) or exc}", line=at) from exc
    if not isinstance(data, dict):
        raise QueryError(f"{source}:{first}: the #+ header must be `key: value` lines", line=first)
    return data


def entry_from_file(path: Path) -> LibraryQuery:
    """The library entry of one .rq file: its text and its parsed ``#+`` headers."""
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


_LIB_CACHE: dict[tuple, list[LibraryQuery]] = {}   # keyed by folder and file mtimes
_LIB_LOCK = threading.Lock()


def library(queries_dir: Path | str | None = None) -> list[LibraryQuery]:
    """Every query of the library (queries/*.rq), sorted by name."""
    folder = Path(queries_dir) if queries_dir is not None else QUERIES_DIR
    files = sorted(folder.glob("*.rq"))
    key = (str(folder), tuple((f.name, f.stat().st_mtime_ns) for f in files))
    with _LIB_LOCK:
        cached = _LIB_CACHE.get(key)
        if cached is None:
            cached = [entry_from_file(f) for f in files]
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
