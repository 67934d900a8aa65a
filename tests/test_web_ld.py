"""Linked Data over HTTP (a real `aiwork-kg serve`): every kind of IRI answers at its path, content
negotiation on Accept and by suffix, Vary, the RDF form (CBD plus labels), hash IRIs, 404 and 406."""
from __future__ import annotations

import urllib.error
import urllib.request

import pytest
from rdfcompare import canonical

BASE = "https://w3id.org/aiwork/"
PNT_F = "/provision/eu/reg/2024/1689/art_5/par_1/pnt_f"
RDF_TYPES = {"text/turtle": ".ttl", "application/ld+json": ".jsonld", "application/n-triples": ".nt",
             "application/rdf+xml": ".rdf"}
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


def get(url: str, accept: str | None = None, **headers: str) -> tuple[int, dict[str, str], bytes]:
    if accept:
        headers["Accept"] = accept
    request = urllib.request.Request(url, headers=headers)
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=60) as r:
            return r.status, {k.lower(): v for k, v in r.headers.items()}, r.read()
    except urllib.error.HTTPError as e:
        return e.code, {k.lower(): v for k, v in e.headers.items()}, e.read()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def media(headers: dict[str, str]) -> str:
    return headers["content-type"].split(";")[0].strip()


@pytest.mark.parametrize("path", [
    PNT_F, "/provision/eu/reg/2024/1689/art_5", "/doc/dk-leaflet-emotion-recognition-ban/exception",
    "/doc/nl-ap-dca-2024-02/sec_II/para_7", "/agent/autoriteit-persoonsgegevens",
    "/doc/nl-ap-dca-2024-02/claim_intentions-covered", "/link/disagreement/intentions", "/link/ap-eu/1",
    "/dataset/aiwork-kg", "/catalog", "/graph/links", "/concept/bfa-ai-type", "/ontology",
    "/source/eu-ai-act-excerpts.en.txt", "/provision/dk/lta/2021/2062/par_72/stk_10",
])
def test_every_kind_of_iri_answers_html_and_rdf(web_server, path):
    status, headers, body = get(web_server + path, BROWSER)
    assert status == 200 and media(headers) == "text/html", (path, status)
    assert "Accept" in headers["vary"]
    assert headers["content-location"] == path + ".html"
    assert b"Traceback" not in body
    graphs = set()
    for accept, suffix in RDF_TYPES.items():
        status, headers, negotiated = get(web_server + path, accept)
        assert status == 200 and media(headers) == accept, (path, accept, status)
        assert headers["vary"] == "Accept" and headers["content-location"] == path + suffix
        status, headers, by_suffix = get(web_server + path + suffix)
        assert status == 200 and media(headers) == accept
        graph = canonical(negotiated, accept)
        assert graph == canonical(by_suffix, accept)
        assert any(f"<{BASE}{path.lstrip('/')}>" in t for t in graph), (path, accept)
        graphs.add(graph)
    assert len(graphs) == 1, f"{path}: the four RDF forms differ"


def test_rdf_form_is_the_cbd_plus_labels(web_server, release_dir):
    import pyoxigraph as ox

    iri = BASE + PNT_F.lstrip("/")
    store = ox.Store()
    store.bulk_load(path=str(release_dir / "aiwork-kg.nt"), format=ox.RdfFormat.N_TRIPLES)
    _, _, body = get(web_server + PNT_F + ".nt")
    served = set(body.decode().splitlines()) - {""}
    own = {str(q.triple) + " ." for q in store.quads_for_pattern(ox.NamedNode(iri), None, None)}
    assert own and own <= served
    # the labels of what it points to: the class aiw:Point has its prefLabel in every language
    point = "<https://w3id.org/aiwork/ontology#Point> <http://www.w3.org/2004/02/skos/core#prefLabel>"
    assert sum(line.startswith(point) for line in served) == 3
    # and nothing else: every other triple is a label of an object of the resource
    objects = {str(q.object) for q in store.quads_for_pattern(ox.NamedNode(iri), None, None)}
    for line in served - own:
        subject, predicate = line.split(" ", 2)[:2]
        assert subject in objects and predicate in ("<http://www.w3.org/2000/01/rdf-schema#label>",
                                                    "<http://www.w3.org/2004/02/skos/core#prefLabel>"), line


