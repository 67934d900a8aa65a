"""What the pages show, read from the embedded store with SPARQL (one module for every query of the pages)."""
from __future__ import annotations

from typing import Any

import pyoxigraph as ox

from ..namespaces import BASE

PREFIXES = """PREFIX aiw: <https://w3id.org/aiwork/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX eli: <http://data.europa.eu/eli/ontology#>
"""


def local_path(iri: str) -> str:
    """The server path of a project IRI (``https://w3id.org/aiwork/x/y`` -> ``/x/y``); other IRIs unchanged."""
    return "/" + iri[len(BASE):] if iri.startswith(BASE) else iri


def pick_label(labels: dict[str, str], lang: str) -> str | None:
    """The label in `lang`, else English, else untagged, else any."""
    for key in (lang, "en", ""):
        if labels.get(key):
            return labels[key]
    return next(iter(labels.values()), None)


def select(store: ox.Store, query: str) -> list[dict[str, Any]]:
    solutions = store.query(PREFIXES + query)
    variables = [v.value for v in solutions.variables]  # type: ignore[union-attr]
    return [{name: row[name] for name in variables} for row in solutions]  # type: ignore[union-attr]


def start_page_data(store: ox.Store, lang: str, app: Any) -> dict[str, Any]:
    """The start page's content (:meth:`aiwork_kg.web.views.Viewer.start`), for callers of the first skeleton."""
    from .graph import web_graph
    from .views import Viewer

    return {"s": Viewer(web_graph(getattr(app, "release_dir", None)), lang).start()}


def labels_of(store: ox.Store, iri: str, lang: str) -> str:
    labels: dict[str, str] = {}
    for pred in ("http://www.w3.org/2000/01/rdf-schema#label", "http://www.w3.org/2004/02/skos/core#prefLabel",
                 "http://purl.org/dc/terms/title"):
        for quad in store.quads_for_pattern(ox.NamedNode(iri), ox.NamedNode(pred), None, None):
            obj = quad.object
            if isinstance(obj, ox.Literal):
                labels.setdefault(obj.language or "", obj.value)
        if labels.get(lang):
            break
    return pick_label(labels, lang) or iri
