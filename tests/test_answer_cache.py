"""The answer cache of the server (aiwork_kg.server.answers): what it keeps, for how long, and
that a kept answer is byte for byte what the page code gives; then a real `aiwork-kg serve`
under concurrent requests for the same and for different variants of a page."""
from __future__ import annotations

import concurrent.futures
import urllib.request

import pytest
from werkzeug.test import Client

from aiwork_kg.server.answers import PUBLIC, AnswerCache, cacheable_seconds
from aiwork_kg.server.serve import SparqlApp

PROVISION = "/provision/eu/reg/2024/1689/art_5/par_1/pnt_f"
QUERY = "/query?name=disagreements&run=1"


@pytest.mark.parametrize(("value", "seconds"), [
    ("public, max-age=300", 300), ("max-age=60, public", 60), ("Public, Max-Age=7", 7),
    ("max-age=300", 0), ("public", 0), ("public, max-age=300, no-store", 0), ("private, max-age=300", 0),
    ("public, no-cache, max-age=5", 0), (None, 0), ("", 0),
])
def test_only_public_answers_with_a_max_age_are_kept(value, seconds):
    assert cacheable_seconds(value) == seconds


def _environ(**extra) -> dict:
    return {"REQUEST_METHOD": "GET", "PATH_INFO": "/x", "QUERY_STRING": "lang=da", "HTTP_ACCEPT": "text/html",
            **extra}


def test_key_names_what_an_answer_may_vary_on_and_skips_what_it_cannot_serve():
    key = AnswerCache.key(_environ())
    assert key == ("/x", "lang=da", None, "text/html", None, None)
    assert AnswerCache.key(_environ(HTTP_HOST="example.org")) != key
    assert AnswerCache.key(_environ(HTTP_ACCEPT="text/turtle")) != key
    assert AnswerCache.key(_environ(HTTP_ACCEPT_LANGUAGE="nl")) != key
    assert AnswerCache.key(_environ(HTTP_ORIGIN="https://example.org")) != key
    for skipped in ({"REQUEST_METHOD": "POST"}, {"REQUEST_METHOD": "HEAD"}, {"HTTP_IF_NONE_MATCH": '"x"'},
                    {"HTTP_IF_MODIFIED_SINCE": "Sun, 06 Dec 2026 00:00:00 GMT"}, {"HTTP_RANGE": "bytes=0-9"},
                    {"HTTP_AUTHORIZATION": "Basic eA=="}, {"aiwork.static": True}):
        assert AnswerCache.key(_environ(**skipped)) is None, skipped


def test_put_keeps_only_public_200_answers_within_the_size_limits():
    cache = AnswerCache(max_bytes=100, max_entry_bytes=50)
    public = [("Content-Type", "text/html"), ("Cache-Control", PUBLIC)]
    assert cache.put(("a",), "200 OK", public, b"x" * 10)
    assert not cache.put(("b",), "404 NOT FOUND", public, b"x")
    assert not cache.put(("c",), "200 OK", [("Cache-Control", "no-store")], b"x")
    assert not cache.put(("d",), "200 OK", [("Content-Type", "text/html")], b"x")
    assert not cache.put(("e",), "200 OK", [*public, ("Set-Cookie", "s=1")], b"x")
    assert not cache.put(("f",), "200 OK", public, b"x" * 51)
    assert len(cache) == 1 and cache.get(("a",)).body == b"x" * 10
    assert cache.get(("b",)) is None and (cache.hits, cache.misses) == (1, 1)


def test_the_least_recently_used_answers_go_first_when_the_bytes_run_out():
    cache = AnswerCache(max_bytes=100, max_entry_bytes=100)
    public = [("Cache-Control", PUBLIC)]
    for name in "abc":
        cache.put((name,), "200 OK", public, b"x" * 40)  # the third one pushes "a" out
    assert cache.get(("a",)) is None and cache.size == 80
    cache.get(("b",))  # "b" used: "c" is now the least recent
    cache.put(("d",), "200 OK", public, b"x" * 40)
    assert [k for (k,) in cache._answers] == ["b", "d"] and cache.size == 80
    cache.put(("b",), "200 OK", public, b"y" * 10)  # replacing an answer frees its bytes
    assert cache.size == 50 and cache.get(("b",)).body == b"y" * 10


def test_an_answer_is_kept_for_its_max_age_only():
    now = [1000.0]
    cache = AnswerCache(clock=lambda: now[0])
    cache.put(("a",), "200 OK", [("Cache-Control", "public, max-age=300")], b"page")
    now[0] += 299
    assert cache.get(("a",)) is not None
    now[0] += 2
    assert cache.get(("a",)) is None and len(cache) == 0 and cache.size == 0


