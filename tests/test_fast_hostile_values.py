"""The fast path against the reference path on values of the wrong kind (property-based).

The examples and fixtures state their facts with the values the profile expects. A register holds
what people typed: a literal where an individual belongs, an individual of another class, an
ill-typed date or boolean, a date-time or a year for a date, an outside IRI, a blank node. rdflib
(pySHACL's SPARQL engine) and Oxigraph can part ways on such terms, for instance when comparing
values of incompatible types. Hypothesis builds descriptions from them for both rule sets, and
every one must get the same results both ways: verdict, reasons, risk categories, missing facts,
explanation steps and input errors.
"""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import aiwork_kg
from aiwork_kg.validator.fast import differences

PREFIXES = """@prefix aiw: <https://w3id.org/aiwork/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix cat: <https://w3id.org/aiwork/concept/dk-pd-category/> .
"""
AT = "<https://w3id.org/aiwork/agent/arbejdstilsynet>"
INDIVIDUALS = ["aiw:anger", "aiw:stress", "aiw:fatigue", "aiw:intentionToQuit", "aiw:smile", "aiw:faceVideo",
               "aiw:voice", "aiw:typedText", "aiw:workplace", "aiw:school", "aiw:retail", "aiw:workers",
               "aiw:students", "aiw:customers", "aiw:therapeuticPurpose", "aiw:occupationalHealthAndSafety",
               "aiw:performanceEvaluation", "aiw:supervisionTask", "aiw:accessControl", "aiw:encryption",
               "cat:1", "cat:3", "cat:9", AT]
ODD = ['"anger"', '"anger"@en', '""', '"1"^^xsd:boolean', '"true"^^xsd:boolean', '"yes"^^xsd:boolean',
       '"2025-03-01"^^xsd:date', '"2025-13-45"^^xsd:date', '"2025"^^xsd:gYear', '"2025-03-01T10:00:00"^^xsd:dateTime',
       "42", "4.2", "true", "false", "<https://example.org/elsewhere>", "[ a aiw:Emotion ]",
       '[ a aiw:InputData ; aiw:isBiometric "maybe" ]', "[]"]
DATES = ['"2025-03-01"^^xsd:date', '"2024-09-01"^^xsd:date', '"2025-07-02"^^xsd:date', '"2025-03-01"',
         '"1 March 2025"@en', '"2025-02-30"^^xsd:date', '"2025-03-01T00:00:00Z"^^xsd:dateTime', "20250301",
         '"2025"^^xsd:gYear', "<https://example.org/a-date>"]
ART5 = ["hasInput", "infers", "detects", "usedIn", "targets", "incidentallyRecords", "hasPurpose", "useRequired"]
DK = ["dataController", "servesTask", "processesDataCategory", "storedBy", "reusesPersonalData",
      "keptLongerThanNecessary", "hasSecurityMeasure", "processingStart", "retentionPeriod", "reviewInterval"]

value = st.one_of(st.sampled_from(INDIVIDUALS), st.sampled_from(ODD), st.sampled_from(DATES))


@st.composite
def description(draw) -> str:
    kind = draw(st.sampled_from(["aiw:AISystem", "aiw:AISystem", "aiw:NonAISystem", "aiw:AISystem , aiw:NonAISystem"]))
    lines = [f"<https://example.org/s> a {kind}"]
    activity = draw(st.sampled_from(["aiw:Use", "aiw:PlacingOnTheMarket", "aiw:Activity"]))
    date = draw(st.one_of(st.none(), st.sampled_from(DATES)))
    lines.append(f"aiw:hasActivity [ a {activity} ; aiw:performedBy [ a aiw:Deployer ]"
                 + (f" ; aiw:date {date} ]" if date else " ]"))
    properties = ART5 + (DK if draw(st.booleans()) else [])
    for prop in draw(st.lists(st.sampled_from(properties), min_size=2, max_size=9, unique=True)):
        values = draw(st.lists(value, min_size=1, max_size=2, unique=True))
        lines.append(f"aiw:{prop} " + " , ".join(values))
    return PREFIXES + "\n" + " ;\n    ".join(lines) + " .\n"


@pytest.mark.slow
@settings(max_examples=60, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.lists(description(), min_size=4, max_size=4))
def test_odd_values_get_the_same_results_on_both_paths(texts):
    sources = [text.encode("utf-8") for text in texts]
    for as_of in (None, "2025-01-15"):
        fast = aiwork_kg.validate(sources, engine="fast", as_of=as_of)
        ref = aiwork_kg.validate(sources, engine="reference", as_of=as_of)
        assert fast.engine == "fast", fast.notes
        assert [str(e) for e in fast.errors] == [str(e) for e in ref.errors]
        assert len(fast.results) == len(ref.results)
        assert differences(fast.results, ref.results) == [], texts


def test_the_strategy_reaches_both_rule_sets_and_odd_values():
    """The descriptions drawn are not all alike: both rule sets are in scope for some, and some
    carry ill-typed values (a check that the property test above tests something)."""
    from hypothesis import Phase, find

    quick = settings(phases=[Phase.generate], database=None, max_examples=2000, derandomize=True)  # no shrinking
    both_sets = find(description(), lambda t: "dataController" in t and "infers" in t, settings=quick)
    ill_typed = find(description(), lambda t: '"2025-13-45"^^xsd:date' in t or '"yes"^^xsd:boolean' in t,
                     settings=quick)
    run = aiwork_kg.validate([both_sets.encode(), ill_typed.encode()], engine="fast")
    assert {r.rule_set for r in run.results} >= {"art5-1-f"}
    assert run.results or run.errors
