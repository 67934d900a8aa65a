"""The validator's Python API: one test per verdict and reason, readings, --as-of, languages,
the JSON schema, Turtle output, batches (IRIs shared by files, blank nodes, batch sizes),
peer-vocabulary aliases, and the naive route (pySHACL with RDFS inference) agreeing with the
batch engine."""
from __future__ import annotations

import datetime as dt
import json

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF

import aiwork_kg
from aiwork_kg.errors import AiworkError
from aiwork_kg.namespaces import AIW, EU_AIACT
from aiwork_kg.validator import SystemVerdict, verdict_from_report
from aiwork_kg.validator.results import SCHEMA_FILE

PREFIXES = """@prefix aiw: <https://w3id.org/aiwork/ontology#> .
@prefix ex: <https://example.org/t/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix airo: <https://w3id.org/airo#> .
@prefix vair: <https://w3id.org/vair#> .
"""
DEFAULTS = dict(kind="aiw:AISystem", activity="aiw:Use", date="2025-06-01", input="aiw:faceVideo",
                infers="aiw:anger", usedIn="aiw:workplace", targets="aiw:workers",
                purpose="aiw:performanceEvaluation", extra="", name="s")


def ttl(**kw) -> bytes:
    d = {**DEFAULTS, **kw}
    props = []
    if d["activity"]:
        date = f' ; aiw:date "{d["date"]}"^^xsd:date' if d["date"] else ""
        props.append(f"aiw:hasActivity [ a {d['activity']}{date} ]")
    for prop, key in (("aiw:hasInput", "input"), ("aiw:infers", "infers"), ("aiw:usedIn", "usedIn"),
                      ("aiw:targets", "targets"), ("aiw:hasPurpose", "purpose")):
        if d[key]:
            props.append(f"{prop} {d[key]}")
    if d["extra"]:
        props.append(d["extra"])
    return (PREFIXES + f"ex:{d['name']} a {d['kind']} ;\n    " + " ;\n    ".join(props) + " .\n").encode()


def one(data: bytes, **kw) -> SystemVerdict:
    run = aiwork_kg.validate(data, **kw)
    assert not run.errors, run.errors
    assert len(run.results) == 1, run.results
    return run.results[0]


# --- verdicts and reasons --------------------------------------------------------------------

def test_prohibited():
    v = one(ttl())
    assert (v.verdict, v.reasons, v.risk_categories, v.missing) == ("prohibited", [], ["prohibitedPractice"], [])
    assert v.system == "https://example.org/t/s" and v.reading == "act-text" and v.as_of == "2025-06-01"


def test_excepted_is_still_high_risk_with_transparency():
    v = one(ttl(purpose="aiw:therapeuticPurpose , aiw:occupationalHealthAndSafety"))
    assert v.verdict == "excepted"
    assert v.reasons == ["medicalOrSafetyReasons"]
    assert v.risk_categories == ["highRiskAnnexIII1c", "transparencyArt50-3"]


def test_one_other_purpose_defeats_the_exception():
    assert one(ttl(purpose="aiw:occupationalHealthAndSafety , aiw:performanceEvaluation")).verdict == "prohibited"


