"""EU excerpts (eu-ai-act-excerpts.en.txt) -> data/eu/ai-act-excerpts.ttl; GDPR provisions that
links need -> data/eu/gdpr.ttl (referenced nodes only: the sources do not quote the GDPR).

Each excerpt starts with a line "== <citation>". The citation tells which provision follows:
"Article 3, point (34)", "Article 5(1), first subparagraph, point (f)", "Article 50(3)",
"Article 113", "Recital 18", "Annex III, introductory words and point 1(c)".
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date as Date
from datetime import timedelta
from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS

from ..errors import InputError
from ..namespaces import AGENT, AI_ACT, AIW, ELI, EU_NAL, GDPR, LANG_NAL, PROVISION
from .model import SourceGraph, date, lit
from .text import Line, find_dates, read_lines

FILE = "eu-ai-act-excerpts.en.txt"
ACT = URIRef(AI_ACT)
ACT_BASE = str(PROVISION) + "eu/reg/2024/1689/"
GDPR_ACT = URIRef(GDPR)
GDPR_BASE = str(PROVISION) + "eu/reg/2016/679/"
EURLEX = "https://eur-lex.europa.eu/eli/reg/2024/1689/oj/eng"
EURLEX_GDPR = "https://eur-lex.europa.eu/eli/reg/2016/679/oj/eng"
DEFECTS = ("Plain text prepared from the Official Journal; each excerpt starts with a line "
           "'== <citation>' (a heading added by the extractor, not text of the act).")


def kind_of(subdivision: str):
    """The ontology class of a provision, from its ELI subdivision type."""
    return {"ART": AIW.Article, "PNT": AIW.Point, "RCT": AIW.Recital}.get(subdivision)


#: AI Act provisions that the sources discuss or the ontology and links name, but that the
#: excerpts do not print: referenced nodes (ELI facts, no text). The prohibitions of Art. 5(1)
#: (the AP call's annex summarises all eight), the scope exclusions of Art. 2 and the
#: definitions of importer, distributor and operator.
REFERENCED = ["art_2/par_3", "art_2/par_6", "art_2/par_10", "art_3/pnt_6", "art_3/pnt_7", "art_3/pnt_8"] + [
    f"art_5/par_1/pnt_{x}" for x in "abcdegh"]


def provision_iri(path: str, base: str = ACT_BASE) -> URIRef:
    return URIRef(base + path)


@dataclass
class Excerpt:
    citation: str
    lines: list[Line]


def split_excerpts(lines: list[Line], name: str) -> tuple[list[Line], list[Excerpt]]:
    """The header lines and the excerpts, each starting at a "== <citation>" line."""
    header: list[Line] = []
    excerpts: list[Excerpt] = []
    heads: list[int] = []
    for line in lines:
        if line.text.startswith("== "):
            excerpts.append(Excerpt(line.text[3:].strip(), []))
            heads.append(line.no)
        elif excerpts:
            if not line.blank:
                excerpts[-1].lines.append(line)
        else:
            header.append(line)
    if not excerpts:
        raise InputError(name, "no excerpt found: expected lines starting with '== <citation>'", line=1)
    for ex, head in zip(excerpts, heads, strict=True):
        if not ex.lines:
            raise InputError(name, f"excerpt '{ex.citation}' has no text after its '== ' line", line=head)
    return header, excerpts


def _span(lines: list[Line]) -> tuple[int, int]:
    return lines[0].no, lines[-1].no


def _printed_number(text: str) -> str | None:
    m = re.match(r"^(\(\w+\)|\d+\.)\s", text)
    return m.group(1) if m else None


class EUExcerpts:
    """Builds the AI Act graph from the excerpts file."""

    def __init__(self, path: Path):
        self.path = path
        self.name = str(path)
        self.sg = SourceGraph(FILE, "en")
        self.containers: set[str] = set()

    # -- helpers --------------------------------------------------------------------------
    def container(self, path: str, parent: URIRef, number: str, subdivision: str, identifier: str,
                  anchor: str) -> URIRef:
        """A provision that the excerpts do not print as a whole (Art. 3, Art. 5, Art. 50)."""
        iri = provision_iri(path)
        if path not in self.containers:
            self.containers.add(path)
            self.sg.provision(iri, parent, number, subdivision, identifier, f"AI Act, {identifier}",
                              id_local=anchor, see_also=f"{EURLEX}#{anchor}", kind=kind_of(subdivision))
        return iri

    def referenced(self, path: str) -> URIRef:
        """A provision the sources cite or the ontology names but the excerpts do not print:
        its ELI facts only (no text, no lines). Parents are minted as needed."""
        iri = provision_iri(path)
        if path in self.containers or (iri, RDF.type, AIW.SourceUnit) in self.sg.graph:
            return iri
        tokens = path.split("/")
        kind, _, value = tokens[-1].partition("_")
        parent = ACT if len(tokens) == 1 else self.referenced("/".join(tokens[:-1]))
        art = next((t.split("_")[1] for t in tokens if t.startswith("art_")), None)
        par = next((t.split("_")[1] for t in tokens if t.startswith("par_")), None)
        cpt = next((t.split("_")[1] for t in tokens if t.startswith("cpt_")), None)
        if kind == "art":
            subdivision, identifier, anchor = "ART", f"Art. {value}", f"art_{value}"
        elif kind == "par":
            assert art is not None, f"{path}: a paragraph is inside an article"
            subdivision, identifier, anchor = "PAR", f"Art. {art}({value})", f"{int(art):03d}.{int(value):03d}"
        elif kind == "pnt":
            assert art is not None, f"{path}: a point is inside an article"
            base = f"Art. {art}({par})" if par else f"Art. {art}"
            subdivision, identifier = "PNT", f"{base}({value})"
            anchor = f"{int(art):03d}.{int(par):03d}" if par else f"art_{art}"
        elif kind == "cpt":
            subdivision, identifier, anchor = "CPT", f"Chapter {value}", f"cpt_{value}"
        elif kind == "sct":
            subdivision, identifier, anchor = "SCT", f"Chapter {cpt}, Section {value}", f"cpt_{cpt}.sct_{value}"
        else:
            raise ValueError(f"cannot mint a provision for {path!r}")
        self.containers.add(path)
        self.sg.provision(iri, parent, value, subdivision, identifier, f"AI Act, {identifier}",
                          id_local=path if kind == "pnt" else anchor, see_also=f"{EURLEX}#{anchor}",
                          kind=kind_of(subdivision))
        return iri

    def cites(self, iri: URIRef, text: str) -> None:
        """``eli:cites`` for the chapters, sections and articles an excerpt's text names."""
        for m in re.finditer(r"Chapters? ([IVX]+)(?: Section (\d+))?"
                             r"((?:, (?:Chapter )?[IVX]+| and (?:Chapter )?[IVX]+)*)", text):

            romans = [m.group(1)] + re.findall(r"(?:Chapter )?([IVX]+)", m.group(3) or "")
            for k, roman in enumerate(romans):
                path = f"cpt_{roman}" + (f"/sct_{m.group(2)}" if k == 0 and m.group(2) else "")
                self.sg.add(iri, ELI.cites, self.referenced(path))
        for m in re.finditer(r"Articles? (\d+)(?:\((\d+)\))?", text):
            path = f"art_{m.group(1)}" + (f"/par_{m.group(2)}" if m.group(2) else "")
            self.sg.add(iri, ELI.cites, self.referenced(path))

    def chapter(self, roman: str) -> URIRef:
        iri = provision_iri(f"cpt_{roman}")
        if f"cpt_{roman}" not in self.containers:
            self.containers.add(f"cpt_{roman}")
            self.sg.provision(iri, ACT, roman, "CPT", f"Chapter {roman}", f"AI Act, Chapter {roman}",
                              id_local=f"cpt_{roman}", see_also=f"{EURLEX}#cpt_{roman}")
        return iri

    def text_unit(self, path: str, parent: URIRef, order: int, number: str, text: str,
                  lines: tuple[int, int], identifier: str, subdivision: str, anchor: str,
                  id_local: str | None = None) -> URIRef:
        iri = provision_iri(path)
        citation = f"AI Act, {identifier}"
        self.sg.provision(iri, parent, number, subdivision, identifier, citation,
                          id_local=id_local or anchor, see_also=f"{EURLEX}#{anchor}",
                          kind=kind_of(subdivision))
        self.sg.unit(iri, [AIW.Provision], parent, order, number_as_printed(number, text),
                     text, lines, citation)
        self.sg.expression(iri, "en", text, lines)
        return iri

    # -- the excerpts ---------------------------------------------------------------------
    def build(self) -> SourceGraph:
        lines = read_lines(self.path)
        header, excerpts = split_excerpts(lines, self.name)
        self.describe_act(header)
        art3_order = 0
        for ex in excerpts:
            c = ex.citation
            m = re.fullmatch(r"Article 3, point \((\d+)\)", c)
            if m:
                art3_order += 1
                self.art3_point(m.group(1), ex, art3_order)
                continue
            if c.startswith("Article 5(1)"):
                self.art5(c, ex)
                continue
            m = re.fullmatch(r"Article (\d+)\((\d+)\)", c)
            if m:
                self.article_paragraph(int(m.group(1)), int(m.group(2)), ex)
                continue
            if c == "Article 113":
                self.art113(ex)
                continue
            m = re.fullmatch(r"Recital (\d+)", c)
            if m:
                self.recital(int(m.group(1)), ex)
                continue
            if c.startswith("Annex III"):
                self.annex_iii(ex)
                continue
            raise InputError(self.name, f"unknown excerpt citation '{c}': expected Article, Recital "
                             "or Annex", line=ex.lines[0].no - 1)
        for path in REFERENCED:
            self.referenced(path)
        return self.sg

    def describe_act(self, header: list[Line]) -> None:
        sg, add = self.sg, self.sg.add
        head = " ".join(ln.stripped for ln in header if not ln.blank)
        m = re.search(r"^(Regulation \(EU\) 2024/1689 .*?\(Artificial Intelligence Act\))", head)
        if not m:
            raise InputError(self.name, "expected the act's title 'Regulation (EU) 2024/1689 ... "
                             "(Artificial Intelligence Act)' in the header", line=1)
        title = m.group(1)
        adopted = find_dates(title)
        pub = re.search(r"OJ L, 2024/1689, (\d{1,2})\.(\d{1,2})\.(\d{4})", head)
        if not adopted or not pub:
            raise InputError(self.name, "expected the adoption date in the title and 'OJ L, "
                             "2024/1689, d.m.yyyy' in the header", line=1)
        self.published = Date(int(pub.group(3)), int(pub.group(2)), int(pub.group(1)))
        add(ACT, RDF.type, ELI.LegalResource)
        add(ACT, ELI.id_local, Literal("32024R1689"))
        add(ACT, ELI.type_document, EU_NAL["resource-type/REG"])
        add(ACT, ELI.date_document, date(adopted[0][0]))
        add(ACT, ELI.date_publication, date(self.published.isoformat()))
        add(ACT, ELI.passed_by, AGENT["european-parliament"])
        add(ACT, ELI.passed_by, AGENT["council-of-the-eu"])
        add(ACT, DCTERMS.title, lit(title, "en"))
        add(ACT, RDFS.label, lit("AI Act", "en"))
        add(ACT, RDFS.label, lit("AI-forordningen", "da"))
        add(ACT, RDFS.label, lit("AI-verordening", "nl"))
        add(ACT, RDFS.seeAlso, URIRef("https://eur-lex.europa.eu/eli/reg/2024/1689/oj"))
        expr = URIRef(AI_ACT + "/eng")
        add(ACT, ELI.is_realized_by, expr)
        add(expr, RDF.type, ELI.LegalExpression)
        add(expr, ELI.realizes, ACT)
        add(expr, ELI.language, LANG_NAL.ENG)
        add(expr, ELI.title, lit(title, "en"))
        add(expr, ELI.title_short, lit("Artificial Intelligence Act", "en"))
        sg.describe_source("Regulation (EU) 2024/1689 (AI Act): English excerpts", DEFECTS, ACT)

    def art3_point(self, n: str, ex: Excerpt, order: int) -> None:
        art3 = self.container("art_3", self.chapter("I"), "3", "ART", "Art. 3", "art_3")
        text = " ".join(ln.stripped for ln in ex.lines)
        if _printed_number(text) != f"({n})":
            raise InputError(self.name, f"expected the excerpt to start with '({n})'", line=ex.lines[0].no)
        self.text_unit(f"art_3/pnt_{n}", art3, order, n, text, _span(ex.lines), f"Art. 3({n})",
                       "PNT", "art_3", id_local=f"art_3/pnt_{n}")

    def art5(self, citation: str, ex: Excerpt) -> None:
        art5 = self.container("art_5", self.chapter("II"), "5", "ART", "Art. 5", "art_5")
        text = " ".join(ln.stripped for ln in ex.lines)
        if "introductory words" in citation:
            self.text_unit("art_5/par_1", art5, 1, "1", text, _span(ex.lines), "Art. 5(1)", "PAR",
                           "005.001")
            return
        m = re.search(r"point \((\w)\)", citation)
        if not m:
            raise InputError(self.name, f"unexpected Article 5 excerpt '{citation}'", line=ex.lines[0].no - 1)
        x = m.group(1)
        par1 = provision_iri("art_5/par_1")
        order = ord(x) - ord("a") + 1
        self.text_unit(f"art_5/par_1/pnt_{x}", par1, order, x, text, _span(ex.lines),
                       f"Art. 5(1)({x})", "PNT", "005.001", id_local=f"art_5/par_1/pnt_{x}")

    def article_paragraph(self, art: int, par: int, ex: Excerpt) -> None:
        article = self.container(f"art_{art}", ACT, str(art), "ART", f"Art. {art}", f"art_{art}")
        text = " ".join(ln.stripped for ln in ex.lines)
        if _printed_number(text) != f"{par}.":
            raise InputError(self.name, f"expected the excerpt to start with '{par}.'", line=ex.lines[0].no)
        self.text_unit(f"art_{art}/par_{par}", article, par, str(par), text, _span(ex.lines),
                       f"Art. {art}({par})", "PAR", f"{art:03d}.{par:03d}")

    def art113(self, ex: Excerpt) -> None:
        full = "\n".join(ln.stripped for ln in ex.lines)
        art = self.text_unit("art_113", ACT, 113, "113", full, _span(ex.lines), "Art. 113", "ART",
                             "art_113")
        sub = 0
        for line in ex.lines:
            t = line.stripped
            m = re.match(r"^\((\w)\)\s", t)
            if m:
                x = m.group(1)
                iri = self.text_unit(f"art_113/pnt_{x}", art, ord(x) - ord("a") + 1, x, t,
                                     (line.no, line.no), f"Art. 113, third paragraph, point ({x})",
                                     "PNT", "art_113", id_local=f"art_113/pnt_{x}")
                self.dates(iri, t, line)
                self.cites(iri, t)
            else:
                sub += 1
                ordinal = ["first", "second", "third"][sub - 1] if sub <= 3 else f"{sub}th"
                iri = self.text_unit(f"art_113/sub_{sub}", art, sub, str(sub), t, (line.no, line.no),
                                     f"Art. 113, {ordinal} paragraph", "SUB", "art_113",
                                     id_local=f"art_113/sub_{sub}")
                self.dates(iri, t, line)

    def dates(self, iri: URIRef, text: str, line: Line) -> None:
        """Dates stated in Art. 113: entry into force (computed from 'the twentieth day following
        that of its publication') and the dates of application."""
        if re.search(r"enter into force on the twentieth day following that of its publication", text):
            in_force = self.published + timedelta(days=20)
            self.sg.add(iri, ELI.first_date_entry_in_force, date(in_force.isoformat()))
            self.sg.add(ACT, ELI.first_date_entry_in_force, date(in_force.isoformat()))
            return
        found = find_dates(text)
        if "apply from" in text and not found:
            raise InputError(self.name, "expected a date after 'apply from'", line=line.no)
        for iso, _ in found:
            self.sg.add(iri, ELI.date_applicability, date(iso))
            if text.startswith("It shall apply from"):
                self.sg.add(ACT, ELI.date_applicability, date(iso))

    def recital(self, n: int, ex: Excerpt) -> None:
        text = " ".join(ln.stripped for ln in ex.lines)
        if _printed_number(text) != f"({n})":
            raise InputError(self.name, f"expected the recital to start with '({n})'", line=ex.lines[0].no)
        self.text_unit(f"rct_{n}", ACT, n, str(n), text, _span(ex.lines), f"recital {n}", "RCT",
                       f"rct_{n}")

    def annex_iii(self, ex: Excerpt) -> None:
        intro, rest = ex.lines[0], ex.lines[1:]
        anx = self.text_unit("anx_III", ACT, 3, "III", intro.stripped, (intro.no, intro.no),
                             "Annex III", "ANX", "anx_III")
        self.cites(anx, intro.stripped)
        parent = anx
        path = "anx_III"
        for line in rest:
            t = line.stripped
            m = re.match(r"^(\d+)\.\s", t)
            if m:
                n = m.group(1)
                path = f"anx_III/pnt_{n}"
                parent = self.text_unit(path, anx, int(n), n, t, (line.no, line.no),
                                        f"Annex III, point {n}", "PNT", "anx_III", id_local=path)
                point_no = n
                continue
            m = re.match(r"^\((\w)\)\s", t)
            if m and path.startswith("anx_III/pnt_"):
                x = m.group(1)
                self.text_unit(f"{path}/pnt_{x}", parent, ord(x) - ord("a") + 1, x, t,
                               (line.no, line.no), f"Annex III, point {point_no}({x})", "PNT",
                               "anx_III", id_local=f"{path}/pnt_{x}")
                continue
            raise InputError(self.name, "unexpected line in the Annex III excerpt: expected '1. ...' "
                             "or '(c) ...'", line=line.no)


