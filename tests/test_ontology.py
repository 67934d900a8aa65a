"""Tests of the ontology (ontology/aiwork.ttl) and of aiwork_kg.ontology / aiwork_kg.vocab.

The reasoner tests run HermiT through owlready2 over ontology + alignments + imports: the
ontology must be consistent with no unsatisfiable class, contradictory facts must make it
inconsistent (the lines the law draws are real axioms), and the defined classes of the OWL
classification route must classify descriptions as Art. 5(1)(f) reads.
"""
from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from aiwork_kg import ontology
from aiwork_kg.namespaces import AIW, PD, DPV

ROOT = Path(__file__).resolve().parent.parent
BASE = "https://w3id.org/aiwork/"
CONCEPT = BASE + "concept/"
EU = BASE + "provision/eu/reg/2024/1689/"
GDPR = BASE + "provision/eu/reg/2016/679/"
BEK = BASE + "provision/dk/bek/2025/arbejdstilsynet-ai/"
VOCAB_DECISION = ROOT / "docs" / "decisions" / "2026-11-23-vocabulary-for-descriptions-and-verdicts.md"
DK_ORDER = ROOT / "sources" / "dk-executive-order-arbejdstilsynet-ai-2025.da.txt"


@pytest.fixture(scope="module")
def own() -> Graph:
    """aiwork.ttl alone (what we author)."""
    g = Graph()
    g.parse(ontology.ontology_paths()[0], format="turtle")
    return g


@pytest.fixture(scope="module")
def full() -> Graph:
    return ontology.load_ontology(with_imports=True)


def own_terms(g: Graph) -> set[URIRef]:
    """Every IRI aiwork.ttl describes in the aiw: namespace or under concept/."""
    return {s for s in g.subjects(RDF.type, None)
            if isinstance(s, URIRef) and (str(s).startswith(str(AIW)) or str(s).startswith(CONCEPT))}


def local(term: URIRef) -> str:
    return str(term).split("#", 1)[-1]


# --------------------------------------------------------------------------------------------
# Reasoning (HermiT)
# --------------------------------------------------------------------------------------------

@pytest.mark.slow
def test_ontology_alignments_and_imports_are_consistent_without_unsatisfiable_classes():
    report = ontology.check_consistency(with_imports=True)
    assert report.consistent, report.message
    assert report.unsatisfiable == [], report.unsatisfiable
    assert report.ok
    assert [p.name for p in report.files][:2] == ["aiwork.ttl", "alignments.ttl"]
    assert {p.name for p in report.files} >= {"dpv_import.ttl", "airo_import.ttl", "vair_import.ttl", "eli_import.ttl"}


def _facts(*triples) -> Graph:
    g = Graph()
    for t in triples:
        g.add(t)
    return g


X = URIRef("https://example.org/x")


@pytest.mark.slow
@pytest.mark.parametrize("facts, why", [
    (_facts((X, RDF.type, AIW.Emotion), (X, RDF.type, AIW.PhysicalState)),
     "an emotion is not a physical state (recital 18)"),
    (_facts((AIW.pain, RDF.type, AIW.Emotion)),
     "pain is a physical state, so it cannot be an emotion"),
])
def test_contradicting_the_lines_the_law_draws_is_inconsistent(facts, why):
    report = ontology.check_consistency(with_imports=False, extra=[facts])
    assert not report.consistent, why


