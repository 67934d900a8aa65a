"""The coalition's response to the AP call (nl-amnesty-coalition-response-2024.nl.txt)
-> data/nl/coalition-response.ttl.

A letter: letterhead, "Aan:" (addressee), "Datum:", "Betreff:" (subject, two lines), "Namens:"
(the signatories), "Beste," then the body paragraphs until "Met vriendelijke groet,". The body
is broken by a page with footnotes 1-4 in the middle of a sentence; footnotes 5-8 follow the
closing. Units: ``letterhead``, ``addressee``, ``subject``, ``date_{iso}``, ``signatory_{n}``,
``intro`` (first body paragraph), ``position`` (second: the recommendation of a ban),
``ground_{n}`` (the following paragraphs, each arguing a ground), ``footnote_{n}`` and
``cited_{n}`` (the work footnote n cites, with its URL as data; never fetched).
"""
from __future__ import annotations

import re
from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SDO, XSD

from ..errors import InputError
from ..namespaces import AGENT, AIW, DOC, LANG_NAL
from .agents import agent_for_name
from .model import SourceGraph, date, integer, lit
from .text import Line, footnote_line, read_lines, strip_markdown, strip_superscripts, superscript_markers

FILE = "nl-amnesty-coalition-response-2024.nl.txt"
DOCUMENT = URIRef(str(DOC) + "nl-amnesty-coalition-response-2024")
BASE = str(DOCUMENT) + "/"
CITE = "Coalition response to AP DCA-2024-02"
AP_CALL = URIRef(str(DOC) + "nl-ap-dca-2024-02")
DEFECTS = ("A letter converted to text: the letterhead as separate lines, footnote markers as "
           "superscript digits, footnotes 1-4 printed in the middle of a sentence that continues "
           "after them (a page break), markdown italics and angle-bracketed URLs in the footnotes.")
URL_RE = re.compile(r"<?(https?://[^\s>]+?)>?(?=[\s,]|\.?$)")


def parse_reference(text: str) -> dict:
    """Author, title, year and URL of a footnote's cited work, as printed (fields may be missing)."""
    out: dict = {}
    m = URL_RE.search(text)
    if m:
        out["url"] = m.group(1).rstrip(".")
    rest = URL_RE.sub("", text).strip().rstrip(",. ")
    q = re.search(r"[\"“](.+?)[\"”]", rest)
    if q:
        out["title"] = q.group(1).strip().rstrip(",.").strip()
        before = rest[: q.start()].strip().rstrip(",").strip()
        if before:
            out["author"] = before
        y = re.search(r"\b(19|20)\d{2}\b", rest[q.end():])
        if y:
            out["year"] = y.group(0)
    else:
        m = re.match(r"^(.+?) \(((?:19|20)\d{2})\)\. (.+?)\. (.+?)\.", rest)
        if m:
            out.update(author=m.group(1), year=m.group(2), title=m.group(3), container=m.group(4))
    return out


