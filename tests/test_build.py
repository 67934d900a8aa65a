"""`aiwork-kg build` and aiwork_kg.build (build_release): assembling, checking, the release files, VoID/DCAT,
determinism and the command line end to end (the generated docs: tests/test_docs.py).

Most tests use the `release_dir` session fixture (one release of the real repository built
by the library). Counts in the VoID description are compared with counts computed here
independently with SPARQL on the N-Triples file."""
from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, VOID, XSD

from aiwork_kg import __version__, paths
from aiwork_kg.build import assemble_graph, build_release, check_graph, graph_files
from aiwork_kg.errors import InputError
from aiwork_kg.rdfio import load_graph

ROOT = Path(__file__).resolve().parent.parent
DCAT = "http://www.w3.org/ns/dcat#"
SPDX = "http://spdx.org/rdf/terms#"
VERSION = URIRef(f"https://w3id.org/aiwork/dataset/aiwork-kg/{__version__}")
DATASET = URIRef("https://w3id.org/aiwork/dataset/aiwork-kg")
FILES = ("aiwork-kg.ttl", "aiwork-kg.nt", "aiwork-kg.jsonld", "aiwork-kg.trig", "aiwork-kg.nq", "aiwork-kg-void.ttl",
         "MANIFEST.json", "aiwork-ontology.owl", "aiwork-ontology-base.owl", "aiwork-import-airo.owl",
         "aiwork-import-dpv.owl", "aiwork-import-eli.owl", "aiwork-import-terms.owl", "aiwork-import-vair.owl")
PREFIXES = """
PREFIX aiw: <https://w3id.org/aiwork/ontology#>
PREFIX eli: <http://data.europa.eu/eli/ontology#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""


def _copy_root(tmp_path: Path) -> Path:
    """A copy of the repository's graph inputs (ontology, data, shapes) to break on purpose."""
    root = tmp_path / "root"
    for folder in ("ontology", "data", "shapes"):
        shutil.copytree(ROOT / folder, root / folder)
    return root


def _n(graph: Graph, query: str) -> int:
    return int(next(iter(graph.query(PREFIXES + query)))[0])


@pytest.fixture(scope="module")
def release_graph(release_dir) -> Graph:
    return load_graph(release_dir / "aiwork-kg.nt")


@pytest.fixture(scope="module")
def void(release_dir) -> Graph:
    return load_graph(release_dir / "aiwork-kg-void.ttl")


@pytest.fixture(scope="module")
def manifest(release_dir) -> dict:
    return json.loads((release_dir / "MANIFEST.json").read_text(encoding="utf-8"))


# --------------------------------------------------------------------------- assembling

def test_graph_files_are_ontology_alignments_and_data_not_imports():
    files = graph_files()
    assert files[0] == paths.ROOT / "ontology" / "aiwork.ttl"
    assert all("imports" not in p.relative_to(paths.ROOT).parts for p in files)
    data = sorted((paths.ROOT / "data").rglob("*.ttl"))
    assert [p for p in files if "data" in p.relative_to(paths.ROOT).parts] == data
    assert any(p.parent.name == "links" for p in files), "data/links/*.ttl are part of the graph"


def test_assemble_graph_holds_every_file(tmp_path):
    graph = assemble_graph()
    for path in graph_files():
        part = load_graph(path)
        sample = next(iter(part), None)
        if sample is not None and not any(isinstance(t, BNode) for t in sample):
            assert sample in graph, f"a triple of {path} is missing from the assembled graph"


def test_broken_data_file_is_an_input_error_with_file_and_line(tmp_path):
    root = _copy_root(tmp_path)
    broken = root / "data" / "links" / "zz-broken.ttl"
    broken.write_text('@prefix aiw: <https://w3id.org/aiwork/ontology#> .\n\n'
                      '<https://w3id.org/aiwork/link/x/1> aiw:evidence "unterminated .\n', encoding="utf-8")
    with pytest.raises(InputError) as info:
        assemble_graph(root)
    assert info.value.source == str(broken)
    assert info.value.line == 3


