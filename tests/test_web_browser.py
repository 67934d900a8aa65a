"""The web pages in a real headless Chromium (tests/browser.py): languages, links, axe-core, no foreign requests.

Skipped locally without a browser (with the reason); a failure when CI=true.
"""
from __future__ import annotations

import pytest
from browser import assert_accessible

pytestmark = pytest.mark.slow


def test_start_page_in_each_language(web_page, web_server):
    for lang, heading in (("en", "knowledge graph of AI at work"), ("da", "vidensgrafen om AI på arbejdet"),
                          ("nl", "de kennisgraaf over AI op het werk")):
        web_page.goto(f"{web_server}/?lang={lang}")
        assert web_page.locator("html").get_attribute("lang") == lang
        assert heading in web_page.locator("h1").inner_text()
        assert_accessible(web_page, name=f"start page ({lang})")
    assert web_page.guard.requests, "the request recorder saw nothing"


def test_language_switch_keeps_the_language_in_links(web_page, web_server):
    web_page.goto(web_server + "/")
    web_page.get_by_role("navigation", name="Language").get_by_role("link", name="Dansk").click()
    assert web_page.locator("html").get_attribute("lang") == "da"
    href = web_page.get_by_role("navigation", name="Hovedmenu").get_by_role("link", name="Start").get_attribute("href")
    assert "lang=da" in href


def test_keyboard_skip_link_and_visible_focus(web_page, web_server):
    web_page.goto(web_server + "/")
    web_page.keyboard.press("Tab")
    focused = web_page.evaluate("document.activeElement.getAttribute('href')")
    assert focused == "#main"
    outline = web_page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("", "none")


PNT_F = "/provision/eu/reg/2024/1689/art_5/par_1/pnt_f"
DOCS = __import__("pathlib").Path(__file__).resolve().parent.parent / "docs" / "img"


@pytest.mark.parametrize("lang, heading, section", [
    ("en", "AI Act, Art. 5(1)(f)", "The provision in its languages"),
    ("da", "AI-forordningen, art. 5, stk. 1, litra f)", "Bestemmelsen på sine sprog"),
    ("nl", "AI-verordening, art. 5, lid 1, onder f", "De bepaling in haar talen"),
])
def test_provision_page_in_each_language(web_page, web_server, lang, heading, section):
    web_page.goto(f"{web_server}{PNT_F}?lang={lang}")
    assert web_page.locator("html").get_attribute("lang") == lang
    assert web_page.locator("h1").inner_text() == heading
    assert web_page.get_by_role("heading", name=section).is_visible()
    # the English text and the Dutch wording side by side, each marked with its language
    assert web_page.locator('.side-by-side blockquote[lang="en"]').count() == 1
    assert web_page.locator('.side-by-side blockquote[lang="nl"]').count() == 1
    assert_accessible(web_page, name=f"provision page ({lang})")


def test_follow_a_cross_source_link_to_a_danish_unit_and_back(web_page, web_server):
    web_page.goto(f"{web_server}{PNT_F}?lang=da")
    danish = web_page.get_by_role("region", name="Danske og nederlandske enheder, der henviser til den") \
        .get_by_role("region", name="Dansk").get_by_role("link").first
    danish.click()
    web_page.wait_for_load_state()
    assert "/doc/dk-leaflet-emotion-recognition-ban/" in web_page.url and "lang=da" in web_page.url
    assert web_page.locator('blockquote.verbatim[lang="da"]').count() == 1
    assert_accessible(web_page, name="Danish unit")
    back = web_page.locator(f'#main a[href^="{PNT_F}?"]').first
    back.click()
    web_page.wait_for_load_state()
    assert web_page.url.endswith(f"{PNT_F}?lang=da")
    assert web_page.locator("h1").inner_text() == "AI-forordningen, art. 5, stk. 1, litra f)"


@pytest.mark.parametrize("path", ["/ontology", "/link/disagreement/intentions", "/agent/autoriteit-persoonsgegevens",
                                  "/dataset/aiwork-kg", "/no/such/page"])
def test_other_pages_are_accessible(web_page, web_server, path):
    web_page.goto(web_server + path)
    assert_accessible(web_page, name=path)


def test_screenshots_for_the_docs(web_page, web_server):
    """docs/img/web-start.png and docs/img/web-provision.png (shown in docs/web.md), kept current."""
    DOCS.mkdir(parents=True, exist_ok=True)
    web_page.set_viewport_size({"width": 1200, "height": 900})
    web_page.goto(web_server + "/?lang=en")
    web_page.screenshot(path=str(DOCS / "web-start.png"))
    web_page.goto(f"{web_server}{PNT_F}?lang=en")
    web_page.screenshot(path=str(DOCS / "web-provision.png"))
    assert (DOCS / "web-start.png").stat().st_size > 10_000
