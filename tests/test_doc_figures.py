"""Figures in the hand-written docs come from the release, never typed by hand (issue 12, part 6).

Every "<number> triples/units/links/terms/claims/disagreements" in README.md and the hand-written
pages of docs/ must equal the count of the release that the tests build (MANIFEST.json's
``counts``), unless it is a dated measurement listed in HISTORICAL below. The pages that
``aiwork-kg build`` and tools/gen_query_docs.py generate are checked against the graph by
tests/test_build.py and tests/test_queries.py and are skipped here.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# noun in the docs -> key of MANIFEST.json's counts
NOUNS = {"triples": "triples", "units": "units", "links": "links", "terms": "terms",
         "claims": "claims", "disagreements": "disagreements"}
FIGURE = re.compile(r"(?<![\w.,/-])(\d{1,3}(?:,\d{3})+|\d+) (" + "|".join(NOUNS) + r")\b")

# Figures that record a measurement of the past (the graph as it was when the timing was taken);
# they are not claims about the current release. (file, figure as written) -> why.
HISTORICAL = {
    ("docs/build.md", "13,702 triples"): "bench_build.py timing of 2026-11-23, graph of that day",
    ("docs/build.md", "442 units"): "same measurement",
    ("docs/build.md", "290 links"): "same measurement",
    ("docs/build.md", "350 terms"): "same measurement",
    ("docs/servers.md", "311 triples"): "rows of the provision-graph CONSTRUCT query, not the release",
    ("docs/servers.md", "392 units"): "the wrong rows Virtuoso gave before the rewrite (a measurement of 2026-12-06)",
}
# Pages where every figure is a dated measurement (each section names its date and machine).
MEASUREMENT_PAGES = {"docs/performance.md", "docs/validator.md"}


def _generated(text: str) -> bool:
    head = text.lstrip()[:200].lower()
    return head.startswith("<!--") and ("generated" in head)


def _pages() -> list[Path]:
    pages = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md")), *sorted((ROOT / "docs").glob("*/*.md"))]
    out = []
    for page in pages:
        rel = page.relative_to(ROOT).as_posix()
        if rel in MEASUREMENT_PAGES or rel.startswith("docs/decisions/"):
            continue  # decision records keep the figures of their day
        if not _generated(page.read_text(encoding="utf-8")):
            out.append(page)
    return out


def figures(text: str) -> list[tuple[int, str, str]]:
    """(line number, figure as written, noun) for every count figure in `text`."""
    found = []
    for lineno, line in enumerate(text.splitlines(), 1):
        for m in FIGURE.finditer(line):
            found.append((lineno, m.group(0), m.group(2)))
    return found


def test_figures_pattern_reads_grouped_and_plain_numbers():
    assert [f[1] for f in figures("with 14494 triples, 1,234 units and 5 links; 2.5 s; v0.1 terms")] == [
        "14494 triples", "1,234 units", "5 links"]


@pytest.fixture(scope="module")
def counts(release_dir) -> dict:
    return json.loads((release_dir / "MANIFEST.json").read_text(encoding="utf-8"))["counts"]


def test_every_release_figure_in_the_docs_is_the_release_count(counts):
    wrong, seen = [], 0
    for page in _pages():
        rel = page.relative_to(ROOT).as_posix()
        for lineno, written, noun in figures(page.read_text(encoding="utf-8")):
            if (rel, written) in HISTORICAL:
                continue
            seen += 1
            value = int(written.split()[0].replace(",", ""))
            if value != counts[NOUNS[noun]]:
                wrong.append(f"{rel}:{lineno}: {written!r}, the release has {counts[NOUNS[noun]]} {noun}")
    assert not wrong, "figures in the docs differ from the release:\n" + "\n".join(wrong)
    assert seen, "no release figure found in the docs: the pattern no longer matches them"


def test_historical_figures_are_still_in_their_pages():
    """Every exemption names a figure that is really there (no stale entries)."""
    for (rel, written), _why in HISTORICAL.items():
        assert written in (ROOT / rel).read_text(encoding="utf-8"), (rel, written)
