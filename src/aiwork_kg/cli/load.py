"""`aiwork-kg load`: push the release into a SPARQL 1.1 store (Graph Store Protocol)."""
from __future__ import annotations

import json
from pathlib import Path

import click

from ..server.load import UPLOAD_FORMATS, load, load_named_graphs


@click.command(name="load")
@click.option("--endpoint", required=True, metavar="URL",
              help="Graph Store Protocol URL (Oxigraph http://host:7878/store or just the server base; "
                   "Fuseki http://host:3030/DATASET/data; Virtuoso http://host:8890/sparql-graph-crud-auth).")
@click.option("--graph", metavar="IRI", default=None, help="Named graph to load into (default: the default graph).")
@click.option("--named-graphs", is_flag=True,
              help="Load each named graph of the release (aiwork-kg.nq) into the same named graph of the store "
                   "and verify the count of each.")
@click.option("--query-endpoint", metavar="URL", default=None,
              help="SPARQL query URL for the verifying COUNT (derived for Oxigraph, Fuseki and Virtuoso).")
@click.option("--release", "release_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Release folder written by `aiwork-kg build` (default: ./dist).")
@click.option("--format", "fmt", type=click.Choice(list(UPLOAD_FORMATS)), default="nt", show_default=True,
              help="Upload the N-Triples or the Turtle file of the release.")
@click.option("--append", is_flag=True, help="Merge into the graph (POST) instead of replacing it (PUT).")
@click.option("--user", default=None, help="User name for a store that needs authentication.")
@click.option("--password", default=None, envvar="AIWORK_LOAD_PASSWORD",
              help="Password (or set AIWORK_LOAD_PASSWORD).")
@click.option("--auth", "auth_scheme", type=click.Choice(["digest", "basic"]), default="digest", show_default=True,
              help="Authentication scheme for the COUNT query (the upload answers whatever the server asks).")
@click.option("--timeout", type=float, default=300.0, show_default=True, help="Seconds to wait for each request.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
def command(endpoint, graph, named_graphs, query_endpoint, release_dir, fmt, append, user, password, auth_scheme,
            timeout, as_json):
    """Push the release into a SPARQL 1.1 store and verify the triple count afterwards."""
    if (user is None) != (password is None):
        raise click.UsageError("--user and --password go together")
    if named_graphs:
        if graph is not None:
            raise click.UsageError("--named-graphs loads the release's own graphs: leave out --graph")
        results = load_named_graphs(endpoint, release_dir=release_dir, replace=not append,
                                    auth=(user, password) if user is not None else None,
                                    query_endpoint=query_endpoint, digest=auth_scheme == "digest", timeout=timeout)
        if as_json:
            click.echo(json.dumps([r.to_dict() for r in results], indent=2))
        else:
            for r in results:
                verb = "replaced" if r.replaced else "merged into"
                click.echo(f"{verb} {r.graph_label} with {r.triples_sent} triples (HTTP {r.status}); "
                           f"verified: {r.triples_verified}")
            click.echo(f"{len(results)} named graphs at {results[0].endpoint if results else endpoint}, "
                       f"counts verified with {results[0].query_endpoint if results else '-'}")
        return 0
    result = load(endpoint, graph=graph, release_dir=release_dir, replace=not append,
                  auth=(user, password) if user is not None else None, query_endpoint=query_endpoint,
                  fmt=fmt, digest=auth_scheme == "digest", timeout=timeout)
    if as_json:
        click.echo(json.dumps(result.to_dict(), indent=2))
    else:
        verb = "replaced" if result.replaced else "merged into"
        click.echo(f"{verb} {result.graph_label} at {result.endpoint} with {result.triples_sent} triples "
                   f"(HTTP {result.status})")
        click.echo(f"verified: {result.triples_verified} triples in {result.graph_label} ({result.query_endpoint})")
    return 0
