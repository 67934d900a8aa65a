"""The graph behind the web pages: which IRIs have a page, their RDF descriptions and their labels.

The pages read the release from the embedded store (:func:`aiwork_kg.store.open_store`) together
with the release's VoID/DCAT-AP record (``aiwork-kg-void.ttl``: the dataset, its versions and
named graphs, the catalogue), so that every IRI the release mints under
``https://w3id.org/aiwork/`` has a page. The store is copied once per release and process and
only read afterwards.

The RDF form of a resource (:func:`WebGraph.description`) is its concise bounded description
(every triple with the resource as subject, and recursively those of the blank nodes it reaches)
plus the labels of the IRIs it points to (``rdfs:label``, ``skos:prefLabel``), so that a client
can show names without a second request. The ontology's hash IRIs (``…/ontology#Term``) are
answered by the ontology document ``…/ontology``, whose description holds every term.
"""
from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox

from ..namespaces import BASE
from ..paths import default_dist_dir
from ..release import VOID_FILE

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCT = "http://purl.org/dc/terms/"
OWL = "http://www.w3.org/2002/07/owl#"
AIW = BASE + "ontology#"
ONTOLOGY = BASE + "ontology"
LABEL_PREDICATES = (RDFS + "label", SKOS + "prefLabel")
# what names a resource on a page, in this order (per language)
NAME_PREDICATES = (RDFS + "label", SKOS + "prefLabel", DCT + "bibliographicCitation", DCT + "title")

# the RDF forms: media type -> (suffix, pyoxigraph format, name shown)
RDF_FORMS: dict[str, tuple[str, ox.RdfFormat, str]] = {
    "text/turtle": (".ttl", ox.RdfFormat.TURTLE, "Turtle"),
    "application/ld+json": (".jsonld", ox.RdfFormat.JSON_LD, "JSON-LD"),
    "application/n-triples": (".nt", ox.RdfFormat.N_TRIPLES, "N-Triples"),
    "application/rdf+xml": (".rdf", ox.RdfFormat.RDF_XML, "RDF/XML"),
}
SUFFIXES = {suffix: media for media, (suffix, _, _) in RDF_FORMS.items()} | {".html": "text/html"}
PREFIXES = {"aiw": AIW, "rdfs": RDFS, "skos": SKOS, "dcterms": DCT, "owl": OWL,
            "eli": "http://data.europa.eu/eli/ontology#", "prov": "http://www.w3.org/ns/prov#",
            "xsd": "http://www.w3.org/2001/XMLSchema#", "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
            "foaf": "http://xmlns.com/foaf/0.1/", "dcat": "http://www.w3.org/ns/dcat#",
            "void": "http://rdfs.org/ns/void#"}

Term = ox.NamedNode | ox.BlankNode | ox.Literal
_CACHE: dict[tuple, WebGraph] = {}
_LOCK = threading.Lock()


def iri_of_path(path: str) -> str:
    """``/provision/eu/…`` -> ``https://w3id.org/aiwork/provision/eu/…``."""
    return BASE + path.lstrip("/")


def path_of_iri(iri: str) -> str:
    """The server path of a project IRI; hash IRIs of the ontology keep their fragment."""
    return "/" + iri[len(BASE):] if iri.startswith(BASE) else iri


def document_of(iri: str) -> str:
    """The IRI of the page that describes `iri` (the part before ``#``)."""
    return iri.split("#", 1)[0]


