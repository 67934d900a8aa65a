"""The validation page (/validate for browsers) over HTTP: paste, upload and the profile form give the
result of `aiwork-kg validate` (one code path), downloads, errors with their line, the API unchanged."""
from __future__ import annotations

import io
import json
import re
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest
from rdflib import Graph

import aiwork_kg
from aiwork_kg.server.serve import start
from aiwork_kg.web import profile_form

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
BROKEN = """@prefix aiw: <https://w3id.org/aiwork/ontology#> .
@prefix ex: <https://example.org/> .

ex:s a aiw:AISystem ;
    aiw:infers aiw:anger
    aiw:usedIn aiw:workplace .
"""
MOODCAM = [("mode", "form"), ("label", "MoodCam"), ("hasActivity", "Use"), ("performedBy", "Deployer"),
           ("operatorName", "Example Logistics A/S"), ("date", "2025-03-01"), ("hasInput", "faceVideo"),
           ("hasInput", "voice"), ("infers", "anger"), ("infers", "stress"), ("detects", "smile"),
           ("usedIn", "workplace"), ("targets", "workers"), ("hasPurpose", "performanceEvaluation"),
           ("useRequired", "true"), ("reading", "act-text"), ("as_of", "")]


@pytest.fixture(scope="module")
def server(release_dir):
    running = start("127.0.0.1", 0, release_dir=release_dir, timeout=60, processes=1)
    yield running
    running.stop()


def request(url: str, *, data: bytes | None = None, headers: dict | None = None, method: str | None = None):
    req = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(req, timeout=120) as r:
            return r.status, r.headers, r.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers, exc.read().decode("utf-8")


def post_form(url: str, fields, lang: str | None = None):
    from urllib.parse import urlencode

    return request(url + (f"?lang={lang}" if lang else ""), data=urlencode(fields).encode(),
                   headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": "text/html"})


def post_file(url: str, name: str, content: bytes, fields=()):
    boundary = uuid.uuid4().hex
    parts = []
    for key, value in [("mode", "upload"), *fields]:
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'.encode())
    parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
                 f"Content-Type: application/octet-stream\r\n\r\n".encode() + content + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return request(url, data=b"".join(parts), headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})


def verdicts_in(html: str) -> list[str]:
    return re.findall(r'data-verdict="([^"]+)"', html)


def reasons_in(html: str) -> list[str]:
    return re.findall(r'data-reason="([^"]+)"', html)


def expected(path: Path, **options):
    run = aiwork_kg.validate([path], **options)
    assert not run.errors
    return run


def test_get_is_the_page_for_browsers_and_405_for_api_clients(server):
    status, headers, html = request(server.validate_url, headers={"Accept": "text/html"})
    assert status == 200 and headers.get_content_type() == "text/html"
    for form in ("paste-form", "upload-form", "profile-form"):
        assert f'id="{form}"' in html
    for reading in aiwork_kg.validator.READINGS:
        assert f'value="{reading}"' in html
    for accept in ("application/json", "*/*", None):  # the API's answer for clients that do not ask for HTML
        status, _, _ = request(server.validate_url, headers={"Accept": accept} if accept else {})
        assert status == 405, accept


def test_the_form_offers_the_ontology_terms_in_the_chosen_language(server):
    for lang, anger, workplace in (("en", "anger", "workplace"), ("da", "vrede", "arbejdsplads"),
                                   ("nl", "woede", "werkplek")):
        status, _, html = request(server.validate_url + f"?lang={lang}", headers={"Accept": "text/html"})
        assert status == 200
        assert re.search(rf'for="f-infers-anger">{anger}</label>', html), lang
        assert re.search(rf'for="f-usedIn-workplace">{workplace}', html), lang
    spec = {f.key: f for f in profile_form.form_spec("en")}
    # every choice is a named individual of the ontology, under the range of its property
    assert {"anger", "stress", "intentionToQuit", "fatigue"} <= spec["infers"].values()
    assert {"faceVideo", "voice", "writtenText"} <= spec["hasInput"].values()
    assert {"Use", "PlacingOnTheMarket", "PuttingIntoService"} <= spec["hasActivity"].values()
    assert {"Provider", "Deployer"} <= spec["performedBy"].values()
    assert spec["type"].values() == {"AISystem", "NonAISystem"}


