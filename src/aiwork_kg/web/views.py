"""What a resource page shows, as plain data for the templates (read from :class:`.graph.WebGraph`).

One function per kind of content: :func:`resource_view` for any IRI with a page (label, types,
the unit's verbatim text and position, links in both directions with their evidence, claims and
disagreements, a provision's expressions, every statement), :func:`ontology_view` for the
ontology document with one anchored entry per term, :func:`start_view` for the start page.
Nothing here decides anything legal: it shows what the graph states, with its attribution.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox

from ..namespaces import BASE
from .graph import AIW, DCT, ONTOLOGY, OWL, RDF_TYPE, RDFS, SKOS, WebGraph, document_of, local_name, path_of_iri

ELI = "http://data.europa.eu/eli/ontology#"
PROV = "http://www.w3.org/ns/prov#"
LANG_NAL = "http://publications.europa.eu/resource/authority/language/"
NAL_TO_LANG = {"ENG": "en", "DAN": "da", "NLD": "nl", "DEU": "de", "FRA": "fr"}
PARENT_PREDICATES = (DCT + "isPartOf", ELI + "is_part_of")
LINK_PREDICATES = {AIW + "linkSubject", AIW + "linkObject", AIW + "evidenceUnit"}
ALIGNMENT_PREDICATES = (SKOS + "exactMatch", SKOS + "closeMatch", SKOS + "broadMatch", SKOS + "narrowMatch",
                        SKOS + "relatedMatch", OWL + "equivalentClass", OWL + "equivalentProperty",
                        RDFS + "subClassOf", RDFS + "subPropertyOf", RDFS + "seeAlso")


@dataclass
class Value:
    """A term as a page shows it: a link (to our page, or a plain external link) or a literal."""

    text: str
    href: str | None = None
    lang: str | None = None
    external: bool = False
    datatype: str | None = None


@dataclass
class LinkRow:
    other: Value
    evidence: str | None
    evidence_lang: str | None
    evidence_unit: Value | None
    link: Value
    comment: str | None = None


@dataclass
class ClaimView:
    iri: str
    name: Value
    by: list[Value]
    text: str | None
    text_lang: str | None
    stated_in: list[Value]
    kinds: list[str]
    stance: str | None = None


@dataclass
class DisagreementView:
    name: Value
    comment: str | None
    concerns: list[Value]
    positions: list[ClaimView]


@dataclass
class Expression:
    lang: str
    text: str
    iri: Value
    source: list[Value] = field(default_factory=list)


class Viewer:
    """Builds the views of one request (one language, links that keep ``?lang=``)."""

    def __init__(self, graph: WebGraph, lang: str, url=None):
        self.g = graph
        self.lang = lang
        self._url = url or (lambda path: path)

    # -- terms ----------------------------------------------------------------------------------
    def href(self, iri: str) -> str:
        if iri.startswith(BASE):
            doc = document_of(iri)
            fragment = iri[len(doc):]
            return self._url(path_of_iri(doc)) + fragment
        return iri

    def link(self, iri: str) -> Value:
        external = not iri.startswith(BASE)
        name = self.g.name(iri, self.lang) if (not external or self.g.objects(iri, RDFS + "label")
                                               or self.g.objects(iri, SKOS + "prefLabel")) else iri
        return Value(name, self.href(iri), external=external)

    def value(self, term: Any) -> Value:
        if isinstance(term, ox.NamedNode):
            return self.link(term.value)
        if isinstance(term, ox.Literal):
            dt = term.datatype.value if term.datatype else None
            plain = dt in (None, "http://www.w3.org/2001/XMLSchema#string",
                           "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString")
            return Value(term.value, lang=term.language, datatype=None if plain else local_name(dt or ""))
        return Value("(" + str(term) + ")")

    def text(self, iri: str | ox.NamedNode | ox.BlankNode, predicate: str) -> str | None:
        return self.g.text_in(iri, predicate, self.lang)

    # -- the page of one resource ---------------------------------------------------------------
    def resource(self, iri: str) -> dict[str, Any]:
        g = self.g
        types = g.types(iri)
        view: dict[str, Any] = {
            "iri": iri, "name": g.name(iri, self.lang), "types": [self.link(t) for t in types],
            "comment": self.text(iri, RDFS + "comment") or self.text(iri, DCT + "description"),
            "definition": self.text(iri, SKOS + "definition"),
        }
        view["unit"] = self.unit(iri)
        view["expressions"] = self.expressions(iri) if AIW + "Provision" in types or view["unit"] else []
        view["interpreting_units"] = self.interpreting_units(iri)
        view["links_out"], view["links_in"] = self.links(iri)
        view["referenced_by"] = self.referenced_by(iri)
        view["claims"] = self.claims(iri)
        view["disagreements"] = self.disagreements(iri)
        view["statements"] = self.statements(iri)
        view["parts"] = [{"anchor": f.split("#", 1)[1], "iri": f, "name": g.name(f, self.lang),
                          "statements": self.statements(f)} for f in g.fragments(iri)]
        return view

    def unit(self, iri: str) -> dict[str, Any] | None:
        """The verbatim text in its own language, its citation in that language's style, its position."""
        texts = [o for o in self.g.objects(iri, AIW + "text") if isinstance(o, ox.Literal)]
        if not texts:
            return None
        text = texts[0]
        own = text.language or "en"
        citations = self.g.literals(iri, DCT + "bibliographicCitation")
        citation = citations.get(own) or citations.get(self.lang) or next(iter(citations.values()), None)
        return {"text": text.value, "lang": own, "citation": citation,
                "citation_lang": own if citations.get(own) else self.lang,
                "breadcrumb": self.breadcrumb(iri, own), "heading": self.g.text_in(iri, DCT + "title", own),
                "see_also": [self.value(o) for o in self.g.objects(iri, RDFS + "seeAlso")]}

    def ancestors(self, iri: str) -> list[str]:
        chain: list[str] = []
        current, seen = iri, {iri}
        while True:
            parents = [o.value for p in PARENT_PREDICATES for o in self.g.objects(current, p)
                       if isinstance(o, ox.NamedNode) and o.value.startswith(BASE)]
            if not parents or parents[0] in seen:
                return list(reversed(chain))
            current = parents[0]
            seen.add(current)
            chain.append(current)

    def breadcrumb(self, iri: str, lang: str) -> list[Value]:
        """document › chapter › § › stk.: each step named by the last part of its citation in `lang`."""
        steps: list[Value] = []
        for node in self.ancestors(iri) + [iri]:
            citations = self.g.literals(node, DCT + "bibliographicCitation")
            citation = citations.get(lang) or citations.get("en")
            # the document by its name; a part by the last step of its citation ("stk. 10", "afsnit 2")
            text = self.g.name(node, lang) if not steps or not citation else citation.rsplit(", ", 1)[-1]
            steps.append(Value(text, self.href(node), lang=lang))
        return steps

    def expressions(self, iri: str) -> list[Expression]:
        """The provision's language expressions (eli:is_realized_by / eli:realizes), side by side."""
        found: dict[str, Expression] = {}
        candidates = [o.value for o in self.g.objects(iri, ELI + "is_realized_by") if isinstance(o, ox.NamedNode)]
        candidates += [s.value for s in self.g.subjects(ELI + "realizes", iri) if isinstance(s, ox.NamedNode)]
        for expr in dict.fromkeys(candidates):
            texts = [o for o in self.g.objects(expr, AIW + "text") if isinstance(o, ox.Literal)]
            if not texts:
                continue
            languages = [o.value for o in self.g.objects(expr, ELI + "language") if isinstance(o, ox.NamedNode)]
            nal = languages[0].rsplit("/", 1)[-1] if languages else ""
            lang = texts[0].language or NAL_TO_LANG.get(nal, "")
            sources = [self.value(o) for o in self.g.objects(expr, DCT + "source")]
            found.setdefault(expr, Expression(lang, texts[0].value, self.link(expr), sources))
        order = {"en": 0, "da": 1, "nl": 2}
        return sorted(found.values(), key=lambda e: (order.get(e.lang, 9), e.iri.href or ""))

    def interpreting_units(self, iri: str) -> dict[str, list[Value]]:
        """The Danish and Dutch units linked to this one (any curated relation), by their language."""
        rows = self.g.query(f"""
            PREFIX aiw: <{AIW}>
            SELECT DISTINCT ?unit ?text WHERE {{
              ?link aiw:linkObject <{iri}> ; aiw:linkSubject ?unit .
              ?unit aiw:text ?text .
              FILTER(LANG(?text) IN ("da", "nl"))
            }} ORDER BY ?unit""")
        grouped: dict[str, list[Value]] = defaultdict(list)
        for row in rows:
            text = row["text"]
            assert isinstance(text, ox.Literal)
            grouped[text.language or ""].append(self.link(row["unit"].value))
        return dict(sorted(grouped.items()))

    def links(self, iri: str) -> tuple[dict[str, list[LinkRow]], dict[str, list[LinkRow]]]:
        """The curated links from and to this resource, grouped by the name of their relation."""
        rows = self.g.query(f"""
            PREFIX aiw: <{AIW}>
            SELECT ?link ?dir ?rel ?other ?evidence ?unit WHERE {{
              {{ ?link aiw:linkSubject <{iri}> ; aiw:linkRelation ?rel ; aiw:linkObject ?other . BIND("out" AS ?dir) }}
              UNION
              {{ ?link aiw:linkObject <{iri}> ; aiw:linkRelation ?rel ; aiw:linkSubject ?other . BIND("in" AS ?dir) }}
              OPTIONAL {{ ?link aiw:evidence ?evidence }}
              OPTIONAL {{ ?link aiw:evidenceUnit ?unit }}
            }} ORDER BY ?dir ?rel ?other ?link""")
        out: dict[str, list[LinkRow]] = defaultdict(list)
        inward: dict[str, list[LinkRow]] = defaultdict(list)
        seen = set()
        for row in rows:
            key = (row["link"].value, row["dir"].value)
            if key in seen:
                continue
            seen.add(key)
            evidence = row.get("evidence")
            link_iri = row["link"].value
            item = LinkRow(self.link(row["other"].value),
                           evidence.value if isinstance(evidence, ox.Literal) else None,
                           evidence.language if isinstance(evidence, ox.Literal) else None,
                           self.link(row["unit"].value) if "unit" in row else None,
                           Value(local_name(link_iri), self.href(link_iri)),
                           self.text(link_iri, RDFS + "comment"))
            relation = self.g.name(row["rel"].value, self.lang)
            (out if row["dir"].value == "out" else inward)[relation].append(item)
        return dict(out), dict(inward)

    def referenced_by(self, iri: str) -> dict[str, list[Value]]:
        """Other statements that point at this resource (not the curated links' own bookkeeping)."""
        grouped: dict[str, list[Value]] = defaultdict(list)
        for quad in self.g.store.quads_for_pattern(None, None, ox.NamedNode(iri), ox.DefaultGraph()):
            if quad.predicate.value in LINK_PREDICATES or quad.predicate.value == RDF_TYPE:
                continue
            if not isinstance(quad.subject, ox.NamedNode):
                continue
            grouped[self.g.name(quad.predicate.value, self.lang)].append(self.link(quad.subject.value))
        return {k: sorted(v, key=lambda x: x.href or "") for k, v in sorted(grouped.items())}

    def claim(self, iri: str) -> ClaimView:
        texts = [o for o in self.g.objects(iri, AIW + "claimText") if isinstance(o, ox.Literal)]
        kinds = [self.g.name(t, self.lang) for t in self.g.types(iri) if t != AIW + "Claim"]
        stance = self.g.objects(iri, AIW + "stance")
        return ClaimView(iri, self.link(iri), [self.value(o) for o in self.g.objects(iri, PROV + "wasAttributedTo")],
                         texts[0].value if texts else None, texts[0].language if texts else None,
                         [self.value(o) for o in self.g.objects(iri, AIW + "statedIn")], kinds,
                         self.value(stance[0]).text if stance else None)

    def claims(self, iri: str) -> list[ClaimView]:
        rows = self.g.query(f"""
            PREFIX aiw: <{AIW}>
            SELECT DISTINCT ?claim WHERE {{
              ?claim a aiw:Claim .
              {{ ?claim ?p <{iri}> }} UNION {{ ?claim ?p ?unit . ?unit (<{DCT}isPartOf>|<{ELI}is_part_of>)+ <{iri}> }}
              FILTER(?claim != <{iri}>)
            }} ORDER BY ?claim""")
        return [self.claim(row["claim"].value) for row in rows]

    def disagreements(self, iri: str) -> list[DisagreementView]:
        rows = self.g.query(f"""
            PREFIX aiw: <{AIW}>
            SELECT DISTINCT ?d WHERE {{
              ?d a aiw:Disagreement .
              {{ BIND(<{iri}> AS ?d) }} UNION {{ ?d aiw:concerns <{iri}> }} UNION {{ ?d aiw:position <{iri}> }}
              UNION {{ ?d aiw:position ?claim . ?claim ?p <{iri}> }}
            }} ORDER BY ?d""")
        return [self.disagreement(row["d"].value) for row in rows]

    def disagreement(self, iri: str) -> DisagreementView:
        positions = sorted(o.value for o in self.g.objects(iri, AIW + "position") if isinstance(o, ox.NamedNode))
        return DisagreementView(self.link(iri), self.text(iri, RDFS + "comment"),
                                [self.value(o) for o in self.g.objects(iri, AIW + "concerns")],
                                [self.claim(p) for p in positions])

    def statements(self, iri: str) -> list[tuple[Value, list[Value]]]:
        """Every statement about the resource, by property (languages other than the chosen one kept)."""
        grouped: dict[str, list[Any]] = defaultdict(list)
        for quad in self.g.store.quads_for_pattern(ox.NamedNode(iri), None, None, ox.DefaultGraph()):
            grouped[quad.predicate.value].append(quad.object)
        result = []
        for predicate in sorted(grouped, key=lambda p: self.g.name(p, self.lang).lower()):
            objects = sorted(grouped[predicate], key=lambda o: (getattr(o, "language", "") != self.lang, str(o)))
            result.append((self.link(predicate), [self.value(o) for o in objects]))
        return result

    # -- the ontology document ------------------------------------------------------------------
    def ontology(self) -> dict[str, Any]:
        kinds = [("class", OWL + "Class"), ("object_property", OWL + "ObjectProperty"),
                 ("datatype_property", OWL + "DatatypeProperty"), ("annotation_property", OWL + "AnnotationProperty"),
                 ("concept_scheme", SKOS + "ConceptScheme"), ("individual", None)]
        terms = self.g.hash_terms()
        sections: dict[str, list[dict[str, Any]]] = {k: [] for k, _ in kinds}
        for term in terms:
            types = set(self.g.types(term))
            kind = next((k for k, t in kinds if t is not None and t in types), "individual")
            sections[kind].append(self.term(term))
        for entries in sections.values():
            entries.sort(key=lambda e: e["name"].lower())
        return {"iri": ONTOLOGY, "name": self.g.name(ONTOLOGY, self.lang),
                "comment": self.text(ONTOLOGY, RDFS + "comment") or self.text(ONTOLOGY, DCT + "description"),
                "sections": sections, "statements": self.statements(ONTOLOGY)}

    def term(self, iri: str) -> dict[str, Any]:
        alignments: dict[str, list[Value]] = defaultdict(list)
        supers = []
        for predicate in ALIGNMENT_PREDICATES:
            for obj in self.g.objects(iri, predicate):
                if not isinstance(obj, ox.NamedNode):
                    continue
                if obj.value.startswith(BASE) and predicate in (RDFS + "subClassOf", RDFS + "subPropertyOf"):
                    supers.append(self.link(obj.value))
                elif not obj.value.startswith(BASE):
                    alignments[local_name(predicate)].append(Value(obj.value, obj.value, external=True))
        individuals = [self.link(s.value) for s in self.g.subjects(RDF_TYPE, iri)
                       if isinstance(s, ox.NamedNode) and s.value.startswith(ONTOLOGY + "#")]
        return {"iri": iri, "anchor": local_name(iri), "name": self.g.name(iri, self.lang),
                "definition": self.text(iri, SKOS + "definition") or self.text(iri, RDFS + "comment"),
                "types": [self.link(t) for t in self.g.types(iri) if t.startswith(BASE)],
                "supers": supers, "individuals": sorted(individuals, key=lambda v: v.text.lower()),
                "alignments": dict(alignments)}

    # -- the start page -------------------------------------------------------------------------
    def start(self) -> dict[str, Any]:
        from ..release import MEDIA_TYPES, RELEASE_FILES, VOID_FILE

        dataset = BASE + "dataset/aiwork-kg"
        rows = self.g.query(f"""
            PREFIX aiw: <{AIW}>
            SELECT ?source (COUNT(DISTINCT ?unit) AS ?units) WHERE {{
              ?source a aiw:SourceText .
              OPTIONAL {{ ?unit a aiw:SourceUnit ; <{PROV}wasDerivedFrom> ?source }}
            }} GROUP BY ?source ORDER BY DESC(?units) ?source""")
        sources = []
        for row in rows:
            source = row["source"].value
            roots = self.g.query(f"""
                SELECT DISTINCT ?doc WHERE {{
                  ?doc <{PROV}wasDerivedFrom> <{source}> .
                  FILTER NOT EXISTS {{ ?doc <{DCT}isPartOf>|<{ELI}is_part_of>|<{ELI}realizes> ?parent .
                                       FILTER(STRSTARTS(STR(?parent), "{BASE}")) }}
                  FILTER NOT EXISTS {{ ?doc <{ELI}realizes> ?work }}
                  FILTER(STRSTARTS(STR(?doc), "{BASE}") && !STRSTARTS(STR(?doc), "{BASE}graph/"))
                }} ORDER BY ?doc""")
            languages = [o.value.rsplit("/", 1)[-1] for o in self.g.objects(source, DCT + "language")
                         if isinstance(o, ox.NamedNode)]
            sources.append({"source": self.link(source), "units": int(row["units"].value),
                            "language": NAL_TO_LANG.get(languages[0], "") if languages else "",
                            "documents": [self.link(r["doc"].value) for r in roots]})
        disagreements = [self.disagreement(s.value) for s in self.g.subjects(RDF_TYPE, AIW + "Disagreement")
                         if isinstance(s, ox.NamedNode)]
        disagreements.sort(key=lambda d: d.name.href or "")
        files = [{"name": name, "href": "/release/" + name, "media": MEDIA_TYPES.get(key, "")}
                 for key, name in RELEASE_FILES.items()]
        if VOID_FILE not in [f["name"] for f in files]:
            files.append({"name": VOID_FILE, "href": "/release/" + VOID_FILE, "media": "text/turtle"})
        known = self.g.knows(dataset)
        return {"sources": sources, "disagreements": disagreements, "files": files,
                "dataset": self.link(dataset) if known else None,
                "dataset_title": self.text(dataset, DCT + "title") if known else None,
                "dataset_description": self.text(dataset, DCT + "description") if known else None,
                "dataset_issued": next((o.value for o in self.g.objects(dataset, DCT + "issued")), None),
                "dataset_license": [self.value(o) for o in self.g.objects(dataset, DCT + "license")],
                "focus": self.link(BASE + "provision/eu/reg/2024/1689/art_5/par_1/pnt_f")}
