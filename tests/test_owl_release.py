"""The ontology release artefacts (issue 12, part 2), checked with tools nobody here wrote.

- The OWL API's OWL 2 DL profile checker (the OWL API 3 jars that owlready2 bundles for Pellet;
  tests/java/ProfileCheck.java is compiled here with javac) finds no violation in the full file,
  in the base file and in the data release (their imports mapped to the released import files,
  nothing fetched), and in each import file.
- HermiT (through owlready2) loads the full file as released and finds it consistent with no
  unsatisfiable class.
- Each OWL file has exactly one owl:Ontology with owl:versionIRI and owl:versionInfo.
"""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import OWL, RDF, RDFS, XSD

from aiwork_kg import __version__, release
from aiwork_kg import ontology_release as orl

JAVA_SOURCE = Path(__file__).resolve().parent / "java" / "ProfileCheck.java"
OWL_FILES = [release.RELEASE_FILES[k] for k in release.RELEASE_FILES if k.startswith("owl")]
BUILTIN = (str(RDF), str(RDFS), str(OWL), str(XSD))

needs_java = pytest.mark.skipif(not (shutil.which("javac") and shutil.which("java")),
                                reason="the OWL API checker needs a JDK (javac, java)")


@pytest.fixture(scope="module")
def checker(tmp_path_factory):
    """Compile ProfileCheck.java against the OWL API jars bundled with owlready2."""
    import owlready2

    jars = sorted((Path(owlready2.__file__).parent / "pellet").glob("*.jar"))
    assert any(j.name.startswith("owlapi") for j in jars), "owlready2 no longer bundles the OWL API"
    out = tmp_path_factory.mktemp("java")
    classpath = ":".join(str(j) for j in jars)
    subprocess.run(["javac", "-cp", classpath, "-d", str(out), str(JAVA_SOURCE)], check=True,
                   capture_output=True, timeout=300)

    def run(document: Path, mappings: dict[str, Path] | None = None) -> list[str]:
        args = [str(document)]
        for iri, path in (mappings or {}).items():
            args += [iri, str(path)]
        proc = subprocess.run(["java", "-cp", f"{classpath}:{out}", "ProfileCheck", *args],
                              capture_output=True, text=True, timeout=600)
        assert proc.returncode == 0, proc.stderr[-3000:]
        lines = proc.stdout.splitlines()
        assert lines and lines[-1].startswith("VIOLATIONS "), proc.stdout[-2000:]
        return [line for line in lines if line.startswith("VIOLATION\t")]

    return run


def import_mappings(release_dir: Path) -> dict[str, Path]:
    return {str(orl.import_version_iri(name, __version__)): release_dir / release.OWL_IMPORT_FILE.format(name)
            for name in release.OWL_IMPORTS}


def test_each_owl_file_has_one_header_with_version_iri_and_info(release_dir):
    for name in OWL_FILES:
        g = Graph().parse(release_dir / name, format="xml")
        headers = list(g.subjects(RDF.type, OWL.Ontology))
        assert len(headers) == 1, (name, headers)
        assert g.value(headers[0], OWL.versionIRI) is not None, name
        assert g.value(headers[0], OWL.versionInfo) == Literal(__version__), name
    full = Graph().parse(release_dir / release.OWL_FULL, format="xml")
    assert (orl.ONTOLOGY_IRI, OWL.versionIRI, orl.version_iri(__version__)) in full
    assert not list(full.objects(None, OWL.imports)), "the full file stands alone"
    base = Graph().parse(release_dir / release.OWL_BASE, format="xml")
    assert set(base.objects(orl.BASE_IRI, OWL.imports)) == {
        orl.import_version_iri(name, __version__) for name in release.OWL_IMPORTS}
    for name in release.OWL_IMPORTS:  # each import target is the version IRI of a released file
        g = Graph().parse(release_dir / release.OWL_IMPORT_FILE.format(name), format="xml")
        assert (orl.import_iri(name), OWL.versionIRI, orl.import_version_iri(name, __version__)) in g


def test_full_file_declares_every_class_and_property_of_the_data_release(release_dir):
    full = Graph().parse(release_dir / release.OWL_FULL, format="xml")
    data = Graph().parse(release_dir / release.NT, format="nt")
    declared_props = {s for t in orl.PROPERTY_TYPES for s in full.subjects(RDF.type, t)}
    declared_classes = set(full.subjects(RDF.type, OWL.Class))
    props = {p for p in data.predicates() if not str(p).startswith(BUILTIN)}
    classes = {c for c in data.objects(None, RDF.type) if not str(c).startswith(BUILTIN)}
    assert props - declared_props == set()
    assert classes - declared_classes == set()
    # the ontology's own axioms are all in the full file
    assert len(full) > 5000


@needs_java
@pytest.mark.slow
def test_owl_api_finds_no_dl_violation_in_the_full_base_and_extract_files(release_dir, checker):
    assert checker(release_dir / release.OWL_FULL) == []
    assert checker(release_dir / release.OWL_BASE, import_mappings(release_dir)) == []
    for name in release.OWL_IMPORTS:
        assert checker(release_dir / release.OWL_IMPORT_FILE.format(name)) == []


@needs_java
@pytest.mark.slow
def test_owl_api_finds_no_dl_violation_in_the_data_release(release_dir, checker):
    """The data release as written (aiwork-kg.nt: one owl:Ontology, whose owl:imports are the
    released extracts and terms file) is OWL 2 DL: every class and property it uses is declared
    in it or in its imports."""
    data = Graph().parse(release_dir / release.NT, format="nt")
    assert list(data.subjects(RDF.type, OWL.Ontology)) == [orl.ONTOLOGY_IRI]
    assert set(data.objects(orl.ONTOLOGY_IRI, OWL.imports)) == {
        orl.import_version_iri(name, __version__) for name in release.OWL_IMPORTS}
    assert checker(release_dir / release.NT, import_mappings(release_dir)) == []


def test_the_checker_is_live(checker, tmp_path):
    """An undeclared property is reported: the checker does find what the issue found."""
    doc = tmp_path / "bad.nt"
    doc.write_text("<https://example.org/o> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
                   "<http://www.w3.org/2002/07/owl#Ontology> .\n"
                   "<https://example.org/a> <https://example.org/undeclared> <https://example.org/b> .\n",
                   encoding="utf-8")
    assert any("Undeclared" in v for v in checker(doc))


@pytest.mark.slow
def test_hermit_loads_the_full_file_unaltered_and_finds_it_consistent(release_dir):
    """owlready2 reads aiwork-ontology.owl as released; HermiT classifies it. HermiT's strict mode
    refuses xsd:date (not in the OWL 2 datatype map), which the ontology uses for dates of
    application, so it runs with HermiT's option to ignore unsupported datatypes: the dates stay
    in the file and are not reasoned about."""
    import owlready2

    world = owlready2.World()
    onto = world.get_ontology((release_dir / release.OWL_FULL).resolve().as_uri()).load()
    assert onto.base_iri.startswith(str(orl.ONTOLOGY_IRI))
    assert len(list(world.classes())) > 100
    with onto:
        owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0,
                                       ignore_unsupported_datatypes=True)
    nothing = "http://www.w3.org/2002/07/owl#Nothing"
    assert [c.iri for c in world.inconsistent_classes() if c.iri != nothing] == []
