"""Servers: push the release into a SPARQL 1.1 store (:mod:`.load`) and serve the graph and the
validator over HTTP (:mod:`.serve`).

Both are plain library functions that return result objects; the ``load`` and ``serve``
subcommands of the CLI only parse options and print. This package re-exports nothing, so
``aiwork_kg.server.load`` is always the module (the function is ``aiwork_kg.server.load.load``,
also ``aiwork_kg.load``; docs/decisions/2026-12-06-public-api-names.md).
"""
