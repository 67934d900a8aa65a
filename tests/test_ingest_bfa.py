"""The BFA report: parts, chapters and sections, the IGLOO levels and findings, the footnote,
the in-text references, and the repair of its extraction defects."""
from __future__ import annotations

import re

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF

from aiwork_kg.ingest import bfa
from aiwork_kg.namespaces import AIW, CONCEPT
from aiwork_kg.paths import SOURCES_DIR

D = "https://w3id.org/aiwork/doc/dk-bfa-ai-work-environment-2024/"
TEXT = (SOURCES_DIR / bfa.FILE).read_text("utf-8")
LEVELS = ["individual", "group", "leadership", "organisation", "context"]


@pytest.fixture(scope="module")
def g() -> Graph:
    return bfa.build(SOURCES_DIR).graph


def iri(path):
    return URIRef(D + path)


def test_parts_and_chapters(g):
    assert len(re.findall(r"(?m)^ KAPITEL \d", TEXT)) == 5
    for k, part in enumerate(["summary", "foreword", "method"] + [f"chapter_{n}" for n in range(1, 6)], start=1):
        assert g.value(iri(part), AIW.order).toPython() == k, part
    assert str(g.value(iri("chapter_2"), DCTERMS.title)) == "TEKNOLOGIENS PÅVIRKNING AF ARBEJDSMILJØET"
    assert str(g.value(iri("chapter_4"), DCTERMS.title)) == \
        "KUNSTIG INTELLIGENS SKABER NYE BEHOV OG UDFORDRINGER FOR ARBEJDSMILJØET"
    assert (iri("foreword"), RDF.type, AIW.Foreword) in g


def test_sections_as_printed(g):
    sections = {str(s)[len(D):] for s in g.subjects(RDF.type, AIW.Section)
                if re.fullmatch(r"chapter_\d/section_\d", str(s)[len(D):])}
    assert len(sections) == sum(len(v) for v in bfa.OUTLINE.values()) == 13
    assert str(g.value(iri("chapter_3/section_2"), DCTERMS.title)) == "Alsidige Robotter"
    assert str(g.value(iri("chapter_3/section_1/subsection_1"), DCTERMS.title)) == "Hyper automatisering"
    # a heading hyphenated over two lines
    assert str(g.value(iri("chapter_4/section_1"), DCTERMS.title)).endswith(
        "mellem forretningen, teknologien og arbejdsmiljøproblematikker")
    open_questions = set(g.subjects(RDF.type, AIW.OpenQuestion))
    assert open_questions == {iri(f"chapter_5/section_{n}") for n in (1, 2, 3)}


def test_igloo_levels_from_the_chapter_2_list(g):
    for k, level in enumerate(LEVELS, start=1):
        u = iri(f"igloo/{level}")
        assert g.value(u, AIW.order).toPython() == k
        assert g.value(u, AIW.iglooLevel) == CONCEPT[f"igloo-level/{level}"]
        assert g.value(u, DCTERMS.isPartOf) == iri("igloo")
    assert str(g.value(iri("igloo/leadership"), DCTERMS.title)) == "Ledelsesniveau"
    assert "performancemåling" in g.value(iri("igloo/leadership"), AIW.text)
    assert g.value(iri("igloo"), DCTERMS.title) == Literal("IGLOO-MODELLEN", lang="da")


def test_findings_per_level_and_ai_type(g):
    expected = {("individual", "ml"): 2, ("group", "ml"): 1, ("leadership", "ml"): 2, ("organisation", "ml"): 2,
                ("context", "ml"): 3, ("individual", "genai"): 2, ("group", "genai"): 2,
                ("leadership", "genai"): 1, ("organisation", "genai"): 3, ("context", "genai"): 3}
    for (level, key), count in expected.items():
        findings = {s for s in g.subjects(DCTERMS.isPartOf, iri(f"igloo/{level}/{key}"))
                    if (s, RDF.type, AIW.Finding) in g}
        assert len(findings) == count, (level, key)
        for f in findings:
            assert g.value(f, AIW.iglooLevel) == CONCEPT[f"igloo-level/{level}"]
            ai = "machine-learning" if key == "ml" else "generative-ai"
            assert g.value(f, AIW.aiType) == CONCEPT[f"bfa-ai-type/{ai}"]
            assert (iri(str(f)[len(D):] + "/discussion"), DCTERMS.isPartOf, f) in g
    # independently: the chapter 2 bullets are exactly the findings
    ch2 = TEXT.split(" KAPITEL 2")[1].split(" KAPITEL 3")[0]
    assert len(re.findall(r"(?m)^•", ch2)) == sum(expected.values())


