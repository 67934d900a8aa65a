"""The release: deterministic serialisations, counts, and the VoID/DCAT description.

Release files (the names are defined here only, in ``RELEASE_FILES``; the embedded store,
:mod:`aiwork_kg.store`, and the upload, :mod:`aiwork_kg.server.load`, take them from there):

- ``aiwork-kg.ttl``     Turtle, stable order (canonical blank-node labels, sorted subjects)
- ``aiwork-kg.nt``      N-Triples, one triple a line, lines sorted
- ``aiwork-kg.jsonld``  JSON-LD with an inline context of the project prefixes, nodes and values sorted
- ``aiwork-kg.trig``, ``aiwork-kg.nq``  the same triples in named graphs (one per source document,
  links, ontology, agents; :func:`graph_iri`), TriG and sorted N-Quads
- ``aiwork-ontology.owl``, ``aiwork-ontology-base.owl``, ``aiwork-import-{name}.owl``  the ontology
  release artefacts in RDF/XML, ODK style (:mod:`aiwork_kg.ontology_release`)
- ``aiwork-kg-void.ttl`` VoID + DCAT-AP 3.0.1 description: a dcat:Catalog, the dataset and this
  version (licence, counts, per-source subsets, named graphs, linksets to ELI, DPV, ..., EU
  controlled vocabularies), one dcat:Distribution per file with size and SHA-256
- ``MANIFEST.json``     the counts, the named graphs and the files with their sizes and SHA-256

Two builds of the same input are byte-identical: blank nodes get canonical labels
(rdflib.compare's canonicalisation), triples are inserted and written in a sorted order, and
the only date that is not a constant of this module, ``dcterms:issued`` (also the end of the
temporal coverage), is the version's release date (or SOURCE_DATE_EPOCH).
"""
from __future__ import annotations

import hashlib
import json
import os
from collections import Counter, defaultdict
from datetime import date, datetime, timezone
from pathlib import Path

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.compare import to_canonical_graph
from rdflib.namespace import DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SKOS, VOID, XSD
from rdflib.term import Node

from . import __version__
from .errors import AiworkError
from .languages import LANGUAGES
from .namespaces import AIW, BASE, DATASET, ELI, EU_NAL, LANG_NAL, PREFIXES, SOURCE, bind_all

DCAT = Namespace("http://www.w3.org/ns/dcat#")  # DCAT 3 (rdflib's closed DCAT lacks hasVersion etc.)
SPDX = Namespace("http://spdx.org/rdf/terms#")
IANA = Namespace("http://www.iana.org/assignments/media-types/")
CC_BY_4 = URIRef("https://creativecommons.org/licenses/by/4.0/")

# DCAT-AP 3.0.1 and the EU controlled vocabularies (Publications Office authority tables); the
# modelling is explained in docs/decisions/2026-12-06-dcat-ap-catalogue-record.md
DCATAP = Namespace("http://data.europa.eu/r5r/")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
LOCN = Namespace("http://www.w3.org/ns/locn#")
GSP = Namespace("http://www.opengis.net/ont/geosparql#")
ADMS = Namespace("http://www.w3.org/ns/adms#")
AUTHORITY = str(EU_NAL)  # the Publications Office authority tables
LICENCE_NAL = Namespace(AUTHORITY + "licence/")
DATA_THEME = Namespace(AUTHORITY + "data-theme/")
ACCESS_RIGHT = Namespace(AUTHORITY + "access-right/")
COUNTRY = Namespace(AUTHORITY + "country/")
FREQUENCY = Namespace(AUTHORITY + "frequency/")
AVAILABILITY = Namespace(AUTHORITY + "planned-availability/")
DISTRIBUTION_STATUS = Namespace(AUTHORITY + "distribution-status/")
FILE_TYPE = Namespace(AUTHORITY + "file-type/")
PUBLISHER_TYPE = Namespace("http://purl.org/adms/publishertype/")
LICENCE_TYPE = Namespace("http://purl.org/adms/licencetype/")
LICENCE = LICENCE_NAL["CC_BY_4_0"]  # the data licence, CC BY 4.0 (= CC_BY_4 above)
CATALOG_IRI = URIRef(BASE + "catalog")
CONTACT_IRI = URIRef(BASE + "agent/aiwork-kg#contact")
# the first day the texts speak of: Regulation (EU) 2024/1689 (the AI Act), adopted 13 June 2024
TEMPORAL_START = "2024-06-13"
# spatial coverage: the EU, Denmark and the Netherlands (country table of the Publications
# Office); bounding box (west, south, east, north) and centroid of the European territory, in
# degrees (WGS 84), rounded to two decimals - approximate, as DCAT-AP asks only for an indication
SPATIAL = {
    "EUR": ((-31.27, 34.56, 34.6, 70.09), (9.9, 49.84)),
    "DNK": ((8.07, 54.56, 15.2, 57.75), (10.02, 55.97)),
    "NLD": ((3.36, 50.75, 7.23, 53.55), (5.29, 52.13)),
}
# W3C recommendations the serialisations follow (dcterms:conformsTo of each distribution)
SYNTAX_STANDARDS = {
    "ttl": "http://www.w3.org/TR/turtle/",
    "nt": "http://www.w3.org/TR/n-triples/",
    "jsonld": "http://www.w3.org/TR/json-ld11/",
    "trig": "http://www.w3.org/TR/trig/",
    "nq": "http://www.w3.org/TR/n-quads/",
}

DATASET_IRI = URIRef(str(DATASET) + "aiwork-kg")
PUBLISHER = URIRef(BASE + "agent/aiwork-kg")

TTL, NT, JSONLD, TRIG, NQ, VOID_FILE, MANIFEST = (
    "aiwork-kg.ttl", "aiwork-kg.nt", "aiwork-kg.jsonld", "aiwork-kg.trig", "aiwork-kg.nq", "aiwork-kg-void.ttl",
    "MANIFEST.json")
# the ontology release artefacts (ODK style, see aiwork_kg.ontology_release): full, base, extracts
OWL_FULL, OWL_BASE, OWL_IMPORT_FILE = "aiwork-ontology.owl", "aiwork-ontology-base.owl", "aiwork-import-{}.owl"
OWL_IMPORTS = ("airo", "dpv", "eli", "terms", "vair")  # "terms" is made from the data, no extract file
EXTRACTS = ("airo", "dpv", "eli", "vair")
RELEASE_FILES = {"ttl": TTL, "nt": NT, "jsonld": JSONLD, "trig": TRIG, "nq": NQ,
                 "owl": OWL_FULL, "owl-base": OWL_BASE,
                 **{f"owl-import-{name}": OWL_IMPORT_FILE.format(name) for name in OWL_IMPORTS},
                 "void": VOID_FILE, "manifest": MANIFEST}

