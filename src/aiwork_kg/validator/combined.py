"""One description, every rule set that applies: the public :func:`validate`.

Each source is read once (with the size limit) and parsed once; the rule sets it falls in are
those named (``rule_sets=``) or, by default, those whose scope query holds on it
(:func:`.rulesets.in_scope`; the default rule set when none does). The batch engine then runs
once per rule set, with that rule set's shapes and verdict mapping (its reading), under the
per-file time limit (:func:`.limited.validate`), so every rule set gets the engine's speed.
The :class:`CombinedRun` holds one section per rule set and, as before, every result and error
at the top (each result names its rule set).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import Graph

from ..errors import AiworkError, InputError
from ..limits import DEFAULT_MAX_BYTES, DEFAULT_TIME_LIMIT
from ..rdfio import load_graph
from . import engine as _batch
from . import limited
from .results import ValidationRun
from .rulesets import RuleSet, get_rule_set, in_scope, rule_sets
from .shapes import DEFAULT_READING, READINGS, UnknownReadingError, reading_note, vocabulary


@dataclass
class CombinedRun(ValidationRun):
    """A :class:`ValidationRun` over several rule sets: ``sections`` maps a rule-set id to its run."""

    sections: dict = field(default_factory=dict)   # rule-set id -> ValidationRun
    rule_set_info: dict = field(default_factory=dict)  # rule-set id -> RuleSet

    def summary(self) -> dict:
        counts = dict.fromkeys(vocabulary()["verdicts"], 0)
        for r in self.results:
            counts[r.verdict] = counts.get(r.verdict, 0) + 1
        return {"systems": len(self.results), "errors": len(self.errors), **counts}

    def section_dicts(self) -> list[dict]:
        out = []
        for key, run in self.sections.items():
            rs = self.rule_set_info[key]
            out.append({"id": key, "label": rs.label(self.lang), "reading": run.reading,
                        "reading_note": run.reading_note, "exit_code": run.exit_code,
                        "summary": run.summary(), "results": [r.to_dict() for r in run.results]})
        return out

    def to_dict(self) -> dict:
        return {**super().to_dict(), "rule_sets": self.section_dicts()}


def _reading_for(rs: RuleSet, reading: str | None) -> str:
    return reading if reading in rs.readings else rs.default_reading


def validate(sources, *, rule_sets: list[str] | tuple[str, ...] | None = None, reading: str = DEFAULT_READING,
             as_of=None, lang: str = "en", progress: bool = False, batch_size: int = _batch.DEFAULT_BATCH_SIZE,
             keep_reports: bool = False, time_limit: float | None = DEFAULT_TIME_LIMIT,
             max_bytes: int | None = DEFAULT_MAX_BYTES, engine: str = "fast",
             processes: int | None = 1) -> CombinedRun:
    """Validate descriptions against every rule set whose scope they fall in, or `rule_sets`.

    rule_sets: rule-set ids (see :func:`aiwork_kg.validator.rulesets.list_rule_sets`), None for
    the rule sets in scope. reading: the reading of the rule set that has it (Art. 5(1)(f): one
    of READINGS); the others use their default. engine: "fast" or "reference" (the same verdicts;
    docs/decisions/2026-12-06-register-scale-validation.md). Other arguments as
    :func:`.limited.validate`. processes: worker processes over chunks of files (None: one per
    CPU; 1: this process only; :func:`.pool.stream`), with the same results in the same order.
    Exit code: 2 on an input error, else 1 when any rule set finds a prohibition or a failure to
    comply, else 0."""
    if reading not in READINGS and not any(reading in r.readings for r in _all_sets()):
        raise UnknownReadingError(f"unknown reading {reading!r}: expected one of {', '.join(READINGS)}")
    named = [get_rule_set(k) for k in dict.fromkeys(rule_sets)] if rule_sets else None
    if processes != 1 and not keep_reports:
        return _validate_pooled(sources, rule_sets=rule_sets, reading=reading, as_of=as_of, lang=lang,
                                batch_size=batch_size, time_limit=time_limit, max_bytes=max_bytes,
                                engine=engine, processes=processes)
    # checks lang and as_of (raising AiworkError) even when no file is left
    base = _batch.validate([], reading=named[0].default_reading if named and reading not in READINGS
                           else reading, as_of=as_of, lang=lang)
    items, errors = _batch.expand_sources(sources)
    parsed: list = []   # (name, graph)
    for name, payload in items:
        try:
            data = limited._read_limited(name, payload, max_bytes)
            graph = data if isinstance(data, Graph) else load_graph(data, graph=Graph())
            graph.aiwork_source_name = name  # type: ignore[attr-defined]  # _batch.expand_sources names it so
            parsed.append((name, graph))
        except InputError as exc:
            errors.append(exc)
    groups: dict[str, list] = {}
    info: dict[str, RuleSet] = {}
    for name, graph in parsed:
        for rs in (named or in_scope(graph)):
            groups.setdefault(rs.key, []).append((name, graph))
            info[rs.key] = rs
    order = {r.key: r.order for r in _all_sets()}
    combined = CombinedRun(results=[], errors=list(errors), reading=base.reading, lang=lang,
                           as_of=base.as_of, reading_note=base.reading_note)
    if keep_reports:
        from ..namespaces import bind_all

        combined.verdict_graph = bind_all(Graph())
    seen_errors: set = {(e.source, e.line, e.message) for e in errors}
    for key in sorted(groups, key=lambda k: (order.get(k, 99), k)):
        rs = info[key]
        members = groups[key]
        run = limited.validate([g for _, g in members], reading=_reading_for(rs, reading), as_of=as_of,
                               lang=lang, progress=progress, batch_size=batch_size, keep_reports=keep_reports,
                               time_limit=time_limit, max_bytes=None, engine=engine, processes=1)
        for r in run.results:
            r.rule_set = key
        run.errors = [e for e in run.errors if (e.source, e.line, e.message) not in seen_errors]
        seen_errors |= {(e.source, e.line, e.message) for e in run.errors}
        run.reading_note = reading_note(run.reading, lang)
        combined.sections[key] = run
        combined.rule_set_info[key] = rs
        combined.results += run.results
        combined.errors += run.errors
        combined.report_graphs += run.report_graphs
        combined.notes += [n for n in run.notes if n not in combined.notes]
        if run.engine:
            combined.engine = run.engine if combined.engine in ("", run.engine) else "mixed"
        if keep_reports and run.verdict_graph is not None and combined.verdict_graph is not None:
            combined.verdict_graph += run.verdict_graph
        for k, v in run.timings.items():
            combined.timings[k] = combined.timings.get(k, 0.0) + v
    position = {name: i for i, (name, _) in enumerate(parsed)}
    combined.results.sort(key=lambda r: (position.get(r.source, -1), order.get(r.rule_set, 99), r.system))
    combined.errors.sort(key=lambda e: (e.source, e.line or 0))
    return combined


def _validate_pooled(sources, *, rule_sets, reading, as_of, lang, batch_size, time_limit, max_bytes, engine,
                     processes) -> CombinedRun:
    """:func:`validate` over worker processes (:func:`.pool.stream`): the chunks' results in file
    order, then a section per rule set rebuilt from the results' own rule set and reading."""
    from .pool import stream

    combined: CombinedRun | None = None
    for part in stream(sources, rule_sets=rule_sets, reading=reading, as_of=as_of, lang=lang, engine=engine,
                       processes=processes, time_limit=time_limit, max_bytes=max_bytes, batch_size=batch_size):
        part.timings.pop("files", None)
        if combined is None:
            combined = CombinedRun(results=[], errors=[], reading=part.reading, lang=lang, as_of=part.as_of,
                                   reading_note=part.reading_note)
        combined.results += part.results
        combined.errors += part.errors
        combined.notes += [n for n in part.notes if n not in combined.notes]
        if part.engine:
            combined.engine = part.engine if combined.engine in ("", part.engine) else "mixed"
        for k, v in part.timings.items():
            combined.timings[k] = combined.timings.get(k, 0.0) + v
    assert combined is not None
    order = {r.key: r.order for r in _all_sets()}
    for key in sorted({r.rule_set for r in combined.results if r.rule_set}, key=lambda k: (order.get(k, 99), k)):
        mine = [r for r in combined.results if r.rule_set == key]
        section = ValidationRun(results=mine, errors=[], reading=mine[0].reading, lang=lang, as_of=combined.as_of,
                                reading_note=reading_note(mine[0].reading, lang))
        combined.sections[key] = section
        combined.rule_set_info[key] = get_rule_set(key)
    combined.errors.sort(key=lambda e: (e.source, e.line or 0))
    return combined


def _all_sets():
    return rule_sets()


__all__ = ["validate", "CombinedRun", "AiworkError"]
