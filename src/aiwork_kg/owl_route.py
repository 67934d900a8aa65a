"""The OWL route: classify system descriptions with owlready2 and HermiT.

A second, independent route to the shapes' verdicts, whose answer must agree with the shapes
wherever OWL can decide (tests/test_owl_route.py checks this on every example in examples/;
the defined classes it relies on are listed in
docs/decisions/2026-11-23-ontology-modelling-and-alignments.md). The ontology (ontology/aiwork.ttl with its alignments)
defines classes such as ``aiw:Art5-1-f-CandidateSystem`` (an AI system inferring an emotional
state from biometric data, used at work or in education on workers or students); HermiT
realises every described system and :func:`classify` reports the defined classes it falls
into. :func:`decide` turns those classes into a verdict where OWL can decide one.

What OWL can and cannot decide (the open-world assumption):

* OWL proves membership of a defined class from asserted facts: ``infers some EmotionalState``
  holds as soon as one value is an emotion. So it can prove that every *positive* condition of
  Art. 5(1)(f) holds (``aiw:Art5-1-f-CandidateSystem``) and that a stated purpose defeats the
  exception (``aiw:SystemWithNonExceptedPurpose``: some purpose that is neither medical, nor
  safety, nor one of the scope exclusions of Art. 2(3) and 2(6)).
* It cannot prove a *negative* condition from a description alone: that there is no other
  purpose (the exception needs *every* purpose to be medical or safety), that the system infers
  no emotion, that no input is biometric. Those need closure axioms. With ``closed=True`` the
  route adds, for each property a description states (infers, hasInput, usedIn, targets,
  hasPurpose, detects), an axiom that the kinds of the stated values are all its kinds
  (``infers only PhysicalState`` for a system stated to infer fatigue); properties the description
  does not state stay open, so a missing fact is never read as "none", except where the law
  reads a fact not shown as absent (``aiwsh:owlClosedWhenUnstated`` in readings.ttl: a purpose,
  since the exception must be shown; ``aiw:SystemWithoutStatedPurpose``). With those axioms and
  the ontology's disjointness
  (emotional states vs physical states vs intentions, biometric vs non-biometric data, work and
  education settings vs other settings), OWL proves ``aiw:ExclusivelyMedicalOrSafetySystem``,
  ``aiw:SystemInferringNoEmotionalState``, ``aiw:SystemWithoutBiometricInput`` and
  ``aiw:SystemOutsideWorkAndEducation``.
* The personal-training allowance of the Commission's guidelines on prohibited AI practices
  (every purpose training, ``aiw:affectsWorkRelationship false``; shapes/art5-1-f/
  personal-training.ttl) is not reasoned about: under act-text and intentions-covered
  :func:`decide` leaves a system in ``aiw:SystemWithoutEffectOnWorkRelationship`` undecided
  unless a failing condition already settles it.
* Dates are not reasoned about (HermiT has no ``xsd:date``; the date of application is a
  comparison, not a class): :func:`decide` leaves a case undecided when a date evaluated is
  before the date from which Art. 5(1)(f) applies under the law in force on the as-of date (else
  today), which :func:`date_of_application` reads from the knowledge graph, or when no version
  of the Act is in force on that day.

Each call uses a fresh owlready2 ``World``; nothing is fetched (``owl:imports`` are dropped, the
ontology is read from the package's files by :func:`aiwork_kg.ontology.load_ontology`). Set
``AIWORK_OWL_DEBUG=1`` to see HermiT's command line and timing.
"""
from __future__ import annotations

import functools
import os
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS
from rdflib.term import Node

from .errors import AiworkError
from .namespaces import AIW, AIWSH
from .rdfio import SUFFIX_FORMATS, load_graph

SYSTEM_CLASSES = (AIW.AISystem, AIW.NonAISystem)
CLOSED_PROPERTIES = (AIW.infers, AIW.hasInput, AIW.usedIn, AIW.targets, AIW.hasPurpose, AIW.detects)
ART_5_1_F = URIRef("https://w3id.org/aiwork/provision/eu/reg/2024/1689/art_5/par_1/pnt_f")


