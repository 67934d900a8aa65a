"""Running a query: on the embedded Oxigraph store or on a remote SPARQL 1.1 endpoint.

:func:`query` prepares the query (:mod:`aiwork_kg.sparql.prepared`) and hands it to one of the
two engines: :func:`run_local` on an Oxigraph store (by default the release opened by
:func:`aiwork_kg.store.open_store`), or :func:`run_remote` on an endpoint URL through
SPARQLWrapper. Both return a :class:`~aiwork_kg.sparql.results.QueryResult` built from the same
bound text. Queries with ``SERVICE`` are refused on the embedded store: nothing here reaches the
network unless the caller names an endpoint.
"""
from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Graph

from ..errors import EndpointError, InputError, QueryError
from ..limits import DEFAULT_MAX_ROWS, DEFAULT_TIME_LIMIT, LimitError, time_error
from ..namespaces import PREFIXES, bind_all
from ..safexml import refuse_dtd
from ..terms import from_ox
from .catalog import LibraryQuery
from .lexer import lex, strip_comments
from .params import ABS_IRI_RE, parse_param_value
from .prepared import PreparedQuery, prepare
from .results import QueryResult, term_from_json

__all__ = ["query", "run_local", "run_remote"]


def query(q: str | Path | LibraryQuery, *, params: Mapping[str, Any] | Iterable[str] | None = None,
          endpoint: str | None = None, limit: int | None = None, release_dir: Path | str | None = None,
          store: ox.Store | None = None, timeout: float | None = DEFAULT_TIME_LIMIT,
          queries_dir: Path | str | None = None, max_rows: int | None = DEFAULT_MAX_ROWS,
          default_graph: str | None = None) -> QueryResult:
    """Run a library query (by name), a .rq file or SPARQL text; see aiwork_kg.sparql.

    `endpoint`: a SPARQL 1.1 query endpoint URL (else the embedded store: `store`, or the
    release in `release_dir`, see aiwork_kg.store.open_store). `limit`: at most this many rows.
    `timeout`: seconds (default 60, see aiwork_kg.limits; None or 0: none), on the embedded store
    and on endpoints. `max_rows`: a result with more rows (or triples) is refused (None or 0: none).
    Either limit reached raises aiwork_kg.limits.LimitError naming the query.
    `default_graph`: the IRI of the graph the endpoint is to query as its default graph (sent as
    the protocol's ``default-graph-uri``; stores such as Virtuoso otherwise answer over the union
    of all their graphs); only with `endpoint`."""
    prepared = prepare(q, params, queries_dir=queries_dir)
    if limit is not None and limit < 0:
        raise QueryError(f"--limit must be 0 or more, got {limit}")
    if default_graph is not None:
        if not endpoint:
            raise QueryError("--default-graph names a graph of a remote store: use it with --endpoint URL "
                             "(the embedded store holds the release in its default graph)")
        if not ABS_IRI_RE.fullmatch(default_graph):
            raise QueryError(f"--default-graph must be an absolute IRI, got {default_graph!r}")
        parse_param_value(default_graph, "iri", "--default-graph")
    if endpoint:
        cap = _row_cap(limit, max_rows)
        return _check_rows(prepared, run_remote(prepared, endpoint, cap, timeout, default_graph),
                           limit, max_rows, cap)
    if prepared.has_service:
        raise QueryError(f"{prepared.source}: the query uses SERVICE, which would reach the network; "
                         "the embedded store never does. Run it on an endpoint with --endpoint URL")
    if store is None:
        from ..store import open_store

        store = open_store(release_dir)
    return run_local_limited(prepared, store, limit, timeout=timeout, max_rows=max_rows)


