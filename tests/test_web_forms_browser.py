"""The query page, the validation page and CORS in a real headless Chromium (tests/browser.py).

Runs a library query with a parameter and downloads its CSV; runs a free query typed into the
editor; validates examples by paste, by upload and through the form and checks that the page
shows the verdict and reasons that `aiwork-kg validate` gives; pastes a broken file and sees its
line; axe-core on each page; every request stays on the server. Screenshots of the query page
and a validation result go to docs/screenshots/. Skipped locally without a browser, a failure in
CI (CI=true).
"""
from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from browser import assert_accessible, free_port

import aiwork_kg
from aiwork_kg.sparql import query

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SCREENSHOTS = ROOT / "docs" / "screenshots"
BROKEN = """@prefix aiw: <https://w3id.org/aiwork/ontology#> .
@prefix ex: <https://example.org/> .

ex:s a aiw:AISystem ;
    aiw:infers aiw:anger
    aiw:usedIn aiw:workplace .
"""


def cli_result(cli, path: Path, lang: str = "en") -> dict:
    out = cli("validate", str(path), "--format", "json", "--lang", lang)
    assert out.exit_code in (0, 1), out.stderr
    return json.loads(out.stdout)


def shown_verdicts(page) -> list[str]:
    return page.locator("[data-verdict]").evaluate_all("els => els.map(e => e.dataset.verdict)")


def shown_reasons(page) -> list[str]:
    return page.locator("[data-reason]").evaluate_all("els => els.map(e => e.dataset.reason)")


def screenshot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / name), full_page=False)


def test_library_query_with_a_parameter_and_its_csv(web_page, web_server, tmp_path):
    page = web_page
    page.set_viewport_size({"width": 1280, "height": 1000})
    page.goto(f"{web_server}/query")
    assert_accessible(page, name="query page")
    page.get_by_role("link", name="applies-on-date", exact=True).click()
    page.fill("#param-date", "2025-07-01")
    page.get_by_role("button", name="Run the query").first.click()
    page.wait_for_selector("#results")
    assert "date=2025-07-01" in page.url  # the query is in the address: the result can be shared
    expected = query("applies-on-date", params={"date": "2025-07-01"})
    assert page.locator("#result-count").inner_text().startswith(f"{len(expected.rows)} rows")
    assert page.locator("table.results tbody tr").count() == len(expected.rows)
    assert_accessible(page, name="query page with results")
    with page.expect_download() as info:
        page.locator("a.download[data-format=CSV]").click()
    download = info.value
    assert download.suggested_filename == "applies-on-date.csv"
    saved = tmp_path / "result.csv"
    download.save_as(saved)
    assert saved.read_text(encoding="utf-8").replace("\r\n", "\n") == expected.serialize("csv").replace("\r\n", "\n")
    page.evaluate("window.scrollTo(0, 0)")
    screenshot(page, "query-page.png")


def test_a_free_query_typed_into_the_editor(web_page, web_server):
    page = web_page
    page.goto(f"{web_server}/query?lang=da")
    editor = page.locator(".cm-editor .cm-content")
    editor.wait_for()
    assert page.locator("#query-text").is_hidden()  # the editor took the textarea's place
    assert page.locator(".cm-content").get_attribute("aria-labelledby")
    editor.click()
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    page.keyboard.type("SELECT ?x WHERE { VALUES ?x { aiw:anger aiw:fear } } ORDER BY ?x")
    page.keyboard.press("Control+Enter")
    page.wait_for_selector("#results")
    assert "query=SELECT" in page.url
    links = page.locator("table.results a")
    assert sorted(links.all_inner_texts()) == ["frygt", "vrede"]  # labels in the chosen language
    assert_accessible(page, name="query page (da) with an editor query")
    # the keyboard can leave the editor (Tab is not trapped)
    page.locator(".cm-content").click()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('cm-content')") is False


def test_a_query_with_an_error_shows_its_line(web_page, web_server):
    page = web_page
    page.goto(f"{web_server}/query?query=" + "SELECT%20*%20WHERE%20%7B%0A%20%20%3Fs%20%3Fp%20%0A%7D")
    alert = page.get_by_role("alert")
    assert "Line 3" in alert.inner_text()
    assert_accessible(page, name="query page with an error")


@pytest.mark.parametrize("name", ["call-centre-agents-anger.ttl", "factory-stress-monitor-safety.ttl"])
def test_validate_by_paste_shows_what_the_command_line_says(web_page, web_server, cli, name):
    path = EXAMPLES / name
    expected = cli_result(cli, path)
    page = web_page
    page.goto(f"{web_server}/validate")
    assert_accessible(page, name="validation page")
    page.fill("#description", path.read_text(encoding="utf-8"))
    page.locator("#paste-form button[type=submit]").click()
    page.wait_for_selector("#result")
    assert shown_verdicts(page) == [r["verdict"] for r in expected["results"]]
    assert shown_reasons(page) == [x for r in expected["results"] for x in r["reasons"]]
    text = page.locator("#result").inner_text()
    for r in expected["results"]:
        assert r["verdict_label"] in text
        for label in r["reason_labels"]:
            assert label in text
    assert_accessible(page, name=f"validation result ({name})")