def date_of_application(on: date | None = None) -> date | None:
    """The date from which Art. 5(1)(f) applies under the law in force on `on` (default today),
    as the knowledge graph states it (Art. 113(a); :mod:`aiwork_kg.validator.lawdates`); None
    when no version of the Act that dates it is in force on that day."""
    from .validator.lawdates import dates_in_force

    found = dates_in_force(ART_5_1_F, on or date.today())
    return found[0] if found else None


class OwlRouteError(AiworkError):
    """The reasoner failed, or the descriptions contradict the ontology (inconsistency)."""


@dataclass
class Classification:
    """What HermiT derived for one system."""

    system: str
    classes: set[str] = field(default_factory=set)   # local names of defined aiw: classes
    dates: list[date] = field(default_factory=list)  # the stated activity dates


def _ontology_graph() -> Graph:
    """The ontology and its alignments (aiwork_kg.ontology.load_ontology; no owl:imports)."""
    from .ontology import load_ontology

    graph = load_ontology(with_imports=False)
    graph.remove((None, OWL.imports, None))  # nothing is ever fetched
    return graph


def _description_files(source) -> list:
    if isinstance(source, (str, Path)) and str(source) != "-" and Path(source).is_dir():
        return sorted(p for p in Path(source).iterdir()
                      if p.is_file() and p.suffix.lower() in SUFFIX_FORMATS)
    return [source]


def _descriptions(sources) -> Graph:
    if isinstance(sources, (str, Path, bytes, Graph)):
        sources = [sources]
    merged = Graph()
    for source in sources:
        for item in _description_files(source):
            graph = load_graph(item) if not isinstance(item, Graph) else item
            for triple in graph:
                merged.add(triple)
    return merged


def _systems(data: Graph) -> list[URIRef]:
    found = {s for cls in SYSTEM_CLASSES for s in data.subjects(RDF.type, cls) if isinstance(s, URIRef)}
    return sorted(found, key=str)


def _close(data: Graph, ontology: Graph, systems: Iterable[URIRef]) -> None:
    """Add `p only (T1 or T2 ...)` for every property a system states, Ti the ontology classes
    its stated values are typed with (closure axioms; properties not stated stay open).

    Classes rather than owl:oneOf nominals: the ontology's classes and disjointness are all the
    closure needs, and nominals make HermiT slower. Purposes named by the ontology are the
    exception: the scope exclusions (Art. 2(3), 2(6)) need "only {military}", so purposes are
    closed by name (the ontology declares them pairwise different)."""
    both = ontology + data
    aiw = str(AIW)
    named = set(ontology.subjects(RDF.type, OWL.NamedIndividual))
    closed_when_unstated = _closed_when_unstated()
    for system in systems:
        for prop in CLOSED_PROPERTIES:
            values = list(data.objects(system, prop))
            if not values:
                if prop in closed_when_unstated:
                    _only(data, system, prop, OWL.Nothing)
                continue
            if prop == AIW.hasPurpose and all(isinstance(v, URIRef) and v in named for v in values):
                # purposes by name: the scope exclusions (Art. 2(3), 2(6)) need "only {military}"
                one_of = BNode()
                data.add((one_of, RDF.type, OWL.Class))
                Collection(data, one_of_list := BNode(), sorted(values, key=str))  # IRIs: by their text
                data.add((one_of, OWL.oneOf, one_of_list))
                _only(data, system, prop, one_of)
                continue
            kinds: list[Node] = []  # per value: the intersection of its aiw: classes
            for value in values:
                types = sorted({t for t in both.objects(value, RDF.type)
                                if isinstance(t, URIRef) and str(t).startswith(aiw)})
                if not types:
                    kinds = []
                    break  # a value of unknown kind: nothing to close with
                if len(types) == 1:
                    kinds.append(types[0])
                else:
                    both_of = BNode()
                    data.add((both_of, RDF.type, OWL.Class))
                    Collection(data, both_list := BNode(), list(types))
                    data.add((both_of, OWL.intersectionOf, both_list))
                    kinds.append(both_of)
            if not kinds:
                continue
            union = BNode()
            data.add((union, RDF.type, OWL.Class))
            Collection(data, union_list := BNode(), kinds)
            data.add((union, OWL.unionOf, union_list))
            _only(data, system, prop, union)