def test_missing_ontology_is_an_input_error(tmp_path):
    (tmp_path / "data").mkdir()
    with pytest.raises(InputError, match="aiwork.ttl"):
        graph_files(tmp_path)


# --------------------------------------------------------------------------- the release

def test_release_files_exist_and_parse(release_dir):
    for name in FILES:
        assert (release_dir / name).is_file(), name
    graphs = {name: load_graph(release_dir / name) for name in FILES[:3]}
    sizes = {name: len(g) for name, g in graphs.items()}
    assert len(set(sizes.values())) == 1, sizes
    assert sizes["aiwork-kg.nt"] > 1000


def test_three_serialisations_hold_the_same_graph(release_dir, release_graph):
    from rdflib.compare import isomorphic

    for name in ("aiwork-kg.ttl", "aiwork-kg.jsonld"):
        other = load_graph(release_dir / name)
        assert isomorphic(other, release_graph), f"{name} differs from aiwork-kg.nt"


def test_release_is_the_assembled_graph(release_graph):
    from rdflib.compare import isomorphic

    assert isomorphic(assemble_graph(), release_graph)


def test_ntriples_sorted_one_triple_a_line(release_dir):
    lines = (release_dir / "aiwork-kg.nt").read_text(encoding="utf-8").splitlines()
    assert lines == sorted(lines)
    assert all(line.endswith(" .") for line in lines)


def test_release_passes_its_own_shapes(release_dir):
    written = load_graph(release_dir / "aiwork-kg.ttl")
    result = check_graph(written)
    assert result.violations == [], "\n".join(v.format() for v in result.violations[:20])


def test_void_description_passes_the_defined_iri_shape(release_dir, release_graph, void):
    described = Graph() + void
    described += release_graph.triples((None, RDF.type, None))
    result = check_graph(described, use_shapes=["https://w3id.org/aiwork/shapes#Graph-DefinedIRI"])
    assert result.violations == [], result.violations