@pytest.mark.parametrize("kw,reason,high_risk", [
    (dict(infers="aiw:fatigue , aiw:pain"), "physicalStateOnly", False),
    (dict(infers="aiw:intentionToQuit"), "noInferenceOfEmotions", True),
    (dict(infers="aiw:age"), "noInferenceOfEmotions", False),
    (dict(infers=None, extra="aiw:detects aiw:smile , aiw:frown"), "mereDetectionOfExpressions", False),
    (dict(input="aiw:writtenText , aiw:selfReport"), "noBiometricData", False),
    (dict(input="[ a aiw:InputData ; aiw:isBiometric false ]"), "noBiometricData", False),
    (dict(usedIn="aiw:retail"), "notWorkplaceOrEducation", True),
    (dict(targets="aiw:customers", extra="aiw:incidentallyRecords aiw:workers"), "notWorkplaceOrEducation", True),
    (dict(date="2024-11-30"), "beforeDateOfApplication", True),
    (dict(kind="aiw:NonAISystem"), "outsideScopeOfAct", False),
    (dict(purpose="aiw:scientificResearch"), "outsideScopeOfAct", False),
    (dict(purpose="aiw:militaryDefenceNationalSecurity"), "outsideScopeOfAct", False),
    (dict(activity="aiw:PersonalNonProfessionalActivity"), "outsideScopeOfAct", False),
])
def test_not_prohibited_with_its_reason(kw, reason, high_risk):
    v = one(ttl(**kw))
    assert v.verdict == "not-prohibited"
    assert v.reasons == [reason]
    assert (v.risk_categories == ["highRiskAnnexIII1c", "transparencyArt50-3"]) is high_risk, v.risk_categories
    assert v.missing == []


def test_one_failing_condition_settles_the_case_however_little_is_stated():
    v = one(PREFIXES.encode() + b"ex:s a aiw:AISystem ; aiw:infers aiw:fatigue .\n")
    assert (v.verdict, v.reasons) == ("not-prohibited", ["physicalStateOnly"])


@pytest.mark.parametrize("kw,missing", [
    (dict(purpose=None, usedIn=None), ["hasPurpose", "usedIn"]),  # no purpose alone: prohibited (test_guidance.py)
    (dict(usedIn=None, targets=None), ["targets", "usedIn"]),
    (dict(input=None), ["hasInput"]),
    (dict(input="[ a aiw:InputData ; rdfs:label \"sensor\" ]"), ["hasInput"]),
    (dict(activity=None), ["hasActivity"]),
    (dict(infers=None), ["infers"]),
    (dict(infers="[ rdfs:label \"mood\" ]"), ["infers"]),
    (dict(purpose="ex:ourOwnPurpose"), ["hasPurpose"]),
])
def test_insufficient_information_names_the_missing_facts(kw, missing):
    v = one(ttl(**kw))
    assert v.verdict == "insufficient-information"
    assert v.missing == missing
    assert v.reasons == []


def test_use_required_is_reported_but_never_changes_the_verdict():
    required = one(ttl(extra="aiw:useRequired true"))
    voluntary = one(ttl(extra="aiw:useRequired false"))
    assert required.verdict == voluntary.verdict == "prohibited"
    step = {s.condition: s for s in voluntary.steps}["useRequired"]
    assert step.holds is None and step.fact_label == "no"
    assert "does not change the verdict" in step.text


# --- readings and dates ----------------------------------------------------------------------

def test_intentions_count_only_under_the_intentions_covered_reading():
    data = ttl(infers="aiw:intentionToDeceive")
    assert one(data).verdict == "not-prohibited"
    covered = one(data, reading="intentions-covered")
    assert covered.verdict == "prohibited" and covered.reading == "intentions-covered"
    assert "17" in covered.reading_note and "21" in covered.reading_note


def test_full_ban_reading_drops_setting_and_exception_and_says_whose_position_it_is():
    data = ttl(usedIn="aiw:retail", targets="aiw:customers", purpose="aiw:therapeuticPurpose")
    assert one(data).verdict == "not-prohibited"
    v = one(data, reading="full-ban")
    assert v.verdict == "prohibited" and "coalition" in v.reading_note and "not the law" in v.reading_note
    assert {s.condition for s in v.steps}.isdisjoint({"setting", "persons", "exception"})
    # still no ban on physical states
    assert one(ttl(infers="aiw:fatigue"), reading="full-ban").verdict == "not-prohibited"


def test_unknown_reading_is_an_error():
    with pytest.raises(AiworkError):
        aiwork_kg.validate(ttl(), reading="strict")


