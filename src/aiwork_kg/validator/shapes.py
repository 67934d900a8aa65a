"""The readings, the shapes of each reading, and the annotations that map results to verdicts.

The readings are data (shapes/art5-1-f/readings.ttl): their keys, order, default, summary,
note and shape files; :data:`READINGS` and :data:`DEFAULT_READING` are read from there, and the
command line, the server and the JSON schema take them from here. Each shape carries the
verdict, reason or risk category it signals (``aiw:signalsVerdict``, ``aiw:signalsReason``,
``aiw:signalsRiskCategory``), the condition it settles (``aiwsh:condition``, with
``aiwsh:status`` holds / fails / reported), the provision it implements
(``aiw:implementsProvision``) and the national text units that interpret it
(``aiw:interpretedBy``); each condition its role in an explanation (``aiwsh:role``), each
verdict its key, precedence and what it implies (shapes/art5-1-f/common.ttl).
:func:`shape_annotations` indexes them for the generic mapping in :mod:`aiwork_kg.validator.verdicts`.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, SKOS

from ..errors import AiworkError
from ..namespaces import AIW, AIWSH, SH, bind_all
from ..paths import SHAPES_DIR

READINGS_FILE = SHAPES_DIR / "art5-1-f" / "readings.ttl"


class UnknownReadingError(AiworkError):
    """A reading name that is not one of READINGS."""


@functools.lru_cache(maxsize=1)
def _readings_graph() -> Graph:
    return Graph().parse(READINGS_FILE, format="turtle")


def _int(g: Graph, s, p, default: int | None = None) -> int:
    """The integer value of `p` on `s`; `default` if it has none (an AiworkError if no default)."""
    value = g.value(s, p)
    if value is None and default is not None:
        return default
    if not isinstance(value, Literal):
        raise AiworkError(f"{s}: expected an integer as {p}, found {value!r}")
    return int(value)


def _iri(g: Graph, s, p) -> URIRef | None:
    """The value of `p` on `s`, which must be an IRI if there is one."""
    value = g.value(s, p)
    if value is None or isinstance(value, URIRef):
        return value
    raise AiworkError(f"{s}: expected an IRI as {p}, found {value!r}")


def _reading_nodes() -> list:
    g = _readings_graph()
    nodes = [s for s in set(g.subjects(AIWSH.key, None)) if (s, AIWSH.shapesFile, None) in g]
    return sorted(nodes, key=lambda s: (_int(g, s, AIWSH.order, 0), str(s)))


def _reading_keys() -> tuple[str, ...]:
    g = _readings_graph()
    return tuple(str(g.value(s, AIWSH.key)) for s in _reading_nodes())


def _default_reading() -> str:
    g = _readings_graph()
    defaults = [str(g.value(s, AIWSH.key)) for s in _reading_nodes()
                if g.value(s, AIWSH.isDefault) == Literal(True)]
    if len(defaults) != 1:
        raise AiworkError(f"{READINGS_FILE}: expected exactly one reading with aiwsh:isDefault true, "
                          f"found {len(defaults)}")
    return defaults[0]


READINGS: tuple[str, ...] = _reading_keys()
DEFAULT_READING: str = _default_reading()


def check_reading(reading: str) -> str:
    """`reading` if it is one of READINGS, else UnknownReadingError naming the choices."""
    if reading not in READINGS:
        raise UnknownReadingError(f"unknown reading {reading!r}: expected one of {', '.join(READINGS)}")
    return reading


def _lookup_graph() -> Graph:
    """The readings of every rule set (aiwork_kg.validator.rulesets): those of Art. 5(1)(f) in
    readings.ttl and those other rule sets' descriptors name; shape files as absolute paths."""
    from .rulesets import all_readings_graph

    return all_readings_graph()


