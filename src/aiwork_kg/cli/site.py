"""`aiwork-kg site`: write the web pages of a release as static files (aiwork_kg.web.site)."""
from __future__ import annotations

from pathlib import Path

import click

from ..languages import LANGUAGES


@click.command("site")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Folder to write the site into (created; files there are replaced).")
@click.option("--release", "release_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Release folder written by `aiwork-kg build` (default: ./dist).")
@click.option("--lang", "languages", type=click.Choice(LANGUAGES), multiple=True,
              help="Languages of the HTML pages (repeatable; default: all). English is always written.")
@click.option("--base-url", default=None, metavar="URL",
              help="Where the site will be published: written into the w3id redirect rules "
                   "(w3id/aiwork/.htaccess in the site).")
def command(out_dir: Path, release_dir: Path | None, languages: tuple[str, ...], base_url: str | None) -> int:
    """Write the resource pages (HTML in en/da/nl and their Turtle, JSON-LD, N-Triples and RDF/XML
    forms), the start page, the query library's documentation, the release files and the w3id
    redirect rules as static files any web server can host. The query, validation and SPARQL
    pages need `aiwork-kg serve`; their static versions say so."""
    from ..web.site import write_site

    result = write_site(out_dir, release_dir, languages=languages or LANGUAGES, base_url=base_url)
    click.echo(f"wrote {len(result.files)} files to {result.out_dir}: {result.pages} HTML pages of resources, "
               f"{result.rdf_files} RDF forms")
    return 0
