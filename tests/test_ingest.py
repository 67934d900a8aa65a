"""`aiwork-kg ingest` as a whole: determinism, committed data/ == a fresh ingest, the unit model
on every unit, errors naming file and line, the CLI end to end."""
from __future__ import annotations

import shutil

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF

from aiwork_kg.errors import InputError
from aiwork_kg.ingest import ingest_sources
from aiwork_kg.namespaces import AIW
from aiwork_kg.paths import DATA_DIR, SOURCES_DIR

OUTPUTS = ["eu/ai-act-excerpts.ttl", "eu/gdpr.ttl", "nl/ap-call-for-input.ttl", "nl/coalition-response.ttl",
           "dk/executive-order.ttl", "dk/working-environment-act.ttl", "dk/bfa-report.ttl", "dk/leaflet.ttl",
           "agents.ttl"]


@pytest.fixture(scope="module")
def first_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("ingest1")
    result = ingest_sources(out_dir=out)
    assert result.ok, result.errors
    return result


@pytest.fixture(scope="module")
def graph(first_run) -> Graph:
    g = Graph()
    for f in first_run.files:
        g.parse(f, format="turtle")
    return g


def test_ingest_writes_one_file_per_source(first_run):
    assert sorted(str(p.relative_to(first_run.out_dir)) for p in first_run.files) == sorted(OUTPUTS)
    assert first_run.units["nl/ap-call-for-input.ttl"] > 60
    assert all(first_run.triples[o] > 0 for o in OUTPUTS)


def test_ingest_is_deterministic(first_run, tmp_path):
    second = ingest_sources(out_dir=tmp_path)
    assert second.ok
    for output in OUTPUTS:
        assert (first_run.out_dir / output).read_bytes() == (tmp_path / output).read_bytes(), output


def test_committed_data_equals_a_fresh_ingest(first_run):
    """data/ never drifts from the code: run `aiwork-kg ingest` and commit when this fails."""
    for output in OUTPUTS:
        committed = DATA_DIR / output
        assert committed.exists(), f"data/{output} is not committed"
        assert committed.read_bytes() == (first_run.out_dir / output).read_bytes(), f"data/{output} is stale"


def test_output_parses_back_to_the_same_triples(first_run):
    for f in first_run.files:
        g = Graph().parse(f, format="turtle")
        assert len(g) == first_run.triples[str(f.relative_to(first_run.out_dir))]


def test_no_blank_nodes_and_no_timestamps(graph, first_run):
    assert not any(isinstance(t, BNode) for triple in graph for t in triple)
    assert not any(p == PROV.generatedAtTime for p in graph.predicates())
    for f in first_run.files:
        assert "_:" not in f.read_text("utf-8")


def test_every_unit_has_the_unit_model(graph):
    units = set(graph.subjects(RDF.type, AIW.SourceUnit))
    assert len(units) > 350
    for u in units:
        assert isinstance(u, URIRef) and str(u).startswith("https://w3id.org/aiwork/"), u
        assert (u, PROV.wasDerivedFrom, None) in graph, u
        start, end = graph.value(u, AIW.lineStart), graph.value(u, AIW.lineEnd)
        assert start is not None and end is not None and 1 <= start.toPython() <= end.toPython(), u
        cites = {c.language: c for c in graph.objects(u, DCTERMS.bibliographicCitation)}
        assert isinstance(cites.get("en"), Literal), u
        assert set(cites) <= {"en", "da", "nl"}, u
        assert graph.value(u, DCTERMS.isPartOf) is not None, u
        assert graph.value(u, AIW.order) is not None, u
        for text in graph.objects(u, AIW.text):
            assert text.language in ("en", "da", "nl"), u
            assert str(text).strip() == str(text) and "**" not in text and "\ufffd" not in text, u
        assert graph.value(u, AIW.text) is not None or graph.value(u, DCTERMS.title) is not None, u


def test_lines_are_within_their_source_files(graph):
    lengths = {f.name: len(f.read_text("utf-8").split("\n")) for f in SOURCES_DIR.glob("*.txt")}
    for u in graph.subjects(AIW.lineEnd, None):
        src = graph.value(u, PROV.wasDerivedFrom)
        name = str(src).rsplit("/", 1)[1]
        assert name in lengths, src
        assert graph.value(u, AIW.lineEnd).toPython() <= lengths[name], u


def test_every_source_file_node_is_described(graph):
    for f in SOURCES_DIR.glob("*.txt"):
        node = URIRef("https://w3id.org/aiwork/source/" + f.name)
        assert (node, RDF.type, AIW.SourceText) in graph, f.name
        assert graph.value(node, DCTERMS["format"]) == Literal("text/plain")
        assert graph.value(node, AIW.extractionDefects) is not None


def test_part_of_points_to_described_nodes(graph):
    described = set(graph.subjects())
    for u, parent in graph.subject_objects(DCTERMS.isPartOf):
        assert parent in described, (u, parent)


