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
    # -- the validation page -------------------------------------------------------------------
    "validate.title": M(en="Validate a description", da="Validér en beskrivelse", nl="Een beschrijving valideren"),
    "validate.intro": M(en="Check a description of AI systems against AI Act Art. 5(1)(f): the same validator, "
                           "shapes and result as aiwork-kg validate. Paste it, upload a file, or describe the "
                           "system with the form.",
                        da="Kontrollér en beskrivelse af AI-systemer efter AI-forordningens art. 5, stk. 1, litra f: "
                           "samme validator, shapes og resultat som aiwork-kg validate. Indsæt den, upload en fil, "
                           "eller beskriv systemet med formularen.",
                        nl="Toets een beschrijving van AI-systemen aan art. 5, lid 1, onder f, van de AI-verordening: "
                           "dezelfde validator, shapes en uitkomst als aiwork-kg validate. Plak haar, upload een "
                           "bestand of beschrijf het systeem met het formulier."),
    "validate.limit": M(en="Each validation stops after {seconds} seconds; a description may have at most {size}.",
                        da="Hver validering stoppes efter {seconds} sekunder; en beskrivelse må højst fylde {size}.",
                        nl="Elke validatie stopt na {seconds} seconden; een beschrijving is ten hoogste {size}."),
    "validate.paste": M(en="Paste a description", da="Indsæt en beskrivelse", nl="Een beschrijving plakken"),
    "validate.paste.label": M(en="Description (Turtle, JSON-LD, RDF/XML or N-Triples)",
                              da="Beskrivelse (Turtle, JSON-LD, RDF/XML eller N-Triples)",
                              nl="Beschrijving (Turtle, JSON-LD, RDF/XML of N-Triples)"),
    "validate.format": M(en="Format", da="Format", nl="Formaat"),
    "validate.format.auto": M(en="recognise it", da="genkend det", nl="herkennen"),
    "validate.upload": M(en="Upload a file", da="Upload en fil", nl="Een bestand uploaden"),
    "validate.upload.label": M(en="Description file (.ttl, .jsonld, .rdf, .nt)",
                               da="Beskrivelsesfil (.ttl, .jsonld, .rdf, .nt)",
                               nl="Beschrijvingsbestand (.ttl, .jsonld, .rdf, .nt)"),
    "validate.form": M(en="Describe a system with the form", da="Beskriv et system med formularen",
                       nl="Een systeem beschrijven met het formulier"),
    "validate.form.intro": M(en="The choices are the ontology's terms, as the description profile uses them "
                                "(docs/profile.md). Leave out what you do not know: the verdict then names the "
                                "missing facts.",
                             da="Valgmulighederne er ontologiens termer, som beskrivelsesprofilen bruger dem "
                                "(docs/profile.md). Udelad det, du ikke ved: resultatet nævner da de manglende "
                                "oplysninger.",
                             nl="De keuzes zijn de termen van de ontologie, zoals het beschrijvingsprofiel ze "
                                "gebruikt (docs/profile.md). Laat weg wat u niet weet: het oordeel noemt dan de "
                                "ontbrekende gegevens."),
    "validate.system": M(en="IRI of the system", da="Systemets IRI", nl="IRI van het systeem"),
    "validate.system.label": M(en="Name of the system", da="Systemets navn", nl="Naam van het systeem"),
    "validate.operator.name": M(en="Name of the operator", da="Operatørens navn", nl="Naam van de operator"),
    "validate.not_stated": M(en="not stated", da="ikke oplyst", nl="niet vermeld"),
    "validate.true": M(en="yes (true)", da="ja (true)", nl="ja (true)"),
    "validate.false": M(en="no (false)", da="nej (false)", nl="nee (false)"),
    "validate.options": M(en="Rule sets, reading and date", da="Regelsæt, læsning og dato",
                          nl="Regelsets, lezing en datum"),
    "validate.rule_sets": M(en="Rule sets", da="Regelsæt", nl="Regelsets"),
    "validate.rule_sets.help": M(en="None ticked: every rule set whose scope the description falls in.",
                                 da=("Intet afkrydset: alle regelsæt, hvis anvendelsesområde beskrivelsen "
                                     "falder ind under."),
                                 nl="Niets aangevinkt: elke regelset binnen wier reikwijdte de beschrijving valt."),
    "validate.rule_set_used": M(en="Rule set", da="Regelsæt", nl="Regelset"),
    "validate.reading": M(en="Reading of the law", da="Læsning af loven", nl="Lezing van de wet"),
    "validate.as_of": M(en="As of (date)", da="Pr. (dato)", nl="Per (datum)"),
    "validate.as_of.help": M(en="Leave empty for the date of the activity, else today.",
                             da="Lad feltet stå tomt for aktivitetens dato, ellers i dag.",
                             nl="Leeg laten voor de datum van de activiteit, anders vandaag."),
    "validate.run": M(en="Validate", da="Validér", nl="Valideren"),
    "validate.preview": M(en="Show the Turtle", da="Vis Turtle", nl="Turtle tonen"),
    "validate.download_description": M(en="Download the Turtle", da="Download Turtle", nl="Turtle downloaden"),
    "validate.built": M(en="The description the form states (Turtle)",
                        da="Beskrivelsen, som formularen angiver (Turtle)",
                        nl="De beschrijving die het formulier vastlegt (Turtle)"),
    "validate.result": M(en="Result", da="Resultat", nl="Uitkomst"),
    "validate.system_of": M(en="System", da="System", nl="Systeem"),
    "validate.verdict": M(en="Verdict", da="Resultat", nl="Oordeel"),
    "validate.reasons": M(en="Reasons", da="Begrundelser", nl="Redenen"),
    "validate.risks": M(en="Risk categories", da="Risikokategorier", nl="Risicocategorieën"),
    "validate.missing": M(en="Missing facts", da="Manglende oplysninger", nl="Ontbrekende gegevens"),
    "validate.reading_used": M(en="Reading", da="Læsning", nl="Lezing"),
    "validate.as_of_used": M(en="As of", da="Pr.", nl="Per"),
    "validate.conditions": M(en="Conditions", da="Betingelser", nl="Voorwaarden"),
    "validate.condition": M(en="Condition", da="Betingelse", nl="Voorwaarde"),
    "validate.holds": M(en="Holds", da="Opfyldt", nl="Vervuld"),
    "validate.fact": M(en="Fact that settles it", da="Afgørende oplysning", nl="Beslissend gegeven"),
    "validate.explanation": M(en="Explanation", da="Forklaring", nl="Toelichting"),
    "validate.provisions": M(en="Provisions", da="Bestemmelser", nl="Bepalingen"),
    "validate.interpreted": M(en="Danish and Dutch units", da="Danske og nederlandske enheder",
                              nl="Deense en Nederlandse eenheden"),
    "validate.holds.true": M(en="yes", da="ja", nl="ja"),
    "validate.holds.false": M(en="no", da="nej", nl="nee"),
    "validate.holds.none": M(en="unknown", da="ukendt", nl="onbekend"),
    "validate.holds.reported": M(en="reported", da="oplyst", nl="vermeld"),
    "validate.none": M(en="none", da="ingen", nl="geen"),
    "validate.download": M(en="Download the report", da="Download rapporten", nl="Het rapport downloaden"),
    "validate.download.json": M(en="JSON (as aiwork-kg validate --format json)",
                                da="JSON (som aiwork-kg validate --format json)",
                                nl="JSON (als aiwork-kg validate --format json)"),
    "validate.download.turtle": M(en="Turtle (SHACL report and verdicts)", da="Turtle (SHACL-rapport og resultater)",
                                  nl="Turtle (SHACL-rapport en oordelen)"),
    "validate.again": M(en="Validate again with another reading or date",
                        da="Validér igen med en anden læsning eller dato",
                        nl="Opnieuw valideren met een andere lezing of datum"),
    "validate.errors": M(en="The description has errors", da="Beskrivelsen har fejl",
                         nl="De beschrijving bevat fouten"),
    "validate.error.at": M(en="{source}, line {line}, column {column}", da="{source}, linje {line}, kolonne {column}",
                           nl="{source}, regel {line}, kolom {column}"),
    "validate.error.line": M(en="{source}, line {line}", da="{source}, linje {line}", nl="{source}, regel {line}"),
    "validate.no_input": M(en="Nothing to validate: paste a description, choose a file or fill in the form.",
                           da="Intet at validere: indsæt en beskrivelse, vælg en fil eller udfyld formularen.",
                           nl="Niets te valideren: plak een beschrijving, kies een bestand of vul het formulier in."),
    "validate.too_large": M(en="The request is larger than this server takes ({size}); nothing was validated. "
                               "Validate a smaller file, or a large batch with `aiwork-kg validate` on the "
                               "command line.",
                            da="Forespørgslen er større end denne server modtager ({size}); intet blev valideret. "
                               "Validér en mindre fil, eller en stor samling med `aiwork-kg validate` på "
                               "kommandolinjen.",
                            nl="Het verzoek is groter dan deze server aanneemt ({size}); er is niets gevalideerd. "
                               "Valideer een kleiner bestand, of een grote reeks met `aiwork-kg validate` op de "
                               "opdrachtregel."),
    "validate.no_systems": M(en="The description states no system of type aiw:AISystem or aiw:NonAISystem.",
                             da="Beskrivelsen angiver intet system af typen aiw:AISystem eller aiw:NonAISystem.",
                             nl="De beschrijving vermeldt geen systeem van het type aiw:AISystem of aiw:NonAISystem."),
    "validate.form_error": M(en="The form has a value it cannot use", da="Formularen har en værdi, der ikke kan bruges",
                             nl="Het formulier bevat een waarde die niet bruikbaar is"),
}


def register() -> None:
    """Add the strings to the web pages' message table (idempotent)."""
    from .i18n import MESSAGES

    for key, entry in FORMS_MESSAGES.items():
        MESSAGES.setdefault(key, entry)
