"""Validation at register scale: sources read, validated and reported in chunks, on every core.

:func:`stream` yields one :class:`~.results.ValidationRun` per chunk of files, in the order of
the files, as soon as that chunk (and every chunk before it) is done, so that a report of
100,000 descriptions can be written as it goes with memory bounded by the chunks in flight. Each
chunk is validated by :func:`.limited.validate` (the same function, limits and engine as for one
file), in this process or in a pool of worker processes (``processes``; at most
``2 * processes`` chunks are in flight). Worker processes are forked where the platform can
(they share the parsed shapes, the closure and the compiled plan of the parent).
"""
from __future__ import annotations

import os
from collections import deque
from collections.abc import Iterator
from pathlib import Path

from ..errors import InputError
from ..limits import LimitError
from .results import ValidationRun

DEFAULT_CHUNK_SIZE = 500


def default_processes() -> int:
    """The CPUs this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def _error_data(err: InputError) -> tuple:
    return (type(err).__name__, err.source, err.message, err.line, err.column, getattr(err, "kind", None))


def _error_from(data: tuple) -> InputError:
    kind_name, source, message, line, column, kind = data
    if kind_name == "LimitError":
        return LimitError(source, message, kind=kind or "time")
    return InputError(source, message, line, column)


def _as_paths(payloads: list) -> list:
    """A chunk's files back as paths (stream() keeps them as text)."""
    return [Path(p) if isinstance(p, str) else p for p in payloads]


def _run_chunk(payloads: list, options: dict) -> tuple:
    """Validate one chunk (in a worker or here); returns data that pickles."""
    from .combined import validate

    run = validate(payloads, **options)
    return (run.results, [_error_data(e) for e in run.errors], run.engine, run.notes, run.timings)


def _part(data: tuple, template: dict) -> ValidationRun:  # template: reading, lang, as_of, reading_note
    results, errors, engine, notes, timings = data
    return ValidationRun(results=results, errors=[_error_from(e) for e in errors], engine=engine, notes=notes,
                         timings=timings, **template)


def _warm(reading: str) -> None:
    """Load what every chunk needs once, before the workers fork."""
    from .closure import default_closure
    from .compiler import plan_for
    from .shapes import shape_annotations, shared_shapes_graph

    default_closure()
    plan_for(shared_shapes_graph(reading))
    shape_annotations(reading)


def stream(sources, *, rule_sets: list[str] | None = None, reading: str | None = None, as_of=None,
           lang: str = "en", engine: str = "fast",
           processes: int | None = None, chunk_size: int = DEFAULT_CHUNK_SIZE, time_limit=None,
           max_bytes=None, batch_size: int | None = None) -> Iterator[ValidationRun]:
    """Validate `sources` chunk by chunk; yields a ValidationRun per chunk, in order (the first
    one carries the errors of sources that do not exist). processes: worker processes (None:
    one per CPU; 1: this process only). Other arguments as for :func:`aiwork_kg.validate`."""
    from . import engine as batch_engine
    from .fast import check_engine
    from .shapes import DEFAULT_READING, check_reading, reading_note

    reading = check_reading(reading or DEFAULT_READING)
    check_engine(engine)
    chunk_size = max(1, chunk_size)
    items, errors = batch_engine.expand_sources(sources)
    explicit = batch_engine.coerce_date(as_of)
    template: dict = {"reading": reading, "lang": lang, "as_of": explicit.isoformat() if explicit else None,
                "reading_note": reading_note(reading, lang)}
    options = {"reading": reading, "as_of": as_of, "lang": lang, "engine": engine, "time_limit": time_limit,
               "max_bytes": max_bytes, "batch_size": batch_size or min(chunk_size, batch_engine.DEFAULT_BATCH_SIZE),
               "rule_sets": rule_sets}
    first = ValidationRun(results=[], errors=errors, **template)
    first.timings["files"] = len(items)
    yield first
    # a file is kept as its path's text until its chunk is validated: at N = 100,000 the Path
    # objects took 56 MB in this process, inherited by every forked worker
    # (only paths and bytes go to worker processes; standard input, open files and graphs stay here)
    pickles = all(isinstance(payload, (Path, bytes)) for _name, payload in items)
    payloads = [str(payload) if pickles and isinstance(payload, Path) else payload for _name, payload in items]
    del items
    n_chunks = -(-len(payloads) // chunk_size)
    chunks = ((_as_paths if pickles else list)(payloads[i:i + chunk_size]) for i in range(0, len(payloads), chunk_size))
    processes = default_processes() if processes is None else max(1, processes)
    if processes == 1 or n_chunks < 2 or not pickles:
        for chunk in chunks:
            yield _part(_run_chunk(chunk, options), template)
        return
    import multiprocessing

    _warm(reading)
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    with context.Pool(processes=min(processes, n_chunks)) as pool:
        window: deque = deque()
        pending = iter(chunks)
        for chunk in pending:
            window.append(pool.apply_async(_run_chunk, (chunk, options)))
            if len(window) >= 2 * processes:
                break
        while window:
            data = window.popleft().get()
            for chunk in pending:
                window.append(pool.apply_async(_run_chunk, (chunk, options)))
                break
            yield _part(data, template)
