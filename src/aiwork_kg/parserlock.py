"""One SPARQL parse at a time per process: rdflib's SPARQL grammar is not thread-safe.

rdflib parses SPARQL with pyparsing, whose parse actions (``Param.postParse2`` among them) are
wrapped on first use by a helper that finds their arity by trial calls. Two threads parsing at
once can make it settle on the wrong arity, after which *every* later parse in the process fails
with ``TypeError: Param.postParse2() missing 1 required positional argument``: one burst of
concurrent ``/validate`` requests (pySHACL parses the shapes' SPARQL constraints) broke the
server until it was restarted. :func:`install` puts a process-wide lock around the two entry
points of the grammar (``Query`` and ``UpdateUnit`` of ``rdflib.plugins.sparql.parser``), which
every parse goes through (``parseQuery``, ``parseUpdate``, ``prepareQuery``, ``Graph.query``).
Parsing is pure Python under the GIL, so the lock costs no parallelism; evaluation is not locked.
"""
from __future__ import annotations

import functools
import threading

LOCK = threading.RLock()


@functools.lru_cache(maxsize=1)
def install() -> bool:
    """Serialise rdflib's SPARQL parsing in this process (idempotent); True once installed."""
    from rdflib.plugins.sparql import parser

    for element in (parser.Query, parser.UpdateUnit):
        original = element.parse_string
        if getattr(original, "_aiwork_locked", False):
            continue

        def locked(*args, _original=original, **kwargs):
            with LOCK:
                return _original(*args, **kwargs)

        locked._aiwork_locked = True  # type: ignore[attr-defined]
        # instance attributes: they shadow the methods for these two grammar elements only
        element.parse_string = locked  # type: ignore[method-assign]
        element.parseString = locked  # type: ignore[method-assign]  # pyparsing's older name
    return True
