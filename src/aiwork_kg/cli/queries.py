"""`aiwork-kg queries`: list the query library with summaries and tags."""
from __future__ import annotations

import json

import click


@click.command("queries", context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--tag", "tags", multiple=True, metavar="TAG",
              help="Only queries with this tag (repeatable: all of them).")

@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def command(tags: tuple[str, ...], fmt: str) -> int:
    """List the query library (queries/*.rq): name, kind, tags, parameters and summary."""
    from ..errors import QueryError
    from ..sparql import library

    entries = library()
    if tags:
        entries = [q for q in entries if all(t in q.tags for t in tags)]
        if not entries:
            known = sorted({t for q in library() for t in q.tags})
            raise QueryError(f"no query has tag(s) {', '.join(tags)}; tags: {', '.join(known)}")
    if fmt == "json":
        click.echo(json.dumps([
            {"name": q.name, "kind": q.kind, "summary": q.summary, "description": q.description,
             "tags": list(q.tags), "endpoint": q.endpoint, "path": str(q.path),
             "params": [{"name": p.name, "type": p.type, "default": p.default,
                         "description": p.description} for p in q.params]}
            for q in entries], ensure_ascii=False, indent=1))
        return 0
    width = max((len(q.name) for q in entries), default=4)
    for q in entries:
        params = (" [" + ", ".join(f"{p.name}:{p.type}" for p in q.params) + "]") if q.params else ""
        click.echo(f"{q.name.ljust(width)}  {q.kind:<9}  {q.summary}{params}")
        click.echo(f"{' ' * width}  {'':<9}  tags: {', '.join(q.tags)}")
    click.echo(f"({len(entries)} queries)")
    return 0