def test_as_of_evaluates_at_a_date():
    undated = ttl(date=None)
    before = one(undated, as_of="2025-02-01")
    assert (before.verdict, before.reasons, before.as_of) == ("not-prohibited", ["beforeDateOfApplication"], "2025-02-01")
    assert one(undated, as_of=dt.date(2025, 2, 2)).verdict == "prohibited"
    assert one(undated).as_of == dt.date.today().isoformat()
    # --as-of overrides the activity's date: "would it be prohibited on that day?"
    assert one(ttl(date="2024-06-01"), as_of="2025-03-01").verdict == "prohibited"
    assert one(ttl(date="2024-06-01")).verdict == "not-prohibited"


def test_bad_as_of_is_an_error():
    with pytest.raises(AiworkError):
        aiwork_kg.validate(ttl(), as_of="1 March 2025")


# --- explanations ----------------------------------------------------------------------------

def test_explanation_has_a_step_per_condition_with_fact_provision_and_national_units():
    v = one(ttl())
    steps = {s.condition: s for s in v.steps}
    assert list(steps)[:8] == ["scope", "inference", "emotion", "biometric", "setting", "persons", "date", "exception"]
    emotion = steps["emotion"]
    assert emotion.holds is True
    assert emotion.fact == str(AIW.anger) and emotion.fact_label == "anger"
    assert emotion.provision == "https://w3id.org/aiwork/provision/eu/reg/2024/1689/art_5/par_1/pnt_f"
    assert emotion.citation == "AI Act, Art. 5(1)(f)"
    assert "https://w3id.org/aiwork/doc/nl-ap-dca-2024-02/sec_IV/para_22" in emotion.national_units
    assert "https://w3id.org/aiwork/doc/dk-leaflet-emotion-recognition-ban/condition_1" in emotion.national_units
    assert steps["exception"].holds is False and steps["exception"].fact == str(AIW.performanceEvaluation)
    assert steps["date"].fact == "2025-06-01"
    assert steps["verdict"].text.startswith("Prohibited")


def test_unknown_conditions_say_so():
    v = one(ttl(purpose="ex:ourOwnPurpose"))  # no purpose at all is not unknown: the exception is not shown
    step = {s.condition: s for s in v.steps}["exception"]
    assert step.holds is None and step.fact is None and step.text.startswith("Unknown")


@pytest.mark.parametrize("lang,words", [
    ("da", ["Opfyldt", "vrede", "Gælder ikke"]),
    ("nl", ["Voldaan", "woede", "Niet van toepassing"]),
    ("en", ["Holds", "anger", "Does not apply"]),
])
def test_whole_explanation_in_the_chosen_language(lang, words):
    v = one(ttl(), lang=lang)
    text = " ".join(s.text for s in v.steps) + " " + " ".join(s.label for s in v.steps)
    for word in words:
        assert word in text, (word, text)
    assert v.verdict_label == {"en": "prohibited", "da": "forbudt", "nl": "verboden"}[lang]


def test_unknown_language_is_an_error():
    with pytest.raises(AiworkError):
        aiwork_kg.validate(ttl(), lang="de")


# --- output formats --------------------------------------------------------------------------

def test_json_matches_the_documented_schema():
    jsonschema = pytest.importorskip("jsonschema")
    run = aiwork_kg.validate([ttl(), ttl(name="t", usedIn=None), b"@prefix broken"], lang="nl")
    doc = json.loads(run.to_json())
    jsonschema.validate(doc, json.loads(SCHEMA_FILE.read_text(encoding="utf-8")))
    assert doc["schema_version"] == 2 and doc["exit_code"] == 2
    assert doc["summary"]["prohibited"] == 1 and doc["summary"]["insufficient-information"] == 1
    assert doc["errors"][0]["line"] == 1


