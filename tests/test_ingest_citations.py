"""Danish and Dutch citations: the forms the official texts use, and every unit cited in English."""
from __future__ import annotations

import pytest
from rdflib import Graph
from rdflib.namespace import DCTERMS

from aiwork_kg.ingest.citations import eu_citation, localized, translate
from aiwork_kg.paths import DATA_DIR

EU = "https://w3id.org/aiwork/provision/eu/reg/2024/1689/"
GDPR = "https://w3id.org/aiwork/provision/eu/reg/2016/679/"


@pytest.mark.parametrize("path,da,nl", [
    ("art_5/par_1/pnt_f", "AI-forordningen, art. 5, stk. 1, litra f)", "AI-verordening, art. 5, lid 1, onder f"),
    ("art_3/pnt_39", "AI-forordningen, art. 3, nr. 39", "AI-verordening, art. 3, punt 39"),
    ("art_50/par_3", "AI-forordningen, art. 50, stk. 3", "AI-verordening, art. 50, lid 3"),
    ("rct_18", "AI-forordningen, betragtning 18", "AI-verordening, overweging 18"),
    ("anx_III/pnt_1/pnt_c", "AI-forordningen, bilag III, punkt 1, litra c)", "AI-verordening, bijlage III, punt 1, onder c"),
])
def test_ai_act_provisions_in_the_official_citation_style(path, da, nl):
    assert eu_citation(EU + path, "da") == da
    assert eu_citation(EU + path, "nl") == nl


def test_gdpr_and_expressions():
    assert eu_citation(GDPR + "art_9/par_2/pnt_g", "nl") == "AVG, art. 9, lid 2, onder g"
    assert eu_citation(EU + "art_5/par_1/pnt_f/nld", "nl") is None  # an expression is not cited
    assert eu_citation("https://w3id.org/aiwork/doc/x", "da") is None


def test_documents_translated_word_by_word_or_not_at_all():
    assert translate("AP DCA-2024-02, para. 21", "nl") == "AP DCA-2024-02, randnr. 21"
    assert translate("AP DCA-2024-02, criterion 3", "da") == "AP DCA-2024-02, kriterium 3"
    assert localized("x", "Danish leaflet on the emotion-recognition ban, condition 1") == {
        "da": "Pjecen om forbuddet mod følelsesgenkendelse, betingelse 1",
        "nl": "Deense folder over het verbod op emotieherkenning, voorwaarde 1"}
    # half-translated forms are refused: English only is better than a mix
    assert translate("Some report, unknown part 3", "da") is None


def test_committed_data_cites_the_units_the_validator_names_in_three_languages():
    g = Graph()
    for path in sorted(DATA_DIR.glob("*/*.ttl")):
        if path.parent.name != "links":
            g.parse(path)
    for iri in (EU + "art_5/par_1/pnt_f", EU + "rct_44",
                "https://w3id.org/aiwork/doc/nl-ap-dca-2024-02/sec_IV/para_21",
                "https://w3id.org/aiwork/doc/dk-leaflet-emotion-recognition-ban/exception"):
        from rdflib import URIRef

        langs = sorted(c.language for c in g.objects(URIRef(iri), DCTERMS.bibliographicCitation))
        assert langs == ["da", "en", "nl"], (iri, langs)
