"""The hostile corpus (issue 11, part 5): inputs that are broken, huge, deep, in the wrong
encoding, or that point at the network. :func:`write_corpus` writes them into a folder, with every
remote reference pointing at `trap` (a loopback server that records requests, tests/netguard.py).

Each entry: file name -> bytes. ``ERROR_EXPECTED`` are the files that must be reported as an input
error (exit 2, the file named); the others are well-formed descriptions whose remote references
must simply never be followed.
"""
from __future__ import annotations

import json
from pathlib import Path

AIW = "https://w3id.org/aiwork/ontology#"
PREFIX = f"@prefix aiw: <{AIW}> .\n"
SYSTEM = "<https://example.org/systems/hostile> a aiw:AISystem ; aiw:hasPurpose aiw:PerformanceEvaluation"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFXML = (f'<rdf:RDF xmlns:rdf="{RDF}" xmlns:aiw="{AIW}">'
          '<aiw:AISystem rdf:about="https://example.org/systems/x">{body}</aiw:AISystem></rdf:RDF>\n')
BIG_LITERAL_BYTES = 50 * 1024 * 1024


def _laughs() -> bytes:
    lines = ['<?xml version="1.0"?>', "<!DOCTYPE lolz [", ' <!ENTITY lol0 "lol">']
    lines += [f' <!ENTITY lol{i} "' + f"&lol{i - 1};" * 10 + '">' for i in range(1, 10)]
    return ("\n".join(lines) + "\n]>\n" + RDFXML.format(body="<aiw:note>&lol9;</aiw:note>")).encode()