def test_the_api_is_unchanged_for_other_clients(server):
    body = (EXAMPLES / "call-centre-agents-anger.ttl").read_bytes()
    status, headers, text = request(server.validate_url, data=body, headers={"Content-Type": "text/turtle"})
    assert status == 200 and headers.get_content_type() == "application/json"
    assert json.loads(text)["results"][0]["verdict"] == "prohibited"


@pytest.mark.parametrize("name", ["call-centre-agents-anger.ttl", "factory-stress-monitor-safety.ttl",
                                  "description-missing-purpose.ttl", "shop-customer-emotions.ttl"])
def test_paste_gives_the_verdict_and_reasons_of_the_validator(server, name):
    path = EXAMPLES / name
    run = expected(path)
    status, _, html = post_form(server.validate_url, [("mode", "paste"), ("description", path.read_text()),
                                                     ("format", "auto")])
    assert status == 200
    assert verdicts_in(html) == [r.verdict for r in run.results]
    assert reasons_in(html) == [reason for r in run.results for reason in r.reasons]
    for r in run.results:
        assert r.verdict_label in html
        for step in r.steps:
            assert f'data-condition="{step.condition}"' in html
            for c in step.provisions + step.interpreted_by:
                assert c.iri.replace("https://w3id.org/aiwork", "") in html  # linked to its page here
        for missing in r.missing:
            assert f"({missing})" in html


def test_paste_matches_the_command_line(server, cli):
    path = EXAMPLES / "school-three-systems.ttl"
    out = cli("validate", str(path), "--format", "json", "--lang", "da")
    cli_run = json.loads(out.stdout)
    status, _, html = post_form(server.validate_url, [("mode", "paste"), ("description", path.read_text())],
                                lang="da")
    assert status == 200
    assert verdicts_in(html) == [r["verdict"] for r in cli_run["results"]]
    assert reasons_in(html) == [x for r in cli_run["results"] for x in r["reasons"]]
    for r in cli_run["results"]:
        assert r["verdict_label"] in html


@pytest.mark.parametrize("name", ["probation-period-voice-analysis.jsonld", "teacher-voice-stress-coaching.rdf",
                                  "warehouse-gait-two-systems.nt"])
def test_upload_every_format(server, name):
    path = EXAMPLES / name
    run = expected(path)
    status, _, html = post_file(server.validate_url, name, path.read_bytes())
    assert status == 200, html[:2000]
    assert verdicts_in(html) == [r.verdict for r in run.results]


def test_the_form_builds_turtle_and_validates_it(server):
    status, _, html = post_form(server.validate_url, MOODCAM + [("action", "preview")])
    assert status == 200 and 'id="built-turtle"' in html and "aiw:performanceEvaluation" in html
    assert not verdicts_in(html)
    status, headers, turtle = post_form(server.validate_url, MOODCAM + [("action", "download-description")])
    assert status == 200 and headers.get_content_type() == "text/turtle"
    assert "attachment" in headers["Content-Disposition"]
    graph = Graph().parse(data=turtle, format="turtle")
    assert len(graph) > 10
    stream = io.BytesIO(turtle.encode())
    stream.name = "form.ttl"
    run = aiwork_kg.validate([stream])
    assert [r.verdict for r in run.results] == ["prohibited"]
    status, _, html = post_form(server.validate_url, MOODCAM + [("action", "validate")])
    assert status == 200
    assert verdicts_in(html) == ["prohibited"] and "MoodCam" in html
    assert 'id="built-turtle"' in html  # the Turtle is shown beside the result


