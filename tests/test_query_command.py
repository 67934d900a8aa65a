"""`aiwork-kg query` and `aiwork-kg queries`, end to end through the installed console script."""
from __future__ import annotations

import csv
import io
import json
import re
import socket
from pathlib import Path

import pyoxigraph as ox
import pytest

from aiwork_kg import sparql

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "queries"
ART_5_1_F = "https://w3id.org/aiwork/provision/eu/reg/2024/1689/art_5/par_1/pnt_f"


def _expected(name: str) -> dict:
    return json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))


def test_a_library_query_as_csv(cli, release_dir):
    res = cli("query", "questions-per-criterion", "--format", "csv", "--release", release_dir)
    assert res.exit_code == 0, res.stderr
    rows = list(csv.reader(io.StringIO(res.stdout)))
    expected = _expected("questions-per-criterion")["expected"]
    assert rows[0] == expected["head"]["vars"]
    assert len(rows) - 1 == len(expected["results"]["bindings"]) == 16
    # W3C CSV: IRIs and literal values bare, in the query's ORDER BY order
    numbers = [r[rows[0].index("number")] for r in rows[1:]]
    assert numbers == [str(n) for n in range(1, 17)]


@pytest.mark.parametrize("fmt", ["json", "xml", "tsv"])
def test_w3c_formats_parse_back(cli, release_dir, fmt):
    res = cli("query", "provision-side-by-side", "--format", fmt, "--release", release_dir)
    assert res.exit_code == 0, res.stderr
    parsed = ox.parse_query_results(res.stdout, format={
        "json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML,
        "tsv": ox.QueryResultsFormat.TSV}[fmt])
    rows = list(parsed)
    assert [v.value for v in parsed.variables] == ["provision", "citation", "english", "dutch", "quotedBy"]
    assert len(rows) == 1 and rows[0]["provision"] == ox.NamedNode(ART_5_1_F)
    assert rows[0]["dutch"].language == "nl" and rows[0]["english"].language == "en"


def test_a_table_for_people(cli, release_dir):
    res = cli("query", "units-per-source", "--release", release_dir)
    assert res.exit_code == 0, res.stderr
    lines = res.stdout.splitlines()
    assert lines[0].split(" | ")[0].strip() == "document"
    assert lines[-1].endswith("rows)")


def test_a_query_file(cli, release_dir, tmp_path):
    path = tmp_path / "count-provisions.rq"
    path.write_text("PREFIX aiw: <https://w3id.org/aiwork/ontology#>\n"
                    "SELECT (COUNT(?p) AS ?n) WHERE { ?p a aiw:Provision }\n", encoding="utf-8")
    res = cli("query", path, "--format", "json", "--release", release_dir)
    assert res.exit_code == 0, res.stderr
    n = int(json.loads(res.stdout)["results"]["bindings"][0]["n"]["value"])
    assert n == int(sparql.query("SELECT (COUNT(?p) AS ?n) WHERE { ?p a aiw:Provision }",
                                 release_dir=release_dir).rows[0][0])
    assert n >= 20


def test_a_sparql_string_with_project_prefixes(cli, release_dir):
    res = cli("query", f"ASK {{ <{ART_5_1_F}> a aiw:Provision ; eli:is_part_of ?paragraph }}",
              "--format", "json", "--release", release_dir)
    assert res.exit_code == 0, res.stderr
    assert json.loads(res.stdout) == {"head": {}, "boolean": True}


def test_a_construct_as_turtle(cli, release_dir):
    res = cli("query", "provision-graph", "--format", "turtle", "--release", release_dir)
    assert res.exit_code == 0, res.stderr
    from rdflib import Graph

    g = Graph().parse(data=res.stdout, format="turtle")
    assert len(g) == _expected("provision-graph")["expected"]["triples"]


def test_params_are_typed_by_the_header(cli, release_dir):
    before = cli("query", "applies-on-date", "--param", "date=2025-02-01", "--format", "json",
                 "--release", release_dir)
    after = cli("query", "applies-on-date", "--param", "date=2025-02-02", "--format", "json",
                "--release", release_dir)
    assert before.exit_code == 0 and after.exit_code == 0, before.stderr + after.stderr
    provisions = lambda out: {b["appliesTo"]["value"] for b in json.loads(out)["results"]["bindings"]}  # noqa: E731
    assert ART_5_1_F not in provisions(before.stdout)
    assert ART_5_1_F in provisions(after.stdout)


