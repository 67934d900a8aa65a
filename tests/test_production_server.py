"""Issue 11, part 1: `aiwork-kg serve` on gunicorn worker processes - health, access log, limits
(413 / 503 with a message, never 500), graceful SIGTERM, and a burst of concurrent /validate
requests that all get the command line's verdicts (no timing is asserted)."""
from __future__ import annotations

import concurrent.futures
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from werkzeug.test import Client

from aiwork_kg.server.production import ServerOptions, gunicorn_settings
from aiwork_kg.server.serve import SparqlApp

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
BURST_FILES = ["call-centre-agents-anger.ttl", "accessibility-emotion-aid.ttl"]
AI = "@prefix aiw: <https://w3id.org/aiwork/ontology#> .\n"


def _entry_point() -> list[str]:
    exe = Path(sys.executable).with_name("aiwork-kg")
    return [str(exe)] if exe.exists() else [shutil.which("aiwork-kg") or "aiwork-kg"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http(method: str, url: str, data: bytes | None = None, ctype: str | None = None, timeout: float = 600):
    req = urllib.request.Request(url, data=data, method=method, headers={"Content-Type": ctype} if ctype else {})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


@pytest.fixture(scope="module")
def app(release_dir):
    app = SparqlApp(release_dir, timeout=20, processes=1, max_body=4096, max_result=2000)
    yield app
    app.close()


@pytest.fixture(scope="module")
def served(release_dir, tmp_path_factory):
    """`aiwork-kg serve` in a subprocess on a free loopback port: (base URL, process, log file)."""
    port = _free_port()
    log = tmp_path_factory.mktemp("serve") / "access.log"
    proc = subprocess.Popen(_entry_point() + ["serve", "--port", str(port), "--release", str(release_dir),
                                              "--workers", "2", "--threads", "4", "--query-processes", "1",
                                              "--timeout", "120", "--access-log", str(log)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env={**os.environ})
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 300
    while True:
        try:
            if http("GET", base + "/health", timeout=30)[0] == 200:
                break
        except OSError:
            pass
        if proc.poll() is not None or time.time() > deadline:
            proc.kill()
            raise AssertionError("serve did not start: " + proc.stderr.read().decode()[-2000:])
        time.sleep(0.5)
    yield base, proc, log
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()


def test_gunicorn_settings_are_a_process_model_with_limits():
    settings = gunicorn_settings(ServerOptions(port=0, workers=3, threads=2, timeout=5))
    assert settings["workers"] == 3 and settings["worker_class"] == "gthread" and settings["threads"] == 2
    assert settings["preload_app"] is False  # each worker builds its own state after the fork
    assert settings["graceful_timeout"] >= 5 and settings["bind"] == ["127.0.0.1:0"]


def test_health(app):
    response = Client(app).get("/health")
    assert response.status_code == 200
    body = json.loads(response.data)
    assert body["status"] == "ok" and body["query_workers"] == 1 and body["max_body_bytes"] == 4096


def test_body_over_the_limit_is_413_with_a_message(app):
    response = Client(app).post("/validate", data=b"#" * 10_000, content_type="text/turtle")
    assert response.status_code == 413
    assert b"larger than the limit of 4096 bytes" in response.data


def test_result_over_the_limit_is_413_with_a_message(app):
    response = Client(app).get("/sparql", query_string={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 1000"})
    assert response.status_code == 413
    assert b"over the limit of 2000 bytes" in response.data and b"LIMIT" in response.data
    verdicts = Client(app).post("/validate", data=(EXAMPLES / BURST_FILES[0]).read_bytes(),
                                content_type="text/turtle")
    assert verdicts.status_code == 413 and b"over the limit" in verdicts.data


def test_validation_over_the_time_limit_is_503_with_a_message(release_dir):
    many = AI + "".join(f"<https://example.org/s{i}> a aiw:AISystem ; aiw:hasPurpose aiw:PerformanceEvaluation .\n"
                        for i in range(3000))
    app = SparqlApp(release_dir, timeout=0.3, processes=1)
    try:
        response = Client(app).post("/validate", data=many.encode(), content_type="text/turtle")
        assert response.status_code == 503
        body = json.loads(response.data)
        assert body["errors"][0]["source"] == "request.ttl" and "time limit" in body["errors"][0]["message"]
        # the same app still answers
        assert Client(app).get("/health").status_code == 200
    finally:
        app.close()


@pytest.mark.slow
def test_burst_of_concurrent_validations_gets_the_cli_verdicts(served, cli):
    base, _proc, log = served
    expected = {}
    for name in BURST_FILES:
        res = cli("validate", "--format", "json", EXAMPLES / name)
        expected[name] = [(r["system"], r["verdict"]) for r in json.loads(res.stdout)["results"]]

    def post(i: int):
        name = BURST_FILES[i % len(BURST_FILES)]
        status, body = http("POST", base + "/validate", (EXAMPLES / name).read_bytes(), "text/turtle")
        return name, status, body

    with concurrent.futures.ThreadPoolExecutor(16) as pool:
        answers = list(pool.map(post, range(32)))
    for name, status, body in answers:
        assert status == 200, body[:500]
        assert [(r["system"], r["verdict"]) for r in json.loads(body)["results"]] == expected[name]
    # the server still answers afterwards, queries and validations alike
    assert http("GET", base + "/health")[0] == 200
    status, body = http("GET", base + "/sparql?query=" + urllib.parse.quote("ASK { ?s ?p ?o }"))
    assert status == 200 and json.loads(body)["boolean"] is True
    assert post(0)[1] == 200
    for _ in range(100):  # the access log has every request (written as each one ends)
        logged = sum('"POST /validate' in line for line in log.read_text().splitlines())
        if logged >= 33:
            break
        time.sleep(0.1)
    assert logged >= 33


@pytest.mark.slow
def test_sigterm_answers_the_request_in_progress_then_exits_0(served):
    base, proc, _ = served
    many = AI + "".join(f"<https://example.org/s{i}> a aiw:AISystem ; aiw:hasPurpose aiw:PerformanceEvaluation .\n"
                        for i in range(300))
    result: dict = {}

    def slow_request() -> None:
        result["answer"] = http("POST", base + "/validate", many.encode(), "text/turtle")

    thread = threading.Thread(target=slow_request)
    thread.start()
    time.sleep(1.0)  # the request is in progress (300 systems take seconds)
    proc.send_signal(signal.SIGTERM)
    thread.join(300)
    assert proc.wait(timeout=120) == 0
    status, body = result["answer"]
    assert status == 200, body[:300]
    assert len(json.loads(body)["results"]) == 300
    err = proc.stderr.read().decode()
    assert "Traceback" not in err
