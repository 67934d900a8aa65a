"""`aiwork-kg ingest [--sources DIR] [--out DIR]`: regenerate data/ from the source texts."""
from __future__ import annotations

from pathlib import Path

import click


@click.command("ingest")
@click.option("--sources", "sources", type=click.Path(path_type=Path), default=None,
              help="Folder with the source texts (default: the project's sources/).")
@click.option("--out", "out", type=click.Path(path_type=Path), default=None,
              help="Folder to write the Turtle files to (default: the project's data/).")
@click.option("--quiet", "-q", is_flag=True, help="Print errors only.")
def command(sources: Path | None, out: Path | None, quiet: bool) -> int:
    """Regenerate data/ from the source texts, deterministically (same input, same bytes)."""
    from ..ingest import ingest_sources

    result = ingest_sources(sources_dir=sources, out_dir=out)
    for entry in result.results:
        if entry.error is not None:
            click.echo(f"error: {entry.error}", err=True)
        elif not quiet:
            click.echo(f"{result.out_dir / entry.output}: {entry.units} units, {entry.triples} triples")
    if not quiet:
        total_units = sum(result.units.values())
        total_triples = sum(result.triples.values())
        click.echo(f"{len(result.files)} files written, {total_units} units, {total_triples} triples"
                   + (f", {len(result.errors)} failed" if result.errors else ""))
    return 0 if result.ok else 2