# -- errors --------------------------------------------------------------------------------
def test_missing_sources_folder_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="no such sources folder"):
        ingest_sources(sources_dir=tmp_path / "nowhere", out_dir=tmp_path / "out")


def test_a_broken_source_is_reported_with_file_and_line_and_the_others_are_written(tmp_path):
    sources = tmp_path / "sources"
    shutil.copytree(SOURCES_DIR, sources)
    ap = sources / "nl-ap-call-for-input-emotion-recognition-2024.nl.txt"
    lines = ap.read_text("utf-8").split("\n")
    lines[113] = lines[113].replace("21. **", "22. **", 1)  # paragraph 21 misnumbered
    ap.write_text("\n".join(lines), "utf-8")
    (sources / "dk-leaflet-emotion-recognition-ban.da.txt").unlink()
    result = ingest_sources(sources_dir=sources, out_dir=tmp_path / "out")
    assert not result.ok
    messages = [str(e) for e in result.errors]
    assert len(messages) == 2
    ap_error = next(e for e in result.errors if "nl-ap-call" in str(e))
    assert ap_error.line is not None and "paragraphs are not numbered" in str(ap_error)
    assert any("dk-leaflet" in m and "no such source file" in m for m in messages)
    written = {str(p.relative_to(tmp_path / "out")) for p in result.files}
    assert "dk/executive-order.ttl" in written and "dk/bfa-report.ttl" in written
    assert "nl/ap-call-for-input.ttl" not in written


# -- CLI -----------------------------------------------------------------------------------
def test_cli_ingest_end_to_end(cli, tmp_path):
    r = cli("ingest", "--out", tmp_path)
    assert r.exit_code == 0, r.stderr
    assert "9 files written" in r.stdout
    for output in OUTPUTS:
        assert (tmp_path / output).read_bytes() == (DATA_DIR / output).read_bytes()


def test_cli_missing_sources_dir_exits_2(cli, tmp_path):
    r = cli("ingest", "--sources", tmp_path / "missing", "--out", tmp_path / "out")
    assert r.exit_code == 2
    assert "no such sources folder" in r.stderr and "missing" in r.stderr
    assert not (tmp_path / "out").exists()


def test_cli_broken_source_exits_2_and_names_the_line(cli, tmp_path):
    sources = tmp_path / "sources"
    shutil.copytree(SOURCES_DIR, sources)
    order = sources / "dk-executive-order-arbejdstilsynet-ai-2025.da.txt"
    order.write_text(order.read_text("utf-8").replace("Arbejdstilsynet, den 23. juni 2025", "Arbejdstilsynet"), "utf-8")
    r = cli("ingest", "--sources", sources, "--out", tmp_path / "out")
    assert r.exit_code == 2
    assert "dk-executive-order-arbejdstilsynet-ai-2025.da.txt" in r.stderr
    assert (tmp_path / "out" / "nl" / "ap-call-for-input.ttl").exists()


def test_python_api_from_the_package(tmp_path):
    import aiwork_kg

    result = aiwork_kg.ingest_sources(out_dir=tmp_path)
    assert aiwork_kg.ingest_sources is ingest_sources
    assert result.ok and len(result.files) == len(OUTPUTS)


def test_an_unexpected_layout_is_reported_not_raised(tmp_path):
    sources = tmp_path / "sources"
    shutil.copytree(SOURCES_DIR, sources)
    # the BFA report without its summary bullets: the parser meets a layout it does not know
    bfa = sources / "dk-bfa-report-ai-work-environment-2024.da.txt"
    bfa.write_text("\n".join(l for l in bfa.read_text("utf-8").split("\n") if "\ufffd" not in l), "utf-8")
    result = ingest_sources(sources_dir=sources, out_dir=tmp_path / "out")
    assert [r.output for r in result.results if r.error] == ["dk/bfa-report.ttl"]
    assert isinstance(result.errors[0], InputError)
    assert "dk-bfa-report" in str(result.errors[0]) and result.errors[0].line is not None
    assert "bulleted findings" in str(result.errors[0])


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_damaged_sources_never_crash_ingest(tmp_path_factory, data):
    """Delete random lines from every source: each file is either ingested or reported as an
    InputError naming that file; ingest itself never raises."""
    root = tmp_path_factory.mktemp("fuzz")
    sources = root / "sources"
    shutil.copytree(SOURCES_DIR, sources)
    for f in sorted(sources.glob("*.txt")):
        lines = f.read_text("utf-8").split("\n")
        drop = data.draw(st.sets(st.integers(0, len(lines) - 1), max_size=max(1, len(lines) // 10)), label=f.name)
        f.write_text("\n".join(l for i, l in enumerate(lines) if i not in drop), "utf-8")
    result = ingest_sources(sources_dir=sources, out_dir=root / "out")
    for entry in result.results:
        if entry.error is not None:
            assert isinstance(entry.error, InputError)
            if entry.source != "-":
                assert entry.source in str(entry.error)
        else:
            Graph().parse(root / "out" / entry.output, format="turtle")
