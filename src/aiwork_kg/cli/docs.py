"""`aiwork-kg docs`: regenerate the generated docs and vocab.py, or check that they are current."""
from __future__ import annotations

from pathlib import Path

import click


@click.command("docs")
@click.option("--check", is_flag=True,
              help="Write nothing; exit 1 naming each generated file that is out of date.")
@click.option("--root", type=click.Path(file_okay=False, exists=True, path_type=Path), default=None,
              help="The source checkout (default: this one).")
@click.option("--quiet", "-q", is_flag=True, help="Print only stale files and errors.")
def command(check: bool, root: Path | None, quiet: bool) -> int:
    """Regenerate docs/ontology.md, docs/sources.md, docs/queries.md and src/aiwork_kg/vocab.py.

    They are made from the graph assembled from ontology/ and data/, from queries/*.rq and from
    ontology/aiwork.ttl; only files whose text changes are written. Exit code 0 when done (with
    --check: every file is current), 1 with --check when a file is out of date, 2 on an error.
    """
    from ..docgen import regenerate

    result = regenerate(root, check=check)
    if check:
        for f in result.stale:
            click.echo(f"out of date: {f.name}")
        if result.stale:
            click.echo("run `aiwork-kg docs` to regenerate", err=True)
            return 1
        if not quiet:
            click.echo(f"{len(result.files)} generated files are current")
        return 0
    if not quiet:
        for f in result.files:
            click.echo(f"{'wrote' if f.written else 'unchanged'}: {f.name}")
    return 0
