"""Interface strings of the query page and the validation page, in every language of
:data:`aiwork_kg.languages.LANGUAGES`; :func:`register` adds them to :data:`.i18n.MESSAGES`
(the page modules call it on import, so ``t("query.run")`` works in their templates)."""
from __future__ import annotations

M = dict  # one entry: {"en": ..., "da": ..., "nl": ...}

FORMS_MESSAGES: dict[str, dict[str, str]] = {
    # -- the query page ------------------------------------------------------------------------
    "query.title": M(en="Queries", da="Forespørgsler", nl="Zoekvragen"),
    "query.intro": M(en="Run a query of the library with its parameters, or write your own SPARQL. "
                        "The query is part of the page address, so a result can be shared as a link.",
                     da="Kør en forespørgsel fra biblioteket med dens parametre, eller skriv din egen SPARQL. "
                        "Forespørgslen indgår i sidens adresse, så et resultat kan deles som et link.",
                     nl="Voer een zoekvraag uit de bibliotheek uit met haar parameters, of schrijf zelf SPARQL. "
                        "De zoekvraag staat in het adres van de pagina, zodat een resultaat als link te delen is."),
    "query.limit": M(en="Each query stops after {seconds} seconds; the table shows at most {rows} rows, "
                        "the downloads have them all.",
                     da="Hver forespørgsel stoppes efter {seconds} sekunder; tabellen viser højst {rows} rækker, "
                        "downloadene indeholder dem alle.",
                     nl="Elke zoekvraag stopt na {seconds} seconden; de tabel toont ten hoogste {rows} rijen, "
                        "de downloads bevatten ze allemaal."),
    "query.library": M(en="Query library", da="Forespørgselsbibliotek", nl="Bibliotheek van zoekvragen"),
    "query.library.intro": M(en="The queries in queries/ of the release, with their descriptions (in English).",
                             da="Forespørgslerne i udgivelsens queries/, med deres beskrivelser (på engelsk).",
                             nl="De zoekvragen in queries/ van de release, met hun beschrijving (in het Engels)."),
    "query.name": M(en="Query", da="Forespørgsel", nl="Zoekvraag"),
    "query.summary": M(en="What it answers", da="Hvad den besvarer", nl="Wat ze beantwoordt"),
    "query.params": M(en="Parameters", da="Parametre", nl="Parameters"),
    "query.params.none": M(en="This query has no parameters.", da="Denne forespørgsel har ingen parametre.",
                           nl="Deze zoekvraag heeft geen parameters."),
    "query.param.type": M(en="type: {type}", da="type: {type}", nl="type: {type}"),
    "query.param.default": M(en="default: {value}", da="standard: {value}", nl="standaard: {value}"),
    "query.param.optional": M(en="optional: leave empty for every value", da="valgfri: lad feltet stå tomt for "
                                                                             "alle værdier",
                              nl="optioneel: leeg laten voor alle waarden"),
    "query.param.any": M(en="(any)", da="(alle)", nl="(alle)"),
    "query.run": M(en="Run the query", da="Kør forespørgslen", nl="Zoekvraag uitvoeren"),
    "query.text": M(en="The SPARQL of this query", da="Denne forespørgsels SPARQL", nl="De SPARQL van deze zoekvraag"),
    "query.edit": M(en="Edit it in the SPARQL editor", da="Redigér den i SPARQL-editoren",
                    nl="Bewerken in de SPARQL-editor"),
    "query.service": M(en="This query uses SERVICE (federated): this server never fetches anything, so it "
                          "refuses it; run it with aiwork-kg query --endpoint on a store that allows SERVICE.",
                       da="Denne forespørgsel bruger SERVICE (fødereret): denne server henter aldrig noget og "
                          "afviser den; kør den med aiwork-kg query --endpoint mod et lager, der tillader SERVICE.",
                       nl="Deze zoekvraag gebruikt SERVICE (gefedereerd): deze server haalt nooit iets op en "
                          "weigert haar; voer haar uit met aiwork-kg query --endpoint op een store die SERVICE "
                          "toestaat."),
    "query.editor": M(en="SPARQL editor", da="SPARQL-editor", nl="SPARQL-editor"),
    "query.editor.label": M(en="Your SPARQL query", da="Din SPARQL-forespørgsel", nl="Uw SPARQL-zoekvraag"),
    "query.editor.help": M(en="SELECT, ASK, CONSTRUCT or DESCRIBE; the project prefixes (aiw:, eli:, skos:, "
                              "rdfs:, dcterms: ...) are declared. Ctrl+Enter runs the query.",
                           da="SELECT, ASK, CONSTRUCT eller DESCRIBE; projektets præfikser (aiw:, eli:, skos:, "
                              "rdfs:, dcterms: ...) er erklæret. Ctrl+Enter kører forespørgslen.",
                           nl="SELECT, ASK, CONSTRUCT of DESCRIBE; de prefixen van het project (aiw:, eli:, skos:, "
                              "rdfs:, dcterms: ...) zijn gedeclareerd. Ctrl+Enter voert de zoekvraag uit."),
    "query.results": M(en="Results", da="Resultater", nl="Resultaten"),
    "query.rows": M(en="{n} rows in {seconds} s", da="{n} rækker på {seconds} s", nl="{n} rijen in {seconds} s"),
    "query.triples": M(en="{n} triples in {seconds} s", da="{n} tripler på {seconds} s", nl="{n} triples in "
                                                                                            "{seconds} s"),
    "query.cut": M(en="The table shows the first {shown} of {total}; download the result for all of them.",
                   da="Tabellen viser de første {shown} af {total}; download resultatet for at få dem alle.",
                   nl="De tabel toont de eerste {shown} van {total}; download het resultaat voor allemaal."),
    "query.ask.true": M(en="Yes: the pattern has a match (ASK is true).", da="Ja: mønstret har et match (ASK er sand).",
                        nl="Ja: het patroon heeft een treffer (ASK is waar)."),
    "query.ask.false": M(en="No: the pattern has no match (ASK is false).",
                         da="Nej: mønstret har intet match (ASK er falsk).",
                         nl="Nee: het patroon heeft geen treffer (ASK is onwaar)."),
    "query.empty": M(en="No rows: nothing matches.", da="Ingen rækker: intet matcher.", nl="Geen rijen: niets "
                                                                                           "komt overeen."),
    "query.download": M(en="Download", da="Download", nl="Downloaden"),
    "query.share": M(en="Link to this result", da="Link til dette resultat", nl="Link naar dit resultaat"),
    "query.error": M(en="The query could not run", da="Forespørgslen kunne ikke køres", nl="De zoekvraag kon "
                                                                                           "niet worden uitgevoerd"),
    "query.error.at": M(en="Line {line}, column {column}:", da="Linje {line}, kolonne {column}:",
                        nl="Regel {line}, kolom {column}:"),
    "query.timeout": M(en="The query ran over the time limit of {seconds} seconds and was stopped. Narrow it "
                          "(a more specific pattern, LIMIT) or run it with aiwork-kg query on your own machine.",
                       da="Forespørgslen overskred tidsgrænsen på {seconds} sekunder og blev stoppet. Gør den "
                          "snævrere (et mere specifikt mønster, LIMIT), eller kør den med aiwork-kg query på "
                          "din egen maskine.",
                       nl="De zoekvraag overschreed de tijdslimiet van {seconds} seconden en is gestopt. Maak haar "
                          "nauwer (een specifieker patroon, LIMIT) of voer haar uit met aiwork-kg query op uw "
                          "eigen machine."),
    "query.busy": M(en="The server is busy: no query process became free in time. Try again in a moment.",
                    da="Serveren er optaget: ingen forespørgselsproces blev ledig i tide. Prøv igen om lidt.",
                    nl="De server is bezet: er kwam niet op tijd een zoekproces vrij. Probeer het zo opnieuw."),
    "query.too_large": M(en="The result is larger than this server sends ({message}). Add LIMIT to the query.",
                         da="Resultatet er større end det, serveren sender ({message}). Tilføj LIMIT til "
                            "forespørgslen.",
                         nl="Het resultaat is groter dan deze server verstuurt ({message}). Voeg LIMIT toe aan "
                            "de zoekvraag."),
    "query.unknown": M(en="No query named {name} in the library.", da="Ingen forespørgsel ved navn {name} i "
                                                                      "biblioteket.",
                       nl="Geen zoekvraag met de naam {name} in de bibliotheek."),
    "query.format": M(en="{format} is not a download format of this result; it is available as {formats}.",
                      da="{format} er ikke et downloadformat for dette resultat; det findes som {formats}.",
                      nl="{format} is geen downloadformaat van dit resultaat; het is beschikbaar als {formats}."),
    "query.language_note": M(en="Labels are shown in the chosen language where the graph has one; hover "
                                "or follow a link for the IRI.",
                             da="Etiketter vises på det valgte sprog, hvor grafen har et; følg et link for IRI'en.",
                             nl="Labels staan in de gekozen taal waar de graaf er een heeft; volg een link voor "
                                "de IRI."),
    "query.empty_query": M(en="The query is empty: write a query in the editor.",
                           da="Forespørgslen er tom: skriv en forespørgsel i editoren.",
                           nl="De zoekvraag is leeg: schrijf een zoekvraag in de editor."),
    "query.unbound": M(en="unbound", da="ubundet", nl="ongebonden"),
}


def register() -> None:
    """Add the strings to the web pages' message table (idempotent)."""
    from .i18n import MESSAGES

    for key, entry in FORMS_MESSAGES.items():
        MESSAGES.setdefault(key, entry)
