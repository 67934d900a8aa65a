"""The Danish executive order on Arbejdstilsynet's use of AI
(dk-executive-order-arbejdstilsynet-ai-2025.da.txt) -> data/dk/executive-order.ttl, and the
provisions of the Working Environment Act that it cites -> data/dk/working-environment-act.ttl.

Structure as printed: the title, the preamble ("I medfør af § 72, stk. 10 i lov om arbejdsmiljø
..."), "Kapitel N" with a title (which may run over a page break), "§ N." sections, "Stk. N."
subsections (stk. 1 is the § itself), numbered items "N) ..." (the 16 categories of § 3), an
intermediate heading before § 5, the place and date of signature and the signatories.
Cross-references in the text ("§§ 3 og 4", "jf. § 4", "nr. 1-15", "lov om arbejdsmiljø § 72,
stk. 2-6") become ``eli:cites`` between the units; the preamble gives ``eli:based_on``.
"""
from __future__ import annotations

import re
from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, PROV, RDF, RDFS

from ..errors import InputError
from ..namespaces import AGENT, AIW, ELI, LANG_NAL, PROVISION, SUBDIV_NAL
from .model import SourceGraph, date, integer, lit
from .text import MONTHS, Line, find_dates, hyphenated_words, is_heading_like, join_lines, read_lines

FILE = "dk-executive-order-arbejdstilsynet-ai-2025.da.txt"
ORDER = URIRef(str(PROVISION) + "dk/bek/2025/arbejdstilsynet-ai")
BASE = str(ORDER) + "/"
LTA_BASE = str(PROVISION) + "dk/lta/2021/2062/"
RETSINFO = "https://www.retsinformation.dk/eli/lta/"
ACT_2062 = URIRef(RETSINFO + "2021/2062")
CITE = "BEK Arbejdstilsynet AI 2025"
DEFECTS = ("Text extracted from the PDF with its line breaks: words hyphenated across lines "
           "('lovbe-\\nkendtgørelse'), headings and items broken by page breaks (blank lines inside "
           "a sentence), stray leading spaces.")
#: the provisions of the Working Environment Act that the order cites (path, number, printed)
LTA_PROVISIONS = [("par_72", "72", "§ 72")] + [
    (f"par_72/stk_{n}", str(n), f"§ 72, stk. {n}") for n in (2, 3, 4, 5, 6, 10)]


class Unit:
    def __init__(self, kind: str, number: str, first: Line, text_start: str = ""):
        self.kind, self.number = kind, number
        self.lines: list[Line] = [first]
        self.first_text = text_start
        self.children: list[Unit] = []
        self.title: str | None = None
        self.iri: URIRef | None = None
        self.title_lines: list[Line] = []  # a chapter's title (it may run over a page break)
        self.chapter: Unit | None = None  # the chapter a section is printed in
        self.heading: Line | None = None  # the intermediate heading printed before a section

    def text(self, known: set[str]) -> str:
        parts = [self.first_text] + [ln.text for ln in self.lines[1:]]
        return join_lines(parts, known)

    @property
    def span(self) -> tuple[int, int]:
        nos = [ln.no for ln in self.lines if not ln.blank]
        return min(nos), max(nos)


def _iso_from_danish(day: str, month: str, year: str) -> str:
    return f"{int(year):04d}-{MONTHS[month.lower()]:02d}-{int(day):02d}"


