"""Issue 11, part 5: the hostile corpus (tests/hostile_corpus.py) through the command line, the
Python API and /validate, alone and together with a good file: exit code at most 2 (HTTP 4xx, or
503 at the time limit), a message naming the file (and the line where there is one), no
traceback, the good file still reported, and no request to the loopback server every remote
reference in the corpus points to."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from werkzeug.test import Client

from aiwork_kg.validator import validate
from hostile_corpus import ERROR_EXPECTED, SLOW, corpus
from hostile_corpus import write_corpus as _write
from netguard import RecordingServer

ROOT = Path(__file__).resolve().parent.parent
GOOD = ROOT / "examples" / "call-centre-agents-anger.ttl"
GOOD_SYSTEM = "https://example.org/systems/call-centre-agents-anger"
LIMIT = 8.0  # seconds per file: the slow files are stopped, the others are far below it
NAMES = [*corpus("http://127.0.0.1:1"), "big-literal.ttl"]


@pytest.fixture(scope="module")
def trap():
    with RecordingServer() as server:
        yield server
        # every test module run ends here: nothing in the corpus made a request
        assert server.requests == [], server.requests


@pytest.fixture(scope="module")
def files(trap, tmp_path_factory) -> dict[str, Path]:
    return {p.name: p for p in _write(tmp_path_factory.mktemp("hostile"), trap.url)}


@pytest.fixture(scope="module")
def app(release_dir):
    from aiwork_kg.server.serve import SparqlApp

    app = SparqlApp(release_dir, timeout=LIMIT, processes=1)
    yield app
    app.close()


def test_the_corpus_has_at_least_30_files(files):
    assert len(files) >= 30
    assert (files["big-literal.ttl"]).stat().st_size >= 50 * 1024 * 1024


def _check_run(run, name: str, path: Path, with_good: bool):
    assert run.exit_code <= 2
    errors = [e for e in run.errors if e.source == str(path)]
    if name in ERROR_EXPECTED:
        assert errors, f"{name}: expected an input error"
        assert run.exit_code == 2
    if name in SLOW and errors:
        assert "time limit" in errors[0].message
    if with_good:
        assert (str(GOOD), GOOD_SYSTEM, "prohibited") in {(r.source, r.system, r.verdict) for r in run.results}


@pytest.mark.parametrize("name", NAMES)
def test_api_alone_and_with_a_good_file(files, trap, name):
    path = files[name]
    _check_run(validate([path], time_limit=LIMIT), name, path, with_good=False)
    _check_run(validate([path, GOOD], time_limit=LIMIT), name, path, with_good=True)
    assert trap.requests == []


@pytest.mark.parametrize("name", NAMES)
def test_cli_alone_and_with_a_good_file(files, trap, cli, name):
    path = files[name]
    for args in ([path], [path, GOOD]):
        result = cli("validate", "--format", "json", "--time-limit", LIMIT, *args)
        assert result.exit_code <= 2, result.stderr[-2000:]
        assert "Traceback" not in result.stderr, result.stderr[-2000:]
        data = json.loads(result.stdout)
        named = [e for e in data["errors"] if e["source"] == str(path)]
        if name in ERROR_EXPECTED:
            assert result.exit_code == 2 and named
            assert f"error: {path}" in result.stderr  # the message names the file
        if GOOD in args:
            assert [(r["system"], r["verdict"]) for r in data["results"] if r["source"] == str(GOOD)] \
                == [(GOOD_SYSTEM, "prohibited")]
    assert trap.requests == []


CONTENT_TYPES = {".ttl": "text/turtle", ".nt": "application/n-triples", ".jsonld": "application/ld+json",
                 ".json": "application/ld+json", ".rdf": "application/rdf+xml"}


@pytest.mark.parametrize("name", NAMES)
def test_validate_endpoint_alone_and_then_a_good_request(files, trap, app, name):
    path = files[name]
    ctype = CONTENT_TYPES.get(path.suffix, "application/octet-stream")
    response = Client(app).post("/validate", data=path.read_bytes(), content_type=ctype)
    assert response.status_code < 500 or response.status_code == 503, response.data[:500]
    if response.status_code == 503 or name in ERROR_EXPECTED:
        assert response.status_code in (400, 413, 415, 503)
        if response.status_code in (400, 503) and ctype != "application/octet-stream":
            body = json.loads(response.data)
            assert body["errors"] and body["errors"][0]["source"].startswith("request")
    assert b"Traceback" not in response.data
    good = Client(app).post("/validate", data=GOOD.read_bytes(), content_type="text/turtle")
    assert good.status_code == 200
    assert [r["verdict"] for r in json.loads(good.data)["results"]] == ["prohibited"]
    assert trap.requests == []


def test_cli_everything_at_once_reports_the_good_file(files, trap, cli):
    quick = [files[n] for n in NAMES if n not in SLOW]
    result = cli("validate", "--format", "json", "--time-limit", LIMIT, *quick, GOOD)
    assert result.exit_code == 2 and "Traceback" not in result.stderr
    data = json.loads(result.stdout)
    assert (str(GOOD), "prohibited") in {(r["source"], r["verdict"]) for r in data["results"]}
    named = {e["source"] for e in data["errors"]}
    assert {str(files[n]) for n in ERROR_EXPECTED} <= named
    assert trap.requests == []
