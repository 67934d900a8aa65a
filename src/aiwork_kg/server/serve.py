"""A read-only SPARQL 1.1 Protocol endpoint over the embedded store, and the validator over HTTP.

Routes (a WSGI application served by werkzeug):

``GET /sparql?query=…``, ``POST /sparql`` (form-encoded ``query=…`` or a body of type
``application/sparql-query``)
    SPARQL 1.1 Protocol, section 2.1. ``default-graph-uri`` / ``named-graph-uri`` set the RDF
    dataset of the query. Results by content negotiation (``Accept``, or a ``format``/``output``
    parameter): SELECT and ASK as ``application/sparql-results+json`` (default), ``+xml``,
    ``text/csv``, ``text/tab-separated-values``; CONSTRUCT and DESCRIBE as ``text/turtle``
    (default; also to ``text/n3`` and ``format=n3``: Turtle is N3), ``application/n-triples``,
    ``application/ld+json``, ``application/rdf+xml``, ``application/n-quads``,
    ``application/trig``. The format names and the aliases are in :mod:`.protocol`.

    Status codes: 400 a malformed query (the parser's message) or bad parameters; 403 an update
    (an ``update`` parameter or an ``application/sparql-update`` body) or a federated query
    (``SERVICE``, found by :func:`aiwork_kg.sparql.lexer.uses_service`, the same check as
    ``aiwork-kg query``): the endpoint is read-only and never fetches anything; 405 other
    methods; 406 no acceptable result format; 415 another request body type; 503 the query ran
    over the time limit (it is stopped) or no worker became free in time.

    Why 403 for updates: SPARQL 1.1 Protocol leaves a read-only service's answer open. 405
    (Method Not Allowed) would claim that POST is not allowed at /sparql, which is wrong (POST
    queries are); the request is understood and refused by policy, which is what 403 says.
    Why 503 for the time limit: the service refuses to spend more time on the request (as Jena
    Fuseki does for a cancelled query); 500 would report a fault of the server.

``GET /sparql`` without a query
    The SPARQL 1.1 Service Description (features, result formats, the default dataset with its
    named graphs; :func:`.protocol.service_description`) as Turtle (default), RDF/XML or JSON-LD,
    or HTML for a browser.

``POST /validate``
    A description of AI systems (``text/turtle``, ``application/ld+json``,
    ``application/n-triples`` or ``application/rdf+xml``), with ``?reading=``, ``?as_of=``,
    ``?lang=`` and ``?rule_set=`` (repeatable; default: every rule set whose scope the description
    falls in, see aiwork_kg.validator.rulesets); answers the verdicts in JSON (default; the validator's own JSON, as
    ``aiwork-kg validate --format json`` prints it) or Turtle (``Accept: text/turtle``; the SHACL
    report and the verdicts, as ``--format turtle``). The body is named ``request.ttl`` (or
    ``.jsonld``, ``.nt``, ``.rdf``) in messages; broken input gives 400 with its line.

``OPTIONS /sparql``, ``OPTIONS /validate`` and cross-origin requests (CORS)
    Every answer of these two routes carries ``Access-Control-Allow-Origin: *``; a preflight is
    answered 204 with the methods and request headers allowed (:mod:`.cors`), so that browser
    clients on another origin (YASGUI, Comunica) can use the endpoint. Updates stay refused.

Queries run in worker processes (:mod:`.workers`) that are killed at the time limit.
"""
from __future__ import annotations

import datetime as _dt
import io
import json
import re
import threading
from dataclasses import dataclass
from html import escape
from pathlib import Path

from werkzeug.datastructures import MIMEAccept
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge
from werkzeug.http import parse_accept_header
from werkzeug.serving import BaseWSGIServer, make_server
from werkzeug.wrappers import Request, Response

