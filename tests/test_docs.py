"""`aiwork-kg docs` and aiwork_kg.docgen: the generated files are current, --check catches a
stale one, and what the pages say (every term with its three labels, every source with its
units, every library query).

The generated files are docs/ontology.md, docs/sources.md, docs/queries.md and
src/aiwork_kg/vocab.py (aiwork_kg.docgen.GENERATED); `aiwork-kg build` writes none of them."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from aiwork_kg import sparql
from aiwork_kg.docgen import GENERATED, regenerate, render
from aiwork_kg.errors import AiworkError
from aiwork_kg.rdfio import load_graph

ROOT = Path(__file__).resolve().parent.parent
NAMES = ["docs/ontology.md", "docs/sources.md", "docs/queries.md", "src/aiwork_kg/vocab.py"]
PREFIXES = """
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
"""


@pytest.fixture(scope="module")
def pages() -> dict[str, str]:
    """Every generated file as the library makes it for this checkout (one generation)."""
    return render()


def _copy_checkout(tmp_path: Path) -> Path:
    """What `aiwork-kg docs` reads and writes, copied to break on purpose."""
    root = tmp_path / "checkout"
    for folder in ("ontology", "data", "queries", "docs"):
        shutil.copytree(ROOT / folder, root / folder)
    (root / "src" / "aiwork_kg").mkdir(parents=True)
    shutil.copy(ROOT / "src" / "aiwork_kg" / "vocab.py", root / "src" / "aiwork_kg" / "vocab.py")
    return root


# --------------------------------------------------------------------------- current or stale

def test_the_generated_files_are_the_four_known_ones():
    assert list(GENERATED) == NAMES


def test_committed_generated_files_are_current(cli):
    """`aiwork-kg docs --check` on this checkout (another process, another hash seed): all current."""
    result = cli("docs", "--check", env={"PYTHONHASHSEED": "4711"})
    assert result.exit_code == 0, (result.stdout, result.stderr)
    assert "4 generated files are current" in result.stdout


def test_the_library_generates_the_committed_bytes(pages):
    for name in NAMES:
        assert pages[name] == (ROOT / name).read_text(encoding="utf-8"), f"{name} is out of date: run aiwork-kg docs"
    assert regenerate(check=True, only=["src/aiwork_kg/vocab.py"]).ok


def test_check_names_each_stale_file_writes_nothing_and_docs_repairs_them(cli, tmp_path):
    root = _copy_checkout(tmp_path)
    intro = root / "docs" / "ontology.intro.md"
    intro.write_text(intro.read_text(encoding="utf-8") + "\nA sentence added to the introduction.\n",
                     encoding="utf-8")
    (root / "docs" / "queries.md").unlink()
    vocab = root / "src" / "aiwork_kg" / "vocab.py"
    vocab.write_text(vocab.read_text(encoding="utf-8").replace("    Emotion: URIRef", "    Emoton: URIRef"),
                     encoding="utf-8")
    before = {p: p.read_bytes() for p in (root / "docs" / "ontology.md", root / "docs" / "sources.md", vocab)}

    result = cli("docs", "--check", "--root", root)
    assert result.exit_code == 1, (result.stdout, result.stderr)
    stale = [line.removeprefix("out of date: ") for line in result.stdout.splitlines()
             if line.startswith("out of date: ")]
    assert stale == ["docs/ontology.md", "docs/queries.md", "src/aiwork_kg/vocab.py"]
    assert "aiwork-kg docs" in result.stderr
    assert {p: p.read_bytes() for p in before} == before, "--check writes nothing"
    assert not (root / "docs" / "queries.md").exists()

    result = cli("docs", "--root", root)
    assert result.exit_code == 0, result.stderr
    assert "wrote: docs/ontology.md" in result.stdout and "unchanged: docs/sources.md" in result.stdout
    assert "A sentence added to the introduction." in (root / "docs" / "ontology.md").read_text(encoding="utf-8")
    for name in ("docs/sources.md", "docs/queries.md", "src/aiwork_kg/vocab.py"):
        assert (root / name).read_bytes() == (ROOT / name).read_bytes(), name


def test_not_a_checkout_or_a_broken_file_exits_2(cli, tmp_path):
    with pytest.raises(AiworkError, match="not a source checkout"):
        regenerate(tmp_path, check=True)
    result = cli("docs", "--check", "--root", tmp_path)
    assert result.exit_code == 2 and "not a source checkout" in result.stderr
    with pytest.raises(AiworkError, match="not a generated file: docs/links.md"):
        render(only=["docs/links.md"])

    root = tmp_path / "broken"
    (root / "docs").mkdir(parents=True)
    (root / "queries").mkdir()
    (root / "ontology").mkdir()
    (root / "ontology" / "aiwork.ttl").write_text("@prefix aiw: <https://w3id.org/aiwork/ontology#> .\n"
                                                 "aiw:X a \n", encoding="utf-8")
    result = cli("docs", "--check", "--root", root)
    assert result.exit_code == 2 and "aiwork.ttl:2: turtle syntax error" in result.stderr


def test_build_no_longer_offers_to_write_docs(cli):
    result = cli("build", "--help")
    assert result.exit_code == 0 and "--docs" not in result.stdout
    listing = cli("--help").stdout
    assert "docs" in listing.split("Commands:", 1)[1]


# --------------------------------------------------------------------------- what the pages say

def test_every_page_says_it_is_generated(pages):
    for name in ("docs/ontology.md", "docs/sources.md", "docs/queries.md"):
        first = pages[name].splitlines()[0]
        assert first.startswith("<!--") and "do not edit" in first and "aiwork-kg docs" in pages[name][:400], name
    vocab = pages["src/aiwork_kg/vocab.py"][:400]
    assert "do not edit" in vocab.lower() and "aiwork-kg docs" in vocab


def test_ontology_page_lists_classes_with_three_labels_and_sources_page_units_per_source(pages, release_dir):
    graph = load_graph(release_dir / "aiwork-kg.nt")
    ontology, sources = pages["docs/ontology.md"], pages["docs/sources.md"]
    rows = graph.query(PREFIXES + """SELECT ?t ?en ?da ?nl WHERE { ?t a owl:Class ;
        skos:prefLabel ?en , ?da , ?nl . FILTER (LANG(?en) = "en" && LANG(?da) = "da" && LANG(?nl) = "nl")
        FILTER STRSTARTS(STR(?t), "https://w3id.org/aiwork/ontology#") }""")
    checked = 0
    for term, en, da, nl in rows:
        local = str(term).split("#", 1)[1]
        line = next((row for row in ontology.splitlines() if row.startswith(f"| `aiw:{local}` |")), None)
        assert line is not None, local
        for label in (en, da, nl):
            assert f" {' '.join(str(label).split())} |" in line, (local, label)
        checked += 1
    assert checked > 20
    manifest = json.loads((release_dir / "MANIFEST.json").read_text(encoding="utf-8"))
    for source, n in manifest["counts"]["units_by_source"].items():
        assert f"| {source} | {n} |" in sources, source


def test_queries_page_documents_every_library_query(pages):
    text = pages["docs/queries.md"]
    for q in sparql.library():
        assert f"## {q.name}" in text and q.summary in text and f"`queries/{q.path.name}`" in text


def test_vocab_module_is_valid_python_defining_aiw(pages):
    namespace: dict = {}
    exec(compile(pages["src/aiwork_kg/vocab.py"], "vocab.py", "exec"), namespace)
    assert str(namespace["AIW"].Emotion) == "https://w3id.org/aiwork/ontology#Emotion"


def test_vocab_is_made_without_importing_the_vocab_it_replaces():
    """vocab.py is generated first and from rdflib alone, so a stale vocab.py never blocks `aiwork-kg docs`."""
    code = ("import sys; from aiwork_kg.docgen import regenerate; "
            "r = regenerate(check=True, only=['src/aiwork_kg/vocab.py']); "
            "print(r.ok, 'aiwork_kg.vocab' in sys.modules, 'aiwork_kg.namespaces' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.split() == ["True", "False", "False"], out.stderr