def test_the_form_refuses_values_it_did_not_offer(server):
    status, _, html = post_form(server.validate_url, [("mode", "form"), ("infers", "notATerm")])
    assert status == 400 and "notATerm" in html and 'id="form-error"' in html
    status, _, html = post_form(server.validate_url, [("mode", "form"), ("system", "not an iri")])
    assert status == 400 and "absolute IRI" in html


def test_a_form_with_missing_facts_names_them(server):
    status, _, html = post_form(server.validate_url, [("mode", "form"), ("infers", "anger"), ("hasInput", "voice")])
    assert status == 200
    assert verdicts_in(html) == ["insufficient-information"]
    assert "(usedIn)" in html and "(targets)" in html


def test_broken_input_shows_its_line_and_column_never_a_500(server):
    status, _, html = post_form(server.validate_url, [("mode", "paste"), ("description", BROKEN)])
    assert status == 400
    run = aiwork_kg.validate([io.BytesIO(BROKEN.encode())])  # unnamed: parsed as Turtle by content
    line = next(e.line for e in aiwork_kg.validate([_named(BROKEN, "pasted.ttl")]).errors)
    assert line is not None and run is not None
    assert f"pasted.ttl, line {line}" in html
    assert "<mark>" in html and "aiw:usedIn aiw:workplace" in html
    assert "Traceback" not in html
    status, _, html = post_file(server.validate_url, "broken.ttl", BROKEN.encode())
    assert status == 400 and f"broken.ttl, line {line}" in html
    status, _, html = post_file(server.validate_url, "broken.jsonld", b'{"@context": {}, "@id": ')
    assert status == 400 and "broken.jsonld" in html and "Traceback" not in html


def _named(text: str, name: str):
    stream = io.BytesIO(text.encode())
    stream.name = name
    return stream


def test_report_downloads_as_json_and_turtle(server):
    path = EXAMPLES / "call-centre-agents-anger.ttl"
    fields = [("mode", "paste"), ("description", path.read_text()), ("source", "call-centre.ttl")]
    status, headers, body = post_form(server.validate_url, fields + [("download", "json")])
    assert status == 200 and headers.get_content_type() == "application/json"
    assert headers["Content-Disposition"] == 'attachment; filename="call-centre-report.json"'
    report = json.loads(body)
    cli_like = json.loads(aiwork_kg.validate([path]).to_json())
    for r in (report, cli_like):
        for result in r["results"] + [x for section in r.get("rule_sets", []) for x in section["results"]]:
            result.pop("source")
    assert report == cli_like
    status, headers, body = post_form(server.validate_url, fields + [("download", "turtle")])
    assert status == 200 and headers.get_content_type() == "text/turtle"
    g = Graph().parse(data=body, format="turtle")
    assert len(g) > 0 and "ValidationReport" in body


def test_reading_and_as_of_are_selectable_and_named(server):
    path = EXAMPLES / "call-centre-customers-voice.ttl"
    for reading, verdict in (("act-text", "not-prohibited"), ("full-ban", "prohibited")):
        status, _, html = post_form(server.validate_url, [("mode", "paste"), ("description", path.read_text()),
                                                         ("reading", reading), ("as_of", "2025-06-01")])
        assert status == 200 and verdicts_in(html) == [verdict]
        assert f'<strong class="reading-key">{reading}</strong>' in html
        assert '<dd class="as-of">2025-06-01</dd>' in html
    status, _, html = post_form(server.validate_url, [("mode", "paste"), ("description", path.read_text()),
                                                     ("as_of", "first of May")])
    assert status == 400 and "expected a date YYYY-MM-DD" in html


def test_nothing_to_validate(server):
    status, _, html = post_form(server.validate_url, [("mode", "paste"), ("description", "  ")])
    assert status == 400 and "Nothing to validate" in html
    status, _, html = post_form(server.validate_url, [("mode", "paste"), ("description",
                                                      "<https://example.org/a> <https://example.org/b> 1 .")])
    assert status == 400 and "describes no AI system" in html  # the validator's own message


