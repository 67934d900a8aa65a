"""The AP call for input DCA-2024-02: counts per the issue, checked against the graph and, where
possible, counted independently from the text; text spot checks; the quoted AI Act wording."""
from __future__ import annotations

import re

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, XSD

from aiwork_kg.ingest import ap_call
from aiwork_kg.namespaces import AIW, ELI
from aiwork_kg.paths import SOURCES_DIR


def en_citation(g, iri):
    """The English citation of a unit (units also carry Danish and Dutch ones)."""
    return next(str(c) for c in g.objects(iri, DCTERMS.bibliographicCitation) if c.language == "en")


DOC = "https://w3id.org/aiwork/doc/nl-ap-dca-2024-02/"
PROV_BASE = "https://w3id.org/aiwork/provision/eu/reg/2024/1689/"
TEXT = (SOURCES_DIR / ap_call.FILE).read_text("utf-8")


@pytest.fixture(scope="module")
def g() -> Graph:
    return ap_call.build(SOURCES_DIR).graph


def units_of(g, cls):
    return {s for s in g.subjects(RDF.type, cls) if (s, RDF.type, AIW.SourceUnit) in g}


def test_counts_per_the_issue(g):
    assert len(units_of(g, AIW.Section)) == 4
    assert len(units_of(g, AIW.Paragraph)) == 27
    assert len(units_of(g, AIW.Criterion)) == 5
    assert len(units_of(g, AIW.Question)) == 16
    assert len(units_of(g, AIW.Footnote)) == 2
    assert len(units_of(g, AIW.AnnexItem)) == 8
    dates = {str(g.value(d, DCTERMS.date)) for d in units_of(g, AIW.DateStatement)}
    assert dates == {"2024-08-01", "2025-02-02", "2025-08-02", "2024-12-17", "2024-09-27", "2024-10"}


def test_counts_computed_independently_from_the_text(g):
    assert len(re.findall(r"(?m)^\d+\. \*\*", TEXT)) == len(units_of(g, AIW.Paragraph))
    assert len(re.findall(r"(?m)^Vragen bij criterium \d+$", TEXT)) == 5
    assert len(re.findall(r"(?m)^Verbod [A-H]: ", TEXT)) == len(units_of(g, AIW.AnnexItem))
    assert len(re.findall(r"(?m)^(I|II|III|IV)\. ", TEXT)) == 4
    assert len(re.findall(r"(?m)^[¹²³⁴⁵⁶⁷⁸⁹] ", TEXT)) == 2


def test_paragraphs_are_numbered_and_placed_in_their_sections(g):
    expected = {"I": range(1, 6), "II": range(6, 14), "III": range(14, 20), "IV": range(20, 28)}
    for sec, numbers in expected.items():
        for k, n in enumerate(numbers, start=1):
            iri = URIRef(f"{DOC}sec_{sec}/para_{n}")
            assert g.value(iri, DCTERMS.isPartOf) == URIRef(f"{DOC}sec_{sec}")
            assert g.value(iri, AIW.number) == Literal(str(n))
            assert g.value(iri, AIW.order).toPython() == k
            assert en_citation(g, iri) == f"AP DCA-2024-02, para. {n}"


def test_para_21_text_and_lead_sentence(g):
    p = URIRef(DOC + "sec_IV/para_21")
    text = g.value(p, AIW.text)
    assert text.language == "nl"
    assert "De AP veronderstelt daarom" in text and "**" not in text
    assert str(g.value(p, AIW.leadSentence)).startswith("Om onder de verbodsbepaling te vallen")
    assert g.value(p, AIW.lineStart).toPython() == 114
    assert (p, AIW.explains, URIRef(DOC + "criterion_1")) in g


def test_questions_belong_to_their_criteria_and_closing(g):
    groups = {1: 1, 2: 1, 3: 2, 6: 2, 7: 3, 8: 3, 9: 4, 11: 4, 12: 5, 14: 5, 15: "closing", 16: "closing"}
    for q, c in groups.items():
        parent = URIRef(DOC + (f"criterion_{c}" if c != "closing" else "closing"))
        assert g.value(URIRef(f"{DOC}question_{q}"), DCTERMS.isPartOf) == parent, q
    assert (URIRef(DOC + "closing"), RDF.type, AIW.Closing) in g
    assert "Vindt u het wenselijk" in g.value(URIRef(DOC + "question_16"), AIW.text)