def test_turtle_has_the_report_and_dpv_typing():
    from aiwork_kg.validator.render import render_turtle

    run = aiwork_kg.validate([ttl(), ttl(name="c", usedIn="aiw:retail", targets="aiw:customers")], keep_reports=True)
    g = Graph().parse(data=render_turtle(run), format="turtle")
    s, c = URIRef("https://example.org/t/s"), URIRef("https://example.org/t/c")
    assert (s, RDF.type, EU_AIACT["ProhibitedAISystem-A5-1-f"]) in g
    assert (s, EU_AIACT.hasRiskLevel, EU_AIACT.RiskLevelProhibited) in g
    assert (s, AIW.verdict, AIW.prohibited) in g and (s, AIW.underReading, AIW.readingActText) in g
    assert (c, RDF.type, EU_AIACT["HighRiskAISystem-AnnexIII-1-c"]) in g
    assert (c, AIW.verdictReason, AIW.notWorkplaceOrEducation) in g
    assert (None, URIRef("http://www.w3.org/ns/shacl#conforms"), None) in g


# --- batches ---------------------------------------------------------------------------------

def test_files_sharing_an_iri_are_kept_apart(tmp_path):
    (tmp_path / "a.ttl").write_bytes(ttl())
    (tmp_path / "b.ttl").write_bytes(ttl(infers="aiw:fatigue"))
    run = aiwork_kg.validate(tmp_path)
    assert [(r.source.rsplit("/", 1)[1], r.system, r.verdict) for r in run.results] == [
        ("a.ttl", "https://example.org/t/s", "prohibited"),
        ("b.ttl", "https://example.org/t/s", "not-prohibited")]
    step = {s.condition: s for s in run.results[1].steps}["emotion"]
    assert step.fact == str(AIW.fatigue) and step.facts[0].subject == "https://example.org/t/s"


def test_batch_size_does_not_change_verdicts(tmp_path):
    variants = [dict(), dict(infers="aiw:fatigue"), dict(purpose=None), dict(usedIn="aiw:retail"),
                dict(purpose="aiw:therapeuticPurpose"), dict(date="2024-01-01"), dict(input="aiw:writtenText")]
    for i, kw in enumerate(variants * 3):
        (tmp_path / f"d{i:02}.ttl").write_bytes(ttl(**kw))
    key = lambda run: [(r.source, r.system, r.verdict, r.reasons, r.risk_categories, r.missing) for r in run.results]  # noqa: E731
    assert key(aiwork_kg.validate(tmp_path, batch_size=1)) == key(aiwork_kg.validate(tmp_path, batch_size=8)) \
        == key(aiwork_kg.validate(tmp_path))


def test_blank_node_systems_and_several_systems_in_one_file():
    data = PREFIXES.encode() + b"""
[] a aiw:AISystem ; aiw:hasActivity [ a aiw:Use ] ; aiw:hasInput aiw:voice ; aiw:infers aiw:stress ;
   aiw:usedIn aiw:examination ; aiw:targets aiw:students ; aiw:hasPurpose aiw:examIntegrity .
ex:other a aiw:AISystem ; aiw:infers aiw:pain .
"""
    run = aiwork_kg.validate(data)
    by_verdict = {r.verdict: r for r in run.results}
    assert set(by_verdict) == {"prohibited", "not-prohibited"}
    assert by_verdict["prohibited"].system.startswith("_:")


def test_graph_input_and_lists_of_sources():
    g = Graph().parse(data=ttl(), format="turtle")
    run = aiwork_kg.validate([g, ttl(name="x", infers="aiw:drowsiness")])
    assert [r.verdict for r in run.results] == ["prohibited", "not-prohibited"]
    assert run.results[0].source == "<graph 1>" and run.exit_code == 1


def test_peer_vocabulary_aliases_are_read_as_project_terms():
    data = PREFIXES.encode() + b"""
ex:s a airo:AISystem ; aiw:hasActivity [ a aiw:Use ; aiw:date "2025-05-05"^^xsd:date ] ;
   aiw:hasInput aiw:faceImage ; aiw:infers aiw:sadness ; airo:isUsedWithinLocality vair:EducationalSetting ;
   airo:hasAISubject vair:Student ; aiw:hasPurpose aiw:productivityMonitoring .
"""
    v = one(data)
    assert v.verdict == "prohibited"
    assert {s.condition: s for s in v.steps}["setting"].fact == "https://w3id.org/vair#EducationalSetting"


# --- errors ----------------------------------------------------------------------------------

