"""The SPARQL protocol as clients expect it: format names, media-type aliases, service description.

Kept apart from :mod:`.serve` (the HTTP plumbing) so that what the endpoint *offers* is written
down in one place:

- ``N3_TYPES``: the Notation 3 media types (``text/n3``, ``text/rdf+n3``, ``application/n3``).
  A graph result is served to them as Turtle, which is a subset of N3, as Jena Fuseki and
  Virtuoso do; SPARQLWrapper's ``N3`` return format asks for these types and ``format=n3``.
- ``FORMAT_PARAM``: the ``format``/``output`` parameter values that Fuseki, Virtuoso and
  SPARQLWrapper use, mapped to a solution and a graph media type.
- :func:`service_description`: the SPARQL 1.1 Service Description of the endpoint as an RDF graph
  (``sd:feature``, every ``sd:resultFormat``, ``sd:defaultDataset`` with the default graph and
  the named graphs and their triple counts), serialised by :func:`serialize_description` as
  Turtle, RDF/XML or JSON-LD.
"""
from __future__ import annotations

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF, VOID, XSD

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
ENTAILMENT = Namespace("http://www.w3.org/ns/entailment/")
FORMATS = Namespace("http://www.w3.org/ns/formats/")

# the media types of Notation 3; a graph result is answered in Turtle (a subset of N3)
N3_TYPES = ("text/n3", "text/rdf+n3", "application/n3")

# media type served -> its IRI in http://www.w3.org/ns/formats/ (for sd:resultFormat)
FORMAT_IRIS = {
    "application/sparql-results+json": "SPARQL_Results_JSON",
    "application/sparql-results+xml": "SPARQL_Results_XML",
    "text/csv": "SPARQL_Results_CSV",
    "text/tab-separated-values": "SPARQL_Results_TSV",
    "text/turtle": "Turtle",
    "application/n-triples": "N-Triples",
    "application/ld+json": "JSON-LD",
    "application/rdf+xml": "RDF_XML",
    "application/n-quads": "N-Quads",
    "application/trig": "TriG",
}
# Turtle is also what N3 clients get: the service says so with the N3 format IRI
N3_FORMAT_IRI = "N3"

# the `format` / `output` parameter (as Fuseki and Virtuoso accept it; SPARQLWrapper sends it):
# value -> (media type for solutions, media type for graphs); None keeps content negotiation
FORMAT_PARAM: dict[str, tuple[str | None, str | None]] = {
    "json": ("application/sparql-results+json", "application/ld+json"),
    "xml": ("application/sparql-results+xml", "application/rdf+xml"),
    "csv": ("text/csv", None),
    "tsv": ("text/tab-separated-values", None),
    "turtle": (None, "text/turtle"),
    "ttl": (None, "text/turtle"),
    "n3": (None, "text/turtle"),
    "nt": (None, "application/n-triples"),
    "ntriples": (None, "application/n-triples"),
    "n-triples": (None, "application/n-triples"),
    "json-ld": (None, "application/ld+json"),
    "jsonld": (None, "application/ld+json"),
    "rdf": (None, "application/rdf+xml"),
    "rdfxml": (None, "application/rdf+xml"),
    "rdf+xml": (None, "application/rdf+xml"),
    "nq": (None, "application/n-quads"),
    "nquads": (None, "application/n-quads"),
    "n-quads": (None, "application/n-quads"),
    "trig": (None, "application/trig"),
}

# the service description's own formats: media type served -> rdflib serializer
DESCRIPTION_FORMATS = {
    "text/turtle": "turtle",
    "application/rdf+xml": "xml",
    "application/ld+json": "json-ld",
}
# what a client may send in Accept for the description -> the canonical type (html is the page)
DESCRIPTION_ALIASES = {
    "text/turtle": "text/turtle",
    "application/turtle": "text/turtle",
    "application/x-turtle": "text/turtle",
    **dict.fromkeys(N3_TYPES, "text/turtle"),
    "application/rdf+xml": "application/rdf+xml",
    "application/xml": "application/rdf+xml",
    "text/xml": "application/rdf+xml",
    "application/ld+json": "application/ld+json",
    "application/json": "application/ld+json",
    "text/html": "text/html",
    "application/xhtml+xml": "text/html",
}
DESCRIPTION_FORMAT_PARAM = {"turtle": "text/turtle", "ttl": "text/turtle", "n3": "text/turtle",
                            "xml": "application/rdf+xml", "rdf": "application/rdf+xml",
                            "rdfxml": "application/rdf+xml", "rdf+xml": "application/rdf+xml",
                            "json": "application/ld+json", "json-ld": "application/ld+json",
                            "jsonld": "application/ld+json"}


