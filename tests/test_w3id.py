"""The w3id redirect rules (w3id/aiwork/.htaccess, issue 12 part 5) against the server's routes.

The rules are read with a small interpreter of the mod_rewrite subset they use (RewriteCond on
%{HTTP_ACCEPT} with [OR], RewriteRule with $n back-references, %{ENV:AIWORK} and the R/L/NE/E
flags); each sample IRI of every kind is resolved as a browser and as RDF clients would ask,
and the target is requested from a running `aiwork-kg serve` with the deployment base replaced
by the test server's URL. Every rule must be used by some sample, and every target must answer
200 with the expected media type.
"""
from __future__ import annotations

import re
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from aiwork_kg import __version__, release
from aiwork_kg.server.serve import start

ROOT = Path(__file__).resolve().parent.parent
HTACCESS = ROOT / "w3id" / "aiwork" / ".htaccess"
BASE = "https://w3id.org/aiwork/"
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
RDF_CLIENTS = ("text/turtle", "application/rdf+xml", "application/ld+json", "application/n-triples")


def parse_rules(text: str) -> list[dict]:
    rules, conds = [], []
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if line.startswith("RewriteCond "):
            _, variable, pattern, *flags = line.split()
            conds.append({"variable": variable, "pattern": pattern, "or": "[OR]" in flags})
        elif line.startswith("RewriteRule "):
            _, pattern, target, *flags = line.split()
            rules.append({"line": number, "pattern": pattern, "target": target, "conds": conds,
                          "flags": flags[0].strip("[]").split(",") if flags else []})
            conds = []
    return rules


def _conds_hold(conds: list[dict], accept: str) -> bool:
    """mod_rewrite: conditions are ANDed, a condition flagged [OR] is ORed with the next one."""
    result: bool | None = None
    or_next = False
    for cond in conds:
        assert cond["variable"] == "%{HTTP_ACCEPT}", cond
        matched = re.search(cond["pattern"], accept) is not None
        if result is None:
            result = matched
        elif or_next:
            result = result or matched
        else:
            result = result and matched
        or_next = cond["or"]
    return True if result is None else result


def resolve(rules: list[dict], path: str, accept: str) -> tuple[int, str, int] | None:
    """(status, location, rule line) for a path under w3id.org/aiwork/, or None."""
    env = {}
    for rule in rules:
        m = re.search(rule["pattern"], path)
        if m is None or not _conds_hold(rule["conds"], accept):
            continue
        for flag in rule["flags"]:
            if flag.startswith("E="):
                name, value = flag[2:].split(":", 1)
                env[name] = value
        if rule["target"] == "-":
            continue
        target = re.sub(r"%\{ENV:(\w+)\}", lambda e: env[e.group(1)], rule["target"])
        target = re.sub(r"\$(\d)", lambda g, m=m: m.group(int(g.group(1))) or "", target)
        status = next((int(f[2:]) for f in rule["flags"] if f.startswith("R=")), 302)
        return status, target, rule["line"]
    return None


def samples() -> list[str]:
    """One IRI of every kind the release has (paths under the base)."""
    v = __version__
    return ["", "context", "context.jsonld", "ontology", f"ontology/{v}", f"ontology/{v}/base",
            *(f"ontology/{v}/imports/{n}" for n in release.OWL_IMPORTS), "catalog", "dataset/aiwork-kg",
            f"dataset/aiwork-kg/{v}", *(f"dataset/aiwork-kg/{v}/{f}" for f in release.RELEASE_FILES.values()),
            "graph/eu/ai-act-excerpts", "graph/links",
            "provision/eu/reg/2024/1689/art_5/par_1/pnt_f", "doc/dk-bfa-ai-work-environment-2024/chapter_3",
            "agent/aiwork-kg", "provision/eu/reg/2024/1689/art_5/par_1/pnt_f.ttl", "link/disagreement/intentions",
            "concept/bfa-ai-type"]


@pytest.fixture(scope="module")
def rules() -> list[dict]:
    return parse_rules(HTACCESS.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def endpoint(release_dir):
    server = start("127.0.0.1", 0, release_dir=release_dir, timeout=60, processes=1)
    yield server
    server.stop()


def fetch(url: str, accept: str):
    req = urllib.request.Request(url, headers={"Accept": accept})
    try:
        with urllib.request.urlopen(req, timeout=60) as r:
            return r.status, r.headers.get_content_type()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get_content_type()


def test_the_deployment_base_is_set_in_one_place(rules):
    setters = [r for r in rules if r["target"] == "-"]
    assert len(setters) == 1 and setters[0]["flags"][0].startswith("E=AIWORK:")
    assert all(r["target"].startswith("%{ENV:AIWORK}") for r in rules if r["target"] != "-")


def test_every_rule_points_at_a_route_of_the_server(rules, endpoint):
    deployment = next(r["flags"][0].split(":", 1)[1] for r in rules if r["target"] == "-")
    used, failures = set(), []
    for path in samples():
        for accept in (BROWSER, *RDF_CLIENTS):
            resolved = resolve(rules, path, accept)
            assert resolved is not None, f"no rule for {BASE}{path}"
            status, location, line = resolved
            used.add(line)
            assert status in (302, 303)
            assert location.startswith(deployment)
            url = endpoint.url + location[len(deployment):]
            got = fetch(url, accept)
            if got[0] != 200:
                failures.append(f"{BASE}{path} (Accept {accept.split(',')[0]}) -> line {line} -> {url}: {got}")
            elif (location.endswith((".ttl", ".jsonld", ".nt", ".rdf")) and accept in RDF_CLIENTS
                  and "." not in path and not path.startswith("context") and got[1] != accept):
                failures.append(f"{BASE}{path}: asked {accept}, got {got[1]}")
    assert not failures, "\n".join(failures)
    all_lines = {r["line"] for r in rules if r["target"] != "-"}
    assert all_lines - used == set(), f"rules no sample reaches: lines {sorted(all_lines - used)}"


def test_browsers_get_html_and_owl_tools_get_the_ontology(rules, endpoint):
    assert resolve(rules, "ontology", "application/rdf+xml")[1].endswith("/release/aiwork-ontology.owl")
    status, location, _ = resolve(rules, "ontology", BROWSER)
    assert status == 303 and location.endswith("/ontology.html")
    status, location, _ = resolve(rules, "provision/eu/reg/2024/1689/art_5/par_1/pnt_f", BROWSER)
    assert status == 303 and location.endswith("/provision/eu/reg/2024/1689/art_5/par_1/pnt_f.html")
    for accept, suffix in zip(RDF_CLIENTS, (".ttl", ".rdf", ".jsonld", ".nt"), strict=True):
        status, location, _ = resolve(rules, "provision/eu/reg/2024/1689/art_5/par_1/pnt_f", accept)
        assert status == 303 and location.endswith("/pnt_f" + suffix)


def test_resource_route_refuses_foreign_iris_and_unknown_ones(endpoint):
    assert fetch(endpoint.url + "/resource?iri=https://example.org/x", "text/html")[0] == 400
    assert fetch(endpoint.url + "/resource?iri=https://w3id.org/aiwork/nothing/here", "text/html")[0] == 404
    assert fetch(endpoint.url + "/release/not-a-release-file.txt", "*/*")[0] == 404
    assert fetch(endpoint.url + "/context.jsonld", "*/*") == (200, "application/ld+json")
