"""The coalition's response to the AP call: letter parts, signatories, position and grounds,
footnotes 1-8 and the works they cite."""
from __future__ import annotations

import re

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, SDO

from aiwork_kg.ingest import coalition
from aiwork_kg.namespaces import AGENT, AIW
from aiwork_kg.paths import SOURCES_DIR

D = "https://w3id.org/aiwork/doc/nl-amnesty-coalition-response-2024/"
DOC = URIRef(D.rstrip("/"))
TEXT = (SOURCES_DIR / coalition.FILE).read_text("utf-8")


@pytest.fixture(scope="module")
def g() -> Graph:
    return coalition.build(SOURCES_DIR).graph


def test_nine_signatories_as_printed(g):
    namens = next(l for l in TEXT.split("\n") if l.startswith("Namens:"))
    printed = [n.strip() for n in namens.split(":", 1)[1].split(",")]
    assert len(printed) == 9
    for k, name in enumerate(printed, start=1):
        s = URIRef(f"{D}signatory_{k}")
        assert (s, RDF.type, AIW.Signatory) in g
        assert str(g.value(s, AIW.text)) == name
    assert g.value(URIRef(D + "signatory_1"), DCTERMS.references) == AGENT["amnesty-international-nederland"]
    assert g.value(URIRef(D + "signatory_9"), DCTERMS.references) == AGENT["njcm"]
    assert len(set(g.objects(DOC, DCTERMS.contributor))) == 9


def test_position_and_grounds(g):
    position = str(g.value(URIRef(D + "position"), AIW.text))
    assert position.startswith("Wij raden aan om emotieherkenning in de werkplek en het onderwijs te verbieden.")
    assert "¹" not in position and "totaal verbod op emotieherkenning, in lijn met" in position
    ground_1 = str(g.value(URIRef(D + "ground_1"), AIW.text))
    # the sentence runs over the footnotes of page 1: "... menen te kunnen" + "herleiden, ..."
    assert "menen te kunnen herleiden, zijn bijzonder kwetsbaar voor racistische bias," in ground_1
    assert "pseudo-wetenschappelijk." in ground_1
    assert (URIRef(D + "ground_1"), RDF.type, AIW.Ground) in g
    assert g.value(URIRef(D + "ground_1"), AIW.lineStart).toPython() == 30
    assert g.value(URIRef(D + "ground_1"), AIW.lineEnd).toPython() == 40
    assert "recht op een eerlijk proces" in g.value(URIRef(D + "ground_3"), AIW.text)
    assert (URIRef(D + "ground_4"), None, None) not in g


def test_eight_footnotes_with_cited_works(g):
    assert len(re.findall(r"(?m)^[¹²³⁴⁵⁶⁷⁸] ", TEXT)) == 8
    owners = {1: "position", 4: "position", 5: "ground_1", 6: "ground_1", 7: "ground_2", 8: "ground_2"}
    for n in range(1, 9):
        fn, cited = URIRef(f"{D}footnote_{n}"), URIRef(f"{D}cited_{n}")
        assert (fn, RDF.type, AIW.Footnote) in g
        assert (fn, DCTERMS.references, cited) in g
        assert (cited, RDF.type, AIW.BibliographicReference) in g
        if n in owners:
            assert g.value(fn, DCTERMS.isPartOf) == URIRef(D + owners[n]), n


def test_cited_work_fields(g):
    def val(n, p):
        v = g.value(URIRef(f"{D}cited_{n}"), p)
        return None if v is None else str(v)
    assert val(2, DCTERMS.title) == "The Right to Privacy in the Digital Age"
    assert val(2, SDO.author) == "OHCHR" and val(2, DCTERMS.date) == "2021"
    assert val(2, SDO.url) == "https://documents.un.org/doc/undoc/gen/g21/249/21/pdf/g2124921.pdf"
    assert val(4, SDO.url).endswith("publicly-accessible_en")          # sentence full stop removed
    assert val(5, SDO.author) == "Rhue, L." and val(5, DCTERMS.date) == "2019"
    assert val(6, DCTERMS.title).startswith("Emotional Expressions Reconsidered")
    assert val(6, SDO.url) == "https://doi.org/10.1177/1529100619832930"
    assert val(8, DCTERMS.title) is None and val(8, SDO.url).startswith("https://www.amnesty.org/")
    assert (URIRef(D + "cited_7"), OWL.sameAs, URIRef(D + "cited_1")) in g


def test_letter_parts(g):
    assert str(g.value(DOC, DCTERMS.issued)) == "2024-12-16"
    assert set(g.objects(URIRef(D + "addressee"), DCTERMS.references)) == {
        AGENT["ap-directie-coordinatie-algoritmes"], AGENT["autoriteit-persoonsgegevens"]}
    assert str(g.value(URIRef(D + "subject"), AIW.text)).startswith("Oproep tot input AI-systemen voor emotieherkenning")
    assert g.value(URIRef(D + "date_2024-12-16"), DCTERMS.date) is not None
    assert g.value(URIRef(D + "intro"), AIW.text).language == "nl"
    assert g.value(URIRef(D + "footnote_2"), AIW.text).language == "en"


def test_an_unknown_signatory_is_an_error(tmp_path):
    from aiwork_kg.errors import InputError
    (tmp_path / coalition.FILE).write_text(TEXT.replace("Privacy First", "Privacy Second"), "utf-8")
    with pytest.raises(InputError) as exc:
        coalition.build(tmp_path)
    assert exc.value.line == 22 and "Privacy Second" in str(exc.value)