from ..errors import AiworkError
from ..languages import DEFAULT_LANGUAGE, LANGUAGES
from ..sparql.lexer import uses_service
from . import cors, protocol
from .answers import MAX_BYTES as ANSWER_CACHE_BYTES
from .answers import AnswerCache, cacheable_seconds
from .protocol import FORMAT_PARAM, N3_TYPES
from .workers import SOLUTION_FORMATS, TRIPLE_FORMATS, QueryPool, QueryRequest

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
DEFAULT_TIMEOUT = 30.0
MAX_BODY = 16 * 1024 * 1024      # request bodies (queries, descriptions): larger is 413
MAX_RESULT = 64 * 1024 * 1024    # serialized results (query results, verdicts): larger is 413

# media types a client may ask for -> the canonical type served (first = the default)
SOLUTION_ALIASES = {
    "application/sparql-results+json": "application/sparql-results+json",
    "application/json": "application/sparql-results+json",
    "application/sparql-results+xml": "application/sparql-results+xml",
    "application/xml": "application/sparql-results+xml",
    "text/xml": "application/sparql-results+xml",
    "text/csv": "text/csv",
    "text/tab-separated-values": "text/tab-separated-values",
}
TRIPLE_ALIASES = {
    "text/turtle": "text/turtle",
    "application/turtle": "text/turtle",
    "application/x-turtle": "text/turtle",
    "application/n-triples": "application/n-triples",
    "text/plain": "application/n-triples",
    "application/ld+json": "application/ld+json",
    "application/json": "application/ld+json",
    "application/rdf+xml": "application/rdf+xml",
    "application/xml": "application/rdf+xml",
    "text/xml": "application/rdf+xml",
    **dict.fromkeys(N3_TYPES, "text/turtle"),  # Turtle is N3: what Fuseki and Virtuoso answer
    "application/n-quads": "application/n-quads",
    "application/trig": "application/trig",
}
TEXT_TYPES = {"text/csv", "text/tab-separated-values", "text/turtle", "application/n-triples",
              "application/n-quads", "application/trig"}

# request body types of POST /validate -> rdflib parser names (see aiwork_kg.rdfio)
DESCRIPTION_TYPES = {
    "text/turtle": "turtle",
    "application/x-turtle": "turtle",
    "application/ld+json": "json-ld",
    "application/json": "json-ld",
    "application/n-triples": "nt",
    "application/rdf+xml": "xml",
}
DESCRIPTION_SUFFIX = {"turtle": ".ttl", "json-ld": ".jsonld", "nt": ".nt", "xml": ".rdf"}

def negotiate(accept: str | None, aliases: dict[str, str]) -> list[str]:
    """Canonical media types acceptable under an Accept header, best first (server order on ties)."""
    canonical = list(dict.fromkeys(aliases.values()))
    if not accept or not accept.strip():
        return canonical
    parsed = parse_accept_header(accept, MIMEAccept)
    quality = dict.fromkeys(canonical, 0.0)
    for offered, target in aliases.items():
        quality[target] = max(quality[target], parsed.quality(offered))
    ranked = sorted((c for c in canonical if quality[c] > 0), key=lambda c: (-quality[c], canonical.index(c)))
    return ranked


def _is_iri(value: str) -> bool:
    return bool(re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:[^<>\"{}|^`\\\s]*$", value))


def _text(status: int, message: str, **headers) -> Response:
    return Response(message.rstrip("\n") + "\n", status=status, mimetype="text/plain", headers=headers)


@dataclass
class _Params:
    query: str | None
    update: bool
    default_graphs: list[str]
    named_graphs: list[str]
    format: str | None