def test_a_bad_param_value_exits_2(cli, release_dir):
    res = cli("query", "applies-on-date", "--param", "date=next tuesday", "--release", release_dir)
    assert res.exit_code == 2
    assert "param date" in res.stderr and "expected a date" in res.stderr


def test_an_undeclared_param_exits_2(cli, release_dir):
    res = cli("query", "applies-on-date", "--param", "when=2025-01-01", "--release", release_dir)
    assert res.exit_code == 2 and "unknown param 'when'" in res.stderr and "date (date)" in res.stderr


def test_a_hostile_param_changes_nothing(cli, release_dir):
    hostile = cli("query", "units-containing-text", "--param", 'needle=x" } ; DROP ALL ; SELECT * { "',
                  "--format", "csv", "--release", release_dir)
    harmless = cli("query", "units-containing-text", "--param", "needle=no such words anywhere",
                   "--format", "csv", "--release", release_dir)
    assert hostile.exit_code == harmless.exit_code == 0, hostile.stderr
    assert hostile.stdout == harmless.stdout == "document,unit,lang\r\n"


def test_limit(cli, release_dir):
    res = cli("query", "questions-per-criterion", "--limit", "3", "--format", "csv", "--release", release_dir)
    assert res.exit_code == 0
    assert len(list(csv.reader(io.StringIO(res.stdout)))) == 4


def test_a_query_that_does_not_parse_exits_2_with_line_and_column(cli, release_dir):
    text = "SELECT ?s WHERE {\n  ?s ?p ?o .\n  FILTER(?s = )\n}"
    res = cli("query", text, "--release", release_dir)
    assert res.exit_code == 2
    m = re.search(r"^error: query:(\d+):(\d+): syntax error: expected ", res.stderr)
    assert m, res.stderr
    # Oxigraph reports where its parser stopped: at or just after the bad expression
    assert 3 <= int(m.group(1)) <= len(text.splitlines()) and int(m.group(2)) >= 1


def test_a_file_that_does_not_parse_names_the_file(cli, release_dir, tmp_path):
    path = tmp_path / "broken.rq"
    path.write_text("# a comment\nSELECT * WHERE {\n  ?s y:p ?o .\n}\n", encoding="utf-8")
    res = cli("query", path, "--release", release_dir)
    assert res.exit_code == 2
    assert f"{path}:3:6: undeclared prefix y:" in res.stderr


def test_an_unknown_name_exits_2_with_similar_names(cli, release_dir):
    res = cli("query", "units-discusing-art5", "--release", release_dir)
    assert res.exit_code == 2
    assert "no query named 'units-discusing-art5'" in res.stderr
    assert "units-discussing-art5-1-f" in res.stderr


def test_without_a_release_the_graph_is_assembled_in_memory(cli, release_dir, tmp_path):
    text = "SELECT (COUNT(?p) AS ?n) WHERE { ?p a aiw:Provision }"
    res = cli("query", text, "--format", "csv", cwd=tmp_path)        # no ./dist here
    assert res.exit_code == 0, res.stderr
    assert "no release in ./dist" in res.stderr
    released = cli("query", text, "--format", "csv", "--release", release_dir)
    assert res.stdout == released.stdout and int(res.stdout.split()[1]) >= 20


def test_a_missing_release_exits_2(cli, tmp_path):
    res = cli("query", "units-per-source", "--release", tmp_path / "nothing-here")
    assert res.exit_code == 2 and "no release found" in res.stderr


def test_the_federated_query_is_refused_on_the_embedded_store(cli, release_dir):
    res = cli("query", "federated-cellar-ai-act", "--release", release_dir)
    assert res.exit_code == 2
    assert "SERVICE" in res.stderr and "--endpoint" in res.stderr


