"""The query page (/query) over HTTP: the library with its parameter forms, the free editor, results
as a labelled table, downloads that equal `aiwork-kg query --format`, errors as pages, never a 500."""
from __future__ import annotations

import csv
import io
import json
import re
import urllib.error
import urllib.parse
import urllib.request
from html.parser import HTMLParser

import pytest
from rdflib import Graph

from aiwork_kg.server.serve import start
from aiwork_kg.sparql import library, query

TIMEOUT = 3.0
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


@pytest.fixture(scope="module")
def server(release_dir):
    running = start("127.0.0.1", 0, release_dir=release_dir, timeout=TIMEOUT, processes=2)
    yield running
    running.stop()


def get(url: str, *, data: bytes | None = None, headers: dict | None = None, method: str | None = None):
    req = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(req, timeout=60) as r:
            return r.status, r.headers, r.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers, exc.read().decode("utf-8")


def page_url(server, **fields) -> str:
    return server.url + "/query?" + urllib.parse.urlencode(fields)


class Links(HTMLParser):
    """The links of a page's results table: (href, text) of each <a> inside table.results."""

    def __init__(self):
        super().__init__()
        self.in_results = False
        self.href: str | None = None
        self.text = ""
        self.links: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "table" and "results" in (a.get("class") or ""):
            self.in_results = True
        if self.in_results and tag == "a":
            self.href, self.text = a.get("href"), ""

    def handle_data(self, data):
        if self.href is not None:
            self.text += data

    def handle_endtag(self, tag):
        if tag == "a" and self.href is not None:
            self.links.append((self.href, self.text.strip()))
            self.href = None
        if tag == "table":
            self.in_results = False


def result_links(html: str) -> list[tuple[str, str]]:
    parser = Links()
    parser.feed(html)
    return parser.links


def test_the_page_lists_every_library_query_and_the_time_limit(server):
    status, headers, html = get(server.url + "/query")
    assert status == 200 and headers.get_content_type() == "text/html"
    for entry in library():
        assert f"/query?name={entry.name}" in html, entry.name
    assert f"stops after {TIMEOUT:g} seconds" in html
    assert 'data-sparql-editor' in html and "/static/query-editor.js" in html
    assert get(server.url + "/static/query-editor.js")[0] == 200


def test_a_library_query_shows_its_description_and_parameter_form(server):
    status, _, html = get(page_url(server, name="applies-on-date"))
    assert status == 200
    assert "What applies on a given date" in html
    assert 'type="date"' in html and 'name="date"' in html and 'value="2025-02-02"' in html
    assert 'id="results"' not in html  # shown, not run, until the form is sent


def test_a_library_query_with_a_parameter_gives_the_rows_of_the_api(server):
    status, _, html = get(page_url(server, name="applies-on-date", date="2025-07-01", run="1"))
    assert status == 200
    expected = query("applies-on-date", params={"date": "2025-07-01"})
    assert f"{len(expected.rows)} rows" in html
    hrefs = {href for href, _ in result_links(html)}
    for row in expected.rows:
        iri = str(row[0])
        local = "/" + iri[len("https://w3id.org/aiwork/"):] if iri.startswith("https://w3id.org/aiwork/") else iri
        assert local in hrefs, iri  # project IRIs link to their page on this server


def test_csv_download_equals_the_command_line(server, cli, release_dir):
    status, headers, body = get(page_url(server, name="applies-on-date", date="2025-07-01", format="csv"))
    assert status == 200 and headers.get_content_type() == "text/csv"
    assert 'attachment; filename="applies-on-date.csv"' == headers["Content-Disposition"]
    run = cli("query", "applies-on-date", "--param", "date=2025-07-01", "--format", "csv",
              "--release", str(release_dir))
    assert run.exit_code == 0, run.stderr
    assert body.replace("\r\n", "\n") == run.stdout.replace("\r\n", "\n")
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[0] == ["appliesTo", "appliesFrom", "label"] and len(rows) > 1


@pytest.mark.parametrize("fmt,media", [("tsv", "text/tab-separated-values"),
                                       ("json", "application/sparql-results+json"),
                                       ("xml", "application/sparql-results+xml")])
def test_other_solution_downloads(server, fmt, media):
    status, headers, body = get(page_url(server, name="applies-on-date", date="2025-07-01", format=fmt))
    assert status == 200 and headers.get_content_type() == media
    expected = query("applies-on-date", params={"date": "2025-07-01"}).serialize(fmt)
    assert body.replace("\r\n", "\n") == expected.replace("\r\n", "\n")
    if fmt == "json":
        assert json.loads(body)["head"]["vars"] == ["appliesTo", "appliesFrom", "label"]


@pytest.mark.parametrize("fmt,rdflib_format,media", [("turtle", "turtle", "text/turtle"),
                                                     ("jsonld", "json-ld", "application/ld+json")])
