"""aiwork-kg: a knowledge graph of the regulatory texts on AI at work.

The public Python API mirrors the command line (see ``aiwork-kg --help``). Each
function returns a result object; nothing here prints or exits.
"""
from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__", "build", "ingest", "validate", "query", "load"]


def __getattr__(name: str):  # lazy: importing the package stays cheap
    if name == "build":
        from .build import build
        return build
    if name == "ingest":
        from .ingest import ingest
        return ingest
    if name == "validate":
        from .validator import validate
        return validate
    if name == "query":
        from .sparql import query
        return query
    if name == "load":
        from .server.load import load
        return load
    raise AttributeError(name)
