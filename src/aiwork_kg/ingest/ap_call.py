"""The AP's call for input on emotion recognition (nl-ap-call-for-input-emotion-recognition-2024.nl.txt)
-> data/nl/ap-call-for-input.ttl.

Structure as printed: a title block, "Samenvatting", sections "I." to "IV." with paragraphs
numbered 1-27 throughout ("21. **bold lead sentence.** rest"), sub-headings, criteria
("Criterium 1: ..." to "Criterium 4: ..."; the scope / exception is the heading whose question
block is "Vragen bij criterium 5"), question blocks ("Vragen bij criterium N", "Vragen ter
afsluiting") with questions numbered 1-16, footnotes ("¹ ..."), and the annex ("Bijlage") with
prohibitions "Verbod A" to "Verbod H". The Dutch wording of the AI Act that the paragraphs quote
becomes the ``/nld`` expression of the provision.

Paragraph text: the whole paragraph (with the quotes it contains) in ``aiw:text``, markdown
removed; the bold lead sentence also in ``aiw:leadSentence``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, PROV, RDF, RDFS

from ..errors import InputError
from ..languages import LANGUAGES
from ..namespaces import AGENT, AIW, DOC, LANG_NAL
from .eu import provision_iri
from .model import SourceGraph, date, integer, lit
from .text import (
    Line,
    bold_lead,
    find_dates,
    footnote_line,
    is_heading_like,
    read_lines,
    strip_markdown,
    strip_superscripts,
    superscript_markers,
)

FILE = "nl-ap-call-for-input-emotion-recognition-2024.nl.txt"
DOCUMENT = URIRef(str(DOC) + "nl-ap-dca-2024-02")
BASE = str(DOCUMENT) + "/"
CITE = "AP DCA-2024-02"
DEFECTS = ("Converted to text with markdown residue: bold lead sentences ('**...**'), italics "
           "('*...*'), links without targets ('[text](#)'); footnote markers as superscript "
           "digits; page breaks as runs of blank lines; the AP logo as the lines 'AUTORITEIT' / "
           "'PERSOONSgegevens'.")
MONTHS_NL = {"januari": 1, "februari": 2, "maart": 3, "april": 4, "mei": 5, "juni": 6, "juli": 7,
             "augustus": 8, "september": 9, "oktober": 10, "november": 11, "december": 12}

#: Which provision an AI Act quote in a paragraph renders: (paragraph, cue before the quote,
#: provision path). The cue must occur in the paragraph; the quote is the first quoted span after it.
QUOTES = [
    (14, "valt onder de definitie van een AI-systeem", "art_3/pnt_1"),
    (16, "Artikel 5 lid 1, onder f", "art_5/par_1/pnt_f"),
    (17, "De AI-verordening definieert een \"systeem voor het herkennen van emoties\" als volgt",
     "art_3/pnt_39"),
    (24, "Biometrische gegevens worden in de AI-verordening gedefinieerd als", "art_3/pnt_34"),
]
QUOTE_NOTES = {
    "art_3/pnt_1": "Dutch wording of Art. 3(1) as quoted by the AP (without the defined term).",
    "art_5/par_1/pnt_f": "Dutch wording of Art. 5(1)(f) as quoted by the AP in para. 16. Annex "
                         "item F gives an abridged wording (without 'het in de handel brengen, het "
                         "voor dit specifieke doel in gebruik stellen of het gebruiken van') and is "
                         "not used as the expression.",
    "art_3/pnt_39": "Dutch wording of Art. 3(39) as quoted by the AP (without the defined term).",
    "art_3/pnt_34": "Dutch wording of Art. 3(34) as quoted inline by the AP (without the defined term).",
}
#: The role of a date, recognised from the sentence that mentions it (first rule that matches).
DATE_ROLES = [
    (r"van kracht", ("AI Act in force", "AI-forordningen i kraft", "AI-verordening in werking")),
    (r"toezichthouders zijn aangewezen|sancties", (
        "supervisory authorities designated and penalties applicable",
        "tilsynsmyndigheder udpeget og sanktioner gældende",
        "toezichthouders aangewezen en sancties van toepassing")),
    (r"gepubliceerd", ("first call for input published", "første indkaldelse af input offentliggjort",
                       "eerste oproep tot input gepubliceerd")),
    (r"Input indienen kan tot|uiterlijk", ("deadline for input", "frist for input",
                                            "uiterste datum voor input")),
    (r"[Vv]anaf .* verboden|verboden AI-systemen niet meer", (
        "prohibitions of Art. 5 apply", "forbuddene i art. 5 gælder",
        "verboden van artikel 5 van toepassing")),
]


@dataclass
class Block:
    kind: str  # summary, section, heading, paragraph, criterion, qgroup, question, footnote, annex, prohibition
    number: str | None
    lines: list[Line] = field(default_factory=list)
    title: str | None = None
    parent: Block | None = None
    head: Line | None = None

    @property
    def span(self) -> tuple[int, int]:
        nos = [ln.no for ln in self.lines]
        if self.head is not None:
            nos.append(self.head.no)
        return min(nos), max(nos)

    @property
    def int_number(self) -> int:
        """The number as an integer, for the kinds numbered 1, 2, ... (paragraph, question, footnote, criterion)."""
        if self.number is None:
            raise ValueError(f"a {self.kind} block without a number")
        return int(self.number)

    def raw_text(self) -> str:
        return "\n".join(ln.stripped for ln in self.lines if not ln.blank)


class APCall:
    def __init__(self, path: Path):
        self.path, self.name = path, str(path)
        self.sg = SourceGraph(FILE, "nl")

    def err(self, message: str, line: int | None = None):
        return InputError(self.name, message, line=line)

    # -- reading the structure ------------------------------------------------------------
    def parse(self, lines: list[Line]) -> list[Block]:
        blocks: list[Block] = []
        title_lines: list[Line] = []
        state = "title"
        section = current = qgroup = None
        in_annex = False
        for line in lines:
            t = line.stripped
            if line.blank:
                continue
            if state == "title":
                if t == "Samenvatting":
                    state = "summary"
                    current = Block("summary", None, head=line, title=t)
                    blocks.append(current)
                else:
                    title_lines.append(line)
                continue
            m = re.match(r"^([IVX]+)\.\s+(.+)$", t)
            if m and not in_annex:
                section = Block("section", m.group(1), head=line, title=m.group(2).strip())
                blocks.append(section)
                current = qgroup = None
                continue
            if t.startswith("Bijlage"):
                in_annex = True
                section = Block("annex", None, head=line, title=t)
                blocks.append(section)
                current = qgroup = None
                continue
            if in_annex:
                m = re.match(r"^Verbod ([A-H]):\s*(.+)$", t)
                if m:
                    current = Block("prohibition", m.group(1), head=line, title=m.group(2), parent=section)
                    blocks.append(current)
                elif current is None:
                    raise self.err("expected 'Verbod <letter>: <title>' after the annex heading", line.no)
                else:
                    current.lines.append(line)
                continue
            fn = footnote_line(t)
            if fn:
                blocks.append(Block("footnote", str(fn[0]), [line], parent=section))
                continue
            m = re.match(r"^Vragen bij criterium (\d+)$", t, re.IGNORECASE)
            if m or t == "Vragen ter afsluiting":
                qgroup = Block("qgroup", m.group(1) if m else "closing", head=line, title=t, parent=section)
                blocks.append(qgroup)
                current = None
                continue
            m = re.match(r"^(\d+)\.\s+\*\*", t)
            if m and section is not None:
                current = Block("paragraph", m.group(1), [line], parent=section)
                blocks.append(current)
                qgroup = None
                continue
            m = re.match(r"^(\d+)\.\s+(.+)$", t)
            if m and qgroup is not None:
                blocks.append(Block("question", m.group(1), [line], parent=qgroup))
                continue
            m = re.match(r"^Criterium (\d+):\s*(.+)$", t)
            if m:
                blocks.append(Block("criterion", m.group(1), head=line, title=m.group(2), parent=section))
                current = None
                continue
            if state == "summary" and section is None:
                assert current is not None  # the summary block, opened at "Samenvatting"
                current.lines.append(line)
                continue
            if is_heading_like(t) and not t.startswith(('"', "“")):
                blocks.append(Block("heading", None, head=line, title=t, parent=section))
                current = None
                continue
            if current is None or current.kind != "paragraph":
                raise self.err("text outside a numbered paragraph: expected '<n>. **...**', a "
                               "heading or a question", line.no)
            current.lines.append(line)
        if not title_lines:
            raise self.err("expected a title block before 'Samenvatting'", 1)
        self.title_lines = title_lines
        return blocks

    # -- building the graph ---------------------------------------------------------------
    def build(self) -> SourceGraph:
        lines = read_lines(self.path)
        blocks = self.parse(lines)
        sg, add = self.sg, self.sg.add
        self.describe_document()
        # criteria: "Criterium N:" headings, and the heading before "Vragen bij criterium N"
        criteria = {b.number: b for b in blocks if b.kind == "criterion"}
        last_heading = None
        for b in blocks:
            if b.kind == "heading":
                last_heading = b
            elif b.kind == "criterion":
                last_heading = None
            elif b.kind == "qgroup" and b.number != "closing" and b.number not in criteria:
                if last_heading is None:
                    raise self.err(f"no heading for criterion {b.number}", b.span[0])
                last_heading.kind, last_heading.number = "criterion", b.number
                criteria[b.number] = last_heading
        iris: dict[int, URIRef] = {}
        counters: dict[tuple, int] = {}

        def order(key) -> int:
            counters[key] = counters.get(key, 0) + 1
            return counters[key]

        current_criterion = None
        marker_owner: dict[int, URIRef] = {}
        self.texts: list[tuple[URIRef, str, Block]] = []
        for b in blocks:
            sec_iri = None
            if b.parent is not None and b.parent.kind == "section":
                sec_iri = URIRef(BASE + f"sec_{b.parent.number}")

            if b.kind == "summary":
                text = self.clean("\n\n".join(ln.stripped for ln in b.lines))
                iri = sg.unit(URIRef(BASE + "summary"), AIW.Summary, DOCUMENT, 1, None, text, b.span,
                              f"{CITE}, summary", title=b.title)
                self.texts.append((iri, text, b))
            elif b.kind == "section":
                sg.unit(URIRef(BASE + f"sec_{b.number}"), AIW.Section, DOCUMENT, order("sec"), b.number,
                        None, b.span, f"{CITE}, section {b.number}", title=b.title)
                current_criterion = None
            elif b.kind == "heading":
                assert b.parent is not None  # text before the first section belongs to the summary (see parse)
                n = order(("heading", b.parent.number))
                sg.unit(URIRef(f"{sec_iri}/heading_{n}"), AIW.Heading, sec_iri, n, None, None, b.span,
                        f"{CITE}, section {b.parent.number}, heading {n}", title=b.title)
            elif b.kind == "criterion":
                iri = URIRef(BASE + f"criterion_{b.number}")
                assert b.head is not None  # a criterion is a heading line
                sg.unit(iri, AIW.Criterion, sec_iri, b.int_number, b.number, b.head.stripped, b.span,
                        f"{CITE}, criterion {b.number}", title=b.title)
                current_criterion = iri
            elif b.kind == "paragraph":
                n = b.int_number
                assert b.parent is not None  # a paragraph is only read inside a section (see parse)
                raw = b.raw_text()
                text = self.clean(re.sub(r"^\d+\.\s+", "", raw))
                lead = bold_lead(raw)
                iri = URIRef(f"{sec_iri}/para_{n}")
                sg.unit(iri, AIW.Paragraph, sec_iri, order(("para", b.parent.number)), b.number, text,
                        b.span, f"{CITE}, para. {n}")
                if lead:
                    add(iri, AIW.leadSentence, lit(self.clean(lead), "nl"))
                if current_criterion is not None:
                    add(iri, AIW.explains, current_criterion)
                for marker in superscript_markers(raw):
                    marker_owner[marker] = iri
                iris[n] = iri
                self.texts.append((iri, text, b))
            elif b.kind == "qgroup":
                current_criterion = None  # the criterion's explanation ends where its questions start
                if b.number == "closing":
                    sg.unit(URIRef(BASE + "closing"), AIW.Closing, sec_iri, 1, None, None, b.span,
                            f"{CITE}, closing questions", title=b.title)
            elif b.kind == "question":
                n = b.int_number
                group = b.parent
                assert group is not None  # a question is only read inside a question block (see parse)
                parent = URIRef(BASE + ("closing" if group.number == "closing" else f"criterion_{group.number}"))
                text = self.clean(re.sub(r"^\d+\.\s+", "", b.raw_text()))
                iri = sg.unit(URIRef(BASE + f"question_{n}"), AIW.Question, parent, order(("q", group.number)),
                              b.number, text, b.span, f"{CITE}, question {n}")
                self.texts.append((iri, text, b))
            elif b.kind == "footnote":
                n = b.int_number
                owner = marker_owner.get(n)
                if owner is None:
                    raise self.err(f"footnote {n} has no marker in a preceding paragraph", b.lines[0].no)
                fn = footnote_line(b.lines[0].stripped)
                assert fn is not None  # the block was opened because its line is a footnote
                text = self.clean(fn[1])
                iri = sg.unit(URIRef(BASE + f"footnote_{n}"), AIW.Footnote, owner, n,
                              b.lines[0].stripped[0], text, b.span, f"{CITE}, footnote {n}")
                add(owner, AIW.hasFootnote, iri)
            elif b.kind == "annex":
                sg.unit(URIRef(BASE + "annex"), AIW.Annex, DOCUMENT, 1, None, None, b.span,
                        f"{CITE}, annex", title=b.title)
            elif b.kind == "prohibition":
                x = b.number
                assert x is not None  # "Verbod <letter>"
                text = self.clean("\n".join(ln.stripped for ln in b.lines))
                sg.unit(URIRef(BASE + f"annex/prohibition_{x}"), AIW.AnnexItem,
                        URIRef(BASE + "annex"), ord(x) - ord("A") + 1, x, text, b.span,
                        f"{CITE}, annex, prohibition {x}", title=b.title)
        self.check_counts(blocks)
        self.dates()
        self.quotes(blocks, iris)
        return sg

    @staticmethod
    def clean(text: str) -> str:
        return strip_superscripts(strip_markdown(text)).replace(" .", ".").strip()

    def describe_document(self) -> None:
        sg, add = self.sg, self.sg.add
        t = [ln.stripped for ln in self.title_lines]
        ident = next((x for x in t if re.fullmatch(r"DCA-\d{4}-\d{2}", x)), None)
        month_year = r"(?i)(" + "|".join(MONTHS_NL) + r") \d{4}"
        issued = next((x for x in self.title_lines if re.fullmatch(month_year, x.stripped)), None)

        try:
            title = t[t.index("Oproep tot input") + 1]
        except (ValueError, IndexError):
            raise self.err("expected the title 'Oproep tot input' and its subject line in the title block", 1) from None
        if not ident or not issued:
            raise self.err("expected the reference 'DCA-yyyy-nn' and the month of issue in the title block", 1)
        month, year = issued.stripped.split()
        self.issued = f"{int(year):04d}-{MONTHS_NL[month.lower()]:02d}"
        self.issued_line = issued
        sub_start = t.index(title) + 1
        subtitle = " ".join(x for x in t[sub_start:sub_start + 2] if not x.startswith("Autoriteit"))
        add(DOCUMENT, RDF.type, AIW.SourceDocument)
        add(DOCUMENT, RDF.type, FOAF.Document)
        add(DOCUMENT, RDF.type, DCTERMS.BibliographicResource)
        add(DOCUMENT, DCTERMS.title, lit(f"Oproep tot input: {title}", "nl"))
        add(DOCUMENT, DCTERMS.alternative, lit(subtitle, "nl"))
        add(DOCUMENT, RDFS.label, lit("AP call for input on emotion recognition in the workplace and "
                                      "education (DCA-2024-02)", "en"))
        add(DOCUMENT, RDFS.label, lit("AP's indkaldelse af input om følelsesgenkendelse på arbejdspladsen "
                                      "og i uddannelse (DCA-2024-02)", "da"))
        add(DOCUMENT, DCTERMS.identifier, Literal(ident))
        add(DOCUMENT, DCTERMS.issued, date(self.issued))
        add(DOCUMENT, DCTERMS.language, LANG_NAL.NLD)
        add(DOCUMENT, DCTERMS.publisher, AGENT["autoriteit-persoonsgegevens"])
        add(DOCUMENT, DCTERMS.creator, AGENT["ap-directie-coordinatie-algoritmes"])
        add(DOCUMENT, PROV.wasDerivedFrom, sg.source)
        add(DOCUMENT, AIW.lineStart, integer(self.title_lines[0].no))
        add(DOCUMENT, AIW.lineEnd, integer(self.title_lines[-1].no))
        sg.describe_source("AP call for input DCA-2024-02 (text extracted from the PDF)", DEFECTS, DOCUMENT)

    def check_counts(self, blocks: list[Block]) -> None:
        """The numbering as printed must run without gaps (1-27 paragraphs, 1-16 questions ...)."""
        for kind, what in (("paragraph", "paragraphs"), ("question", "questions"), ("footnote", "footnotes")):
            nums = [b.int_number for b in blocks if b.kind == kind]
            if nums != list(range(1, len(nums) + 1)):
                first = next((b for b, n in zip([b for b in blocks if b.kind == kind], nums, strict=True)
                              if n != nums.index(n) + 1), None)
                raise self.err(f"{what} are not numbered 1..{len(nums)} in order: {nums}",
                               first.span[0] if first else None)
        letters = [b.number for b in blocks if b.kind == "prohibition"]
        if letters != [chr(ord("A") + i) for i in range(len(letters))]:
            raise self.err(f"annex prohibitions are not lettered A.. in order: {letters}")

    def dates(self) -> None:
        """One unit per date mentioned (day month year), plus the month of issue."""
        sg, add = self.sg, self.sg.add
        mentions: dict[str, list[tuple[URIRef, str, Block, str]]] = {}
        for iri, text, block in self.texts:
            for iso, m in find_dates(text):
                sentence = _sentence_at(text, m.start())
                mentions.setdefault(iso, []).append((iri, sentence, block, m.group(0)))
        for i, iso in enumerate(sorted(mentions), start=1):
            _first_iri, first_sentence, block, printed = mentions[iso][0]
            role = None
            for pattern, labels in DATE_ROLES:
                for _, sentence, _, _ in mentions[iso]:
                    if re.search(pattern, sentence):
                        role = labels
                        break
                if role:
                    break
            if role is None:
                raise self.err(f"no known role for the date {printed!r} in: {first_sentence!r}", block.span[0])
            line = _line_of(block, printed)
            iri = sg.unit(URIRef(BASE + f"date_{iso}"), AIW.DateStatement, DOCUMENT, i, printed,
                          first_sentence, (line, line), f"{CITE}, date {iso}")
            add(iri, DCTERMS.date, date(iso))
            for lang, label in zip(LANGUAGES, role, strict=True):
                add(iri, DCTERMS.description, lit(label, lang))
            for mention_iri, _, _, _ in mentions[iso]:
                add(iri, DCTERMS.isReferencedBy, mention_iri)
        # the month of issue, from the title block
        issued = self.issued_line
        iri = sg.unit(URIRef(BASE + f"date_{self.issued}"), AIW.DateStatement, DOCUMENT, len(mentions) + 1,
                      issued.stripped, issued.stripped, (issued.no, issued.no), f"{CITE}, date {self.issued}")
        add(iri, DCTERMS.date, date(self.issued))
        for lang, label in zip(LANGUAGES, ("month of issue", "udgivelsesmåned", "maand van uitgifte"), strict=True):
            add(iri, DCTERMS.description, lit(label, lang))

    def quotes(self, blocks: list[Block], iris: dict[int, URIRef]) -> None:
        """The AI Act's Dutch wording quoted in paragraphs -> ``{provision}/nld``."""
        paras = {b.int_number: b for b in blocks if b.kind == "paragraph"}

        for n, cue, path in QUOTES:
            b = paras.get(n)
            if b is None:
                raise self.err(f"paragraph {n} (which quotes {path}) not found")
            found = None
            seen_cue = False
            for line in b.lines:
                t = strip_markdown(line.stripped)
                pos = 0
                if not seen_cue:
                    i = t.find(cue)
                    if i < 0:
                        continue
                    seen_cue, pos = True, i + len(cue)
                m = re.search(r"[\"“]([^\"”]+)[\"”]", t[pos:])
                while m and len(m.group(1)) < 40:  # skip short quoted terms such as "verbod F"
                    pos += m.end()
                    m = re.search(r"[\"“]([^\"”]+)[\"”]", t[pos:])
                if m:
                    found = (m.group(1).strip(), line.no)
                    break
            if not seen_cue:
                raise self.err(f"paragraph {n}: expected the words {cue!r} before the quote of {path}", b.span[0])
            if found is None:
                raise self.err(f"paragraph {n}: no quotation after {cue!r}", b.span[0])
            text, line_no = found
            self.sg.expression(provision_iri(path), "nl", text, (line_no, line_no), iris[n], QUOTE_NOTES[path])


def _sentence_at(text: str, pos: int) -> str:
    starts = [0] + [m.end() for m in re.finditer(r"(?<=[.!?])\s+(?=[A-Z“\"(])", text)]
    start = max(s for s in starts if s <= pos)
    ends = [m.start() + 1 for m in re.finditer(r"[.!?](?=\s|$)", text) if m.start() >= pos]
    end = ends[0] if ends else len(text)
    return text[start:end].strip()


def _line_of(block: Block, printed: str) -> int:
    for line in block.lines:
        if printed in line.text:
            return line.no
    return block.span[0]


def build(sources: Path) -> SourceGraph:
    return APCall(sources / FILE).build()
