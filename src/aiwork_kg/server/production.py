"""`aiwork-kg serve` on gunicorn: worker processes, graceful shutdown, access log, limits.

The process model (reasons in docs/decisions/2026-12-06-production-server.md):

* a gunicorn master binds the address and supervises ``workers`` worker processes (``gthread``
  workers, ``threads`` requests at a time each); a worker that dies is replaced;
* each worker builds its own :class:`~.serve.SparqlApp` after the fork (no preloading), so no
  Python state is shared between workers; within a worker, the SPARQL queries run in its own
  pool of query processes (:class:`~.workers.QueryPool`, killed at the time limit) and the
  validations in its threads, under the per-request time limit (:mod:`aiwork_kg.limits`) and
  with rdflib's SPARQL parser serialised (:mod:`aiwork_kg.parserlock`);
* SIGTERM (or SIGINT) makes the master stop accepting connections and the workers finish the
  requests they hold (up to the time limit plus a margin) before they close their query pools and
  exit; the master then exits with status 0;
* every request is written to the access log (standard output by default; errors go to stderr).
"""
from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from ..errors import AiworkError
from .answers import MAX_BYTES
from .serve import DEFAULT_HOST, DEFAULT_PORT, DEFAULT_TIMEOUT, MAX_BODY, MAX_RESULT, SparqlApp

DEFAULT_WORKERS = 2
DEFAULT_THREADS = 4
DEFAULT_QUERY_PROCESSES = 2
ANSWER_CACHE_MB = MAX_BYTES // (1024 * 1024)
ACCESS_LOG_FORMAT = '%(h)s "%(r)s" %(s)s %(B)s %(M)sms "%(a)s"'


@dataclass
class ServerOptions:
    """What `aiwork-kg serve` is started with (see :func:`serve`)."""

    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT
    release_dir: Path | str | None = None
    timeout: float = DEFAULT_TIMEOUT
    workers: int = DEFAULT_WORKERS
    threads: int = DEFAULT_THREADS
    query_processes: int = DEFAULT_QUERY_PROCESSES
    max_body: int = MAX_BODY
    max_result: int = MAX_RESULT
    access_log: str | None = "-"   # a file, "-" for standard output, None for none
    answer_cache_mb: float = ANSWER_CACHE_MB  # repeated GET answers kept per worker (.answers); 0: none
    announce: bool = True          # print the URLs once the address is bound


_APP: SparqlApp | None = None  # the application of this worker process


def _load_app(options: ServerOptions) -> SparqlApp:
    global _APP
    if _APP is None:
        _APP = SparqlApp(options.release_dir, timeout=options.timeout, processes=options.query_processes,
                         max_body=options.max_body, max_result=options.max_result,
                         answer_cache_bytes=int(options.answer_cache_mb * 1024 * 1024))
        _warm_up()
    return _APP


WARM_UP = b"""@prefix aiw: <https://w3id.org/aiwork/ontology#> .
<https://example.org/warm-up> a aiw:NonAISystem .
"""


def _warm_up() -> None:
    """One small validation before the first request: the closure, the shapes and rdflib's SPARQL
    parser are loaded once, in one thread, so the first requests are not slow."""
    import io

    from ..validator import validate

    body = io.BytesIO(WARM_UP)
    body.name = "warm-up.ttl"
    validate([body])


def _close_app(server=None, worker=None) -> None:
    """gunicorn's worker_exit hook: stop this worker's query processes."""
    global _APP
    if _APP is not None:
        _APP.close()
        _APP = None


def gunicorn_settings(options: ServerOptions) -> dict:
    """The gunicorn settings for `options` (also what the tests inspect)."""
    shown = f"[{options.host}]" if ":" in options.host else options.host
    return {
        "bind": [f"{shown}:{options.port}"],
        "workers": options.workers,
        "worker_class": "gthread",
        "threads": options.threads,
        # a gthread worker's heartbeat runs beside its requests; this only catches a hung worker
        "timeout": int(max(30, options.timeout * 2 + 10)),
        "graceful_timeout": int(options.timeout + 10),
        "keepalive": 5,
        "limit_request_line": 8190,       # long queries go in a POST body (max_body)
        "limit_request_fields": 100,
        "limit_request_field_size": 8190,
        "accesslog": options.access_log,  # "-": standard output
        "access_log_format": ACCESS_LOG_FORMAT,
        "errorlog": "-",
        "loglevel": "warning",
        "preload_app": False,             # each worker builds its own app after the fork
        "proc_name": "aiwork-kg-serve",
    }


def _check_release(release_dir) -> None:
    """Fail before forking if there is no store to serve (the same message as open_store)."""
    from ..store import find_release_ntriples

    if release_dir is not None and find_release_ntriples(release_dir) is None:
        from ..store import open_store

        open_store(release_dir)  # raises ReleaseNotFoundError with the message


class ServeError(AiworkError):
    """The server cannot start."""


def serve(options: ServerOptions) -> int:
    """Run the server in the foreground until SIGTERM or SIGINT; returns the exit status."""
    try:
        from gunicorn.app.base import BaseApplication
    except ImportError as exc:  # gunicorn has no Windows support
        raise ServeError(f"the production server needs gunicorn ({exc}); on Windows use WSL") from exc
    _check_release(options.release_dir)
    settings = gunicorn_settings(options)

    def when_ready(server) -> None:
        if not options.announce:
            return
        for listener in server.LISTENERS:
            host, port = listener.sock.getsockname()[:2]
            shown = f"[{host}]" if ":" in host else host
            base = f"http://{shown}:{port}"
            print(f"SPARQL endpoint: {base}/sparql (read-only, {options.timeout:g} s per query)\n"
                  f"validator:       {base}/validate (POST a description)\n"
                  f"health:          {base}/health\n"
                  f"{options.workers} worker process(es) x {options.threads} threads; "
                  "SIGTERM or Ctrl-C stops the server gracefully.", file=sys.stderr, flush=True)

    class Application(BaseApplication):
        def load_config(self) -> None:
            for key, value in settings.items():
                self.cfg.set(key, value)
            self.cfg.set("when_ready", when_ready)
            self.cfg.set("worker_exit", _close_app)

        def load(self):
            return _load_app(options)

    try:
        Application().run()
    except SystemExit as exc:
        return int(exc.code or 0)
    return 0
