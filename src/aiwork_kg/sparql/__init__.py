"""SPARQL over the knowledge graph: the query library, safe parameter binding, result formats.

The one entry point is :func:`query`::

    from aiwork_kg.sparql import query
    result = query("units-discussing-art5-1-f")                    # a library name
    result = query("queries/dates-of-application.rq", params={"date": "2025-03-01"})
    result = query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")    # SPARQL text
    result = query("provision-side-by-side", endpoint="http://127.0.0.1:7878/query")
    print(result.serialize("csv"))

It runs on the embedded Oxigraph store (:func:`aiwork_kg.store.open_store`) by default and on
any SPARQL 1.1 endpoint with ``endpoint=URL`` (through SPARQLWrapper). The result is a
:class:`QueryResult` whatever the engine. ``params`` binds values to variables by value, never
by pasting text (:mod:`aiwork_kg.sparql.params` says how values are read and bound). Queries with
``SERVICE`` are refused on the embedded store: nothing here reaches the network unless the
caller names an endpoint.

One module per job:

==========================  ===================================================================
:mod:`.catalog`             the query library (queries/*.rq) and its ``#+`` headers
:mod:`.lexer`               the tokenizer: query form, WHERE group, variables, SERVICE
:mod:`.params`              parameter values as RDF terms, the verified VALUES block
:mod:`.syntax`              the syntax check, with Oxigraph's messages made readable
:mod:`.prepared`            a query resolved, checked and bound (:func:`prepare`)
:mod:`.results`             :class:`QueryResult` and its formats
:mod:`.engines`             :func:`query`: the embedded store or a remote endpoint
==========================  ===================================================================
"""
from __future__ import annotations

from .catalog import HEADER_KEYS, LibraryQuery, Param, entry_from_file, get, library, parse_headers
from .engines import query, run_local, run_remote
from .lexer import QueryShape, lex, uses_service
from .params import (
                     IRI_SCHEMES,
                     PARAM_PREFIXES,
                     PARAM_TYPES,
                     PROJECT_SPACES,
                     bind,
                     parse_param,
                     parse_param_value,
                     values_block,
)
from .prepared import PreparedQuery, prepare
from .results import FORMATS, GRAPH_FORMATS, QueryResult, short_term, term_from_json, term_json, term_key
from .syntax import check_syntax

__all__ = [
    "FORMATS", "GRAPH_FORMATS", "HEADER_KEYS", "PARAM_TYPES", "PARAM_PREFIXES", "PROJECT_SPACES",
    "IRI_SCHEMES", "LibraryQuery", "Param", "QueryResult", "PreparedQuery", "QueryShape",
    "query", "prepare", "run_local", "run_remote", "library", "get", "entry_from_file",
    "parse_headers", "parse_param", "parse_param_value", "bind", "values_block", "check_syntax",
    "lex", "uses_service", "term_json", "term_from_json", "term_key", "short_term",
]
