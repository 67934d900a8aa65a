"""`aiwork-kg validate`: parse, call aiwork_kg.validate(), print, exit 0 / 1 / 2."""
from __future__ import annotations

import sys
from typing import Any

import click

from ..languages import DEFAULT_LANGUAGE, LANGUAGES
from ..limits import DEFAULT_MAX_BYTES, DEFAULT_TIME_LIMIT
from ..validator.rulesets import rule_set_keys
from ..validator.shapes import DEFAULT_READING, READINGS, reading_summary


@click.command("validate")
@click.argument("sources", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["text", "json", "jsonl", "turtle"]), default="text",
              show_default=True, help="text for people, json (stable schema), jsonl (one JSON object a line, "
                                      "written as the batch goes: each result, each error, then the summary), "
                                      "turtle (SHACL report + verdicts).")
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
@click.option("--engine", type=click.Choice(["fast", "reference"]), default="fast", show_default=True,
              help="fast: the shapes compiled to SPARQL on Oxigraph; reference: pySHACL (the same verdicts, "
                   "slower; --format turtle always uses it for its SHACL report).")
@click.option("--processes", type=click.IntRange(min=0), default=0, show_default=True,
              help="Worker processes for large batches (0: one per CPU).")
@click.option("--no-progress", is_flag=True, help="Never show a progress bar.")
@click.option("--batch-size", type=click.IntRange(1), default=None, hidden=True)
def command(sources, fmt, lang, as_of, reading, rule_set, time_limit, max_size, engine, processes, no_progress,
            batch_size):
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
    from ..validator.render import render_text, render_turtle

    progress = not no_progress and sys.stderr.isatty()
    rule_sets = list(rule_set) or None
    if fmt == "turtle":  # the SHACL report graphs: the reference path, in this process
        from ..validator.engine import DEFAULT_BATCH_SIZE

        run = validate(list(sources), rule_sets=rule_sets, reading=reading, as_of=as_of, lang=lang,
                       progress=progress, batch_size=batch_size or DEFAULT_BATCH_SIZE, keep_reports=True,
                       time_limit=time_limit or None, max_bytes=max_size or None, engine=engine)
        for err in run.errors:
            click.echo(f"error: {err}", err=True)
        click.echo(render_turtle(run), nl=False)
        return run.exit_code
    if fmt == "jsonl":  # streamed chunk by chunk on worker processes, each line written as it is done
        _run, exit_code = _stream(sources, fmt, progress, rule_sets=rule_sets, reading=reading, as_of=as_of,
                                  lang=lang, engine=engine, processes=processes or None,
                                  time_limit=time_limit or None, max_bytes=max_size or None,
                                  batch_size=batch_size)
        return exit_code
    from ..validator.engine import DEFAULT_BATCH_SIZE

    run = validate(list(sources), rule_sets=rule_sets, reading=reading, as_of=as_of, lang=lang,
                   progress=progress, batch_size=batch_size or DEFAULT_BATCH_SIZE,
                   time_limit=time_limit or None, max_bytes=max_size or None, engine=engine)
    for err in run.errors:
        click.echo(f"error: {err}", err=True)
    for note in run.notes:
        click.echo(f"note: {note}", err=True)
    if fmt == "json":
        click.echo(run.to_json())
    elif fmt == "text":
        click.echo(render_text(run), nl=False)
    return run.exit_code


def _stream(sources, fmt: str, progress: bool, *, batch_size, **options) -> tuple:
    """Validate chunk by chunk (aiwork_kg.validator.pool.stream); with jsonl each result and
    error is written as its chunk is done and not kept. Returns the merged run (for jsonl its
    results are not kept) and the exit code."""
    import json
    import time

    from ..validator.pool import DEFAULT_CHUNK_SIZE, stream
    from ..validator.results import ValidationRun, error_to_dict
    from ..validator.shapes import exit_code_of, verdict_keys

    run: ValidationRun | None = None
    bar: Any = None
    counts: dict = {}
    codes: set = set()
    done = 0
    t0 = time.perf_counter()
    out: Any = sys.stdout
    try:
        for part in stream(list(sources), chunk_size=batch_size or DEFAULT_CHUNK_SIZE, **options):
            if run is None:
                run = part
                total = part.timings.pop("files", 0)
                if progress and total:
                    bar = click.progressbar(length=total, label="validating", file=sys.stderr,
                                            item_show_func=lambda rate: rate)
                    bar.__enter__()
                new_results, new_errors = list(part.results), list(part.errors)
            else:
                new_results, new_errors = part.results, part.errors
                run.notes += [n for n in part.notes if n not in run.notes]
                if part.engine:
                    run.engine = part.engine if run.engine in ("", part.engine) else "mixed"
                run.errors += part.errors
                done += len({r.source for r in part.results} | {e.source for e in part.errors})
            for err in new_errors:
                click.echo(f"error: {err}", err=True)
            if fmt == "jsonl":
                for err in new_errors:
                    out.write(json.dumps({"error": error_to_dict(err)}, ensure_ascii=False) + "\n")
                for r in new_results:
                    out.write(json.dumps(r.to_dict(), ensure_ascii=False) + "\n")
                    counts[r.verdict] = counts.get(r.verdict, 0) + 1
                    codes.add(exit_code_of(r.verdict, r.reading))
                out.flush()
            elif part is not run:
                run.results += part.results
            if bar is not None and part is not run:
                rate = done / max(time.perf_counter() - t0, 1e-9)
                bar.update(len({r.source for r in part.results} | {e.source for e in part.errors}),
                           current_item=f"{rate:,.0f} descriptions/s")
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)
    assert run is not None
    for note in run.notes:
        click.echo(f"note: {note}", err=True)
    run.errors.sort(key=lambda e: (e.source, e.line or 0))
    if fmt == "jsonl":
        summary = {"systems": sum(counts.values()), "errors": len(run.errors),
                   **{k: counts.get(k, 0) for k in verdict_keys(run.reading)}, **counts}
        exit_code = 2 if run.errors else max(codes, default=0)
        out.write(json.dumps({"summary": summary, "exit_code": exit_code, "reading": run.reading,
                              "engine": run.engine}, ensure_ascii=False) + "\n")
        out.flush()
        return run, exit_code
    return run, run.exit_code