def service_description(endpoint: str, *, timeout: float, dataset: str, default_triples: int | None,
                        named_graphs: dict[str, int], result_types: list[str]) -> Graph:
    """The SPARQL 1.1 Service Description of the endpoint at `endpoint`.

    `dataset` is the IRI of the dataset the default graph holds (dcterms:source); `named_graphs`
    maps each named graph of the store to its triple count; `result_types` are the media types
    the endpoint answers (each becomes an sd:resultFormat).

    Features: ``sd:UnionDefaultGraph`` when there are named graphs (the default graph holds
    exactly the triples of all named graphs, see :func:`aiwork_kg.store.open_dataset`);
    ``sd:BasicFederatedQuery`` is not offered (SERVICE is refused) and nothing is dereferenced.
    """
    g = Graph()
    g.bind("sd", SD)
    g.bind("void", VOID)
    g.bind("dcterms", DCTERMS)
    g.bind("formats", FORMATS)
    g.bind("entailment", ENTAILMENT)
    service = URIRef(endpoint)
    g.add((service, RDF.type, SD.Service))
    g.add((service, SD.endpoint, service))
    g.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    g.add((service, SD.defaultEntailmentRegime, ENTAILMENT.Simple))
    if named_graphs:
        g.add((service, SD.feature, SD.UnionDefaultGraph))
    for media in result_types:
        g.add((service, SD.resultFormat, FORMATS[FORMAT_IRIS[media]]))
    if "text/turtle" in result_types:
        g.add((service, SD.resultFormat, FORMATS[N3_FORMAT_IRI]))
    g.add((service, DCTERMS.description, Literal(
        "Read-only SPARQL 1.1 endpoint of aiwork-kg. Updates and SERVICE are refused; each query stops "
        f"after {timeout:g} seconds. The default graph is the whole release, the union of the named graphs; "
        "default-graph-uri, named-graph-uri, FROM and FROM NAMED choose other datasets.", lang="en")))
    ds = BNode("dataset")
    g.add((service, SD.defaultDataset, ds))
    g.add((ds, RDF.type, SD.Dataset))
    g.add((ds, DCTERMS.source, URIRef(dataset)))
    default = BNode("defaultGraph")
    g.add((ds, SD.defaultGraph, default))
    g.add((default, RDF.type, SD.Graph))
    if default_triples is not None:
        g.add((default, VOID.triples, Literal(default_triples, datatype=XSD.integer)))
    for i, (name, triples) in enumerate(sorted(named_graphs.items())):
        named = BNode(f"namedGraph{i}")
        graph = BNode(f"graph{i}")
        g.add((ds, SD.namedGraph, named))
        g.add((named, RDF.type, SD.NamedGraph))
        g.add((named, SD.name, URIRef(name)))
        g.add((named, SD.graph, graph))
        g.add((graph, RDF.type, SD.Graph))
        g.add((graph, VOID.triples, Literal(triples, datatype=XSD.integer)))
    return g


def serialize_description(graph: Graph, media_type: str) -> bytes:
    """The service description in one of DESCRIPTION_FORMATS."""
    fmt = DESCRIPTION_FORMATS[media_type]
    if fmt == "json-ld":
        context = {prefix: str(ns) for prefix, ns in graph.namespaces()
                   if prefix in ("sd", "void", "dcterms", "formats", "entailment", "rdf", "xsd")}
        return graph.serialize(format="json-ld", context=context, encoding="utf-8")
    return graph.serialize(format=fmt, encoding="utf-8")
