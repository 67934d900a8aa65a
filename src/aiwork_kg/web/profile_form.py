"""The description form of the validation page, made from the ontology and the profile shapes.

Nothing here lists a value by hand: the fields are the description properties of the profile
(docs/profile.md), and for each

* its name and help text come from the profile shape whose ``sh:path`` it is
  (``shapes/profile/*.ttl``: ``sh:name``, ``sh:description`` in en, da, nl), else from the
  property's ``skos:prefLabel`` and ``skos:definition``;
* its choices come from the ontology (``ontology/aiwork.ttl``): for an object property, the
  named individuals of every subclass of its ``rdfs:range``, grouped by their class; for the
  operator activity and the operator, the named (not defined) subclasses of the range, since a
  description states them as a node of that type; for the kind of system, the named subclasses
  of ``aiw:System``; the labels are the ``skos:prefLabel`` in the chosen language.

:func:`build_description` turns the submitted fields into an RDF graph with rdflib (so the form
works without JavaScript), refusing any value the form did not offer, and
:func:`description_turtle` writes it as Turtle: the text the page shows, lets the user download,
and validates with :func:`aiwork_kg.validate` like any pasted description.
"""
from __future__ import annotations

import datetime as _dt
import functools
import re
from dataclasses import dataclass, field
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS, XSD

from ..namespaces import AIW
from ..paths import SHAPES_DIR

SH_PATH = URIRef("http://www.w3.org/ns/shacl#path")
SH_NAME = URIRef("http://www.w3.org/ns/shacl#name")
SH_DESCRIPTION = URIRef("http://www.w3.org/ns/shacl#description")

DEFAULT_SYSTEM = "https://example.org/systems/my-system"

# (form key, property, kind): the order of the form, as docs/profile.md lists the facts.
# kind: "type" (the system's class), "class" (a node typed with one class of the range),
# "multi" (individuals of the range), "bool" (true / false / not stated), "date".
FIELDS: tuple[tuple[str, URIRef, str], ...] = (
    ("type", RDF.type, "type"),
    ("hasActivity", AIW.hasActivity, "class"),
    ("performedBy", AIW.performedBy, "class"),
    ("date", AIW.date, "date"),
    ("hasInput", AIW.hasInput, "multi"),
    ("infers", AIW.infers, "multi"),
    ("detects", AIW.detects, "multi"),
    ("usedIn", AIW.usedIn, "multi"),
    ("targets", AIW.targets, "multi"),
    ("incidentallyRecords", AIW.incidentallyRecords, "multi"),
    ("hasPurpose", AIW.hasPurpose, "multi"),
    ("useRequired", AIW.useRequired, "bool"),
    ("affectsWorkRelationship", AIW.affectsWorkRelationship, "bool"),
)
BOOL_CHOICES = ("", "true", "false")


@dataclass
class Choice:
    value: str      # the local name (the form value)
    iri: str
    label: str


@dataclass
class Group:
    label: str
    iri: str | None
    choices: list[Choice] = field(default_factory=list)


@dataclass
class FieldSpec:
    key: str
    property: str
    kind: str
    label: str
    description: str
    description_lang: str = "en"   # the language of the description (English where no other exists)
    groups: list[Group] = field(default_factory=list)

    def values(self) -> set[str]:
        return {c.value for g in self.groups for c in g.choices}


def _local(iri: Any) -> str:
    return str(iri).split("#")[-1].split("/")[-1]


def _pick_tagged(g: Graph, node: Any, predicates: tuple, lang: str) -> tuple[str, str] | None:
    """(text, its language) of the first of `predicates` with a value in `lang`, else in English,
    else untagged, else any."""
    found: dict[str, str] = {}
    for p in predicates:
        for o in g.objects(node, p):
            if isinstance(o, Literal):
                found.setdefault((o.language or "").lower(), str(o))
        if lang in found:
            break
    for key in (lang, "en", ""):
        if found.get(key):
            return " ".join(found[key].split()), key
    if found:
        key, text = next(iter(found.items()))
        return " ".join(text.split()), key
    return None