def run_local_limited(p: PreparedQuery, store: ox.Store, limit: int | None = None, *,
                      timeout: float | None = DEFAULT_TIME_LIMIT,
                      max_rows: int | None = DEFAULT_MAX_ROWS) -> QueryResult:
    """:func:`run_local` within a time limit and a result size limit (aiwork_kg.limits).

    pyoxigraph evaluates in native code that cannot be interrupted, but releases the GIL: the
    query runs in a daemon thread and the caller stops waiting at the limit (the thread ends with
    the process; the command line exits right after the error)."""
    box: dict[str, Any] = {}
    cap = _row_cap(limit, max_rows)

    def work() -> None:
        try:
            box["result"] = run_local(p, store, cap)
        except BaseException as exc:  # noqa: BLE001 - handed to the waiting caller
            box["error"] = exc

    worker = threading.Thread(target=work, name="aiwork-kg-query", daemon=True)
    worker.start()
    worker.join(timeout if timeout and timeout > 0 else None)
    if worker.is_alive():
        raise time_error(p.source, float(timeout or 0), "option --timeout")
    if "error" in box:
        raise box["error"]
    return _check_rows(p, box["result"], limit, max_rows, cap)


def _row_cap(limit: int | None, max_rows: int | None) -> int | None:
    """How many rows (or triples) to read: the caller's `limit`, or one past the size limit."""
    return limit if limit is not None and (not max_rows or limit <= max_rows) else max_rows or None


def _check_rows(p: PreparedQuery, result: QueryResult, limit: int | None, max_rows: int | None,
                cap: int | None) -> QueryResult:
    """`result`, or LimitError when it was cut at the size limit rather than at the caller's limit."""
    if max_rows and result.truncated and cap == max_rows and (limit is None or limit > max_rows):
        raise LimitError(p.source, f"the result has more than {max_rows} rows, over the size limit "
                         "(option --max-rows); add LIMIT to the query or raise the limit", kind="size")
    return result


def run_local(p: PreparedQuery, store: ox.Store, limit: int | None = None) -> QueryResult:
    """Run a prepared query on an Oxigraph store (the project prefixes predeclared)."""
    try:
        res = store.query(p.text, prefixes=PREFIXES)
    except SyntaxError as exc:  # checked before; only reachable if binding broke the text
        raise QueryError(f"{p.source}: {exc}") from None
    except OSError as exc:
        raise QueryError(f"{p.source}: the store failed: {exc}") from None
    out = QueryResult(p.kind, ordered=p.ordered, source=p.source)
    if isinstance(res, ox.QueryBoolean):
        out.kind, out.boolean = "ask", bool(res)
    elif isinstance(res, ox.QuerySolutions):
        out.kind = "select"
        variables = list(res.variables)
        out.variables = [v.value for v in variables]
        for sol in res:
            if limit is not None and len(out.rows) >= limit:
                out.truncated = True
                break
            out.rows.append(tuple(from_ox(sol[v]) for v in variables))
    else:
        out.kind = "construct"
        graph = bind_all(Graph())
        for n, triple in enumerate(res):
            if limit is not None and n >= limit:
                out.truncated = True
                break
            graph.add((from_ox(triple.subject), from_ox(triple.predicate), from_ox(triple.object)))
        out.graph = graph
    return out


def _with_prefixes(text: str) -> str:
    """Declare the project prefixes the query uses without declaring them (for remote use)."""
    shape = lex(text)
    missing = [p for p in PREFIXES if p not in shape.prefixes]
    return "".join(f"PREFIX {p}: <{PREFIXES[p]}>\n" for p in missing) + text


def _ask_table(data: Mapping[str, Any]) -> bool | None:
    """The answer of an ASK query that an endpoint returned as a one-column table.

    Virtuoso builds without the JSON boolean writer (openlink/virtuoso-opensource issue 1016,
    e.g. Debian's 7.2.5) answer ASK with the variable ``__ASK_RETVAL``: one row holding 1 for
    true, no row for false. None for any other table."""
    variables = list(data.get("head", {}).get("vars", []))
    if len(variables) != 1 or variables[0].lower() != "__ask_retval":
        return None
    rows = data.get("results", {}).get("bindings", [])
    if not rows:
        return False
    value = str(rows[0].get(variables[0], {}).get("value", "")).strip().lower()
    return value in ("1", "true")