# (file key, media type, EU file-type authority code, title)
DISTRIBUTIONS = (
    ("ttl", "text/turtle", "RDF_TURTLE", "Turtle"),
    ("nt", "application/n-triples", "RDF_N_TRIPLES", "N-Triples"),
    ("jsonld", "application/ld+json", "JSON_LD", "JSON-LD"),
    ("trig", "application/trig", "RDF_TRIG", "TriG"),
    ("nq", "application/n-quads", "RDF_N_QUADS", "N-Quads"),
    ("owl", "application/rdf+xml", "OWL", "OWL (full ontology)"),
    ("owl-base", "application/rdf+xml", "OWL", "OWL (base ontology)"),
    *((f"owl-import-{name}", "application/rdf+xml", "OWL", f"OWL (extract of {name})") for name in OWL_IMPORTS),
)
QUAD_FORMATS = ("trig", "nq")
SYNTAX_STANDARDS.update({key: "http://www.w3.org/TR/owl2-syntax/"
                         for key, *_ in DISTRIBUTIONS if key.startswith("owl")})

# Named graphs of the TriG and N-Quads files (docs/decisions/2026-12-06-named-graph-iris.md):
# one per data file of a source document (graph/{folder}/{file name without .ttl}, e.g.
# graph/eu/ai-act-excerpts), one for the links and claims (data/links/), one for the ontology
# and its alignments, one for the agents (data/agents.ttl). Every triple of the release is in
# at least one of them; their union is the release.
GRAPH = Namespace(BASE + "graph/")
ONTOLOGY_GRAPH = GRAPH["ontology"]
LINKS_GRAPH = GRAPH["links"]
GRAPH_TITLES = {  # graph key -> (en, da, nl) title patterns
    "ontology": ("The ontology and its alignments", "Ontologien og dens tilknytninger",
                 "De ontologie en haar koppelingen"),
    "links": ("Cross-source links, claims and disagreements",
              "Henvisninger, påstande og uenigheder på tværs af kilderne",
              "Verwijzingen, beweringen en meningsverschillen tussen de bronnen"),
    "agents": ("Agents: publishers and authors of the sources", "Aktører: udgivere og forfattere af kilderne",
               "Actoren: uitgevers en auteurs van de bronnen"),
    "source": ("Units of the source document {}", "Enheder i kildedokumentet {}", "Eenheden van het brondocument {}"),
}
MEDIA_TYPES = {key: media_type for key, media_type, _code, _title in DISTRIBUTIONS}

# The date each version was released; dcterms:issued of the release. SOURCE_DATE_EPOCH
# (seconds since 1970, the reproducible-builds convention) overrides it.
RELEASE_DATES = {"0.1.0": "2026-11-23"}

# Linksets: target key -> (URI space of the target, excluded prefix, title per language)
LINK_TARGETS = {
    "eli": ("http://data.europa.eu/eli/", "http://data.europa.eu/eli/ontology",
            {"en": "EU legislation identified by ELI (EU Publications Office)",
             "da": "EU-retsakter identificeret med ELI (Publikationskontoret)",
             "nl": "EU-wetgeving geïdentificeerd met ELI (Publicatiebureau)"}),
    "dk-eli": ("https://www.retsinformation.dk/eli/", None,
               {"en": "Danish legislation identified by ELI (Retsinformation)",
                "da": "Dansk lovgivning identificeret med ELI (Retsinformation)",
                "nl": "Deense wetgeving geïdentificeerd met ELI (Retsinformation)"}),
    "eur-lex": ("https://eur-lex.europa.eu/", None,
                {"en": "EUR-Lex pages of EU legislation", "da": "EUR-Lex-sider med EU-retsakter",
                 "nl": "EUR-Lex-pagina's van EU-wetgeving"}),
    "dpv": ("https://w3id.org/dpv", None,
            {"en": "W3C Data Privacy Vocabulary (DPV) and its extensions",
             "da": "W3C Data Privacy Vocabulary (DPV) og dets udvidelser",
             "nl": "W3C Data Privacy Vocabulary (DPV) en de uitbreidingen ervan"}),
    "airo": ("https://w3id.org/airo#", None,
             {"en": "AI Risk Ontology (AIRO)", "da": "AI Risk Ontology (AIRO)", "nl": "AI Risk Ontology (AIRO)"}),
    "vair": ("https://w3id.org/vair#", None,
             {"en": "Vocabulary of AI Risks (VAIR)", "da": "Vocabulary of AI Risks (VAIR)",
              "nl": "Vocabulary of AI Risks (VAIR)"}),
}
LINKS_TO = {"en": "Links to {}", "da": "Henvisninger til {}", "nl": "Verwijzingen naar {}"}
ALWAYS_LINKSETS = ("eli", "dpv")
NO_SOURCE = "(referenced only, no source text)"

TERM_NAMESPACES = (str(AIW), BASE + "concept/")
# kind of term (the keys of counts["terms_by_kind"]) -> the class its terms are instances of
TERM_KINDS = {
    "classes": OWL.Class,
    "object_properties": OWL.ObjectProperty,
    "datatype_properties": OWL.DatatypeProperty,
    "annotation_properties": OWL.AnnotationProperty,
    "individuals": OWL.NamedIndividual,
    "concepts": SKOS.Concept,
    "concept_schemes": SKOS.ConceptScheme,
}
# the kinds the terms shape requires three labels of (shapes/graph/terms.ttl)
LABELLED_TERM_TYPES = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.NamedIndividual, SKOS.Concept)