def corpus(trap: str) -> dict[str, bytes]:
    """The files, small ones in full; the 50 MB literal is written by :func:`write_corpus`."""
    ctx = f"{trap}/context.jsonld"
    node = {"@id": "https://example.org/systems/j", "@type": f"{AIW}AISystem"}
    files: dict[str, bytes] = {
        # broken syntax, one per input format
        "broken.ttl": (PREFIX + SYSTEM + " ;; aiw:x .\n<unterminated").encode(),
        "broken.nt": b"<https://example.org/a> <https://example.org/p> \"unterminated .\n",
        "broken.jsonld": b'{"@context": {}, "@id": "https://example.org/a", ',
        "broken.rdf": b'<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="' + RDF.encode() + b'"><unclosed>\n',
        "broken.n3": b"@prefix : <https://example.org/> .\n:a :b { :c :d .\n",
        "broken.trig": b"@prefix : <https://example.org/> .\n:g { :a :b :c \n",
        "broken.nq": b"<https://example.org/a> <https://example.org/p> <https://example.org/o> <g .\n",
        # encodings, binary, empty
        "latin1.ttl": (PREFIX + SYSTEM + ' ; aiw:note "Gr\xfc\xdfe aus K\xf6ln" .\n').encode("latin-1"),
        "utf16.ttl": (PREFIX + SYSTEM + " .\n").encode("utf-16"),
        "binary.ttl": bytes(range(256)) * 16,
        "nul-bytes.ttl": b"@prefix aiw: \x00<" + AIW.encode() + b"> .\x00\n",
        "empty.ttl": b"",
        "empty.jsonld": b"",
        "whitespace.rdf": b"   \n\n",
        "not-jsonld.json": b'{"name": "not linked data", "items": [1, 2, 3]}',
        "unknown.xyz": b"hello",
        # deep nesting and long lists
        "deep.ttl": (PREFIX + SYSTEM + " ; aiw:note " + "[ aiw:note " * 5000 + '"x"' + " ]" * 5000 + " .\n").encode(),
        "deep.jsonld": ("[" * 100_000 + "]" * 100_000).encode(),
        "deep.rdf": (RDFXML.format(body="<aiw:note rdf:parseType=\"Resource\">" * 3000 + "</aiw:note>" * 3000)
                     ).encode(),
        "long-list.ttl": (PREFIX + SYSTEM + " ; aiw:note ( " + " ".join(str(i) for i in range(100_000))
                          + " ) .\n").encode(),
        # entity expansion and external entities
        "billion-laughs.rdf": _laughs(),
        "external-entity.rdf": (f'<?xml version="1.0"?>\n<!DOCTYPE r [ <!ENTITY ext SYSTEM "{trap}/ext"> ]>\n'
                                + RDFXML.format(body="<aiw:note>&ext;</aiw:note>")).encode(),
        "external-dtd.rdf": (f'<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF SYSTEM "{trap}/dtd">\n'
                             + RDFXML.format(body="")).encode(),
        "parameter-entity.rdf": (f'<?xml version="1.0"?>\n<!DOCTYPE r [ <!ENTITY % p SYSTEM "{trap}/p"> %p; ]>\n'
                                 + RDFXML.format(body="")).encode(),
        "utf16-laughs.rdf": _laughs().decode().encode("utf-16"),
        # remote JSON-LD contexts
        "context-plain.jsonld": json.dumps({"@context": ctx, **node}).encode(),
        "context-array.jsonld": json.dumps({"@context": [{"aiw": AIW}, ctx], **node}).encode(),
        "context-scoped.jsonld": json.dumps({"@context": {"p": {"@id": f"{AIW}note", "@context": ctx}},
                                             **node, "p": {"@id": "https://example.org/n"}}).encode(),
        "context-import.jsonld": json.dumps({"@context": {"@import": ctx}, **node}).encode(),
        "context-nested.jsonld": json.dumps({"@context": {"aiw": AIW}, **node,
                                             "aiw:note": {"@context": ctx, "@id": "https://example.org/n"}}).encode(),
        # references that a validator could be tempted to follow: all well-formed, none followed
        "owl-imports.ttl": (PREFIX + "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
                            f"<https://example.org/d> owl:imports <{trap}/ontology.ttl> .\n"
                            + SYSTEM + " .\n").encode(),
        "shacl-service.ttl": (PREFIX + "@prefix sh: <http://www.w3.org/ns/shacl#> .\n" + SYSTEM + " .\n"
                              "<https://example.org/shape> a sh:NodeShape ; sh:targetClass aiw:AISystem ;\n"
                              "  sh:sparql [ sh:select \"SELECT $this WHERE { SERVICE <" + trap
                              + "/sparql> { $this ?p ?o } }\" ] .\n").encode(),
        "base-and-relative.ttl": (f"@base <{trap}/> .\n" + PREFIX + "<rel> a aiw:AISystem ; aiw:hasPurpose "
                                  "aiw:PerformanceEvaluation ; aiw:seeAlso <other.ttl> .\n").encode(),
        "xml-base.rdf": (f'<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="{RDF}" xmlns:aiw="{AIW}" xml:base="{trap}/">'
                         '<aiw:AISystem rdf:about="rel"><aiw:seeAlso rdf:resource="other.rdf"/></aiw:AISystem>'
                         "</rdf:RDF>\n").encode(),
        # IRIs with control characters
        "iri-control.ttl": (PREFIX + "<https://example.org/a\x01b> a aiw:AISystem .\n").encode(),
        "iri-control.nt": f"<https://example.org/a\x07b> <{RDF}type> <{AIW}AISystem> .\n".encode(),
        "iri-escaped-control.ttl": (PREFIX + "<https://example.org/a\\u0000b> a aiw:AISystem .\n").encode(),
        # the same IRI in two files, and many systems in one
        "same-iri-1.ttl": (PREFIX + "<https://example.org/systems/twin> a aiw:AISystem .\n").encode(),
        "same-iri-2.ttl": (PREFIX + "<https://example.org/systems/twin> a aiw:NonAISystem .\n").encode(),
        "many-systems.ttl": (PREFIX + "".join(
            f"<https://example.org/s{i}> a aiw:AISystem ; aiw:hasPurpose aiw:PerformanceEvaluation .\n"
            for i in range(10_000))).encode(),
    }
    return files


ERROR_EXPECTED = {
    "broken.ttl", "broken.nt", "broken.jsonld", "broken.rdf", "broken.n3", "broken.trig", "broken.nq",
    "latin1.ttl", "binary.ttl", "nul-bytes.ttl", "empty.ttl", "empty.jsonld", "whitespace.rdf",
    "not-jsonld.json", "unknown.xyz", "deep.jsonld", "billion-laughs.rdf", "external-entity.rdf",
    "external-dtd.rdf", "parameter-entity.rdf", "utf16-laughs.rdf", "context-plain.jsonld",
    "context-array.jsonld", "context-scoped.jsonld", "context-import.jsonld", "context-nested.jsonld",
    "big-literal.ttl", "iri-control.ttl", "iri-control.nt", "iri-escaped-control.ttl",
}
# stopped at the time limit (or, on a fast machine, validated): either is a correct answer
SLOW = {"many-systems.ttl", "long-list.ttl"}


def write_corpus(folder: Path, trap: str) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, data in corpus(trap).items():
        (folder / name).write_bytes(data)
        paths.append(folder / name)
    big = folder / "big-literal.ttl"
    with open(big, "wb") as fh:
        fh.write((PREFIX + SYSTEM + ' ; aiw:note "').encode())
        chunk = b"a" * (1024 * 1024)
        for _ in range(BIG_LITERAL_BYTES // len(chunk)):
            fh.write(chunk)
        fh.write(b'" .\n')
    paths.append(big)
    return paths