@functools.cache
def _closed_when_unstated() -> frozenset:
    """The properties a closed description states nothing of that count as "none" (marked
    ``aiwsh:owlClosedWhenUnstated true`` in shapes/art5-1-f/readings.ttl: the law reads a fact
    not shown as absent, as for the purpose that the exception of Art. 5(1)(f) needs)."""
    from .validator.shapes import readings_graph

    return frozenset(readings_graph().subjects(AIWSH.owlClosedWhenUnstated, Literal(True)))


def _only(data: Graph, system: URIRef, prop: URIRef, cls) -> None:
    restriction = BNode()
    data.add((restriction, RDF.type, OWL.Restriction))
    data.add((restriction, OWL.onProperty, prop))
    data.add((restriction, OWL.allValuesFrom, cls))
    data.add((system, RDF.type, restriction))


def _defined_classes(ontology: Graph) -> dict[str, str]:
    """IRI -> local name of every aiw: class with an owl:equivalentClass definition (and of the
    two kinds of system, aiw:AISystem and aiw:NonAISystem)."""
    out = {str(c): str(c)[len(str(AIW)):] for c in SYSTEM_CLASSES}
    for cls in ontology.subjects(OWL.equivalentClass, None):
        if isinstance(cls, URIRef) and str(cls).startswith(str(AIW)):
            out[str(cls)] = str(cls)[len(str(AIW)):]
    return out


def _dates(data: Graph, system: URIRef) -> list[date]:
    out = []
    for activity in data.objects(system, AIW.hasActivity):
        for value in data.objects(activity, AIW.date):
            if isinstance(value, Literal) and isinstance(value.toPython(), date):
                out.append(value.toPython())
    return out


_LOGICAL = {RDF.type, RDF.first, RDF.rest, RDFS.subClassOf, RDFS.subPropertyOf, RDFS.domain, RDFS.range}


def _reasoning_graph(ontology: Graph, data: Graph) -> Graph:
    """The axioms HermiT needs: the ontology's logical triples (no labels, definitions or
    sources) without the individuals no description and no class expression mentions, plus the
    descriptions without their dates (HermiT has no xsd:date; dates are read separately)."""
    logical = Graph()
    for s, p, o in ontology:
        if p in _LOGICAL or str(p).startswith(str(OWL)):
            logical.add((s, p, o))
    individuals = set(logical.subjects(RDF.type, OWL.NamedIndividual))
    mentioned = {o for s, p, o in data} | {o for s, p, o in logical if p != RDF.type or o in individuals}
    mentioned |= {o for p in (RDF.first,) for o in logical.objects(None, p)}
    unused = individuals - mentioned
    out = Graph()
    for s, p, o in logical:
        if s not in unused:
            out.add((s, p, o))
    for s, p, o in data:
        if p != AIW.date:
            out.add((s, p, o))
    return out


def classify_details(sources, *, closed: bool = False) -> dict[str, Classification]:
    """Like :func:`classify`, with the stated dates of each system."""
    import owlready2

    ontology = _ontology_graph()
    defined = _defined_classes(ontology)
    data = _descriptions(sources)
    systems = _systems(data)
    if closed:
        _close(data, ontology, systems)
    result = {str(s): Classification(str(s), dates=_dates(data, s)) for s in systems}
    if not systems:
        return result
    merged = _reasoning_graph(ontology, data)
    world = owlready2.World()
    try:
        with tempfile.NamedTemporaryFile(suffix=".nt") as tmp:
            tmp.write(merged.serialize(format="nt", encoding="utf-8"))
            tmp.flush()
            onto = world.get_ontology("file://" + tmp.name).load()
        try:
            with onto:
                debug = int(os.environ.get("AIWORK_OWL_DEBUG", "0"))
                owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=debug,
                                               ignore_unsupported_datatypes=True)

        except owlready2.OwlReadyInconsistentOntologyError as exc:
            raise OwlRouteError("the descriptions contradict the ontology (HermiT: inconsistent)") from exc
        except Exception as exc:  # the Java process failed
            raise OwlRouteError(f"HermiT failed: {exc}") from exc
        for system in systems:
            individual = world[str(system)]
            if individual is None:
                continue
            names = set()
            for cls in individual.INDIRECT_is_a:
                iri = getattr(cls, "iri", None)
                if iri in defined:
                    names.add(defined[iri])
            result[str(system)].classes = names
    finally:
        world.close()
    return result


