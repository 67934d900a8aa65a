"""`aiwork-kg validate` end to end (the installed console script in a subprocess): exit codes
0 / 1 / 2, a batch with a broken file, stdin, formats, languages, readings, --as-of."""
from __future__ import annotations

import json
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from aiwork_kg.namespaces import EU_AIACT

SHAPE_FIXTURES = Path(__file__).resolve().parent / "fixtures" / "shapes"
PROHIBITED = SHAPE_FIXTURES / "Art5-1-f-Prohibited-fail.ttl"       # every condition holds
EXCEPTED = SHAPE_FIXTURES / "Art5-1-f-Excepted-fail.ttl"           # therapeutic purpose only
PHYSICAL = SHAPE_FIXTURES / "Emotion-PhysicalStateOnly-fail.ttl"   # fatigue and pain
SYSTEM = "https://example.org/fixture/system"


def test_exit_0_when_nothing_is_prohibited(cli):
    r = cli("validate", EXCEPTED, PHYSICAL, "--no-progress")
    assert r.exit_code == 0, r.stderr
    assert "excepted" in r.stdout and "physicalStateOnly" in r.stdout
    assert "Summary:" in r.stdout  # several results: a summary table
    assert r.stderr == ""          # no progress bar when stderr is not a terminal


def test_exit_1_when_one_is_prohibited(cli):
    r = cli("validate", PROHIBITED, PHYSICAL)
    assert r.exit_code == 1, r.stderr
    assert "Verdict: prohibited (prohibited)" in r.stdout
    assert "AI Act, Art. 5(1)(f)" in r.stdout


def test_batch_with_a_broken_file_still_validates_the_others_and_exits_2(cli, tmp_path):
    folder = tmp_path / "batch"
    folder.mkdir()
    (folder / "a-prohibited.ttl").write_bytes(PROHIBITED.read_bytes())
    (folder / "b-broken.ttl").write_text(
        "@prefix aiw: <https://w3id.org/aiwork/ontology#> .\n<https://example.org/x> a aiw:AISystem ;\n"
        "    aiw:infers aiw:anger\n    aiw:usedIn aiw:workplace .\n")
    (folder / "c-unknown.yaml").write_text("not: rdf\n")
    (folder / "d-physical.ttl").write_bytes(PHYSICAL.read_bytes())
    r = cli("validate", folder, folder / "c-unknown.yaml", "--format", "json")
    assert r.exit_code == 2
    assert "b-broken.ttl:4" in r.stderr and "syntax error" in r.stderr
    assert "c-unknown.yaml" in r.stderr and "unknown RDF format" in r.stderr
    doc = json.loads(r.stdout)
    assert [Path(x["source"]).name for x in doc["results"]] == ["a-prohibited.ttl", "d-physical.ttl"]
    assert {Path(e["source"]).name: e["line"] for e in doc["errors"]} == {"b-broken.ttl": 4, "c-unknown.yaml": None}


def test_stdin(cli):
    r = cli("validate", "-", "--format", "json", input=PROHIBITED.read_bytes())
    assert r.exit_code == 1
    result = json.loads(r.stdout)["results"][0]
    assert (result["source"], result["system"], result["verdict"]) == ("-", SYSTEM, "prohibited")


def test_stdin_json_ld_with_the_shipped_context(cli):
    doc = {"@context": "https://w3id.org/aiwork/context.jsonld", "id": "https://example.org/jl", "type": "AISystem",
           "hasActivity": {"type": "PlacingOnTheMarket", "date": "2025-04-01"}, "hasInput": "eeg",
           "infers": "boredom", "usedIn": "educationInstitution", "targets": "students",
           "hasPurpose": "personalWellbeing"}
    r = cli("validate", "-", "--format", "json", input=json.dumps(doc))
    assert r.exit_code == 1 and json.loads(r.stdout)["results"][0]["verdict"] == "prohibited"


