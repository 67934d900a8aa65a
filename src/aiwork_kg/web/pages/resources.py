"""Every IRI the release mints under ``https://w3id.org/aiwork/`` answers at the same path.

``GET /{path}`` negotiates on ``Accept`` between the HTML page and the RDF forms (Turtle,
JSON-LD, N-Triples, RDF/XML) and answers with ``Vary: Accept`` and a ``Content-Location``
naming the variant; ``/{path}.ttl`` (``.jsonld``, ``.nt``, ``.rdf``, ``.html``) is one variant
without negotiation. The ontology's hash IRIs are answered by ``/ontology`` (one entry per term,
anchored by its local name). An IRI the graph does not know is the 404 page. Reasons:
docs/decisions/2026-12-06-linked-data-pages.md.
"""
from __future__ import annotations

import re
import threading
from collections import OrderedDict

from werkzeug.wrappers import Response

from ...server.answers import PUBLIC
from ..app import Page, fallback
from ..graph import ONTOLOGY, RDF_FORMS, SUFFIXES, iri_of_path, web_graph
from ..views import Viewer

# media types a client may ask for -> the form served (HTML first: a browser's */* gets the page)
ALIASES = {"text/html": "text/html", "application/xhtml+xml": "text/html",
           "text/turtle": "text/turtle", "application/x-turtle": "text/turtle",
           "application/ld+json": "application/ld+json", "application/json": "application/ld+json",
           "application/n-triples": "application/n-triples", "text/plain": "application/n-triples",
           "application/rdf+xml": "application/rdf+xml", "application/xml": "application/rdf+xml",
           "text/xml": "application/rdf+xml"}
# Rendered answers, kept per process: the release is read-only, so a page is the same until the
# server is restarted on another release (the graph object is part of the key). Bounded.
_RENDERED: OrderedDict[tuple, tuple[bytes, str, dict[str, str]]] = OrderedDict()
_RENDERED_MAX = 4096
_RENDERED_LOCK = threading.Lock()
ONTOLOGY_VERSION = re.compile(r"^/ontology/[^/]+(/base|/imports/[a-z]+)?$")


def split_suffix(path: str, knows) -> tuple[str, str | None]:
    """(path of the resource, media type forced by a suffix, or None)."""
    for suffix, media in SUFFIXES.items():
        if path.endswith(suffix) and knows(iri_of_path(path[: -len(suffix)])):
            return path[: -len(suffix)], media
    return path, None


def forms(page: Page, path: str) -> list[dict[str, str]]:
    return [{"media": media, "name": name, "href": path + suffix}
            for media, (suffix, _, name) in RDF_FORMS.items()]


@fallback
def resource(page: Page) -> Response | None:
    from ...server.serve import negotiate

    raw = page.request.path
    if raw.startswith("/static/"):
        return None
    graph = web_graph(page.app.release_dir)
    path, forced = split_suffix(raw.rstrip("/") or "/", graph.knows)
    iri = iri_of_path(path)
    if not graph.knows(iri) or "#" in iri:
        if ONTOLOGY_VERSION.match(path):  # a version IRI of the ontology: its page is the ontology's
            return Response(status=303, headers={"Location": page.url("/ontology"), "Vary": "Accept"})
        return None
    if forced is None:
        acceptable = negotiate(page.request.headers.get("Accept"), ALIASES)
        if not acceptable:
            names = ", ".join(dict.fromkeys(ALIASES.values()))
            return page.render("error.html", status=406, title=page.t("error.406.title"),
                               message=page.t("error.406.text", formats=names), headers={"Vary": "Accept"})
        media = acceptable[0]
    else:
        media = forced
    alternates = ", ".join(f'<{path}{suffix}>; rel="alternate"; type="{m}"'
                           for m, (suffix, _, _) in RDF_FORMS.items())
    headers = {"Link": alternates, "Cache-Control": PUBLIC}  # the same until the release changes (server.answers)
    if forced is None:
        suffix = ".html" if media == "text/html" else RDF_FORMS[media][0]
        headers["Content-Location"] = path + suffix
    key = (id(graph), iri, media, forced is None, page.lang, page.explicit_lang, page.static)
    with _RENDERED_LOCK:
        cached = _RENDERED.get(key)
        if cached is not None:
            _RENDERED.move_to_end(key)
    if cached is not None:
        body, content_type, cached_headers = cached
        return Response(body, content_type=content_type, headers=cached_headers)
    response = _answer(page, graph, iri, path, media, forced, headers)
    if response.status_code == 200:
        with _RENDERED_LOCK:
            kept = {k: v for k, v in response.headers.items() if k not in ("Content-Type", "Content-Length")}
            _RENDERED[key] = (response.get_data(), response.content_type or "", kept)
            while len(_RENDERED) > _RENDERED_MAX:
                _RENDERED.popitem(last=False)
    return response


def _answer(page: Page, graph, iri: str, path: str, media: str, forced: str | None,
            headers: dict[str, str]) -> Response:
    if media == "text/html":
        viewer = Viewer(graph, page.lang, page.url)
        if iri == ONTOLOGY:
            response = page.render("ontology.html", o=viewer.ontology(), forms=forms(page, path), headers=headers)
        else:
            response = page.render("resource.html", r=viewer.resource(iri), forms=forms(page, path), headers=headers)
        if forced is None:
            response.headers["Vary"] = "Accept, Accept-Language"
        return response
    charset = "; charset=utf-8" if media in ("text/turtle", "application/n-triples") else ""
    response = Response(graph.serialize(iri, media), content_type=media + charset, headers=headers)
    if forced is None:
        response.headers["Vary"] = "Accept"
    return response