def test_what_the_user_sends_is_escaped(server):
    attack = "<script>alert(1)</script>"
    status, _, html = post_form(server.validate_url, [("mode", "paste"), ("description", f"@prefix x: <{attack}")])
    assert status == 400 and attack not in html
    status, _, html = post_form(server.validate_url, MOODCAM[:1] + [("label", attack), ("infers", "anger")])
    assert status == 200 and attack not in html and "&lt;script&gt;" in html
    status, _, html = post_form(server.validate_url, [("mode", "upload")])  # no file
    assert status == 400 and "Nothing to validate" in html


def test_the_page_offers_every_rule_set_and_validates_against_the_ones_ticked(server):
    status, _, page = request(server.url + "/validate", headers={"Accept": "text/html"})
    assert status == 200
    for rs in aiwork_kg.validator.list_rule_sets("en"):
        assert f'name="rule_set" value="{rs["id"]}"' in page
    text = (EXAMPLES / "dk-order" / "02-authority-emotion.ttl").read_text(encoding="utf-8")
    # none ticked: every rule set in scope, as `aiwork-kg validate` does
    expected = aiwork_kg.validate(EXAMPLES / "dk-order" / "02-authority-emotion.ttl")
    assert {r.rule_set for r in expected.results} == {"art5-1-f", "dk-order"}
    status, _, page = post_form(server.url + "/validate", [("mode", "paste"), ("description", text),
                                                            ("format", "turtle")])
    assert status == 200, page
    assert set(re.findall(r'data-rule-set="([^"]+)"', page)) == {"art5-1-f", "dk-order"}
    for r in expected.results:
        assert f'data-verdict="{r.verdict}"' in page
    # one ticked: that rule set only
    status, _, page = post_form(server.url + "/validate", [("mode", "paste"), ("description", text),
                                                            ("format", "turtle"), ("rule_set", "dk-order")])
    assert status == 200, page
    assert set(re.findall(r'data-rule-set="([^"]+)"', page)) == {"dk-order"}
    only = aiwork_kg.validate(EXAMPLES / "dk-order" / "02-authority-emotion.ttl", rule_sets=["dk-order"])
    assert re.findall(r'data-verdict="([^"]+)"', page) == [r.verdict for r in only.results]


@pytest.mark.parametrize("lang", ["en", "da", "nl"])
def test_an_oversized_upload_gets_the_page_with_the_limit_named_not_a_bare_413(release_dir, lang):
    from werkzeug.test import Client

    from aiwork_kg.server.serve import SparqlApp
    from aiwork_kg.web.forms_messages import FORMS_MESSAGES

    app = SparqlApp(release_dir, timeout=60, processes=1, max_body=4096)
    try:
        client = Client(app)
        big = (EXAMPLES / "call-centre-agents-anger.ttl").read_text() + "#" * 8192
        pasted = client.post(f"/validate?lang={lang}", data={"mode": "paste", "description": big},
                             headers={"Accept": "text/html"})
        uploaded = client.post(f"/validate?lang={lang}", headers={"Accept": "text/html"},
                               data={"mode": "upload", "file": (io.BytesIO(big.encode()), "big.ttl")})
        for response in (pasted, uploaded):
            html = response.get_data(as_text=True)
            assert response.status_code == 413 and response.mimetype == "text/html"
            assert f'lang="{lang}"' in html and 'id="notice"' in html and "4 KiB" in html
            expected = FORMS_MESSAGES["validate.too_large"][lang].format(size="4 KiB")
            assert expected.split("(")[0].strip() in html
            assert "Traceback" not in html
        api = client.post("/validate", data=big.encode(), content_type="text/turtle")
        assert api.status_code == 413 and api.mimetype == "text/plain"  # the API keeps its plain answer
        small = client.post("/validate", data={"mode": "paste", "description": "@prefix x: <urn:x#> ."},
                            headers={"Accept": "text/html"})
        assert small.status_code == 400  # under the limit the page works as before (no system stated)
    finally:
        app.close()
