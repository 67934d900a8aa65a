#!/usr/bin/env python3
"""Make the extracts of reused vocabularies in ontology/imports/ (ODK "import module" pattern).

For each vocabulary a term list ``ontology/imports/{name}_terms.txt`` (one CURIE or IRI a line,
``#`` starts a comment) names the terms the ontology and its alignments use. This script reads
the full vocabulary files from a local git copy of their repository, takes each listed term with
its chain of super-classes or super-properties (a bottom-up extract), and writes
``ontology/imports/{name}_import.ttl`` with only:

* the declaration of each term as ``owl:Class`` or ``owl:ObjectProperty`` (never as an
  individual too: DPV and VAIR pun their terms as classes and individuals; the extract keeps
  the class reading so that the imports stay OWL 2 DL),
* ``rdfs:subClassOf`` / ``rdfs:subPropertyOf`` between extracted terms (DPV's ``skos:broader``
  between classes is read as ``rdfs:subClassOf``, as DPV's own OWL serialisation does),
* English labels, definitions and comments, ``rdfs:isDefinedBy`` and ``dcterms:source``.

It also copies the licence text of each repository to ``ontology/imports/licences/`` and records
the repository, commit, paths, version and licence in ``ontology/imports/imports.json``.
Nothing is fetched: the repositories must already be on disk (a bare git directory or a
checkout), e.g.::

    python tools/make_imports.py --repo dpv=/path/to/w3c+dpv/repo \\
        --repo airo=/path/to/DelaramGlp+airo/repo --repo vair=/path/to/DelaramGlp+vair/repo

ELI is not handled here: its OWL file declares no licence, so ``eli_import.ttl`` is written by
hand with the IRIs and labels of the few terms used (see ontology/imports/README.md).
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

ROOT = Path(__file__).resolve().parent.parent
IMPORTS = ROOT / "ontology" / "imports"
AIW_IMPORTS = "https://w3id.org/aiwork/ontology/imports/"
DCT_OLD = Namespace("http://purl.org/dc/terms/")

VOCABS: dict[str, dict] = {
    "dpv": {
        "title": "W3C Data Privacy Vocabulary (DPV) 2.3: dpv, pd, ai, tech, risk, eu-aiact (extract)",
        "repo": "w3c/dpv",
        "version": "2.3",
        "files": ["2.3/dpv/dpv.ttl", "2.3/pd/pd.ttl", "2.3/ai/ai.ttl", "2.3/tech/tech.ttl",
                  "2.3/risk/risk.ttl", "2.3/legal/eu/aiact/eu-aiact.ttl"],
        "licence": "W3C Software and Document License (2023)",
        "licence_iri": "https://www.w3.org/copyright/software-license-2023/",
        "licence_file": "LICENSE.md",
        "prefixes": {
            "dpv": "https://w3id.org/dpv#", "pd": "https://w3id.org/dpv/pd#",
            "ai": "https://w3id.org/dpv/ai#", "tech": "https://w3id.org/dpv/tech#",
            "risk": "https://w3id.org/dpv/risk#", "eu-aiact": "https://w3id.org/dpv/legal/eu/aiact#",
        },
    },
    "airo": {
        "title": "AI Risk Ontology (AIRO) (extract)",
        "repo": "DelaramGlp/airo",
        "version": "1.0 (owl:versionIRI https://w3id.org/airo/1.0)",
        "files": ["airo.ttl"],
        "licence": "Creative Commons Attribution 4.0 International (CC BY 4.0)",
        "licence_iri": "https://creativecommons.org/licenses/by/4.0/",
        "licence_file": "LICENSE.md",
        "prefixes": {"airo": "https://w3id.org/airo#"},
    },
    "vair": {
        "title": "Vocabulary of AI Risks (VAIR) (extract)",
        "repo": "DelaramGlp/vair",
        "version": "1.0 (owl:versionIRI https://w3id.org/vair/1.0)",
        "files": ["vair.ttl"],
        "licence": "Creative Commons Attribution 4.0 International (CC BY 4.0)",
        "licence_iri": "https://creativecommons.org/licenses/by/4.0/",
        "licence_file": "README.md",  # the licence statement is in the README (section License)
        "prefixes": {"vair": "https://w3id.org/vair#", "airo": "https://w3id.org/airo#"},
    },
}

KEEP_LITERALS = (RDFS.label, SKOS.prefLabel, SKOS.definition, RDFS.comment, SKOS.scopeNote)
CLASS_TYPES = (RDFS.Class, OWL.Class)
PROPERTY_TYPES = (RDF.Property, OWL.ObjectProperty, OWL.DatatypeProperty)


class ImportError_(Exception):
    """A term list or a vocabulary file is not as expected."""


def git_show(repo: Path, path: str, rev: str = "HEAD") -> bytes:
    if (repo / path).is_file():
        return (repo / path).read_bytes()
    git = ["git", "--git-dir", str(repo)] if not (repo / ".git").exists() else ["git", "-C", str(repo)]
    return subprocess.run(git + ["show", f"{rev}:{path}"], check=True, capture_output=True).stdout


def git_commit(repo: Path) -> str:
    git = ["git", "--git-dir", str(repo)] if not (repo / ".git").exists() else ["git", "-C", str(repo)]
    return subprocess.run(git + ["rev-parse", "HEAD"], check=True, capture_output=True, text=True).stdout.strip()


def read_terms(path: Path, prefixes: dict[str, str]) -> list[URIRef]:
    terms = []
    for no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = line.split("#", 1)[0].strip() if not line.strip().startswith("<") else line.strip()
        if not line:
            continue
        if line.startswith("<") and line.endswith(">"):
            terms.append(URIRef(line[1:-1]))
            continue
        prefix, _, local = line.partition(":")
        if prefix not in prefixes or not local:
            raise ImportError_(f"{path}:{no}: expected a CURIE with one of the prefixes "
                               f"{', '.join(sorted(prefixes))} or an <IRI>, got {line!r}")
        terms.append(URIRef(prefixes[prefix] + local))
    return terms


def is_class(g: Graph, t: URIRef) -> bool:
    return any((t, RDF.type, c) in g for c in CLASS_TYPES)


def is_property(g: Graph, t: URIRef) -> bool:
    return any((t, RDF.type, c) in g for c in PROPERTY_TYPES)


def parents(g: Graph, t: URIRef) -> set[URIRef]:
    if is_property(g, t):
        return {p for p in g.objects(t, RDFS.subPropertyOf) if isinstance(p, URIRef)}
    ps = set(g.objects(t, RDFS.subClassOf)) | set(g.objects(t, SKOS.broader))
    return {p for p in ps if isinstance(p, URIRef) and is_class(g, p)}


def extract(name: str, spec: dict, repo: Path, imports_dir: Path = IMPORTS) -> tuple[Graph, dict]:
    full = Graph()
    for f in spec["files"]:
        try:
            full.parse(data=git_show(repo, f), format="turtle", publicID=f"file:///{f}")
        except subprocess.CalledProcessError as e:
            raise ImportError_(f"{repo}: cannot read {f} ({e.stderr.decode(errors='replace').strip()})") from e
    terms = read_terms(imports_dir / f"{name}_terms.txt", spec["prefixes"])
    missing = [t for t in terms if (t, None, None) not in full]
    if missing:
        raise ImportError_(f"{name}: terms not found in {', '.join(spec['files'])}: "
                           + ", ".join(str(t) for t in missing))
    closure: set[URIRef] = set()
    todo = list(terms)
    while todo:
        t = todo.pop()
        if t in closure:
            continue
        closure.add(t)
        todo.extend(parents(full, t))
    commit = git_commit(repo)
    out = Graph()
    out.bind("owl", OWL); out.bind("rdfs", RDFS); out.bind("skos", SKOS); out.bind("dcterms", DCTERMS)
    for p, ns in spec["prefixes"].items():
        out.bind(p, ns)
    onto = URIRef(AIW_IMPORTS + name)
    out.add((onto, RDF.type, OWL.Ontology))
    out.add((onto, DCTERMS.title, Literal(spec["title"], lang="en")))
    out.add((onto, DCTERMS.license, URIRef(spec["licence_iri"])))
    out.add((onto, OWL.versionInfo, Literal(f"{spec['version']}; {spec['repo']} commit {commit}")))
    for f in spec["files"]:
        out.add((onto, DCTERMS.source, URIRef(f"https://github.com/{spec['repo']}/blob/{commit}/{f}")))
    out.add((onto, RDFS.comment, Literal(
        f"Generated by tools/make_imports.py from {name}_terms.txt: the listed terms with their "
        "super-classes or super-properties, declarations, English labels and definitions only. "
        "Do not edit; regenerate.", lang="en")))
    kinds = {"classes": 0, "properties": 0}
    for t in sorted(closure):
        if is_property(full, t):
            out.add((t, RDF.type, OWL.ObjectProperty))
            kinds["properties"] += 1
            rel = RDFS.subPropertyOf
        elif is_class(full, t):
            out.add((t, RDF.type, OWL.Class))
            kinds["classes"] += 1
            rel = RDFS.subClassOf
        else:
            raise ImportError_(f"{name}: {t} is neither a class nor a property in the source")
        for p in sorted(parents(full, t) & closure):
            out.add((t, rel, p))
        for pred in KEEP_LITERALS:
            for o in full.objects(t, pred):
                if isinstance(o, Literal) and o.language in (None, "en"):
                    out.add((t, pred, o))
        for o in full.objects(t, RDFS.isDefinedBy):
            if isinstance(o, URIRef):
                out.add((t, RDFS.isDefinedBy, o))
        for o in full.objects(t, DCT_OLD.source):
            if isinstance(o, (Literal, URIRef)):  # blank-node sources are not copied
                out.add((t, DCTERMS.source, o))
    record = {
        "name": name, "title": spec["title"], "repository": spec["repo"], "commit": commit,
        "paths": spec["files"], "version": spec["version"], "licence": spec["licence"],
        "licence_iri": spec["licence_iri"], "licence_text": f"licences/{name}-{spec['licence_file']}",
        "listed_terms": len(terms), "extracted_terms": len(closure), **kinds,
    }
    (imports_dir / "licences").mkdir(exist_ok=True)
    (imports_dir / "licences" / f"{name}-{spec['licence_file']}").write_bytes(git_show(repo, spec["licence_file"]))
    return out, record


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repo", action="append", default=[], metavar="NAME=PATH",
                    help="local git copy of a vocabulary repository (names: " + ", ".join(VOCABS) + ")")
    ap.add_argument("--out", type=Path, default=IMPORTS,
                    help="folder with the term lists, where the extracts are written (default: ontology/imports)")
    args = ap.parse_args(argv)
    repos = {}
    for item in args.repo:
        name, _, path = item.partition("=")
        if name not in VOCABS or not path:
            ap.error(f"--repo expects NAME=PATH with NAME in {', '.join(VOCABS)}, got {item!r}")
        repos[name] = Path(path)
    manifest_path = args.out / "imports.json"
    manifest = json.loads(manifest_path.read_text()) if manifest_path.exists() else {}
    for name, repo in repos.items():
        try:
            g, record = extract(name, VOCABS[name], repo, args.out)
        except (ImportError_, subprocess.CalledProcessError) as e:
            print(f"error: {e}", file=sys.stderr)
            return 2
        g.serialize(args.out / f"{name}_import.ttl", format="turtle")
        manifest[name] = record
        print(f"{name}: {record['listed_terms']} listed, {record['extracted_terms']} extracted "
              f"({record['classes']} classes, {record['properties']} properties) from {record['commit'][:8]}")
    manifest_path.write_text(json.dumps(dict(sorted(manifest.items())), indent=2, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
