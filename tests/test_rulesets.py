"""Rule sets as data (shapes/*/ruleset.ttl), the dk-order rule set against its examples, and one
description checked against every rule set that applies (issue 13)."""
from __future__ import annotations

import csv
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from aiwork_kg.namespaces import AIW, SH
from aiwork_kg.validator import list_rule_sets, validate
from aiwork_kg.validator.rulesets import get_rule_set
from aiwork_kg.validator.shapes import shared_shapes_graph

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "dk-order"
MANIFEST = list(csv.DictReader((EXAMPLES / "manifest.csv").open(encoding="utf-8")))
TOY = ROOT / "tests" / "fixtures" / "rulesets"
KIND = {True: "complies", False: "does-not-comply", None: "not-stated"}


def cli(*args, env=None):
    return subprocess.run([sys.executable, "-m", "aiwork_kg", *args], capture_output=True, text=True,
                          cwd=ROOT, env={**os.environ, **(env or {})}, timeout=300)


@pytest.fixture(scope="module")
def run():
    files = sorted({r["file"] for r in MANIFEST})
    return validate([str(EXAMPLES / f) for f in files], keep_reports=True)


def test_rule_sets_are_listed_with_labels_in_three_languages():
    sets = {r["id"]: r for r in list_rule_sets("da")}
    assert {"art5-1-f", "dk-order"} <= set(sets)
    for r in sets.values():
        assert set(r["labels"]) >= {"en", "da", "nl"}
    assert sets["dk-order"]["label"].startswith("Bekendtgørelse")
    assert "complies" in sets["dk-order"]["verdicts"] and "prohibited" in sets["art5-1-f"]["verdicts"]


def test_at_least_twenty_examples_turtle_and_json_ld():
    files = {r["file"] for r in MANIFEST if r["rule_set"] == "dk-order"}
    assert len(files) >= 20
    assert any(f.endswith(".jsonld") for f in files) and any(f.endswith(".ttl") for f in files)
    kinds = {item.split("=")[1] for r in MANIFEST for item in r["sections"].split(";") if item}
    assert {"complies", "does-not-comply", "not-stated", "outside", "reported"} <= kinds
    assert {r["expected"] for r in MANIFEST} >= {"complies", "does-not-comply", "insufficient-information",
                                                 "outside-order"}
    for r in MANIFEST:
        assert re.search(r"§|Art\.", r["justification"]), r


@pytest.mark.parametrize("row", MANIFEST, ids=lambda r: f"{r['file']}:{r['rule_set']}")
def test_example_gives_its_expected_result_per_section(run, row):
    assert not run.errors
    got = {(Path(r.source).name, r.system, r.rule_set): r for r in run.results}
    r = got[(row["file"], row["system"], row["rule_set"])]
    assert r.verdict == row["expected"], (r.verdict, r.missing, r.reasons)
    steps = {s.condition: s for s in r.steps}
    for item in filter(None, row["sections"].split(";")):
        key, want = item.split("=")
        step = steps.get(key)
        assert step is not None, key
        kind = "reported" if not step.decisive else KIND[step.holds]
        assert kind == ("does-not-comply" if want == "outside" else want), (key, step.text)
        if want == "not-stated":
            assert step.text.startswith("Not stated")
        if want == "outside":
            assert step.text.startswith("Outside the order")


def test_each_dk_order_shape_reports_on_one_example_and_not_on_another(run):
    shapes = {s for s in shared_shapes_graph("dk-order").subjects(RDF.type, SH.NodeShape)}
    fired: dict = {s: set() for s in shapes}
    for report in run.report_graphs:
        for res in report.subjects(RDF.type, SH.ValidationResult):
            shape = report.value(res, SH.sourceShape)
            if shape in fired:
                fired[shape].add(report.value(res, SH.focusNode))
    systems = {URIRef(r.system) for r in run.results if r.rule_set == "dk-order"}
    for shape, focus in fired.items():
        assert focus & systems, f"{shape}: no example makes it report (failing fixture missing)"
        assert systems - focus, f"{shape}: reports on every example (passing fixture missing)"


def test_dk_order_shapes_cite_units_that_resolve_and_speak_three_languages():
    from aiwork_kg.build import assemble_graph

    data = assemble_graph()
    g = shared_shapes_graph("dk-order")
    for shape in g.subjects(RDF.type, SH.NodeShape):
        cited = list(g.objects(shape, AIW.implementsProvision))
        assert cited, shape
        for iri in cited:
            assert (iri, None, None) in data, iri
        for constraint in g.objects(shape, SH.sparql):
            langs = {m.language for m in g.objects(constraint, SH.message)}
            assert langs >= {"en", "da", "nl"}, shape


def test_no_date_literal_in_dk_order_shapes():
    for path in (ROOT / "shapes" / "dk-order").glob("*.ttl"):
        assert not re.search(r"\d{4}-\d{2}-\d{2}", path.read_text(encoding="utf-8")), path


