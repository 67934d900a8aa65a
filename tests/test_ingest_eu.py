"""The AI Act excerpts and the referenced GDPR provisions."""
from __future__ import annotations

import re

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS

from aiwork_kg.ingest import eu
from aiwork_kg.namespaces import AIW, ELI
from aiwork_kg.paths import SOURCES_DIR


def en_citation(g, iri):
    """The English citation of a unit (units also carry Danish and Dutch ones)."""
    return next(str(c) for c in g.objects(iri, DCTERMS.bibliographicCitation) if c.language == "en")


P = "https://w3id.org/aiwork/provision/eu/reg/2024/1689/"
G = "https://w3id.org/aiwork/provision/eu/reg/2016/679/"
ACT = URIRef("http://data.europa.eu/eli/reg/2024/1689/oj")
TEXT = (SOURCES_DIR / eu.FILE).read_text("utf-8")
UNITS = ["art_3/pnt_1", "art_3/pnt_3", "art_3/pnt_4", "art_3/pnt_9", "art_3/pnt_11", "art_3/pnt_12",
         "art_3/pnt_34", "art_3/pnt_39", "art_3/pnt_40", "art_5/par_1", "art_5/par_1/pnt_f", "art_50/par_3",
         "art_113", "art_113/sub_1", "art_113/sub_2", "art_113/sub_3", "art_113/pnt_a", "art_113/pnt_b",
         "art_113/pnt_c", "rct_18", "rct_44", "anx_III", "anx_III/pnt_1", "anx_III/pnt_1/pnt_c"]


@pytest.fixture(scope="module")
def g() -> Graph:
    return eu.build_ai_act(SOURCES_DIR).graph


def test_every_excerpt_becomes_the_expected_units(g):
    units = {str(s)[len(P):] for s in g.subjects(RDF.type, AIW.SourceUnit)}
    assert units == set(UNITS)
    assert len(re.findall(r"(?m)^== ", TEXT)) == 16  # 9 Art. 3 points + 7 other excerpts


def test_part_of_chain_reaches_the_act(g):
    for path in UNITS + ["art_3", "art_5", "art_50"]:
        node, seen = URIRef(P + path), 0
        while node != ACT:
            parent = g.value(node, ELI.is_part_of)
            assert parent is not None, (path, node)
            node, seen = parent, seen + 1
            assert seen < 8
    assert g.value(URIRef(P + "art_5/par_1/pnt_f"), ELI.is_part_of) == URIRef(P + "art_5/par_1")
    assert g.value(URIRef(P + "art_5"), ELI.is_part_of) == URIRef(P + "cpt_II")


def test_provision_facts(g):
    f = URIRef(P + "art_5/par_1/pnt_f")
    assert (f, RDF.type, ELI.LegalResourceSubdivision) in g and (f, RDF.type, AIW.Provision) in g
    assert g.value(f, ELI.number) == Literal("f")
    assert g.value(f, AIW.number) == Literal("(f)")
    assert g.value(f, DCTERMS.identifier) == Literal("Art. 5(1)(f)")
    assert en_citation(g, f) == "AI Act, Art. 5(1)(f)"
    assert g.value(f, ELI.type_subdivision) == URIRef("http://publications.europa.eu/resource/authority/subdivision/PNT")
    assert g.value(f, RDFS.seeAlso) == URIRef("https://eur-lex.europa.eu/eli/reg/2024/1689/oj/eng#005.001")
    assert g.value(URIRef(P + "rct_18"), RDFS.seeAlso) == URIRef("https://eur-lex.europa.eu/eli/reg/2024/1689/oj/eng#rct_18")
    assert g.value(URIRef(P + "art_50/par_3"), ELI.id_local) == Literal("050.003")


def test_english_expression(g):
    f = URIRef(P + "art_5/par_1/pnt_f")
    eng = URIRef(P + "art_5/par_1/pnt_f/eng")
    assert (f, ELI.is_realized_by, eng) in g and (eng, RDF.type, ELI.LegalExpression) in g
    text = g.value(eng, AIW.text)
    assert text.language == "en" and "for medical or safety reasons" in text
    assert g.value(URIRef(P + "art_5/par_1"), AIW.text) == Literal("The following AI practices shall be prohibited:", lang="en")
    assert g.value(f, AIW.lineStart).toPython() == 38