def reading_iri(reading: str) -> URIRef:
    g = _lookup_graph()
    for s in g.subjects(AIWSH.key, Literal(reading)):
        if (s, AIWSH.shapesFile, None) in g:
            return s  # type: ignore[return-value]
    raise UnknownReadingError(f"unknown reading {reading!r}: expected one of {', '.join(READINGS)}")


def all_reading_keys() -> tuple[str, ...]:
    """The readings of every rule set, rule set by rule set."""
    from .rulesets import rule_sets

    return tuple(k for r in rule_sets() for k in r.readings)


def readings_graph() -> Graph:
    """The readings as data (shapes/art5-1-f/readings.ttl), parsed once; do not modify it."""
    return _readings_graph()


def reading_files(reading: str) -> list[str]:
    """The shape files of `reading`, relative to shapes/ where they are in it, else absolute."""
    out = []
    for f in _lookup_graph().objects(reading_iri(reading), AIWSH.shapesFile):
        path = Path(str(f))
        try:
            out.append(str(path.relative_to(SHAPES_DIR.resolve())))
        except ValueError:
            out.append(str(path))
    return sorted(out)


def reading_note(reading: str, lang: str = "en") -> str:
    notes = {lit.language: str(lit) for lit in _lookup_graph().objects(reading_iri(reading), AIWSH.readingNote)
             if isinstance(lit, Literal)}
    return notes.get(lang) or notes.get("en", "")


def reading_summary(reading: str) -> str:
    """The one-line summary of a reading (aiwsh:summary), e.g. for the command line's help."""
    summary = _lookup_graph().value(reading_iri(reading), AIWSH.summary)
    return "" if summary is None else str(summary)


def load_shapes(reading: str, folder: str | None = None) -> Graph:
    """The shape files of `reading` (only those under `folder`, e.g. "art5-1-f", if given),
    parsed into one graph, with the shapes built from their templates (:func:`build_from_templates`)."""
    g = bind_all(Graph())
    for rel in reading_files(reading):
        if folder is None or rel.startswith(folder.rstrip("/") + "/"):
            g.parse(SHAPES_DIR / rel, format="turtle")
    return build_from_templates(g, reading_iri(reading))


def build_from_templates(g: Graph, reading: URIRef | None = None) -> Graph:
    """Build every shape that names a template (``aiwsh:basedOn``) in `g`, in place.

    The reading shapes are written once, as templates (``aiwsh:ShapeTemplate``,
    shapes/art5-1-f/reading-shapes.ttl); each reading's file names its shapes and states only
    what differs. A shape gets every property of its template that it does not state itself;
    a blank node both state (the SPARQL constraint) is merged the same way. In each query a
    class test on a class parameter (``?x a P``, where the reading's file states
    ``P owl:unionOf (C1 C2)``) becomes ``?x a C1`` / ``?x a C2`` joined by ``||`` (EXISTS) or
    ``&&`` (NOT EXISTS). The templates are then removed, and each built shape is marked with
    `reading` (``aiwsh:reading``)."""
    templates = set(g.subjects(RDF.type, AIWSH.ShapeTemplate))
    built = list(g.subject_objects(AIWSH.basedOn))
    for shape, template in built:
        if template not in templates:
            raise AiworkError(f"{shape} is based on {template}, which is no aiwsh:ShapeTemplate")
        _inherit(g, shape, template)
        if reading is not None:
            g.add((shape, AIWSH.reading, reading))
    for template in templates:
        _remove_tree(g, template)
    params = {p: list(Collection(g, lst)) for p, lst in g.subject_objects(OWL.unionOf)
              if (p, RDF.type, AIWSH.ClassParameter) in g}
    if params:
        for constraint, query in list(g.subject_objects(SH.select)):
            if not isinstance(query, Literal):  # SHACL: sh:select is a string; pySHACL rejects anything else
                continue
            text = _expand_class_parameters(str(query), params, g)
            if text != str(query):
                g.remove((constraint, SH.select, query))
                g.add((constraint, SH.select, Literal(text, lang=query.language, datatype=query.datatype)))
    return g