def run_remote(p: PreparedQuery, endpoint: str, limit: int | None = None,
               timeout: float | None = None, default_graph: str | None = None) -> QueryResult:
    """Run a prepared query on a SPARQL 1.1 endpoint with SPARQLWrapper (POST, form-encoded).

    The text is sent without its comments, with the project prefixes it does not declare itself
    declared; transport failures raise EndpointError, a query the endpoint rejects QueryError."""
    from urllib.error import HTTPError, URLError

    from SPARQLWrapper import ASK, CONSTRUCT, DESCRIBE, JSON, POST, SELECT, TURTLE, URLENCODED, SPARQLWrapper
    from SPARQLWrapper.SPARQLExceptions import QueryBadFormed, SPARQLWrapperException

    from .. import __version__

    if not re.match(r"https?://[^\s/]+", endpoint):
        raise EndpointError(f"{endpoint}: expected an http:// or https:// SPARQL endpoint URL")
    sw = SPARQLWrapper(endpoint, agent=f"aiwork-kg/{__version__}")
    sw.setQuery(_with_prefixes(strip_comments(p.text)))
    # SPARQLWrapper guesses the query form with a regular expression that can be fooled by
    # words in comments ("address" -> ADD, an update); we know the form from our own lexer
    sw.queryType = {"SELECT": SELECT, "ASK": ASK, "CONSTRUCT": CONSTRUCT,
                    "DESCRIBE": DESCRIBE}.get(lex(p.text).form, SELECT)
    sw.setMethod(POST)
    sw.setRequestMethod(URLENCODED)
    if default_graph:
        sw.addParameter("default-graph-uri", default_graph)
    sw.setReturnFormat(TURTLE if p.kind == "construct" else JSON)
    if timeout:
        sw.setTimeout(int(max(1, timeout)))
    try:
        response = sw.query()
        body = response.response.read()
        ctype = (response.info().get("content-type") or "").split(";")[0].strip().lower()
    except QueryBadFormed as exc:
        raise QueryError(f"{endpoint}: the endpoint rejected the query: {exc}") from None
    except (SPARQLWrapperException, HTTPError, URLError, OSError, ValueError) as exc:
        raise EndpointError(f"{endpoint}: {exc}") from None
    out = QueryResult(p.kind, ordered=p.ordered, source=p.source, endpoint=endpoint)
    if p.kind == "construct":
        fmt = {"application/n-triples": "nt", "text/plain": "nt", "application/rdf+xml": "xml",
               "application/ld+json": "json-ld", "application/n-quads": "nquads"}.get(ctype, "turtle")
        graph = bind_all(Graph())
        try:
            if fmt == "xml":  # never a DTD or entity from a remote server (aiwork_kg.safexml)
                refuse_dtd(body, endpoint)
            graph.parse(data=body, format=fmt)
        except InputError as exc:
            raise EndpointError(f"{endpoint}: the graph it returned is refused: {exc.message}") from None
        except Exception as exc:  # noqa: BLE001 - rdflib's parsers raise many types; the message is kept
            raise EndpointError(f"{endpoint}: the graph it returned does not parse ({exc})") from None

        if limit is not None and len(graph) > limit:
            kept = sorted(graph, key=lambda t: tuple(str(x) for x in t))[:limit]
            graph = bind_all(Graph())
            for t in kept:
                graph.add(t)
            out.truncated = True
        out.graph = graph
        return out
    try:
        data = json.loads(body)
    except ValueError as exc:
        raise EndpointError(f"{endpoint}: expected SPARQL JSON results ({ctype or 'no content type'}): {exc}") from None
    if "boolean" in data:
        out.kind, out.boolean = "ask", bool(data["boolean"])
        return out
    if p.kind == "ask":
        boolean = _ask_table(data)
        if boolean is None:
            raise EndpointError(f"{endpoint}: expected a boolean for an ASK query, got a table")
        out.kind, out.boolean = "ask", boolean
        return out
    out.kind = "select"
    out.variables = list(data.get("head", {}).get("vars", []))
    for b in data.get("results", {}).get("bindings", []):
        if limit is not None and len(out.rows) >= limit:
            out.truncated = True
            break
        out.rows.append(tuple(term_from_json(b[v]) if v in b else None for v in out.variables))
    return out