def test_recital_18_lists_emotions_and_physical_states(g):
    text = str(g.value(URIRef(P + "rct_18"), AIW.text))
    for word in ("happiness", "amusement", "pain or fatigue", "a frown or a smile"):
        assert word in text


def test_the_act_node(g):
    assert (ACT, RDF.type, ELI.LegalResource) in g
    assert str(g.value(ACT, ELI.id_local)) == "32024R1689"
    assert str(g.value(ACT, ELI.date_document)) == "2024-06-13"
    assert str(g.value(ACT, ELI.date_publication)) == "2024-07-12"
    assert str(g.value(ACT, ELI.first_date_entry_in_force)) == "2024-08-01"  # 20 days after publication
    expr = g.value(ACT, ELI.is_realized_by)
    assert "Artificial Intelligence Act" in g.value(expr, ELI.title)


def test_art_113_dates_come_from_the_text(g):
    def d(path, prop):
        return str(g.value(URIRef(P + path), prop))
    assert d("art_113/sub_1", ELI.first_date_entry_in_force) == "2024-08-01"
    assert d("art_113/sub_2", ELI.date_applicability) == "2026-08-02"
    assert d("art_113/pnt_a", ELI.date_applicability) == "2025-02-02"
    assert d("art_113/pnt_b", ELI.date_applicability) == "2025-08-02"
    assert d("art_113/pnt_c", ELI.date_applicability) == "2027-08-02"
    assert (URIRef(P + "art_113/pnt_a"), ELI.cites, URIRef(P + "cpt_II")) in g
    assert g.value(URIRef(P + "art_113/sub_3"), AIW.text) == Literal("However:", lang="en")


def test_gdpr_reference_nodes():
    g = eu.build_gdpr().graph
    for path in ("art_9", "art_9/par_1", "art_9/par_2", "art_10", "art_35", "art_35/par_1"):
        node = URIRef(G + path)
        assert (node, RDF.type, AIW.Provision) in g, path
        assert g.value(node, ELI.is_part_of) is not None
        assert str(g.value(node, RDFS.seeAlso)).startswith("https://eur-lex.europa.eu/eli/reg/2016/679/oj/eng#art_")
        assert g.value(node, AIW.text) is None  # the sources do not quote the GDPR
    assert g.value(URIRef(G + "art_9/par_1"), ELI.is_part_of) == URIRef(G + "art_9")
    assert g.value(URIRef(G + "art_9"), ELI.is_part_of) == URIRef("http://data.europa.eu/eli/reg/2016/679/oj")


def test_unknown_excerpt_citation_names_the_line(tmp_path):
    src = tmp_path / eu.FILE
    src.write_text(TEXT.replace("== Recital 44", "== Protocol 44"), "utf-8")
    from aiwork_kg.errors import InputError
    with pytest.raises(InputError) as exc:
        eu.build_ai_act(tmp_path)
    assert exc.value.line == TEXT.split("\n").index("== Recital 44") + 1
    assert "Protocol 44" in str(exc.value)


def test_provisions_cited_by_the_excerpts_are_referenced_nodes(g):
    cited = {str(o)[len(P):] for o in g.objects(URIRef(P + "art_113/pnt_b"), ELI.cites)}
    assert cited == {"cpt_III/sct_4", "cpt_V", "cpt_VII", "cpt_XII", "art_78", "art_101"}
    assert {str(o)[len(P):] for o in g.objects(URIRef(P + "art_113/pnt_a"), ELI.cites)} == {"cpt_I", "cpt_II"}
    assert {str(o)[len(P):] for o in g.objects(URIRef(P + "art_113/pnt_c"), ELI.cites)} == {"art_6/par_1"}
    assert (URIRef(P + "anx_III"), ELI.cites, URIRef(P + "art_6/par_2")) in g
    sct = URIRef(P + "cpt_III/sct_4")
    assert g.value(sct, ELI.is_part_of) == URIRef(P + "cpt_III")
    assert str(g.value(sct, RDFS.seeAlso)).endswith("#cpt_III.sct_4")
    for x in "abcdegh":
        node = URIRef(P + f"art_5/par_1/pnt_{x}")
        assert (node, RDF.type, AIW.Provision) in g and (node, RDF.type, AIW.SourceUnit) not in g
        assert str(g.value(node, DCTERMS.identifier)) == f"Art. 5(1)({x})"
        assert g.value(node, ELI.is_part_of) == URIRef(P + "art_5/par_1")
