""":func:`validate` with time and size limits per file (see :mod:`aiwork_kg.limits`).

A wrapper around the batch engine (:func:`.engine.validate`) that leaves the engine unchanged:

1. every source is read once and checked against the size limit (a file over it becomes a
   :class:`~aiwork_kg.limits.LimitError` naming it, without being read in full);
2. the files are validated in batches, each batch under the per-file time limit;
3. a batch that overruns is validated again file by file, each under the same limit, so the file
   that is too slow is named and every other file of the batch is still reported.

The merged :class:`~.results.ValidationRun` is what the engine would have returned, plus the
limit errors.

One validation at a time per process (:data:`VALIDATION_LOCK`): pySHACL shares the parsed
SPARQL constraints of the shapes between calls, and rdflib's query algebra keeps evaluation state
on them (``Expr.eval`` sets ``self.ctx``), so two threads validating at once can read each other's
bindings (``TypeError: unhashable type: 'Expr'``, seen under load in the server). Validation is
pure Python under the GIL, so the lock costs no parallelism; processes (the server's workers)
validate in parallel. Waiting for the lock is bounded by the time limit as well.
"""
from __future__ import annotations

import io
import sys
import time
from pathlib import Path

from rdflib import Graph

from ..errors import InputError
from ..limits import DEFAULT_MAX_BYTES, DEFAULT_TIME_LIMIT, LimitError, LimitExceeded, check_size, deadline, time_error
from ..parserlock import LOCK
from . import engine
from .fast import DEFAULT_ENGINE, check_engine
from .results import ValidationRun

_batch = engine  # the module (the functions below take an argument named `engine`)


def _read_limited(name: str, payload, max_bytes: int | None):
    """The payload as a named in-memory stream, or a LimitError / InputError."""
    if isinstance(payload, Graph):
        return payload
    if isinstance(payload, bytes):
        check_size(name, len(payload), max_bytes)
        data = payload
    elif isinstance(payload, Path):
        try:
            check_size(name, payload.stat().st_size, max_bytes)
            data = payload.read_bytes()
        except OSError as exc:
            raise InputError(name, f"cannot read: {exc.strerror or exc}") from None
    else:  # "-" (stdin) or a stream: read at most one byte more than the limit
        stream = sys.stdin.buffer if payload == "-" else payload
        data = stream.read(max_bytes + 1) if max_bytes else stream.read()
        if isinstance(data, str):
            data = data.encode("utf-8")
        check_size(name, len(data), max_bytes)
    buffer = io.BytesIO(data)
    buffer.name = name  # the parser guesses the format from the name and reports it
    return buffer


VALIDATION_LOCK = LOCK  # the one lock on rdflib's SPARQL machinery (aiwork_kg.parserlock)


def _merge(into: ValidationRun, run: ValidationRun) -> None:
    into.results += run.results
    into.errors += run.errors
    into.report_graphs += run.report_graphs
    if run.verdict_graph is not None:
        if into.verdict_graph is None:
            into.verdict_graph = run.verdict_graph
        else:
            into.verdict_graph += run.verdict_graph
    for key, value in run.timings.items():
        into.timings[key] = into.timings.get(key, 0.0) + value
    into.notes += [n for n in run.notes if n not in into.notes]
    if run.engine:
        into.engine = run.engine if into.engine in ("", run.engine) else "mixed"


