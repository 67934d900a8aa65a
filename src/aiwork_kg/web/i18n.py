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
