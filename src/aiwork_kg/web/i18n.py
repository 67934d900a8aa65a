"""Interface strings of the web pages in every language of :data:`aiwork_kg.languages.LANGUAGES`.

Labels of resources come from the graph (``rdfs:label``/``skos:prefLabel`` with language tags);
only the words of the interface itself are here. ``tests/test_web.py`` checks that every key
has every language. Pages call ``t("key")`` in templates (or :func:`gettext` in Python);
``{name}`` placeholders are filled with :meth:`str.format`.
"""
from __future__ import annotations

from ..languages import DEFAULT_LANGUAGE, LANGUAGES

LANGUAGE_NAMES = {"en": "English", "da": "Dansk", "nl": "Nederlands"}

MESSAGES: dict[str, dict[str, str]] = {
    # site frame
    "site.name": {"en": "AI at work: knowledge graph", "da": "AI på arbejdspladsen: vidensgraf",
                  "nl": "AI op het werk: kennisgraaf"},
    "site.tagline": {"en": "AI Act Art. 5(1)(f) with its Danish and Dutch sources",
                     "da": "AI-forordningens art. 5, stk. 1, litra f, med danske og nederlandske kilder",
                     "nl": "AI-verordening art. 5, lid 1, onder f, met Deense en Nederlandse bronnen"},
    "nav.label": {"en": "Main", "da": "Hovedmenu", "nl": "Hoofdmenu"},
    "nav.start": {"en": "Start", "da": "Start", "nl": "Start"},
    "nav.query": {"en": "Queries", "da": "Forespørgsler", "nl": "Zoekvragen"},
    "nav.validate": {"en": "Validate", "da": "Validér", "nl": "Valideren"},
    "nav.ontology": {"en": "Ontology", "da": "Ontologi", "nl": "Ontologie"},
    "nav.sparql": {"en": "SPARQL endpoint", "da": "SPARQL-endpoint", "nl": "SPARQL-endpoint"},
    "lang.label": {"en": "Language", "da": "Sprog", "nl": "Taal"},
    "skip": {"en": "Skip to content", "da": "Gå til indhold", "nl": "Naar de inhoud"},
    "footer.licence": {"en": "Data, ontology, shapes and queries: CC BY 4.0. Code: Apache-2.0.",
                       "da": "Data, ontologi, shapes og forespørgsler: CC BY 4.0. Kode: Apache-2.0.",
                       "nl": "Data, ontologie, shapes en zoekvragen: CC BY 4.0. Code: Apache-2.0."},
    "footer.not_advice": {"en": "Not legal advice: the verdicts and links are a reading of the texts, "
                                "with their sources.",
                          "da": "Ikke juridisk rådgivning: vurderinger og henvisninger er en læsning af "
                                "teksterne, med kilder.",
                          "nl": "Geen juridisch advies: de oordelen en verwijzingen zijn een lezing van de "
                                "teksten, met hun bronnen."},
    "footer.version": {"en": "Release {version}", "da": "Udgave {version}", "nl": "Versie {version}"},
    "rdf.forms": {"en": "This page as data", "da": "Denne side som data", "nl": "Deze pagina als data"},
    # errors
    "error.404.title": {"en": "Not found", "da": "Ikke fundet", "nl": "Niet gevonden"},
    "error.404.text": {"en": "The graph knows nothing about {path}.",
                       "da": "Grafen kender intet til {path}.",
                       "nl": "De graaf weet niets over {path}."},
    "error.back": {"en": "Back to the start page", "da": "Tilbage til forsiden", "nl": "Terug naar de startpagina"},
    "error.406.title": {"en": "Format not available", "da": "Formatet findes ikke",
                        "nl": "Formaat niet beschikbaar"},
    "error.406.text": {"en": "This resource is available as {formats}.",
                       "da": "Denne ressource findes som {formats}.",
                       "nl": "Deze bron is beschikbaar als {formats}."},
    # start page
    "start.sources": {"en": "Sources", "da": "Kilder", "nl": "Bronnen"},
    "start.source": {"en": "Source", "da": "Kilde", "nl": "Bron"},
    "start.units": {"en": "Units", "da": "Enheder", "nl": "Eenheden"},
    # resource pages
    "resource.type": {"en": "Type", "da": "Type", "nl": "Type"},
    "unit.position": {"en": "Position in the document", "da": "Placering i dokumentet",
                      "nl": "Plaats in het document"},
    "unit.text": {"en": "Text", "da": "Tekst", "nl": "Tekst"},
    "unit.official": {"en": "Official text", "da": "Officiel tekst", "nl": "Officiële tekst"},
    "provision.expressions": {"en": "The provision in its languages", "da": "Bestemmelsen på sine sprog",
                              "nl": "De bepaling in haar talen"},
    "provision.quoted_in": {"en": "as quoted in", "da": "som citeret i", "nl": "zoals geciteerd in"},
    "provision.interpreting": {"en": "Danish and Dutch units that refer to it",
                               "da": "Danske og nederlandske enheder, der henviser til den",
                               "nl": "Deense en Nederlandse eenheden die ernaar verwijzen"},
    "links.out": {"en": "Links from here", "da": "Henvisninger herfra", "nl": "Verwijzingen vanaf hier"},
    "links.in": {"en": "Links to here", "da": "Henvisninger hertil", "nl": "Verwijzingen hierheen"},
    "links.evidence_in": {"en": "Passage in", "da": "Passage i", "nl": "Passage in"},
    "links.link": {"en": "link", "da": "henvisning", "nl": "verwijzing"},
    "claims": {"en": "Claims", "da": "Påstande", "nl": "Stellingen"},
    "claim.by": {"en": "Said by", "da": "Fremsat af", "nl": "Gedaan door"},
    "claim.stated_in": {"en": "Stated in", "da": "Fremsat i", "nl": "Gedaan in"},
    "claim.stance": {"en": "Stance", "da": "Holdning", "nl": "Standpunt"},
    "disagreements": {"en": "Disagreements", "da": "Uenigheder", "nl": "Meningsverschillen"},
    "disagreement.concerns": {"en": "Concerns", "da": "Vedrører", "nl": "Betreft"},
    "disagreement.positions": {"en": "Who says what", "da": "Hvem siger hvad", "nl": "Wie zegt wat"},
    "referenced_by": {"en": "Referred to by", "da": "Nævnt af", "nl": "Genoemd door"},
    "statements": {"en": "All statements", "da": "Alle udsagn", "nl": "Alle uitspraken"},
    "statements.property": {"en": "Property", "da": "Egenskab", "nl": "Eigenschap"},
    "statements.value": {"en": "Value", "da": "Værdi", "nl": "Waarde"},
    # the ontology document
    "ontology.contents": {"en": "Contents", "da": "Indhold", "nl": "Inhoud"},
    "ontology.class": {"en": "Classes", "da": "Klasser", "nl": "Klassen"},
    "ontology.object_property": {"en": "Object properties", "da": "Objektegenskaber", "nl": "Objecteigenschappen"},
    "ontology.datatype_property": {"en": "Datatype properties", "da": "Dataegenskaber",
                                   "nl": "Datatype-eigenschappen"},
    "ontology.annotation_property": {"en": "Annotation properties", "da": "Annotationsegenskaber",
                                     "nl": "Annotatie-eigenschappen"},
    "ontology.concept_scheme": {"en": "Concept schemes", "da": "Begrebssystemer", "nl": "Begrippenkaders"},
    "ontology.individual": {"en": "Individuals", "da": "Individer", "nl": "Individuen"},
    "term.supers": {"en": "Subclass or subproperty of", "da": "Underklasse eller underegenskab af",
                    "nl": "Subklasse of subeigenschap van"},
    "term.individuals": {"en": "Individuals", "da": "Individer", "nl": "Individuen"},
    "term.alignment": {"en": "Alignment", "da": "Tilknytning", "nl": "Afstemming"},
    "start.language": {"en": "Language", "da": "Sprog", "nl": "Taal"},
    "start.documents": {"en": "Documents", "da": "Dokumenter", "nl": "Documenten"},
    "start.entry": {"en": "Where to start", "da": "Hvor du kan begynde", "nl": "Waar te beginnen"},
    "start.focus": {"en": "The ban on emotion recognition at work and in education, with its readings.",
                    "da": "Forbuddet mod følelsesgenkendelse på arbejdspladsen og i uddannelse, med fortolkningerne.",
                    "nl": "Het verbod op emotieherkenning op het werk en in het onderwijs, met de lezingen ervan."},
    "start.query": {"en": "Run the query library or your own SPARQL query.",
                    "da": "Kør forespørgselsbiblioteket eller din egen SPARQL-forespørgsel.",
                    "nl": "Voer de zoekvragen uit de bibliotheek of een eigen SPARQL-zoekvraag uit."},
    "start.validate": {"en": "Check a description of an AI system against Art. 5(1)(f).",
                       "da": "Kontrollér en beskrivelse af et AI-system mod art. 5, stk. 1, litra f.",
                       "nl": "Toets een beschrijving van een AI-systeem aan art. 5, lid 1, onder f."},
    "start.ontology": {"en": "The classes and properties, with their alignments to DPV, AIRO, VAIR and ELI.",
                       "da": "Klasserne og egenskaberne med deres tilknytning til DPV, AIRO, VAIR og ELI.",
                       "nl": "De klassen en eigenschappen, met hun afstemming op DPV, AIRO, VAIR en ELI."},
    "start.downloads": {"en": "Release downloads", "da": "Filer i udgaven", "nl": "Bestanden van de versie"},
    "start.file": {"en": "File", "da": "Fil", "nl": "Bestand"},
    "start.media": {"en": "Media type", "da": "Medietype", "nl": "Mediatype"},
    "start.dataset": {"en": "Dataset", "da": "Datasæt", "nl": "Dataset"},
    "start.issued": {"en": "Issued", "da": "Udgivet", "nl": "Uitgegeven"},
    "start.license": {"en": "Licence", "da": "Licens", "nl": "Licentie"},
    # the static site
    "site.not_found": {"en": "There is no page at this address.", "da": "Der er ingen side på denne adresse.",
                       "nl": "Er is geen pagina op dit adres."},
    "site.needs_server.query": {
        "en": "Running queries needs the server: this is a static copy of the pages. The query library is "
              "documented below.",
        "da": "Forespørgsler kræver serveren: dette er en statisk kopi af siderne. Forespørgselsbiblioteket "
              "er beskrevet nedenfor.",
        "nl": "Zoekvragen uitvoeren vereist de server: dit is een statische kopie van de pagina's. De "
              "bibliotheek met zoekvragen staat hieronder beschreven."},
    "site.needs_server.validate": {
        "en": "Validating a description needs the server: this is a static copy of the pages.",
        "da": "Validering af en beskrivelse kræver serveren: dette er en statisk kopi af siderne.",
        "nl": "Een beschrijving valideren vereist de server: dit is een statische kopie van de pagina's."},
    "site.needs_server.sparql": {
        "en": "The SPARQL endpoint needs the server: this is a static copy of the pages. The release files "
              "can be loaded into any SPARQL store.",
        "da": "SPARQL-endpointet kræver serveren: dette er en statisk kopi af siderne. Udgavens filer kan "
              "indlæses i ethvert SPARQL-lager.",
        "nl": "Het SPARQL-endpoint vereist de server: dit is een statische kopie van de pagina's. De "
              "bestanden van de versie kunnen in elke SPARQL-opslag worden geladen."},
    "site.how_to_serve": {"en": "Start it with", "da": "Start den med", "nl": "Start hem met"},
    "site.library": {"en": "The query library", "da": "Forespørgselsbiblioteket", "nl": "De bibliotheek met "
                                                                                        "zoekvragen"},
    "site.params": {"en": "Parameters", "da": "Parametre", "nl": "Parameters"},
    "site.param": {"en": "Parameter", "da": "Parameter", "nl": "Parameter"},
    "site.default": {"en": "Default", "da": "Standard", "nl": "Standaard"},
    "site.param_description": {"en": "Description", "da": "Beskrivelse", "nl": "Beschrijving"},
    "error.503.title": {"en": "Busy", "da": "Optaget", "nl": "Bezet"},
}


def gettext(key: str, lang: str = DEFAULT_LANGUAGE, /, **values: object) -> str:
    """The string `key` in `lang` (English if `lang` is unknown), with ``{name}`` filled in.

    An unknown key raises KeyError: a page must not show a key instead of words."""
    entry = MESSAGES[key]
    text = entry.get(lang) or entry[DEFAULT_LANGUAGE]
    return text.format(**values) if values else text


def missing() -> list[tuple[str, str]]:
    """(key, language) pairs without a string: empty when the table is complete."""
    return [(key, lang) for key, entry in MESSAGES.items() for lang in LANGUAGES if not entry.get(lang)]