def test_validate_by_upload_in_danish(web_page, web_server, cli):
    path = EXAMPLES / "probation-period-voice-analysis.jsonld"
    expected = cli_result(cli, path, lang="da")
    page = web_page
    page.goto(f"{web_server}/validate?lang=da")
    page.set_input_files("#file", str(path))
    page.locator("#upload-form button[type=submit]").click()
    page.wait_for_selector("#result")
    assert page.locator("html").get_attribute("lang") == "da"
    assert shown_verdicts(page) == [r["verdict"] for r in expected["results"]]
    text = page.locator("#result").inner_text()
    for r in expected["results"]:
        assert r["verdict_label"] in text
    assert_accessible(page, name="validation result (upload, da)")


def test_validate_through_the_form(web_page, web_server):
    page = web_page
    page.set_viewport_size({"width": 1280, "height": 1100})
    page.goto(f"{web_server}/validate")
    page.fill("#f-label", "MoodCam")
    for box in ("#f-hasActivity-Use", "#f-performedBy-Deployer", "#f-hasInput-faceVideo", "#f-hasInput-voice",
                "#f-infers-anger", "#f-usedIn-workplace", "#f-targets-workers", "#f-hasPurpose-performanceEvaluation",
                "#f-useRequired-true"):
        page.check(box)
    page.fill("#f-date", "2025-03-01")
    # with JavaScript the Turtle follows the ticks (built by the server, as the button does)
    page.wait_for_function("(document.getElementById('built-turtle') || {}).textContent?.includes('aiw:workers')")
    assert_accessible(page, name="validation form with its Turtle")
    page.get_by_role("button", name="Show the Turtle").click()
    turtle = page.locator("#built-turtle").inner_text()
    assert "aiw:anger" in turtle and "aiw:Deployer" in turtle and '"2025-03-01"^^xsd:date' in turtle
    assert page.locator("#f-infers-anger").is_checked()  # the form keeps what was chosen
    page.locator("#profile-form button[value=validate]").click()
    page.wait_for_selector("#result")
    assert shown_verdicts(page) == ["prohibited"]
    import io

    stream = io.BytesIO(turtle.encode("utf-8"))
    stream.name = "form.ttl"
    run = aiwork_kg.validate([stream])
    assert [r.verdict for r in run.results] == ["prohibited"]
    assert run.results[0].verdict_label in page.locator("#result").inner_text()
    assert_accessible(page, name="validation result (form)")
    page.locator("#result").scroll_into_view_if_needed()
    page.evaluate("document.getElementById('result').scrollIntoView()")
    screenshot(page, "validation-result.png")


def test_a_broken_file_shows_its_line(web_page, web_server):
    page = web_page
    page.goto(f"{web_server}/validate")
    page.fill("#description", BROKEN)
    page.locator("#paste-form button[type=submit]").click()
    errors = page.locator("#input-errors")
    errors.wait_for()
    import io

    stream = io.BytesIO(BROKEN.encode())
    stream.name = "pasted.ttl"
    line = aiwork_kg.validate([stream]).errors[0].line
    assert f"pasted.ttl, line {line}" in errors.inner_text()
    assert "aiw:usedIn aiw:workplace" in page.locator("#input-errors mark").inner_text()
    assert_accessible(page, name="validation page with an input error")


class _OtherOrigin(BaseHTTPRequestHandler):
    page = b"<!doctype html><html lang='en'><head><title>another origin</title></head><body>client</body></html>"

    def do_GET(self):  # noqa: N802 - the name http.server calls
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.end_headers()
        self.wfile.write(self.page)

    def log_message(self, *args):
        pass


def test_a_page_on_another_origin_can_query_the_endpoint(chromium, web_server):
    """What YASGUI or Comunica do: fetch() from another origin, with a preflight (sparql-query body)."""
    port = free_port()
    other = ThreadingHTTPServer(("127.0.0.1", port), _OtherOrigin)
    threading.Thread(target=other.serve_forever, daemon=True).start()
    allowed = {urlsplit(web_server).netloc, f"127.0.0.1:{port}"}
    foreign: list[str] = []
    context = chromium.new_context()

    def guard(route):
        if urlsplit(route.request.url).netloc in allowed:
            route.continue_()
        else:
            foreign.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    try:
        page = context.new_page()
        page.goto(f"http://127.0.0.1:{port}/")
        answer = page.evaluate("""async (endpoint) => {
            const r = await fetch(endpoint, {method: "POST", body: "ASK { ?s ?p ?o }",
                headers: {"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"}});
            const u = await fetch(endpoint, {method: "POST", body: "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
                headers: {"Content-Type": "application/sparql-update"}});
            const g = await fetch(endpoint + "?query=" + encodeURIComponent("SELECT * WHERE { ?s ?p ?o } LIMIT 1"),
                {headers: {"Accept": "text/csv"}});
            return {status: r.status, json: await r.json(), seconds: r.headers.get("X-Query-Seconds"),
                    update: u.status, updateText: await u.text(), get: g.status, csv: await g.text()};
        }""", f"{web_server}/sparql")
    finally:
        context.close()
        other.shutdown()
    assert answer["status"] == 200 and answer["json"]["boolean"] is True
    assert answer["seconds"] is not None  # an exposed header
    assert answer["update"] == 403 and "read-only" in answer["updateText"]
    assert answer["get"] == 200 and sorted(answer["csv"].splitlines()[0].split(",")) == ["o", "p", "s"]
    assert not foreign