@pytest.mark.slow
def test_every_line_the_law_draws_makes_a_crossing_class_unsatisfiable():
    """One reasoner run: a probe class under both sides of each line must be unsatisfiable
    (and reported so), while a probe on one side stays satisfiable."""
    probes = {
        "ExpressionAsEmotionalState": [AIW.ReadilyApparentExpression, AIW.EmotionalState],  # recital 18
        "IntentionAsEmotion": [AIW.Intention, AIW.Emotion],
        "BiometricAndNot": [AIW.BiometricData, AIW.NonBiometricData],
        "WorkplaceAndOther": [AIW.WorkplaceSetting, AIW.OtherSetting],
        "EducationAndOther": [AIW.EducationSetting, AIW.OtherSetting],
        "MedicalAndOtherPurpose": [AIW.MedicalPurpose, AIW.OtherPurpose],
        "ClaimAsLaw": [AIW.Claim, AIW.Provision],  # an interpretation is not law
        "AIAndNonAI": [AIW.AISystem, AIW.NonAISystem],
        "UseAndPlacing": [AIW.Use, AIW.PlacingOnTheMarket],
    }
    g = Graph()
    for name, supers in probes.items():
        c = URIRef("https://example.org/probe#" + name)
        g.add((c, RDF.type, OWL.Class))
        for sup in supers:
            g.add((c, RDFS.subClassOf, sup))
    fine = URIRef("https://example.org/probe#EmotionAtWork")  # a control that must stay satisfiable
    g.add((fine, RDF.type, OWL.Class)); g.add((fine, RDFS.subClassOf, AIW.Emotion))
    report = ontology.check_consistency(with_imports=False, extra=[g])
    assert report.consistent  # no individual of the probes, so only they are unsatisfiable
    assert set(report.unsatisfiable) == {"https://example.org/probe#" + n for n in probes}
    assert not report.ok


@pytest.mark.slow
def test_defined_classes_classify_descriptions_as_article_5_1_f_reads():
    s = {n: URIRef(f"https://example.org/system/{n}") for n in
         ("prohibitedShape", "fatigueOnly", "customers", "textOnly", "intentions", "medicalOnly")}
    g = Graph()

    def system(iri, infers, inputs, setting, targets, purposes=()):
        g.add((iri, RDF.type, AIW.AISystem))
        for v in infers:
            g.add((iri, AIW.infers, v))
        for v in inputs:
            g.add((iri, AIW.hasInput, v))
        g.add((iri, AIW.usedIn, setting))
        g.add((iri, AIW.targets, targets))
        for p in purposes:
            g.add((iri, AIW.hasPurpose, p))

    system(s["prohibitedShape"], [AIW.anger], [AIW.voice], AIW.customerService, AIW.customers)
    g.remove((s["prohibitedShape"], AIW.usedIn, AIW.customerService))
    g.remove((s["prohibitedShape"], AIW.targets, AIW.customers))
    g.add((s["prohibitedShape"], AIW.usedIn, AIW.remoteWork))
    g.add((s["prohibitedShape"], AIW.targets, AIW.workers))
    g.add((s["prohibitedShape"], AIW.hasPurpose, AIW.productivityMonitoring))
    system(s["fatigueOnly"], [AIW.fatigue], [AIW.eyeMovement], AIW.workplace, AIW.workers)
    system(s["customers"], [AIW.satisfaction], [AIW.faceVideo], AIW.retail, AIW.customers)
    system(s["textOnly"], [AIW.frustration], [AIW.writtenText], AIW.workplace, AIW.workers)
    system(s["intentions"], [AIW.intentionToDeceive], [AIW.voice], AIW.recruitment, AIW.jobApplicants)
    system(s["medicalOnly"], [AIW.stress], [AIW.heartRate], AIW.workplace, AIW.workers, [AIW.therapeuticPurpose])
    # close the purposes of medicalOnly (the OWL route adds such closure axioms)
    only = BNode(); g.add((only, RDF.type, OWL.Restriction)); g.add((only, OWL.onProperty, AIW.hasPurpose))
    g.add((only, OWL.allValuesFrom, AIW.MedicalOrSafetyPurpose)); g.add((s["medicalOnly"], RDF.type, only))

    import owlready2
    world, onto = ontology.owl_world(with_imports=False, extra=[g])
    with onto:
        owlready2.sync_reasoner_hermit(world, debug=0, ignore_unsupported_datatypes=True)

    def classes(iri):
        ind = world[str(iri)]
        return {c.name for c in ind.INDIRECT_is_a if hasattr(c, "name")}

    candidate, candidate_i = "Art5-1-f-CandidateSystem", "Art5-1-f-CandidateSystemIntentionsCovered"
    c = classes(s["prohibitedShape"])
    assert {candidate, "EmotionRecognitionSystem", "SystemWithNonExceptedPurpose"} <= c
    c = classes(s["fatigueOnly"])
    assert "PhysicalStateInferringSystem" in c and candidate not in c and "EmotionRecognitionSystem" not in c
    c = classes(s["customers"])
    assert "EmotionRecognitionSystem" in c and candidate not in c  # high-risk, not prohibited
    c = classes(s["textOnly"])
    assert "EmotionInferringSystem" in c and "BiometricInputSystem" not in c and candidate not in c
    c = classes(s["intentions"])  # the AP's reading covers it, the Act's text does not
    assert candidate_i in c and candidate not in c and "EmotionRecognitionSystem" in c
    c = classes(s["medicalOnly"])
    assert {candidate, "ExclusivelyMedicalOrSafetySystem"} <= c and "SystemWithNonExceptedPurpose" not in c


