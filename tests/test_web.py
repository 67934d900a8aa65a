"""The web pages over HTTP (a real `aiwork-kg serve`): languages, static assets, 404 pages, the UI strings."""
from __future__ import annotations

import urllib.error
import urllib.request

from aiwork_kg.languages import LANGUAGES
from aiwork_kg.web import i18n


def get(url: str, **headers: str) -> tuple[int, dict[str, str], str]:
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as r:
            return r.status, dict(r.headers), r.read().decode("utf-8")
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read().decode("utf-8")


def test_every_ui_string_has_every_language():
    assert i18n.missing() == []
    assert set(i18n.LANGUAGE_NAMES) == set(LANGUAGES)


def test_language_from_accept_language_and_lang_parameter(web_server):
    status, headers, body = get(web_server + "/", **{"Accept-Language": "da-DK,da;q=0.9,en;q=0.5"})
    assert status == 200 and '<html lang="da">' in body
    assert headers["Content-Language"] == "da" and "Accept-Language" in headers["Vary"]
    status, _, body = get(web_server + "/?lang=nl", **{"Accept-Language": "da"})
    assert '<html lang="nl">' in body
    assert 'href="/?lang=nl"' in body  # links keep an explicit ?lang=
    for lang in LANGUAGES:
        assert f'hreflang="{lang}"' in body  # the switch names every language
    _, _, body = get(web_server + "/?lang=xx", **{"Accept-Language": "fr"})
    assert '<html lang="en">' in body


def test_landmarks_on_the_start_page(web_server):
    _, _, body = get(web_server + "/")
    for landmark in ("<header", "<nav", "<main", "<footer"):
        assert landmark in body
    assert 'href="/query"' in body and 'href="/validate"' in body


def test_static_css_is_shipped_and_nothing_is_loaded_from_elsewhere(web_server):
    status, headers, css = get(web_server + "/static/style.css")
    assert status == 200 and headers["Content-Type"].startswith("text/css")
    assert "@import" not in css and "url(" not in css
    _, _, body = get(web_server + "/")
    import re

    assets = re.findall(r'<(?:link|script|img)\b[^>]*\b(?:href|src)="([^"]+)"', body)
    assert assets and all(a.startswith("/") for a in assets), assets  # pages load only from the server
    assert get(web_server + "/static/../pyproject.toml")[0] == 404
    assert get(web_server + "/static/nothing.css")[0] == 404


def test_unknown_path_is_a_404_page_not_a_stack_trace(web_server):
    status, headers, body = get(web_server + "/no/such/thing", Accept="text/html")
    assert status == 404 and headers["Content-Type"].startswith("text/html")
    assert "Traceback" not in body and "/no/such/thing" in body
    status, headers, body = get(web_server + "/no/such/thing", Accept="text/turtle")
    assert status == 404 and headers["Content-Type"].startswith("text/plain")
