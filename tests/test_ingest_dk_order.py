"""The Danish executive order on Arbejdstilsynet's use of AI, and the § 72 nodes it cites."""
from __future__ import annotations

import re

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF

from aiwork_kg.ingest import dk_order
from aiwork_kg.namespaces import AIW, ELI
from aiwork_kg.paths import SOURCES_DIR


def en_citation(g, iri):
    """The English citation of a unit (units also carry Danish and Dutch ones)."""
    return next(str(c) for c in g.objects(iri, DCTERMS.bibliographicCitation) if c.language == "en")


B = "https://w3id.org/aiwork/provision/dk/bek/2025/arbejdstilsynet-ai/"
ORDER = URIRef(B.rstrip("/"))
LTA = "https://w3id.org/aiwork/provision/dk/lta/2021/2062/"
TEXT = (SOURCES_DIR / dk_order.FILE).read_text("utf-8")


@pytest.fixture(scope="module")
def g() -> Graph:
    return dk_order.build(SOURCES_DIR).graph


def paths(g, cls):
    return {str(s)[len(B):] for s in g.subjects(RDF.type, cls) if str(s).startswith(B)}


def test_counts(g):
    assert paths(g, AIW.Chapter) == {f"kap_{n}" for n in range(1, 7)}
    sections = {p for p in paths(g, AIW.Provision) if re.fullmatch(r"par_\d+", p)}
    assert sections == {f"par_{n}" for n in range(1, 13)}
    assert paths(g, AIW.Subsection) == {"par_1/stk_2", "par_7/stk_2", "par_7/stk_3"}
    assert paths(g, AIW.ListItem) == {f"par_3/nr_{n}" for n in range(1, 17)}
    # independently from the text
    assert len(re.findall(r"(?m)^ ?Kapitel \d+$", TEXT)) == 6
    assert len(re.findall(r"(?m)^§ \d+\.", TEXT)) == 12
    assert len(re.findall(r"(?m)^Stk\. \d+\.", TEXT)) == 3
    assert len(re.findall(r"(?m)^\d+\) ", TEXT)) == 16


def test_category_7_and_16(g):
    nr7 = URIRef(B + "par_3/nr_7")
    assert g.value(nr7, AIW.text) == Literal("CPR-nummer.", lang="da")
    assert g.value(nr7, AIW.number) == Literal("7)")
    assert en_citation(g, nr7) == "BEK Arbejdstilsynet AI 2025, § 3, nr. 7"
    assert g.value(nr7, DCTERMS.isPartOf) == URIRef(B + "par_3")
    nr16 = str(g.value(URIRef(B + "par_3/nr_16"), AIW.text))
    assert nr16 == ("Oplysninger om udfaldet af samkøringen og anden behandling foretaget på baggrund "
                    "af personoplysningerne i nr. 1-15.")  # joined over a page break and a hyphen
    assert {URIRef(B + f"par_3/nr_{n}") for n in range(1, 16)} <= set(g.objects(URIRef(B + "par_3/nr_16"), ELI.cites))


def test_stk_1_is_the_section_itself(g):
    assert str(g.value(URIRef(B + "par_1"), AIW.text)).startswith("Arbejdstilsynet kan foretage samkøring")
    assert "lovgrundlag" in g.value(URIRef(B + "par_1/stk_2"), AIW.text)
    assert g.value(URIRef(B + "par_7/stk_3"), DCTERMS.isPartOf) == URIRef(B + "par_7")
    assert g.value(URIRef(B + "par_7/stk_2"), AIW.number) == Literal("Stk. 2")


def test_dehyphenated_text_keeps_real_hyphens(g):
    t = str(g.value(URIRef(B + "par_1"), AIW.text))
    assert "kunstig intelligens-løsninger" in t and "tilsyns- og vejledningsopgaver" in t
    assert "lovbekendtgørelse nr. 2062" in g.value(URIRef(B + "preamble"), AIW.text)


def test_chapter_titles_over_page_breaks(g):
    assert str(g.value(URIRef(B + "kap_2"), DCTERMS.title)) == \
        "Betingelser for samkøring og anden behandling af personoplysninger"
    assert g.value(URIRef(B + "par_5"), DCTERMS.title) == Literal("Genanvendelse af oplysninger", lang="da")
    assert g.value(URIRef(B + "par_5"), DCTERMS.isPartOf) == URIRef(B + "kap_2")


def test_legal_basis_amending_acts_and_dates(g):
    stk10 = URIRef(LTA + "par_72/stk_10")
    assert (ORDER, ELI.based_on, stk10) in g
    assert (URIRef(B + "preamble"), ELI.cites, stk10) in g
    cited = set(g.objects(URIRef(B + "preamble"), ELI.cites))
    for act in ("2021/2062", "2021/2588", "2024/629", "2025/502"):
        assert URIRef("https://www.retsinformation.dk/eli/lta/" + act) in cited, act
    assert str(g.value(URIRef("https://www.retsinformation.dk/eli/lta/2025/502"), ELI.date_document)) == "2025-05-20"
    assert str(g.value(ORDER, ELI.date_document)) == "2025-06-23"
    assert str(g.value(ORDER, ELI.first_date_entry_in_force)) == "2025-07-01"


def test_internal_and_external_cross_references(g):
    def cites(path):
        return {str(o) for o in g.objects(URIRef(B + path), ELI.cites)}
    assert cites("par_5") == {B + "par_3", B + "par_4"}
    assert cites("par_9") == {B + "par_4"}
    assert cites("par_7/stk_2") == {B + "par_3", B + "par_4"}
    assert cites("par_6") == {LTA + f"par_72/stk_{n}" for n in range(2, 7)}
    assert cites("par_1") == {LTA + "par_72"}


def test_signature_and_signatories(g):
    assert g.value(URIRef(B + "signatory_1"), AIW.text) == Literal("Marianne Sørensen", lang="da")
    assert g.value(URIRef(B + "signatory_2"), AIW.text) == Literal("Sofie Bisbjerg", lang="da")


def test_danish_expressions(g):
    dan = URIRef(B + "par_3/nr_8/dan")
    assert (URIRef(B + "par_3/nr_8"), ELI.is_realized_by, dan) in g
    assert g.value(dan, AIW.text) == Literal("Helbred.", lang="da")


def test_working_environment_act_nodes():
    g = dk_order.build_working_environment_act().graph
    for path in ("par_72", "par_72/stk_2", "par_72/stk_6", "par_72/stk_10"):
        assert (URIRef(LTA + path), RDF.type, AIW.Provision) in g
    assert g.value(URIRef(LTA + "par_72/stk_10"), ELI.is_part_of) == URIRef(LTA + "par_72")
    assert g.value(URIRef(LTA + "par_72"), ELI.is_part_of) == URIRef("https://www.retsinformation.dk/eli/lta/2021/2062")


def test_a_missing_signature_date_is_an_error(tmp_path):
    from aiwork_kg.errors import InputError
    (tmp_path / dk_order.FILE).write_text(TEXT.replace("Arbejdstilsynet, den 23. juni 2025", ""), "utf-8")
    with pytest.raises(InputError, match="date of signature"):
        dk_order.build(tmp_path)
