"""The SPARQL protocol as standard clients expect it (issue 12, part 4): SPARQLWrapper in every
return format it has, by content negotiation and by the `format` parameter; Turtle for N3
clients; the service description in Turtle, RDF/XML and JSON-LD with features, result formats
and the default dataset with its named graphs."""
from __future__ import annotations

import csv
import io
import json
import urllib.error
import urllib.request
import warnings

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, VOID
from SPARQLWrapper import CSV, JSON, JSONLD, N3, RDFXML, TSV, TURTLE, XML, SPARQLWrapper
from SPARQLWrapper import RDF as RDF_FORMAT

from aiwork_kg.server.protocol import SD
from aiwork_kg.server.serve import start

ART_5_1_F = "https://w3id.org/aiwork/provision/eu/reg/2024/1689/art_5/par_1/pnt_f"
SELECT_ART = f"SELECT ?p ?o WHERE {{ <{ART_5_1_F}> ?p ?o }} ORDER BY ?p ?o"
ASK_ART = f"ASK {{ <{ART_5_1_F}> ?p ?o }}"
CONSTRUCT_ART = f"CONSTRUCT {{ <{ART_5_1_F}> ?p ?o }} WHERE {{ <{ART_5_1_F}> ?p ?o }}"
DESCRIBE_ART = f"DESCRIBE <{ART_5_1_F}>"
FORMATS_NS = "http://www.w3.org/ns/formats/"


@pytest.fixture(scope="module")
def endpoint(release_dir):
    server = start("127.0.0.1", 0, release_dir=release_dir, timeout=60, processes=1)
    yield server
    server.stop()


@pytest.fixture(scope="module")
def expected(release_dir):
    """What the embedded store answers, to compare the endpoint's answers with."""
    from aiwork_kg.store import open_store

    store = open_store(release_dir)
    rows = sorted((s["p"].value, s["o"].value) for s in store.query(SELECT_ART))
    return {"rows": rows, "triples": len(rows)}


def wrapper(url: str, query: str, fmt: str, only_conneg: bool) -> SPARQLWrapper:
    sw = SPARQLWrapper(url)
    sw.setQuery(query)
    sw.setReturnFormat(fmt)
    sw.setOnlyConneg(only_conneg)
    return sw


def http(url: str, headers: dict | None = None):
    req = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=60) as r:
            return r.status, r.headers.get_content_type(), r.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get_content_type(), exc.read()


CONNEG = pytest.mark.parametrize("only_conneg", [True, False], ids=["accept", "format-param"])


@CONNEG
@pytest.mark.parametrize("fmt", [JSON, XML, CSV, TSV])
def test_select_in_every_solution_format(endpoint, expected, fmt, only_conneg):
    result = wrapper(endpoint.sparql_url, SELECT_ART, fmt, only_conneg).query()
    converted = result.convert()
    if fmt == JSON:
        rows = [(b["p"]["value"], b["o"]["value"]) for b in converted["results"]["bindings"]]
    elif fmt == XML:
        rows = []
        for result_node in converted.getElementsByTagName("result"):
            p_node, o_node = result_node.getElementsByTagName("binding")
            value = (o_node.getElementsByTagName("uri") or o_node.getElementsByTagName("literal"))[0]
            rows.append((p_node.getElementsByTagName("uri")[0].firstChild.nodeValue,
                         value.firstChild.nodeValue if value.firstChild else ""))
    elif fmt == CSV:
        rows = [(r["p"], r["o"]) for r in csv.DictReader(io.StringIO(converted.decode("utf-8")))]
    else:  # TSV: terms in Turtle syntax; the IRIs of the predicates and the row count are compared
        lines = converted.decode("utf-8").splitlines()
        assert lines[0].split("\t") == ["?p", "?o"]
        predicates = sorted(line.split("\t")[0].strip("<>") for line in lines[1:] if line)
        assert predicates == [p for p, _ in expected["rows"]]
        return
    assert sorted(rows) == expected["rows"]


@CONNEG
@pytest.mark.parametrize("fmt", [JSON, XML])
def test_ask_in_json_and_xml(endpoint, fmt, only_conneg):
    converted = wrapper(endpoint.sparql_url, ASK_ART, fmt, only_conneg).query().convert()
    if fmt == JSON:
        assert converted["boolean"] is True
    else:
        assert converted.getElementsByTagName("boolean")[0].firstChild.nodeValue == "true"


@CONNEG
@pytest.mark.parametrize("fmt", [CSV, TSV])
def test_ask_in_csv_and_tsv(endpoint, fmt, only_conneg):
    body = wrapper(endpoint.sparql_url, ASK_ART, fmt, only_conneg).query().convert().decode("utf-8")
    assert body.split() == ["_askResult", "true"] or "true" in body.lower()


GRAPH_FORMATS = {TURTLE: "text/turtle", N3: "text/turtle", XML: "application/rdf+xml",
                 RDFXML: "application/rdf+xml", RDF_FORMAT: "application/rdf+xml",
                 JSONLD: "application/ld+json", JSON: "application/ld+json"}