# --------------------------------------------------------------------------------------------
# Labels, definitions, sources
# --------------------------------------------------------------------------------------------

def test_every_term_has_one_preflabel_per_language_an_english_label_and_definition(own):
    terms = own_terms(own)
    assert len(terms) > 250
    problems = []
    for t in sorted(terms, key=str):
        labels = [o for o in own.objects(t, SKOS.prefLabel)]
        for lang in ("en", "da", "nl"):
            n = sum(1 for o in labels if isinstance(o, Literal) and o.language == lang)
            if n != 1:
                problems.append(f"{t}: {n} skos:prefLabel @{lang}")
        if any(not isinstance(o, Literal) or o.language not in ("en", "da", "nl") for o in labels):
            problems.append(f"{t}: prefLabel without en/da/nl tag")
        if not any(isinstance(o, Literal) and o.language == "en" for o in own.objects(t, RDFS.label)):
            problems.append(f"{t}: no rdfs:label @en")
        if not any(isinstance(o, Literal) and o.language == "en" and len(str(o)) > 15
                   for o in own.objects(t, SKOS.definition)):
            problems.append(f"{t}: no English skos:definition")
    assert problems == []


def test_no_two_terms_share_a_preferred_label_in_a_language(own):
    seen, clashes = {}, []
    for s, o in own.subject_objects(SKOS.prefLabel):
        key = (o.language, str(o).lower())
        if key in seen and seen[key] != s:
            clashes.append((key, seen[key], s))
        seen[key] = s
    assert clashes == []


def test_danish_and_dutch_labels_use_the_ai_act_terminology(own):
    def pref(term, lang):
        return next(str(o) for o in own.objects(term, SKOS.prefLabel) if o.language == lang)
    expected = {
        AIW.AISystem: ("AI-system", "AI-systeem"),
        AIW.Provider: ("udbyder", "aanbieder"),
        AIW.Deployer: ("idriftsætter", "gebruiksverantwoordelijke"),
        AIW.EmotionRecognitionSystem: ("følelsesgenkendelsessystem", "systeem voor het herkennen van emoties"),
        AIW.BiometricData: ("biometriske data", "biometrische gegevens"),
        AIW.PlacingOnTheMarket: ("bringe i omsætning", "in de handel brengen"),
        AIW.PuttingIntoService: ("ibrugtagning", "in gebruik stellen"),
        AIW.IntendedPurpose: ("tilsigtet formål", "beoogd doel"),
    }
    for term, (da, nl) in expected.items():
        assert (pref(term, "da"), pref(term, "nl")) == (da, nl), term


