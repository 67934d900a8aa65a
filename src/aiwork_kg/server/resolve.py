"""The routes that the w3id redirects of ``https://w3id.org/aiwork/`` point at (w3id/aiwork/.htaccess).

- ``GET /release/{file}``: a file of the release (only the names in
  :data:`aiwork_kg.release.RELEASE_FILES`), with its media type.
- ``GET /context.jsonld``: the JSON-LD context of the profile (``aiwork_kg/context/aiwork.jsonld``).
- ``GET /resource?iri=…``: what the graph says about an IRI under ``https://w3id.org/aiwork/``, by
  content negotiation: an HTML table for a browser (the default), or the DESCRIBE of the IRI as
  Turtle, N-Triples, JSON-LD or RDF/XML; 404 when the graph says nothing about it.

tests/test_w3id.py applies every redirect rule to sample IRIs and requests the target here.
"""
from __future__ import annotations

import json
from html import escape
from pathlib import Path

from werkzeug.wrappers import Request, Response

from ..namespaces import BASE
from ..paths import CONTEXT_FILE, default_dist_dir
from ..release import MANIFEST, MEDIA_TYPES, RELEASE_FILES, VOID_FILE
from .workers import QueryRequest

# the media type of each release file, from the release's own list of distributions
FILE_TYPES = {**{RELEASE_FILES[key]: media for key, media in MEDIA_TYPES.items()},
              VOID_FILE: "text/turtle", MANIFEST: "application/json"}
RESOURCE_TYPES = {"text/html": "text/html", "application/xhtml+xml": "text/html",
                  "text/turtle": "text/turtle", "application/n-triples": "application/n-triples",
                  "application/ld+json": "application/ld+json", "application/rdf+xml": "application/rdf+xml"}


def _text(status: int, message: str) -> Response:
    return Response(message.rstrip("\n") + "\n", status=status, mimetype="text/plain")


def release_file_response(release_dir: Path | str | None, name: str) -> Response:
    """A file of the release by name (404 for any other name or a missing file)."""
    if name not in set(RELEASE_FILES.values()):
        return _text(404, f"{name}: not a release file; the release files are {', '.join(RELEASE_FILES.values())}")
    path = (Path(release_dir) if release_dir is not None else default_dist_dir()) / name
    if path.is_dir() or not path.is_file():
        return _text(404, f"{name}: not in this server's release")
    media = FILE_TYPES.get(name, "application/octet-stream")
    charset = "; charset=utf-8" if media.startswith("text/") or media.startswith("application/n-") else ""
    return Response(path.read_bytes(), content_type=media + charset)


def context() -> Response:
    return Response(CONTEXT_FILE.read_bytes(), content_type="application/ld+json")


def resource(request: Request, pool, negotiate) -> Response:
    """The description of one project IRI (``iri=``), HTML or RDF by the Accept header."""
    iri = request.args.get("iri", "")
    if not iri.startswith(BASE) or any(c in iri for c in ' <>"{}|^`\\'):
        return _text(400, f"iri={iri!r}: expected an IRI under {BASE}")
    types = negotiate(request.headers.get("Accept"), RESOURCE_TYPES)
    if not types:
        return _text(406, "a resource is described as " + ", ".join(dict.fromkeys(RESOURCE_TYPES.values())))
    rows = pool.run(QueryRequest(f"SELECT ?p ?o WHERE {{ <{iri}> ?p ?o }} ORDER BY ?p ?o",
                                 ["application/sparql-results+json"], []))
    if rows.status != "ok":
        return _text(503 if rows.status in ("timeout", "busy") else 500, rows.message)
    bindings = json.loads(rows.body)["results"]["bindings"]
    if not bindings:
        return _text(404, f"{iri}: the graph says nothing about this IRI")
    media = types[0]
    if media == "text/html":
        cells = "\n".join(f"<tr><td>{escape(b['p']['value'])}</td><td>{escape(b['o']['value'])}</td></tr>"
                          for b in bindings)
        page = (f'<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>{escape(iri)}</title></head>\n'
                f"<body><h1>{escape(iri)}</h1>\n<table>\n<tr><th>property</th><th>value</th></tr>\n{cells}\n"
                "</table></body></html>\n")
        return Response(page, mimetype="text/html", headers={"Vary": "Accept"})
    answer = pool.run(QueryRequest(f"DESCRIBE <{iri}>", [], [media]))
    if answer.status != "ok":
        return _text(503 if answer.status in ("timeout", "busy") else 500, answer.message)
    charset = "; charset=utf-8" if media in ("text/turtle", "application/n-triples") else ""
    return Response(answer.body, content_type=media + charset, headers={"Vary": "Accept"})