def test_special_categories_reported_with_their_gdpr_article(run):
    r = next(r for r in run.results if r.system.endswith("08-special-categories"))
    steps = {s.condition: s for s in r.steps}
    assert any(c.iri.endswith("/2016/679/art_9") for c in steps["specialCategoriesArt9"].provisions)
    assert {f.label for f in steps["specialCategoriesArt9"].facts} == {"health", "trade union membership"}
    assert any(c.iri.endswith("/2016/679/art_10") for c in steps["criminalOffenceDataArt10"].provisions)


def test_as_of_before_the_date_of_effect_is_outside_the_order():
    run = validate([str(EXAMPLES / "01-complies.ttl")], as_of="2025-06-30")
    (r,) = run.results
    assert r.verdict == "outside-order" and r.reasons == ["beforeOrderInForce"] and run.exit_code == 0


def test_combined_description_gets_a_section_per_rule_set_in_every_format():
    path = "examples/dk-order/02-authority-emotion.ttl"
    text = cli("validate", path, "--no-progress", "--lang", "da")
    assert text.returncode == 1, text.stderr
    assert "== Regelsæt: AI-forordningens art. 5" in text.stdout and "(dk-order) ==" in text.stdout
    out = cli("validate", path, "--no-progress", "--format", "json")
    doc = json.loads(out.stdout)
    assert [s["id"] for s in doc["rule_sets"]] == ["art5-1-f", "dk-order"]
    assert {(r["rule_set"], r["verdict"]) for r in doc["results"]} == {("art5-1-f", "prohibited"),
                                                                     ("dk-order", "does-not-comply")}
    import jsonschema

    from aiwork_kg.validator.results import result_schema
    jsonschema.validate(doc, result_schema())
    ttl = cli("validate", path, "--no-progress", "--format", "turtle")
    g = Graph().parse(data=ttl.stdout, format="turtle")
    verdicts = set(g.objects(URIRef("https://example.org/dk-order/inspector-stress"), AIW.verdict))
    assert verdicts == {AIW.prohibited, AIW.doesNotComply}


def test_rule_set_option_names_the_rule_sets():
    out = cli("validate", "examples/dk-order/02-authority-emotion.ttl", "--no-progress", "--format", "json",
              "--rule-set", "dk-order")
    assert [s["id"] for s in json.loads(out.stdout)["rule_sets"]] == ["dk-order"]
    bad = cli("validate", "examples/dk-order/01-complies.ttl", "--rule-set", "nonsense")
    assert bad.returncode == 2 and "nonsense" in bad.stderr


def test_art5_only_description_keeps_its_output():
    run = validate(["docs-example/callcentre.ttl"] if (ROOT / "docs-example").exists() else
                   [str(next((ROOT / "examples").glob("*.ttl")))])
    assert {r.rule_set for r in run.results} == {"art5-1-f"}


def test_a_toy_third_rule_set_from_a_folder_is_validated_reported_and_documented():
    env = {"AIWORK_RULE_SETS": str(TOY)}
    out = cli("validate", str(TOY / "red.ttl"), "--no-progress", "--format", "json", env=env)
    assert out.returncode == 1, out.stderr
    doc = json.loads(out.stdout)
    assert [s["id"] for s in doc["rule_sets"]] == ["toy"] and doc["results"][0]["verdict"] == "red"
    text = cli("validate", str(TOY / "red.ttl"), "--no-progress", "--lang", "nl", env=env)
    assert "== Regelset: Speelgoedregelset (toy) ==" in text.stdout and "Het is rood." in text.stdout
    helptext = cli("validate", "--help", env=env)
    assert "toy" in helptext.stdout
    listed = subprocess.run([sys.executable, "-c", "import json; from aiwork_kg.validator import list_rule_sets;"
                             "print(json.dumps(list_rule_sets('da')))"], capture_output=True, text=True,
                            env={**os.environ, **env}, timeout=120)
    assert {"id": "toy", "label": "Legetøjsregelsæt"}.items() <= next(
        r for r in json.loads(listed.stdout) if r["id"] == "toy").items()


def test_unknown_rule_set_in_the_api():
    from aiwork_kg.validator.rulesets import UnknownRuleSetError

    with pytest.raises(UnknownRuleSetError):
        get_rule_set("nope")


@pytest.fixture(scope="module")
def server(release_dir):
    from aiwork_kg.server.serve import start

    srv = start("127.0.0.1", 0, release_dir=release_dir, timeout=60, processes=1)
    yield srv
    srv.stop()


def _post(url, body):
    import urllib.error
    import urllib.request

    req = urllib.request.Request(url, data=body, headers={"Content-Type": "text/turtle"}, method="POST")
    try:
        with urllib.request.urlopen(req, timeout=120) as resp:
            return resp.status, json.loads(resp.read())
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8", "replace")


def test_server_validates_against_every_rule_set_or_the_named_ones(server):
    body = (EXAMPLES / "02-authority-emotion.ttl").read_bytes()
    status, doc = _post(server.validate_url, body)
    assert status == 200 and [s["id"] for s in doc["rule_sets"]] == ["art5-1-f", "dk-order"]
    status, doc = _post(server.validate_url + "?rule_set=dk-order&lang=da", body)
    assert status == 200 and [r["verdict"] for r in doc["results"]] == ["does-not-comply"]
    status, text = _post(server.validate_url + "?rule_set=nope", body)
    assert status == 400 and "nope" in text
