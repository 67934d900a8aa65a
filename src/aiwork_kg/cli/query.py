"""`aiwork-kg query NAME|FILE.rq|"SPARQL"`: run a query on the embedded store or an endpoint."""
from __future__ import annotations

from pathlib import Path

import click

from ..limits import DEFAULT_MAX_ROWS, DEFAULT_TIME_LIMIT

FORMAT_CHOICES = ["table", "csv", "tsv", "json", "xml", "turtle", "nt"]


@click.command("query", context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("query")
@click.option("--endpoint", metavar="URL",
              help="Run on this SPARQL 1.1 query endpoint instead of the embedded store.")
@click.option("--default-graph", "default_graph", metavar="IRI",
              help="With --endpoint: query this graph of the store as the default graph (sent as "
                   "default-graph-uri); stores such as Virtuoso otherwise query the union of all graphs.")
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE",
              help='Bind ?NAME safely (repeatable). VALUE: <iri>, aiw:Term, "text"@nl, '
                   '2025-02-02, "x"^^xsd:date, 42, or plain text; a library query\'s #+ params '
                   "header declares each type.")
@click.option("--format", "fmt", type=click.Choice(FORMAT_CHOICES), default="table", show_default=True,
              help="table for people, or the W3C SPARQL results formats (csv, tsv, json, xml); "
                   "a CONSTRUCT result also as turtle or nt.")
@click.option("--limit", type=click.IntRange(min=0), help="Return at most this many rows.")
@click.option("--release", "release", type=click.Path(path_type=Path),
              help="Release folder (or its aiwork-kg.nt) to load; default ./dist, else the graph "
                   "is assembled in memory.")
@click.option("--timeout", "--time-limit", "timeout", type=click.FloatRange(min=0), default=DEFAULT_TIME_LIMIT,
              show_default=True, help="Time limit in seconds, on the embedded store and on an endpoint "
                                      "(0: none; environment AIWORK_TIME_LIMIT).")
@click.option("--max-rows", type=click.IntRange(min=0), default=DEFAULT_MAX_ROWS, show_default=True,
              help="Refuse a result with more rows or triples (0: no limit; environment AIWORK_MAX_ROWS).")
def command(query: str, endpoint: str | None, default_graph: str | None, params: tuple[str, ...], fmt: str,
            limit: int | None, release: Path | None, timeout: float | None, max_rows: int) -> int:
    """Run QUERY: a library query by name (see `aiwork-kg queries`), a .rq file or SPARQL text.

    Exit code 0 on success, 1 when an integrity check (a *-violation query) returns rows,
    2 for a query that does not parse, an unknown name, a bad parameter or a limit reached."""
    from ..sparql import query as run_query
    from ..store import find_release_ntriples

    if endpoint is None and release is None and find_release_ntriples(None) is None:
        click.echo("note: no release in ./dist; assembling the graph in memory "
                   "(run `aiwork-kg build` to make one)", err=True)
    result = run_query(query, params=list(params), endpoint=endpoint, limit=limit,
                       release_dir=release, timeout=timeout or None, max_rows=max_rows or None,
                       default_graph=default_graph)
    click.echo(result.serialize(fmt), nl=False)
    if result.source.endswith("-violation") and result.kind == "select" and result.rows:
        click.echo(f"{result.source}: {len(result.rows)} violation(s)", err=True)
        return 1
    return 0