def test_quality_values_and_not_acceptable(web_server):
    _, headers, _ = get(web_server + PNT_F, "text/turtle;q=0.5, application/ld+json")
    assert media(headers) == "application/ld+json"
    _, headers, _ = get(web_server + PNT_F, "*/*")
    assert media(headers) == "text/html"
    _, headers, _ = get(web_server + PNT_F)
    assert media(headers) == "text/html"
    status, headers, body = get(web_server + PNT_F, "image/png")
    assert status == 406 and b"text/turtle" in body


def test_hash_iris_are_answered_by_the_ontology_document(web_server):
    _, _, body = get(web_server + "/ontology", BROWSER)
    page = body.decode()
    for term in ("EmotionRecognitionSystem", "Provision", "linkRelation"):
        assert f'id="{term}"' in page
    assert 'href="https://w3id.org/dpv/legal/eu/aiact#EmotionRecognitionSystem"' in page  # alignments: plain links
    _, _, ttl = get(web_server + "/ontology.ttl")
    triples = canonical(ttl, "text/turtle")
    assert any(t.startswith("<https://w3id.org/aiwork/ontology#EmotionRecognitionSystem> ") for t in triples)
    status, _, _ = get(web_server + "/ontology%23EmotionRecognitionSystem", BROWSER)
    assert status == 404  # a fragment is never sent; an encoded one is not an IRI of the graph


def test_ontology_versions_go_to_the_ontology_page(web_server):
    from aiwork_kg import __version__

    status, headers, _ = get(web_server + f"/ontology/{__version__}", BROWSER)
    assert status == 303 and headers["location"].endswith("/ontology")


def test_unknown_iris_are_404_pages(web_server):
    for path in ("/provision/eu/reg/2024/1689/art_999", "/doc/nothing", "/nothing.ttl", PNT_F + ".xyz"):
        status, headers, body = get(web_server + path, BROWSER)
        assert status == 404 and media(headers) == "text/html", path
        assert b"Traceback" not in body
        status, headers, _ = get(web_server + path, "text/turtle")
        assert status == 404 and media(headers) == "text/plain"


def test_unit_page_shows_text_citation_position_and_links(web_server):
    _, _, body = get(web_server + "/doc/dk-leaflet-emotion-recognition-ban/exception?lang=en")
    page = body.decode()
    assert '<blockquote class="verbatim" lang="da">' in page       # verbatim, in its own language
    assert 'class="citation" lang="da"' in page                     # the Danish citation style
    assert 'class="breadcrumb"' in page
    assert "Links from here" in page
    assert PNT_F in page                                            # the cross-source link to the Act


def test_provision_page_shows_expressions_claims_and_disagreements(web_server):
    _, _, body = get(web_server + PNT_F + "?lang=en")
    page = body.decode()
    assert 'lang="en">(f) the placing on the market' in page
    assert 'lang="nl">Het in de handel brengen' in page              # the Dutch wording side by side
    assert "Danish and Dutch units that refer to it" in page
    assert "/doc/dk-leaflet-emotion-recognition-ban/" in page and "/doc/nl-ap-dca-2024-02/" in page
    assert "Links to here" in page and 'class="passage" lang="nl"' in page  # with the justifying passage
    assert "Disagreements" in page and "Who says what" in page
    assert "/agent/autoriteit-persoonsgegevens" in page             # who says it
    for suffix in RDF_TYPES.values():
        assert f'href="{PNT_F}{suffix}"' in page                    # links to its RDF forms


def test_disagreement_page_names_who_says_what(web_server):
    _, _, body = get(web_server + "/link/disagreement/full-ban?lang=da")
    page = body.decode()
    assert '<html lang="da">' in page and "Hvem siger hvad" in page
    assert "/agent/amnesty-international-nederland?lang=da" in page
