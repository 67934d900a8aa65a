"""`aiwork-kg validate`: parse, call aiwork_kg.validate(), print, exit 0 / 1 / 2."""
from __future__ import annotations

import sys

import click

from ..languages import DEFAULT_LANGUAGE, LANGUAGES
from ..limits import DEFAULT_MAX_BYTES, DEFAULT_TIME_LIMIT
from ..validator.rulesets import rule_set_keys
from ..validator.shapes import DEFAULT_READING, READINGS, reading_summary


@click.command("validate")
@click.argument("sources", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["text", "json", "turtle"]), default="text",
              show_default=True, help="text for people, json (stable schema), turtle (SHACL report + verdicts).")
@click.option("--lang", type=click.Choice(LANGUAGES), default=DEFAULT_LANGUAGE, show_default=True,
              help="Language of the explanations.")
@click.option("--as-of", "as_of", metavar="YYYY-MM-DD", default=None,
              help="Evaluate at this date (default: the activity's date, else today).")
@click.option("--reading", type=click.Choice(READINGS), default=DEFAULT_READING, show_default=True,
              help="Where the sources disagree: " + ", ".join(
                  f"{r} ({reading_summary(r)})" for r in READINGS) + ".")
@click.option("--rule-set", "rule_set", multiple=True, metavar="ID",
              help="Validate against this rule set (repeatable): " + ", ".join(rule_set_keys())
                   + ". Default: every rule set whose scope a description falls in (docs/validator.md).")
@click.option("--time-limit", type=click.FloatRange(min=0), default=DEFAULT_TIME_LIMIT, show_default=True,
              help="Seconds per file; a file over it is an error (exit 2), the others are still validated "
                   "(0: none; environment AIWORK_TIME_LIMIT).")
@click.option("--max-size", type=click.IntRange(min=0), default=DEFAULT_MAX_BYTES, show_default=True,
              help="Bytes per file; a larger file is an error (exit 2) and is not read "
                   "(0: none; environment AIWORK_MAX_BYTES).")
@click.option("--no-progress", is_flag=True, help="Never show a progress bar.")
@click.option("--batch-size", type=click.IntRange(1), default=None, hidden=True)
def command(sources, fmt, lang, as_of, reading, rule_set, time_limit, max_size, no_progress, batch_size):
    """Validate AI-system descriptions (FILE, DIR or - for stdin) against every rule set that
    applies (AI Act Art. 5(1)(f), the Danish executive order on Arbejdstilsynet's use of AI, ...).

    Exit code 0: nothing prohibited and no failure to comply; 1: a rule set finds a prohibition
    or a failure to comply; 2: an input error or a time or size limit reached (the other files
    are still validated)."""
    from ..validator.rulesets import UnknownRuleSetError, get_rule_set

    for key in rule_set:
        try:
            get_rule_set(key)
        except UnknownRuleSetError as exc:
            raise click.BadParameter(str(exc), param_hint="--rule-set") from None
    from ..validator import validate
    from ..validator.engine import DEFAULT_BATCH_SIZE
    from ..validator.render import render_text, render_turtle

    progress = not no_progress and sys.stderr.isatty()
    run = validate(list(sources), rule_sets=list(rule_set) or None, reading=reading, as_of=as_of, lang=lang,
                   progress=progress,
                   batch_size=batch_size or DEFAULT_BATCH_SIZE, keep_reports=(fmt == "turtle"),
                   time_limit=time_limit or None, max_bytes=max_size or None)
    for err in run.errors:
        click.echo(f"error: {err}", err=True)
    if fmt == "json":
        click.echo(run.to_json())
    elif fmt == "turtle":
        click.echo(render_turtle(run), nl=False)
    else:
        click.echo(render_text(run), nl=False)
    return run.exit_code