def number_as_printed(number: str, text: str) -> str:
    printed = _printed_number(text)
    return printed or number


def build_ai_act(sources: Path) -> SourceGraph:
    return EUExcerpts(sources / FILE).build()


GDPR_PROVISIONS = [
    # path, number, subdivision, identifier, anchor (Art. 9, 10 and 35 for the sources; Art. 4, 5,
    # 32 and 87 because the curated links in data/links/ cite them)
    ("art_4", "4", "ART", "Art. 4", "art_4"),
    ("art_4/pnt_1", "1", "PNT", "Art. 4(1)", "art_4"),
    ("art_4/pnt_7", "7", "PNT", "Art. 4(7)", "art_4"),
    ("art_5", "5", "ART", "Art. 5", "art_5"),
    ("art_5/par_1", "1", "PAR", "Art. 5(1)", "art_5"),
    ("art_5/par_1/pnt_e", "e", "PNT", "Art. 5(1)(e)", "art_5"),
    ("art_9", "9", "ART", "Art. 9", "art_9"),
    ("art_9/par_1", "1", "PAR", "Art. 9(1)", "art_9"),
    ("art_9/par_2", "2", "PAR", "Art. 9(2)", "art_9"),
    ("art_10", "10", "ART", "Art. 10", "art_10"),
    ("art_35", "35", "ART", "Art. 35", "art_35"),
    ("art_32", "32", "ART", "Art. 32", "art_32"),
    ("art_35/par_1", "1", "PAR", "Art. 35(1)", "art_35"),
    ("art_87", "87", "ART", "Art. 87", "art_87"),
]