def test_core_legal_terms_and_verdict_values_are_defined_in_danish_and_dutch_too(own):
    core = [AIW.AISystem, AIW.EmotionRecognitionSystem, AIW.Provider, AIW.Deployer, AIW.PlacingOnTheMarket,
            AIW.PuttingIntoService, AIW.IntendedPurpose, AIW.BiometricData, AIW.Emotion, AIW.Intention,
            AIW.PhysicalState, AIW.ReadilyApparentExpression, AIW.WorkplaceSetting, AIW.EducationSetting,
            AIW.MedicalPurpose, AIW.SafetyPurpose, AIW.prohibitionF]
    core += list(own.subjects(RDF.type, AIW.Verdict)) + list(own.subjects(RDF.type, AIW.VerdictReason))
    core += list(own.subjects(RDF.type, AIW.Reading)) + list(own.subjects(RDF.type, AIW.RiskCategory))
    for t in core:
        langs = sorted(o.language for o in own.objects(t, SKOS.definition))
        assert langs == ["da", "en", "nl"], (t, langs)


def test_every_term_cites_its_source_by_iri(own):
    problems = []
    for t in sorted(own_terms(own), key=str):
        sources = [o for o in own.objects(t, DCTERMS.source)]
        if not sources or not all(isinstance(o, URIRef) for o in sources):
            problems.append(f"{t}: needs dcterms:source IRIs, has {sources}")
            continue
        for o in sources:
            if not (str(o).startswith(BASE) or str(o).startswith("http://data.europa.eu/eli/")):
                problems.append(f"{t}: source {o} is neither a project unit nor an ELI")
    assert problems == []


def test_definitions_of_emotions_cite_recital_18(own):
    eleven = ["happiness", "sadness", "anger", "surprise", "disgust", "embarrassment", "excitement",
              "shame", "contempt", "satisfaction", "amusement"]
    for name in eleven:
        assert (AIW[name], RDF.type, AIW.Emotion) in own
        assert (AIW[name], DCTERMS.source, URIRef(EU + "rct_18")) in own, name
    for name in ("pain", "fatigue"):
        assert (AIW[name], RDF.type, AIW.PhysicalState) in own
        assert (AIW[name], DCTERMS.source, URIRef(EU + "rct_18")) in own


# --------------------------------------------------------------------------------------------
# Contracts with the other parts
# --------------------------------------------------------------------------------------------

def test_every_term_named_in_the_vocabulary_decision_is_defined(own):
    text = VOCAB_DECISION.read_text(encoding="utf-8")
    names = set(re.findall(r"aiw:([A-Za-z][A-Za-z0-9_-]*[A-Za-z0-9])", text))
    assert len(names) > 150  # the decision file names that many terms; guards the regex
    defined = {local(t) for t in own_terms(own) if str(t).startswith(str(AIW))}
    assert sorted(names - defined) == []


def test_unit_model_link_model_and_claim_terms_are_defined(own):
    needed = """SourceUnit SourceDocument Provision Paragraph Section Criterion Question Footnote AnnexItem
    Chapter Summary Condition ExceptionClause Position Ground Signatory BibliographicReference Finding
    IglooLevel DateStatement SourceText Subsection ListItem order number text lineStart lineEnd
    CrossSourceLink linkSubject linkRelation linkObject evidence checked linkedTo cites quotes interprets
    paraphrases respondsTo correspondsTo isAboutConcept Claim Disagreement concerns position statedIn
    claimText stance intentionsCovered intentionsNotCovered fullBanUrged exceptionAsEnacted
    EmotionInferringSystem SystemUsedAtWorkOrInEducation BiometricInputSystem Art5-1-f-CandidateSystem
    DateOfApplication appliesFrom provision specialCategoryUnder""".split()
    defined = {local(t) for t in own_terms(own)}
    assert [n for n in needed if n not in defined] == []
    for rel in ("cites", "quotes", "interprets", "paraphrases", "respondsTo", "correspondsTo", "isAboutConcept"):
        assert (AIW[rel], RDFS.subPropertyOf, AIW.linkedTo) in own


