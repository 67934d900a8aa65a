"""`aiwork-kg serve`: the read-only SPARQL 1.1 Protocol endpoint and the validator over HTTP,
queried with SPARQLWrapper (and urllib where SPARQLWrapper hides the status)."""
from __future__ import annotations

import csv
import io
import json
import os
import signal
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF
from SPARQLWrapper import CSV, JSON, POST, POSTDIRECTLY, TSV, TURTLE, XML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

from aiwork_kg.server import serve
from aiwork_kg.server.serve import negotiate, start, SOLUTION_ALIASES
from aiwork_kg.sparql import lexer
from aiwork_kg.sparql.lexer import uses_service

ROOT = Path(__file__).resolve().parent.parent
ART_5_1_F = "https://w3id.org/aiwork/provision/eu/reg/2024/1689/art_5/par_1/pnt_f"
SELECT_ART = f"SELECT ?p ?o WHERE {{ <{ART_5_1_F}> ?p ?o }} ORDER BY ?p ?o"
CONSTRUCT_ART = f"CONSTRUCT {{ <{ART_5_1_F}> ?p ?o }} WHERE {{ <{ART_5_1_F}> ?p ?o }}"
# a cross join over the whole graph, aggregated: nothing comes out until it is done
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
TIMEOUT = 3.0


@pytest.fixture(scope="module")
def endpoint(release_dir):
    server = start("127.0.0.1", 0, release_dir=release_dir, timeout=TIMEOUT, processes=2)
    yield server
    server.stop()


@pytest.fixture(scope="module")
def embedded_rows(release_dir):
    """What the embedded store itself answers, to compare the endpoint's answers with."""
    from aiwork_kg.store import open_store

    store = open_store(release_dir)
    return [(s["p"].value, s["o"].value) for s in store.query(SELECT_ART)]


def client(url: str, query: str, fmt=JSON, method=None) -> SPARQLWrapper:
    sw = SPARQLWrapper(url)
    sw.setQuery(query)
    sw.setReturnFormat(fmt)
    if method == POSTDIRECTLY:
        sw.setMethod(POST)
        sw.setRequestMethod(POSTDIRECTLY)
    elif method == POST:
        sw.setMethod(POST)
    return sw


def http(url: str, *, data: bytes | None = None, headers: dict | None = None, method: str | None = None):
    req = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(req, timeout=60) as r:
            return r.status, r.headers.get_content_type(), r.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get_content_type(), exc.read()


def rows_from_json(data: dict) -> list[tuple[str, str]]:
    return [(b["p"]["value"], b["o"]["value"]) for b in data["results"]["bindings"]]


# -- SELECT, ASK, CONSTRUCT in every format, GET and POST -----------------------------------

@pytest.mark.parametrize("method", [None, POST, POSTDIRECTLY], ids=["GET", "POST-form", "POST-direct"])
def test_select_json_same_rows_as_embedded(endpoint, embedded_rows, method):
    rows = rows_from_json(client(endpoint.sparql_url, SELECT_ART, JSON, method).queryAndConvert())
    assert rows == embedded_rows
    assert (str(RDF.type), "https://w3id.org/aiwork/ontology#Provision") in rows


def test_select_xml(endpoint, embedded_rows):
    doc = client(endpoint.sparql_url, SELECT_ART, XML).queryAndConvert()  # xml.dom.minidom Document
    rows = []
    for result in doc.getElementsByTagName("result"):
        values = {b.getAttribute("name"): b.firstChild.firstChild.data if b.firstChild.firstChild else ""
                  for b in result.getElementsByTagName("binding")}
        rows.append((values["p"], values["o"]))
    assert rows == embedded_rows


@pytest.mark.parametrize("fmt, delimiter", [(CSV, ","), (TSV, "\t")])
def test_select_csv_and_tsv(endpoint, embedded_rows, fmt, delimiter):
    raw = client(endpoint.sparql_url, SELECT_ART, fmt).queryAndConvert()
    text = raw.decode("utf-8") if isinstance(raw, bytes) else raw
    table = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    assert len(table) == len(embedded_rows) + 1
    if fmt == CSV:
        assert table[0] == ["p", "o"]
        assert [tuple(r) for r in table[1:]] == embedded_rows
    else:  # TSV writes terms in Turtle syntax: <iri>, "literal"@lang
        assert table[0] == ["?p", "?o"]
        assert [r[0] for r in table[1:]] == [f"<{p}>" for p, _ in embedded_rows]