class WebGraph:
    """The release plus its VoID record in one read-only store, with the look-ups the pages need."""

    def __init__(self, store: ox.Store):
        self.store = store
        self._documents: set[str] | None = None
        self._fragments: dict[str, list[str]] = {}

    # -- which IRIs have a page ---------------------------------------------------------------
    def documents(self) -> set[str]:
        """Every IRI (without fragment) under the base that is the subject of a triple."""
        if self._documents is None:
            found: set[str] = set()
            fragments: dict[str, set[str]] = {}
            for quad in self.store.quads_for_pattern(None, None, None, ox.DefaultGraph()):
                subject = quad.subject
                if isinstance(subject, ox.NamedNode) and subject.value.startswith(BASE):
                    doc = document_of(subject.value)
                    found.add(doc)
                    if doc != subject.value:
                        fragments.setdefault(doc, set()).add(subject.value)
            self._fragments = {doc: sorted(iris) for doc, iris in fragments.items()}
            self._documents = found
        return self._documents

    def fragments(self, doc: str) -> list[str]:
        """The hash IRIs ``{doc}#…`` described in the graph (the ontology's terms, a contact point, …)."""
        self.documents()
        return self._fragments.get(doc, [])

    def knows(self, iri: str) -> bool:
        return document_of(iri) in self.documents()

    # -- descriptions ---------------------------------------------------------------------------
    def _about(self, node: ox.NamedNode | ox.BlankNode) -> Iterator[ox.Triple]:
        for quad in self.store.quads_for_pattern(node, None, None, ox.DefaultGraph()):
            yield quad.triple

    def cbd(self, iri: str) -> list[ox.Triple]:
        """The concise bounded description of `iri` and of the hash IRIs ``{iri}#…`` it holds (for the
        ontology document: every term)."""
        subjects: list[ox.NamedNode | ox.BlankNode] = [ox.NamedNode(iri)]
        subjects += [ox.NamedNode(f) for f in self.fragments(iri)]
        triples: list[ox.Triple] = []
        seen: set[ox.BlankNode] = set()
        while subjects:
            node = subjects.pop(0)
            for triple in self._about(node):
                triples.append(triple)
                obj = triple.object
                if isinstance(obj, ox.BlankNode) and obj not in seen:
                    seen.add(obj)
                    subjects.append(obj)
        return triples

    def description(self, iri: str) -> list[ox.Triple]:
        """The RDF form of a page: the CBD, then the labels of the IRIs it points to (in a fixed order)."""
        triples = sorted(self.cbd(iri), key=lambda t: (t.subject != ox.NamedNode(iri), _triple_key(t)))
        have = set(triples)
        described = {t.subject for t in triples}
        for target in sorted({t.object for t in triples if isinstance(t.object, ox.NamedNode)} - described,
                             key=lambda n: n.value):
            for predicate in LABEL_PREDICATES:
                for quad in self.store.quads_for_pattern(target, ox.NamedNode(predicate), None, ox.DefaultGraph()):
                    if quad.triple not in have:
                        have.add(quad.triple)
                        triples.append(quad.triple)
        return triples

    def serialize(self, iri: str, media: str) -> bytes:
        """The description of `iri` in one of :data:`RDF_FORMS` (absolute IRIs, the usual prefixes)."""
        _, fmt, _ = RDF_FORMS[media]
        triples = self.description(iri)
        if fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.RDF_XML):
            body = ox.serialize(triples, format=fmt, prefixes=PREFIXES)
        else:
            body = ox.serialize(triples, format=fmt)
        assert body is not None  # no output file: the bytes are returned
        return body

    def hash_terms(self) -> list[str]:
        return self.fragments(ONTOLOGY)

    # -- look-ups for the pages ------------------------------------------------------------------
    def objects(self, iri: str | ox.NamedNode | ox.BlankNode, predicate: str) -> list[Term]:
        node = ox.NamedNode(iri) if isinstance(iri, str) else iri
        found: list[Term] = []
        for quad in self.store.quads_for_pattern(node, ox.NamedNode(predicate), None, ox.DefaultGraph()):
            obj = quad.object
            if isinstance(obj, (ox.NamedNode, ox.BlankNode, ox.Literal)):
                found.append(obj)
        return found

    def subjects(self, predicate: str, obj: str) -> list[ox.NamedNode | ox.BlankNode]:
        found: list[ox.NamedNode | ox.BlankNode] = []
        for quad in self.store.quads_for_pattern(None, ox.NamedNode(predicate), ox.NamedNode(obj), ox.DefaultGraph()):
            subject = quad.subject
            if isinstance(subject, (ox.NamedNode, ox.BlankNode)):
                found.append(subject)
        return found

    def literals(self, iri: str | ox.NamedNode | ox.BlankNode, predicate: str) -> dict[str, str]:
        """language tag ("" for none) -> value, for the literals of `predicate`."""
        found: dict[str, str] = {}
        for obj in self.objects(iri, predicate):
            if isinstance(obj, ox.Literal):
                found.setdefault(obj.language or "", obj.value)
        return found

    def text_in(self, iri: str | ox.NamedNode | ox.BlankNode, predicate: str, lang: str) -> str | None:
        """The literal of `predicate` in `lang`, else English, else untagged, else any."""
        return pick(self.literals(iri, predicate), lang)

    def name(self, iri: str, lang: str) -> str:
        """What a page calls a resource in `lang` (a label, a citation, a title, else its IRI's tail)."""
        for candidate in (lang, "en", "", None):
            for predicate in NAME_PREDICATES:
                values = self.literals(iri, predicate)
                if candidate is None:
                    if values:
                        return next(iter(values.values()))
                elif values.get(candidate):
                    return values[candidate]
        identifier = self.literals(iri, DCT + "identifier")
        if identifier:
            return next(iter(identifier.values()))
        return local_name(iri)

    def types(self, iri: str) -> list[str]:
        return sorted(o.value for o in self.objects(iri, RDF_TYPE) if isinstance(o, ox.NamedNode))

    def query(self, sparql: str) -> list[dict[str, ox.NamedNode | ox.BlankNode | ox.Literal]]:
        solutions = self.store.query(sparql)
        assert isinstance(solutions, ox.QuerySolutions)
        names = [v.value for v in solutions.variables]
        return [{n: row[n] for n in names if row[n] is not None} for row in solutions]


def pick(values: dict[str, str], lang: str) -> str | None:
    for key in (lang, "en", ""):
        if values.get(key):
            return values[key]
    return next(iter(values.values()), None)


def local_name(iri: str) -> str:
    for sep in ("#", "/"):
        if sep in iri:
            tail = iri.rsplit(sep, 1)[1]
            if tail:
                return tail
    return iri


def _triple_key(t: ox.Triple) -> tuple[str, str, str]:
    return (str(t.subject), str(t.predicate), str(t.object))


def web_graph(release_dir: Path | str | None = None) -> WebGraph:
    """The :class:`WebGraph` of a release (default ./dist), cached per release and process."""
    from ..store import find_release_ntriples, open_store

    base = open_store(release_dir)
    nt = find_release_ntriples(release_dir)
    folder = nt.parent if nt is not None else (Path(release_dir) if release_dir else default_dist_dir())
    void = folder / VOID_FILE
    void_key = (str(void), void.stat().st_mtime_ns) if void.is_file() else None
    key = (id(base), void_key)
    with _LOCK:
        graph = _CACHE.get(key)
        if graph is None:
            store = ox.Store()
            store.bulk_extend(base)
            if void_key is not None:
                store.bulk_load(path=str(void), format=ox.RdfFormat.TURTLE, to_graph=ox.DefaultGraph())
            graph = WebGraph(store)
            graph.documents()
            _CACHE.clear()
            _CACHE[key] = graph
    return graph