def test_broken_input_is_reported_with_line_and_the_rest_still_validated(tmp_path):
    (tmp_path / "good.ttl").write_bytes(ttl())
    (tmp_path / "bad.ttl").write_text("@prefix aiw: <https://w3id.org/aiwork/ontology#> .\n\nex:s a aiw:AISystem .\n")
    (tmp_path / "none.ttl").write_text("@prefix ex: <https://example.org/> .\nex:a ex:b ex:c .\n")
    run = aiwork_kg.validate(tmp_path)
    assert [r.verdict for r in run.results] == ["prohibited"]
    errors = {e.source.rsplit("/", 1)[1]: e for e in run.errors}
    assert errors["bad.ttl"].line == 3 and "syntax" in errors["bad.ttl"].message
    assert "describes no AI system" in errors["none.ttl"].message
    assert run.exit_code == 2


def test_empty_folder_and_missing_file_are_errors(tmp_path):
    run = aiwork_kg.validate([tmp_path, tmp_path / "nope.ttl"])
    assert len(run.errors) == 2 and run.exit_code == 2
    assert "no RDF files" in run.errors[0].message or "no RDF files" in run.errors[1].message


def test_json_in_a_folder_is_read_only_when_it_is_json_ld(tmp_path):
    (tmp_path / "manifest.json").write_text('{"entries": []}')
    (tmp_path / "d.json").write_text(json.dumps({
        "@context": "https://w3id.org/aiwork/context.jsonld", "@id": "https://example.org/j", "@type": "AISystem",
        "infers": "pain"}))
    run = aiwork_kg.validate(tmp_path)
    assert not run.errors and [r.reasons for r in run.results] == [["physicalStateOnly"]]


def test_json_ld_with_the_shipped_context_parses_offline():
    doc = {"@context": "https://w3id.org/aiwork/context.jsonld", "id": "https://example.org/j", "type": "AISystem",
           "hasActivity": {"type": "Use", "date": "2025-09-01"}, "hasInput": ["voice"], "infers": ["anxiety"],
           "usedIn": "onlineEducation", "targets": "students", "hasPurpose": "examIntegrity", "useRequired": True}
    v = one(json.dumps(doc).encode())
    assert v.verdict == "prohibited" and v.as_of == "2025-09-01"


@pytest.mark.parametrize("context", [
    "https://example.org/context.jsonld",
    {"@import": "https://example.org/context.jsonld"},
    {"x": {"@id": "https://example.org/x", "@context": "https://example.org/scoped.jsonld"}},
])
def test_remote_json_ld_contexts_are_refused(context):
    doc = {"@context": context, "@id": "https://example.org/j", "@type": "https://w3id.org/aiwork/ontology#AISystem"}
    run = aiwork_kg.validate(json.dumps(doc).encode())
    assert run.exit_code == 2 and "never fetched" in run.errors[0].message


# --- the naive route agrees ------------------------------------------------------------------

@pytest.mark.parametrize("kw", [dict(), dict(purpose=None)])
def test_naive_route_with_rdfs_inference_gives_the_same_verdict(kw):
    """pySHACL with the ontology and RDFS inference (no closure mixed in) + verdict_from_report."""
    import pyshacl

    from aiwork_kg.ontology import load_ontology
    from aiwork_kg.validator import evaluation_triples, shapes_graph

    data = Graph().parse(data=ttl(**kw), format="turtle")
    evaluation_triples(data, "2025-07-01")
    _, report, _ = pyshacl.validate(data, shacl_graph=shapes_graph(), ont_graph=load_ontology(),
                                    inference="rdfs", allow_infos=True, allow_warnings=True)
    naive = verdict_from_report(report, data, reading="act-text", as_of="2025-07-01")
    batch = aiwork_kg.validate(ttl(**kw), as_of="2025-07-01").results
    assert [(v.verdict, v.reasons, v.risk_categories, v.missing) for v in naive] == \
        [(v.verdict, v.reasons, v.risk_categories, v.missing) for v in batch]
