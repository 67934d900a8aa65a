"""The batch engine behind :func:`aiwork_kg.validate`.

Each source is parsed on its own (a broken file becomes an InputError, the others go on).
Descriptions are then validated in batches of bounded size, one pySHACL call per batch: the
batch graph is the union of the descriptions (IRIs two files share are renamed apart and
mapped back), plus the part of the ontology closure they need (:mod:`.closure`), plus the
evaluation date. No inference runs at validation time. Each report is mapped to verdicts by
:func:`.verdicts.verdict_from_report`.
"""
from __future__ import annotations

import datetime as _dt
import json
import sys
import time
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

from .. import shacl
from ..errors import AiworkError, InputError
from ..languages import LANGUAGES
from ..namespaces import AIWSH, bind_all
from ..rdfio import SUFFIX_FORMATS, load_graph
from . import fast
from .closure import Closure, default_closure, saturate
from .lawdates import law_date_graph
from .results import ValidationRun
from .shapes import DEFAULT_READING, READINGS, UnknownReadingError, all_reading_keys, reading_note, shared_shapes_graph
from .verdicts import coerce_date, verdict_from_report, verdict_triples

DEFAULT_BATCH_SIZE = 100
FOLDER_SUFFIXES = tuple(s for s in SUFFIX_FORMATS if s not in (".owl", ".xml", ".json"))


def _folder_files(folder: Path) -> list[Path]:
    files = []
    for path in sorted(folder.rglob("*")):
        if not path.is_file() or any(part.startswith(".") for part in path.relative_to(folder).parts):
            continue
        suffix = path.suffix.lower()
        if suffix in FOLDER_SUFFIXES:
            files.append(path)
        elif suffix == ".json":  # JSON-LD only: a folder may hold other JSON (e.g. a manifest)
            try:
                doc = json.loads(path.read_text(encoding="utf-8"))
            except (ValueError, UnicodeDecodeError):
                files.append(path)  # let the parser name the line
                continue
            if (isinstance(doc, dict) and "@context" in doc) or isinstance(doc, list):
                files.append(path)
    return files


def expand_sources(sources) -> tuple[list, list[InputError]]:
    """Flatten `sources` into (name, payload) items; a folder becomes its RDF files."""
    items: list = []
    errors: list[InputError] = []
    if isinstance(sources, (str, Path, bytes, Graph)) or hasattr(sources, "read"):
        sources = [sources]
    n_graph = 0
    for src in sources:
        if isinstance(src, Graph):
            n_graph += 1
            # a graph parsed for the rule sets (validator/combined.py) keeps its file's name
            items.append((getattr(src, "aiwork_source_name", None) or f"<graph {n_graph}>", src))
        elif isinstance(src, bytes) or hasattr(src, "read"):
            items.append((getattr(src, "name", "<bytes>") if not isinstance(src, bytes) else "<bytes>", src))
        elif str(src) == "-":
            items.append(("-", "-"))
        else:
            path = Path(src)
            if path.is_dir():
                found = _folder_files(path)
                if not found:
                    errors.append(InputError(str(path), "no RDF files in this folder (expected "
                                             + ", ".join(FOLDER_SUFFIXES) + ")"))
                items += [(str(p), p) for p in found]
            elif not path.exists():
                errors.append(InputError(str(path), "no such file or folder"))
            else:
                items.append((str(path), path))
    return items, errors


def _parse(name: str, payload, closure: Closure) -> Graph:
    # no default prefixes bound: binding rdflib's ~30 per graph was a third of the parse time
    graph = payload if isinstance(payload, Graph) else load_graph(payload, graph=Graph(bind_namespaces="none"))
    if not any(closure.is_system_type(t) for t in set(graph.objects(None, RDF.type))):
        raise InputError(name, "describes no AI system: expected a node typed aiw:AISystem or "
                         "aiw:NonAISystem (https://w3id.org/aiwork/ontology#), see docs/profile.md")
    return graph


def _systems(graph: Graph, closure: Closure) -> list:
    return [s for s, t in graph.subject_objects(RDF.type) if closure.is_system_type(t)]


def evaluation_triples(graph: Graph, as_of=None, today: _dt.date | None = None) -> Graph:
    """Add the evaluation date(s) the date shapes compare to: ``aiwsh:evaluation
    aiwsh:overrideDate`` (the --as-of date, when given), ``aiwsh:today``, ``aiwsh:lawDate`` (the
    day whose law applies: the --as-of date, else today) and the knowledge graph's versioned
    dates of application (:func:`.lawdates.law_date_graph`), from which the shapes take the ones
    in force on the law date."""
    explicit = coerce_date(as_of)
    today = today or _dt.date.today()
    graph.add((AIWSH.evaluation, AIWSH.today, Literal(today.isoformat(), datatype=XSD.date)))
    if explicit is not None:
        graph.add((AIWSH.evaluation, AIWSH.overrideDate, Literal(explicit.isoformat(), datatype=XSD.date)))
    law_date = explicit or today
    graph.add((AIWSH.evaluation, AIWSH.lawDate, Literal(law_date.isoformat(), datatype=XSD.date)))
    for triple in law_date_graph():
        graph.add(triple)
    from .rulesets import context_graph  # the data rule sets' shapes compare with (their descriptors)

    for triple in context_graph():
        graph.add(triple)
    return graph


