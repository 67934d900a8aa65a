"""docs/sources.md: every source text and its units, in reading order.

Generated from the built graph by `aiwork-kg docs` (see aiwork_kg.docgen); the same graph gives
the same bytes.
"""
from __future__ import annotations

from collections import Counter, defaultdict

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS
from rdflib.term import Node

from ..namespaces import AIW, ELI, SOURCE
from .common import any_text, cell, first_words, header, lang_value, qname


def _units(graph: Graph) -> set:
    classes = set(graph.transitive_subjects(RDFS.subClassOf, AIW.SourceUnit))
    return {u for c in classes for u in graph.subjects(RDF.type, c)}


def _parent(graph: Graph, node):
    for prop in (DCTERMS.isPartOf, ELI.is_part_of):
        parents = sorted(graph.objects(node, prop), key=str)
        if parents:
            return parents[0]
    return None


def _order(graph: Graph, node) -> tuple:
    value = graph.value(node, AIW.order)
    try:
        return (int(value), str(node))
    except (TypeError, ValueError):
        return (10 ** 9, str(node))


def _walk(graph: Graph, node: Node, depth: int, children: dict[Node, list[Node]],
          ordered: list[tuple[Node, int]]) -> None:
    """Append `node` at `depth` and then its descendants, depth first, siblings by aiw:order."""
    ordered.append((node, depth))
    for child in sorted(children.get(node, []), key=lambda c: _order(graph, c)):
        _walk(graph, child, depth + 1, children, ordered)


def _unit_text(graph: Graph, unit) -> str:
    text = any_text(graph, unit, AIW.text)
    if text is None:
        for expression in sorted(graph.objects(unit, ELI.is_realized_by), key=str):
            text = any_text(graph, expression, AIW.text)
            if text is not None:
                break
    if text is None:
        text = any_text(graph, unit, DCTERMS.title)
    return first_words(text) if text is not None else ""


def _title_of_expression(graph: Graph, work) -> str:
    for expression in sorted(graph.objects(work, ELI.is_realized_by), key=str):
        title = lang_value(graph, expression, ELI.title, "en") or any_text(graph, expression, ELI.title)
        if title:
            return str(title)
    return ""


def _unit_type(graph: Graph, unit) -> str:
    types = sorted(t for t in graph.objects(unit, RDF.type)
                   if isinstance(t, URIRef) and str(t).startswith(str(AIW)) and t != AIW.SourceUnit)
    return " + ".join(qname(graph, t) for t in types) or "aiw:SourceUnit"


def sources_page(graph: Graph, intro: str = "") -> str:
    out = [header("sources"), "# Sources, unit by unit\n", intro]
    units = _units(graph)
    by_source: dict[str, list] = defaultdict(list)
    for u in units:
        sources = sorted(str(s) for s in graph.objects(u, PROV.wasDerivedFrom) if str(s).startswith(str(SOURCE)))
        by_source[sources[0][len(str(SOURCE)):] if sources else "(referenced only, no source text)"].append(u)
    out.append(f"{len(units)} units in {len([k for k in by_source if not k.startswith('(')])} source texts, "
               "as they stand in the built graph.\n")
    out.append("| source text | units | by type |\n|---|---|---|")
    for name in sorted(by_source):
        kinds = Counter(_unit_type(graph, u) for u in by_source[name])
        out.append(f"| {cell(name)} | {len(by_source[name])} | "
                   + cell("; ".join(f"{k} {n}" for k, n in sorted(kinds.items()))) + " |")
    out.append("")
    for name in sorted(by_source):
        members = set(by_source[name])
        out.append(f"## {name}\n")
        source_node = SOURCE[name] if not name.startswith("(") else None
        if source_node is not None:
            title = lang_value(graph, source_node, DCTERMS.title, "en") or any_text(graph, source_node, DCTERMS.title)
            if title:
                out.append(f"{cell(title)}\n")
        # reading order: depth first from the roots, siblings by aiw:order
        children: defaultdict[Node, list[Node]] = defaultdict(list)
        roots: list[Node] = []
        for u in members:
            parent = _parent(graph, u)
            (children[parent] if parent in members else roots).append(u)
        ordered: list[tuple[Node, int]] = []
        for root in sorted(roots, key=lambda r: (str(_parent(graph, r)), _order(graph, r))):
            _walk(graph, root, 0, children, ordered)
        documents = sorted({_parent(graph, r) for r in roots if _parent(graph, r) is not None}, key=str)
        for document in documents:
            title = (lang_value(graph, document, DCTERMS.title, "en") or any_text(graph, document, DCTERMS.title)
                     or _title_of_expression(graph, document))
            out.append(f"Part of `{cell(document)}`" + (f": {cell(title)}" if title else "") + "\n")
        out.append("| unit | type | number | text |\n|---|---|---|---|")
        for node, depth in ordered:
            number = graph.value(node, AIW.number) or graph.value(node, ELI.number) or ""
            out.append(f"| {'· ' * depth}`{cell(qname(graph, node))}` | {cell(_unit_type(graph, node))} | "
                       f"{cell(number)} | {cell(_unit_text(graph, node))} |")
        out.append("")
    return "\n".join(out).rstrip() + "\n"
