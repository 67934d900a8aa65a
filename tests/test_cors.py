"""CORS on /sparql and /validate: browser clients on another origin (YASGUI, Comunica) can query
the endpoint; preflights get 204 with the Access-Control-* headers; updates stay refused."""
from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request

import pytest

from aiwork_kg.server.cors import ALLOWED_HEADERS, MAX_AGE
from aiwork_kg.server.serve import start

ORIGIN = "http://yasgui.example.org"
ASK = "ASK { ?s ?p ?o }"


@pytest.fixture(scope="module")
def server(release_dir):
    running = start("127.0.0.1", 0, release_dir=release_dir, timeout=10, processes=1)
    yield running
    running.stop()


def http(url: str, *, method: str = "GET", data: bytes | None = None, headers: dict | None = None):
    req = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(req, timeout=60) as r:
            return r.status, r.headers, r.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers, exc.read()


def preflight(url: str, method: str, headers: str | None = None):
    h = {"Origin": ORIGIN, "Access-Control-Request-Method": method}
    if headers:
        h["Access-Control-Request-Headers"] = headers
    return http(url, method="OPTIONS", headers=h)


@pytest.mark.parametrize("method,request_headers", [
    ("GET", "accept"),
    ("POST", "content-type"),               # application/sparql-query is not a simple type
    ("POST", "accept, content-type"),
])
def test_sparql_preflight_is_204_with_the_allowed_methods_and_headers(server, method, request_headers):
    status, headers, body = preflight(server.sparql_url, method, request_headers)
    assert status == 204 and body == b""
    assert headers["Access-Control-Allow-Origin"] == "*"
    allowed_methods = {m.strip() for m in headers["Access-Control-Allow-Methods"].split(",")}
    assert {"GET", "POST", "OPTIONS"} <= allowed_methods
    allowed_headers = {h.strip().lower() for h in headers["Access-Control-Allow-Headers"].split(",")}
    assert {h.strip() for h in request_headers.split(",")} <= allowed_headers
    assert headers["Access-Control-Max-Age"] == str(MAX_AGE)
    assert "Content-Type" in ALLOWED_HEADERS


def test_plain_options_lists_the_methods(server):
    status, headers, _ = http(server.sparql_url, method="OPTIONS")
    assert status == 204
    assert headers["Allow"] == "GET, POST, OPTIONS"
    status, headers, _ = http(server.validate_url, method="OPTIONS")
    assert status == 204
    assert "POST" in headers["Allow"] and "OPTIONS" in headers["Allow"]


@pytest.mark.parametrize("how", ["GET", "POST-form", "POST-direct"])
def test_cross_origin_queries_are_readable(server, how):
    headers = {"Origin": ORIGIN, "Accept": "application/sparql-results+json"}
    if how == "GET":
        status, h, body = http(server.sparql_url + "?" + urllib.parse.urlencode({"query": ASK}), headers=headers)
    elif how == "POST-form":
        status, h, body = http(server.sparql_url, method="POST", data=urllib.parse.urlencode({"query": ASK}).encode(),
                               headers={**headers, "Content-Type": "application/x-www-form-urlencoded"})
    else:
        status, h, body = http(server.sparql_url, method="POST", data=ASK.encode(),
                               headers={**headers, "Content-Type": "application/sparql-query"})
    assert status == 200 and json.loads(body)["boolean"] is True
    assert h["Access-Control-Allow-Origin"] == "*"
    assert "X-Query-Seconds" in h["Access-Control-Expose-Headers"]


def test_errors_are_readable_cross_origin_too(server):
    """A client on another origin must be able to read why its query failed."""
    status, h, body = http(server.sparql_url + "?" + urllib.parse.urlencode({"query": "SELECT WHERE {"}),
                           headers={"Origin": ORIGIN})
    assert status == 400 and b"malformed query" in body
    assert h["Access-Control-Allow-Origin"] == "*"


def test_updates_stay_refused_after_a_preflight(server):
    insert = "INSERT DATA { <urn:x:a> <urn:x:b> <urn:x:c> }"
    assert preflight(server.sparql_url, "POST", "content-type")[0] == 204
    status, h, body = http(server.sparql_url, method="POST", data=insert.encode(),
                           headers={"Origin": ORIGIN, "Content-Type": "application/sparql-update"})
    assert status == 403 and b"read-only" in body
    assert h["Access-Control-Allow-Origin"] == "*"
    form = urllib.parse.urlencode({"update": insert}).encode()
    status, _, _ = http(server.sparql_url, method="POST", data=form,
                        headers={"Origin": ORIGIN, "Content-Type": "application/x-www-form-urlencoded"})
    assert status == 403
    status, _, body = http(server.sparql_url + "?" + urllib.parse.urlencode({"query": "ASK { <urn:x:a> ?p ?o }"}),
                           headers={"Accept": "application/sparql-results+json"})
    assert json.loads(body)["boolean"] is False
    # other methods are still 405, and say which ones are allowed
    status, h, _ = http(server.sparql_url, method="PUT", data=b"x", headers={"Origin": ORIGIN})
    assert status == 405 and h["Allow"] == "GET, POST, OPTIONS"


def test_validate_api_cross_origin(server):
    assert preflight(server.validate_url, "POST", "content-type")[0] == 204
    body = b"""@prefix aiw: <https://w3id.org/aiwork/ontology#> .
<https://example.org/s> a aiw:NonAISystem ."""
    status, h, answer = http(server.validate_url, method="POST", data=body,
                             headers={"Origin": ORIGIN, "Content-Type": "text/turtle",
                                      "Accept": "application/json"})
    assert status == 200 and json.loads(answer)["results"][0]["verdict"] == "not-prohibited"
    assert h["Access-Control-Allow-Origin"] == "*"


def test_other_routes_do_not_advertise_cors(server):
    status, h, _ = http(server.url + "/health", headers={"Origin": ORIGIN})
    assert status == 200 and "Access-Control-Allow-Origin" not in h