def batch_graph(batch: list, closure: Closure, explicit: _dt.date | None, today: _dt.date) -> tuple:
    """The graph one validation runs on: the union of the batch's descriptions ((index, name,
    graph) items; IRIs two files share are renamed apart, blank nodes kept apart), saturated
    with the ontology closure, with the evaluation date(s). Returns (graph, the source name of
    each system node, renamed node -> the node its file used)."""
    g = bind_all(shacl.PreparedQueryGraph())
    sources_of: dict = {}
    rename: dict = {}
    used: set = set()
    for index, name, graph in batch:
        own = {s for s in graph.subjects() if isinstance(s, URIRef) and s not in closure.terms}
        clash = own & used
        mapping = {u: URIRef(f"urn:aiwork:source:{index}:{u}") for u in clash}
        used |= own
        for k, v in mapping.items():
            rename[v] = k
        bmap: dict = {}
        for s, p, o in graph:
            if isinstance(s, BNode):  # keep blank nodes of two files apart
                s = bmap.setdefault(s, BNode())
            if isinstance(o, BNode):
                o = bmap.setdefault(o, BNode())
            g.add((mapping.get(s, s), p, mapping.get(o, o) if isinstance(o, URIRef) else o))
        for system in _systems(graph, closure):
            node = mapping.get(system, bmap.get(system, system))
            sources_of[node] = name
            if isinstance(system, BNode):
                rename[node] = system
    saturate(g, closure)
    evaluation_triples(g, explicit, today)
    return g, sources_of, rename


def validate_graph(graph: Graph, *, reading: str = DEFAULT_READING, as_of=None) -> Graph:
    """One pySHACL run (:func:`aiwork_kg.shacl.run_pyshacl`) on a saturated batch graph;
    returns the report graph."""
    return shacl.run_pyshacl(graph, shared_shapes_graph(reading))


def validate(sources, *, reading: str = DEFAULT_READING, as_of=None, lang: str = "en",
             progress: bool = False, batch_size: int = DEFAULT_BATCH_SIZE,
             keep_reports: bool = False, engine: str = fast.DEFAULT_ENGINE) -> ValidationRun:
    """Validate AI-system descriptions against AI Act Art. 5(1)(f).

    sources: a path (file or folder), "-" (stdin), bytes, an rdflib Graph, or a list of these.
    reading: "act-text" | "intentions-covered" | "full-ban". as_of: a date or "YYYY-MM-DD"
    (None: the activity's date, else today). lang: "en" | "da" | "nl" (explanations).
    engine: "fast" (the compiled shapes on Oxigraph, :mod:`.fast`) or "reference" (pySHACL);
    keep_reports (SHACL report graphs wanted) runs the reference path.
    Returns a :class:`ValidationRun` (``results``, ``errors``, ``exit_code``)."""
    fast.check_engine(engine)
    if reading not in READINGS and reading not in all_reading_keys():
        raise UnknownReadingError(f"unknown reading {reading!r}: expected one of {', '.join(READINGS)}")
    if lang not in LANGUAGES:
        raise AiworkError(f"unknown language {lang!r}: expected one of {', '.join(LANGUAGES)}")
    explicit = coerce_date(as_of)
    t0 = time.perf_counter()
    closure = default_closure()
    items, errors = expand_sources(sources)
    parsed: list = []  # (index, name, graph)
    for index, (name, payload) in enumerate(items):
        try:
            parsed.append((index, name, _parse(name, payload, closure)))
        except InputError as exc:
            errors.append(exc)
    t1 = time.perf_counter()
    run = ValidationRun(results=[], errors=errors, reading=reading, lang=lang,
                        as_of=explicit.isoformat() if explicit else None,
                        reading_note=reading_note(reading, lang))
    if keep_reports:
        run.verdict_graph = bind_all(Graph())
    bar = None
    if progress and parsed:
        import click

        bar = click.progressbar(length=len(parsed), label="validating", file=sys.stderr)
        bar.__enter__()
    today = _dt.date.today()
    order = {name: index for index, name, _ in parsed}
    t_validate = t_map = 0.0
    try:
        for start in range(0, len(parsed), max(1, batch_size)):
            batch = parsed[start:start + batch_size]
            g, sources_of, rename = batch_graph(batch, closure, explicit, today)
            ta = time.perf_counter()
            found = fast.shape_results(g, shared_shapes_graph(reading), engine=engine, keep_report=keep_reports)
            tb = time.perf_counter()
            if found.note and found.note not in run.notes:
                run.notes.append(found.note)
            run.engine = found.engine if run.engine in ("", found.engine) else "mixed"
            report = found.report
            verdicts = verdict_from_report(report, g, reading=reading, as_of=explicit, lang=lang,
                                           sources=sources_of, rename=rename, closure=closure,
                                           by_focus=found.by_focus)
            t_map += time.perf_counter() - tb
            t_validate += tb - ta
            run.results += verdicts
            if keep_reports:
                if report is not None:
                    run.report_graphs.append(report)
                verdict_triples(verdicts, run.verdict_graph)
            if bar is not None:
                bar.update(len(batch))
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)
    run.results.sort(key=lambda r: (order.get(r.source, -1), r.system))
    run.errors.sort(key=lambda e: (e.source, e.line or 0))
    run.timings = {"parse": t1 - t0, "validate": t_validate, "map": t_map,
                   "total": time.perf_counter() - t0}
    return run