def test_ask(endpoint):
    assert client(endpoint.sparql_url, f"ASK {{ <{ART_5_1_F}> a ?c }}").queryAndConvert()["boolean"] is True
    assert client(endpoint.sparql_url, "ASK { <urn:x:nothing> ?p ?o }").queryAndConvert()["boolean"] is False


@pytest.mark.parametrize("method", [None, POST], ids=["GET", "POST"])
def test_construct_as_turtle(endpoint, embedded_rows, method):
    raw = client(endpoint.sparql_url, CONSTRUCT_ART, TURTLE, method).queryAndConvert()
    graph = Graph().parse(data=raw, format="turtle")
    assert len(graph) == len(set(embedded_rows))
    assert (URIRef(ART_5_1_F), RDF.type, URIRef("https://w3id.org/aiwork/ontology#Provision")) in graph


@pytest.mark.parametrize("accept, rdflib_format", [("application/n-triples", "nt"),
                                                   ("application/ld+json", "json-ld"),
                                                   ("application/rdf+xml", "xml")])
def test_construct_other_rdf_formats(endpoint, embedded_rows, accept, rdflib_format):
    url = endpoint.sparql_url + "?" + urllib.parse.urlencode({"query": CONSTRUCT_ART})
    status, ctype, body = http(url, headers={"Accept": accept})
    assert (status, ctype) == (200, accept)
    assert len(Graph().parse(data=body, format=rdflib_format)) == len(set(embedded_rows))


def test_content_negotiation_by_quality(endpoint):
    url = endpoint.sparql_url + "?" + urllib.parse.urlencode({"query": "SELECT * { ?s ?p ?o } LIMIT 1"})
    status, ctype, _ = http(url, headers={"Accept": "application/sparql-results+json;q=0.5, text/csv"})
    assert (status, ctype) == (200, "text/csv")
    status, ctype, _ = http(url, headers={"Accept": "text/html"})
    assert status == 406
    status, ctype, _ = http(url)  # no Accept: the default
    assert (status, ctype) == (200, "application/sparql-results+json")
    ask_url = endpoint.sparql_url + "?" + urllib.parse.urlencode({"query": "ASK {}"})
    assert http(ask_url, headers={"Accept": "text/turtle"})[0] == 406


def test_negotiate_ranks_by_quality_then_server_order():
    assert negotiate(None, SOLUTION_ALIASES)[0] == "application/sparql-results+json"
    assert negotiate("text/*;q=0.4, application/xml", SOLUTION_ALIASES) == [
        "application/sparql-results+xml", "text/csv", "text/tab-separated-values"]
    assert negotiate("image/png", SOLUTION_ALIASES) == []


# -- refused: updates, federated queries, malformed queries, slow queries --------------------

def test_update_refused_with_403(endpoint, release_dir):
    insert = "INSERT DATA { <urn:x:a> <urn:x:b> <urn:x:c> }"
    sw = SPARQLWrapper(endpoint.sparql_url)  # SPARQLWrapper sends it as update=… (form)
    sw.setMethod(POST)
    sw.setQuery(insert)
    with pytest.raises(urllib.error.HTTPError) as info:
        sw.query()
    assert info.value.code == 403
    status, _, body = http(endpoint.sparql_url, data=insert.encode(),
                           headers={"Content-Type": "application/sparql-update"})
    assert status == 403 and b"read-only" in body
    # nothing was inserted
    assert client(endpoint.sparql_url, "ASK { <urn:x:a> ?p ?o }").queryAndConvert()["boolean"] is False


def test_federated_query_refused(endpoint):
    status, _, body = http(endpoint.sparql_url + "?" + urllib.parse.urlencode(
        {"query": "SELECT * WHERE { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }"}))
    assert status == 403 and b"SERVICE" in body


def test_uses_service_ignores_strings_iris_and_comments():
    assert uses_service("SELECT * { service <http://x/> { ?s ?p ?o } }")
    assert not uses_service('SELECT * { ?s ?p "SERVICE" } # SERVICE')
    assert not uses_service("SELECT ?service { <http://x/SERVICE> ex:SERVICE ?service }")