def _inherit(g: Graph, dst, src) -> None:
    own = set(g.predicates(dst, None))
    for p, o in list(g.predicate_objects(src)):
        if p == RDF.type and o == AIWSH.ShapeTemplate:
            continue
        if p in own:
            mine = [x for x in g.objects(dst, p) if isinstance(x, BNode)]
            if isinstance(o, BNode) and len(mine) == 1:
                _inherit(g, mine[0], o)
            continue
        g.add((dst, p, _copy(g, o)))


def _copy(g: Graph, node):
    if not isinstance(node, BNode):
        return node
    new = BNode()
    for p, o in list(g.predicate_objects(node)):
        g.add((new, p, _copy(g, o)))
    return new


def _remove_tree(g: Graph, node) -> None:
    for p, o in list(g.predicate_objects(node)):
        g.remove((node, p, o))
        if isinstance(o, BNode) and (None, None, o) not in g:
            _remove_tree(g, o)


def _expand_class_parameters(query: str, params: dict, g: Graph) -> str:
    for param, classes in params.items():
        names = {f"<{param}>", g.namespace_manager.normalizeUri(param)}
        for name in names:
            pattern = re.compile(r"(NOT EXISTS|EXISTS) \{ ([?$]\w+) a " + re.escape(name) + r" \}")

            def expand(m, classes=classes):
                joiner = " && " if m.group(1) == "NOT EXISTS" else " || "
                return joiner.join(f"{m.group(1)} {{ {m.group(2)} a {g.namespace_manager.normalizeUri(c)} }}"
                                   for c in classes)
            query = pattern.sub(expand, query)
            if re.search(re.escape(name) + r"(?![\w-])", query):
                raise AiworkError(f"class parameter {name} used outside `EXISTS {{ ?x a {name} }}` in a query")
    return query


@functools.cache
def _shapes_graph(reading: str) -> Graph:
    """The built shapes of `reading`, through the disk cache (:mod:`.cache`; an edit of any shape
    file, of readings.ttl or of this module makes a new entry)."""
    from . import cache
    from .triples import graph_from_data, graph_to_data

    inputs = sorted(SHAPES_DIR.rglob("*.ttl")) + [Path(__file__)]
    return cache.cached(f"shapes-{reading}", inputs, lambda: load_shapes(reading), graph_to_data,
                        lambda data: bind_all(graph_from_data(data)))


def shapes_graph(reading: str = DEFAULT_READING) -> Graph:
    """The shapes for a reading (art5-1-f + profile), as one rdflib Graph (a fresh copy)."""
    out = bind_all(Graph())
    out += _shapes_graph(reading)
    return out


def shared_shapes_graph(reading: str) -> Graph:
    """The cached shapes graph for `reading`; do not modify it."""
    return _shapes_graph(reading)


@dataclass(frozen=True)
class ShapeInfo:
    shape: URIRef
    verdict: URIRef | None = None
    reasons: tuple[URIRef, ...] = ()
    risk_categories: tuple[URIRef, ...] = ()
    # risk categories of the system as such, apart from this operator and this use
    # (aiwsh:signalsSystemClassification, shapes/art5-1-f/risk.ttl)
    system_categories: tuple[URIRef, ...] = ()
    unless_verdicts: tuple[URIRef, ...] = ()
    condition: URIRef | None = None
    status: URIRef | None = None
    provisions: tuple[URIRef, ...] = ()
    interpreted_by: tuple[URIRef, ...] = ()
    messages: dict = field(default_factory=dict)