def test_remote_context_is_refused_with_exit_2(cli, tmp_path):
    path = tmp_path / "remote.jsonld"
    path.write_text(json.dumps({"@context": "http://127.0.0.1:9/ctx.jsonld", "@id": "https://example.org/r"}))
    r = cli("validate", path)
    assert r.exit_code == 2 and "never fetched" in r.stderr and "remote.jsonld" in r.stderr


def test_file_without_a_system_and_empty_folder(cli, tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    nothing = tmp_path / "nothing.ttl"
    nothing.write_text("<https://example.org/a> <https://example.org/b> <https://example.org/c> .\n")
    r = cli("validate", empty, nothing)
    assert r.exit_code == 2
    assert "no RDF files" in r.stderr and "describes no AI system" in r.stderr


def test_languages(cli):
    da = cli("validate", PROHIBITED, "--lang", "da")
    nl = cli("validate", PROHIBITED, "--lang", "nl")
    assert "Resultat: forbudt" in da.stdout and "Opfyldt: systemet udleder vrede" in da.stdout
    assert "Oordeel: verboden" in nl.stdout and "Voldaan: het systeem leidt woede af" in nl.stdout


def test_readings_and_as_of(cli):
    intention = SHAPE_FIXTURES / "Art5-1-f-Prohibited-IntentionsCovered-fail.ttl"
    assert cli("validate", intention).exit_code == 0
    covered = cli("validate", intention, "--reading", "intentions-covered")
    assert covered.exit_code == 1 and "intentions-covered" in covered.stdout
    shop = SHAPE_FIXTURES / "Art5-1-f-Prohibited-FullBan-fail.ttl"
    assert cli("validate", shop).exit_code == 0
    full = cli("validate", shop, "--reading", "full-ban")
    assert full.exit_code == 1 and "not the law" in full.stdout
    before = cli("validate", PROHIBITED, "--as-of", "2025-01-31", "--format", "json")
    assert before.exit_code == 0
    assert json.loads(before.stdout)["results"][0]["reasons"] == ["beforeDateOfApplication"]


def test_usage_errors_exit_2(cli):
    assert cli("validate", PROHIBITED, "--as-of", "yesterday").exit_code == 2
    assert cli("validate", PROHIBITED, "--reading", "lenient").exit_code == 2
    assert cli("validate").exit_code == 2


def test_turtle_output(cli):
    r = cli("validate", PROHIBITED, EXCEPTED, "--format", "turtle")
    assert r.exit_code == 1
    g = Graph().parse(data=r.stdout, format="turtle")
    assert (URIRef(SYSTEM), RDF.type, EU_AIACT["ProhibitedAISystem-A5-1-f"]) in g
    assert (URIRef(SYSTEM), RDF.type, EU_AIACT["HighRiskAISystem-AnnexIII-1-c"]) in g  # the same IRI, other file
    assert len(list(g.subjects(RDF.type, URIRef("http://www.w3.org/ns/shacl#ValidationReport")))) >= 1


def test_progress_bar_only_on_a_terminal(tmp_path):
    """With standard error a terminal (a pseudo-terminal here) a progress bar is drawn there;
    --no-progress turns it off (without a terminal, test_exit_0 checks stderr stays empty)."""
    import os
    import pty
    import subprocess
    import sys

    exe = Path(sys.executable).with_name("aiwork-kg")

    def stderr_on_a_tty(*args) -> str:
        master, slave = pty.openpty()
        proc = subprocess.Popen([str(exe), "validate", PHYSICAL, EXCEPTED, *args],
                                stdout=subprocess.DEVNULL, stderr=slave)
        os.close(slave)
        chunks = []
        while True:
            try:
                data = os.read(master, 4096)
            except OSError:
                break
            if not data:
                break
            chunks.append(data)
        proc.wait(timeout=300)
        os.close(master)
        return b"".join(chunks).decode("utf-8", "replace")

    assert "validating" in stderr_on_a_tty()
    assert "validating" not in stderr_on_a_tty("--no-progress")
