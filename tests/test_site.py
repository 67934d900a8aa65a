"""`aiwork-kg site`: the static export, through the console script, against the running server.

Every IRI of the release has its pages (en, da, nl) and four RDF forms; every RDF form parses to
the same triples as the server's answer for that IRI; the w3id rules written into the site point
at files of the site; a missing release is exit 2 with a clear message.
"""
from __future__ import annotations

import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from rdfcompare import canonical

from aiwork_kg.languages import LANGUAGES
from aiwork_kg.web.graph import path_of_iri, web_graph

SUFFIXES = (".ttl", ".jsonld", ".nt", ".rdf")


@pytest.fixture(scope="module")
def site(cli, release_dir, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site")
    result = cli("site", "--out", out, "--release", release_dir, "--base-url", "https://example.org/kg/")
    assert result.exit_code == 0, result.stderr
    assert "HTML pages of resources" in result.stdout
    return out


@pytest.fixture(scope="module")
def documents(release_dir) -> list[str]:
    # the namespace itself is the start page (index.html, written for every language)
    return sorted(path_of_iri(d) for d in web_graph(release_dir).documents() if path_of_iri(d) != "/")


def _file(site: Path, path: str) -> Path:
    return site / path.lstrip("/")


def test_every_iri_has_its_pages_and_rdf_forms(site, documents):
    assert len(documents) > 900
    missing = []
    for path in documents:
        names = [path + ".html"] + [f"{path}.{lang}.html" for lang in LANGUAGES if lang != "en"]
        names += [path + suffix for suffix in SUFFIXES]
        missing += [n for n in names if not _file(site, n).is_file()]
    assert not missing, missing[:20]
    for name in ("index.html", "index.da.html", "index.nl.html", "ontology.html", "404.html", "query.html",
                 "validate.nl.html", "sparql.da.html", "static/style.css", "release/aiwork-kg.ttl",
                 "context.jsonld", ".htaccess", "w3id/aiwork/.htaccess"):
        assert (site / name).is_file(), name


def test_rdf_forms_parse_back_to_the_servers_triples(site, documents, web_server):
    def check(path: str) -> str | None:
        with urllib.request.urlopen(urllib.request.Request(web_server + path,
                                                           headers={"Accept": "application/n-triples"}),
                                    timeout=60) as r:
            served = canonical(r.read(), "application/n-triples")
        for suffix in SUFFIXES:
            if canonical(_file(site, path + suffix).read_bytes(), suffix) != served:
                return path + suffix
        return None

    with ThreadPoolExecutor(8) as pool:
        differing = [p for p in pool.map(check, documents) if p]
    assert not differing, differing[:10]


def test_static_pages_link_to_files_and_say_what_needs_the_server(site):
    page = (site / "provision/eu/reg/2024/1689/art_5/par_1/pnt_f.da.html").read_text(encoding="utf-8")
    assert '<html lang="da">' in page
    assert 'href="pnt_f.nl.html"' in page   # the language switch, relative to the page
    assert 'href="pnt_f.ttl"' in page
    assert 'href="../../../../../../../static/style.css"' in page
    assert "?lang=" not in page
    query = (site / "query.html").read_text(encoding="utf-8")
    assert "needs the server" in query
    assert "needs the server" in (site / "validate.html").read_text(encoding="utf-8")


def test_every_link_of_every_page_is_a_file_of_the_site_from_any_folder(site):
    """Links are relative to their page (the site may be published in a folder of a host), and
    each one names a file the site has; only 404.html keeps root-relative links."""
    import posixpath
    import re

    link = re.compile(r'\s(?:href|src|action)="([^"#?]*)[^"]*"')
    pages, broken, rooted = 0, [], []
    for html in site.rglob("*.html"):
        here = html.relative_to(site).as_posix()
        text = html.read_text(encoding="utf-8")
        pages += 1
        for target in link.findall(text):
            if not target or "://" in target or target.startswith(("mailto:", "//")):
                continue
            if target.startswith("/"):
                if here != "404.html":
                    rooted.append((here, target))
                continue
            resolved = posixpath.normpath(posixpath.join(posixpath.dirname(here), target))
            if resolved.startswith("..") or not (site / resolved).exists():
                broken.append((here, target))
    assert pages > 2500
    assert not rooted, rooted[:10]
    assert not broken, broken[:10]


def test_the_query_library_is_documented(site):
    from aiwork_kg.sparql.catalog import library

    page = (site / "query.html").read_text(encoding="utf-8")
    for query in library():
        assert f'id="{query.name}"' in page
        for param in query.params:
            assert f"?{param.name}" in page


def test_w3id_rules_of_the_site_point_at_its_files(site):
    from test_w3id import parse_rules, resolve

    rules = parse_rules((site / "w3id/aiwork/.htaccess").read_text(encoding="utf-8"))
    for path in ("provision/eu/reg/2024/1689/art_5/par_1/pnt_f", "agent/aiwork-kg", "dataset/aiwork-kg",
                 "ontology", "link/disagreement/intentions"):
        for accept in ("text/html", "text/turtle", "application/ld+json", "application/n-triples",
                       "application/rdf+xml"):
            status, location, _ = resolve(rules, path, accept)
            assert location.startswith("https://example.org/kg/"), location
            target = location[len("https://example.org/kg"):]
            if target.startswith("/release/"):
                assert (site / target.lstrip("/")).is_file(), target
            else:
                assert _file(site, target).is_file(), (path, accept, target)


def test_a_missing_release_is_exit_2(cli, tmp_path):
    result = cli("site", "--out", tmp_path / "out", "--release", tmp_path / "no-release")
    assert result.exit_code == 2
    assert "no release found" in result.stderr and "aiwork-kg build" in result.stderr
