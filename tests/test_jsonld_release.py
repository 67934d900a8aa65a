"""The release's JSON-LD read by pyld, the JSON-LD reference implementation for Python (issue 12):
its RDF is the N-Triples release, triple for triple (blank nodes compared by count), with no
remote document loaded."""
from __future__ import annotations

import json

import pytest
from rdflib import BNode, Graph

pyld = pytest.importorskip("pyld")
from pyld import jsonld  # noqa: E402


def _refuse(url, options=None):
    raise AssertionError(f"pyld tried to load {url}: the release's context is inline")


def test_pyld_reads_the_jsonld_release_as_the_ntriples_release(release_dir):
    doc = json.loads((release_dir / "aiwork-kg.jsonld").read_text(encoding="utf-8"))
    nquads = jsonld.to_rdf(doc, {"format": "application/n-quads", "documentLoader": _refuse})
    from_pyld = Graph().parse(data=nquads, format="nt")
    release = Graph().parse(release_dir / "aiwork-kg.nt", format="nt")
    assert len(from_pyld) == len(release)

    def ground(g):
        return {t for t in g if not isinstance(t[0], BNode) and not isinstance(t[2], BNode)}

    assert ground(from_pyld) == ground(release)