def build(sources: Path) -> SourceGraph:
    path = sources / FILE
    name = str(path)
    lines = read_lines(path)
    sg = SourceGraph(FILE, "nl")
    add = sg.add

    def find(prefix: str) -> Line:
        for ln in lines:
            if ln.stripped.startswith(prefix):
                return ln
        raise InputError(name, f"expected a line starting with {prefix!r}")

    aan, datum, betreff, namens = find("Aan:"), find("Datum:"), find("Betreff:"), find("Namens:")
    greeting, closing = find("Beste"), find("Met vriendelijke groet")
    m = re.fullmatch(r"Datum:\s*(\d{1,2})/(\d{1,2})/(\d{4})", datum.stripped)
    if not m:
        raise InputError(name, "expected 'Datum: dd/mm/yyyy'", line=datum.no)
    issued = f"{int(m.group(3)):04d}-{int(m.group(2)):02d}-{int(m.group(1)):02d}"

    # the document
    subject_lines = [betreff] + [ln for ln in lines if betreff.no < ln.no < namens.no and not ln.blank]
    subject = " ".join([betreff.stripped.split(":", 1)[1].strip()] + [ln.stripped for ln in subject_lines[1:]])
    add(DOCUMENT, RDF.type, AIW.SourceDocument)
    add(DOCUMENT, RDF.type, FOAF.Document)
    add(DOCUMENT, RDF.type, DCTERMS.BibliographicResource)
    add(DOCUMENT, DCTERMS.title, lit(f"Reactie op: {subject}", "nl"))
    add(DOCUMENT, RDFS.label, lit("Response of Amnesty International and a coalition to the AP call "
                                  "for input on emotion recognition (16 December 2024)", "en"))
    add(DOCUMENT, RDFS.label, lit("Svar fra Amnesty International og en koalition på AP's indkaldelse "
                                  "af input om følelsesgenkendelse (16. december 2024)", "da"))
    add(DOCUMENT, DCTERMS.issued, date(issued))
    add(DOCUMENT, DCTERMS.language, LANG_NAL.NLD)
    add(DOCUMENT, DCTERMS.creator, AGENT["amnesty-international-nederland"])
    add(DOCUMENT, PROV.wasDerivedFrom, sg.source)
    add(DOCUMENT, AIW.lineStart, integer(next(ln for ln in lines if not ln.blank).no))
    add(DOCUMENT, AIW.lineEnd, integer(lines[-1].no))
    sg.describe_source("Coalition response to the AP call for input (Amnesty International Nederland, "
                       "16 December 2024)", DEFECTS, DOCUMENT)

    head = [ln for ln in lines if ln.no < aan.no and not ln.blank]
    sg.unit(URIRef(BASE + "letterhead"), AIW.SourceUnit, DOCUMENT, 1, None,
            "\n".join(ln.stripped for ln in head), (head[0].no, head[-1].no), f"{CITE}, letterhead")
    addressee_text = aan.stripped.split(":", 1)[1].strip()
    addr = sg.unit(URIRef(BASE + "addressee"), AIW.SourceUnit, DOCUMENT, 2, None, addressee_text,
                   (aan.no, aan.no), f"{CITE}, addressee")
    for part in [p.strip() for p in addressee_text.split(",")]:
        add(addr, DCTERMS.references, agent_for_name(part, name, aan.no))
    d = sg.unit(URIRef(BASE + f"date_{issued}"), AIW.DateStatement, DOCUMENT, 3,
                datum.stripped.split(":", 1)[1].strip(), datum.stripped, (datum.no, datum.no), f"{CITE}, date")
    add(d, DCTERMS.date, date(issued))
    for lang, label in (("en", "date of the response"), ("da", "svarets dato"), ("nl", "datum van de reactie")):
        add(d, DCTERMS.description, lit(label, lang))
    subj = sg.unit(URIRef(BASE + "subject"), AIW.SourceUnit, DOCUMENT, 4, None, subject,
                   (subject_lines[0].no, subject_lines[-1].no), f"{CITE}, subject")
    add(subj, DCTERMS.references, AP_CALL)

    # signatories
    names = [n.strip() for n in namens.stripped.split(":", 1)[1].split(",") if n.strip()]
    for k, signatory in enumerate(names, start=1):
        ag = agent_for_name(signatory, name, namens.no)
        iri = sg.unit(URIRef(BASE + f"signatory_{k}"), AIW.Signatory, DOCUMENT, k, None, signatory,
                      (namens.no, namens.no), f"{CITE}, signatory {k}")
        add(iri, DCTERMS.references, ag)
        add(DOCUMENT, DCTERMS.contributor, ag)

    # body paragraphs (footnote lines taken out; a paragraph without final punctuation continues)
    footnotes: list[tuple[int, str, Line]] = []
    paragraphs: list[list[Line]] = []
    open_para = False
    for ln in lines:
        if ln.no <= greeting.no or ln.blank:
            continue
        fn = footnote_line(ln.stripped)
        if fn:
            footnotes.append((fn[0], fn[1], ln))
            continue
        if ln.no >= closing.no:
            continue
        if open_para:
            paragraphs[-1].append(ln)
        else:
            paragraphs.append([ln])
        open_para = not re.search(r"[.!?][¹²³⁴⁵⁶⁷⁸⁹⁰]*$", ln.stripped)
    if len(paragraphs) < 3:
        raise InputError(name, "expected an introduction, the position and at least one ground "
                         "between 'Beste,' and 'Met vriendelijke groet,'", line=greeting.no)
    keys = ["intro", "position"] + [f"ground_{k}" for k in range(1, len(paragraphs) - 1)]
    classes = {"intro": AIW.Introduction, "position": AIW.Position}
    marker_owner: dict[int, URIRef] = {}
    for k, (key, para) in enumerate(zip(keys, paragraphs, strict=True), start=1):
        raw = " ".join(ln.stripped for ln in para)
        text = strip_superscripts(strip_markdown(raw))
        cite = key.replace("_", " ")
        iri = sg.unit(URIRef(BASE + key), classes.get(key, AIW.Ground), DOCUMENT, k, None, text,
                      (para[0].no, para[-1].no), f"{CITE}, {cite}")
        for marker in superscript_markers(raw):
            marker_owner[marker] = iri

    # footnotes and the works they cite
    nums = [n for n, _, _ in footnotes]
    if nums != list(range(1, len(nums) + 1)):
        raise InputError(name, f"footnotes are not numbered 1..{len(nums)}: {nums}",
                         line=footnotes[0][2].no if footnotes else None)
    seen: dict[tuple, URIRef] = {}
    for n, text, line in footnotes:
        owner = marker_owner.get(n)
        if owner is None:
            raise InputError(name, f"footnote {n} has no marker in the body", line=line.no)
        clean = strip_markdown(text)
        # the footnotes are bibliographic entries in English (titles, "Available at", "[online]")
        fn_iri = sg.unit(URIRef(BASE + f"footnote_{n}"), AIW.Footnote, owner, n, line.stripped[0], clean,
                         (line.no, line.no), f"{CITE}, footnote {n}", lang="en")
        add(owner, AIW.hasFootnote, fn_iri)
        ref = parse_reference(clean)
        if not ref:
            raise InputError(name, f"footnote {n}: no author, title or URL found", line=line.no)
        cited = sg.unit(URIRef(BASE + f"cited_{n}"), [AIW.BibliographicReference, DCTERMS.BibliographicResource],
                        fn_iri, 1, None, clean, (line.no, line.no), f"{CITE}, work cited in footnote {n}",
                        lang="en")
        add(fn_iri, DCTERMS.references, cited)
        if "title" in ref:
            add(cited, DCTERMS.title, lit(ref["title"], "en"))
        if "author" in ref:
            add(cited, SDO.author, Literal(ref["author"]))
        if "year" in ref:
            add(cited, DCTERMS.date, Literal(ref["year"], datatype=XSD.gYear))
        if "container" in ref:
            add(cited, SDO.isPartOf, Literal(ref["container"]))
        if "url" in ref:
            add(cited, SDO.url, URIRef(ref["url"]))
            add(cited, DCTERMS.identifier, Literal(ref["url"], datatype=XSD.anyURI))
        work = (ref.get("author"), ref.get("title"))
        if work[1] and work in seen:
            add(cited, OWL.sameAs, seen[work])
            add(cited, RDFS.comment, lit(f"The same work as footnote {str(seen[work]).rsplit('_', 1)[1]} "
                                         "cites (same author and title).", "en"))
        else:
            seen[work] = cited

    return sg
