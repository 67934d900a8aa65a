"""The Danish leaflet: the clean copy gives the text, the OCR'd copy only extra provenance."""
from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF

from aiwork_kg.ingest import leaflet
from aiwork_kg.ingest.text import read_lines
from aiwork_kg.namespaces import AIW
from aiwork_kg.paths import SOURCES_DIR

D = "https://w3id.org/aiwork/doc/dk-leaflet-emotion-recognition-ban/"
PARTS = ["title", "intro", "why", "when", "condition_1", "condition_2", "exception"]


@pytest.fixture(scope="module")
def g() -> Graph:
    return leaflet.build(SOURCES_DIR).graph


def test_units(g):
    units = {str(s)[len(D):] for s in g.subjects(RDF.type, AIW.SourceUnit)}
    assert units == set(PARTS)
    assert g.value(URIRef(D + "condition_1"), DCTERMS.isPartOf) == URIRef(D + "when")
    assert (URIRef(D + "exception"), RDF.type, AIW.ExceptionClause) in g
    assert (URIRef(D + "condition_2"), RDF.type, AIW.Condition) in g


def test_text_comes_from_the_clean_copy(g):
    texts = " ".join(str(o) for o in g.objects(None, AIW.text))
    assert "opfbJldt" not in texts and " Al " not in texts and "Al-systemet" not in texts
    assert g.value(URIRef(D + "when"), AIW.text) == Literal("Alle betingelser skal være opfyldt", lang="da")
    assert g.value(URIRef(D + "when"), DCTERMS.title) == Literal("Hvornår gælder forbuddet", lang="da")
    c1 = str(g.value(URIRef(D + "condition_1"), AIW.text))
    assert c1.startswith("Hvis AI-systemet bruges til at udlede personers følelser på baggrund af biometriske data")
    assert "ansigtsudtryk" in c1 and "\u2028" not in c1
    assert str(g.value(URIRef(D + "title"), AIW.text)) == \
        "Forbudt brug af AI: Følelsesgenkendelse på arbejdspladser og uddannelsesinstitutioner"
    assert "arbejdspladser eller uddannelsesinstitutioner" in g.value(URIRef(D + "intro"), AIW.text)


def test_lines_point_into_the_first_copy_and_the_ocr_copy_is_extra_provenance(g):
    lines = read_lines(SOURCES_DIR / leaflet.FILE)
    ocr_start = next(l.no for l in lines[5:] if l.stripped.startswith("Forbudt brug af Al"))
    for part in PARTS:
        u = URIRef(D + part)
        assert g.value(u, AIW.lineEnd).toPython() < ocr_start, part
        also = g.value(u, AIW.alsoPrintedLineStart)
        assert also is not None and also.toPython() >= ocr_start, part
    # the OCR copy of condition 1 is the paragraph with "Al-systemet"
    c1 = URIRef(D + "condition_1")
    start = g.value(c1, AIW.alsoPrintedLineStart).toPython()
    assert lines[start - 1].stripped.startswith("Hvis Al-systemet bruges til at udlede")


def test_copies_are_ranked_by_ocr_defects():
    lines = read_lines(SOURCES_DIR / leaflet.FILE)
    copies = leaflet.split_copies(lines, "x")
    assert len(copies) == 2
    assert leaflet.ocr_defects(copies[0]) == 0 < leaflet.ocr_defects(copies[1])


def test_order_is_chosen_by_quality_not_position(tmp_path):
    """Swap the copies in the file: the text still comes from the clean copy."""
    raw = (SOURCES_DIR / leaflet.FILE).read_text("utf-8").split("\n")
    split = next(i for i, l in enumerate(raw) if i > 5 and l.startswith("Forbudt brug af Al"))
    (tmp_path / leaflet.FILE).write_text("\n".join(raw[split:] + [""] + raw[:split]), "utf-8")
    g = leaflet.build(tmp_path).graph
    assert g.value(URIRef(D + "when"), AIW.text) == Literal("Alle betingelser skal være opfyldt", lang="da")
    assert g.value(URIRef(D + "condition_1"), AIW.lineStart).toPython() > split - 5
