"""Every shape of shapes/art5-1-f/ has a passing and a failing fixture (tests/fixtures/shapes/,
found by the shape's name), and the shapes are documented and linked as the issue asks.

A failing fixture (``{Shape}-fail.ttl``) must make the shape report a result on ex:system with
the constraint component its header names; a passing fixture (``{Shape}.ttl``) must make it
report nothing there. Results are compared by focus node, source shape and constraint
component, never by message text."""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from rdflib import URIRef
from rdflib.namespace import RDF

from aiwork_kg.namespaces import AIW, AIWSH, SH
from aiwork_kg.rdfio import load_graph
from aiwork_kg.shacl import PreparedQueryGraph
from aiwork_kg.validator import evaluation_triples, saturate, validate_graph
from aiwork_kg.validator.shapes import READINGS, load_shapes, shapes_graph

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "shapes"
FOCUS = URIRef("https://example.org/fixture/system")
TODAY = dt.date(2026, 1, 15)
FOLDER = "art5-1-f"


def shapes_in(folder: str) -> dict:
    """shape local name -> the first reading whose shapes graph has it (only shapes with
    constraints of their own; a shape that only groups property shapes cannot fail itself)."""
    out: dict = {}
    for reading in READINGS:
        g = load_shapes(reading, folder)  # the folder's files, shapes built from their templates
        for kind in (SH.NodeShape, SH.PropertyShape):
            for s in g.subjects(RDF.type, kind):
                own = {p for p in g.predicates(s, None)} & {SH.sparql, SH.minCount, SH["or"], SH["class"]}
                if own:
                    out.setdefault(str(s).split("#", 1)[1], reading)
    return out


def results(path: Path, reading: str) -> set:
    g = load_graph(path, graph=PreparedQueryGraph())
    saturate(g)
    evaluation_triples(g, today=TODAY)
    report = validate_graph(g, reading=reading)
    out = set()
    for r in report.subjects(RDF.type, SH.ValidationResult):
        out.add((report.value(r, SH.focusNode), report.value(r, SH.sourceShape),
                 report.value(r, SH.sourceConstraintComponent)))
    return out


SHAPES = shapes_in(FOLDER)


def test_the_folder_has_shapes():
    assert len(SHAPES) >= 25


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_failing_fixture_makes_the_shape_report(shape):
    path = FIXTURES / f"{shape}-fail.ttl"
    assert path.is_file(), f"missing failing fixture {path.name}"
    component = re.search(r"# expect-component: sh:(\w+)", path.read_text(encoding="utf-8")).group(1)
    got = results(path, SHAPES[shape])
    assert (FOCUS, AIWSH[shape], SH[component]) in got, sorted(got)


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_passing_fixture_makes_the_shape_report_nothing(shape):
    path = FIXTURES / f"{shape}.ttl"
    assert path.is_file(), f"missing passing fixture {path.name}"
    got = results(path, SHAPES[shape])
    assert not {r for r in got if r[0] == FOCUS and r[1] == AIWSH[shape]}, sorted(got)


def test_every_fixture_names_a_shape():
    known = set(shapes_in("art5-1-f")) | set(shapes_in("profile"))
    for path in FIXTURES.glob("*.ttl"):
        assert path.stem.removesuffix("-fail") in known, f"{path.name} names no shape"


@pytest.mark.parametrize("reading", READINGS)
def test_each_shape_is_named_described_and_linked_in_three_languages(reading):
    g = shapes_graph(reading)
    for shape in g.subjects(RDF.type, SH.NodeShape):
        if not str(shape).startswith(str(AIWSH)) or (shape, SH.sparql, None) not in g:
            continue
        for prop in (SH.name, SH.description):
            langs = {o.language for o in g.objects(shape, prop)}
            assert {"en", "da", "nl"} <= langs, (shape, prop, langs)
        assert (shape, AIW.implementsProvision, None) in g, shape
        for provision in g.objects(shape, AIW.implementsProvision):
            assert str(provision).startswith("https://w3id.org/aiwork/provision/"), provision
        for constraint in g.objects(shape, SH.sparql):
            langs = {o.language for o in g.objects(constraint, SH.message)}
            assert {"en", "da", "nl"} <= langs, (shape, langs)


def test_prohibition_shapes_signal_what_they_mean():
    g = shapes_graph("act-text")
    assert g.value(AIWSH["Art5-1-f-Prohibited"], SH.severity) == SH.Violation
    assert g.value(AIWSH["Art5-1-f-Prohibited"], AIW.signalsVerdict) == AIW.prohibited
    reasons = set(g.objects(None, AIW.signalsReason))
    assert reasons == {AIW.noInferenceOfEmotions, AIW.physicalStateOnly, AIW.mereDetectionOfExpressions,
                       AIW.noBiometricData, AIW.notWorkplaceOrEducation, AIW.beforeDateOfApplication,
                       AIW.outsideScopeOfAct, AIW.medicalOrSafetyReasons, AIW.personalTrainingWithoutEffect}
    for shape in g.subjects(AIW.conditionOf, AIW.prohibitionF):
        if (shape, RDF.type, SH.NodeShape) in g and (shape, SH.sparql, None) in g:
            assert (shape, AIW.interpretedBy, None) in g or shape.endswith("ExcludedPurpose") \
                or shape.endswith("PersonalActivity"), shape


def test_cited_units_resolve_in_the_graph():
    """Every provision and national unit a shape names is a node of data/ (resolvable)."""
    from aiwork_kg.validator.citations import known_units

    units = known_units()
    if not units:
        pytest.skip("data/ not built")
    for reading in READINGS:
        g = shapes_graph(reading)
        for p in (AIW.implementsProvision, AIW.interpretedBy):
            for iri in g.objects(None, p):
                if iri.endswith("claim_full-ban"):  # a claim node: no citation of its own
                    continue
                assert iri in units, iri


def test_full_ban_reading_has_no_setting_or_exception_condition():
    g = shapes_graph("full-ban")
    assert (AIWSH["Setting-Holds"], None, None) not in g
    assert (AIWSH["Exception-Holds"], None, None) not in g
    assert (AIWSH["Art5-1-f-Prohibited-FullBan"], AIW.interpretedBy,
            URIRef("https://w3id.org/aiwork/doc/nl-amnesty-coalition-response-2024/position")) in g


GUIDELINES = URIRef("https://w3id.org/aiwork/doc/eu-commission-guidelines-prohibited-ai-practices-2025")


@pytest.mark.parametrize("reading", ["act-text", "intentions-covered"])
def test_personal_training_allowance_is_attributed_to_the_commission_guidelines(reading):
    g = shapes_graph(reading)
    shape = AIWSH["PersonalTraining-WithoutEffect"]
    assert g.value(shape, AIW.signalsVerdict) == AIW.notProhibited
    assert g.value(shape, AIW.signalsReason) == AIW.personalTrainingWithoutEffect
    assert (shape, AIW.interpretedBy, GUIDELINES) in g
    assert (shape, AIW.implementsProvision,
            URIRef("https://w3id.org/aiwork/provision/eu/reg/2024/1689/art_5/par_1/pnt_f")) in g


def test_full_ban_reading_has_no_personal_training_allowance():
    g = shapes_graph("full-ban")
    assert (AIWSH["PersonalTraining-WithoutEffect"], None, None) not in g
    assert (None, AIW.signalsReason, AIW.personalTrainingWithoutEffect) not in g
