"""docs/ontology.md: every term of the ontology and its concept schemes, with its labels.

Generated from the built graph by `aiwork-kg docs` (see aiwork_kg.docgen); the same graph gives
the same bytes.
"""
from __future__ import annotations

from collections import defaultdict

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from ..languages import LANGUAGES
from ..namespaces import AIW, BASE
from .common import cell, header, lang_value, qname

TERM_SECTIONS = (
    ("Classes", OWL.Class),
    ("Object properties", OWL.ObjectProperty),
    ("Datatype properties", OWL.DatatypeProperty),
    ("Annotation properties", OWL.AnnotationProperty),
    ("Named individuals", OWL.NamedIndividual),
)
TERM_NAMESPACES = (str(AIW), BASE + "concept/")


def ontology_page(graph: Graph, intro: str = "") -> str:
    out = [header("ontology"), "# Ontology reference\n", intro]
    ontology = URIRef(BASE + "ontology")
    version = graph.value(ontology, OWL.versionInfo)
    sections = []
    for title, cls in TERM_SECTIONS:
        terms = sorted({s for s in graph.subjects(RDF.type, cls) if str(s).startswith(TERM_NAMESPACES)}, key=str)
        sections.append((title, cls, terms))
    concepts = sorted({s for s in graph.subjects(RDF.type, SKOS.Concept) if str(s).startswith(TERM_NAMESPACES)
                       and (s, RDF.type, OWL.NamedIndividual) not in graph}, key=str)
    total = len({t for title, cls, terms in sections if cls != OWL.AnnotationProperty for t in terms}
                | set(concepts))
    out.append(f"The terms of `{ontology}`" + (f" version {version}" if version else "")
               + f" and of its concept schemes: {total} terms (classes, object and datatype properties, "
               "individuals and concepts; annotation properties listed apart), each with its preferred label "
               "in English, Danish and Dutch and its English definition, as they stand in the built graph.\n")
    out.append("| section | terms |\n|---|---|")
    for title, _, terms in sections:
        out.append(f"| {title} | {len(terms)} |")
    out.append(f"| Concepts (not individuals) | {len(concepts)} |\n")

    def table(terms):
        rows = ["| term | en | da | nl | definition |", "|---|---|---|---|---|"]
        for t in terms:
            labels = [cell(lang_value(graph, t, SKOS.prefLabel, lang)) for lang in LANGUAGES]
            definition = cell(lang_value(graph, t, SKOS.definition, "en"))
            rows.append(f"| `{qname(graph, t)}` | " + " | ".join(labels) + f" | {definition} |")
        return "\n".join(rows) + "\n"

    for title, cls, terms in sections:
        if not terms:
            continue
        out.append(f"## {title}\n")
        if cls == OWL.NamedIndividual:
            by_class = defaultdict(list)
            for t in terms:
                types = sorted(c for c in graph.objects(t, RDF.type)
                               if isinstance(c, URIRef) and str(c).startswith(str(AIW)))
                by_class[types[0] if types else None].append(t)
            for cls_node in sorted(by_class, key=lambda c: str(c) if c is not None else ""):
                name = qname(graph, cls_node) if cls_node is not None else "(no class of the ontology)"
                out.append(f"### Individuals of `{name}`\n")
                out.append(table(by_class[cls_node]))
        else:
            out.append(table(terms))
    if concepts:
        out.append("## Concepts\n")
        by_scheme = defaultdict(list)
        for c in concepts:
            schemes = sorted(graph.objects(c, SKOS.inScheme), key=str)
            by_scheme[schemes[0] if schemes else None].append(c)
        for scheme in sorted(by_scheme, key=lambda s: str(s) if s is not None else ""):
            if scheme is not None:
                label = lang_value(graph, scheme, SKOS.prefLabel, "en") or lang_value(graph, scheme, RDFS.label, "en")
                out.append(f"### `{qname(graph, scheme)}`" + (f": {label}" if label else "") + "\n")
            else:
                out.append("### Concepts without a scheme\n")
            out.append(table(by_scheme[scheme]))
    return "\n".join(out).rstrip() + "\n"