# Queries that hide the word SERVICE in comments, strings and IRIs, or hide a real SERVICE
# behind a comment or a string that looks like one (a port nothing listens on: never reached)
FAR = "<http://127.0.0.1:9/sparql>"
SERVICE_CASES = [
    ("ASK { ?s ?p ?o } # SERVICE " + FAR + " { }", False),
    ('ASK { ?s ?p "SERVICE ' + FAR + ' { ?s ?p ?o }" }', False),
    ('ASK { ?s ?p """a " SERVICE\n""" }', False),
    ('ASK { ?s ?p "\\" SERVICE" }', False),
    ("ASK { ?service <http://example.org/SERVICE> ?o }", False),
    ('# a comment with a quote " and an IRI <\nASK { SERVICE ' + FAR + " { ?s ?p ?o } }", True),
    ("ASK { ?s ?p 'x' . service " + FAR + " { ?s ?p ?o } }", True),
    ("ASK { SERVICE SILENT " + FAR + " { ?s ?p \"\"\"# not a comment\"\"\" } }", True),
]


def test_the_server_checks_service_with_the_lexer():
    """One check of SERVICE: the endpoint uses the lexer's function, not a copy of its own."""
    assert serve.uses_service is lexer.uses_service


@pytest.mark.parametrize("query, federated", SERVICE_CASES)
def test_the_server_and_the_query_command_refuse_the_same_service_queries(endpoint, cli, release_dir,
                                                                          query, federated):
    assert uses_service(query) is federated
    status, _, body = http(endpoint.sparql_url + "?" + urllib.parse.urlencode({"query": query}))
    res = cli("query", query, "--release", release_dir, "--format", "csv")
    if federated:
        assert status == 403 and b"SERVICE" in body
        assert res.exit_code == 2 and "uses SERVICE" in res.stderr and "--endpoint" in res.stderr
    else:
        assert status == 200, body
        assert res.exit_code == 0, res.stderr
        assert json.loads(body)["boolean"] == (res.stdout.strip() == "true")


def test_malformed_query_400_with_the_parser_message(endpoint):
    with pytest.raises(QueryBadFormed) as info:
        client(endpoint.sparql_url, "SELECT ?x WHERE { ?x ?y }").queryAndConvert()
    assert "malformed query" in str(info.value) and "1:" in str(info.value)


def test_slow_query_stopped_at_the_time_limit(endpoint):
    start_time = time.monotonic()
    status, _, body = http(endpoint.sparql_url + "?" + urllib.parse.urlencode({"query": SLOW}))
    elapsed = time.monotonic() - start_time
    assert status == 503 and b"time limit" in body
    assert TIMEOUT <= elapsed < TIMEOUT + 10
    # the endpoint still answers (the worker was replaced)
    assert client(endpoint.sparql_url, "ASK { ?s ?p ?o }").queryAndConvert()["boolean"] is True


def test_slow_query_does_not_block_the_other_worker(endpoint):
    import threading

    slow_status = []
    slow = threading.Thread(target=lambda: slow_status.append(
        http(endpoint.sparql_url + "?" + urllib.parse.urlencode({"query": SLOW}))[0]))
    slow.start()
    time.sleep(0.5)
    assert client(endpoint.sparql_url, f"ASK {{ <{ART_5_1_F}> ?p ?o }}").queryAndConvert()["boolean"] is True
    assert slow.is_alive()  # the fast answer came while the slow query was still running
    slow.join(TIMEOUT + 10)
    assert slow_status == [503]


def test_protocol_errors(endpoint):
    assert http(endpoint.sparql_url, data=b"SELECT * {}", headers={"Content-Type": "text/plain"})[0] == 415
    assert http(endpoint.sparql_url, method="PUT", data=b"x")[0] == 405
    two = urllib.parse.urlencode([("query", "ASK {}"), ("query", "ASK {}")])
    assert http(endpoint.sparql_url + "?" + two)[0] == 400
    bad_graph = urllib.parse.urlencode({"query": "ASK {}", "default-graph-uri": "not an iri"})
    assert http(endpoint.sparql_url + "?" + bad_graph)[0] == 400
    assert http(endpoint.url + "/nothing-here")[0] == 404


def test_dataset_parameters(endpoint):
    """default-graph-uri replaces the default graph: the release is in the store's default graph,
    so naming another graph leaves the query nothing to match."""
    q = f"ASK {{ <{ART_5_1_F}> ?p ?o }}"
    url = endpoint.sparql_url + "?" + urllib.parse.urlencode({"query": q, "default-graph-uri": "urn:x:empty"})
    assert json.loads(http(url)[2])["boolean"] is False
    url = endpoint.sparql_url + "?" + urllib.parse.urlencode({"query": q})
    assert json.loads(http(url)[2])["boolean"] is True


