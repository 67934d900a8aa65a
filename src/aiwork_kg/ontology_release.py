"""Ontology release artefacts in the manner of the Ontology Development Kit (ODK).

Written by :func:`aiwork_kg.release.write_release` next to the data release, all as RDF/XML
(the format every OWL tool reads), each with exactly one ``owl:Ontology`` header carrying
``owl:versionIRI`` and ``owl:versionInfo``:

- ``aiwork-ontology.owl`` (the *full* file, ODK's ``{id}.owl``): the ontology, its alignments and
  the import extracts merged into one ontology ``https://w3id.org/aiwork/ontology`` (version IRI
  ``…/ontology/{version}``), plus a declaration of every class and property that the data
  release uses and no file declares (:func:`declarations`). No ``owl:imports``: it stands alone.
- ``aiwork-ontology-base.owl`` (ODK's ``{id}-base.owl``): the project's own axioms (ontology and
  alignments) as ``https://w3id.org/aiwork/ontology/base``, with the ``owl:imports`` of
  ontology/aiwork.ttl's header (the extracts and ``terms``, by version IRI).
- ``aiwork-import-{name}.owl``: each extract (``ontology/imports/{name}_import.ttl``) as the
  ontology ``https://w3id.org/aiwork/ontology/imports/{name}`` with version IRI
  ``…/ontology/{version}/imports/{name}``, and ``aiwork-import-terms.owl``, the declarations of
  the other vocabularies' terms (DCMI, PROV, FOAF, SKOS, …) that the release uses and no file
  declares: the targets of the ``owl:imports`` in ontology/aiwork.ttl's header, which the base
  file and the data release carry.

Declarations follow how a term is used, so that the result stays in OWL 2 DL: a property used on
a class, property or ontology, or with both literal and IRI values, is an annotation property
(annotations may be made on anything); one with literal values only a datatype property; one with
IRI values only an object property. Terms already declared keep their declaration.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, XSD

from .namespaces import BASE, bind_all
from .release import OWL_BASE as BASE_FILE
from .release import OWL_FULL as FULL_FILE
from .release import OWL_IMPORT_FILE as IMPORT_FILE

ONTOLOGY_IRI = URIRef(BASE + "ontology")
BASE_IRI = URIRef(BASE + "ontology/base")

BUILTIN = (str(RDF), str(RDFS), str(OWL), str(XSD))
TERMS = "terms"  # the import made from the release: declarations of other vocabularies' terms
PROPERTY_TYPES = (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
TBOX_TYPES = (OWL.Class, RDFS.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty,
              OWL.Ontology, RDFS.Datatype, OWL.Restriction)


def version_iri(version: str) -> URIRef:
    return URIRef(f"{ONTOLOGY_IRI}/{version}")


def import_iri(name: str) -> URIRef:
    return URIRef(f"{BASE}ontology/imports/{name}")


def import_version_iri(name: str, version: str) -> URIRef:
    return URIRef(f"{BASE}ontology/{version}/imports/{name}")


def _parse(path: Path) -> Graph:
    from .rdfio import load_graph

    return load_graph(Path(path))


def _without_headers(graph: Graph) -> tuple[Graph, dict[URIRef, list]]:
    """`graph` without its owl:Ontology headers, and the header triples by header node."""
    headers = {s for s in graph.subjects(RDF.type, OWL.Ontology) if isinstance(s, URIRef)}
    out = bind_all(Graph())
    found: dict[URIRef, list] = {h: [] for h in headers}
    for s, p, o in graph:
        if s in headers:
            found[s].append((p, o))  # type: ignore[index]
        else:
            out.add((s, p, o))
    return out, found


def _declared(graph: Graph) -> dict[URIRef, set]:
    out: dict[URIRef, set] = {}
    for t in (*PROPERTY_TYPES, OWL.Class, RDFS.Datatype):
        for s in graph.subjects(RDF.type, t):
            if isinstance(s, URIRef):
                out.setdefault(s, set()).add(t)
    return out


def declarations(*graphs: Graph) -> Graph:
    """Declarations of the classes and properties used in `graphs` that none of them declares.

    Kinds follow usage (see the module docstring); built-in RDF, RDFS, OWL and XSD terms are
    never declared."""
    union = Graph()
    for g in graphs:
        for triple in g:
            union.add(triple)
    declared = _declared(union)
    tbox = {s for t in TBOX_TYPES for s in union.subjects(RDF.type, t)}
    out = bind_all(Graph())
    for cls in set(union.objects(None, RDF.type)):
        if isinstance(cls, URIRef) and not str(cls).startswith(BUILTIN) and cls not in declared:
            out.add((cls, RDF.type, OWL.Class))
    for prop in set(union.predicates()):
        if str(prop).startswith(BUILTIN) or prop in declared:
            continue
        literal = iri = on_tbox = False
        for s, o in union.subject_objects(prop):
            literal |= isinstance(o, Literal)
            iri |= not isinstance(o, Literal)
            on_tbox |= s in tbox or isinstance(s, BNode)
        if on_tbox or (literal and iri):
            kind = OWL.AnnotationProperty
        elif literal:
            kind = OWL.DatatypeProperty
        else:
            kind = OWL.ObjectProperty
        out.add((prop, RDF.type, kind))
    return out


def _header(g: Graph, iri: URIRef, version_iri_: URIRef, version: str, annotations: list) -> None:
    g.add((iri, RDF.type, OWL.Ontology))
    g.add((iri, OWL.versionIRI, version_iri_))
    g.add((iri, OWL.versionInfo, Literal(version)))
    for p, o in annotations:
        if p in (RDF.type, OWL.versionIRI, OWL.versionInfo, OWL.imports):
            continue
        g.add((iri, p, o))


def ontology_artefacts(ontology_files: list[Path], import_files: list[Path], data: Graph,
                       version: str) -> dict[str, Graph]:
    """The full file, the base file and one file per extract, as graphs keyed by file name.

    `ontology_files` are ontology/aiwork.ttl and ontology/alignments.ttl (the first one's header
    becomes the header of the full and base files); `import_files` the extracts; `data` the
    release graph, whose terms the full file declares."""
    from .release import canonical_graph  # (release imports this module only inside a function)

    own = bind_all(Graph())
    own_header: list = []
    for i, path in enumerate(ontology_files):
        body, headers = _without_headers(_parse(path))
        own += body
        if i == 0:
            for pairs in headers.values():
                own_header += pairs
    extracts: dict[str, Graph] = {}
    extract_headers: dict[str, list] = {}
    for path in import_files:
        name = Path(path).name.removesuffix("_import.ttl")
        body, headers = _without_headers(_parse(path))
        extracts[name] = body
        extract_headers[name] = [pair for pairs in headers.values() for pair in pairs]

    # "terms": declarations of the other vocabularies' terms that the data, the ontology and the
    # extracts use and none of them declares
    known = Graph()
    known += own
    for body in extracts.values():
        known += body
    extracts[TERMS] = declarations(known, data)
    extract_headers[TERMS] = [
        (DCTERMS.title, Literal("Declarations of the terms of other vocabularies that aiwork-kg uses", lang="en")),
        (RDFS.comment, Literal("Generated by aiwork-kg build (src/aiwork_kg/ontology_release.py) from the "
                               "release: each class and property used and declared in no other file, "
                               "declared by how it is used.", lang="en"))]

    out: dict[str, Graph] = {}
    for name, body in extracts.items():
        g = bind_all(Graph())
        _header(g, import_iri(name), import_version_iri(name, version), version, extract_headers[name])
        g += body
        g += declarations(g)
        out[IMPORT_FILE.format(name)] = g

    # full: own + extracts + declarations of everything the data release uses
    full = bind_all(Graph())
    _header(full, ONTOLOGY_IRI, version_iri(version), version, own_header)
    full += own
    for body in extracts.values():
        full += body
    full += declarations(full, data)
    out[FULL_FILE] = full

    # base: own axioms and the imports ontology/aiwork.ttl declares (the extracts and "terms")
    base = bind_all(Graph())
    _header(base, BASE_IRI, URIRef(f"{ONTOLOGY_IRI}/{version}/base"), version, own_header)
    imported = sorted({o for p, o in own_header if p == OWL.imports}, key=str)
    expected = sorted((import_version_iri(name, version) for name in extracts), key=str)
    if imported != expected:
        from .errors import AiworkError

        raise AiworkError(f"ontology/aiwork.ttl imports {[str(i) for i in imported]}, the release has "
                          f"{[str(e) for e in expected]}: the owl:imports of its header and the extracts differ")
    for iri in imported:
        base.add((BASE_IRI, OWL.imports, iri))
    base += own
    out[BASE_FILE] = base
    return {name: canonical_graph(g) for name, g in sorted(out.items())}


def serialize_owl(graph: Graph) -> bytes:
    """RDF/XML, triples sorted (Oxigraph's streaming writer keeps the order it is given; rdflib's
    writers order by hash and would differ between processes)."""
    import pyoxigraph as ox

    from .namespaces import PREFIXES
    from .release import _key
    from .terms import to_ox

    used = {str(t) for triple in graph for t in triple}
    prefixes = {p: ns for p, ns in sorted(PREFIXES.items()) if any(u.startswith(ns) for u in used)}
    def term(node: Any) -> Any:  # rdflib's Node is wider than the terms a parsed graph holds
        return to_ox(node)

    triples = [ox.Triple(term(s), term(p), term(o)) for s, p, o in sorted(graph, key=_key)]
    data = ox.serialize(triples, format=ox.RdfFormat.RDF_XML, prefixes=prefixes)
    assert data is not None  # no output file given: the bytes come back
    return data