# -- through the server application ------------------------------------------------------------
@pytest.fixture(scope="module")
def app(release_dir):
    app = SparqlApp(release_dir, timeout=20, processes=1)
    yield app
    app.close()


def _get(app, path, **headers):
    response = Client(app).get(path, headers=headers)
    return response.status_code, dict(response.headers), response.get_data()


@pytest.mark.parametrize("path", [PROVISION, PROVISION + ".ttl", "/", QUERY, QUERY.replace("run=1", "format=csv")])
def test_a_repeated_page_is_answered_from_the_cache_with_the_same_bytes(app, path):
    first = _get(app, path, Accept="text/html", **{"Accept-Language": "da"})
    hits = app.answers.hits
    again = _get(app, path, Accept="text/html", **{"Accept-Language": "da"})
    assert first[0] == 200 and first[1]["Cache-Control"] == PUBLIC
    assert again == first
    assert app.answers.hits == hits + 1


def test_variants_are_kept_apart(app):
    english = _get(app, PROVISION, Accept="text/html", **{"Accept-Language": "en"})
    danish = _get(app, PROVISION, Accept="text/html", **{"Accept-Language": "da"})
    turtle = _get(app, PROVISION, Accept="text/turtle")
    assert english[1]["Content-Language"] == "en" and danish[1]["Content-Language"] == "da"
    assert english[2] != danish[2]
    assert turtle[1]["Content-Type"].startswith("text/turtle") and turtle[2].lstrip().startswith(b"@prefix")
    for _status, headers, body in (english, danish, turtle):  # asked again: the same bytes
        assert _get(app, PROVISION, Accept=headers.get("Content-Type", "").split(";")[0],
                    **{"Accept-Language": headers.get("Content-Language", "en")})[2] == body


def test_what_must_not_be_kept_is_not(app):
    size = app.answers.size
    assert _get(app, "/health")[0] == 200                      # no-store
    assert _get(app, "/sparql?query=ASK%7B%7D")[0] == 200      # the endpoint: not marked public
    assert _get(app, "/no/such/page")[0] == 404                # errors
    assert _get(app, "/query?name=no-such-query")[0] == 404
    assert _get(app, "/validate", Accept="text/html")[0] == 200  # a result may depend on today's date
    post = Client(app).post("/validate", data=b"<urn:x> a <urn:y> .", content_type="text/turtle")
    assert post.status_code in (200, 400)
    head = Client(app).head(PROVISION)
    assert head.status_code == 200 and head.get_data() == b""
    assert app.answers.size == size


def test_answer_cache_zero_keeps_nothing_and_answers_the_same(release_dir, app):
    plain = SparqlApp(release_dir, timeout=20, processes=1, answer_cache_bytes=0)
    try:
        assert plain.answers is None
        assert _get(plain, PROVISION, Accept="text/turtle")[2] == _get(app, PROVISION, Accept="text/turtle")[2]
    finally:
        plain.close()


def test_serve_help_names_the_option(cli):
    out = cli("serve", "--help").stdout
    assert "--answer-cache" in out and "0 keeps none" in out


# -- a real server under concurrent requests ---------------------------------------------------
def test_concurrent_requests_get_the_same_bytes_per_variant(web_server):
    variants = [(PROVISION, "text/html", "en"), (PROVISION, "text/html", "nl"), (PROVISION, "text/turtle", "en"),
                ("/agent/arbejdstilsynet", "application/ld+json", "en"), (QUERY, "text/html", "da")]

    def fetch(i: int) -> tuple[int, int, bytes]:
        path, accept, lang = variants[i % len(variants)]
        request = urllib.request.Request(web_server + path, headers={"Accept": accept, "Accept-Language": lang})
        with urllib.request.urlopen(request, timeout=120) as r:
            return i % len(variants), r.status, r.read()

    with concurrent.futures.ThreadPoolExecutor(max_workers=40) as pool:
        answers = list(pool.map(fetch, range(400)))
    assert {status for _, status, _ in answers} == {200}
    bodies: dict[int, set[bytes]] = {}
    for variant, _, body in answers:
        bodies.setdefault(variant, set()).add(body)
    assert all(len(found) == 1 for found in bodies.values())          # one answer per variant
    assert len({next(iter(found)) for found in bodies.values()}) == len(variants)  # and they differ
