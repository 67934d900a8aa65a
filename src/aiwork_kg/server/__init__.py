"""Servers: push the release into a SPARQL 1.1 store (:mod:`.load`) and serve the graph and the
validator over HTTP (:mod:`.serve`).

Both are plain library functions that return result objects; the ``load`` and ``serve``
subcommands of the CLI only parse options and print.
"""
from __future__ import annotations

from .load import LoadResult, VerificationError, load, resolve_endpoints

__all__ = ["LoadResult", "VerificationError", "load", "resolve_endpoints"]