@dataclass(frozen=True)
class ConditionInfo:
    node: URIRef
    key: str
    order: int
    labels: dict
    unknown: dict
    provisions: tuple[URIRef, ...]
    interpreted_by: tuple[URIRef, ...]
    # from the condition's aiwsh:role (shapes/art5-1-f/common.ttl); no role: a decisive condition
    decisive: bool = True               # the step says holds / fails / unknown, else only reports
    shown_when_unsettled: bool = True   # shown with the unknown message when no result settles it
    only_chosen_verdict: bool = False   # only results of shapes signalling the chosen verdict count
    gives_evaluation_date: bool = False  # its facts are the dates evaluated


@dataclass(frozen=True)
class VerdictInfo:
    iri: URIRef
    key: str                            # the name in every output, e.g. "not-prohibited"
    precedence: int                     # lowest wins when several verdicts are signalled
    exit_code: int = 0                  # the command line's exit code for it
    fallback: bool = False              # the verdict when no shape signals one
    lists_missing_facts: bool = False   # its results' sh:resultPath are the missing facts


@dataclass(frozen=True)
class Annotations:
    shapes: dict            # shape IRI -> ShapeInfo
    conditions: list        # ConditionInfo, in order, those the reading uses
    verdicts: dict          # verdict IRI -> VerdictInfo, in order of precedence
    implies: dict           # verdict or risk category IRI -> (DPV classes, DPV risk levels)

    @property
    def precedence(self) -> dict:
        """verdict IRI -> int (lowest wins)."""
        return {v: info.precedence for v, info in self.verdicts.items()}

    @property
    def fallback_verdict(self) -> URIRef:
        return next(v for v, info in self.verdicts.items() if info.fallback)

    def verdict_iri(self, key: str) -> URIRef:
        return next(v for v, info in self.verdicts.items() if info.key == key)


def _lang_map(g: Graph, s, p) -> dict:
    return {getattr(o, "language", None) or "en": str(o) for o in g.objects(s, p)}


def _sorted(g: Graph, s, p) -> tuple:
    return tuple(sorted(o for o in g.objects(s, p) if isinstance(o, URIRef)))


def _flag(g: Graph, s, p, default: bool) -> bool:
    value = g.value(s, p) if s is not None else None
    return default if value is None else bool(value.toPython())


