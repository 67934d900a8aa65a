"""`aiwork-kg serve`: a read-only SPARQL 1.1 endpoint over the release, plus the validator,
on gunicorn (aiwork_kg.server.production)."""
from __future__ import annotations

from pathlib import Path

import click

from ..server.production import (
    ANSWER_CACHE_MB,
    DEFAULT_QUERY_PROCESSES,
    DEFAULT_THREADS,
    DEFAULT_WORKERS,
    ServerOptions,
    serve,
)
from ..server.serve import DEFAULT_HOST, DEFAULT_PORT, DEFAULT_TIMEOUT, MAX_BODY, MAX_RESULT


@click.command(name="serve")
@click.option("--host", default=DEFAULT_HOST, show_default=True,
              help="Address to listen on (the loopback by default; 0.0.0.0 exposes it to the network).")
@click.option("--port", type=click.IntRange(0, 65535), default=DEFAULT_PORT, show_default=True,
              help="Port to listen on (0 picks a free one).")
@click.option("--release", "release_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Release folder written by `aiwork-kg build` (default: ./dist).")
@click.option("--timeout", "--time-limit", "timeout", type=click.FloatRange(min=0, min_open=True),
              default=DEFAULT_TIMEOUT, show_default=True,
              help="Time limit per query and per validation in seconds; over it the request is stopped "
                   "and answered with 503.")
@click.option("--workers", type=click.IntRange(1, 64), default=DEFAULT_WORKERS, show_default=True,
              help="Server worker processes (each with its own query processes and state).")
@click.option("--threads", type=click.IntRange(1, 64), default=DEFAULT_THREADS, show_default=True,
              help="Requests handled at a time by each worker process.")
@click.option("--query-processes", type=click.IntRange(1, 64), default=DEFAULT_QUERY_PROCESSES,
              show_default=True, help="Query processes per worker (each holds the store; killed at the time limit).")
@click.option("--max-body", type=click.IntRange(min=1), default=MAX_BODY, show_default=True,
              help="Largest request body in bytes (a query or a description); larger is answered with 413.")
@click.option("--max-result", type=click.IntRange(min=1), default=MAX_RESULT, show_default=True,
              help="Largest result in bytes (query results, verdicts); larger is answered with 413.")
@click.option("--access-log", default="-", show_default=True, metavar="FILE|-|none",
              help="Where to write one line per request (- for standard output, none for no log).")
@click.option("--answer-cache", "answer_cache_mb", type=click.FloatRange(min=0), default=ANSWER_CACHE_MB,
              show_default=True, metavar="MB",
              help="Megabytes of repeated page answers each worker keeps (pages, RDF forms, library query "
                   "results of the release; 0 keeps none).")
def command(host, port, release_dir, timeout, workers, threads, query_processes, max_body, max_result,
            access_log, answer_cache_mb):
    """Serve a read-only SPARQL 1.1 endpoint (/sparql), the validator (/validate) and /health
    over HTTP, on gunicorn worker processes. SIGTERM stops it gracefully (requests in progress
    are answered first)."""
    options = ServerOptions(host=host, port=port, release_dir=release_dir, timeout=timeout, workers=workers,
                            threads=threads, query_processes=query_processes, max_body=max_body,
                            max_result=max_result, access_log=None if access_log == "none" else access_log,
                            answer_cache_mb=answer_cache_mb)
    return serve(options)