@CONNEG
@pytest.mark.parametrize("query", [CONSTRUCT_ART, DESCRIBE_ART], ids=["construct", "describe"])
@pytest.mark.parametrize("fmt", list(GRAPH_FORMATS))
def test_graph_results_in_every_rdf_format(endpoint, expected, fmt, query, only_conneg):
    if only_conneg and fmt in (RDF_FORMAT, JSON):
        pytest.skip("SPARQLWrapper sends Accept: */* for this format; only the format parameter names it")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", RuntimeWarning)
        result = wrapper(endpoint.sparql_url, query, fmt, only_conneg).query()
        assert result.info()["content-type"].split(";")[0] == GRAPH_FORMATS[fmt]
        converted = result.convert()
    # SPARQLWrapper warns when the answer is not in the format it asked for, or of an unknown type
    complaints = [str(w.message) for w in caught
                  if "returned by the endpoint" in str(w.message) or "unknown response" in str(w.message)]
    assert not complaints
    if isinstance(converted, bytes):  # TURTLE and N3: SPARQLWrapper gives the bytes
        converted = Graph().parse(data=converted, format="turtle")
    assert isinstance(converted, Graph)
    assert len(converted) == expected["triples"]
    assert {(str(p), str(o)) for _, p, o in converted} == set(expected["rows"])


@pytest.mark.parametrize("accept", ["text/n3", "text/rdf+n3", "application/n3"])
def test_n3_media_types_get_turtle(endpoint, expected, accept):
    url = endpoint.sparql_url + "?" + urllib.parse.urlencode({"query": CONSTRUCT_ART})
    status, ctype, body = http(url, {"Accept": accept})
    assert (status, ctype) == (200, "text/turtle")
    assert len(Graph().parse(data=body, format="turtle")) == expected["triples"]
    url = endpoint.sparql_url + "?" + urllib.parse.urlencode({"query": CONSTRUCT_ART, "format": "n3"})
    assert http(url)[:2] == (200, "text/turtle")


@pytest.mark.parametrize("accept,rdflib_format", [("application/n-quads", "nquads"), ("application/trig", "trig")])
def test_graph_results_as_nquads_and_trig(endpoint, expected, accept, rdflib_format):
    url = endpoint.sparql_url + "?" + urllib.parse.urlencode({"query": CONSTRUCT_ART})
    status, ctype, body = http(url, {"Accept": accept})
    assert (status, ctype) == (200, accept)
    from rdflib import Dataset

    ds = Dataset()
    ds.parse(data=body, format=rdflib_format)
    assert len(ds.default_graph if hasattr(ds, "default_graph") else ds) == expected["triples"]


# -- the service description ------------------------------------------------------------------

@pytest.mark.parametrize("accept,media,rdflib_format", [
    ("text/turtle", "text/turtle", "turtle"),
    ("application/rdf+xml", "application/rdf+xml", "xml"),
    ("application/ld+json", "application/ld+json", "json-ld"),
    ("*/*", "text/turtle", "turtle"),
    (None, "text/turtle", "turtle"),
])
def test_service_description_in_three_rdf_formats(endpoint, release_dir, accept, media, rdflib_format):
    status, ctype, body = http(endpoint.sparql_url, {"Accept": accept} if accept else {})
    assert (status, ctype) == (200, media)
    sd = Graph().parse(data=body, format=rdflib_format)
    service = URIRef(endpoint.sparql_url)
    assert (service, RDF.type, SD.Service) in sd
    assert (service, SD.endpoint, service) in sd
    assert (service, SD.supportedLanguage, SD.SPARQL11Query) in sd
    formats = {str(o)[len(FORMATS_NS):] for o in sd.objects(service, SD.resultFormat)}
    assert {"SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
            "Turtle", "N3", "N-Triples", "JSON-LD", "RDF_XML", "N-Quads", "TriG"} <= formats
    dataset = sd.value(service, SD.defaultDataset)
    default = sd.value(dataset, SD.defaultGraph)
    n = sum(1 for line in (release_dir / "aiwork-kg.nt").read_text(encoding="utf-8").splitlines() if line.strip())
    assert int(sd.value(default, VOID.triples)) == n
    manifest = json.loads((release_dir / "MANIFEST.json").read_text(encoding="utf-8"))
    named = {str(sd.value(ng, SD.name)): int(sd.value(sd.value(ng, SD.graph), VOID.triples))
             for ng in sd.objects(dataset, SD.namedGraph)}
    assert named == manifest.get("graphs", {})
    if named:
        assert (service, SD.feature, SD.UnionDefaultGraph) in sd


def test_service_description_format_parameter_and_html(endpoint):
    for fmt, media in (("json-ld", "application/ld+json"), ("xml", "application/rdf+xml"), ("ttl", "text/turtle")):
        assert http(endpoint.sparql_url + "?format=" + fmt)[:2] == (200, media)
    assert http(endpoint.sparql_url + "?format=csv")[0] == 400
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    assert http(endpoint.sparql_url, {"Accept": browser})[:2] == (200, "text/html")
    assert http(endpoint.sparql_url, {"Accept": "image/png"})[0] == 406
