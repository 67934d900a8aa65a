"""The example descriptions in examples/ against their expected verdicts (examples/manifest.csv).

Every manifest entry is checked through the Python API (`aiwork_kg.validate`) and through the
command line (`aiwork-kg validate ... --format json`): verdict, reasons, risk categories and
missing facts, plus the exit code. The CLI runs once per reading over the whole folder (batch),
and a few single-file runs cover --as-of and the exit codes 0 and 1.

The expectations are written by hand from the law (see the justification column of the
manifest); they are never derived from the validator's output.
"""
from __future__ import annotations

import csv
import json
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pytest
from rdflib import RDF, URIRef

from aiwork_kg.namespaces import AIW
from aiwork_kg.paths import EXAMPLES_DIR
from aiwork_kg.rdfio import SUFFIX_FORMATS, load_graph

MANIFEST = EXAMPLES_DIR / "manifest.csv"
COLUMNS = ["file", "system", "readings", "as_of", "verdict", "reasons", "risk_categories", "missing",
           "title", "justification", "cites"]
READINGS = ("act-text", "intentions-covered", "full-ban")
VERDICTS = ("prohibited", "excepted", "not-prohibited", "insufficient-information")
REASONS = ("noInferenceOfEmotions", "physicalStateOnly", "mereDetectionOfExpressions", "noBiometricData",
           "notWorkplaceOrEducation", "beforeDateOfApplication", "outsideScopeOfAct", "medicalOrSafetyReasons",
           "personalTrainingWithoutEffect")
RISK_CATEGORIES = ("prohibitedPractice", "highRiskAnnexIII1c", "transparencyArt50-3")
FACTS = ("hasActivity", "performedBy", "date", "hasInput", "infers", "detects", "usedIn", "targets",
         "incidentallyRecords", "hasPurpose", "useRequired")
SYSTEM_CLASSES = (AIW.AISystem, AIW.NonAISystem)


@dataclass(frozen=True)
class Case:
    """One expectation: a system of a file under one reading (and an optional as-of date)."""

    file: str
    system: str
    reading: str
    as_of: str | None
    verdict: str
    reasons: tuple[str, ...]
    risk_categories: tuple[str, ...]
    missing: tuple[str, ...]
    line: int

    @property
    def id(self) -> str:
        tail = self.system.rsplit("/", 1)[-1]
        name = self.file.rsplit(".", 1)[0]
        label = name if tail == name else f"{name}/{tail}"
        return f"{label}@{self.reading}" + (f"@{self.as_of}" if self.as_of else "")

    def expected(self) -> dict:
        return {"verdict": self.verdict, "reasons": list(self.reasons),
                "risk_categories": list(self.risk_categories), "missing": list(self.missing)}


def _words(cell: str) -> tuple[str, ...]:
    return tuple(sorted(cell.split()))


@lru_cache(maxsize=1)
def manifest_rows() -> list[dict]:
    with MANIFEST.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        assert reader.fieldnames == COLUMNS, f"{MANIFEST}: expected the columns {COLUMNS}"
        rows = []
        for row in reader:
            row["_line"] = reader.line_num
            rows.append(row)
    return rows


@lru_cache(maxsize=1)
def cases() -> tuple[Case, ...]:
    out = []
    for row in manifest_rows():
        for reading in row["readings"].split():
            out.append(Case(row["file"], row["system"], reading, row["as_of"] or None, row["verdict"],
                            _words(row["reasons"]), _words(row["risk_categories"]), _words(row["missing"]),
                            row["_line"]))
    return tuple(out)


def description_files() -> list[Path]:
    return sorted(p for p in EXAMPLES_DIR.iterdir()
                  if p.is_file() and p.suffix.lower() in SUFFIX_FORMATS)


def _got(verdict) -> dict:
    """The compared fields of a SystemVerdict object or of its JSON form."""
    get = verdict.get if isinstance(verdict, dict) else (lambda k: getattr(verdict, k))
    return {"verdict": get("verdict"), "reasons": sorted(get("reasons")),
            "risk_categories": sorted(get("risk_categories")), "missing": sorted(get("missing"))}


# --------------------------------------------------------------------------------------------
# the manifest itself