def test_findings_text_discussion_and_polarity(g):
    f = iri("igloo/individual/ml/finding_2")
    assert str(g.value(f, AIW.text)).startswith("Maskinlæring som fundament for ledelse")
    assert g.value(f, AIW.polarity) == CONCEPT["polarity/negative"]
    assert g.value(iri("igloo/individual/ml/finding_1"), AIW.polarity) == CONCEPT["polarity/positive"]
    assert g.value(iri("igloo/organisation/genai/finding_1"), AIW.polarity) == CONCEPT["polarity/mixed"]
    assert g.value(iri("igloo/group/genai/finding_1"), AIW.polarity) is None  # the text states none
    d = iri("igloo/individual/ml/finding_2/discussion")
    assert str(g.value(d, DCTERMS.title)).startswith("Maskinlæring som fundament for ledelse kan ske på et forsimplet")
    assert "hav en god dag" in g.value(d, AIW.text)
    # a heading that differs from its bullet ("automatiserer og skaber") is still found
    d = iri("igloo/context/ml/finding_1/discussion")
    assert "automatiserer og skaber" in g.value(d, DCTERMS.title)


def test_summary_topics_and_findings(g):
    def count(prefix):
        return len({s for s in g.subjects(RDF.type, AIW.Finding) if str(s).startswith(D + prefix)})
    assert count("summary/ml/") == 12 and count("summary/genai/") == 21
    resume = TEXT.split(" FORORD")[0]
    assert len(re.findall(r"(?m)^\ue856", resume)) == 33  # every bullet of the summary, independently
    t = iri("summary/ml/topic_1")
    assert g.value(t, DCTERMS.title) == Literal("Optimering og trivsel", lang="da")
    f = iri("summary/ml/topic_1/finding_1")
    assert str(g.value(f, DCTERMS.title)) == "Positiv indvirkning på ressourcer og medarbejdertrivsel"
    assert "effektivisere arbejdsprocesser" in g.value(f, AIW.text)  # "ar-" / blank / "bejdsprocesser"
    assert g.value(f, AIW.polarity) == CONCEPT["polarity/positive"]


def test_running_heads_footnote_and_hyphenation_are_repaired(g):
    texts = " ".join(str(o) for o in g.objects(None, AIW.text))
    assert "kapitel ii: teknologiens" not in texts
    assert "samt klar information om dataindsamling" in texts and "maskinlæring samt klar" in texts
    assert "\ufffd" not in texts and "\ue856" not in texts
    d = str(g.value(iri("igloo/context/genai/finding_1/discussion"), AIW.text))
    assert "eksponeres væsentligt" in d and "46 pct af det arbejde, vi udfører" in d
    fn = iri("footnote_1")
    assert g.value(fn, DCTERMS.isPartOf) == iri("igloo/context/genai/finding_1/discussion")
    assert str(g.value(fn, AIW.text)).endswith("eller forædling af jobopgaven.")
    assert "top-down" in texts and "KI-systemer med de rette" in texts


def test_references_from_in_text_citations(g):
    refs = {str(g.value(s, AIW.text)) for s in g.subjects(RDF.type, AIW.BibliographicReference)}
    assert {"Nielsen et al. 2018", "Mollick 2024", "Det Nationale Forskningscenter for Arbejdsmiljø 2024",
            "Brynjolfsson et al. 2023"} <= refs
    assert len([r for r in refs if r.startswith("Brynjolfsson og Tambe") or r.startswith("Brynjolfsson and Tambe")]) == 1
    assert g.value(iri("ref_1"), AIW.text) == Literal("Den Europæiske Unions Råd 2022", lang="da")
    mollick = next(s for s in g.subjects(AIW.text, Literal("Mollick 2024", lang="da")))
    assert len(set(g.subjects(DCTERMS.references, mollick))) >= 3


def test_method_lists_the_experts(g):
    experts = [s for s in g.subjects(DCTERMS.isPartOf, iri("method"))]
    assert len(experts) == 8
    assert str(g.value(iri("method/expert_1"), AIW.text)) == "Anna Ilsøe, lektor ved FAOS, Københavns Universitet"


def test_a_missing_heading_is_reported(tmp_path):
    from aiwork_kg.errors import InputError
    (tmp_path / bfa.FILE).write_text(TEXT.replace("Alsidige Robotter", "Robotter"), "utf-8")
    with pytest.raises(InputError, match="Alsidige Robotter") as exc:
        bfa.build(tmp_path)
    assert exc.value.line is not None