def _pick(g: Graph, node: Any, predicates: tuple, lang: str) -> str | None:
    tagged = _pick_tagged(g, node, predicates, lang)
    return tagged[0] if tagged else None


def _label(g: Graph, node: Any, lang: str) -> str:
    return _pick(g, node, (SKOS.prefLabel, RDFS.label), lang) or _local(node)


@functools.lru_cache(maxsize=1)
def _graphs() -> tuple[Graph, Graph]:
    from ..validator import ontology_graph

    profile = Graph()
    for path in sorted((SHAPES_DIR / "profile").glob("*.ttl")):
        profile.parse(path, format="turtle")
    return ontology_graph(), profile


def _named_subclasses(g: Graph, cls: URIRef) -> list[URIRef]:
    """Named subclasses of `cls` (itself excluded) that are not defined by an owl:equivalentClass."""
    out = []
    for sub in g.transitive_subjects(RDFS.subClassOf, cls):
        if sub == cls or not isinstance(sub, URIRef) or (sub, OWL.equivalentClass, None) in g:
            continue
        out.append(sub)
    return out


@functools.lru_cache(maxsize=8)
def form_spec(lang: str) -> tuple[FieldSpec, ...]:
    """The fields of the description form, with labels in `lang`."""
    onto, profile = _graphs()
    specs = []
    for key, prop, kind in FIELDS:
        shape = next(iter(profile.subjects(SH_PATH, prop)), None) if kind != "type" else None
        label = (_pick(profile, shape, (SH_NAME,), lang) if shape is not None else None) \
            or (_label(onto, AIW.System, lang) if kind == "type" else _label(onto, prop, lang))
        described = (_pick_tagged(profile, shape, (SH_DESCRIPTION,), lang) if shape is not None else None) \
            or _pick_tagged(onto, AIW.System if kind == "type" else prop, (SKOS.definition,), lang) or ("", lang)
        spec = FieldSpec(key, str(prop), kind, label, described[0], described[1] or lang)
        if kind == "type":
            classes = [c for c in _named_subclasses(onto, AIW.System) if (c, RDFS.subClassOf, AIW.System) in onto]
            spec.groups = [Group("", None, [Choice(_local(c), str(c), _label(onto, c, lang))
                                            for c in sorted(classes, key=str)])]
        elif kind == "class":
            rng = onto.value(prop, RDFS.range)
            classes = _named_subclasses(onto, rng) if isinstance(rng, URIRef) else []
            spec.groups = [Group("", None, [Choice(_local(c), str(c), _label(onto, c, lang))
                                            for c in sorted(classes, key=lambda c: _label(onto, c, "en"))])]
        elif kind == "multi":
            rng = onto.value(prop, RDFS.range)
            if isinstance(rng, URIRef):
                spec.groups = _individual_groups(onto, rng, lang)
        specs.append(spec)
    return tuple(specs)


def _individual_groups(onto: Graph, rng: URIRef, lang: str) -> list[Group]:
    classes: list[URIRef] = [rng, *_named_subclasses(onto, rng)]
    groups: dict[URIRef, Group] = {}
    seen: set[URIRef] = set()
    for cls in classes:
        for ind in onto.subjects(RDF.type, cls):
            if not isinstance(ind, URIRef) or ind in seen or (ind, RDF.type, OWL.NamedIndividual) not in onto:
                continue
            seen.add(ind)
            # the group: the most specific class of the range the individual is typed with
            types = [t for t in onto.objects(ind, RDF.type) if isinstance(t, URIRef) and t in classes]
            direct = next((t for t in types if not any(o != t and (o, RDFS.subClassOf, t) in onto
                                                       for o in types)), cls)
            group = groups.setdefault(direct, Group(_label(onto, direct, lang), str(direct)))
            group.choices.append(Choice(_local(ind), str(ind), _label(onto, ind, lang)))
    for group in groups.values():
        group.choices.sort(key=lambda c: c.label.lower())
    return sorted(groups.values(), key=lambda g: g.label.lower())


