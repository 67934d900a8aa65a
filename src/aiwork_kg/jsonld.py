"""JSON-LD without the network: contexts are served from copies in the package.

The description profile's context (``https://w3id.org/aiwork/context.jsonld``) is
shipped as ``aiwork_kg/context/aiwork.jsonld``. Any other remote context is refused
with a clear error instead of being fetched.
"""
from __future__ import annotations

import copy
import functools
import json
from pathlib import Path

from rdflib import Graph

from .errors import InputError
from .paths import CONTEXT_FILE

CONTEXT_IRI = "https://w3id.org/aiwork/context.jsonld"
_LOCAL_CONTEXTS = {CONTEXT_IRI: CONTEXT_FILE}


def _inline_contexts(node, name: str):
    """Replace every string context reference with the local copy's content."""
    if isinstance(node, dict):
        out = {}
        for key, value in node.items():
            if key == "@context":
                out[key] = _resolve_context(value, name)
            else:
                out[key] = _inline_contexts(value, name)
        return out
    if isinstance(node, list):
        return [_inline_contexts(item, name) for item in node]
    return node


def _local_context(value: str, name: str):
    local = _LOCAL_CONTEXTS.get(value)
    if local is None:
        raise InputError(name, f"remote JSON-LD context {value!r} is not shipped with aiwork-kg "
                         f"and is never fetched; use {CONTEXT_IRI!r} or an inline context")
    return copy.deepcopy(_read_context(local, local.stat().st_mtime_ns))


@functools.lru_cache(maxsize=8)
def _read_context(path: Path, mtime_ns: int):
    """A shipped context, parsed once per process (and again only if the file changes)."""
    return json.loads(path.read_text(encoding="utf-8"))["@context"]


def _resolve_context(value, name: str):
    """A context with every reference to another document replaced by a shipped copy: string
    contexts, ``@import`` and the scoped contexts of term definitions; anything else is refused."""
    if isinstance(value, list):
        return [_resolve_context(v, name) for v in value]
    if isinstance(value, str):
        return _local_context(value, name)
    if isinstance(value, dict):
        out = {}
        imported = value.get("@import")
        if imported is not None:
            if not isinstance(imported, str):
                raise InputError(name, "JSON-LD @import must be a string naming a context")
            out.update(_local_context(imported, name))
        for key, term in value.items():
            if key == "@import":
                continue
            if isinstance(term, dict) and "@context" in term:
                term = {**term, "@context": _resolve_context(term["@context"], name)}
            out[key] = term
        return out
    return value


def parse_jsonld(data: bytes, name: str, graph: Graph) -> Graph:
    try:
        doc = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise InputError(name, f"JSON-LD is not UTF-8: {exc}") from exc
    except json.JSONDecodeError as exc:
        raise InputError(name, f"JSON syntax error: {exc.msg}", line=exc.lineno, column=exc.colno) from exc
    doc = _inline_contexts(doc, name)
    graph.parse(data=json.dumps(doc), format="json-ld")
    return graph
