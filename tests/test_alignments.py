"""Tests of ontology/alignments.ttl and of the import extracts in ontology/imports/ (and of
tools/make_imports.py, which makes them)."""
from __future__ import annotations

import importlib.util
import json
import subprocess
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from aiwork_kg import ontology
from aiwork_kg.namespaces import AIRO, AIW, ELI, EU_AIACT, VAIR

ROOT = Path(__file__).resolve().parent.parent
IMPORTS = ROOT / "ontology" / "imports"
EXTERNAL = ("https://w3id.org/dpv", "https://w3id.org/airo#", "https://w3id.org/vair#",
            "http://data.europa.eu/eli/ontology#")
MAPPINGS = (SKOS.exactMatch, SKOS.closeMatch, SKOS.broadMatch, SKOS.narrowMatch, SKOS.relatedMatch)


@pytest.fixture(scope="module")
def align() -> Graph:
    g = Graph()
    g.parse(ontology.ontology_paths()[1], format="turtle")
    return g


@pytest.fixture(scope="module")
def imports() -> Graph:
    g = Graph()
    for p in ontology.import_paths():
        g.parse(p, format="turtle")
    return g


@pytest.fixture(scope="module")
def full() -> Graph:
    return ontology.load_ontology(with_imports=True)


def _make_imports():
    spec = importlib.util.spec_from_file_location("make_imports", ROOT / "tools" / "make_imports.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def superclasses(g: Graph, c) -> set:
    out, todo = set(), [c]
    while todo:
        for o in g.objects(todo.pop(), RDFS.subClassOf):
            if o not in out:
                out.add(o)
                todo.append(o)
    return out


def test_every_external_term_the_alignments_use_is_declared_in_an_import(align, imports):
    used = {o for s, p, o in align if isinstance(o, URIRef) and str(o).startswith(EXTERNAL)}
    used |= {s for s, p, o in align if isinstance(s, URIRef) and str(s).startswith(EXTERNAL)}
    assert len(used) > 60
    declared = {s for t in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
                for s in imports.subjects(RDF.type, t)}
    assert sorted(used - declared) == []


def test_alignments_never_claim_equivalence_with_an_external_class(align):
    for s, o in align.subject_objects(OWL.equivalentClass):
        assert not str(o).startswith(EXTERNAL), (s, o)
    assert not list(align.subject_objects(OWL.sameAs))


def test_subclass_and_subproperty_axioms_only_between_terms_of_the_right_kind(full, align):
    for s, o in align.subject_objects(RDFS.subClassOf):
        assert (s, RDF.type, OWL.Class) in full, s
        assert (o, RDF.type, OWL.Class) in full, o
    for s, o in align.subject_objects(RDFS.subPropertyOf):
        assert (s, RDF.type, OWL.ObjectProperty) in full and (o, RDF.type, OWL.ObjectProperty) in full, (s, o)


def test_mapping_properties_are_annotation_properties_so_mappings_stay_dl(full):
    for p in MAPPINGS:
        assert (p, RDF.type, OWL.AnnotationProperty) in full, p


def test_article_5_1_f_is_not_placed_under_dpvs_emotion_recognition_system(full):
    """DPV's Art. 3(39) class includes intentions; the prohibition names emotions only (docs/decisions/2026-11-23-ontology-modelling-and-alignments.md)."""
    ers = EU_AIACT.EmotionRecognitionSystem
    for c in (AIW["Art5-1-f-CandidateSystem"], AIW.EmotionInferringSystem):
        assert ers not in superclasses(full, c)
    assert (AIW.prohibitionF, SKOS.closeMatch, EU_AIACT["ProhibitedAISystem-A5-1-f"]) in full
    assert (AIW["Art5-1-f-CandidateSystem"], SKOS.relatedMatch, EU_AIACT["ProhibitedAISystem-A5-1-f"]) in full
    # the definition of Art. 3(39) is the same, so there the subclass axiom is right
    assert ers in superclasses(full, AIW.EmotionRecognitionSystem)


def test_settings_map_to_vair_localities_and_sectors_only_as_related(full):
    assert VAIR.Workplace in superclasses(full, AIW.WorkplaceSetting)
    assert VAIR.EducationalSetting in superclasses(full, AIW.EducationSetting)
    assert AIRO.LocalityOfUse in superclasses(full, AIW.WorkplaceSetting)
    for ours, sector in ((AIW.WorkplaceSetting, EU_AIACT.EmploymentSector),
                         (AIW.EducationSetting, EU_AIACT.EducationSector)):
        assert sector not in superclasses(full, ours)
        assert (ours, SKOS.relatedMatch, sector) in full


def test_core_terms_are_aligned(full):
    assert {EU_AIACT.AISystem, AIRO.AISystem} <= superclasses(full, AIW.AISystem)
    assert {EU_AIACT.AIProvider, AIRO.AIProvider} <= superclasses(full, AIW.Provider)
    assert {EU_AIACT.AIDeployer, AIRO.AIDeployer} <= superclasses(full, AIW.Deployer)
    assert EU_AIACT.BiometricData in superclasses(full, AIW.PhysiologicalBiometricData)
    assert ELI.LegalResourceSubdivision in superclasses(full, AIW.Provision)
    assert ELI.LegalResource in superclasses(full, AIW.Provision)  # through the ELI extract
    assert (AIW.Emotion, SKOS.closeMatch, URIRef("https://w3id.org/dpv/pd#Emotion")) in full
    assert (AIW.Intention, SKOS.closeMatch, URIRef("https://w3id.org/dpv/pd#Intention")) in full
    assert (AIW.usedIn, RDFS.subPropertyOf, AIRO.isUsedWithinLocality) in full
    assert (AIW.isAboutConcept, RDFS.subPropertyOf, ELI.is_about) in full


def test_every_listed_term_is_in_its_extract_with_its_superclasses():
    mod = _make_imports()
    for name, spec in mod.VOCABS.items():
        g = Graph()
        g.parse(IMPORTS / f"{name}_import.ttl", format="turtle")
        terms = mod.read_terms(IMPORTS / f"{name}_terms.txt", spec["prefixes"])
        assert terms, name
        for t in terms:
            assert (t, RDF.type, OWL.Class) in g or (t, RDF.type, OWL.ObjectProperty) in g, t
            for parent in g.objects(t, RDFS.subClassOf):  # the chain is there too
                assert (parent, RDF.type, OWL.Class) in g, (t, parent)
        # no punning: nothing is both a class and an individual in an extract
        assert not set(g.subjects(RDF.type, OWL.Class)) & set(g.subjects(RDF.type, OWL.NamedIndividual))


def test_eli_extract_holds_exactly_the_listed_terms_and_no_copied_text():
    mod = _make_imports()
    listed = set(mod.read_terms(IMPORTS / "eli_terms.txt", {"eli": str(ELI)}))
    g = Graph()
    g.parse(IMPORTS / "eli_import.ttl", format="turtle")
    declared = {s for s in g.subjects(RDF.type, None) if str(s).startswith(str(ELI))}
    assert declared == listed
    assert not list(g.subject_objects(SKOS.definition))  # no definitions copied from ELI
    assert {s for s, _ in g.subject_objects(RDFS.comment)} == {URIRef("https://w3id.org/aiwork/ontology/imports/eli")}


def test_imports_record_source_commit_version_and_licence():
    manifest = json.loads((IMPORTS / "imports.json").read_text(encoding="utf-8"))
    assert set(manifest) == {"dpv", "airo", "vair"}
    for name, rec in manifest.items():
        assert len(rec["commit"]) == 40 and rec["repository"] and rec["paths"] and rec["version"], name
        assert (IMPORTS / rec["licence_text"]).is_file(), name
        g = Graph()
        g.parse(IMPORTS / f"{name}_import.ttl", format="turtle")
        onto = URIRef(f"https://w3id.org/aiwork/ontology/imports/{name}")
        assert (onto, RDF.type, OWL.Ontology) in g
        assert str(g.value(onto, URIRef("http://purl.org/dc/terms/license"))) == rec["licence_iri"]
        assert rec["commit"] in str(g.value(onto, OWL.versionInfo))
    assert manifest["dpv"]["version"] == "2.3"
    readme = (IMPORTS / "README.md").read_text(encoding="utf-8")
    for rec in manifest.values():
        assert rec["commit"] in readme
    assert "no licence" in readme.lower() or "none declared" in readme.lower()


def test_read_terms_names_the_file_and_line_of_a_bad_entry(tmp_path):
    mod = _make_imports()
    bad = tmp_path / "x_terms.txt"
    bad.write_text("# comment\ndpv:Purpose\nnope:Thing\n", encoding="utf-8")
    with pytest.raises(mod.ImportError_, match=r"x_terms.txt:3: expected a CURIE"):
        mod.read_terms(bad, {"dpv": "https://w3id.org/dpv#"})


def test_make_imports_extracts_a_term_with_its_chain_from_a_git_repository(tmp_path):
    """End to end on a small vocabulary in a throwaway git repository: SKOS-style classes that are
    also typed as instances (DPV's punning) come out as plain OWL classes with their chain."""
    mod = _make_imports()
    repo = tmp_path / "vocab"
    repo.mkdir()
    (repo / "v.ttl").write_text("""
@prefix v: <https://example.org/v#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> . @prefix dct: <http://purl.org/dc/terms/> .
v:Top a rdfs:Class , skos:Concept ; skos:prefLabel "Top"@en , "Top"@de .
v:Mid a rdfs:Class , skos:Concept , v:Top ; skos:broader v:Top ; skos:prefLabel "Mid"@en .
v:Leaf a rdfs:Class , skos:Concept , v:Mid ; skos:broader v:Mid ; skos:definition "A leaf"@en ; dct:source "X(1)"@en .
v:Other a rdfs:Class ; skos:prefLabel "Other"@en .
""", encoding="utf-8")
    (repo / "LICENSE.md").write_text("licence text", encoding="utf-8")
    for cmd in (["init", "-q"], ["add", "."], ["-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "v"]):
        subprocess.run(["git", "-C", str(repo)] + cmd, check=True)
    out = tmp_path / "imports"
    out.mkdir()
    (out / "v_terms.txt").write_text("v:Leaf  # the one we use\n", encoding="utf-8")
    spec = {"title": "V", "repo": "example/v", "version": "1", "files": ["v.ttl"], "licence": "L",
            "licence_iri": "https://example.org/licence", "licence_file": "LICENSE.md",
            "prefixes": {"v": "https://example.org/v#"}}
    g, record = mod.extract("v", spec, repo, out)
    V = "https://example.org/v#"
    classes = set(g.subjects(RDF.type, OWL.Class))
    assert classes == {URIRef(V + "Leaf"), URIRef(V + "Mid"), URIRef(V + "Top")}
    assert (URIRef(V + "Leaf"), RDFS.subClassOf, URIRef(V + "Mid")) in g
    assert (URIRef(V + "Mid"), RDFS.subClassOf, URIRef(V + "Top")) in g
    assert (URIRef(V + "Leaf"), RDF.type, URIRef(V + "Mid")) not in g  # punning dropped
    assert {o.language for o in g.objects(URIRef(V + "Top"), SKOS.prefLabel)} == {"en"}
    assert record["extracted_terms"] == 3 and len(record["commit"]) == 40
    assert (out / "licences" / "v-LICENSE.md").read_text() == "licence text"
    (out / "v_terms.txt").write_text("v:Missing\n", encoding="utf-8")
    with pytest.raises(mod.ImportError_, match="Missing"):
        mod.extract("v", spec, repo, out)