class FormError(ValueError):
    """A submitted value that the form did not offer (names the field)."""


def _absolute_iri(value: str) -> bool:
    return bool(re.fullmatch(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|^`\\]+", value))


def build_description(values: Any, lang: str = "en") -> Graph:
    """The description the form states, as an rdflib Graph.

    `values` is a mapping with ``getlist`` (the request's form): ``system`` (an IRI),
    ``label``, ``operatorName`` and the keys of :data:`FIELDS`. A value the form does not offer
    raises :class:`FormError`."""
    specs = {s.key: s for s in form_spec(lang)}
    system_iri = (values.get("system") or "").strip() or DEFAULT_SYSTEM
    if not _absolute_iri(system_iri):
        raise FormError(f"system: {system_iri!r} is not an absolute IRI (such as {DEFAULT_SYSTEM})")
    system = URIRef(system_iri)
    g = Graph()
    g.bind("aiw", str(AIW))
    g.bind("rdfs", str(RDFS))
    g.bind("xsd", str(XSD))

    def chosen(key: str) -> list[URIRef]:
        spec = specs[key]
        allowed = {c.value: c.iri for grp in spec.groups for c in grp.choices}
        out = []
        for raw in values.getlist(key):
            if not raw:
                continue
            if raw not in allowed:
                raise FormError(f"{spec.label}: {raw!r} is not one of the values the ontology offers")
            out.append(URIRef(allowed[raw]))
        return out

    types = chosen("type") or [AIW.AISystem]
    for t in types:
        g.add((system, RDF.type, t))
    label = (values.get("label") or "").strip()
    if label:
        g.add((system, RDFS.label, Literal(label, lang=lang)))
    activity_types = chosen("hasActivity")
    operator_types = chosen("performedBy")
    date = (values.get("date") or "").strip()
    if date:
        try:
            _dt.date.fromisoformat(date)
        except ValueError:
            raise FormError(f"{specs['date'].label}: {date!r} is not a date YYYY-MM-DD") from None
    if activity_types or operator_types or date:
        activity = URIRef(system_iri + "-activity")
        g.add((system, AIW.hasActivity, activity))
        for t in activity_types:
            g.add((activity, RDF.type, t))
        if date:
            g.add((activity, AIW.date, Literal(date, datatype=XSD.date)))
        operator_name = (values.get("operatorName") or "").strip()
        if operator_types or operator_name:
            operator: URIRef | BNode = URIRef(system_iri + "-operator")
            g.add((activity, AIW.performedBy, operator))
            for t in operator_types:
                g.add((operator, RDF.type, t))
            if operator_name:
                g.add((operator, RDFS.label, Literal(operator_name)))
    for key, prop, kind in FIELDS:
        if kind == "multi":
            for value in chosen(key):
                g.add((system, prop, value))
        elif kind == "bool":
            raw = (values.get(key) or "").strip()
            if raw not in BOOL_CHOICES:
                raise FormError(f"{specs[key].label}: expected true, false or nothing, got {raw!r}")
            if raw:
                g.add((system, prop, Literal(raw == "true")))
    return g


def description_turtle(g: Graph) -> str:
    """The description as Turtle, with a comment saying where it came from."""
    body = g.serialize(format="turtle")
    return "# A description of an AI system for aiwork-kg validate, made with the form of /validate\n" + body


def missing_labels(missing: list[str], lang: str) -> dict[str, str]:
    """The form's name of each missing fact (a property's local name, as the validator reports it)."""
    by_key = {s.key: s.label for s in form_spec(lang)}
    return {m: by_key.get(m, m) for m in missing}