def validate(sources, *, reading: str = engine.DEFAULT_READING, as_of=None, lang: str = "en",
             progress: bool = False, batch_size: int = engine.DEFAULT_BATCH_SIZE, keep_reports: bool = False,
             time_limit: float | None = DEFAULT_TIME_LIMIT, max_bytes: int | None = DEFAULT_MAX_BYTES,
             engine: str = DEFAULT_ENGINE, processes: int | None = 1) -> ValidationRun:
    """Validate AI-system descriptions against AI Act Art. 5(1)(f), within limits.

    sources: a path (file or folder), "-" (stdin), bytes, a binary stream, an rdflib Graph, or a
    list of these. reading: "act-text" | "intentions-covered" | "full-ban". as_of: a date or
    "YYYY-MM-DD" (None: the activity's date, else today). lang: "en" | "da" | "nl".
    time_limit: seconds per file (None or 0: none); max_bytes: bytes per file (None or 0: none).
    A file over a limit is an error naming it; the others are still validated.
    engine: "fast" (the shapes compiled to SPARQL on Oxigraph) or "reference" (pySHACL), with the
    same verdicts (docs/decisions/2026-12-06-register-scale-validation.md). processes: worker
    processes for a large batch of files (None: one per CPU; 1: this process only).
    Returns a :class:`ValidationRun` (``results``, ``errors``, ``exit_code``)."""
    check_engine(engine)
    if processes != 1 and not keep_reports:
        return _validate_in_chunks(sources, reading=reading, as_of=as_of, lang=lang, batch_size=batch_size,
                                   time_limit=time_limit, max_bytes=max_bytes, engine=engine, processes=processes)
    t0 = time.perf_counter()
    items, errors = _batch.expand_sources(sources)
    payloads: list = []
    for name, payload in items:
        try:
            payloads.append((name, _read_limited(name, payload, max_bytes)))
        except InputError as exc:
            errors.append(exc)
    # the engine checks reading, lang and as_of (raising AiworkError) even with no file left
    run = _batch.validate([], reading=reading, as_of=as_of, lang=lang, keep_reports=keep_reports, engine=engine)
    run.errors += errors
    if not payloads:
        run.timings["total"] = time.perf_counter() - t0
        return run
    if not VALIDATION_LOCK.acquire(timeout=time_limit if time_limit and time_limit > 0 else -1):
        run.errors += [LimitError(name, f"no validation became free within the time limit of {time_limit:g} s; "
                                        "try again later", kind="time") for name, _ in payloads]
        run.errors.sort(key=lambda e: (e.source, e.line or 0))
        return run
    try:
        options = {"reading": reading, "as_of": as_of, "lang": lang, "batch_size": max(1, batch_size),
                   "keep_reports": keep_reports, "engine": engine}
        _validate_locked(run, payloads, progress, time_limit, options)
    finally:
        VALIDATION_LOCK.release()
    order = {name: index for index, (name, _) in enumerate(payloads)}
    run.results.sort(key=lambda r: (order.get(r.source, -1), r.system))
    run.errors.sort(key=lambda e: (e.source, e.line or 0))
    run.timings["total"] = time.perf_counter() - t0
    return run


def _validate_locked(run: ValidationRun, payloads: list, progress: bool, time_limit: float | None,
                     options: dict) -> None:
    step = options["batch_size"]
    for start in range(0, len(payloads), step):
        batch = payloads[start:start + step]
        try:
            with deadline(time_limit):
                part = _batch.validate([p for _, p in batch], progress=progress, **options)
        except LimitExceeded:
            part = None
        if part is not None:
            _merge(run, part)
            continue
        if len(batch) == 1:  # the one file is the slow one: no need to run it again
            run.errors.append(time_error(batch[0][0], time_limit or 0))
            continue
        for name, payload in batch:  # find the slow file(s); the others are still reported
            if hasattr(payload, "seek"):
                payload.seek(0)
            try:
                with deadline(time_limit):
                    single = _batch.validate([payload], **options)
            except LimitExceeded:
                run.errors.append(time_error(name, time_limit or 0))
                continue
            _merge(run, single)


def _validate_in_chunks(sources, **options) -> ValidationRun:
    """:func:`validate` over chunks of the sources (:func:`.pool.stream`), merged into one run."""
    from .pool import stream

    t0 = time.perf_counter()
    run: ValidationRun | None = None
    for part in stream(sources, chunk_size=options.pop("batch_size"), **options):
        if run is None:
            run = part
        else:
            _merge(run, part)
    assert run is not None  # stream yields at least one part
    run.errors.sort(key=lambda e: (e.source, e.line or 0))
    run.timings["total"] = time.perf_counter() - t0
    return run


__all__ = ["validate", "LimitError"]