def build_gdpr() -> SourceGraph:
    """Referenced GDPR provisions (no text: the sources cite but do not quote them)."""
    sg = SourceGraph("gdpr", "en")
    add = sg.add
    add(GDPR_ACT, RDF.type, ELI.LegalResource)
    add(GDPR_ACT, ELI.id_local, Literal("32016R0679"))
    add(GDPR_ACT, ELI.type_document, EU_NAL["resource-type/REG"])
    add(GDPR_ACT, RDFS.label, lit("GDPR", "en"))
    add(GDPR_ACT, RDFS.label, lit("databeskyttelsesforordningen", "da"))
    add(GDPR_ACT, RDFS.label, lit("AVG", "nl"))
    add(GDPR_ACT, RDFS.comment, lit(
        "Referenced, not ingested: the sources cite the GDPR (e.g. Art. 9 in the AP call's annex, "
        "prohibition H) but quote none of its text.", "en"))
    add(GDPR_ACT, RDFS.seeAlso, URIRef("https://eur-lex.europa.eu/eli/reg/2016/679/oj"))
    for path, number, subdivision, identifier, anchor in GDPR_PROVISIONS:
        parent = GDPR_ACT if "/" not in path else URIRef(GDPR_BASE + path.rsplit("/", 1)[0])
        sg.provision(URIRef(GDPR_BASE + path), parent, number, subdivision, identifier,
                     f"GDPR, {identifier}", id_local=path, see_also=f"{EURLEX_GDPR}#{anchor}",
                     kind=kind_of(subdivision))
    return sg
