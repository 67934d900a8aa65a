"""The fast path (shapes compiled to SPARQL on Oxigraph) against the reference path (pySHACL).

Every example and every shape fixture, under every reading, must get the same verdict, reasons,
risk categories, missing facts and explanation steps both ways (blank-node labels aside: each
parse labels them anew). The compiler is also checked on shapes it has never seen, and on what
it must refuse (then the reference path runs, and the run says so)."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from rdflib import Graph

import aiwork_kg
from aiwork_kg import shacl
from aiwork_kg.validator.compiler import Unsupported, bind_this, compile_shapes
from aiwork_kg.validator.fast import differences, fast_results, report_results, shape_results
from aiwork_kg.validator.shapes import READINGS

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "shapes"
sys.path.insert(0, str(ROOT / "bench"))


def both(sources, reading, as_of=None, **kw):
    fast = aiwork_kg.validate(sources, reading=reading, as_of=as_of, engine="fast", **kw)
    ref = aiwork_kg.validate(sources, reading=reading, as_of=as_of, engine="reference", **kw)
    return fast, ref


@pytest.mark.parametrize("reading", READINGS)
def test_examples_same_verdicts_both_ways(reading):
    fast, ref = both(EXAMPLES, reading)
    assert fast.engine == "fast" and not fast.notes
    assert ref.engine == "reference"
    assert len(fast.results) == len(ref.results) >= 40
    assert differences(fast.results, ref.results) == []
    assert [str(e) for e in fast.errors] == [str(e) for e in ref.errors]


@pytest.mark.parametrize("reading", READINGS)
@pytest.mark.parametrize("as_of", [None, "2024-12-01"])
def test_shape_fixtures_same_verdicts_both_ways(reading, as_of):
    files = sorted(FIXTURES.glob("*.ttl"))
    assert len(files) > 60
    fast, ref = both(files, reading, as_of)
    assert fast.engine == "fast"
    assert len(fast.results) == len(ref.results) >= len(files)
    assert differences(fast.results, ref.results) == []


def test_generated_descriptions_same_verdicts_on_a_pool(tmp_path):
    from bench_validate import generate

    generate(60, tmp_path, seed=11)
    ref = aiwork_kg.validate(tmp_path, engine="reference", as_of="2026-01-15")
    pooled = aiwork_kg.validate(tmp_path, engine="fast", as_of="2026-01-15", processes=2, batch_size=7)
    assert pooled.engine == "fast" and len(pooled.results) == 60
    assert differences(pooled.results, ref.results) == []
    assert [r.source for r in pooled.results] == [r.source for r in ref.results]  # the files' order


# ----------------------------------------------------------------------------- unseen shapes

UNSEEN = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <https://example.org/s#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:Thing a sh:NodeShape ; sh:targetClass ex:Thing ;
    sh:property [ sh:path ex:age ; sh:datatype xsd:integer ; sh:maxCount 1 ] ,
                [ sh:path ex:colour ; sh:in ( ex:red ex:green ) ; sh:minCount 2 ] ,
                [ sh:path ex:part ; sh:or ( ex:Part [ sh:hasValue ex:spare ] ) ; sh:nodeKind sh:IRI ] ,
                [ sh:path ex:friend ; sh:not [ sh:class ex:Enemy ] ] ;
  sh:sparql [ sh:select "SELECT $this ?value WHERE { $this ex:age ?value . FILTER (isNumeric(?value) && ?value > 9) }";
                sh:prefixes ex:decl ] .
ex:decl sh:declare [ sh:prefix "ex" ; sh:namespace "https://example.org/s#"^^xsd:anyURI ] .
ex:Part a sh:NodeShape ; sh:property [ sh:path ex:name ; sh:minCount 1 ] ; sh:class ex:Wheel .
ex:Sub a sh:NodeShape ; sh:targetSubjectsOf ex:colour ; sh:hasValue ex:a .
"""

DATA = """
@prefix ex: <https://example.org/s#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
ex:SubThing rdfs:subClassOf ex:Thing .
ex:a a ex:Thing ; ex:age 3, "x" ; ex:colour ex:red ; ex:part ex:p1 , _:p2 , ex:spare ; ex:friend ex:e .
ex:b a ex:SubThing ; ex:age 130 ; ex:colour ex:red , ex:green ; ex:part ex:p1 .
ex:p1 a ex:Wheel ; ex:name "w" .
_:p2 a ex:Wheel .
ex:spare ex:name "s" .
ex:e a ex:Enemy .
ex:c ex:colour ex:blue .
"""