class DKOrder:
    def __init__(self, path: Path):
        self.path, self.name = path, str(path)
        self.sg = SourceGraph(FILE, "da")

    def err(self, msg: str, line: int | None = None) -> InputError:
        return InputError(self.name, msg, line=line)

    def parse(self, lines: list[Line]):
        nonblank = [ln for ln in lines if not ln.blank]
        if not nonblank or not nonblank[0].stripped.startswith("Bekendtgørelse om"):
            raise self.err("expected the title 'Bekendtgørelse om ...' on the first line", 1)
        self.title_line = nonblank[0]
        preamble: Unit | None = None
        chapters: list[Unit] = []
        sections: list[Unit] = []
        chapter = section = current = None
        pending_heading: Line | None = None
        signature: Unit | None = None
        signatories: list[Line] = []
        i = 1
        while i < len(nonblank):
            line = nonblank[i]
            t = line.stripped
            nxt = nonblank[i + 1].stripped if i + 1 < len(nonblank) else ""
            i += 1
            if signature is not None:
                signatories.append(line)
                continue
            if preamble is None:
                if not t.startswith("I medfør af"):
                    raise self.err("expected the preamble 'I medfør af ...' after the title", line.no)
                preamble = current = Unit("preamble", "", line, t)
                continue
            m = re.fullmatch(r"Kapitel (\d+)", t)
            if m:
                chapter = Unit("kap", m.group(1), line)
                chapters.append(chapter)

                current = chapter
                continue
            if current is chapter and chapter is not None and not t.startswith("§"):
                chapter.title_lines.append(line)
                continue
            m = re.match(r"^§ (\d+)\.\s*(.*)$", t)
            if m:
                section = Unit("par", m.group(1), line, m.group(2))
                section.chapter = chapter
                section.heading = pending_heading
                pending_heading = None
                sections.append(section)
                current = section
                continue
            m = re.match(r"^Stk\. (\d+)\.\s*(.*)$", t)
            if m:
                if section is None:
                    raise self.err("'Stk.' before any '§'", line.no)
                current = Unit("stk", m.group(1), line, m.group(2))
                section.children.append(current)
                continue
            m = re.match(r"^(\d+)\)\s*(.*)$", t)
            if m and section is not None:
                current = Unit("nr", m.group(1), line, m.group(2))
                section.children.append(current)
                continue
            m = re.match(r"^Arbejdstilsynet, den (\d+)\. (\w+) (\d{4})$", t)
            if m:
                signature = Unit("signature", "", line, t)
                self.signed = _iso_from_danish(*m.groups())
                continue
            if t[0].isupper() and is_heading_like(t) and nxt.startswith("§ "):
                pending_heading = line  # an intermediate heading ("Genanvendelse af oplysninger")
                continue
            if current is None:
                raise self.err("unexpected text", line.no)
            current.lines.append(line)
        if signature is None:
            raise self.err("expected the place and date of signature 'Arbejdstilsynet, den d. måned yyyy'")
        return preamble, chapters, sections, signature, signatories

    def build(self) -> SourceGraph:
        lines = read_lines(self.path)
        known = hyphenated_words(lines)
        preamble, chapters, sections, signature, signatories = self.parse(lines)
        nums = [int(s.number) for s in sections]
        if nums != list(range(1, len(nums) + 1)):
            raise self.err(f"sections (§) are not numbered 1..{len(nums)} in order: {nums}")
        sg, add = self.sg, self.sg.add
        title = self.title_line.stripped
        # the order itself
        add(ORDER, RDF.type, ELI.LegalResource)
        add(ORDER, RDF.type, AIW.SourceDocument)
        add(ORDER, DCTERMS.title, lit(title, "da"))
        add(ORDER, RDFS.label, lit("Executive order on the Danish Working Environment Authority's use of "
                                   "artificial intelligence (unofficial English title)", "en"))
        add(ORDER, RDFS.label, lit("Besluit over het gebruik van kunstmatige intelligentie door de Deense "
                                   "Arbeidsinspectie (niet-officiële Nederlandse titel)", "nl"))
        add(ORDER, DCTERMS.language, LANG_NAL.DAN)
        add(ORDER, ELI.date_document, date(self.signed))
        add(ORDER, ELI.passed_by, AGENT["arbejdstilsynet"])
        add(ORDER, DCTERMS.publisher, AGENT["arbejdstilsynet"])
        add(ORDER, PROV.wasDerivedFrom, sg.source)
        add(ORDER, AIW.lineStart, integer(self.title_line.no))
        add(ORDER, AIW.lineEnd, integer(lines[-1].no))
        add(ORDER, RDFS.comment, lit("Its number in Lovtidende A was not found; the IRI uses the slug "
                                     "bek/2025/arbejdstilsynet-ai (docs/decisions).", "en"))
        expr = URIRef(str(ORDER) + "/dan")
        add(ORDER, ELI.is_realized_by, expr)
        add(expr, RDF.type, ELI.LegalExpression)
        add(expr, ELI.realizes, ORDER)
        add(expr, ELI.language, LANG_NAL.DAN)
        add(expr, ELI.title, lit(title, "da"))
        sg.describe_source("Bekendtgørelse om Arbejdstilsynets anvendelse af kunstig intelligens (text)",
                           DEFECTS, ORDER)

        # preamble: legal basis and the acts it names
        ptext = preamble.text(known)
        piri = self.provision_unit("preamble", ORDER, 1, None, ptext, preamble.span, "preamble (legal basis)",
                                   "OTH", aiw_class=None)
        self.cross_references(piri, ptext, preamble.span[0])
        stk10 = URIRef(LTA_BASE + "par_72/stk_10")
        if (piri, ELI.cites, stk10) not in sg.graph:
            raise self.err("expected the legal basis '§ 72, stk. 10 i lov om arbejdsmiljø' in the preamble",
                           preamble.span[0])
        add(ORDER, ELI.based_on, stk10)
        acts = re.findall(r"(lovbekendtgørelse|lov) nr\. (\d+) af (\d+)\. (\w+) (\d{4})", ptext)
        if not acts:
            raise self.err("expected the acts 'lov nr. N af d. måned yyyy' in the preamble", preamble.span[0])
        self.acts = []
        for kind, nr, day, month, year in acts:
            act = URIRef(f"{RETSINFO}{year}/{nr}")
            add(piri, ELI.cites, act)
            add(act, RDF.type, ELI.LegalResource)
            add(act, ELI.date_document, date(_iso_from_danish(day, month, year)))
            add(act, DCTERMS.identifier, Literal(f"{'LBK' if kind.startswith('lovbe') else 'LOV'} nr. {nr} af "
                                                 f"{int(day):02d}/{MONTHS[month.lower()]:02d}/{year}"))
            if kind == "lov":
                add(act, ELI.amends, ACT_2062)
            self.acts.append(act)

        # chapters
        chapter_iri = {}
        for k, ch in enumerate(chapters, start=1):
            if not ch.title_lines:
                raise self.err(f"expected the title of chapter {ch.number} after 'Kapitel {ch.number}'",
                               ch.lines[0].no)
            ctitle = join_lines(ch.title_lines, known)
            iri = URIRef(BASE + f"kap_{ch.number}")
            sg.unit(iri, [AIW.Chapter], ORDER, k, f"Kapitel {ch.number}", ctitle,
                    (ch.lines[0].no, ch.title_lines[-1].no), f"{CITE}, kapitel {ch.number}", title=ctitle)
            add(iri, RDF.type, ELI.LegalResourceSubdivision)
            add(iri, ELI.is_part_of, ORDER)
            add(iri, ELI.type_subdivision, SUBDIV_NAL.CPT)
            add(iri, ELI.number, Literal(ch.number))
            chapter_iri[id(ch)] = iri

        # sections, subsections, items
        for s in sections:
            n = s.number
            stext = s.text(known)
            parent_chapter = chapter_iri.get(id(s.chapter)) if s.chapter is not None else None
            iri = self.provision_unit(f"par_{n}", ORDER, int(n), f"§ {n}", stext, s.span, f"§ {n}", "ART",
                                      number=n, structural_parent=parent_chapter)
            if s.heading is not None:
                add(iri, DCTERMS.title, lit(s.heading.stripped, "da"))
                add(iri, AIW.titleLine, integer(s.heading.no))
            s.iri = iri
            for c in s.children:
                ctext = c.text(known)
                if c.kind == "stk":
                    c.iri = self.provision_unit(f"par_{n}/stk_{c.number}", iri, int(c.number) - 1,
                                                f"Stk. {c.number}", ctext, c.span, f"§ {n}, stk. {c.number}",
                                                "PAR", number=c.number, aiw_class=AIW.Subsection)
                else:
                    c.iri = self.provision_unit(f"par_{n}/nr_{c.number}", iri, int(c.number), f"{c.number})",
                                                ctext, c.span, f"§ {n}, nr. {c.number}", "PNT",
                                                number=c.number, aiw_class=AIW.ListItem)
            for unit in [s] + s.children:
                self.cross_references(unit.iri, unit.text(known), unit.span[0], section=n)
            if re.search(r"træder i kraft", stext):
                found = find_dates(stext)
                if not found:
                    raise self.err("expected the date of entry into force", s.span[0])
                add(ORDER, ELI.first_date_entry_in_force, date(found[0][0]))
                add(iri, ELI.date_applicability, date(found[0][0]))

        # signature and signatories
        sig = sg.unit(URIRef(BASE + "signature"), AIW.SourceUnit, ORDER, 1, None, signature.first_text,
                      signature.span, f"{CITE}, signature")
        add(sig, DCTERMS.date, date(self.signed))
        add(sig, PROV.wasAttributedTo, AGENT["arbejdstilsynet"])
        for k, line in enumerate(signatories, start=1):
            name = line.stripped.lstrip("/").strip()
            iri = sg.unit(URIRef(BASE + f"signatory_{k}"), AIW.Signatory, sig, k, None, name,
                          (line.no, line.no), f"{CITE}, signatory {k}")
            add(iri, FOAF.name, Literal(name))
            if line.stripped.startswith("/"):
                add(iri, RDFS.comment, lit("Printed after a slash: the official who countersigns "
                                           "('/ name').", "en"))
        return sg

    def provision_unit(self, path: str, parent: URIRef, order: int, printed: str | None, text: str,
                       span: tuple[int, int], cite: str, subdivision: str, number: str | None = None,
                       aiw_class=None, structural_parent: URIRef | None = None) -> URIRef:
        sg, add = self.sg, self.sg.add
        iri = URIRef(BASE + path)
        sg.unit(iri, [AIW.Provision] + ([aiw_class] if aiw_class else []), structural_parent or parent,
                order, printed, text, span, f"{CITE}, {cite}")
        add(iri, RDF.type, ELI.LegalResourceSubdivision)
        add(iri, ELI.is_part_of, parent)
        add(iri, ELI.type_subdivision, SUBDIV_NAL[subdivision])
        if number is not None:
            add(iri, ELI.number, Literal(number))
        add(iri, DCTERMS.identifier, Literal(cite))
        sg.expression(iri, "da", text, span)
        return iri

    def cross_references(self, iri: URIRef, text: str, line: int, section: str | None = None) -> None:
        """``eli:cites`` for every § / stk. / nr. the text refers to."""
        add = self.sg.add
        for m in re.finditer(r"§§? (\d+)(?: og (\d+))?(?:, stk\. (\d+)(?:-(\d+))?)?", text):
            window = text[max(0, m.start() - 30): m.end() + 30]
            external = "lov om arbejdsmiljø" in window
            pars = [p for p in (m.group(1), m.group(2)) if p]
            for p in pars:
                base = LTA_BASE if external else BASE
                if m.group(3):
                    lo, hi = int(m.group(3)), int(m.group(4) or m.group(3))
                    for k in range(lo, hi + 1):
                        add(iri, ELI.cites, URIRef(f"{base}par_{p}/stk_{k}"))
                else:
                    add(iri, ELI.cites, URIRef(f"{base}par_{p}"))
                if external and p != "72":
                    raise self.err(f"reference to § {p} of the Working Environment Act: only § 72 is "
                                   "described in data/dk/working-environment-act.ttl", line)
        for m in re.finditer(r"\bnr\. (\d+)-(\d+)", text):
            if section is None:
                continue
            for k in range(int(m.group(1)), int(m.group(2)) + 1):
                add(iri, ELI.cites, URIRef(f"{BASE}par_{section}/nr_{k}"))


