"""`aiwork-kg serve`: a read-only SPARQL 1.1 endpoint over the release, plus the validator."""
from __future__ import annotations

import contextlib
import signal
from pathlib import Path

import click

from ..server.serve import DEFAULT_HOST, DEFAULT_PORT, DEFAULT_TIMEOUT, start


def _interrupt(signum, frame):
    raise KeyboardInterrupt


@click.command(name="serve")
@click.option("--host", default=DEFAULT_HOST, show_default=True,
              help="Address to listen on (the loopback by default; 0.0.0.0 exposes it to the network).")
@click.option("--port", type=click.IntRange(0, 65535), default=DEFAULT_PORT, show_default=True,
              help="Port to listen on (0 picks a free one).")
@click.option("--release", "release_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Release folder written by `aiwork-kg build` (default: ./dist).")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=DEFAULT_TIMEOUT, show_default=True,
              help="Time limit per query in seconds; a query over it is stopped and answered with 503.")
@click.option("--workers", type=click.IntRange(1, 64), default=2, show_default=True,
              help="Query worker processes (each holds the store).")
def command(host, port, release_dir, timeout, workers):
    """Serve a read-only SPARQL 1.1 endpoint (/sparql) and the validator (/validate) over HTTP."""
    server = start(host, port, release_dir=release_dir, timeout=timeout, processes=workers, background=False)
    signal.signal(signal.SIGTERM, _interrupt)  # SIGTERM stops the workers too, as Ctrl-C does
    click.echo(f"SPARQL endpoint: {server.sparql_url} (read-only, {timeout:g} s per query)", err=True)
    click.echo(f"validator:       {server.validate_url} (POST a description)", err=True)
    click.echo("Ctrl-C stops the server.", err=True)
    with contextlib.suppress(KeyboardInterrupt):
        server.serve_forever()
    return 0
