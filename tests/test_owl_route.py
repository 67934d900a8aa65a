"""The OWL route (aiwork_kg.owl_route): HermiT's classification of the examples agrees with the
SHACL verdicts, and with the expectations of examples/manifest.csv, wherever OWL can decide.

The rule of comparison (see the module documentation of aiwork_kg.owl_route):

* open world (the descriptions as written): OWL can prove membership of the candidate class of
  Art. 5(1)(f) and that a stated purpose defeats the exception, so it decides *prohibited*
  (when the stated or as-of date is on or after 2 February 2025) and, for non-AI systems,
  *not prohibited*; it never proves a negative condition.
* closed descriptions (``closed=True``: each stated property is closed over the kinds of its
  stated values, unstated properties stay open): OWL also proves the exception (every purpose
  medical or safety: *excepted*) and failing conditions (only physical states, no biometric
  input, only settings or persons outside work and education, excluded from scope:
  *not prohibited*).
* Where :func:`~aiwork_kg.owl_route.decide` returns None, OWL cannot decide and the case is not
  compared; the number of compared cases is asserted to stay above a floor and printed.
"""
from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.namespace import OWL, RDF

from aiwork_kg.owl_route import Classification, OwlRouteError, classify, classify_details, decide
from aiwork_kg.namespaces import AIW
from aiwork_kg.paths import EXAMPLES_DIR, ONTOLOGY_DIR

READINGS = ("act-text", "intentions-covered", "full-ban")
pytestmark = pytest.mark.slow  # HermiT runs (a few seconds each on an idle machine)