def test_void_counts_equal_counts_computed_independently(void, release_graph):
    g = release_graph

    def v(prop):
        return int(void.value(VERSION, prop))

    assert v(VOID.triples) == _n(g, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert v(VOID.distinctSubjects) == _n(g, "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o }")
    assert v(VOID.distinctObjects) == _n(g, "SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE { ?s ?p ?o }")
    assert v(VOID.properties) == _n(g, "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?s ?p ?o }")
    assert v(VOID.classes) == _n(g, "SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?s a ?c }")
    assert v(VOID.entities) == _n(g, """SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o
        FILTER (isIRI(?s) && STRSTARTS(STR(?s), "https://w3id.org/aiwork/")) }""")


def test_void_per_source_subsets_count_the_units(void, release_graph):
    rows = release_graph.query(PREFIXES + """
        SELECT ?source (COUNT(DISTINCT ?u) AS ?n) WHERE {
            ?class rdfs:subClassOf* aiw:SourceUnit . ?u a ?class ; prov:wasDerivedFrom ?source .
            FILTER STRSTARTS(STR(?source), "https://w3id.org/aiwork/source/")
        } GROUP BY ?source""")
    expected = {str(source): int(n) for source, n in rows}
    assert expected, "the graph has units derived from source texts"
    found = {}
    for subset in void.objects(VERSION, VOID.subset):
        source = void.value(subset, DCTERMS.source)
        if source is not None:
            found[str(source)] = int(void.value(subset, VOID.entities))
    assert found == expected


def test_void_linksets_to_eli_and_dpv(void, release_graph):
    eli = _n(release_graph, """SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o FILTER (isIRI(?o) && ?p != rdf:type
        && STRSTARTS(STR(?o), "http://data.europa.eu/eli/") && !STRSTARTS(STR(?o), "http://data.europa.eu/eli/ontology")) }""")
    dpv = _n(release_graph, """SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o FILTER (isIRI(?o) && ?p != rdf:type
        && STRSTARTS(STR(?o), "https://w3id.org/dpv")) }""")
    linksets = {str(ls).rsplit("/", 1)[-1]: ls for ls in void.subjects(RDF.type, VOID.Linkset)
                if (VERSION, VOID.subset, ls) in void}
    assert int(void.value(linksets["eli"], VOID.triples)) == eli > 0
    assert int(void.value(linksets["dpv"], VOID.triples)) == dpv
    # the per-predicate linksets add up; each counts the triples of its predicate into its target
    for key, ls in linksets.items():
        parts = list(void.objects(ls, VOID.subset))
        assert sum(int(void.value(p, VOID.triples)) for p in parts) == int(void.value(ls, VOID.triples))
        for part in parts:
            pred = void.value(part, VOID.linkPredicate)
            space = str(void.value(void.value(part, VOID.objectsTarget), VOID.uriSpace))
            n = sum(1 for _, _, o in release_graph.triples((None, pred, None))
                    if isinstance(o, URIRef) and str(o).startswith(space)
                    and not (key == "eli" and str(o).startswith("http://data.europa.eu/eli/ontology")))
            assert int(void.value(part, VOID.triples)) == n, (key, pred)


def test_void_dataset_version_licence_and_issued(void):
    assert (DATASET, URIRef(DCAT + "hasVersion"), VERSION) in void
    assert str(void.value(VERSION, URIRef(DCAT + "version"))) == __version__
    assert (VERSION, DCTERMS.license,
            URIRef("http://publications.europa.eu/resource/authority/licence/CC_BY_4_0")) in void
    issued = void.value(VERSION, DCTERMS.issued)
    assert isinstance(issued, Literal) and issued.datatype == XSD.date


def test_distributions_describe_the_files(release_dir, void):
    dists = {str(d).rsplit("/", 1)[-1]: d for d in void.objects(VERSION, URIRef(DCAT + "distribution"))}
    media = {"aiwork-kg.ttl": "text/turtle", "aiwork-kg.nt": "application/n-triples",
             "aiwork-kg.jsonld": "application/ld+json", "aiwork-kg.trig": "application/trig",
             "aiwork-kg.nq": "application/n-quads",
             **{name: "application/rdf+xml" for name in FILES if name.endswith(".owl")}}
    assert set(dists) == set(media)
    for name, dist in dists.items():
        data = (release_dir / name).read_bytes()
        assert int(void.value(dist, URIRef(DCAT + "byteSize"))) == len(data)
        checksum = void.value(dist, URIRef(SPDX + "checksum"))
        assert str(void.value(checksum, URIRef(SPDX + "checksumValue"))) == hashlib.sha256(data).hexdigest()
        assert str(void.value(dist, URIRef(DCAT + "mediaType"))).endswith(media[name])
        assert void.value(dist, URIRef(DCAT + "downloadURL")) == dist
    # the file names are written relative to the version (@base)
    text = (release_dir / "aiwork-kg-void.ttl").read_text(encoding="utf-8")
    assert f"@base <{VERSION}/>" in text and "<aiwork-kg.nt>" in text


def test_manifest_matches_files_and_counts(release_dir, manifest, release_graph):
    assert manifest["version"] == __version__
    for name in FILES[:4]:
        data = (release_dir / name).read_bytes()
        assert manifest["files"][name] == {"bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}
    counts = manifest["counts"]
    assert counts["triples"] == len(release_graph)
    assert counts["units"] == sum(counts["units_by_source"].values())
    assert counts["links"] == _n(release_graph, "SELECT (COUNT(DISTINCT ?l) AS ?n) WHERE { ?l a aiw:CrossSourceLink }")
    assert counts["terms"] == _n(release_graph, """SELECT (COUNT(DISTINCT ?t) AS ?n) WHERE {
        ?t a ?k . FILTER (?k IN (owl:Class, owl:ObjectProperty, owl:DatatypeProperty, owl:NamedIndividual, skos:Concept))
        FILTER (STRSTARTS(STR(?t), "https://w3id.org/aiwork/ontology#") || STRSTARTS(STR(?t), "https://w3id.org/aiwork/concept/")) }""")
    assert counts["provisions"] == _n(release_graph, """SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE {
        ?c rdfs:subClassOf* aiw:Provision . ?p a ?c }""")


def test_release_date_is_the_version_date_or_source_date_epoch(monkeypatch):
    from aiwork_kg import release

    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert release.release_date().isoformat() == release.RELEASE_DATES[__version__]
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01T00:00:00Z
    assert release.release_date().isoformat() == "2026-01-01"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    with pytest.raises(Exception, match="SOURCE_DATE_EPOCH"):
        release.release_date()


# --------------------------------------------------------------------------- the command line

def test_cli_build_is_byte_identical_to_the_library_build(cli, tmp_path, release_dir):
    """A second build, in another process with another hash seed, writes the same bytes."""
    out = tmp_path / "dist"
    result = cli("build", "--out", out, env={"PYTHONHASHSEED": "4711"})
    assert result.exit_code == 0, result.stderr
    assert ".md" not in result.stdout, "build writes the release only; `aiwork-kg docs` writes the docs"
    for name in FILES:
        assert (out / name).read_bytes() == (release_dir / name).read_bytes(), f"{name} differs between builds"
    for word in ("triples:", "terms:", "units:", "links:", "provisions:"):
        assert word in result.stdout
    assert not list(tmp_path.glob(".aiwork-kg-build-*")), "the temporary folder is removed"


def test_cli_broken_data_file_exits_2_naming_file_and_line(cli, tmp_path):
    root = _copy_root(tmp_path)
    broken = root / "data" / "eu" / "zz-broken.ttl"
    broken.write_text("@prefix aiw: <https://w3id.org/aiwork/ontology#> .\n"
                      "<https://w3id.org/aiwork/doc/x> aiw:text \"ok\"@en ;\n"
                      "    aiw:order .\n", encoding="utf-8")
    out = tmp_path / "dist"
    result = cli("build", "--root", root, "--out", out)
    assert result.exit_code == 2
    assert f"{broken}:3" in result.stderr
    assert not out.exists()


def test_cli_shape_violation_exits_2_naming_node_and_shape(cli, tmp_path):
    root = _copy_root(tmp_path)
    (root / "data" / "links" / "zz-unproven.ttl").write_text(
        "@prefix aiw: <https://w3id.org/aiwork/ontology#> .\n"
        "<https://w3id.org/aiwork/link/zz/1> a aiw:CrossSourceLink ;\n"
        "    aiw:linkSubject <https://w3id.org/aiwork/doc/zz/nowhere> ;\n"
        "    aiw:linkRelation aiw:paraphrases ;\n"
        "    aiw:linkObject <http://data.europa.eu/eli/reg/2024/1689/oj> .\n", encoding="utf-8")
    out = tmp_path / "dist"
    result = cli("build", "--root", root, "--out", out)
    assert result.exit_code == 2, result.stdout
    err = result.stderr
    for shape in ("aiwsh:Graph-CrossSourceLink-evidence", "aiwsh:Graph-CrossSourceLink-evidenceUnit",
                  "aiwsh:Graph-CrossSourceLink-creator", "aiwsh:Graph-DefinedIRI-type"):
        assert shape in err, err
    assert "https://w3id.org/aiwork/link/zz/1 — aiwsh:Graph-CrossSourceLink-evidence — aiw:evidence — " in err
    assert "https://w3id.org/aiwork/doc/zz/nowhere — aiwsh:Graph-DefinedIRI-type" in err
    assert not out.exists() or not any(out.iterdir()), "nothing is written when the check fails"


def test_library_build_failure_returns_violations_and_writes_nothing(tmp_path):
    root = tmp_path / "root"
    (root / "data").mkdir(parents=True)
    shutil.copytree(ROOT / "ontology", root / "ontology")
    shutil.copytree(ROOT / "shapes", root / "shapes")
    (root / "data" / "unit.ttl").write_text(
        "@prefix aiw: <https://w3id.org/aiwork/ontology#> .\n"
        "<https://w3id.org/aiwork/doc/zz/para_1> a aiw:SourceUnit ; aiw:text \"Deutsch\"@de .\n", encoding="utf-8")
    out = tmp_path / "dist"
    result = build_release(out_dir=out, root=root)
    assert not result.ok and result.files == {}
    assert not out.exists()
    found = {(v.focus, v.shape) for v in result.violations}
    unit = "https://w3id.org/aiwork/doc/zz/para_1"
    for shape in ("aiwsh:Graph-SourceUnit-textLanguage", "aiwsh:Graph-SourceUnit-order",
                  "aiwsh:Graph-SourceUnit-wasDerivedFrom", "aiwsh:Graph-SourceUnit"):
        assert (unit, shape) in found, found
    focus, shape, path, message = result.violations[0][:4]
    assert focus and shape and message


def test_no_check_writes_even_a_broken_graph(tmp_path):
    root = tmp_path / "root"
    (root / "data").mkdir(parents=True)
    shutil.copytree(ROOT / "ontology", root / "ontology")
    (root / "data" / "unit.ttl").write_text(
        "@prefix aiw: <https://w3id.org/aiwork/ontology#> .\n"
        "<https://w3id.org/aiwork/doc/zz/para_1> a aiw:SourceUnit .\n", encoding="utf-8")
    result = build_release(out_dir=tmp_path / "dist", root=root, check=False)
    assert result.ok and not result.checked
    assert set(p.name for p in (tmp_path / "dist").iterdir()) == set(FILES)


def test_canonical_blank_node_labels_do_not_depend_on_parse_order():
    from rdflib.compare import isomorphic

    from aiwork_kg.release import canonical_graph, serialize_ntriples, serialize_turtle

    lines = ["<urn:c> <urn:sub> [ <urn:onProperty> <urn:p> ; <urn:some> <urn:C> ] .",
             "<urn:c> <urn:sub> [ <urn:onProperty> <urn:q> ; <urn:some> ( <urn:A> <urn:B> ) ] .",
             "<urn:d> <urn:sub> [ <urn:onProperty> <urn:p> ; <urn:some> <urn:C> ] ."]
    one = Graph().parse(data="\n".join(lines), format="turtle")
    two = Graph().parse(data="\n".join(reversed(lines)), format="turtle")
    assert serialize_ntriples(canonical_graph(one)) == serialize_ntriples(canonical_graph(two))
    assert serialize_turtle(canonical_graph(one)) == serialize_turtle(canonical_graph(two))
    assert isomorphic(canonical_graph(one), one)
    # identical blank nodes under one subject and blank-node cycles fall back to rdflib's algorithm
    tricky = "<urn:a> <urn:p> [ <urn:q> 1 ], [ <urn:q> 1 ] . _:x <urn:r> _:y . _:y <urn:r> _:x ."
    one = Graph().parse(data=tricky, format="turtle")
    two = Graph().parse(data=tricky, format="turtle")
    assert len(canonical_graph(one)) == len(one) == 6
    assert serialize_ntriples(canonical_graph(one)) == serialize_ntriples(canonical_graph(two))


def test_package_level_build_release_builds(tmp_path):
    """`aiwork_kg.build_release(...)` is the library's build (tests/test_public_api.py checks that
    it stays the function whatever is imported first)."""
    import aiwork_kg

    root = tmp_path / "root"
    (root / "data").mkdir(parents=True)
    shutil.copytree(ROOT / "ontology", root / "ontology")
    result = aiwork_kg.build_release(out_dir=tmp_path / "dist", root=root, check=False)
    assert aiwork_kg.build_release is build_release and result.ok
    assert (tmp_path / "dist" / "aiwork-kg.nt").is_file()