def test_criterion_5_is_the_scope_and_exception(g):
    c5 = URIRef(DOC + "criterion_5")
    assert str(g.value(c5, DCTERMS.title)) == "Reikwijdte van het verbod"
    assert (URIRef(DOC + "sec_IV/para_26"), AIW.explains, c5) in g
    assert (URIRef(DOC + "sec_IV/para_27"), AIW.explains, c5) not in g


def test_footnotes_hang_on_the_paragraph_with_the_marker(g):
    f1, f2 = URIRef(DOC + "footnote_1"), URIRef(DOC + "footnote_2")
    assert g.value(f1, DCTERMS.isPartOf) == URIRef(DOC + "sec_III/para_17")
    assert g.value(f2, DCTERMS.isPartOf) == URIRef(DOC + "sec_IV/para_25")
    assert "overweging 44" in g.value(f2, AIW.text)
    assert "¹" not in g.value(URIRef(DOC + "sec_III/para_17"), AIW.text)
    assert "*" not in g.value(URIRef(DOC + "sec_IV/para_25"), AIW.text)


def test_annex_prohibitions_a_to_h(g):
    for k, x in enumerate("ABCDEFGH", start=1):
        iri = URIRef(f"{DOC}annex/prohibition_{x}")
        assert g.value(iri, AIW.order).toPython() == k
        assert g.value(iri, DCTERMS.isPartOf) == URIRef(DOC + "annex")
    assert "emotieherkenning" in str(g.value(URIRef(DOC + "annex/prohibition_F"), DCTERMS.title))
    assert "- Het gericht zoeken" in g.value(URIRef(DOC + "annex/prohibition_H"), AIW.text)


def test_dates_carry_their_meaning_and_mentions(g):
    d = URIRef(DOC + "date_2025-02-02")
    assert g.value(d, DCTERMS.date) == Literal("2025-02-02", datatype=XSD.date)
    assert Literal("prohibitions of Art. 5 apply", lang="en") in set(g.objects(d, DCTERMS.description))
    assert URIRef(DOC + "sec_I/para_3") in set(g.objects(d, DCTERMS.isReferencedBy))
    deadline = URIRef(DOC + "date_2024-12-17")
    assert Literal("deadline for input", lang="en") in set(g.objects(deadline, DCTERMS.description))
    assert str(g.value(URIRef(DOC + "date_2024-09-27"), DCTERMS.description, any=True))


def test_document_metadata(g):
    doc = URIRef(DOC.rstrip("/"))
    assert g.value(doc, DCTERMS.identifier) == Literal("DCA-2024-02")
    assert g.value(doc, DCTERMS.issued) == Literal("2024-10", datatype=XSD.gYearMonth)


@pytest.mark.parametrize("path, para, start", [
    ("art_5/par_1/pnt_f", 16, "Het in de handel brengen, het voor dit specifieke doel"),
    ("art_3/pnt_1", 14, "Een op een machine gebaseerd systeem"),
    ("art_3/pnt_39", 17, "Een AI-systeem dat is bedoeld voor het vaststellen of afleiden"),
    ("art_3/pnt_34", 24, "persoonsgegevens die het resultaat zijn van een specifieke technische verwerking"),
])
def test_quoted_ai_act_wording_is_the_dutch_expression(g, path, para, start):
    provision = URIRef(PROV_BASE + path)
    nld = URIRef(PROV_BASE + path + "/nld")
    assert (provision, ELI.is_realized_by, nld) in g
    text = g.value(nld, AIW.text)
    assert text.language == "nl" and str(text).startswith(start)
    assert '"' not in text and "“" not in text
    source = g.value(nld, DCTERMS.source)
    assert str(source).endswith(f"/para_{para}")
    line = g.value(nld, AIW.lineStart).toPython()
    assert str(text)[:30] in TEXT.split("\n")[line - 1]


def test_recital_18_paraphrase_is_not_an_expression(g):
    assert (URIRef(PROV_BASE + "rct_18"), ELI.is_realized_by, None) not in g