def test_construct_results_download_as_turtle_and_json_ld(server, fmt, rdflib_format, media):
    status, headers, body = get(page_url(server, name="provision-graph", format=fmt))
    assert status == 200 and headers.get_content_type() == media
    got = Graph().parse(data=body, format=rdflib_format)
    expected = query("provision-graph").graph
    assert len(got) == len(expected) > 0
    assert got.isomorphic(expected)


def test_construct_shows_its_triples_and_offers_no_csv(server):
    status, _, html = get(page_url(server, name="provision-graph", run="1"))
    assert status == 200 and "triples in" in html and "format=turtle" in html and "format=jsonld" in html
    assert get(page_url(server, name="provision-graph", format="csv"))[0] == 400


def test_ask_answer(server):
    status, _, html = get(page_url(server, name="provision-discussed-in-all-languages", run="1", lang="nl"))
    assert status == 200 and 'id="ask-answer"' in html and "Ja:" in html


def test_a_free_query_with_labels_in_the_chosen_language(server):
    q = "SELECT ?x WHERE { VALUES ?x { aiw:anger } }"
    for lang, label in (("en", "anger"), ("da", "vrede"), ("nl", "woede")):
        status, headers, html = get(page_url(server, query=q, lang=lang))
        assert status == 200 and '<html lang="%s">' % lang in html
        assert ("/ontology#anger" if lang == "en" else f"/ontology#anger", label) in [
            (h.split("?")[0], t) for h, t in result_links(html)]
    # the query is in the page address, and so in the share link
    assert "id=\"share-link\"" in html and "query=SELECT" in html


def test_parameters_are_bound_as_values_never_pasted(server):
    """A value that tries to break out of its string stays one literal: nothing matches it."""
    hostile = '"} UNION { ?unit ?p ?text } #'
    status, _, html = get(page_url(server, name="units-containing-text", needle=hostile, run="1"))
    assert status == 200
    assert "0 rows" in html and "No rows" in html


def test_errors_are_pages_with_the_line_and_never_500(server):
    status, _, html = get(page_url(server, query="SELECT * WHERE {\n  ?s ?p \n}"))
    assert status == 400 and 'role="alert"' in html
    assert re.search(r"Line 3, column \d+", html)
    status, _, html = get(page_url(server, name="applies-on-date", date="not-a-date", run="1"))
    assert status == 400 and "expected a date YYYY-MM-DD" in html
    status, _, html = get(page_url(server, name="no-such-query"))
    assert status == 404 and "No query named no-such-query" in html
    status, _, html = get(page_url(server, query="SELECT * WHERE { SERVICE <http://example.org/s> { ?s ?p ?o } }"))
    assert status == 403 and "SERVICE" in html
    status, _, html = get(page_url(server, query="   "))
    assert status == 400 and "empty" in html
    status, _, html = get(page_url(server, name="applies-on-date", format="pdf"))
    assert status == 400 and "not a download format" in html


def test_a_query_over_the_time_limit_is_stopped_with_a_clear_message(server):
    status, _, html = get(page_url(server, query=SLOW))
    assert status == 503
    assert f"ran over the time limit of {TIMEOUT:g} seconds and was stopped" in html
    # the server still answers
    assert get(page_url(server, name="units-per-source", run="1"))[0] == 200


def test_long_queries_can_be_posted(server):
    q = "SELECT ?x WHERE { VALUES ?x { aiw:anger } }" + "\n# padding" * 2000
    data = urllib.parse.urlencode({"query": q}).encode()
    status, _, html = get(server.url + "/query", data=data,
                          headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 200 and "1 rows" in html


def test_head_and_every_language(server):
    assert get(server.url + "/query", method="HEAD")[0] == 200
    for lang, word in (("da", "Forespørgsler"), ("nl", "Zoekvragen")):
        status, headers, html = get(server.url + f"/query?lang={lang}")
        assert status == 200 and word in html and headers["Content-Language"] == lang


def test_every_string_of_the_forms_has_every_language():
    from aiwork_kg.languages import LANGUAGES
    from aiwork_kg.web.forms_messages import FORMS_MESSAGES

    assert [(k, lang) for k, e in FORMS_MESSAGES.items() for lang in LANGUAGES if not e.get(lang)] == []


def test_what_the_user_sends_is_escaped(server):
    attack = '<script>alert(1)</script>'
    status, _, html = get(page_url(server, name="units-containing-text", needle=attack, run="1"))
    assert status == 200 and attack not in html and "&lt;script&gt;" in html
    status, _, html = get(page_url(server, query=f"SELECT * WHERE {{ ?s ?p \"{attack}\" }}"))
    assert status == 200 and attack not in html
    status, _, html = get(page_url(server, name=attack))
    assert status == 404 and attack not in html