class SparqlApp:
    """The WSGI application: ``/sparql`` (read-only SPARQL 1.1 Protocol) and ``/validate``.

    Holds a :class:`~.workers.QueryPool`; call :meth:`close` to stop its worker processes.
    """

    def __init__(self, release_dir: Path | str | None = None, *, timeout: float = DEFAULT_TIMEOUT,
                 processes: int = 2, pool: QueryPool | None = None, max_body: int = MAX_BODY,
                 max_result: int = MAX_RESULT, answer_cache_bytes: int = ANSWER_CACHE_BYTES):
        self.release_dir = release_dir
        # repeated GETs of pages that say they may be kept (.answers); 0 bytes: none kept
        self.answers = AnswerCache(answer_cache_bytes) if answer_cache_bytes > 0 else None
        self.timeout = float(timeout)
        self.max_body = int(max_body)
        self.max_result = int(max_result)
        self.pool = pool or QueryPool(release_dir, processes=processes, timeout=timeout)
        self._triples: int | None = None
        self._graphs: dict[str, int] | None = None
        self._triples_lock = threading.Lock()

    def close(self) -> None:
        self.pool.close()

    # -- WSGI -------------------------------------------------------------------------------
    def __call__(self, environ, start_response):
        answers = self.answers
        key = answers.key(environ) if answers is not None else None
        if answers is not None and key is not None:
            kept = answers.get(key)
            if kept is not None:
                start_response(kept.status, kept.headers)
                return [kept.body]
        request = Request(environ)
        request.max_content_length = self.max_body
        route = cors.cors_route(request.path)
        try:
            if route is not None and request.method == "OPTIONS":
                response = cors.preflight(request, route)
            else:
                response = self.dispatch(request)
        except RequestEntityTooLarge:
            response = _text(413, f"the request body is larger than the limit of {self.max_body} bytes")
        except HTTPException as exc:
            response = exc.get_response(environ)
        if route is not None:  # readable from any origin, errors included (see .cors)
            cors.add_headers(response)
        if (answers is not None and key is not None and response.status_code == 200 and not response.is_streamed
                and cacheable_seconds(response.headers.get("Cache-Control"))):
            body = response.get_data()
            _iter, status, header_list = response.get_wsgi_response(environ)
            answers.put(key, status, header_list, body)
            start_response(status, header_list)
            return [body]
        return response(environ, start_response)

    def dispatch(self, request: Request) -> Response:
        from .. import web

        path = request.path.rstrip("/") or "/"
        page = web.dispatch(self, request, phase="exact")  # the web pages' own paths (aiwork_kg.web)
        if page is not None:
            return page
        if path == "/sparql":
            return self.sparql(request)
        if path == "/validate":
            return self.validate(request)
        if path == "/health":
            return self.health(request)
        if path.startswith("/release/") or path in ("/context.jsonld", "/resource"):
            return self.resolve(request, path)
        page = web.dispatch(self, request, phase="fallback")  # a resource page, a static file or the 404 page
        if page is not None:
            return page
        return _text(404, f"{request.path}: not found; the endpoints are /sparql and /validate")

    # -- /health (process model and limits: aiwork_kg.server.production) ---------------------
    def health(self, request: Request) -> Response:
        """Liveness and readiness, cheap (no query is run): 200 while the query workers live."""
        import os

        alive = self.pool.alive()
        body = {"status": "ok" if alive else "unavailable", "pid": os.getpid(), "query_workers": alive,
                "time_limit_seconds": self.timeout, "max_body_bytes": self.max_body,
                "max_result_bytes": self.max_result}
        return Response(json.dumps(body), status=200 if alive else 503, mimetype="application/json",
                        headers={"Cache-Control": "no-store"})

    # -- /sparql ----------------------------------------------------------------------------
    def _params(self, request: Request) -> _Params | Response:
        if request.method in ("GET", "HEAD"):
            source = request.args
            query_list = source.getlist("query")
        elif request.method == "POST":
            mimetype = request.mimetype
            if mimetype == "application/sparql-update":
                return _text(403, "updates are refused: this SPARQL endpoint is read-only")
            if mimetype == "application/x-www-form-urlencoded":
                source = request.form
                query_list = source.getlist("query") + request.args.getlist("query")
                if "update" in request.args:
                    return _text(403, "updates are refused: this SPARQL endpoint is read-only")
            elif mimetype == "application/sparql-query":
                source = request.args
                query_list = [request.get_data(as_text=True)]
                if source.getlist("query"):
                    return _text(400, "a query in the body (application/sparql-query) and in the URL: "
                                      "send it in one place")
            else:
                return _text(415, f"POST a query as application/x-www-form-urlencoded or "
                                  f"application/sparql-query, not {mimetype or 'an untyped body'}")
        else:
            return _text(405, f"{request.method} is not allowed on /sparql; use GET or POST",
                         Allow=cors.allow("/sparql"))
        if "update" in source:
            return _text(403, "updates are refused: this SPARQL endpoint is read-only")
        if len(query_list) > 1:
            return _text(400, "more than one query parameter: send exactly one query")
        graphs = {}
        for name in ("default-graph-uri", "named-graph-uri"):
            values = source.getlist(name) + (request.args.getlist(name) if source is not request.args else [])
            for value in values:
                if not _is_iri(value):
                    return _text(400, f"{name}={value!r}: expected an absolute IRI")
            graphs[name] = values
        fmt = source.get("format") or source.get("output") or request.args.get("format") or request.args.get("output")
        return _Params(query_list[0] if query_list else None, False, graphs["default-graph-uri"],
                       graphs["named-graph-uri"], fmt)

    def sparql(self, request: Request) -> Response:
        params = self._params(request)
        if isinstance(params, Response):
            return params
        if params.query is None:
            if request.method == "POST":
                return _text(400, "no query: send query=… (form) or an application/sparql-query body")
            return self.service_description(request)
        if not params.query.strip():
            return _text(400, "the query is empty")
        if uses_service(params.query):
            return _text(403, "federated queries (SERVICE) are refused: this endpoint answers from its "
                              "own graph and never fetches anything")
        accept = request.headers.get("Accept")
        solution_types = negotiate(accept, SOLUTION_ALIASES)
        triple_types = negotiate(accept, TRIPLE_ALIASES)
        if params.format:
            key = params.format.strip().lower()
            forced = FORMAT_PARAM.get(key)
            if forced is None and key in SOLUTION_FORMATS:
                forced = (key, None)
            elif forced is None and key in TRIPLE_FORMATS:
                forced = (None, key)
            if forced is None:
                return _text(400, f"format={params.format!r}: expected one of {', '.join(FORMAT_PARAM)} "
                                  "or a media type")
            if forced[0]:
                solution_types = [forced[0]]
            if forced[1]:
                triple_types = [forced[1]]
        answer = self.pool.run(QueryRequest(params.query, solution_types, triple_types,
                                            params.default_graphs, params.named_graphs,
                                            max_bytes=self.max_result))
        if answer.status == "ok":
            assert answer.media_type is not None  # an "ok" answer names its format (workers._answer)
            media = answer.media_type + ("; charset=utf-8" if answer.media_type in TEXT_TYPES else "")
            response = Response(answer.body, status=200, content_type=media)
            response.headers["Vary"] = "Accept"
            response.headers["X-Query-Seconds"] = f"{answer.seconds:.3f}"
            return response
        if answer.status == "syntax":
            return _text(400, f"malformed query: {answer.message}")
        if answer.status == "not-acceptable":
            return _text(406, answer.message)
        if answer.status in ("timeout", "busy"):
            return _text(503, answer.message)
        if answer.status == "too-large":
            return _text(413, answer.message)
        return _text(500, f"the query failed: {answer.message}")

    def triple_count(self) -> int | None:
        with self._triples_lock:
            if self._triples is None:
                answer = self.pool.run(QueryRequest("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
                                                    ["application/sparql-results+json"], []))
                if answer.status == "ok":
                    data = json.loads(answer.body)
                    self._triples = int(data["results"]["bindings"][0]["n"]["value"])
            return self._triples

    def named_graphs(self) -> dict[str, int]:
        """The store's named graphs and their triple counts (asked once, then kept)."""
        with self._triples_lock:
            if self._graphs is None:
                answer = self.pool.run(QueryRequest(
                    "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g",
                    ["application/sparql-results+json"], []))
                if answer.status != "ok":
                    return {}
                rows = json.loads(answer.body)["results"]["bindings"]
                self._graphs = {row["g"]["value"]: int(row["n"]["value"]) for row in rows}
            return self._graphs

    def service_description(self, request: Request) -> Response:
        """The SPARQL 1.1 Service Description (:func:`.protocol.service_description`) in Turtle,
        RDF/XML or JSON-LD by content negotiation (or ``format=``), or the HTML page for a browser."""
        endpoint = request.base_url
        accept = request.headers.get("Accept")
        fmt = request.args.get("format") or request.args.get("output")
        if fmt:
            media = protocol.DESCRIPTION_FORMAT_PARAM.get(fmt.strip().lower())
            if media is None:
                return _text(400, f"format={fmt!r}: the service description is available as "
                                  + ", ".join(protocol.DESCRIPTION_FORMAT_PARAM))
            types = [media]
        else:
            types = negotiate(accept, protocol.DESCRIPTION_ALIASES)  # no Accept or */*: Turtle
        if not types:
            return _text(406, "the service description is available as text/turtle, application/rdf+xml, "
                              "application/ld+json or text/html")
        if types[0] == "text/html":
            return Response(self._html(request), mimetype="text/html", headers={"Vary": "Accept"})
        from ..release import DATASET_IRI

        description = protocol.service_description(
            endpoint, timeout=self.timeout, dataset=str(DATASET_IRI), default_triples=self.triple_count(),
            named_graphs=self.named_graphs(), result_types=list(SOLUTION_FORMATS) + list(TRIPLE_FORMATS))
        media = types[0]
        body = protocol.serialize_description(description, media)
        content_type = media + ("; charset=utf-8" if media == "text/turtle" else "")
        return Response(body, content_type=content_type, headers={"Vary": "Accept"})

    def _html(self, request: Request) -> str:
        endpoint = escape(request.base_url)
        example = "SELECT * WHERE { ?s ?p ?o } LIMIT 10"
        return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>aiwork-kg SPARQL endpoint</title></head>