def test_value_individuals_are_named_individuals_and_concepts_in_a_scheme(own):
    value_classes = [AIW.InputData, AIW.InferenceTarget, AIW.ReadilyApparentExpression, AIW.Setting,
                     AIW.PersonCategory, AIW.Purpose, AIW.Prohibition, AIW.RiskCategory, AIW.Verdict,
                     AIW.VerdictReason, AIW.Reading, AIW.Stance, AIW.PersonalDataCategory,
                     AIW.IglooLevel, AIW.AIType]
    sub = {}
    for s, o in own.subject_objects(RDFS.subClassOf):
        sub.setdefault(o, set()).add(s)

    def below(c):
        out, todo = {c}, [c]
        while todo:
            for s in sub.get(todo.pop(), ()):
                if s not in out:
                    out.add(s); todo.append(s)
        return out

    count = 0
    for vc in value_classes:
        for c in below(vc):
            for ind in own.subjects(RDF.type, c):
                if (ind, OWL.deprecated, Literal(True)) in own:
                    continue
                count += 1
                assert (ind, RDF.type, OWL.NamedIndividual) in own, ind
                assert (ind, RDF.type, SKOS.Concept) in own, ind
                scheme = own.value(ind, SKOS.inScheme)
                assert scheme is not None and (scheme, RDF.type, SKOS.ConceptScheme) in own, ind
    assert count > 120


def test_no_punning_of_our_terms(own):
    kinds = {"class": {OWL.Class}, "individual": {OWL.NamedIndividual},
             "object": {OWL.ObjectProperty}, "datatype": {OWL.DatatypeProperty},
             "annotation": {OWL.AnnotationProperty}}
    for t in own_terms(own):
        types = set(own.objects(t, RDF.type))
        found = [k for k, v in kinds.items() if types & v]
        assert len(found) <= 1, f"{t} is declared as {found}"


def test_ontology_header():
    g = Graph()
    g.parse(ontology.ontology_paths()[0], format="turtle")
    o = ontology.ONTOLOGY_IRI
    assert (o, RDF.type, OWL.Ontology) in g
    assert str(g.value(o, OWL.versionInfo)) == "0.1.0"
    assert g.value(o, OWL.versionIRI) == URIRef(BASE + "ontology/0.1.0")
    assert {t.language for t in g.objects(o, DCTERMS.title)} == {"en", "da", "nl"}
    assert g.value(o, DCTERMS.license) == URIRef("https://creativecommons.org/licenses/by/4.0/")
    assert g.value(o, DCTERMS.creator) is not None
    # the imports are the released import files (aiwork_kg.ontology_release); the OWL route
    # removes them before owlready2 loads the graph, so nothing is fetched
    assert {str(i) for i in g.objects(o, OWL.imports)} == {
        BASE + f"ontology/0.1.0/imports/{name}" for name in ("airo", "dpv", "eli", "terms", "vair")}
    assert not list(ontology._merged(True, []).objects(None, OWL.imports))


# --------------------------------------------------------------------------------------------
# Concept schemes: the Danish § 3 categories, IGLOO, BFA AI types; prohibitions; dates
# --------------------------------------------------------------------------------------------

def _printed_categories() -> dict[int, str]:
    """The numbered list of § 3 as printed in the source text (joined across line breaks)."""
    text = DK_ORDER.read_text(encoding="utf-8")
    start = text.index("§ 3.")
    end = text.index("Kapitel 2", start)
    block = re.sub(r"(\w)-[ \t]*\n\s*([a-zæøå])", r"\1\2", text[start:end])  # de-hyphenate line breaks
    block = " ".join(block.split())
    items = re.findall(r"(\d+)\) (.+?)\.(?= \d+\) |$)", block)
    return {int(n): label.strip() for n, label in items}


