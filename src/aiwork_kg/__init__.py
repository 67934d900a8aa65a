"""aiwork-kg: a knowledge graph of the regulatory texts on AI at work.

The public Python API mirrors the command line (see ``aiwork-kg --help``); each function
returns a result object, nothing here prints or exits:

=====================  ===================================  ==========================
command                function                             defined in
=====================  ===================================  ==========================
``aiwork-kg ingest``   ``aiwork_kg.ingest_sources()``       :mod:`aiwork_kg.ingest`
``aiwork-kg build``    ``aiwork_kg.build_release()``        :mod:`aiwork_kg.build`
``aiwork-kg validate`` ``aiwork_kg.validate()``             :mod:`aiwork_kg.validator`
``aiwork-kg query``    ``aiwork_kg.query()``                :mod:`aiwork_kg.sparql`
``aiwork-kg load``     ``aiwork_kg.load()``                 :mod:`aiwork_kg.server.load`
=====================  ===================================  ==========================

A name in this package is either a module or a function, never both: ``aiwork_kg.build`` and
``aiwork_kg.ingest`` are modules (docs/decisions/2026-12-06-public-api-names.md). The functions
are imported on first use, so ``import aiwork_kg`` stays cheap.
"""
from __future__ import annotations

import importlib

__version__ = "0.1.0"

# public function -> the module defining it (relative to this package)
_FUNCTIONS = {
    "ingest_sources": ".ingest",
    "build_release": ".build",
    "validate": ".validator",
    "query": ".sparql",
    "load": ".server.load",
}

__all__ = ["__version__", *_FUNCTIONS]


def __getattr__(name: str):  # lazy: importing the package stays cheap
    if name in _FUNCTIONS:
        return getattr(importlib.import_module(_FUNCTIONS[name], __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
