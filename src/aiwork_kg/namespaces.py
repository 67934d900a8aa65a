"""Namespaces used across the package (prefix -> IRI).

``AIW`` is the checked vocabulary of :mod:`aiwork_kg.vocab`, generated from ontology/aiwork.ttl:
a term that the ontology does not define raises AttributeError instead of minting a wrong IRI.
The IRI scheme is documented in docs/decisions/2026-11-23-iri-scheme-and-unit-model.md.
"""
from __future__ import annotations

from rdflib import Graph, Namespace
from rdflib.namespace import DCAT, DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SDO, SKOS, VOID, XSD

from .vocab import AIW

BASE = "https://w3id.org/aiwork/"
AIWSH = Namespace(BASE + "shapes#")
PROVISION = Namespace(BASE + "provision/")
DOC = Namespace(BASE + "doc/")
AGENT = Namespace(BASE + "agent/")
CONCEPT = Namespace(BASE + "concept/")
LINK = Namespace(BASE + "link/")
DATASET = Namespace(BASE + "dataset/")
SOURCE = Namespace(BASE + "source/")

ELI = Namespace("http://data.europa.eu/eli/ontology#")
EU_NAL = Namespace("http://publications.europa.eu/resource/authority/")
LANG_NAL = Namespace("http://publications.europa.eu/resource/authority/language/")
SUBDIV_NAL = Namespace("http://publications.europa.eu/resource/authority/subdivision/")
AI_ACT = "http://data.europa.eu/eli/reg/2024/1689/oj"
GDPR = "http://data.europa.eu/eli/reg/2016/679/oj"

DPV = Namespace("https://w3id.org/dpv#")
PD = Namespace("https://w3id.org/dpv/pd#")
DPV_AI = Namespace("https://w3id.org/dpv/ai#")
TECH = Namespace("https://w3id.org/dpv/tech#")
RISK = Namespace("https://w3id.org/dpv/risk#")
EU_AIACT = Namespace("https://w3id.org/dpv/legal/eu/aiact#")
EU_GDPR = Namespace("https://w3id.org/dpv/legal/eu/gdpr#")
LEGAL_EU = Namespace("https://w3id.org/dpv/legal/eu#")
LEGAL_DK = Namespace("https://w3id.org/dpv/legal/dk#")
LEGAL_NL = Namespace("https://w3id.org/dpv/legal/nl#")
AIRO = Namespace("https://w3id.org/airo#")
VAIR = Namespace("https://w3id.org/vair#")
OA = Namespace("http://www.w3.org/ns/oa#")
SH = Namespace("http://www.w3.org/ns/shacl#")

PREFIXES: dict[str, str] = {
    "aiw": str(AIW),
    "aiwsh": str(AIWSH),
    "eli": str(ELI),
    "dpv": str(DPV),
    "pd": str(PD),
    "ai": str(DPV_AI),
    "tech": str(TECH),
    "risk": str(RISK),
    "eu-aiact": str(EU_AIACT),
    "eu-gdpr": str(EU_GDPR),
    "legal-eu": str(LEGAL_EU),
    "legal-dk": str(LEGAL_DK),
    "legal-nl": str(LEGAL_NL),
    "airo": str(AIRO),
    "vair": str(VAIR),
    "oa": str(OA),
    "sh": str(SH),
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
    "dcat": str(DCAT),
    "void": str(VOID),
    "prov": str(PROV),
    "foaf": str(FOAF),
    "org": str(ORG),
    "owl": str(OWL),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
    "schema": str(SDO),
}


def bind_all(graph: Graph) -> Graph:
    """Bind every project prefix on `graph` (replacing rdflib's defaults) and return it."""
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True, replace=True)
    return graph