@lru_cache(maxsize=1)
def manifest() -> list[tuple[str, str, str, str | None, str]]:
    """(file, system, reading, as_of, verdict) per expectation."""
    out = []
    with (EXAMPLES_DIR / "manifest.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            for reading in row["readings"].split():
                out.append((row["file"], row["system"], reading, row["as_of"] or None, row["verdict"]))
    return out


@pytest.fixture(scope="module")
def open_world() -> dict[str, Classification]:
    return classify_details(EXAMPLES_DIR)


@pytest.fixture(scope="module")
def closed_world() -> dict[str, Classification]:
    return classify_details(EXAMPLES_DIR, closed=True)


@pytest.fixture(scope="module")
def shacl() -> dict[tuple[str, str, str | None], str]:
    """The validator's verdicts on the examples: (system, reading, as_of) -> verdict."""
    import aiwork_kg

    out = {}
    for reading in READINGS:
        run = aiwork_kg.validate(EXAMPLES_DIR, reading=reading)
        assert not run.errors, [str(e) for e in run.errors]
        for v in run.results:
            if v.rule_set == "art5-1-f":  # examples/dk-order/ holds the Danish order's examples too
                out[(v.system, reading, None)] = v.verdict
    for file, system, reading, as_of, _ in manifest():
        if as_of:
            run = aiwork_kg.validate(EXAMPLES_DIR / file, reading=reading, as_of=as_of)
            for v in run.results:
                out[(v.system, reading, as_of)] = v.verdict
    return out


def _compare(classes: dict[str, Classification], reference) -> tuple[int, list[str]]:
    compared, problems = 0, []
    for file, system, reading, as_of, _ in manifest():
        owl = decide(classes[system], reading=reading, as_of=as_of)
        if owl is None:
            continue
        compared += 1
        expected = reference(file, system, reading, as_of)
        if owl != expected:
            problems.append(f"{file} {system} [{reading}{' as of ' + as_of if as_of else ''}]: "
                            f"OWL {owl}, other route {expected}")
    return compared, problems


def test_every_example_system_is_classified(open_world):
    assert {system for _, system, *_ in manifest()} == set(open_world)
    assert all("AISystem" in c.classes or "NonAISystem" in c.classes for c in open_world.values())


def test_open_world_agrees_with_the_manifest(open_world):
    verdicts = {(s, r, a): v for _, s, r, a, v in manifest()}
    compared, problems = _compare(open_world, lambda f, s, r, a: verdicts[(s, r, a)])
    print(f"open world: {compared} of {len(manifest())} expectations decided by OWL and compared")
    assert not problems, "\n".join(problems)
    assert compared >= 70


def test_closed_world_agrees_with_the_manifest(closed_world):
    verdicts = {(s, r, a): v for _, s, r, a, v in manifest()}
    compared, problems = _compare(closed_world, lambda f, s, r, a: verdicts[(s, r, a)])
    print(f"closed descriptions: {compared} of {len(manifest())} expectations decided by OWL and compared")
    assert not problems, "\n".join(problems)
    assert compared >= 120
    # every verdict but insufficient-information is reached by OWL
    decided = {decide(closed_world[s], reading=r, as_of=a) for _, s, r, a, _ in manifest()}
    assert {"prohibited", "excepted", "not-prohibited", None} <= decided


def test_open_world_agrees_with_shacl(open_world, shacl):
    compared, problems = _compare(open_world, lambda f, s, r, a: shacl.get((s, r, a)))
    print(f"open world vs SHACL: {compared} cases compared")
    assert not problems, "\n".join(problems)
    assert compared >= 70


def test_closed_world_agrees_with_shacl(closed_world, shacl):
    compared, problems = _compare(closed_world, lambda f, s, r, a: shacl.get((s, r, a)))
    print(f"closed descriptions vs SHACL: {compared} cases compared")
    assert not problems, "\n".join(problems)
    assert compared >= 120


def test_what_owl_cannot_decide(open_world, closed_world):
    sys = "https://example.org/systems/"
    # no purpose stated: the exception must be shown, not presumed (Art. 5(1)(f)); a closed
    # description that states none is aiw:SystemWithoutStatedPurpose, the open world cannot tell
    assert decide(closed_world[sys + "description-missing-purpose"]) == "prohibited"
    assert "SystemWithoutStatedPurpose" in closed_world[sys + "description-missing-purpose"].classes
    assert decide(open_world[sys + "description-missing-purpose"]) is None
    # with the setting missing too, OWL cannot decide (insufficient information for the shapes)
    assert decide(closed_world[sys + "description-missing-purpose-and-setting"]) is None
    # a missing input: biometric data can be neither proved nor refuted
    assert decide(closed_world[sys + "description-missing-inputs"]) is None
    # a date before 2 February 2025 is not reasoned about
    assert decide(closed_world[sys + "webcam-mood-use-2024-12-01"]) is None
    undated = closed_world[sys + "webcam-mood-undated"]
    assert decide(undated, as_of="2024-12-01") is None
    assert decide(undated, as_of="2025-03-01") == "prohibited"
    # the open world never proves a negative condition
    assert decide(open_world[sys + "pilot-fatigue-monitor"]) is None
    assert decide(closed_world[sys + "pilot-fatigue-monitor"]) == "not-prohibited"
    # ... nor that every purpose is medical or safety
    assert decide(open_world[sys + "therapeutic-use-at-work"]) is None
    assert decide(closed_world[sys + "therapeutic-use-at-work"]) == "excepted"
    # the personal-training allowance (Commission guidelines) is left to the shapes
    training = sys + "sales-roleplay-training"
    assert "SystemWithoutEffectOnWorkRelationship" in closed_world[training].classes
    assert decide(closed_world[training]) is None
    assert decide(closed_world[training], reading="full-ban") == "prohibited"
    assert decide(open_world[sys + "sales-roleplay-training-shared-with-hr"]) == "prohibited"


TURTLE = """@prefix aiw: <https://w3id.org/aiwork/ontology#> .
@prefix ex: <https://example.org/owl-route/> .
ex:a a aiw:AISystem ; aiw:hasActivity [ a aiw:Use ] ; aiw:hasInput aiw:voice ; aiw:infers aiw:anger ;
    aiw:usedIn aiw:workplace ; aiw:targets aiw:workers ; aiw:hasPurpose aiw:marketing .
ex:b a aiw:AISystem ; aiw:hasInput aiw:writtenText ; aiw:infers aiw:anger ;
    aiw:usedIn aiw:workplace ; aiw:targets aiw:workers ; aiw:hasPurpose aiw:marketing .
ex:c a aiw:AISystem ; aiw:hasInput aiw:faceVideo ; aiw:infers [ a aiw:Emotion ] ;
    aiw:usedIn aiw:examination ; aiw:targets aiw:students ; aiw:hasPurpose aiw:accidentPrevention .
"""


def test_classify_a_graph_and_the_closure_changes_only_negative_conditions():
    graph = Graph().parse(data=TURTLE, format="turtle")
    ex = "https://example.org/owl-route/"
    open_ = classify(graph)
    closed = classify(graph, closed=True)
    assert {"Art5-1-f-CandidateSystem", "SystemWithNonExceptedPurpose"} <= open_[ex + "a"]
    assert "Art5-1-f-CandidateSystem" not in open_[ex + "b"]
    assert "SystemWithoutBiometricInput" not in open_[ex + "b"]
    assert "SystemWithoutBiometricInput" in closed[ex + "b"]
    assert "ExclusivelyMedicalOrSafetySystem" not in open_[ex + "c"]
    assert {"Art5-1-f-CandidateSystem", "ExclusivelyMedicalOrSafetySystem"} <= closed[ex + "c"]
    for system in open_:  # closing adds conclusions, never removes one
        assert open_[system] <= closed[system]


def test_a_description_contradicting_the_ontology_is_an_error(tmp_path: Path):
    bad = tmp_path / "both.ttl"
    bad.write_text("@prefix aiw: <https://w3id.org/aiwork/ontology#> .\n"
                   "<https://example.org/x> a aiw:AISystem , aiw:NonAISystem .\n", encoding="utf-8")
    with pytest.raises(OwlRouteError, match="inconsistent"):
        classify(bad)


@pytest.mark.parametrize("classes,dates,reading,as_of,expected", [
    ({"NonAISystem", "EmotionInferringSystem"}, [], "act-text", None, "not-prohibited"),
    ({"AISystem", "Art5-1-f-CandidateSystem", "SystemWithNonExceptedPurpose"}, [], "act-text", "2025-02-02",
     "prohibited"),
    ({"AISystem", "Art5-1-f-CandidateSystem", "SystemWithNonExceptedPurpose"}, [], "act-text", "2025-02-01",
     None),
    ({"AISystem", "Art5-1-f-CandidateSystem", "ExclusivelyMedicalOrSafetySystem"}, [], "act-text", None,
     "excepted"),
    ({"AISystem", "Art5-1-f-CandidateSystemIntentionsCovered", "SystemWithNonExceptedPurpose"}, [],
     "act-text", None, None),
    ({"AISystem", "Art5-1-f-CandidateSystemIntentionsCovered", "SystemWithNonExceptedPurpose"}, [],
     "intentions-covered", None, "prohibited"),
    ({"AISystem", "SystemInferringNoEmotionalState"}, [], "intentions-covered", None, None),
    ({"AISystem", "SystemOutsideWorkAndEducation", "EmotionInferringSystem", "BiometricInputSystem",
      "SystemWithPurposeInScope"}, [], "act-text", None, "not-prohibited"),
    ({"AISystem", "SystemOutsideWorkAndEducation", "EmotionInferringSystem", "BiometricInputSystem",
      "SystemWithPurposeInScope"}, [], "full-ban", None, "prohibited"),
    ({"AISystem", "EmotionInferringSystem", "BiometricInputSystem"}, [], "full-ban", None, None),
    ({"AISystem", "SystemExcludedFromScope", "Art5-1-f-CandidateSystem"}, [], "act-text", None,
     "not-prohibited"),
])
def test_decide_rules(classes, dates, reading, as_of, expected):
    from datetime import date

    c = Classification("https://example.org/x", set(classes), [date.fromisoformat(d) for d in dates])
    assert decide(c, reading=reading, as_of=as_of) == expected


def test_decide_uses_the_stated_date_unless_as_of_is_given():
    from datetime import date

    c = Classification("https://example.org/x", {"AISystem", "Art5-1-f-CandidateSystem",
                                                 "SystemWithNonExceptedPurpose"}, [date(2024, 12, 1)])
    assert decide(c) is None
    assert decide(c, as_of="2025-03-01") == "prohibited"  # an explicit as-of date replaces it
    c.dates = [date(2025, 3, 1)]
    assert decide(c) == "prohibited"
    assert decide(c, as_of="2024-12-01") is None


def test_reading_rules_are_data_for_every_reading():
    """Each reading's OWL rules come from shapes/art5-1-f/readings.ttl, name only ontology
    classes, and no reading key is written in owl_route.py."""
    from aiwork_kg import owl_route
    from aiwork_kg.validator.shapes import READINGS

    source = Path(owl_route.__file__).read_text(encoding="utf-8")
    ontology_classes = {str(c)[len(str(AIW)):] for c in Graph().parse(ONTOLOGY_DIR / "aiwork.ttl").subjects(RDF.type, OWL.Class)
                        if str(c).startswith(str(AIW))}
    for reading in READINGS:
        assert f'"{reading}"' not in source
        rules = owl_route.reading_rules(reading)
        assert rules.prohibited and rules.not_prohibited, reading
        named = rules.not_prohibited | rules.undecided | set().union(*rules.prohibited, *rules.excepted)
        assert named <= ontology_classes, (reading, named - ontology_classes)
