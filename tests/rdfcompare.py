"""Compare RDF documents as graphs (blank nodes canonicalised by pyoxigraph's RDF canonicalisation)."""
from __future__ import annotations

import pyoxigraph as ox

FORMATS = {".ttl": ox.RdfFormat.TURTLE, ".jsonld": ox.RdfFormat.JSON_LD, ".nt": ox.RdfFormat.N_TRIPLES,
           ".rdf": ox.RdfFormat.RDF_XML, "text/turtle": ox.RdfFormat.TURTLE,
           "application/ld+json": ox.RdfFormat.JSON_LD, "application/n-triples": ox.RdfFormat.N_TRIPLES,
           "application/rdf+xml": ox.RdfFormat.RDF_XML}


def canonical(body: bytes, fmt: str) -> frozenset[str]:
    """The triples of an RDF document, blank nodes canonicalised, as a set of N-Triples lines."""
    dataset = ox.Dataset()
    for quad in ox.parse(body, format=FORMATS[fmt]):
        dataset.add(ox.Quad(quad.subject, quad.predicate, quad.object, ox.DefaultGraph()))
    dataset.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)
    return frozenset(str(q.triple) for q in dataset)