def test_a_violation_query_with_rows_exits_1(cli, tmp_path):
    broken = tmp_path / "aiwork-kg.nt"
    broken.write_text(
        "<https://w3id.org/aiwork/doc/x/a> <http://purl.org/dc/terms/isPartOf> <https://w3id.org/aiwork/doc/x/b> .\n"
        "<https://w3id.org/aiwork/doc/x/b> <http://purl.org/dc/terms/isPartOf> <https://w3id.org/aiwork/doc/x/a> .\n",
        encoding="utf-8")
    res = cli("query", "part-of-cycle-violation", "--format", "csv", "--release", tmp_path)
    assert res.exit_code == 1
    assert res.stdout.splitlines()[1:] == ["https://w3id.org/aiwork/doc/x/a", "https://w3id.org/aiwork/doc/x/b"]
    assert "2 violation(s)" in res.stderr


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_an_unreachable_endpoint_exits_2(cli):
    res = cli("query", "SELECT * WHERE { ?s ?p ?o } LIMIT 1", "--endpoint",
              f"http://127.0.0.1:{_closed_port()}/query", "--timeout", "5")
    assert res.exit_code == 2 and "error:" in res.stderr


def test_an_endpoint_that_is_not_a_url_exits_2(cli):
    res = cli("query", "SELECT * WHERE { ?s ?p ?o } LIMIT 1", "--endpoint", "file:///etc/passwd")
    assert res.exit_code == 2 and "http" in res.stderr


@pytest.mark.server
def test_the_same_answer_from_a_real_endpoint(cli, release_dir, oxigraph_server):
    import urllib.parse
    import urllib.request

    graph = "urn:aiwork-kg:test:query-command"
    data = (release_dir / "aiwork-kg.nt").read_bytes()
    req = urllib.request.Request(f"{oxigraph_server}/store?graph={urllib.parse.quote(graph, safe='')}",
                                 data=data, method="PUT", headers={"Content-Type": "application/n-triples"})
    urllib.request.urlopen(req, timeout=60).read()
    # the endpoint's default graph is not ours: ask through a FROM clause on a copy of the query
    text = sparql.get("questions-per-criterion").text.replace("WHERE {", f"FROM <{graph}> WHERE {{", 1)
    remote = cli("query", text, "--param", "criterion=<https://w3id.org/aiwork/doc/nl-ap-dca-2024-02/criterion_2>",
                 "--endpoint", f"{oxigraph_server}/query", "--format", "json")
    local = cli("query", "questions-per-criterion", "--param",
                "criterion=<https://w3id.org/aiwork/doc/nl-ap-dca-2024-02/criterion_2>",
                "--release", release_dir, "--format", "json")
    assert remote.exit_code == local.exit_code == 0, remote.stderr + local.stderr
    assert json.loads(remote.stdout) == json.loads(local.stdout)
    assert len(json.loads(local.stdout)["results"]["bindings"]) == 4


# ----------------------------------------------------------------- queries

def test_queries_lists_the_whole_library_with_summaries(cli):
    res = cli("queries")
    assert res.exit_code == 0, res.stderr
    for q in sparql.library():
        assert any(line.startswith(q.name + " ") and q.summary in line for line in res.stdout.splitlines()), q.name
    assert f"({len(sparql.library())} queries)" in res.stdout


def test_queries_as_json_filtered_by_tag(cli):
    res = cli("queries", "--tag", "integrity", "--format", "json")
    assert res.exit_code == 0
    listed = json.loads(res.stdout)
    names = {q["name"] for q in listed}
    assert names == {q.name for q in sparql.library() if "integrity" in q.tags}
    assert all(n.endswith("-violation") for n in names) and len(names) >= 5
    assert all(q["summary"] and q["description"] and q["endpoint"] for q in listed)


def test_queries_with_an_unknown_tag_exits_2(cli):
    res = cli("queries", "--tag", "no-such-tag")
    assert res.exit_code == 2 and "integrity" in res.stderr


@pytest.mark.server
def test_comments_cannot_turn_a_query_into_an_update(cli, oxigraph_server):
    """SPARQLWrapper guesses the query form from the text; words in comments ("address",
    "insert", "drop") must not make it send the query as an update."""
    text = ("# the web address of each work; insert nothing, drop nothing\n"
            "#   load or clear? neither\n"
            "SELECT ?x WHERE { BIND(\"# not a comment\" AS ?x) }\n")
    res = cli("query", text, "--endpoint", f"{oxigraph_server}/query", "--format", "csv")
    assert res.exit_code == 0, res.stderr
    assert res.stdout.splitlines() == ["x", "# not a comment"]