def classify(sources, *, closed: bool = False) -> dict[str, set[str]]:
    """The defined classes (aiw: local names) each described system falls into.

    `sources`: a path (file or folder), bytes, an rdflib Graph, or a list of these.
    `closed`: add closure axioms for the properties each description states (see the module
    documentation); without them the open-world reading applies.
    """
    return {iri: c.classes for iri, c in classify_details(sources, closed=closed).items()}


@dataclass(frozen=True)
class ReadingRules:
    """What one reading decides from the defined classes of the ontology (shapes/art5-1-f/readings.ttl).

    Local names of aiw: classes: any class in `not_prohibited` settles *not prohibited*; any in
    `undecided` leaves the system to the shapes; all of one set in `prohibited` (or `excepted`)
    settle that verdict."""

    not_prohibited: frozenset[str]
    undecided: frozenset[str]
    prohibited: tuple[frozenset[str], ...]
    excepted: tuple[frozenset[str], ...]


@functools.cache
def reading_rules(reading: str) -> ReadingRules:
    """The OWL route's rules for `reading`, read from shapes/art5-1-f/readings.ttl (once per reading)."""
    from .validator.shapes import reading_iri, readings_graph

    g, node = readings_graph(), reading_iri(reading)
    aiw = str(AIW)

    def local(term: Node) -> str:
        text = str(term)
        if not text.startswith(aiw):
            raise AiworkError(f"readings.ttl: {text} is not a class of the aiwork-kg ontology")
        return text[len(aiw):]

    def sets(prop: URIRef) -> tuple[frozenset[str], ...]:
        return tuple(frozenset(local(t) for t in Collection(g, lst)) for lst in sorted(g.objects(node, prop), key=str))

    return ReadingRules(
        not_prohibited=frozenset(local(t) for t in g.objects(node, AIWSH.owlNotProhibitedIfAny)),
        undecided=frozenset(local(t) for t in g.objects(node, AIWSH.owlUndecidedIfAny)),
        prohibited=sets(AIWSH.owlProhibitedIfAll),
        excepted=sets(AIWSH.owlExceptedIfAll),
    )


def decide(classification: Classification, *, reading: str | None = None,
           as_of: date | str | None = None) -> str | None:
    """The verdict OWL can decide for one system under a reading, or None where it cannot.

    The reading's rules (:func:`reading_rules`, data in shapes/art5-1-f/readings.ttl) say which
    defined classes settle what:

    * not-prohibited: a class proving a condition fails (a non-AI system; in the closed world,
      no biometric input, no inference of an emotion, outside work and education, ...);
    * None before the date of application, and for a class the reading leaves to the shapes
      (the personal-training allowance needs every purpose to be training);
    * prohibited: every class of a prohibited set (the candidate class of the reading and a
      purpose that defeats the exception; under full-ban an AI system inferring an emotional
      state from biometric data for an in-scope purpose);
    * excepted: every class of an excepted set (candidate, and every purpose medical or safety).
    """
    from .validator.shapes import DEFAULT_READING, check_reading

    rules = reading_rules(check_reading(reading or DEFAULT_READING))
    c = classification.classes
    if isinstance(as_of, str):
        as_of = date.fromisoformat(as_of)
    # as the validator: an explicit as-of date replaces the stated dates; else the stated
    # dates (all must be on or after the date of application), else today
    when = [as_of] if as_of else (classification.dates or [date.today()])
    if rules.not_prohibited & c:
        return "not-prohibited"
    applies_from = date_of_application(as_of or date.today())
    if applies_from is None or not all(d >= applies_from for d in when) or rules.undecided & c:
        return None
    if any(needed <= c for needed in rules.prohibited):
        return "prohibited"
    if any(needed <= c for needed in rules.excepted):
        return "excepted"
    return None