def test_manifest_is_well_formed():
    problems = []
    seen = set()
    for row in manifest_rows():
        where = f"{MANIFEST.name}:{row['_line']}"
        path = EXAMPLES_DIR / row["file"]
        if not path.is_file():
            problems.append(f"{where}: no file {row['file']}")
            continue
        graph = load_graph(path)
        if not any((URIRef(row["system"]), RDF.type, cls) in graph for cls in SYSTEM_CLASSES):
            problems.append(f"{where}: {row['system']} is not an aiw:AISystem/aiw:NonAISystem in {row['file']}")
        if row["verdict"] not in VERDICTS:
            problems.append(f"{where}: unknown verdict {row['verdict']!r}")
        for reading in row["readings"].split() or ["(none)"]:
            if reading not in READINGS:
                problems.append(f"{where}: unknown reading {reading!r}")
            key = (row["file"], row["system"], reading, row["as_of"])
            if key in seen:
                problems.append(f"{where}: duplicate expectation {key}")
            seen.add(key)
        problems += [f"{where}: unknown reason {r!r}" for r in row["reasons"].split() if r not in REASONS]
        problems += [f"{where}: unknown risk category {r!r}" for r in row["risk_categories"].split()
                     if r not in RISK_CATEGORIES]
        problems += [f"{where}: unknown fact {m!r}" for m in row["missing"].split() if m not in FACTS]
        if (row["verdict"] == "insufficient-information") != bool(row["missing"].split()):
            problems.append(f"{where}: missing facts are named exactly for insufficient-information")
        if row["verdict"] in ("not-prohibited", "excepted") and len(row["reasons"].split()) == 0:
            problems.append(f"{where}: a {row['verdict']} verdict needs its reason")
        if not row["justification"].strip() or not row["cites"].split():
            problems.append(f"{where}: a justification and the cited provisions/units are required")
        problems += [f"{where}: cited {c!r} is not a project IRI" for c in row["cites"].split()
                     if not c.startswith("https://w3id.org/aiwork/")]
    assert not problems, "\n".join(problems)


def test_every_described_system_has_an_expectation_under_every_reading():
    expected = {(c.file, c.system, c.reading) for c in cases() if c.as_of is None}
    problems = []
    for path in description_files():
        graph = load_graph(path)
        systems = {str(s) for cls in SYSTEM_CLASSES for s in graph.subjects(RDF.type, cls)}
        if not systems:
            problems.append(f"{path.name}: describes no system")
        for system in sorted(systems):
            for reading in READINGS:
                if (path.name, system, reading) not in expected:
                    problems.append(f"{path.name}: no expectation for {system} under {reading}")
    assert not problems, "\n".join(problems)


def test_manifest_covers_every_verdict_reason_reading_and_case_kind():
    all_cases = cases()
    assert {c.verdict for c in all_cases} == set(VERDICTS)
    assert {r for c in all_cases for r in c.reasons} == set(REASONS)
    assert {c.reading for c in all_cases} == set(READINGS)
    assert {r for c in all_cases for r in c.risk_categories} == set(RISK_CATEGORIES)
    files = description_files()
    assert len(files) >= 36
    suffixes = [p.suffix for p in files]
    assert suffixes.count(".jsonld") >= 4
    assert {".rdf", ".nt"} <= set(suffixes)
    by_key = defaultdict(dict)
    for c in all_cases:
        if c.as_of is None:
            by_key[(c.file, c.system)][c.reading] = c.verdict
    differs = lambda other: [k for k, v in by_key.items() if v["act-text"] != v[other]]  # noqa: E731
    assert differs("intentions-covered"), "no case whose verdict depends on the intentions reading"
    assert differs("full-ban"), "no case whose verdict depends on the full-ban reading"
    assert any(c.as_of for c in all_cases), "no --as-of case"
    as_of_verdicts = {c.verdict for c in all_cases if c.as_of}
    assert {"prohibited", "not-prohibited"} <= as_of_verdicts
    systems_per_file = defaultdict(set)
    for c in all_cases:
        systems_per_file[c.file].add(c.system)
    assert any(len(s) > 1 for s in systems_per_file.values()), "no file with several systems"
    missing = {m for c in all_cases for m in c.missing}
    assert {"usedIn", "hasInput", "hasPurpose"} <= missing


def test_cited_units_exist_in_the_data():
    """Every IRI a justification cites is a unit of the knowledge graph (data/)."""
    from aiwork_kg.paths import DATA_DIR

    files = [p for p in DATA_DIR.rglob("*") if p.suffix in (".ttl", ".nt")]
    if not files:
        pytest.fail("data/ holds no RDF yet (run `aiwork-kg ingest`)")
    subjects = set()
    for path in files:
        subjects.update(str(s) for s in load_graph(path).subjects())
    cited = {c for row in manifest_rows() for c in row["cites"].split()}
    assert sorted(cited - subjects) == []


# --------------------------------------------------------------------------------------------
# through the API


@lru_cache(maxsize=None)
def api_run(reading: str, as_of: str | None, file: str | None = None):
    import aiwork_kg

    # the top-level files: examples/dk-order/ holds the examples of another rule set (its own manifest)
    source = EXAMPLES_DIR / file if file else description_files()
    return aiwork_kg.validate(source, reading=reading, as_of=as_of)


def _index(results) -> dict:
    out = {}
    for r in results:
        get = r.get if isinstance(r, dict) else (lambda k, r=r: getattr(r, k))
        out[(Path(get("source")).name, get("system"))] = r
    return out


@pytest.mark.parametrize("case", cases(), ids=lambda c: c.id)
def test_api_verdict(case: Case):
    # as-of runs cover only the file concerned; the others share one batch run per reading
    run = api_run(case.reading, case.as_of, case.file if case.as_of else None)
    assert not run.errors, [str(e) for e in run.errors]
    found = _index(run.results).get((case.file, case.system))
    assert found is not None, f"no verdict for {case.system} in {case.file}"
    assert _got(found) == case.expected(), f"manifest.csv line {case.line}"
    assert found.reading == case.reading
    if case.as_of:
        assert found.as_of == case.as_of