def build(sources: Path) -> SourceGraph:
    return DKOrder(sources / FILE).build()


def build_working_environment_act() -> SourceGraph:
    """The Working Environment Act (LBK nr. 2062 af 16/11/2021) and the provisions of § 72 that the
    order cites: referenced nodes, without text (the sources do not print them)."""
    sg = SourceGraph("working-environment-act", "da")
    add = sg.add
    add(ACT_2062, RDF.type, ELI.LegalResource)
    add(ACT_2062, DCTERMS.title, lit("lov om arbejdsmiljø", "da"))
    add(ACT_2062, RDFS.label, lit("Working Environment Act", "en"))
    add(ACT_2062, RDFS.label, lit("Arbeidsomstandighedenwet (Denemarken)", "nl"))
    add(ACT_2062, DCTERMS.identifier, Literal("LBK nr. 2062 af 16/11/2021"))
    add(ACT_2062, ELI.date_document, date("2021-11-16"))
    add(ACT_2062, RDFS.comment, lit("Referenced, not ingested: the executive order cites § 72, stk. 2-6 "
                                    "and stk. 10 (as amended by lov nr. 502 af 20. maj 2025).", "en"))
    for path, number, printed in LTA_PROVISIONS:
        parent = ACT_2062 if "/" not in path else URIRef(LTA_BASE + path.rsplit("/", 1)[0])
        sg.provision(URIRef(LTA_BASE + path), parent, number, "ART" if "/" not in path else "PAR",
                     printed, f"Arbejdsmiljøloven, {printed}", id_local=path,
                     kind=AIW.Subsection if "/" in path else None)
    return sg
