"""`aiwork-kg build`: assemble, check against shapes/graph/, write a release (docs: `aiwork-kg docs`)."""
from __future__ import annotations

from pathlib import Path

import click

# counted in terms_by_kind but not among the terms that need three labels (shapes/graph/terms.ttl)
EXTRA_KINDS = ("annotation_properties", "concept_schemes")


def _summary(result) -> list[str]:
    c = result.counts
    lines = [
        f"triples: {c.get('triples', 0)}",
        f"terms: {c.get('terms', 0)} ("
        + ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in c.get("terms_by_kind", {}).items()
                    if v and k not in EXTRA_KINDS)
        + "; also " + ", ".join(f"{k.replace('_', ' ')} {c.get('terms_by_kind', {}).get(k, 0)}" for k in EXTRA_KINDS)
        + ")",
        f"units: {c.get('units', 0)}",
    ]
    for source, n in c.get("units_by_source", {}).items():
        lines.append(f"  {source}: {n}")
    lines += [
        f"provisions: {c.get('provisions', 0)} (expressions {c.get('expressions', 0)})",
        f"documents: {c.get('documents', 0)}",
        f"links: {c.get('links', 0)}"
        + (" (" + ", ".join(f"{k} {v}" for k, v in c.get("links_by_relation", {}).items()) + ")"
           if c.get("links_by_relation") else ""),
        f"claims: {c.get('claims', 0)}, disagreements: {c.get('disagreements', 0)}",
        "linksets: " + ", ".join(f"{k} {v}" for k, v in c.get("linksets", {}).items() if v),
    ]
    return lines


@click.command("build")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder for the release (default: ./dist).")
@click.option("--root", type=click.Path(file_okay=False, exists=True, path_type=Path), default=None,
              help="Folder holding ontology/, data/ and shapes/ (default: this checkout or the installed package).")
@click.option("--check/--no-check", default=True, show_default=True,
              help="Validate the graph against shapes/graph/ before writing.")
@click.option("--quiet", "-q", is_flag=True, help="Print only violations and errors.")
def command(out_dir: Path | None, root: Path | None, check: bool, quiet: bool) -> int:
    """Assemble ontology, data and links; check them against shapes/graph/; write a release.

    Exit code 0 when the release was written, 2 when a file does not parse or the graph
    breaks a shape (each violation is printed as: focus node — shape — path — message).
    """
    from ..build import build_release

    result = build_release(out_dir=out_dir, root=root, check=check)
    if not result.ok:
        click.echo(f"error: the graph breaks {len(result.violations)} constraint(s) of shapes/graph/:", err=True)
        for v in result.violations:
            click.echo(f"  {v.format()}", err=True)
        return 2
    if not quiet:
        click.echo(f"release {result.out_dir}:")
        for path in result.files.values():
            click.echo(f"  {path.name}")
        for line in _summary(result):
            click.echo(line)
        if not result.checked:
            click.echo("shapes/graph/: not checked (--no-check)")
        for w in result.warnings:
            click.echo(f"warning: {w.format()}", err=True)
    return 0
