"""The `aiwork-kg` command line: parse, call the library, print, map to an exit code.

Each subcommand lives in its own module of this package (``aiwork_kg.cli.<name>``)
and is imported only when it is run, so ``aiwork-kg --help`` stays fast.
Exit codes: 0 success / conforms / nothing prohibited; 1 prohibited or does not
conform; 2 an error in the input or the call.
"""
from __future__ import annotations

import importlib
import sys

import click

from .. import __version__
from ..errors import AiworkError

# name -> (module, short help). The module defines a click command called `command`.
SUBCOMMANDS = {
    "ingest": ("ingest", "Regenerate data/ from the source texts, deterministically."),
    "build": ("build", "Assemble ontology, data and links; check against shapes/graph/; write a release."),
    "docs": ("docs", "Regenerate the generated docs and vocab.py (--check: say which are stale)."),
    "validate": ("validate", "Validate AI-system descriptions against AI Act Art. 5(1)(f)."),
    "query": ("query", "Run a library query, a .rq file or a SPARQL string."),
    "queries": ("queries", "List the query library with summaries and tags."),
    "load": ("load", "Push the release into a SPARQL 1.1 store (Graph Store Protocol)."),
    "serve": ("serve", "Serve a read-only SPARQL 1.1 endpoint and the validator over HTTP."),
    "site": ("site", "Write the web pages of a release as static files (HTML and RDF forms)."),
}


class LazyGroup(click.Group):
    def list_commands(self, ctx):
        return list(SUBCOMMANDS)

    def get_command(self, ctx, name):
        if name not in SUBCOMMANDS:
            return None
        module = importlib.import_module(f"{__name__}.{SUBCOMMANDS[name][0]}")
        return module.command

    def format_commands(self, ctx, formatter):
        rows = [(name, help_) for name, (_, help_) in SUBCOMMANDS.items()]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="aiwork-kg")
@click.option("--cache-dir", metavar="DIR", default=None,
              help='Folder of the disk cache (JSON data only; "" switches it off). '
                   "Default: $AIWORK_CACHE_DIR, else $XDG_CACHE_HOME/aiwork-kg, else ~/.cache/aiwork-kg.")
def cli(cache_dir: str | None) -> None:
    """aiwork-kg: the knowledge graph of AI Act Art. 5(1)(f) and its Danish and Dutch sources."""
    if cache_dir is not None:  # through the environment, so that worker processes use it too
        import os

        os.environ["AIWORK_CACHE_DIR"] = cache_dir


def main(argv: list[str] | None = None) -> int:
    """Entry point of the console script; returns the process exit code."""
    try:
        rv = cli.main(args=argv, prog_name="aiwork-kg", standalone_mode=False)
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        return 2
    except click.ClickException as exc:  # usage errors: exit 2 like every input error
        exc.show()
        return 2
    except AiworkError as exc:
        click.echo(f"error: {exc}", err=True)
        return exc.exit_code
    return rv if isinstance(rv, int) else 0


def run() -> None:
    sys.exit(main())
