"""The Danish leaflet on the emotion-recognition ban (dk-leaflet-emotion-recognition-ban.da.txt)
-> data/dk/leaflet.ttl.

The file holds the leaflet twice: a first copy whose layout put the headings before the text
(with U+2028 line separators and a no-break space), and a second copy OCR'd from an image ("Al"
for "AI", "opfbJldt" for "opfyldt"). The copies are found by the repeated title; the copy with
fewer OCR defects gives the text, the other one only the extra provenance
(``aiw:alsoPrintedLineStart``/``aiw:alsoPrintedLineEnd``). Units: ``title``, ``intro``, ``why``,
``when`` (with ``condition_1`` and ``condition_2``) and ``exception``.
"""
from __future__ import annotations

import re
from difflib import SequenceMatcher
from pathlib import Path

from rdflib import URIRef
from rdflib.namespace import DCTERMS, FOAF, PROV, RDF, RDFS

from ..errors import InputError
from ..namespaces import AIW, DOC, LANG_NAL
from .model import SourceGraph, integer, lit
from .text import Line, blocks, hyphenated_words, is_heading_like, join_lines, read_lines

FILE = "dk-leaflet-emotion-recognition-ban.da.txt"
DOCUMENT = URIRef(str(DOC) + "dk-leaflet-emotion-recognition-ban")
BASE = str(DOCUMENT) + "/"
CITE = "Danish leaflet on the emotion-recognition ban"
DEFECTS = ("The text is printed twice: a first copy in layout order (headings before the text, "
           "U+2028 line separators, a no-break space) and a second copy OCR'd from an image "
           "('Al' for 'AI', 'opfbJldt' for 'opfyldt'); words hyphenated across lines.")
TITLE_RE = re.compile(r"^Forbudt brug af A[Il1|]:")
OCR_DEFECT_RE = re.compile(r"\bAl\b|\bAl-|[a-zæøå][A-ZÆØÅ][a-zæøå]")


def ocr_defects(lines: list[Line]) -> int:
    """How many tokens look like OCR errors ("Al" for "AI", a capital inside a word)."""
    return sum(len(OCR_DEFECT_RE.findall(ln.text)) for ln in lines)


def split_copies(lines: list[Line], name: str) -> list[list[Line]]:
    """The copies of the leaflet, each starting at its title line."""
    starts = [i for i, ln in enumerate(lines) if TITLE_RE.match(ln.stripped)]
    if not starts:
        raise InputError(name, "expected the title 'Forbudt brug af AI: ...'", line=1)
    copies = []
    for k, start in enumerate(starts):
        end = starts[k + 1] if k + 1 < len(starts) else len(lines)
        copies.append(lines[start:end])
    return copies


def structure(copy: list[Line], name: str) -> dict[str, list[Line]]:
    """Sort the blocks of one copy into the leaflet's parts, whatever their layout order:
    title (first block), intro (second), the headings "Hvorfor" and "Hvornår gælder forbuddet"
    (with "Alle betingelser skal være opfyldt"), and the body paragraphs in reading order: the
    reason, the conditions (they start with "Hvis"), the exception (after the conditions)."""
    bs = blocks(copy)
    if len(bs) < 4:
        raise InputError(name, "expected title, introduction, headings and paragraphs", line=copy[0].no)
    parts: dict[str, list[Line]] = {"title": bs[0], "intro": bs[1]}
    body: list[list[Line]] = []
    for b in bs[2:]:
        first = b[0].stripped
        if first == "Hvorfor":
            parts["why_heading"] = [b[0]]
            if len(b) > 1:
                body.append(b[1:])
        elif first.startswith("Hvornår gælder forbuddet"):
            if len(b) < 2:
                raise InputError(name, "expected a line under 'Hvornår gælder forbuddet' (such as 'Alle "
                                 "betingelser skal være opfyldt')", line=b[0].no)
            parts["when"] = b
        elif len(b) == 1 and is_heading_like(first) and len(first) < 40:
            raise InputError(name, f"unexpected heading {first!r}", line=b[0].no)
        else:
            body.append(b)
    conditions = [b for b in body if b[0].stripped.startswith("Hvis ")]
    if len(conditions) != 2 or "when" not in parts or "why_heading" not in parts:
        raise InputError(name, "expected the headings 'Hvorfor' and 'Hvornår gælder forbuddet' and two "
                         "conditions starting with 'Hvis'", line=copy[0].no)
    first_cond = body.index(conditions[0])
    before, after = body[:first_cond], body[body.index(conditions[1]) + 1:]
    if len(before) != 1 or len(after) != 1:
        raise InputError(name, "expected one paragraph before the conditions (why) and one after "
                         "them (the exception)", line=copy[0].no)
    parts.update(why=before[0], condition_1=conditions[0], condition_2=conditions[1], exception=after[0])
    return parts