def test_dk_categories_are_the_sixteen_of_paragraph_3_as_printed(full):
    printed = _printed_categories()
    assert sorted(printed) == list(range(1, 17))
    scheme = URIRef(CONCEPT + "dk-pd-category")
    members = sorted(full.subjects(SKOS.inScheme, scheme), key=lambda c: int(str(c).rsplit("/", 1)[1]))
    assert [str(m) for m in members] == [f"{CONCEPT}dk-pd-category/{n}" for n in range(1, 17)]
    for n, concept in enumerate(members, 1):
        da = next(str(o) for o in full.objects(concept, SKOS.prefLabel) if o.language == "da")
        assert da == printed[n], (n, da, printed[n])
        assert (concept, DCTERMS.source, URIRef(f"{BEK}par_3/nr_{n}")) in full
        assert (concept, RDF.type, AIW.PersonalDataCategory) in full


def test_each_dk_category_matches_a_declared_dpv_concept(full):
    dpv_imports = Graph()
    dpv_imports.parse(ontology.import_paths()[[p.name for p in ontology.import_paths()].index("dpv_import.ttl")])
    declared = set(dpv_imports.subjects(RDF.type, OWL.Class))
    matches = (SKOS.exactMatch, SKOS.closeMatch, SKOS.broadMatch, SKOS.narrowMatch)
    for n in range(1, 17):
        concept = URIRef(f"{CONCEPT}dk-pd-category/{n}")
        targets = {o for p in matches for o in full.objects(concept, p)
                   if str(o).startswith(str(PD)) or str(o).startswith(str(DPV))}
        assert targets, f"category {n} has no DPV match"
        assert targets <= declared, targets - declared
    assert (URIRef(CONCEPT + "dk-pd-category/1"), SKOS.exactMatch, PD.Name) in full
    assert (URIRef(CONCEPT + "dk-pd-category/12"), SKOS.closeMatch, PD.CriminalOffence) in full


def test_dk_categories_point_at_the_right_gdpr_article(full):
    art9, art10 = URIRef(GDPR + "art_9"), URIRef(GDPR + "art_10")
    for n in range(1, 17):
        concept = URIRef(f"{CONCEPT}dk-pd-category/{n}")
        special = set(full.objects(concept, AIW.specialCategoryUnder))
        rules = set(full.objects(concept, AIW.specialRulesUnder)) | special
        if n in (8, 9, 10, 11, 13, 14, 15):
            assert special == {art9}, n
            assert (concept, SKOS.broadMatch, DPV.SpecialCategoryPersonalData) in full
        elif n == 12:  # criminal offences: GDPR Art. 10, not a special category of Art. 9
            assert rules == {art10} and not special
            assert (concept, SKOS.broadMatch, DPV.SpecialCategoryPersonalData) not in full
        else:
            assert art9 not in rules and art10 not in rules, n
    assert (AIW.specialCategoryUnder, RDFS.subPropertyOf, AIW.specialRulesUnder) in full


def test_igloo_levels_and_bfa_ai_types(own):
    levels = set(own.subjects(SKOS.inScheme, URIRef(CONCEPT + "igloo-level")))
    assert levels == {URIRef(f"{CONCEPT}igloo-level/{s}") for s in
                      ("individual", "group", "leadership", "organisation", "context")}
    assert all((lv, RDF.type, AIW.IglooLevel) in own for lv in levels)
    types = set(own.subjects(SKOS.inScheme, URIRef(CONCEPT + "bfa-ai-type")))
    assert types == {URIRef(CONCEPT + "bfa-ai-type/machine-learning"), URIRef(CONCEPT + "bfa-ai-type/generative-ai")}


def test_prohibitions_a_to_h_point_at_their_points_of_article_5_1(own):
    found = {}
    for p in own.subjects(RDF.type, AIW.Prohibition):
        found[str(own.value(p, SKOS.notation))] = own.value(p, AIW.provision)
    assert found == {L: URIRef(f"{EU}art_5/par_1/pnt_{L.lower()}") for L in "ABCDEFGH"}
    assert found["F"] == URIRef(EU + "art_5/par_1/pnt_f")


