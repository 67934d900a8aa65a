"""The web pages in a real headless Chromium (tests/browser.py): languages, links, axe-core, no foreign requests.

Skipped locally without a browser (with the reason); a failure when CI=true.
"""
from __future__ import annotations

import pytest
from browser import assert_accessible

pytestmark = pytest.mark.slow


def test_start_page_in_each_language(web_page, web_server):
    for lang, heading in (("en", "AI at work"), ("da", "AI på arbejdspladsen"), ("nl", "AI op het werk")):
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