<body><h1>aiwork-kg SPARQL endpoint</h1>
<p>Read-only SPARQL 1.1 endpoint at <code>{endpoint}</code>: GET <code>?query=…</code> or POST
(form-encoded or <code>application/sparql-query</code>). Each query stops after {self.timeout:g} s;
updates and <code>SERVICE</code> are refused.</p>
<form method="get" action="{endpoint}"><textarea name="query" rows="8" cols="80">{example}</textarea>
<br><button type="submit">Run</button></form>
<p>Validator: POST a description (Turtle, JSON-LD, N-Triples, RDF/XML) to <code>/validate</code>.</p>
</body></html>
"""

    # -- the targets of the w3id redirects (w3id/aiwork/.htaccess) ---------------------------
    def resolve(self, request: Request, path: str) -> Response:
        """``/release/{file}``, ``/context.jsonld``, ``/resource?iri=`` (see :mod:`.resolve`)."""
        from . import resolve

        if request.method not in ("GET", "HEAD"):
            return _text(405, f"{request.method} is not allowed on {path}; use GET", Allow="GET")
        if path == "/context.jsonld":
            return resolve.context()
        if path == "/resource":
            return resolve.resource(request, self.pool, negotiate)
        return resolve.release_file_response(self.release_dir, path[len("/release/"):])

    # -- /validate --------------------------------------------------------------------------
    def validate(self, request: Request) -> Response:
        if request.method != "POST":
            return _text(405, "POST a description of AI systems to /validate", Allow=cors.allow("/validate"))
        fmt = DESCRIPTION_TYPES.get(request.mimetype)
        if fmt is None:
            return _text(415, f"send the description as {', '.join(DESCRIPTION_TYPES)}, "
                              f"not {request.mimetype or 'an untyped body'}")
        out = negotiate(request.headers.get("Accept"), {"application/json": "application/json",
                                                        "text/turtle": "text/turtle"})
        if not out:
            return _text(406, "the verdicts are available as application/json or text/turtle")
        from ..validator.shapes import DEFAULT_READING

        reading = request.args.get("reading", DEFAULT_READING)
        lang = request.args.get("lang", DEFAULT_LANGUAGE)
        as_of = request.args.get("as_of")
        engine = request.args.get("engine", "fast")  # "reference": pySHACL (aiwork_kg.validator.fast)
        if lang not in LANGUAGES:
            return self._validate_error(400, out[0], f"lang={lang!r}: expected one of {', '.join(LANGUAGES)}")
        if as_of is not None:
            try:
                _dt.date.fromisoformat(as_of)
            except ValueError:
                return self._validate_error(400, out[0], f"as_of={as_of!r}: expected a date YYYY-MM-DD")
        body = io.BytesIO(request.get_data())
        body.name = "request" + DESCRIPTION_SUFFIX[fmt]  # the validator parses it by this suffix
        try:
            from ..validator import validate as run_validation
            from ..validator.render import render_turtle
        except ImportError:
            return self._validate_error(501, out[0], "the validator is not part of this installation")
        try:
            run = run_validation([body], rule_sets=request.args.getlist("rule_set") or None,
                                 reading=reading, as_of=as_of, lang=lang,
                                 keep_reports=out[0] == "text/turtle", time_limit=self.timeout,
                                 max_bytes=self.max_body, engine=engine)
        except AiworkError as exc:
            return self._validate_error(400, out[0], str(exc))
        status = self._validation_status(run)
        if out[0] == "text/turtle" and not run.errors:
            payload = render_turtle(run).encode("utf-8")
            media = "text/turtle"
        elif out[0] == "text/turtle":
            return _text(status, "\n".join(str(e) for e in run.errors))
        else:
            payload = run.to_json().encode("utf-8")
            media = "application/json"
        if len(payload) > self.max_result:
            return self._validate_error(413, out[0], f"the verdicts are {len(payload)} bytes, over the limit of "
                                                     f"{self.max_result} bytes of this server; send fewer systems")
        return Response(payload, status=status, mimetype=media, headers={"Vary": "Accept"})

    @staticmethod
    def _validation_status(run) -> int:
        """200; 400 for bad input; 503 at the time limit, 413 at a size limit (aiwork_kg.limits)."""
        from ..limits import LimitError

        if not run.errors:
            return 200
        kinds = {e.kind for e in run.errors if isinstance(e, LimitError)}
        if "time" in kinds:
            return 503
        if "size" in kinds:
            return 413
        return 400

    @staticmethod
    def _validate_error(status: int, media: str, message: str) -> Response:
        if media == "application/json":
            body = {"exit_code": 2, "results": [],
                    "errors": [{"source": "request", "line": None, "column": None, "message": message}]}
            return Response(json.dumps(body, ensure_ascii=False), status=status, mimetype="application/json")
        return _text(status, message)


@dataclass
class RunningServer:
    """A server started by :func:`start`: its URL, and :meth:`stop` to shut it down."""

    url: str
    host: str
    port: int
    app: SparqlApp
    _server: BaseWSGIServer
    _thread: threading.Thread | None = None

    @property
    def sparql_url(self) -> str:
        return self.url + "/sparql"

    @property
    def validate_url(self) -> str:
        return self.url + "/validate"

    def serve_forever(self) -> None:
        try:
            self._server.serve_forever()
        finally:
            self._server.server_close()
            self.app.close()

    def stop(self) -> None:
        self._server.shutdown()
        if self._thread is not None:
            self._thread.join(10)
        else:
            self._server.server_close()
            self.app.close()

    def __enter__(self) -> RunningServer:
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def start(host: str = DEFAULT_HOST, port: int = DEFAULT_PORT, *, release_dir: Path | str | None = None,
          timeout: float = DEFAULT_TIMEOUT, processes: int = 2, background: bool = True) -> RunningServer:
    """Open the store in the query workers and bind the server (port 0 picks a free one).

    With `background` the server runs in a daemon thread (stop it with ``.stop()``); otherwise
    call ``.serve_forever()``. Raises ServeError if the store cannot be opened, and
    EndpointError-like OSError messages as ServeError if the address is taken.
    """
    from .workers import ServeError

    app = SparqlApp(release_dir, timeout=timeout, processes=processes)
    try:
        server = make_server(host, port, app, threaded=True)
    except (OSError, SystemExit) as exc:
        app.close()
        raise ServeError(f"cannot listen on {host}:{port}: {exc}") from exc
    bound_port = server.server_port
    shown = f"[{host}]" if ":" in host else host
    running = RunningServer(f"http://{shown}:{bound_port}", host, bound_port, app, server)
    if background:
        thread = threading.Thread(target=running.serve_forever, name="aiwork-kg-serve", daemon=True)
        running._thread = thread
        thread.start()
    return running