def test_dates_of_application_follow_article_113(own):
    dates = {}
    for d in own.subjects(RDF.type, AIW.DateOfApplication):
        value = own.value(d, AIW.appliesFrom)
        dates[value.toPython()] = set(own.objects(d, AIW.provision))
        assert (d, DCTERMS.source, URIRef(EU + "art_113")) in own
    assert sorted(dates) == [date(2024, 8, 1), date(2025, 2, 2), date(2025, 8, 2), date(2026, 8, 2), date(2027, 8, 2)]
    assert URIRef(EU + "art_5") in dates[date(2025, 2, 2)]
    assert URIRef(EU + "art_5/par_1/pnt_f") in dates[date(2025, 2, 2)]
    assert URIRef(EU + "art_78") in dates[date(2025, 8, 2)]
    assert URIRef(EU + "art_50/par_3") in dates[date(2026, 8, 2)]
    assert URIRef(EU + "art_6/par_1") in dates[date(2027, 8, 2)]


# --------------------------------------------------------------------------------------------
# The library functions and the generated namespace
# --------------------------------------------------------------------------------------------

def test_load_ontology_returns_independent_copies_and_adds_imports():
    a = ontology.load_ontology()
    n = len(a)
    a.add((X, RDF.type, AIW.Emotion))
    b = ontology.load_ontology()
    assert len(b) == n and (X, RDF.type, AIW.Emotion) not in b
    with_imports = ontology.load_ontology(with_imports=True)
    assert len(with_imports) > n
    assert (URIRef("https://w3id.org/vair#Workplace"), RDF.type, OWL.Class) in with_imports
    assert (URIRef("https://w3id.org/vair#Workplace"), RDF.type, OWL.Class) not in b


def test_load_ontology_reports_a_bad_file_by_name_and_line(tmp_path, monkeypatch):
    bad = tmp_path / "aiwork.ttl"
    bad.write_text("@prefix aiw: <https://w3id.org/aiwork/ontology#> .\n\naiw:X a aiw:Y\naiw:Z a .\n", encoding="utf-8")
    monkeypatch.setattr(ontology, "ontology_paths", lambda: [bad])
    with pytest.raises(ontology.OntologyError) as err:
        ontology.load_ontology()
    assert str(bad) in str(err.value) and "line" in str(err.value).lower()
    monkeypatch.setattr(ontology, "ontology_paths", lambda: [tmp_path / "missing.ttl"])
    with pytest.raises(ontology.OntologyError, match="missing.ttl: ontology file not found"):
        ontology.load_ontology()


def test_terms_lists_the_aiw_terms(own):
    terms = ontology.terms()
    assert AIW.Emotion in terms and AIW.infers in terms and AIW["Art5-1-f-CandidateSystem"] in terms
    assert all(str(t).startswith(str(AIW)) for t in terms)


def test_vocab_module_is_in_sync_with_the_ontology(own):
    from aiwork_kg.docgen import regenerate

    result = regenerate(check=True, only=["src/aiwork_kg/vocab.py"])  # what `aiwork-kg docs --check` runs
    assert [f.name for f in result.files] == ["src/aiwork_kg/vocab.py"]
    assert result.ok, "src/aiwork_kg/vocab.py is out of date with ontology/aiwork.ttl: run aiwork-kg docs"

    from aiwork_kg.vocab import AIW as V
    assert V.Emotion == AIW.Emotion and V["Art5-1-f-CandidateSystem"] == AIW["Art5-1-f-CandidateSystem"]
    with pytest.raises(AttributeError):
        V.Emoton  # noqa: B018 - a name the ontology does not define
    defined = {t for t in own_terms(own) if str(t).startswith(str(AIW))}
    assert {URIRef(V._NS[n]) for n in V.__annotations__ if not n.startswith("_")} | \
        {URIRef(V._NS[n]) for n in V._extras} == defined