@functools.cache
def shape_annotations(reading: str) -> Annotations:
    g = _shapes_graph(reading)
    shapes: dict[URIRef, ShapeInfo] = {}
    used_conditions: set[URIRef] = set()
    for shape in (set(g.subjects(AIWSH.condition, None)) | set(g.subjects(AIW.signalsVerdict, None))
                  | set(g.subjects(AIWSH.signalsSystemClassification, None))):
        if not isinstance(shape, URIRef):
            raise AiworkError(f"reading {reading!r}: a shape that signals a verdict or settles a condition "
                              f"must be an IRI, found {shape!r}")
        messages: dict[str, str] = {}
        for constraint in g.objects(shape, SH.sparql):
            messages.update(_lang_map(g, constraint, SH.message))
        messages.update(_lang_map(g, shape, SH.message))
        cond = _iri(g, shape, AIWSH.condition)
        if cond is not None:
            used_conditions.add(cond)
        shapes[shape] = ShapeInfo(
            shape=shape, verdict=_iri(g, shape, AIW.signalsVerdict),
            reasons=_sorted(g, shape, AIW.signalsReason),
            risk_categories=_sorted(g, shape, AIW.signalsRiskCategory),
            system_categories=_sorted(g, shape, AIWSH.signalsSystemClassification),
            unless_verdicts=_sorted(g, shape, AIWSH.unlessVerdict),
            condition=cond, status=_iri(g, shape, AIWSH.status),
            provisions=_sorted(g, shape, AIW.implementsProvision),
            interpreted_by=_sorted(g, shape, AIW.interpretedBy),
            messages=messages)
    conditions: list[ConditionInfo] = []
    for c in g.subjects(RDF.type, AIWSH.Condition):
        if not isinstance(c, URIRef) or c not in used_conditions:
            continue
        role = g.value(c, AIWSH.role)
        conditions.append(ConditionInfo(
            node=c, key=str(g.value(c, AIWSH.key)), order=_int(g, c, AIWSH.order),
            labels=_lang_map(g, c, SKOS.prefLabel), unknown=_lang_map(g, c, AIWSH.unknownMessage),
            provisions=_sorted(g, c, AIW.implementsProvision),
            interpreted_by=_sorted(g, c, AIW.interpretedBy),
            decisive=_flag(g, role, AIWSH.decisive, True),
            shown_when_unsettled=_flag(g, role, AIWSH.shownWhenUnsettled, True),
            only_chosen_verdict=_flag(g, role, AIWSH.onlyChosenVerdict, False),
            gives_evaluation_date=_flag(g, role, AIWSH.givesEvaluationDate, False)))
    conditions.sort(key=lambda c: c.order)
    verdicts: list[VerdictInfo] = []
    for v, p in g.subject_objects(AIWSH.precedence):
        if not isinstance(v, URIRef) or not isinstance(p, Literal):
            raise AiworkError(f"reading {reading!r}: aiwsh:precedence links a verdict IRI to an integer, "
                              f"found {v!r} {p!r}")
        verdicts.append(VerdictInfo(
            iri=v, key=str(g.value(v, AIWSH.key)), precedence=int(p),
            exit_code=_int(g, v, AIWSH.exitCode, 0),
            fallback=_flag(g, v, AIWSH.fallback, False),
            lists_missing_facts=_flag(g, v, AIWSH.listsMissingFacts, False)))
    verdicts.sort(key=lambda v: (v.precedence, v.key))
    if sum(v.fallback for v in verdicts) != 1:
        raise AiworkError(f"reading {reading!r}: expected exactly one verdict with aiwsh:fallback true")
    implies = {s: (_sorted(g, s, AIWSH.impliesType), _sorted(g, s, AIWSH.impliesRiskLevel))
               for s in set(g.subjects(AIWSH.impliesType, None)) | set(g.subjects(AIWSH.impliesRiskLevel, None))}
    return Annotations(shapes=shapes, conditions=conditions,
                       verdicts={v.iri: v for v in verdicts}, implies=implies)


def verdict_keys(reading: str = DEFAULT_READING) -> tuple[str, ...]:
    """The verdicts' output names, in order of precedence."""
    return tuple(v.key for v in shape_annotations(reading).verdicts.values())


def exit_code_of(verdict: str, reading: str = DEFAULT_READING) -> int:
    """The command line's exit code for a verdict name (aiwsh:exitCode; 0 if none)."""
    for v in shape_annotations(reading).verdicts.values():
        if v.key == verdict:
            return v.exit_code
    return 0


def vocabulary() -> dict:
    """Every value the validator's output can take, over all readings (for the JSON schema):
    readings, verdicts, reasons, risk categories and condition keys (in explanation order)."""
    reasons: set = set()
    risks: set = set()
    conditions: dict = {}
    verdicts: dict = {}
    for reading in all_reading_keys():
        ann = shape_annotations(reading)
        for info in ann.shapes.values():
            reasons.update(info.reasons)
            risks.update(info.risk_categories)
            risks.update(info.system_categories)
        for c in ann.conditions:
            conditions.setdefault(c.key, c.order)
        for v in ann.verdicts.values():
            verdicts.setdefault(v.key, v.precedence)
    return {
        "readings": list(all_reading_keys()),
        "verdicts": sorted(verdicts, key=lambda k: (verdicts[k], k)),
        "reasons": sorted(local_name(r) for r in reasons),
        "risk_categories": sorted(local_name(r) for r in risks),
        "conditions": sorted(conditions, key=lambda k: (conditions[k], k)),
    }


def local_name(iri) -> str:
    """The local name of an IRI (after the last # or /), as every output names terms."""
    text = str(iri)
    return re.split(r"[#/]", text)[-1] if text else text
