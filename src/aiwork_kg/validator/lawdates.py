"""The dates of application, as the knowledge graph states them for each version of the law.

The shapes hold no date (a test checks that shapes/ has no date literal): they compare the date
evaluated with the ``aiw:DateOfApplication`` facts of the knowledge graph, choosing the ones that
are the law on the *law date* (``aiwsh:evaluation aiwsh:lawDate``: the ``--as-of`` date, else
today). A fact is the law on a day D when every provision version in its ``dcterms:source`` is in
force on D (``eli:first_date_entry_in_force`` <= D, and D <= ``eli:date_no_longer_in_force`` when
there is one); see data/eu/ai-act-amendment-2026-1744.ttl and
docs/decisions/2026-12-06-point-in-time-versions.md.

:func:`law_date_graph` is the part of the knowledge graph the shapes need for that choice: every
versioned date of application (its date, the provisions it concerns, its labels in en/da/nl,
its sources) and the validity of each source version. It is read once per process from data/
(disk-cached like the citations) and added to every batch by
:func:`aiwork_kg.validator.engine.evaluation_triples`. :func:`dates_in_force` makes the same
choice in Python for the OWL route (:mod:`aiwork_kg.owl_route`), which cannot compare dates.
"""
from __future__ import annotations

import datetime as _dt
import functools

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS, Namespace

from ..namespaces import AIW
from ..paths import DATA_DIR

ELI = Namespace("http://data.europa.eu/eli/ontology#")
_COPIED = (AIW.appliesFrom, AIW.provision, DCTERMS.source, SKOS.prefLabel)
_VALIDITY = (ELI.first_date_entry_in_force, ELI.date_no_longer_in_force)


def _read(paths) -> Graph:
    data = Graph()
    for path in paths:
        try:
            if "DateOfApplication" not in path.read_text(encoding="utf-8"):
                continue  # parse only the files that state dates of application (fast start-up)
            data.parse(path, format="turtle")
        except Exception:  # noqa: BLE001 - a file mid-edit must not break verdicts (as citations.py)
            continue
    out = Graph()
    for fact in set(data.subjects(RDF.type, AIW.DateOfApplication)):
        sources = list(data.objects(fact, DCTERMS.source))
        if not sources or not all((s, ELI.first_date_entry_in_force, None) in data for s in sources):
            continue  # not versioned: the ontology's undated summaries are not the law on a day
        out.add((fact, RDF.type, AIW.DateOfApplication))
        for p in _COPIED:
            for o in data.objects(fact, p):
                out.add((fact, p, o))
        for s in sources:
            for p in _VALIDITY:
                for o in data.objects(s, p):
                    out.add((s, p, o))
    return out


@functools.lru_cache(maxsize=1)
def law_date_graph() -> Graph:
    """The versioned dates of application of the knowledge graph (see the module doc)."""
    from . import cache

    paths = sorted(DATA_DIR.rglob("*.ttl")) if DATA_DIR.is_dir() else []
    return cache.cached("lawdates", paths, lambda: _read(paths),
                        encode=lambda g: g.serialize(format="nt"),
                        decode=lambda text: Graph().parse(data=text, format="nt"))


def _date(value) -> _dt.date | None:
    python = value.toPython() if isinstance(value, Literal) else None
    return python if isinstance(python, _dt.date) else None


def dates_in_force(provision: URIRef | str, on: _dt.date, graph: Graph | None = None) -> list[_dt.date]:
    """The dates from which `provision` applies under the law in force on `on` (sorted; empty
    when no version of the law that dates it is in force on that day)."""
    g = law_date_graph() if graph is None else graph
    out: set[_dt.date] = set()
    for fact in g.subjects(AIW.provision, URIRef(str(provision))):
        sources = list(g.objects(fact, DCTERMS.source))
        if not sources:
            continue
        valid = True
        for s in sources:
            starts = [d for d in map(_date, g.objects(s, ELI.first_date_entry_in_force)) if d]
            ends = [d for d in map(_date, g.objects(s, ELI.date_no_longer_in_force)) if d]
            if not starts or min(starts) > on or any(end < on for end in ends):
                valid = False
        if valid:
            out.update(d for d in map(_date, g.objects(fact, AIW.appliesFrom)) if d)
    return sorted(out)


__all__ = ["law_date_graph", "dates_in_force"]