def build(sources: Path) -> SourceGraph:
    path = sources / FILE
    name = str(path)
    lines = read_lines(path)
    copies = split_copies(lines, name)
    scored = sorted(range(len(copies)), key=lambda i: (ocr_defects(copies[i]), i))
    clean = copies[scored[0]]
    others = [copies[i] for i in scored[1:]]
    known = hyphenated_words(clean)
    parts = structure(clean, name)
    other_parts = [structure(c, name) for c in others]

    sg = SourceGraph(FILE, "da")
    add = sg.add
    title_text = join_lines(parts["title"], known)
    add(DOCUMENT, RDF.type, AIW.SourceDocument)
    add(DOCUMENT, RDF.type, FOAF.Document)
    add(DOCUMENT, RDF.type, DCTERMS.BibliographicResource)
    add(DOCUMENT, DCTERMS.title, lit(title_text, "da"))
    add(DOCUMENT, RDFS.label, lit("Prohibited use of AI: emotion recognition at workplaces and "
                                  "education institutions (Danish leaflet)", "en"))
    add(DOCUMENT, RDFS.label, lit("Verboden gebruik van AI: emotieherkenning op werkplekken en in "
                                  "onderwijsinstellingen (Deense folder)", "nl"))
    add(DOCUMENT, DCTERMS.language, LANG_NAL.DAN)
    add(DOCUMENT, RDFS.comment, lit("The publishing authority is not named in the text.", "en"))
    add(DOCUMENT, PROV.wasDerivedFrom, sg.source)
    sg.describe_source("Danish leaflet on the ban of emotion recognition at work and in education", DEFECTS, DOCUMENT)
    if others:
        add(sg.source, RDFS.comment, lit(
            f"Lines {others[0][0].no}-{others[0][-1].no} are a second, OCR'd copy of lines "
            f"{clean[0].no}-{clean[-1].no}; the text is taken from the clean copy.", "en"))

    def span(ls: list[Line]) -> tuple[int, int]:
        return ls[0].no, ls[-1].no

    def unit(key: str, cls, parent, order: int, text: str, ls: list[Line], citation: str,
             title: str | None = None, title_lines: list[Line] | None = None):
        iri = URIRef(BASE + key)
        sg.unit(iri, cls, parent, order, None, text, span(ls), f"{CITE}, {citation}", title=title)
        if title_lines:
            add(iri, AIW.titleLine, integer(title_lines[0].no))
        for op in other_parts:
            match = _match(text, op, known)
            if match:
                add(iri, AIW.alsoPrintedLineStart, integer(match[0]))
                add(iri, AIW.alsoPrintedLineEnd, integer(match[1]))
        return iri

    unit("title", AIW.Title, DOCUMENT, 1, title_text, parts["title"], "title")
    unit("intro", AIW.Introduction, DOCUMENT, 2, join_lines(parts["intro"], known), parts["intro"], "introduction")
    why_heading = parts["why_heading"][0].stripped
    unit("why", AIW.Section, DOCUMENT, 3, join_lines(parts["why"], known), parts["why"], "why",
         title=why_heading, title_lines=parts["why_heading"])
    when = parts["when"]
    when_iri = unit("when", AIW.Section, DOCUMENT, 4, join_lines(when[1:], known), when[1:],
                    "when the ban applies", title=when[0].stripped, title_lines=when[:1])
    unit("condition_1", AIW.Condition, when_iri, 1, join_lines(parts["condition_1"], known),
         parts["condition_1"], "condition 1")
    unit("condition_2", AIW.Condition, when_iri, 2, join_lines(parts["condition_2"], known),
         parts["condition_2"], "condition 2")
    unit("exception", AIW.ExceptionClause, DOCUMENT, 5, join_lines(parts["exception"], known),
         parts["exception"], "exception")
    add(DOCUMENT, AIW.lineStart, integer(clean[0].no))
    add(DOCUMENT, AIW.lineEnd, integer(clean[-1].no))
    return sg


def _match(text: str, other: dict[str, list[Line]], known: set[str]) -> tuple[int, int] | None:
    """The lines of the part of the other copy that prints the same text (similarity >= 0.8)."""
    best, best_ratio = None, 0.0
    for key, ls in other.items():
        if key.endswith("heading"):
            continue
        candidate = join_lines(ls[1:] if key == "when" else ls, known)
        ratio = SequenceMatcher(None, text, candidate).ratio()
        if ratio > best_ratio:
            best, best_ratio = (ls[0].no, ls[-1].no), ratio
    return best if best_ratio >= 0.8 else None