def test_service_description(endpoint, release_dir):
    status, ctype, body = http(endpoint.sparql_url, headers={"Accept": "text/turtle"})
    assert (status, ctype) == (200, "text/turtle")
    sd = Graph().parse(data=body, format="turtle")
    SD = "http://www.w3.org/ns/sparql-service-description#"
    assert (URIRef(endpoint.sparql_url), URIRef(SD + "endpoint"), URIRef(endpoint.sparql_url)) in sd
    dataset = sd.value(URIRef(endpoint.sparql_url), URIRef(SD + "defaultDataset"))
    default = sd.value(dataset, URIRef(SD + "defaultGraph"))
    triples = [int(o) for o in sd.objects(default, URIRef("http://rdfs.org/ns/void#triples"))]
    n = sum(1 for line in (release_dir / "aiwork-kg.nt").read_text(encoding="utf-8").splitlines() if line.strip())
    assert triples == [n]
    status, ctype, _ = http(endpoint.sparql_url, headers={"Accept": "text/html"})
    assert (status, ctype) == (200, "text/html")


# -- the validator over HTTP ----------------------------------------------------------------

def _manifest_row(file_name: str, reading: str = "act-text") -> dict:
    with open(ROOT / "examples" / "manifest.csv", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if row["file"] == file_name and reading in row["readings"].split():
                return row
    raise AssertionError(f"{file_name} has no expected verdict for {reading} in examples/manifest.csv")


def test_validate_turtle_description_gives_the_json_verdict(endpoint):
    """POST an example description: the same verdicts as the validator called directly, and the
    verdict examples/manifest.csv expects."""
    example = ROOT / "examples" / "call-centre-agents-anger.ttl"
    status, ctype, body = http(endpoint.validate_url, data=example.read_bytes(),
                               headers={"Content-Type": "text/turtle"})
    assert status == 200, body.decode("utf-8", "replace")
    assert ctype == "application/json"
    answer = json.loads(body)
    from aiwork_kg import validate

    direct = validate([example], reading="act-text", lang="en").to_dict()
    assert answer["exit_code"] == direct["exit_code"] == 1
    assert [r["source"] for r in answer["results"]] == ["request.ttl"]

    def without_source(results):
        return [{k: v for k, v in r.items() if k != "source"} for r in results]

    assert without_source(answer["results"]) == without_source(direct["results"])
    row = _manifest_row(example.name)
    assert [(r["system"], r["verdict"]) for r in answer["results"]] == [(row["system"], row["verdict"])]


def test_validate_fast_and_reference_engines_agree(endpoint):
    """The server validates with the fast path by default; ?engine=reference runs pySHACL and
    gives the same verdicts and explanations; an unknown engine is a 400."""
    from aiwork_kg.validator.fast import comparable_dict

    example = ROOT / "examples" / "warehouse-gait-two-systems.nt"
    answers = {}
    for engine in ("", "?engine=fast", "?engine=reference"):
        status, _ctype, body = http(endpoint.validate_url + engine, data=example.read_bytes(),
                                    headers={"Content-Type": "application/n-triples"})
        assert status == 200, body.decode("utf-8", "replace")
        answers[engine] = [comparable_dict(r) for r in json.loads(body)["results"]]
    assert len(answers[""]) == 2
    assert answers[""] == answers["?engine=fast"] == answers["?engine=reference"]
    status, _ctype, body = http(endpoint.validate_url + "?engine=nope", data=example.read_bytes(),
                                headers={"Content-Type": "application/n-triples"})
    assert status == 400 and "unknown validation engine" in body.decode()


@pytest.mark.parametrize("example, content_type", [
    ("call-centre-customers-voice.ttl", "text/turtle"),
    ("factory-stress-monitor-safety.ttl", "text/turtle"),
    ("probation-period-voice-analysis.jsonld", "application/ld+json"),
    ("teacher-voice-stress-coaching.rdf", "application/rdf+xml"),
    ("warehouse-gait-two-systems.nt", "application/n-triples"),
])
def test_validate_every_body_type_and_reading(endpoint, example, content_type):
    """Each body type gives the verdicts of examples/manifest.csv, under each reading it lists."""
    data = (ROOT / "examples" / example).read_bytes()
    with open(ROOT / "examples" / "manifest.csv", encoding="utf-8", newline="") as fh:
        rows = [r for r in csv.DictReader(fh) if r["file"] == example and not r["as_of"]]
    assert rows, f"{example}: no rows in examples/manifest.csv"
    for reading in sorted({rd for r in rows for rd in r["readings"].split()}):
        expected = sorted((r["system"], r["verdict"]) for r in rows if reading in r["readings"].split())
        status, _, body = http(endpoint.validate_url + "?reading=" + reading, data=data,
                               headers={"Content-Type": content_type})
        assert status == 200, body.decode("utf-8", "replace")
        answer = json.loads(body)
        assert answer["reading"] == reading
        assert sorted((r["system"], r["verdict"]) for r in answer["results"]) == expected, reading


def test_validate_turtle_output_and_language(endpoint):
    example = ROOT / "examples" / "call-centre-agents-anger.ttl"
    status, ctype, body = http(endpoint.validate_url + "?lang=da", data=example.read_bytes(),
                               headers={"Content-Type": "text/turtle", "Accept": "text/turtle"})
    assert (status, ctype) == (200, "text/turtle"), body.decode("utf-8", "replace")
    graph = Graph().parse(data=body, format="turtle")
    assert len(graph) > 0
    assert any(isinstance(o, Literal) and o.language == "da" for o in graph.objects())


def test_validate_broken_input_is_400_with_the_line(endpoint):
    broken = b'@prefix ex: <https://example.org/> .\nex:a ex:b ex:c .\nex:d ex:e "unterminated .\n\nex:x ex:y ex:z .\n'
    status, ctype, body = http(endpoint.validate_url, data=broken, headers={"Content-Type": "text/turtle"})
    assert (status, ctype) == (400, "application/json")
    answer = json.loads(body)
    assert answer["exit_code"] == 2 and answer["results"] == []
    [error] = answer["errors"]
    assert error["source"] == "request.ttl" and error["line"] == 3, error
    assert http(endpoint.validate_url, data=b"x", headers={"Content-Type": "text/plain"})[0] == 415
    assert http(endpoint.validate_url + "?as_of=yesterday", data=b"",
                headers={"Content-Type": "text/turtle"})[0] == 400
    assert http(endpoint.validate_url + "?lang=de", data=b"",
                headers={"Content-Type": "text/turtle"})[0] == 400
    assert http(endpoint.validate_url + "?reading=nonsense", data=(ROOT / "examples" /
                "call-centre-agents-anger.ttl").read_bytes(), headers={"Content-Type": "text/turtle"})[0] == 400
    assert http(endpoint.validate_url)[0] == 405


# -- the command line ------------------------------------------------------------------------

def _entry_point() -> list[str]:
    import shutil
    import sys

    exe = Path(sys.executable).with_name("aiwork-kg")
    return [str(exe)] if exe.exists() else [shutil.which("aiwork-kg") or "aiwork-kg"]


def test_cli_serve_answers_and_stops_on_sigterm(release_dir):
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(_entry_point() + ["serve", "--port", str(port), "--release", str(release_dir),
                                              "--timeout", "5", "--workers", "1"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env={**os.environ})
    url = f"http://127.0.0.1:{port}/sparql"
    try:
        deadline = time.time() + 120
        while True:
            try:
                answer = client(url, f"ASK {{ <{ART_5_1_F}> ?p ?o }}").queryAndConvert()
                break
            except Exception:
                if proc.poll() is not None or time.time() > deadline:
                    raise AssertionError("serve did not start: " + proc.stderr.read().decode()[-800:])
                time.sleep(0.3)
        assert answer["boolean"] is True
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            code = proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            raise
    assert code == 0
    assert url in proc.stderr.read().decode()


def test_cli_serve_without_release_exits_2(cli, tmp_path):
    res = cli("serve", "--port", "0", "--release", tmp_path / "none", timeout=120)
    assert res.exit_code == 2
    assert "none" in res.stderr and "no release" in res.stderr


def test_project_prefixes_are_predeclared(endpoint):
    rows = client(endpoint.sparql_url, f"SELECT ?c WHERE {{ <{ART_5_1_F}> a ?c FILTER(?c = aiw:Provision) }}"
                  ).queryAndConvert()["results"]["bindings"]
    assert [r["c"]["value"] for r in rows] == ["https://w3id.org/aiwork/ontology#Provision"]
