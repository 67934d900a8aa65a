"""The text utilities of ingest: repairing the extraction defects described in sources/README.md."""
from __future__ import annotations

import pytest
from hypothesis import given, strategies as st

from aiwork_kg.errors import InputError
from aiwork_kg.ingest.text import (Line, bold_lead, find_dates, footnote_line, hyphenated_words,
                                   is_bullet, join_lines, read_lines, strip_bullet, strip_markdown,
                                   strip_superscripts, superscript_markers)


# -- hyphenation across line breaks --------------------------------------------------------
@pytest.mark.parametrize("parts, expected", [
    (["på arbejds-", "pladser eller"], "på arbejdspladser eller"),                      # leaflet
    (["jf. lovbe-", "kendtgørelse nr. 2062"], "jf. lovbekendtgørelse nr. 2062"),          # DK order
    (["kunstig intelligens-løsnin-", "ger efter"], "kunstig intelligens-løsninger efter"),  # keeps the inner hyphen
    (["med KI-", "teknologien"], "med KI-teknologien"),                                 # acronym before the hyphen
    (["IGLOO-", "modellen er god"], "IGLOO-modellen er god"),                           # acronym compound
    (["bruger AI-", "systemet"], "bruger AI-systemet"),
    (["den nye EU-", "Lovgivning"], "den nye EU-Lovgivning"),                           # capitalised next word
    (["kombinere teknologi- ", "og forretningsforståelse"], "kombinere teknologi- og forretningsforståelse"),
    (["en top-", "down proces"], "en top-down proces"),                                 # printed hyphenated elsewhere
    (["ligger i 2024-", "2025"], "ligger i 2024-2025"),                                 # digits are not words
    (["første linje", "anden linje"], "første linje anden linje"),
    (["mellem for-  ", "", "hold"], "mellem forhold"),                                  # blank line inside the word
])
def test_join_lines_repairs_hyphenation(parts, expected):
    known = {"top-down"}
    assert join_lines(parts, known) == expected


def test_join_lines_without_evidence_joins_top_down():
    # without the document's evidence that "top-down" is a compound, the hyphen goes
    assert join_lines(["en top-", "down proces"]) == "en topdown proces"


def test_hyphenated_words_collects_compounds_inside_lines_only():
    lines = [Line(1, "en top-down og bottom-up tilgang"), Line(2, "arbejds-")]
    words = hyphenated_words(lines)
    assert {"top-down", "bottom-up"} <= words
    assert not any(w.startswith("arbejds") for w in words)


@given(st.lists(st.from_regex(r"[a-zæøå]{1,12}( [a-zæøå]{1,12}){0,3}", fullmatch=True), min_size=1, max_size=6))
def test_join_lines_without_hyphens_is_joining_with_spaces(parts):
    assert join_lines(parts) == " ".join(parts)


# -- bullets, footnotes, markdown ----------------------------------------------------------
@pytest.mark.parametrize("raw, text", [
    ("\ue856 \ufffdPositiv indvirkning: tekst", "Positiv indvirkning: tekst"),   # private-use glyph + U+FFFD
    ("\ue856 \ufffd\ufffdReduceret faglig autonomi:", "Reduceret faglig autonomi:"),
    ("•\t Kapitel 1 giver en introduktion", "Kapitel 1 giver en introduktion"),
    (" \ufffdOversete bidrag: x", "Oversete bidrag: x"),
])
def test_bullet_glyphs_are_recognised_and_removed(raw, text):
    assert is_bullet(raw)
    assert strip_bullet(raw) == (True, text)


def test_a_leading_hyphen_is_not_a_bullet():
    assert not is_bullet("-opgaver og -værktøjer")
    assert strip_bullet("Maskinlæring") == (False, "Maskinlæring")


def test_superscript_footnote_markers():
    text = "in lijn met advies van de UN High Commissioner,² en de EDPB/EDPS.⁴"
    assert superscript_markers(text) == [2, 4]
    assert strip_superscripts(text) == "in lijn met advies van de UN High Commissioner, en de EDPB/EDPS."


@pytest.mark.parametrize("raw, expected", [
    ("¹ Zie tevens overweging 44 van de AI-verordening.", (1, "Zie tevens overweging 44 van de AI-verordening.")),
    ("⁸ <https://www.amnesty.org/x>", (8, "<https://www.amnesty.org/x>")),
    ("1 \ufffdForsimplet sagt betegner", (1, "Forsimplet sagt betegner")),
    ("1) Navne.", None),
    ("17. **Lead**", None),
])
def test_footnote_lines(raw, expected):
    assert footnote_line(raw) == expected


def test_markdown_is_removed_and_the_bold_lead_found():
    raw = "14. **De AI-verordening zijn van toepassing op 'AI-systemen'**. Zie de *verband houdt met* [eerste oproep](#)."
    assert bold_lead(raw) == "De AI-verordening zijn van toepassing op 'AI-systemen'"
    assert strip_markdown(raw) == ("14. De AI-verordening zijn van toepassing op 'AI-systemen'. "
                                   "Zie de verband houdt met eerste oproep.")


def test_dates_in_three_languages():
    assert [d for d, _ in find_dates("sinds 1 augustus 2024 en vanaf 2 februari 2025")] == ["2024-08-01", "2025-02-02"]
    assert [d for d, _ in find_dates("træder i kraft den 1. juli 2025")] == ["2025-07-01"]
    assert [d for d, _ in find_dates("It shall apply from 2 August 2026.")] == ["2026-08-02"]


# -- reading files -------------------------------------------------------------------------
def test_read_lines_splits_on_newline_only_and_cleans(tmp_path):
    p = tmp_path / "x.txt"
    p.write_bytes("Forbudt brug af AI: \u2028\nFølelser\u00a0og\r\n\n".encode("utf-8"))
    lines = read_lines(p)
    assert [l.text for l in lines] == ["Forbudt brug af AI:", "Følelser og", ""]
    assert [l.no for l in lines] == [1, 2, 3]


def test_read_lines_reports_bad_utf8_with_its_line(tmp_path):
    p = tmp_path / "bad.txt"
    p.write_bytes(b"ok\nok\n\xff\xfe broken\n")
    with pytest.raises(InputError) as exc:
        read_lines(p)
    assert exc.value.line == 3 and "UTF-8" in str(exc.value) and "bad.txt" in str(exc.value)


def test_read_lines_missing_file(tmp_path):
    with pytest.raises(InputError, match="no such source file"):
        read_lines(tmp_path / "absent.txt")