def _as_set(by_focus):
    return {(f, s, v, p) for f, rows in by_focus.items() for s, v, p in rows}


def test_unseen_shapes_give_pyshacl_results():
    shapes = Graph().parse(data=UNSEEN, format="turtle")
    data = Graph().parse(data=DATA, format="turtle")
    plan = compile_shapes(shapes)
    assert plan.usable, plan.unsupported
    fast = _as_set(fast_results(data, plan))
    ref = _as_set(report_results(shacl.run_pyshacl(data, shapes)))
    assert fast == ref  # shapes included: a property shape is the same blank node of `shapes`
    assert len(fast) >= 7


@pytest.mark.parametrize("feature", ["sh:pattern", "sh:node"])
def test_unsupported_feature_falls_back_to_the_reference_path_and_says_so(feature):
    shapes = Graph().parse(data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <https://example.org/s#> .
        ex:S a sh:NodeShape ; sh:targetClass ex:Thing ; sh:property [ sh:path ex:name ; %s ] .
        ex:T a sh:NodeShape ; sh:pattern "^a" .
    """ % (feature + (' "^a"' if feature == "sh:pattern" else " ex:T")), format="turtle")
    data = Graph().parse(data="""@prefix ex: <https://example.org/s#> . ex:x a ex:Thing ; ex:name "b" .""",
                         format="turtle")
    plan = compile_shapes(shapes)
    assert not plan.usable and feature in plan.unsupported[0]
    found = shape_results(data, shapes, engine="fast")
    assert found.engine == "reference" and feature in found.note
    assert len(_as_set(found.by_focus)) >= 1


@pytest.mark.parametrize("query, word", [
    ("SELECT $this WHERE { $this ?p ?o MINUS { $this ?p 1 } }", "MINUS"),
    ("SELECT $this WHERE { VALUES ?x { 1 } $this ?p ?x }", "VALUES"),
    ("SELECT $this WHERE { { SELECT $this WHERE { $this ?p ?o } } }", "SELECT"),
    ("SELECT $this WHERE { GRAPH ?g { $this ?p ?o } }", "GRAPH"),
    ("SELECT $this WHERE { BIND (1 AS $this) }", "assigns"),
    ("SELECT $this (COUNT(?o) AS ?n) WHERE { $this ?p ?o } GROUP BY $this", "aggregate"),
    ("SELECT $this WHERE { $this ?p $shapesGraph }", "shapesGraph"),
])
def test_queries_outside_pre_binding_are_refused(query, word):
    with pytest.raises(Unsupported, match=word):
        bind_this(query, "https://example.org/S")


def test_this_is_bound_in_every_group_outside_exists():
    text = bind_this('SELECT DISTINCT ?value WHERE { { $this <p> ?value } UNION { FILTER (?x < "a") } '
                     'FILTER NOT EXISTS { $this <q> ?y . { ?y <r> ?z } } # a } comment\n}',
                     __import__("rdflib").URIRef("https://example.org/S"))
    assert text.startswith("SELECT DISTINCT ?this ?value WHERE")
    assert text.count("GRAPH <urn:aiwork:fast:focus>") == 3  # top group and both branches, not EXISTS
    assert "$this" not in text


# ----------------------------------------------------------------------------- the command line

def test_cli_jsonl_streams_one_line_per_result_and_engines_agree(cli, tmp_path):
    files = [str(EXAMPLES / "call-centre-agents-anger.ttl"), str(EXAMPLES / "shop-customer-emotions.ttl"),
             str(tmp_path / "missing.ttl")]
    out = {}
    for engine in ("fast", "reference"):
        res = cli("validate", "--format", "jsonl", "--engine", engine, "--as-of", "2026-01-15", *files)
        assert res.exit_code == 2, res.stderr  # the missing file
        assert "missing.ttl: no such file" in res.stderr
        lines = [json.loads(line) for line in res.stdout.splitlines()]
        assert [("verdict" in x, "error" in x, "summary" in x) for x in lines] == \
            [(False, True, False), (True, False, False), (True, False, False), (False, False, True)]
        assert lines[-1]["summary"]["systems"] == 2 and lines[-1]["exit_code"] == 2
        out[engine] = [x.get("verdict") for x in lines]
    assert out["fast"] == out["reference"] == [None, "prohibited", "not-prohibited", None]
