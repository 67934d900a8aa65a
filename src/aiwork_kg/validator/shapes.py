"""The shapes of each reading, and the annotations that map their results to verdicts.

Which files make up a reading is data (shapes/art5-1-f/readings.ttl). Each shape carries the
verdict, reason or risk category it signals (``aiw:signalsVerdict``, ``aiw:signalsReason``,
``aiw:signalsRiskCategory``), the condition it settles (``aiwsh:condition``, with
``aiwsh:status`` holds / fails / reported), the provision it implements
(``aiw:implementsProvision``) and the national text units that interpret it
(``aiw:interpretedBy``). :func:`annotations` indexes them for the generic mapping in
:mod:`aiwork_kg.validator.verdicts`.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, field

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS

from ..errors import AiworkError
from ..namespaces import AIW, AIWSH, SH, bind_all
from ..paths import SHAPES_DIR

READINGS = ("act-text", "intentions-covered", "full-ban")
DEFAULT_READING = "act-text"
READINGS_FILE = SHAPES_DIR / "art5-1-f" / "readings.ttl"


class UnknownReadingError(AiworkError):
    """A reading name that is not one of READINGS."""


@functools.lru_cache(maxsize=1)
def _readings_graph() -> Graph:
    return Graph().parse(READINGS_FILE, format="turtle")


def reading_iri(reading: str) -> URIRef:
    g = _readings_graph()
    for s in g.subjects(AIWSH.key, Literal(reading)):
        return s  # type: ignore[return-value]
    raise UnknownReadingError(f"unknown reading {reading!r}: expected one of {', '.join(READINGS)}")


def reading_files(reading: str) -> list[str]:
    return sorted(str(f) for f in _readings_graph().objects(reading_iri(reading), AIWSH.shapesFile))


def reading_note(reading: str, lang: str = "en") -> str:
    notes = {lit.language: str(lit) for lit in _readings_graph().objects(reading_iri(reading), AIWSH.readingNote)}
    return notes.get(lang) or notes.get("en", "")


@functools.lru_cache(maxsize=None)
def _shapes_graph(reading: str) -> Graph:
    g = bind_all(Graph())
    for rel in reading_files(reading):
        g.parse(SHAPES_DIR / rel, format="turtle")
    return g


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


@dataclass(frozen=True)
class Annotations:
    shapes: dict            # shape IRI -> ShapeInfo
    conditions: list        # ConditionInfo, in order, those the reading uses
    precedence: dict        # verdict IRI -> int (lowest wins)


def _lang_map(g: Graph, s, p) -> dict:
    return {getattr(o, "language", None) or "en": str(o) for o in g.objects(s, p)}


def _sorted(g: Graph, s, p) -> tuple:
    return tuple(sorted(o for o in g.objects(s, p) if isinstance(o, URIRef)))


@functools.lru_cache(maxsize=None)
def annotations(reading: str) -> Annotations:
    g = _shapes_graph(reading)
    shapes: dict = {}
    used_conditions = set()
    for shape in set(g.subjects(AIWSH.condition, None)) | set(g.subjects(AIW.signalsVerdict, None)):
        messages: dict = {}
        for constraint in g.objects(shape, SH.sparql):
            messages.update(_lang_map(g, constraint, SH.message))
        messages.update(_lang_map(g, shape, SH.message))
        cond = g.value(shape, AIWSH.condition)
        if cond is not None:
            used_conditions.add(cond)
        shapes[shape] = ShapeInfo(
            shape=shape, verdict=g.value(shape, AIW.signalsVerdict),
            reasons=_sorted(g, shape, AIW.signalsReason),
            risk_categories=_sorted(g, shape, AIW.signalsRiskCategory),
            unless_verdicts=_sorted(g, shape, AIWSH.unlessVerdict),
            condition=cond, status=g.value(shape, AIWSH.status),
            provisions=_sorted(g, shape, AIW.implementsProvision),
            interpreted_by=_sorted(g, shape, AIW.interpretedBy),
            messages=messages)
    conditions = []
    for c in g.subjects(RDF.type, AIWSH.Condition):
        if c not in used_conditions:
            continue
        conditions.append(ConditionInfo(
            node=c, key=str(g.value(c, AIWSH.key)), order=int(g.value(c, AIWSH.order)),
            labels=_lang_map(g, c, SKOS.prefLabel), unknown=_lang_map(g, c, AIWSH.unknownMessage),
            provisions=_sorted(g, c, AIW.implementsProvision),
            interpreted_by=_sorted(g, c, AIW.interpretedBy)))
    conditions.sort(key=lambda c: c.order)
    precedence = {v: int(p) for v, p in g.subject_objects(AIWSH.precedence)}
    return Annotations(shapes=shapes, conditions=conditions, precedence=precedence)
