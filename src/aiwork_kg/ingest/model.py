"""The unit model (docs/decisions/2026-11-23-iri-scheme-and-unit-model.md) as a small builder.

Every unit of a source text is ``a aiw:SourceUnit`` plus a specific class, with
``dcterms:isPartOf`` (its parent), ``aiw:order``, ``aiw:number`` (as printed), ``aiw:text``
(language-tagged), ``dcterms:title`` where a heading is printed, ``prov:wasDerivedFrom`` (the
source file node), ``aiw:lineStart``/``aiw:lineEnd`` and ``dcterms:bibliographicCitation``.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, XSD

from ..namespaces import AIW, ELI, LANG_NAL, SOURCE, SUBDIV_NAL, bind_all
from .citations import localized

LANG3 = {"en": "ENG", "da": "DAN", "nl": "NLD"}
LANG3_LOWER = {"en": "eng", "da": "dan", "nl": "nld"}


def lit(text: str, lang: str | None = None) -> Literal:
    return Literal(text, lang=lang)


def integer(n: int) -> Literal:
    return Literal(int(n), datatype=XSD.integer)


def date(iso: str) -> Literal:
    if len(iso) == 7:
        return Literal(iso, datatype=XSD.gYearMonth)
    if len(iso) == 4:
        return Literal(iso, datatype=XSD.gYear)
    return Literal(iso, datatype=XSD.date)


@dataclass
class SourceGraph:
    """The graph of one source file, with helpers that add units in the shared shape."""

    file_name: str
    lang: str
    graph: Graph = field(default_factory=lambda: bind_all(Graph()))
    units: int = 0

    @property
    def source(self) -> URIRef:
        return SOURCE[self.file_name]

    def add(self, s, p, o) -> None:
        self.graph.add((s, p, o))

    def describe_source(self, title: str, defects: str, doc: URIRef | None = None) -> None:
        s = self.source
        self.add(s, RDF.type, AIW.SourceText)
        self.add(s, DCTERMS.title, lit(title, "en"))
        self.add(s, DCTERMS.language, LANG_NAL[LANG3[self.lang]])
        self.add(s, DCTERMS["format"], Literal("text/plain"))
        self.add(s, AIW.extractionDefects, lit(defects, "en"))
        if doc is not None:
            self.add(s, AIW.sourceOf, doc)

    def unit(self, iri: URIRef, classes, parent: URIRef | None, order: int | None,
             number: str | None, text: str | None, lines: tuple[int, int] | None,
             citation: str, title: str | None = None, lang: str | None = None) -> URIRef:
        """Add a unit with the properties of the unit model and return its IRI."""
        lang = lang or self.lang
        self.add(iri, RDF.type, AIW.SourceUnit)
        for cls in classes if isinstance(classes, (list, tuple)) else [classes]:
            self.add(iri, RDF.type, cls)
        if parent is not None:
            self.add(iri, DCTERMS.isPartOf, parent)
        if order is not None:
            self.add(iri, AIW.order, integer(order))
        if number is not None:
            self.add(iri, AIW.number, Literal(number))
        if text:
            self.add(iri, AIW.text, lit(text, lang))
        if title:
            self.add(iri, DCTERMS.title, lit(title, lang))
        self.add(iri, PROV.wasDerivedFrom, self.source)
        if lines is not None:
            self.add(iri, AIW.lineStart, integer(lines[0]))
            self.add(iri, AIW.lineEnd, integer(lines[1]))
        self.cite(iri, citation)
        self.units += 1
        return iri

    def provision(self, iri: URIRef, parent: URIRef, number: str, subdivision: str | None,
                  identifier: str, citation: str, id_local: str | None = None,
                  see_also: str | None = None, kind=None) -> URIRef:
        """ELI facts of a provision (a subdivision of an act); no text, no lines.
        `kind` adds a more specific class (aiw:Article, aiw:Point, aiw:Recital ...)."""
        self.add(iri, RDF.type, ELI.LegalResourceSubdivision)
        self.add(iri, RDF.type, AIW.Provision)
        if kind is not None:
            self.add(iri, RDF.type, kind)
        self.add(iri, ELI.is_part_of, parent)
        self.add(iri, ELI.number, Literal(number))
        if subdivision:
            self.add(iri, ELI.type_subdivision, SUBDIV_NAL[subdivision])
        if id_local:
            self.add(iri, ELI.id_local, Literal(id_local))
        if see_also:
            self.add(iri, RDFS.seeAlso, URIRef(see_also))
        self.add(iri, DCTERMS.identifier, Literal(identifier))
        self.cite(iri, citation)
        return iri

    def expression(self, provision: URIRef, lang: str, text: str, lines: tuple[int, int] | None,
                   source_unit: URIRef | None = None, note: str | None = None) -> URIRef:
        """``{provision}/{eng,dan,nld}``: the provision's text in one language."""
        expr = URIRef(f"{provision}/{LANG3_LOWER[lang]}")
        self.add(provision, ELI.is_realized_by, expr)
        self.add(expr, RDF.type, ELI.LegalExpression)
        self.add(expr, ELI.realizes, provision)
        self.add(expr, ELI.language, LANG_NAL[LANG3[lang]])
        self.add(expr, AIW.text, lit(text, lang))
        self.add(expr, PROV.wasDerivedFrom, self.source)
        if lines is not None:
            self.add(expr, AIW.lineStart, integer(lines[0]))
            self.add(expr, AIW.lineEnd, integer(lines[1]))
        if source_unit is not None:
            self.add(expr, DCTERMS.source, source_unit)
        if note:
            self.add(expr, RDFS.comment, lit(note, "en"))
        return expr

    def cite(self, iri: URIRef, citation: str) -> None:
        """The English citation and, where a rule covers it, its Danish and Dutch forms."""
        self.add(iri, DCTERMS.bibliographicCitation, lit(citation, "en"))
        for lang, text in localized(str(iri), citation).items():
            self.add(iri, DCTERMS.bibliographicCitation, lit(text, lang))

    def __len__(self) -> int:
        return len(self.graph)
