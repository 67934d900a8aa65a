"""Issue 10, sections 2 and 3: the Commission's guidance as sources at paragraph level, the
exception shown rather than presumed, the system apart from this use, and who enforces.

Expectations come from the law and the guidance (Art. 5(1)(f) "intended to be put in place or
into the market for medical or safety reasons"; recital 44 "strictly"; Art. 2(10); Annex III
1(c)), never from the validator's output."""
from __future__ import annotations

import json

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS

import aiwork_kg
from aiwork_kg.namespaces import AIW, AIWSH, EU_AIACT
from aiwork_kg.paths import DATA_DIR, EXAMPLES_DIR
from aiwork_kg.validator.results import SCHEMA_FILE
from aiwork_kg.validator.shapes import READINGS, shapes_graph

PREFIXES = """@prefix aiw: <https://w3id.org/aiwork/ontology#> .
@prefix ex: <https://example.org/g/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""
GUIDELINES = "https://w3id.org/aiwork/doc/eu-commission-guidelines-prohibited-ai-practices-2025"
SECTION = GUIDELINES + "/art5-1-f/"
ART50 = "https://w3id.org/aiwork/doc/eu-commission-guidelines-transparency-art50-2026/art50-3"
ONLY_MEDICAL_OR_SAFETY = {"en": "Only a stated medical or safety purpose", "da": "Kun et angivet medicinsk",
                          "nl": "Alleen een vermeld medisch of veiligheidsdoel"}


def system(*, purpose: str | None = None, used_in: str | None = "aiw:workplace",
           activity: str = "aiw:Use", infers: str = "aiw:anger") -> bytes:
    props = [f'aiw:hasActivity [ a {activity} ; aiw:date "2026-03-02"^^xsd:date ]',
             "aiw:hasInput aiw:voice", f"aiw:infers {infers}", "aiw:targets aiw:workers"]
    if used_in:
        props.append(f"aiw:usedIn {used_in}")
    if purpose:
        props.append(f"aiw:hasPurpose {purpose}")
    return (PREFIXES + "ex:s a aiw:AISystem ;\n    " + " ;\n    ".join(props) + " .\n").encode()


def one(data: bytes, **kw):
    run = aiwork_kg.validate(data, **kw)
    assert not run.errors, run.errors
    (result,) = run.results
    return result


def steps(v) -> dict:
    return {s.condition: s for s in v.steps}


# --- 3(a): the exception must be shown, not presumed -------------------------------------------

@pytest.mark.parametrize("reading", READINGS)
def test_no_purpose_at_all_is_prohibited_under_every_reading(reading):
    v = one(system(), reading=reading)
    assert v.verdict == "prohibited" and v.missing == []
    assert v.risk_categories == ["prohibitedPractice"]


@pytest.mark.parametrize("lang", ["en", "da", "nl"])
def test_the_explanation_says_only_a_medical_or_safety_purpose_would_change_it(lang):
    v = one(system(), lang=lang)
    exception = steps(v)["exception"]
    assert exception.holds is False
    assert ONLY_MEDICAL_OR_SAFETY[lang] in exception.text
    assert exception.shapes == [str(AIWSH["Exception-NotShown"])]
    assert SECTION + "medical-safety-exception" in exception.national_units


def test_a_medical_or_safety_purpose_still_excepts_and_another_still_prohibits():
    assert one(system(purpose="aiw:accidentPrevention")).verdict == "excepted"
    assert one(system(purpose="aiw:marketing")).verdict == "prohibited"


def test_other_missing_facts_still_give_insufficient_information():
    v = one(system(used_in=None))
    assert v.verdict == "insufficient-information"
    assert v.missing == ["hasPurpose", "usedIn"]  # a purpose would still decide once the setting is known


def test_a_purpose_of_no_known_class_is_not_read_as_no_purpose():
    v = one(system(purpose="ex:ourOwnPurpose"))
    assert v.verdict == "insufficient-information" and v.missing == ["hasPurpose"]
    assert steps(v)["exception"].holds is None


def test_a_failing_condition_still_settles_without_a_purpose():
    # fatigue is a physical state (recital 18): not prohibited, whatever the purpose
    v = one(system(infers="aiw:fatigue"))
    assert v.verdict == "not-prohibited" and v.reasons == ["physicalStateOnly"]


# --- 3(b): the system and this use are two things ---------------------------------------------

PERSONAL = system(activity="aiw:PersonalNonProfessionalActivity", used_in="aiw:home",
                  purpose="aiw:personalWellbeing", infers="aiw:stress")


def test_personal_use_is_outside_the_act_but_the_system_stays_high_risk():
    v = one(PERSONAL)
    assert v.verdict == "not-prohibited" and "outsideScopeOfAct" in v.reasons
    assert v.risk_categories == []                           # nothing applies to this use
    assert v.system_risk_categories == ["highRiskAnnexIII1c"]  # the system as such (Annex III 1(c))
    step = steps(v)["systemAndUse"]
    assert "Art. 2(10)" in step.text and "Annex III 1(c)" in step.text


@pytest.mark.parametrize("lang,words", [("en", "The system as such"), ("da", "Systemet som sådan"),
                                        ("nl", "Het systeem als zodanig")])
def test_the_system_classification_is_in_the_text_output(lang, words):
    from aiwork_kg.validator.render import render_text

    run = aiwork_kg.validate(PERSONAL, lang=lang)
    text = render_text(run)
    assert f"{words}: " in text and "(highRiskAnnexIII1c)" in text


def test_the_system_classification_is_in_the_json_output_and_schema():
    jsonschema = pytest.importorskip("jsonschema")
    doc = json.loads(aiwork_kg.validate(PERSONAL).to_json())
    jsonschema.validate(doc, json.loads(SCHEMA_FILE.read_text(encoding="utf-8")))
    (result,) = doc["results"]
    assert result["risk_categories"] == [] and result["system_risk_categories"] == ["highRiskAnnexIII1c"]
    assert result["system_risk_category_labels"]


def test_the_system_classification_is_in_the_turtle_output():
    from aiwork_kg.validator.render import render_turtle

    run = aiwork_kg.validate(PERSONAL, keep_reports=True)
    g = Graph().parse(data=render_turtle(run), format="turtle")
    s = URIRef("https://example.org/g/s")
    assert (s, AIW.systemRiskCategory, AIW.highRiskAnnexIII1c) in g
    assert (s, RDF.type, EU_AIACT["HighRiskAISystem-AnnexIII-1-c"]) in g
    assert (s, AIW.riskCategory, None) not in g
    assert (s, EU_AIACT.hasRiskLevel, None) not in g  # a risk level belongs to a use


def test_a_system_that_is_not_an_emotion_recognition_system_has_no_system_classification():
    v = one(system(infers="aiw:fatigue"))
    assert v.system_risk_categories == []


def test_the_personal_use_example_in_every_format(cli):
    """Through the command line's entry point: text, JSON and Turtle all carry the system's own
    classification."""
    path = EXAMPLES_DIR / "personal-voice-stress-app-at-home.ttl"
    outputs = {}
    for fmt in ("json", "text", "turtle"):
        result = cli("validate", path, "--format", fmt, "--no-progress")
        assert result.exit_code == 0, result.stderr
        assert "highRiskAnnexIII1c" in result.stdout, fmt
        outputs[fmt] = result.stdout
    assert json.loads(outputs["json"])["results"][0]["system_risk_categories"] == ["highRiskAnnexIII1c"]
    assert "systemRiskCategory" in outputs["turtle"]


# --- 3(c): who enforces -----------------------------------------------------------------------

def test_the_danish_supervisor_is_named_when_the_ban_is_at_stake():
    for lang in ("en", "da", "nl"):
        step = steps(one(system(), lang=lang))["supervision"]
        assert "Digitaliseringsstyrelsen" in step.text
        assert "https://w3id.org/aiwork/provision/dk/lta/2025/467/par_2/stk_2" in [c.iri for c in step.provisions]
    assert "supervision" not in steps(one(system(infers="aiw:fatigue")))


def test_the_designation_is_data_in_the_graph():
    g = Graph().parse(DATA_DIR / "links" / "referenced-documents.ttl")
    agency = URIRef("https://w3id.org/aiwork/agent/digitaliseringsstyrelsen")
    stk2 = URIRef("https://w3id.org/aiwork/provision/dk/lta/2025/467/par_2/stk_2")
    assert (stk2, AIW.designatesAuthority, agency) in g
    assert (agency, AIW.marketSurveillanceAuthorityFor,
            URIRef("https://w3id.org/aiwork/provision/eu/reg/2024/1689/art_5/par_1/pnt_f")) in g
    # no Dutch designation: no act designating the authority was found
    assert not [a for a in g.subjects(AIW.marketSurveillanceAuthorityFor, None) if "autoriteit" in str(a)]


# --- section 2: the guidance at paragraph level -----------------------------------------------

@pytest.fixture(scope="module")
def referenced() -> Graph:
    return Graph().parse(DATA_DIR / "links" / "referenced-documents.ttl")


def test_the_guideline_units_have_no_text_and_say_so(referenced):
    units = [u for u in referenced.subjects(AIW.textInRepository, Literal(False))
             if str(u).startswith(GUIDELINES)]
    assert len(units) >= 10
    for u in units:
        assert (u, AIW.text, None) not in referenced
        assert any(n.language == "en" for n in referenced.objects(u, SKOS.note)), u


def test_paragraph_numbers_in_both_versions_where_known(referenced):
    number = {str(u).rsplit("/", 1)[1]: str(n) for u, n in referenced.subject_objects(AIW.number)
              if str(u).startswith(SECTION)}
    draft = {str(u).rsplit("/", 1)[1]: str(n) for u, n in referenced.subject_objects(AIW.numberInDraft)
             if str(u).startswith(SECTION)}
    assert number["workplace-candidates-probation"] == "254" and draft["workplace-candidates-probation"] == "255"
    assert number["text-not-biometric"] == "251" and draft["text-not-biometric"] == "252"
    for unit, n in draft.items():  # the draft numbers one higher (AP cites 250-255 for 249-254)
        assert int(n) == int(number[unit]) + 1
    assert "customers-not-workers" not in number  # no source gave it: none is invented


STEPS_FOLLOWING_THE_GUIDANCE = {
    # shape or condition: the guideline units it must cite
    "Emotion-Holds": ["emotions-read-widely", "no-relabelling"],
    "conditionEmotion": ["emotions-read-widely", "no-relabelling", "expressions", "physical-states"],
    "Inference-MereDetection": ["expressions"],
    "Emotion-PhysicalStateOnly": ["physical-states"],
    "Biometric-NoBiometricData": ["text-not-biometric"],
    "Setting-Holds": ["workplace-candidates-probation"],
    "Persons-Holds": ["workplace-candidates-probation"],
    "Persons-Others": ["customers-not-workers"],
    "PersonalTraining-WithoutEffect": ["personal-training"],
    "Exception-Holds": ["medical-safety-exception"],
    "Exception-Fails": ["medical-safety-exception"],
    "Exception-NotShown": ["medical-safety-exception"],
    "Art5-1-f-Excepted": ["medical-safety-exception"],
}


@pytest.mark.parametrize("name", sorted(STEPS_FOLLOWING_THE_GUIDANCE))
def test_every_step_following_the_guidance_cites_its_paragraph(name):
    g = shapes_graph("act-text")
    cited = {str(u) for u in g.objects(AIWSH[name], AIW.interpretedBy)}
    for unit in STEPS_FOLLOWING_THE_GUIDANCE[name]:
        assert SECTION + unit in cited, (name, unit)


def test_the_transparency_step_cites_the_art50_guidelines():
    g = shapes_graph("act-text")
    assert URIRef(ART50) in set(g.objects(AIWSH["AnnexIII-1-c-HighRisk"], AIW.interpretedBy))


def test_guideline_citations_in_explanations_carry_the_paragraph_number():
    v = one(system(), lang="en")
    cites = [c.citation for s in v.steps for c in s.interpreted_by if c.iri.startswith(SECTION)]
    assert any("C(2025) 5052 final, para. 247" in c for c in cites)
    assert any("paras 256-259" in c for c in cites)