@pytest.mark.parametrize("reading", READINGS)
def test_api_batch_has_no_extra_systems_and_stable_order(reading):
    run = api_run(reading, None)
    keys = [(Path(r.source).name, r.system) for r in run.results]
    assert set(keys) == {(c.file, c.system) for c in cases() if c.reading == reading and c.as_of is None}
    assert len(keys) == len(set(keys))
    order = [(r.source, r.system) for r in run.results]
    assert order == sorted(order), "results are not in a stable order (by source, then system IRI)"
    prohibited = any(r.verdict == "prohibited" for r in run.results)
    assert run.exit_code == (1 if prohibited else 0)


def test_api_exit_code_per_file():
    problems = []
    for path in description_files():
        verdicts = [c.verdict for c in cases() if c.file == path.name and c.reading == "act-text"
                    and c.as_of is None]
        run = api_run("act-text", None, path.name)
        expected = 1 if "prohibited" in verdicts else 0
        if run.exit_code != expected:
            problems.append(f"{path.name}: exit code {run.exit_code}, expected {expected}")
    assert not problems, "\n".join(problems)


# --------------------------------------------------------------------------------------------
# through the command line


def _cli_results(result) -> list[dict]:
    assert result.exit_code in (0, 1), result.stderr[-2000:]
    data = json.loads(result.stdout)
    if isinstance(data, dict):
        data = data.get("results", data.get("systems"))
    assert isinstance(data, list), "the JSON output holds no list of results"
    return data


@pytest.mark.slow
@pytest.mark.parametrize("reading", READINGS)
def test_cli_batch_over_the_examples_folder(cli, reading):
    result = cli("validate", *description_files(), "--format", "json", "--reading", reading, "--no-progress")
    found = _index(_cli_results(result))
    problems = []
    expected_cases = [c for c in cases() if c.reading == reading and c.as_of is None]
    for case in expected_cases:
        got = found.get((case.file, case.system))
        if got is None:
            problems.append(f"{case.id}: no verdict")
        elif _got(got) != case.expected():
            problems.append(f"{case.id} (manifest.csv line {case.line}): got {_got(got)}, "
                            f"expected {case.expected()}")
    assert not problems, "\n".join(problems)
    assert len(found) == len(expected_cases)
    assert result.exit_code == (1 if any(c.verdict == "prohibited" for c in expected_cases) else 0)


SINGLE_FILE_RUNS = [
    # file, extra arguments, expected exit code
    ("call-centre-agents-anger.ttl", [], 1),
    ("pilot-fatigue-monitor.ttl", [], 0),
    ("online-course-webcam-engagement.jsonld", [], 1),
    ("teacher-voice-stress-coaching.rdf", [], 1),
    ("hr-intention-to-quit-voice.ttl", ["--reading", "intentions-covered"], 1),
    ("hr-intention-to-quit-voice.ttl", [], 0),
    ("webcam-mood-undated.ttl", ["--as-of", "2024-12-01"], 0),
    ("webcam-mood-undated.ttl", ["--as-of", "2025-03-01"], 1),
    ("therapeutic-use-at-work.ttl", ["--reading", "full-ban"], 1),
    ("description-missing-purpose.ttl", [], 1),  # no purpose: the exception is not shown
    ("description-missing-purpose-and-setting.ttl", [], 0),
]


@pytest.mark.parametrize("file,args,code", SINGLE_FILE_RUNS, ids=lambda v: " ".join(v) if isinstance(v, list) else str(v))
def test_cli_single_file(cli, file, args, code):
    result = cli("validate", EXAMPLES_DIR / file, "--format", "json", "--no-progress", *args)
    assert result.exit_code == code, result.stderr[-2000:]
    reading = args[args.index("--reading") + 1] if "--reading" in args else "act-text"
    as_of = args[args.index("--as-of") + 1] if "--as-of" in args else None
    expected = {c.system: c.expected() for c in cases()
                if c.file == file and c.reading == reading and c.as_of == as_of}
    assert expected, "the single-file run has no manifest entry"
    got = {r["system"]: _got(r) for r in _cli_results(result)}
    assert got == expected


def test_cli_text_output_names_verdict_and_reason(cli):
    result = cli("validate", EXAMPLES_DIR / "typed-chat-sentiment.ttl", "--format", "text", "--no-progress")
    assert result.exit_code == 0, result.stderr[-2000:]
    assert "https://example.org/systems/typed-chat-sentiment" in result.stdout
    assert "not" in result.stdout.lower() and "biometric" in result.stdout.lower()


def test_cli_stdin_jsonld(cli):
    data = (EXAMPLES_DIR / "university-admission-interview-nervousness.jsonld").read_bytes()
    result = cli("validate", "-", "--format", "json", "--no-progress", input=data)
    assert result.exit_code == 1, result.stderr[-2000:]
    (got,) = _cli_results(result)
    assert got["system"] == "https://example.org/systems/university-admission-interview-nervousness"
    assert got["verdict"] == "prohibited"