def release_date() -> date:
    """dcterms:issued of this release: SOURCE_DATE_EPOCH if set, else the version's date."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return datetime.fromtimestamp(int(epoch), tz=timezone.utc).date()
        except (ValueError, OverflowError) as exc:
            raise AiworkError(f"SOURCE_DATE_EPOCH={epoch!r}: expected seconds since 1970-01-01") from exc
    if __version__ not in RELEASE_DATES:
        raise AiworkError(f"no release date for version {__version__}: add it to "
                          "aiwork_kg.release.RELEASE_DATES or set SOURCE_DATE_EPOCH")
    return date.fromisoformat(RELEASE_DATES[__version__])


def version_iri(version: str = __version__) -> URIRef:
    return URIRef(f"{DATASET_IRI}/{version}")


# --------------------------------------------------------------------------- canonical graph

def _key(triple) -> tuple[str, ...]:
    return tuple(term.n3() for term in triple)


class _NotATree(Exception):
    pass


def _content_labels(triples: list) -> dict | None:
    """Blank-node labels from content: a hash of each blank node's description downwards (its
    properties and values, blank values by their own hash) and upwards (who refers to it).

    Enough for the blank nodes this graph has (OWL restrictions, RDF lists, nested values: trees).
    Returns None when two blank nodes get the same label or blank nodes form a cycle; the caller
    then uses rdflib's general canonicalisation.
    """
    import hashlib

    out_edges: dict = defaultdict(list)
    in_edges: dict = defaultdict(list)
    bnodes = set()
    for s, p, o in triples:
        if isinstance(s, BNode):
            out_edges[s].append((p, o))
            bnodes.add(s)
        if isinstance(o, BNode):
            in_edges[o].append((s, p))
            bnodes.add(o)
    down_memo: dict = {}
    up_memo: dict = {}

    def down(b, seen=frozenset()):
        if b in down_memo:
            return down_memo[b]
        if b in seen:
            raise _NotATree
        parts = sorted(f"{p.n3()} {down(o, seen | {b}) if isinstance(o, BNode) else o.n3()}"
                       for p, o in out_edges[b])
        down_memo[b] = hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()
        return down_memo[b]

    def up(b, seen=frozenset()):
        if b in up_memo:
            return up_memo[b]
        if b in seen:
            raise _NotATree
        parts = sorted(f"{('[' + down(s) + up(s, seen | {b}) + ']') if isinstance(s, BNode) else s.n3()} {p.n3()}"
                       for s, p in in_edges[b])
        up_memo[b] = hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()
        return up_memo[b]

    try:
        labels = {b: "cb" + hashlib.sha256((down(b) + up(b)).encode()).hexdigest()[:32] for b in bnodes}
    except (_NotATree, RecursionError):
        return None
    if len(set(labels.values())) != len(labels):
        return None
    return labels


def canonical_graph(graph: Graph) -> Graph:
    """A copy of `graph` with canonical blank-node labels, triples inserted in sorted order.

    Blank nodes are labelled from their content (see _content_labels); where that is ambiguous,
    rdflib.compare's canonicalisation labels them. Either way the labels depend only on the graph,
    not on parse order or the process.
    """
    ground: list[tuple[Node, Node, Node]] = []
    with_bnodes: list[tuple[Node, Node, Node]] = []
    for triple in graph:
        (with_bnodes if isinstance(triple[0], BNode) or isinstance(triple[2], BNode) else ground).append(triple)
    if with_bnodes:
        labels = _content_labels(with_bnodes)
        if labels is not None:
            def relabel(term):
                return BNode(labels[term]) if isinstance(term, BNode) else term
            ground += [(relabel(s), p, relabel(o)) for s, p, o in with_bnodes]
        else:
            sub = Graph()
            for triple in with_bnodes:
                sub.add(triple)
            ground += list(to_canonical_graph(sub))
    out = bind_all(Graph())
    for triple in sorted(ground, key=_key):
        out.add(triple)
    return out


# --------------------------------------------------------------------------- counts

def _instances(graph: Graph, cls: URIRef) -> set:
    """Instances of `cls` or of any of its subclasses (rdfs:subClassOf* in the graph)."""
    classes = set(graph.transitive_subjects(RDFS.subClassOf, cls))
    found: set[Node] = set()
    for c in classes:
        found.update(graph.subjects(RDF.type, c))
    return found


def _in_term_namespace(node) -> bool:
    return isinstance(node, URIRef) and str(node).startswith(TERM_NAMESPACES)


def units_by_source(graph: Graph) -> dict[str, set]:
    """Source units grouped by the source text they are derived from (file name)."""
    groups: dict[str, set] = defaultdict(set)
    for unit in _instances(graph, AIW.SourceUnit):
        sources = [s for s in graph.objects(unit, PROV.wasDerivedFrom) if str(s).startswith(str(SOURCE))]
        if not sources:
            groups[NO_SOURCE].add(unit)
        for s in sources:
            groups[str(s)[len(str(SOURCE)):]].add(unit)
    return groups


def linkset_triples(graph: Graph) -> dict[str, Counter]:
    """Per link target, the number of triples per predicate whose object lies in its URI space."""
    counts: dict[str, Counter] = {key: Counter() for key in LINK_TARGETS}
    for _s, p, o in graph:
        if not isinstance(o, URIRef) or p == RDF.type:
            continue
        text = str(o)
        for key, (space, excluded, _) in LINK_TARGETS.items():
            if text.startswith(space) and not (excluded and text.startswith(excluded)):
                counts[key][p] += 1
    return counts


def compute_counts(graph: Graph) -> dict:
    """The counts reported by the build, the VoID description and MANIFEST.json."""
    terms_by_kind = {}
    all_terms = set()
    for kind, cls in TERM_KINDS.items():
        members = {s for s in graph.subjects(RDF.type, cls) if _in_term_namespace(s)}
        terms_by_kind[kind] = len(members)
        if cls in LABELLED_TERM_TYPES:
            all_terms |= members
    by_source = units_by_source(graph)
    units = _instances(graph, AIW.SourceUnit)
    links = _instances(graph, AIW.CrossSourceLink)
    relations = Counter(graph.qname(r) if isinstance(r, URIRef) else str(r)
                        for link in links for r in graph.objects(link, AIW.linkRelation))
    linksets = linkset_triples(graph)
    return {
        "triples": len(graph),
        "terms": len(all_terms),
        "terms_by_kind": terms_by_kind,
        "units": len(units),
        "units_by_source": {k: len(v) for k, v in sorted(by_source.items())},
        "documents": len(_instances(graph, AIW.SourceDocument)),
        "provisions": len(_instances(graph, AIW.Provision)),
        "expressions": len(set(graph.subjects(RDF.type, ELI.LegalExpression))),
        "links": len(links),
        "links_by_relation": dict(sorted(relations.items())),
        "claims": len(_instances(graph, AIW.Claim)),
        "disagreements": len(_instances(graph, AIW.Disagreement)),
        "linksets": {k: sum(c.values()) for k, c in linksets.items()},
        "distinct_subjects": len(set(graph.subjects())),
        "distinct_objects": len(set(graph.objects())),
        "classes_used": len(set(graph.objects(None, RDF.type))),
        "properties_used": len(set(graph.predicates())),
        "entities": len({s for s in graph.subjects() if isinstance(s, URIRef) and str(s).startswith(BASE)}),
    }


# --------------------------------------------------------------------------- serialisations

def serialize_turtle(graph: Graph) -> bytes:
    return graph.serialize(format="turtle", encoding="utf-8")


def serialize_ntriples(graph: Graph) -> bytes:
    text = graph.serialize(format="nt", encoding="utf-8").decode("utf-8")
    lines = sorted(line for line in text.splitlines() if line.strip())
    return ("\n".join(lines) + "\n").encode("utf-8")


def _sort_jsonld(node):
    """Sort node and value arrays (sets in JSON-LD); keep the order inside @list."""
    if isinstance(node, dict):
        return {k: ([_sort_jsonld(x) for x in v] if k == "@list" and isinstance(v, list) else _sort_jsonld(v))
                for k, v in node.items()}
    if isinstance(node, list):
        items = [_sort_jsonld(x) for x in node]
        return sorted(items, key=lambda x: json.dumps(x, sort_keys=True, ensure_ascii=False))
    return node


def serialize_jsonld(graph: Graph) -> bytes:
    """JSON-LD with an inline context of the project prefixes; nodes and value arrays sorted."""
    context = dict(sorted(PREFIXES.items()))
    raw = graph.serialize(format="json-ld", context=context, auto_compact=True)
    doc = json.loads(raw)
    if isinstance(doc, list):
        doc = {"@context": context, "@graph": doc}
    body = {k: v for k, v in doc.items() if k != "@context"}
    if "@graph" not in body:  # a single node was compacted to the top level
        body = {"@graph": [body]} if body else {"@graph": []}
    out = {"@context": context, "@graph": _sort_jsonld(body["@graph"])}
    return (json.dumps(out, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")


# --------------------------------------------------------------------------- named graphs

def graph_iri(path: Path | str) -> URIRef:
    """The named graph of an input file: data/links/* -> graph/links, data/agents.ttl ->
    graph/agents, data/{folder}/{name}.ttl -> graph/{folder}/{name}, ontology/* -> graph/ontology."""
    parts = Path(path).parts
    if "data" not in parts:
        return ONTOLOGY_GRAPH
    rel = parts[len(parts) - parts[::-1].index("data"):]
    if rel and rel[0] == "links":
        return LINKS_GRAPH
    return GRAPH["/".join(rel).removesuffix(".ttl")]


def graph_key(iri: URIRef | str) -> str:
    """The part of a graph IRI after graph/ (``ontology``, ``links``, ``eu/ai-act-excerpts``)."""
    return str(iri)[len(str(GRAPH)):]


def named_graphs(graph: Graph, parts: list[Path]) -> dict[URIRef, set]:
    """The triples of `graph` (a canonical release graph) by named graph, from the input files.

    Each file is parsed on its own and its triples are labelled as :func:`canonical_graph`
    labels them (blank-node labels depend only on content, so a file's blank nodes get the same
    labels here as in the whole graph). Raises AiworkError when the union of the named graphs
    is not `graph` or blank nodes cannot be labelled from content.
    """
    from .rdfio import load_graph

    per_file = [(graph_iri(path), list(load_graph(Path(path)))) for path in parts]
    with_bnodes = [tr for _, triples in per_file for tr in triples
                   if isinstance(tr[0], BNode) or isinstance(tr[2], BNode)]
    labels = _content_labels(with_bnodes) if with_bnodes else {}
    if labels is None:
        raise AiworkError("the blank nodes of the graph cannot be labelled from their content, so the "
                          "named graphs cannot be written deterministically")

    def relabel(term):
        return BNode(labels[term]) if isinstance(term, BNode) else term

    out: dict[URIRef, set] = defaultdict(set)
    for name, triples in per_file:
        out[name].update((relabel(s), p, relabel(o)) for s, p, o in triples)
    union = set().union(*out.values()) if out else set()
    if union != set(graph):
        raise AiworkError(f"the named graphs hold {len(union)} triples, the release {len(graph)}: "
                          "they were not read from the files the release was assembled from")
    return dict(sorted(out.items()))


def serialize_nquads(graphs: dict[URIRef, set]) -> bytes:
    """N-Quads, one quad a line, lines sorted (terms written as in the N-Triples file)."""
    lines = []
    for name, triples in graphs.items():
        g = Graph()
        for triple in triples:
            g.add(triple)
        for line in g.serialize(format="nt", encoding="utf-8").decode("utf-8").splitlines():
            if line.strip():
                lines.append(f"{line.rstrip().removesuffix(' .')} <{name}> .")
    return ("\n".join(sorted(lines)) + "\n").encode("utf-8")


def serialize_trig(graphs: dict[URIRef, set]) -> bytes:
    """TriG: the project prefixes once, then each named graph (sorted by IRI) in stable Turtle."""
    blocks, used = [], {}
    for name, triples in graphs.items():
        g = bind_all(Graph())
        for triple in sorted(triples, key=_key):
            g.add(triple)
        text = g.serialize(format="turtle", encoding="utf-8").decode("utf-8")
        head, body = text.split("\n\n", 1) if text.startswith("@prefix ") else ("", text)
        for line in head.splitlines():  # rdflib writes the prefixes first, then a blank line
            _, prefix, iri, _dot = line.split(" ", 3)
            used[prefix] = iri
        # the body as written: long literals span lines, so nothing is indented
        blocks.append(f"<{name}> {{\n" + body.strip("\n") + "\n}\n")
    header = "".join(f"@prefix {prefix} {iri} .\n" for prefix, iri in sorted(used.items()))
    return (header + "\n" + "\n".join(blocks)).encode("utf-8")


def _file_facts(path: Path) -> dict:
    data = path.read_bytes()
    return {"bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}


# --------------------------------------------------------------------------- VoID / DCAT

def _multilingual(g: Graph, node, prop, texts: dict[str, str]) -> None:
    for lang, text in texts.items():
        g.add((node, prop, Literal(text, lang=lang)))


def void_graph(graph: Graph, counts: dict, distributions: dict[str, dict], version: str = __version__,
               graphs: dict[str, dict] | None = None) -> Graph:
    """The VoID + DCAT description of the dataset, this version, its subsets, named graphs and files.

    `graphs` (from :func:`graph_summary`) describes the named graphs of the TriG and N-Quads
    files; distributions are described for the files in `distributions` only."""
    g = bind_all(Graph())
    g.bind("spdx", SPDX)
    ds, ver = DATASET_IRI, version_iri(version)
    issued = Literal(release_date().isoformat(), datatype=XSD.date)

    g.add((PUBLISHER, RDF.type, FOAF.Organization))
    g.add((PUBLISHER, RDF.type, PROV.Agent))
    g.add((PUBLISHER, FOAF.name, Literal("aiwork-kg contributors", lang="en")))

    title = {"en": "aiwork-kg: the knowledge graph of AI at work",
             "da": "aiwork-kg: vidensgrafen om AI på arbejdet",
             "nl": "aiwork-kg: de kennisgraaf over AI op het werk"}
    description = {
        "en": "The EU AI Act's ban on emotion recognition in the workplace and in education (Art. 5(1)(f)) "
              "and the Danish and Dutch texts that interpret it, unit by unit, with an ontology, "
              "cross-source links and attributed disagreements.",
        "da": "AI-forordningens forbud mod følelsesgenkendelse på arbejdspladser og uddannelsesinstitutioner "
              "(art. 5, stk. 1, litra f) og de danske og nederlandske tekster, der fortolker det, enhed for enhed, "
              "med en ontologi, henvisninger på tværs af kilderne og tilskrevne uenigheder.",
        "nl": "Het verbod op emotieherkenning op de werkplek en in het onderwijs in de AI-verordening "
              "(art. 5, lid 1, onder f) en de Deense en Nederlandse teksten die het uitleggen, eenheid voor eenheid, "
              "met een ontologie, verwijzingen tussen de bronnen en toegeschreven meningsverschillen.",
    }
    for node in (ds, ver):
        g.add((node, RDF.type, VOID.Dataset))
        g.add((node, RDF.type, DCAT.Dataset))
        _multilingual(g, node, DCTERMS.title, title)
        _multilingual(g, node, DCTERMS.description, description)
        g.add((node, DCTERMS.license, LICENCE))
        g.add((node, DCTERMS.publisher, PUBLISHER))
        g.add((node, DCTERMS.creator, PUBLISHER))
        g.add((node, VOID.uriSpace, Literal(BASE)))
        for lang in ("ENG", "DAN", "NLD"):
            g.add((node, DCTERMS.language, LANG_NAL[lang]))
        for kw in ({"en": "AI Act", "da": "AI-forordningen", "nl": "AI-verordening"},
                   {"en": "emotion recognition", "da": "følelsesgenkendelse", "nl": "emotieherkenning"},
                   {"en": "workplace", "da": "arbejdsplads", "nl": "werkplek"}):
            _multilingual(g, node, DCAT.keyword, kw)
        g.add((node, DCTERMS.subject, URIRef("http://data.europa.eu/eli/reg/2024/1689/oj")))

    g.add((ds, DCAT.hasVersion, ver))
    g.add((ds, DCAT.hasCurrentVersion, ver))
    g.add((ver, DCAT.isVersionOf, ds))
    g.add((ver, DCTERMS.isVersionOf, ds))
    g.add((ver, DCAT.version, Literal(version)))
    g.add((ver, OWL.versionInfo, Literal(version)))
    g.add((ver, DCTERMS.issued, issued))
    ontology = URIRef(BASE + "ontology")
    g.add((ontology, RDF.type, OWL.Ontology))
    g.add((ver, DCTERMS.conformsTo, ontology))

    g.add((ver, VOID.triples, Literal(counts["triples"], datatype=XSD.integer)))
    g.add((ver, VOID.entities, Literal(counts["entities"], datatype=XSD.integer)))
    g.add((ver, VOID.classes, Literal(counts["classes_used"], datatype=XSD.integer)))
    g.add((ver, VOID.properties, Literal(counts["properties_used"], datatype=XSD.integer)))
    g.add((ver, VOID.distinctSubjects, Literal(counts["distinct_subjects"], datatype=XSD.integer)))
    g.add((ver, VOID.distinctObjects, Literal(counts["distinct_objects"], datatype=XSD.integer)))
    example = URIRef(BASE + "provision/eu/reg/2024/1689/art_5/par_1/pnt_f")
    if (example, None, None) in graph:
        g.add((ver, VOID.exampleResource, example))

    # vocabularies whose terms are used as predicates or classes
    used = {str(p) for p in graph.predicates()} | {str(c) for c in graph.objects(None, RDF.type)}
    for _prefix, ns in sorted(PREFIXES.items()):  # in the order of the prefixes
        if any(u.startswith(ns) for u in used):
            # our own vocabulary by its ontology IRI (defined above), the others by namespace
            g.add((ver, VOID.vocabulary, ontology if ns == str(AIW) else URIRef(ns)))

    # one subset per source text: its units and the triples about them
    groups = units_by_source(graph)
    for name, units in sorted(groups.items()):
        if name == NO_SOURCE:
            continue
        subset = URIRef(f"{ver}/source/{name}")
        g.add((ver, VOID.subset, subset))
        g.add((subset, RDF.type, VOID.Dataset))
        g.add((subset, DCTERMS.source, SOURCE[name]))
        g.add((subset, DCTERMS.title, Literal(f"Units of {name}", lang="en")))
        g.add((subset, DCTERMS.title, Literal(f"Enheder i {name}", lang="da")))
        g.add((subset, DCTERMS.title, Literal(f"Eenheden van {name}", lang="nl")))
        g.add((subset, VOID.entities, Literal(len(units), datatype=XSD.integer)))
        triples = sum(1 for u in units for _ in graph.triples((u, None, None)))
        g.add((subset, VOID.triples, Literal(triples, datatype=XSD.integer)))

    # linksets: one per target and link predicate
    for key, per_predicate in linkset_triples(graph).items():
        space, _, target_title = LINK_TARGETS[key]
        if not per_predicate and key not in ALWAYS_LINKSETS:
            continue
        target = URIRef(f"{ver}/target/{key}")
        g.add((target, RDF.type, VOID.Dataset))
        _multilingual(g, target, DCTERMS.title, target_title)
        g.add((target, VOID.uriSpace, Literal(space)))
        linkset = URIRef(f"{ver}/linkset/{key}")
        g.add((ver, VOID.subset, linkset))
        g.add((linkset, RDF.type, VOID.Linkset))
        _multilingual(g, linkset, DCTERMS.title, {lang: LINKS_TO[lang].format(t) for lang, t in target_title.items()})
        g.add((linkset, VOID.subjectsTarget, ver))
        g.add((linkset, VOID.objectsTarget, target))
        g.add((linkset, VOID.triples, Literal(sum(per_predicate.values()), datatype=XSD.integer)))
        for pred, n in sorted(per_predicate.items()):
            local = graph.qname(pred).replace(":", "-")
            sub = URIRef(f"{linkset}/{local}")
            g.add((linkset, VOID.subset, sub))
            g.add((sub, RDF.type, VOID.Linkset))
            g.add((sub, VOID.linkPredicate, pred))
            g.add((sub, VOID.subjectsTarget, ver))
            g.add((sub, VOID.objectsTarget, target))
            g.add((sub, VOID.triples, Literal(n, datatype=XSD.integer)))

    # named graphs of the TriG and N-Quads files: one subset each, named by the graph IRI
    for name, info in sorted((graphs or {}).items()):
        node = URIRef(name)
        key = graph_key(name)
        g.add((ver, VOID.subset, node))
        g.add((node, RDF.type, VOID.Dataset))
        kind = key if key in GRAPH_TITLES else "source"
        for lang, pattern in zip(("en", "da", "nl"), GRAPH_TITLES[kind], strict=True):
            g.add((node, DCTERMS.title, Literal(pattern.format(key), lang=lang)))
        g.add((node, VOID.triples, Literal(info["triples"], datatype=XSD.integer)))
        for source in info["sources"]:  # (dcterms:source marks the per-source-text subsets above)
            g.add((node, PROV.wasDerivedFrom, SOURCE[source]))
        for key_file in QUAD_FORMATS:
            if key_file in distributions:
                g.add((node, VOID.dataDump, URIRef(f"{ver}/{RELEASE_FILES[key_file]}")))

    # distributions: one per serialisation, named after the file relative to the version
    for key, media, code, label in DISTRIBUTIONS:
        if key not in distributions:
            continue
        facts = distributions[key]
        dist = URIRef(f"{ver}/{RELEASE_FILES[key]}")
        g.add((ver, DCAT.distribution, dist))
        g.add((ver, VOID.dataDump, dist))
        g.add((dist, RDF.type, DCAT.Distribution))
        for lang in LANGUAGES:
            g.add((dist, DCTERMS.title, Literal(f"aiwork-kg {version}, {label}", lang=lang)))
        g.add((dist, DCAT.downloadURL, dist))
        g.add((dist, DCAT.accessURL, dist))
        g.add((dist, DCAT.mediaType, IANA[media]))
        g.add((dist, DCTERMS.format, FILE_TYPE[code]))
        g.add((dist, DCAT.byteSize, Literal(facts["bytes"], datatype=XSD.nonNegativeInteger)))
        g.add((dist, DCTERMS.license, LICENCE))
        g.add((dist, DCTERMS.issued, issued))
        if key.startswith("owl"):
            _multilingual(g, dist, DCTERMS.description, {
                lang: OWL_DESCRIPTION[lang][key if key in ("owl", "owl-base") else "import"].format(
                    version=version, name=key.removeprefix("owl-import-"))
                for lang in OWL_DESCRIPTION})
        else:
            _multilingual(g, dist, DCTERMS.description, {
                lang: text.format(label=label, version=version)
                + (QUADS_DESCRIPTION[lang].format(graph=GRAPH) if key in QUAD_FORMATS else "")
                for lang, text in DISTRIBUTION_DESCRIPTION.items()})
        g.add((dist, DCTERMS.conformsTo, URIRef(SYNTAX_STANDARDS[key])))
        checksum = URIRef(f"{dist}#sha256")
        g.add((dist, SPDX.checksum, checksum))
        g.add((checksum, RDF.type, SPDX.Checksum))
        g.add((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
        g.add((checksum, SPDX.checksumValue, Literal(facts["sha256"], datatype=XSD.hexBinary)))
    _dcat_ap(g, ds, ver, title, description, issued)
    out = canonical_graph(g)
    for prefix, ns in (("spdx", SPDX), ("dcat", DCAT), ("dcatap", DCATAP), ("vcard", VCARD),
                       ("locn", LOCN), ("gsp", GSP)):
        out.bind(prefix, ns)
    return out


OWL_DESCRIPTION = {
    "en": {"owl": "The aiwork-kg ontology {version}, full: ontology, alignments and import extracts merged, "
                  "every class and property of the data declared; one owl:Ontology, OWL 2 DL.",
           "owl-base": "The aiwork-kg ontology {version}, base: the project's own axioms, owl:imports of the "
                       "extracts by version IRI; OWL 2 DL.",
           "import": "Extract of {name} imported by the base ontology {version}; OWL 2 DL."},
    "da": {"owl": "aiwork-kg-ontologien {version}, fuld: ontologi, tilknytninger og importudtræk samlet, "
                  "alle dataenes klasser og egenskaber erklæret; én owl:Ontology, OWL 2 DL.",
           "owl-base": "aiwork-kg-ontologien {version}, basis: projektets egne aksiomer, owl:imports af "
                       "udtrækkene med versions-IRI; OWL 2 DL.",
           "import": "Udtræk af {name}, importeret af basisontologien {version}; OWL 2 DL."},
    "nl": {"owl": "De aiwork-kg-ontologie {version}, volledig: ontologie, koppelingen en importuittreksels "
                  "samengevoegd, alle klassen en eigenschappen van de data gedeclareerd; één owl:Ontology, OWL 2 DL.",
           "owl-base": "De aiwork-kg-ontologie {version}, basis: de eigen axioma's van het project, owl:imports "
                       "van de uittreksels met versie-IRI; OWL 2 DL.",
           "import": "Uittreksel van {name}, geïmporteerd door de basisontologie {version}; OWL 2 DL."},
}
QUADS_DESCRIPTION = {
    "en": " One named graph per source document, one for the links and claims, one for the ontology and "
          "one for the agents; the graph IRIs are under {graph} and described as subsets in the VoID.",
    "da": " En navngiven graf pr. kildedokument, én til henvisninger og påstande, én til ontologien og "
          "én til aktørerne; grafernes IRI'er ligger under {graph} og er beskrevet som delmængder i VoID.",
    "nl": " Eén benoemde graaf per brondocument, één voor de verwijzingen en beweringen, één voor de ontologie "
          "en één voor de actoren; de IRI's van de grafen staan onder {graph} en zijn als deelverzamelingen "
          "in de VoID beschreven.",
}
DISTRIBUTION_DESCRIPTION = {
    "en": "The whole knowledge graph aiwork-kg {version} in {label}.",
    "da": "Hele vidensgrafen aiwork-kg {version} i {label}.",
    "nl": "De hele kennisgraaf aiwork-kg {version} in {label}.",
}


# the English labels of the controlled-vocabulary values and the titles of their tables, as the
# Publications Office and ADMS publish them
CONCEPT_LABELS = {
    AUTHORITY + "access-right/PUBLIC": "public",
    AUTHORITY + "country/EUR": "European Union",
    AUTHORITY + "country/DNK": "Denmark",
    AUTHORITY + "country/NLD": "Netherlands",
    AUTHORITY + "data-theme/JUST": "Justice, legal system and public safety",
    AUTHORITY + "file-type/RDF_TURTLE": "RDF Turtle",
    AUTHORITY + "file-type/RDF_N_TRIPLES": "RDF N-Triples",
    AUTHORITY + "file-type/JSON_LD": "JSON-LD",
    AUTHORITY + "file-type/RDF_TRIG": "RDF TriG",
    AUTHORITY + "file-type/RDF_N_QUADS": "RDF N-Quads",
    AUTHORITY + "file-type/OWL": "OWL",
    AUTHORITY + "frequency/IRREG": "irregular",
    AUTHORITY + "language/ENG": "English",
    AUTHORITY + "language/DAN": "Danish",
    AUTHORITY + "language/NLD": "Dutch",
    AUTHORITY + "licence/CC_BY_4_0": "Creative Commons Attribution 4.0 International",
    AUTHORITY + "planned-availability/STABLE": "stable",
    "http://purl.org/adms/licencetype/Attribution": "Attribution",
    "http://purl.org/adms/publishertype/NonProfitOrganisation": "Non-Profit Organisation",
}
SCHEME_TITLES = {
    AUTHORITY + "access-right": "Access right",
    AUTHORITY + "country": "Country",
    AUTHORITY + "data-theme": "Data theme",
    AUTHORITY + "file-type": "File type",
    AUTHORITY + "frequency": "Frequency",
    AUTHORITY + "language": "Language",
    AUTHORITY + "licence": "Licence",
    AUTHORITY + "planned-availability": "Planned availability",
    "http://purl.org/adms/licencetype/1.0": "Licence type",
    "http://purl.org/adms/publishertype/1.0": "Publisher type",
}


def _concept(g: Graph, concept: URIRef, scheme: str, *classes: URIRef) -> None:
    """A value from a controlled vocabulary: label, scheme and the classes DCAT-AP expects it in.

    DCAT-AP checks ranges with sh:class and vocabularies with skos:inScheme on the value (and
    that a concept has a skos:prefLabel, a scheme a dcterms:title), so the record states these
    facts about each authority-table IRI it uses, as the tables themselves do."""
    g.add((concept, RDF.type, SKOS.Concept))
    g.add((concept, SKOS.prefLabel, Literal(CONCEPT_LABELS[str(concept)], lang="en")))
    g.add((concept, SKOS.inScheme, URIRef(scheme)))
    g.add((URIRef(scheme), RDF.type, SKOS.ConceptScheme))
    g.add((URIRef(scheme), DCTERMS.title, Literal(SCHEME_TITLES[scheme], lang="en")))
    for cls in classes:
        g.add((concept, RDF.type, cls))


def _dcat_ap(g: Graph, ds: URIRef, ver: URIRef, title: dict[str, str], description: dict[str, str],
             issued: Literal) -> None:
    """The DCAT-AP 3.0.1 catalogue record on top of the VoID description: a dcat:Catalog of
    the dataset, contact point, theme, spatial and temporal coverage, access rights and the EU
    controlled vocabularies (see docs/decisions/2026-12-06-dcat-ap-catalogue-record.md)."""
    # the publisher: an agent with a publisher type (ADMS); it is not an EU body, so not in the
    # corporate-body table (the one DCAT-AP warning the record keeps)
    g.add((PUBLISHER, RDF.type, FOAF.Agent))
    g.add((PUBLISHER, DCTERMS.type, PUBLISHER_TYPE["NonProfitOrganisation"]))
    _concept(g, PUBLISHER_TYPE["NonProfitOrganisation"], str(PUBLISHER_TYPE) + "1.0")

    g.add((CONTACT_IRI, RDF.type, VCARD.Organization))
    g.add((CONTACT_IRI, RDF.type, VCARD.Kind))
    g.add((CONTACT_IRI, VCARD.fn, Literal("aiwork-kg contributors", lang="en")))
    g.add((CONTACT_IRI, VCARD.hasURL, URIRef(BASE)))

    period = URIRef(f"{ver}#temporal")
    g.add((period, RDF.type, DCTERMS.PeriodOfTime))
    g.add((period, DCAT.startDate, Literal(TEMPORAL_START, datatype=XSD.date)))
    g.add((period, DCAT.endDate, issued))

    for code, (bbox, centroid) in SPATIAL.items():
        place = COUNTRY[code]
        _concept(g, place, AUTHORITY + "country", DCTERMS.Location)
        west, south, east, north = bbox
        polygon = (f"POLYGON(({west} {south}, {east} {south}, {east} {north}, {west} {north}, "
                   f"{west} {south}))")
        g.add((place, DCAT.bbox, Literal(polygon, datatype=GSP.wktLiteral)))
        g.add((place, DCAT.centroid, Literal(f"POINT({centroid[0]} {centroid[1]})", datatype=GSP.wktLiteral)))

    for lang in ("ENG", "DAN", "NLD"):
        _concept(g, LANG_NAL[lang], AUTHORITY + "language", DCTERMS.LinguisticSystem)
    _concept(g, DATA_THEME["JUST"], AUTHORITY + "data-theme")
    _concept(g, ACCESS_RIGHT["PUBLIC"], AUTHORITY + "access-right", DCTERMS.RightsStatement)
    _concept(g, FREQUENCY["IRREG"], AUTHORITY + "frequency", DCTERMS.Frequency)
    _concept(g, AVAILABILITY["STABLE"], AUTHORITY + "planned-availability")
    _concept(g, LICENCE, AUTHORITY + "licence", DCTERMS.LicenseDocument)
    g.add((LICENCE, DCTERMS.type, LICENCE_TYPE["Attribution"]))
    g.add((LICENCE, RDFS.seeAlso, CC_BY_4))
    _concept(g, LICENCE_TYPE["Attribution"], str(LICENCE_TYPE) + "1.0")
    g.add((SPDX.checksumAlgorithm_sha256, RDF.type, SPDX.ChecksumAlgorithm))
    ontology = URIRef(BASE + "ontology")
    g.add((ontology, RDF.type, DCTERMS.Standard))

    for node in (ds, ver):
        g.add((node, DCAT.contactPoint, CONTACT_IRI))
        g.add((node, DCAT.theme, DATA_THEME["JUST"]))
        for code in SPATIAL:
            g.add((node, DCTERMS.spatial, COUNTRY[code]))
        g.add((node, DCTERMS.temporal, period))
        g.add((node, DCTERMS.accessRights, ACCESS_RIGHT["PUBLIC"]))
        g.add((node, DCTERMS.accrualPeriodicity, FREQUENCY["IRREG"]))
        g.add((node, DCTERMS.conformsTo, ontology))
    g.add((ds, DCTERMS.issued, issued))
    # the dataset's distributions are those of its current version
    for dist in list(g.objects(ver, DCAT.distribution)):
        g.add((ds, DCAT.distribution, dist))
        g.add((dist, DCATAP.availability, AVAILABILITY["STABLE"]))
        for media in g.objects(dist, DCAT.mediaType):
            g.add((media, RDF.type, DCTERMS.MediaType))
        for fmt in g.objects(dist, DCTERMS.format):
            _concept(g, URIRef(str(fmt)), AUTHORITY + "file-type", DCTERMS.MediaTypeOrExtent)
        for standard in g.objects(dist, DCTERMS.conformsTo):
            g.add((standard, RDF.type, DCTERMS.Standard))

    catalog = CATALOG_IRI
    g.add((catalog, RDF.type, DCAT.Catalog))
    _multilingual(g, catalog, DCTERMS.title, {lang: f"Catalogue of {text}" if lang == "en" else
                                              (f"Katalog over {text}" if lang == "da" else f"Catalogus van {text}")
                                              for lang, text in title.items()})
    _multilingual(g, catalog, DCTERMS.description, {
        "en": "The releases of aiwork-kg, " + description["en"][0].lower() + description["en"][1:],
        "da": "Udgivelserne af aiwork-kg: " + description["da"],
        "nl": "De releases van aiwork-kg: " + description["nl"]})
    g.add((catalog, DCTERMS.publisher, PUBLISHER))
    g.add((catalog, DCAT.dataset, ds))
    g.add((catalog, DCTERMS.license, LICENCE))
    g.add((catalog, DCTERMS.issued, issued))
    g.add((catalog, DCTERMS.modified, issued))
    g.add((catalog, DCAT.themeTaxonomy, URIRef(AUTHORITY + "data-theme")))
    g.add((catalog, FOAF.homepage, URIRef(BASE)))
    g.add((URIRef(BASE), RDF.type, FOAF.Document))
    for lang in ("ENG", "DAN", "NLD"):
        g.add((catalog, DCTERMS.language, LANG_NAL[lang]))
    for code in SPATIAL:
        g.add((catalog, DCTERMS.spatial, COUNTRY[code]))


def serialize_void(g: Graph, version: str = __version__) -> bytes:
    """Turtle with @base the version IRI + '/', so that the file names read as relative IRIs."""
    return g.serialize(format="turtle", base=f"{version_iri(version)}/", encoding="utf-8")


def load_void(path: Path | str) -> Graph:
    from .rdfio import load_graph

    return load_graph(Path(path))


# --------------------------------------------------------------------------- writing

def _write_ontology_artefacts(graph: Graph, parts: list[Path], folder: Path) -> dict[str, Path]:
    """The ODK-style ontology files (:mod:`aiwork_kg.ontology_release`) from the ontology parts
    of the input and the extracts in ontology/imports/ next to them."""
    from . import ontology_release

    ontology_files = [Path(p) for p in parts if graph_iri(p) == ONTOLOGY_GRAPH]
    ontology_files.sort(key=lambda p: p.name != "aiwork.ttl")  # aiwork.ttl's header first
    if not ontology_files:
        raise AiworkError("no ontology file among the input files: cannot write the ontology artefacts")
    imports_dir = ontology_files[0].parent / "imports"
    import_files = [imports_dir / f"{name}_import.ttl" for name in EXTRACTS]
    missing = [str(p) for p in import_files if not p.is_file()]
    if missing:
        raise AiworkError(f"import extracts missing: {', '.join(missing)}")
    artefacts = ontology_release.ontology_artefacts(ontology_files, import_files, graph, __version__)
    out = {}
    for key, name in RELEASE_FILES.items():
        if key.startswith("owl"):
            out[key] = folder / name
            out[key].write_bytes(ontology_release.serialize_owl(artefacts[name]))
    return out


def graph_summary(graphs: dict[URIRef, set]) -> dict[str, dict]:
    """Per named graph: its triple count and the source texts its units are derived from."""
    out = {}
    for name, triples in graphs.items():
        sources = sorted({str(o)[len(str(SOURCE)):] for _s, p, o in triples
                          if p == PROV.wasDerivedFrom and str(o).startswith(str(SOURCE))})
        out[str(name)] = {"triples": len(triples), "sources": sources}
    return out


def write_release(graph: Graph, folder: Path, counts: dict | None = None,
                  parts: list[Path] | None = None) -> dict[str, Path]:
    """Write the release files into `folder`; return {key: path}.

    `parts` are the input files the graph was assembled from (default: those of the checkout,
    :func:`aiwork_kg.build.graph_files`); they give the named graphs of the TriG and N-Quads files."""
    counts = counts if counts is not None else compute_counts(graph)
    if parts is None:
        from .build import graph_files

        parts = graph_files()
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    graphs = named_graphs(graph, list(parts))
    files = {key: folder / RELEASE_FILES[key] for key in ("ttl", "nt", "jsonld", "trig", "nq")}
    files["ttl"].write_bytes(serialize_turtle(graph))
    files["nt"].write_bytes(serialize_ntriples(graph))
    files["jsonld"].write_bytes(serialize_jsonld(graph))
    files["trig"].write_bytes(serialize_trig(graphs))
    files["nq"].write_bytes(serialize_nquads(graphs))
    files.update(_write_ontology_artefacts(graph, list(parts), folder))
    facts = {key: _file_facts(path) for key, path in files.items()}
    summary = graph_summary(graphs)
    files["void"] = folder / VOID_FILE
    files["void"].write_bytes(serialize_void(void_graph(graph, counts, facts, graphs=summary)))
    facts["void"] = _file_facts(files["void"])
    manifest = {
        "dataset": str(DATASET_IRI),
        "version": __version__,
        "version_iri": str(version_iri()),
        "issued": release_date().isoformat(),
        "license": str(CC_BY_4),
        "files": {RELEASE_FILES[k]: v for k, v in sorted(facts.items())},
        "counts": counts,
        "graphs": {name: info["triples"] for name, info in summary.items()},
    }
    files["manifest"] = folder / MANIFEST
    files["manifest"].write_text(json.dumps(manifest, indent=2, sort_keys=True, ensure_ascii=False) + "\n",
                                 encoding="utf-8")
    return files
