"""Authorities and organisations named in the sources -> data/agents.ttl.

Each agent is ``org:Organization``/``foaf:Organization`` (authorities also ``org:FormalOrganization``),
with ``foaf:name``/``skos:prefLabel`` in the languages in which the sources or the organisation
itself print the name, and ``aiw:printedAs`` for the exact spellings in the sources (so that the
parsers can resolve a printed name to its agent). The AP is linked to DPV's ``legal-nl:DPA-NL``
and Arbejdstilsynet is not a DPA, so only the AP gets a mapping, as ``skos:closeMatch``: DPV's
concept is "the Dutch DPA" as a role in data-protection law, the agent here is the organisation,
which is also the coordinating supervisor of algorithms.
"""
from __future__ import annotations

from rdflib import URIRef
from rdflib.namespace import FOAF, ORG, RDF, SKOS

from ..errors import InputError
from ..namespaces import AGENT, AIW, ELI, LEGAL_NL
from .model import SourceGraph, lit

# slug: (kind, {lang: name}, [spellings printed in the sources], parent slug, notes)
AGENTS: dict[str, tuple[str, dict[str, str], list[str], str | None]] = {
    "autoriteit-persoonsgegevens": ("authority", {
        "nl": "Autoriteit Persoonsgegevens", "en": "Dutch Data Protection Authority",
        "da": "Den nederlandske databeskyttelsesmyndighed"},
        ["Autoriteit Persoonsgegevens", "AP"], None),
    "ap-directie-coordinatie-algoritmes": ("unit", {
        "nl": "Directie Coördinatie Algoritmes", "en": "Department for the Coordination of Algorithmic Oversight",
        "da": "Direktoratet for koordinering af algoritmer"},
        ["Directie Coördinatie Algoritmes", "DCA"], "autoriteit-persoonsgegevens"),
    "rijksinspectie-digitale-infrastructuur": ("authority", {
        "nl": "Rijksinspectie Digitale Infrastructuur", "en": "Dutch Authority for Digital Infrastructure",
        "da": "Den nederlandske myndighed for digital infrastruktur"},
        ["Rijksinspectie Digitale Infrastructuur", "RDI"], None),
    "amnesty-international-nederland": ("organisation", {
        "nl": "Amnesty International Nederland", "en": "Amnesty International Netherlands",
        "da": "Amnesty International Nederlandene"},
        ["Amnesty International", "Amnesty", "Afdeling Nederland"], None),
    "bits-of-freedom": ("organisation", {"nl": "Bits of Freedom", "en": "Bits of Freedom", "da": "Bits of Freedom"},
                        ["Bits Of Freedom", "Bits of Freedom"], None),
    "waag-futurelab": ("organisation", {"nl": "Waag Futurelab", "en": "Waag Futurelab", "da": "Waag Futurelab"},
                       ["Waag Futurelab"], None),
    "open-state-foundation": ("organisation", {"nl": "Open State Foundation", "en": "Open State Foundation",
                                               "da": "Open State Foundation"}, ["Open State Foundation"], None),
    "setup": ("organisation", {"nl": "SETUP", "en": "SETUP", "da": "SETUP"}, ["Setup"], None),
    "publicspaces": ("organisation", {"nl": "PublicSpaces", "en": "PublicSpaces", "da": "PublicSpaces"},
                     ["PublicSpaces"], None),
    "connectme-human-rights-and-technology": ("organisation", {
        "nl": "ConnectMe@ Human Rights and Technology", "en": "ConnectMe@ Human Rights and Technology",
        "da": "ConnectMe@ Human Rights and Technology"}, ["ConnectMe@ Human Rights and Technology"], None),
    "privacy-first": ("organisation", {"nl": "Privacy First", "en": "Privacy First", "da": "Privacy First"},
                      ["Privacy First"], None),
    "njcm": ("organisation", {
        "nl": "Nederlands Juristen Comité voor de Mensenrechten",
        "en": "Dutch Section of the International Commission of Jurists (NJCM)",
        "da": "Den nederlandske juristkomité for menneskerettigheder (NJCM)"},
        ["Nederlands Juristen Comité voor de Mensenrechten", "NJCM"], None),
    "arbejdstilsynet": ("authority", {"da": "Arbejdstilsynet", "en": "Danish Working Environment Authority",
                                      "nl": "Deense Arbeidsinspectie"}, ["Arbejdstilsynet"], None),
    "bfa": ("organisation", {"da": "Branchefællesskaberne for Arbejdsmiljø",
                             "en": "Sector Working Environment Councils (BFA)",
                             "nl":
 "Deense sectorale arbeidsomstandighedenraden (BFA)"},
            ["Branchefællesskaberne for Arbejdsmiljø", "BFA"], None),
    "arbejdsmiljoraadet": ("authority", {"da": "Arbejdsmiljørådet", "en": "Danish Working Environment Council",
                                         "nl": "Deense Raad voor Arbeidsomstandigheden"}, ["Arbejdsmiljørådet"], None),
    "daredisrupt": ("organisation", {"da": "DareDisrupt", "en": "DareDisrupt", "nl": "DareDisrupt"},
                    ["DareDisrupt"], None),
    "european-parliament": ("authority", {"en": "European Parliament", "da": "Europa-Parlamentet",
                                          "nl": "Europees Parlement"}, ["European Parliament"], None),
    "council-of-the-eu": ("authority", {"en": "Council of the European Union", "da": "Rådet for Den Europæiske Union",
                                        "nl": "Raad van de Europese Unie"}, ["Council"], None),
    "aiwork-kg": ("project", {"en": "aiwork-kg project", "da": "aiwork-kg-projektet", "nl": "aiwork-kg-project"},
                  [], None),
}


def agent_for_name(name: str, source: str, line: int | None = None) -> URIRef:
    """The agent whose printed spelling is `name` (an InputError naming the line if unknown)."""
    for slug, (_, _, printed, _) in AGENTS.items():
        if name in printed:
            return AGENT[slug]
    raise InputError(source, f"unknown organisation {name!r}: expected one of the agents in "
                     "aiwork_kg/ingest/agents.py", line=line)


def build() -> SourceGraph:
    sg = SourceGraph("agents", "en")
    add = sg.add
    for slug, (kind, names, printed, parent) in sorted(AGENTS.items()):
        iri = AGENT[slug]
        add(iri, RDF.type, FOAF.Agent)
        if kind == "project":
            add(iri, RDF.type, FOAF.Project)
        else:
            add(iri, RDF.type, ORG.Organization)
            add(iri, RDF.type, FOAF.Organization)
            add(iri, RDF.type, ELI.Organization)
        if kind == "authority":
            add(iri, RDF.type, ORG.FormalOrganization)
        if kind == "unit":
            assert parent is not None, f"{slug}: a unit names the organisation it belongs to"
            add(iri, RDF.type, ORG.OrganizationalUnit)
            add(iri, ORG.unitOf, AGENT[parent])
            add(AGENT[parent], ORG.hasUnit, iri)
        for lang, name in sorted(names.items()):
            add(iri, FOAF.name, lit(name, lang))
            add(iri, SKOS.prefLabel, lit(name, lang))
        for spelling in printed:
            add(iri, AIW.printedAs, lit(spelling))
    add(AGENT["autoriteit-persoonsgegevens"], SKOS.closeMatch, LEGAL_NL["DPA-NL"])
    return sg
