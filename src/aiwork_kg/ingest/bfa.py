"""The BFA report on AI and the working environment (dk-bfa-report-ai-work-environment-2024.da.txt)
-> data/dk/bfa-report.ttl.

Structure as printed: "RESUME" (an introduction, then "Maskinlæring" and "Generativ kunstig
intelligens", each an introduction and topics with bulleted findings "Label: text"), "FORORD",
"METODE" (with the list of experts), and "KAPITEL 1" to "KAPITEL 5", each with its title
printed twice (broken over lines on the chapter's title page, then whole) and its sections.
Chapter 2 applies the IGLOO model: its introduction lists the five levels ("1. Individniveau:
..."); its sections "Maskinlæring" and "Generativ kunstig intelligens" take the levels in turn
("Individ", "Gruppe", "Ledelse", "Organisation", "Omkringliggende kontekst"), each an introduction,
a bulleted list of findings, and for each finding its statement again as a heading followed by
its discussion. The report has no reference list: its references are the in-text citations
"(Author Year)", one ``ref_{n}`` per cited work in order of first citation.

Extraction defects repaired here: running heads and page numbers ("19kapitel ii: ..."),
the letters of the IGLOO figure printed one per line, bullet glyphs as private-use characters
and U+FFFD, a footnote ("1 \\ufffdForsimplet sagt ...") printed inside a hyphenated word, words
hyphenated across lines and page breaks, a space at the start of each page.

Section headings are located from the outline below (the headings as printed, in order); a
heading missing from the text is an error naming the file and where it was expected.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, PROV, RDF, RDFS, SDO, XSD

from ..errors import InputError
from ..namespaces import AGENT, AIW, CONCEPT, DOC, LANG_NAL
from .model import SourceGraph, integer, lit
from .text import Line, footnote_line, hyphenated_words, is_bullet, join_lines, normalise, read_lines, strip_bullet
from .text import blocks as text_blocks

FILE = "dk-bfa-report-ai-work-environment-2024.da.txt"
DOCUMENT = URIRef(str(DOC) + "dk-bfa-ai-work-environment-2024")
BASE = str(DOCUMENT) + "/"
CITE = "BFA report 2024"
#: the report's title (sources/README.md); printed in the text only as the running head
REPORT_TITLE = "Kunstig intelligens: muligheder og udfordringer for arbejdsmiljøet på de danske arbejdspladser"
DEFECTS = ("Text extracted from the PDF: running heads and page numbers inside the text "
           "('19kapitel ii: ...'), bullet glyphs as private-use characters and U+FFFD, the letters "
           "of the IGLOO figure one per line, chapter titles printed twice, a footnote printed in "
           "the middle of a hyphenated word, words hyphenated across lines and page breaks, a "
           "leading space at the start of each page, a two-column table flattened into lines.")

#: chapter number -> section headings as printed, each with its sub-headings
OUTLINE: dict[int, list[tuple[str, list[str]]]] = {
    1: [("Maskinlæring", []),
        ("Generativ kunstig intelligens: Et teknologisk paradigmeskift",
         ["Hvad er det for opgaver generativ KI kan løse?",
          "Generativ KI vender logikken for implementering på hovedet"]),
        ("Overblik over de to typer kunstig intelligens", [])],
    2: [("Maskinlæring", []), ("Generativ kunstig intelligens", [])],
    3: [("Agenter", ["Hyper automatisering", "Redefinering af opgaver", "Et arbejdsmarked i bevægelse"]),
        ("Alsidige Robotter", ["Intuitiv styring og læring", "Tillid og forståelse"])],
    4: [("Der er med generativ KI behov for at skabe sammenhæng mellem forretningen, teknologien og "
         "arbejdsmiljøproblematikker", []),
        ("Der er behov for at monitorere og potentielt adressere nye udfordringer ved generativ KI, "
         "f.eks. faglig dovenskab", []),
        ("Der er behov for en opdatering af f.eks. arbejdsmiljøpolitikker og arbejdsmiljødrøftelser, så "
         "arbejdspladserne bliver bedre klædt på til en stigende anvendelse af KI", [])],
    5: [("Spørgsmål og tematikker til maskinlæring", []),
        ("Spørgsmål og tematikker til generativ KI", []),
        ("Spørgsmål og tematikker til fremtidens KI-formater (agenter og robotter)", [])],
}
#: the IGLOO levels as the chapter 2 list names them -> concept slug
LEVELS = {"Individniveau": "individual", "Gruppeniveau": "group", "Ledelsesniveau": "leadership",
          "Organisationsniveau": "organisation", "Omkringliggende kontekst": "context"}
AI_TYPES = {"Maskinlæring": "ml", "Generativ kunstig intelligens": "genai"}
AI_TYPE_CONCEPT = {"ml": "machine-learning", "genai": "generative-ai"}
AI_TYPE_NAME = {"ml": "machine learning", "genai": "generative AI"}
CITATION_RE = re.compile(r"\(([A-ZÆØÅ][^()]*?)\s((?:19|20)\d{2})\)")
RUNNING_HEAD_RE = re.compile(r"^\d+\s*kapitel [ivxlc]+:", re.IGNORECASE)


@dataclass
class Part:
    key: str
    head: list[Line]
    lines: list[Line] = field(default_factory=list)


class BFAReport:
    def __init__(self, path: Path):
        self.path, self.name = path, str(path)
        self.sg = SourceGraph(FILE, "da")
        self.texts: list[tuple[URIRef, str, tuple[int, int]]] = []

    def err(self, msg: str, line: int | None = None) -> InputError:
        return InputError(self.name, msg, line=line)

    # -- pre-processing -------------------------------------------------------------------
    def preprocess(self, lines: list[Line]) -> list[Line]:
        """Blank out running heads, figure letters and footnotes (kept in self.footnotes)."""
        out: list[Line] = []
        self.removed: list[tuple[str, Line]] = []
        self.footnotes: list[tuple[int, list[Line]]] = []
        in_footnote = False
        for line in lines:
            t = line.stripped
            if in_footnote:
                if line.blank or line.text.startswith(" "):
                    in_footnote = False
                else:
                    self.footnotes[-1][1].append(line)
                    out.append(Line(line.no, ""))
                    continue
            if RUNNING_HEAD_RE.match(t) or normalise(t) == normalise(REPORT_TITLE):
                self.removed.append(("running head", line))
                out.append(Line(line.no, ""))
                continue
            if len(t) == 1 and t.isalpha() and t.isupper():
                self.removed.append(("figure", line))
                out.append(Line(line.no, ""))
                continue
            if "\ufffd" in t and re.match(r"^\d{1,2}\s*\ufffd", t):
                fn = footnote_line(t)
                assert fn is not None  # the pattern just matched is footnote_line's
                self.footnotes.append((fn[0], [line]))
                in_footnote = True
                out.append(Line(line.no, ""))
                continue
            out.append(line)
        return out

    # -- text helpers ---------------------------------------------------------------------
    def paragraphs(self, lines: list[Line]) -> list[list[Line]]:
        """Blank-separated blocks, merged across page breaks: a block that ends in a hyphen or
        without final punctuation continues in the next block if that starts in lower case."""
        merged: list[list[Line]] = []
        for b in text_blocks(lines):
            if merged:
                prev = merged[-1][-1].stripped
                first = b[0].stripped
                if first[:1].islower() and (prev.endswith("-") or prev[-1:] not in ".!?:"):
                    merged[-1] = merged[-1] + b
                    continue
            merged.append(b)
        return merged

    def render(self, lines: list[Line]) -> str:
        """Running text of some lines: paragraphs separated by blank lines, bullets as "• " items."""
        out: list[str] = []
        for para in self.paragraphs(lines):
            items: list[list[str]] = []
            for ln in para:
                bullet, text = strip_bullet(ln.text)
                if bullet or not items:
                    items.append([("• " if bullet else "") + text])
                else:
                    items[-1].append(text)
            out.append("\n".join(join_lines(i, self.known) for i in items))
        return "\n\n".join(o for o in out if o)

    @staticmethod
    def span(lines: list[Line]) -> tuple[int, int]:
        nos = [ln.no for ln in lines if not ln.blank]
        return (min(nos), max(nos)) if nos else (lines[0].no, lines[0].no)

    def find_heading(self, lines: list[Line], start: int, heading: str, where: str) -> tuple[int, int]:
        """Indexes (i, j) of the lines lines[i:j] that print `heading` (possibly over several
        lines with blank lines between), searching from `start`."""
        want = normalise(heading)
        for i in range(start, len(lines)):
            if lines[i].blank:
                continue
            got: list[Line] = []
            j = i
            while j < len(lines) and len(got) < 4:
                if not lines[j].blank:
                    got.append(lines[j])
                    joined = normalise(join_lines(got, self.known))
                    if joined == want:
                        return i, j + 1
                    if not want.startswith(joined.rstrip("-")):
                        break
                j += 1
        raise self.err(f"heading {heading!r} ({where}) not found after this line",
                       lines[start].no if start < len(lines) else None)

    def unit(self, path: str, cls, parent: URIRef, order: int, number: str | None, text: str | None,
             span: tuple[int, int], cite: str, title: str | None = None) -> URIRef:
        iri = self.sg.unit(URIRef(BASE + path), cls, parent, order, number, text or None, span,
                           f"{CITE}, {cite}", title=title)
        if text:
            self.texts.append((iri, text, span))
        return iri

    # -- the report -----------------------------------------------------------------------
    def build(self) -> SourceGraph:
        raw = read_lines(self.path)
        self.known = hyphenated_words(raw)
        lines = self.preprocess(raw)
        parts = self.split_parts(lines)
        self.describe_document(raw)
        for order, part in enumerate(parts, start=1):
            if part.key == "summary":
                self.summary(part, order)
            elif part.key in ("foreword", "method"):
                self.simple_part(part, order)
            else:
                self.chapter(part, order)
        self.footnote_units()
        self.references()
        return self.sg

    def split_parts(self, lines: list[Line]) -> list[Part]:
        parts: list[Part] = []
        i = 0
        while i < len(lines):
            t = lines[i].stripped
            m = re.fullmatch(r"KAPITEL (\d+)", t)
            if t in ("RESUME", "FORORD", "METODE"):
                key = {"RESUME": "summary", "FORORD": "foreword", "METODE": "method"}[t]
                parts.append(Part(key, [lines[i]]))
            elif m:
                head = [lines[i]]
                j = i + 1
                while j < len(lines) and not lines[j].blank and lines[j].stripped.upper() == lines[j].stripped:
                    head.append(lines[j])
                    j += 1
                parts.append(Part(f"chapter_{m.group(1)}", head))
                i = j
                continue
            elif parts:
                parts[-1].lines.append(lines[i])
            elif not lines[i].blank:
                raise self.err("expected 'RESUME' at the start of the report", lines[i].no)
            i += 1
        keys = [p.key for p in parts]
        expected = ["summary", "foreword", "method"] + [f"chapter_{n}" for n in range(1, len(OUTLINE) + 1)]
        if keys != expected:
            raise self.err(f"expected the parts {expected}, found {keys}")
        return parts

    def describe_document(self, raw: list[Line]) -> None:
        sg, add = self.sg, self.sg.add
        add(DOCUMENT, RDF.type, AIW.SourceDocument)
        add(DOCUMENT, RDF.type, FOAF.Document)
        add(DOCUMENT, RDF.type, DCTERMS.BibliographicResource)
        add(DOCUMENT, DCTERMS.title, lit(REPORT_TITLE, "da"))
        add(DOCUMENT, RDFS.label, lit("Artificial intelligence: opportunities and challenges for the working "
                                      "environment at Danish workplaces (BFA report, 2024)", "en"))
        add(DOCUMENT, RDFS.label, lit("Kunstmatige intelligentie: kansen en uitdagingen voor de "
                                      "arbeidsomstandigheden op Deense werkplekken (BFA-rapport, 2024)", "nl"))
        add(DOCUMENT, DCTERMS.language, LANG_NAL.DAN)
        add(DOCUMENT, DCTERMS.creator, AGENT["daredisrupt"])
        add(DOCUMENT, DCTERMS.contributor, AGENT["bfa"])
        add(DOCUMENT, DCTERMS.contributor, AGENT["arbejdsmiljoraadet"])
        add(DOCUMENT, PROV.wasDerivedFrom, sg.source)
        add(DOCUMENT, AIW.lineStart, integer(raw[0].no))
        add(DOCUMENT, AIW.lineEnd, integer(raw[-1].no))
        sg.describe_source("BFA report on AI and the working environment (text extracted from the PDF)",
                           DEFECTS, DOCUMENT)
        for kind, line in self.removed:
            if kind == "running head":
                add(sg.source, AIW.runningHeadLine, integer(line.no))
        # place and date of the foreword's signature: "København, september 2024"
        for ln in raw:
            m = re.fullmatch(r"København, (\w+) (\d{4})", ln.stripped)
            if m:
                from .text import MONTHS
                add(DOCUMENT, DCTERMS.issued, Literal(f"{m.group(2)}-{MONTHS[m.group(1).lower()]:02d}",
                                                      datatype=XSD.gYearMonth))

    # -- summary --------------------------------------------------------------------------
    def summary(self, part: Part, order: int) -> None:
        lines = part.lines
        heads = {}
        pos = 0
        for name in AI_TYPES:
            i, j = self.find_heading(lines, pos, name, "summary")
            heads[name] = (i, j)
            pos = j
        (ml_i, _), (ga_i, _) = heads["Maskinlæring"], heads["Generativ kunstig intelligens"]
        intro = lines[:ml_i]
        summary = self.unit("summary", AIW.Summary, DOCUMENT, order, None, self.render(intro),
                            (part.head[0].no, self.span(lines)[1]), "summary", title=part.head[0].stripped)
        for k, (key, (i, j), end) in enumerate((("ml", heads["Maskinlæring"], ga_i),
                                                ("genai", heads["Generativ kunstig intelligens"], len(lines))),
                                               start=1):
            self.sub_summary(summary, key, k, lines[i:j], lines[j:end])

    def sub_summary(self, summary: URIRef, key: str, order: int, head: list[Line], body: list[Line]) -> None:
        """Introduction, then topics: a heading line followed by bullets "Label: text"."""
        nonblank = [ln for ln in body if not ln.blank]
        first_bullet = next((k for k, ln in enumerate(nonblank) if is_bullet(ln.text)), None)
        if first_bullet is None or first_bullet < 1:
            raise self.err(f"expected topics with bulleted findings in the summary's part "
                           f"{head[0].stripped!r}", head[0].no)
        # the topic heading is the line before the first bullet
        intro_lines = nonblank[: first_bullet - 1]
        iri = self.unit(f"summary/{key}", AIW.Summary, summary, order, None,
                        self.render([ln for ln in body if intro_lines and ln.no <= intro_lines[-1].no]),
                        (head[0].no, self.span(body)[1]), f"summary, {AI_TYPE_NAME[key]}",
                        title=head[0].stripped)
        self.sg.add(iri, AIW.aiType, CONCEPT[f"bfa-ai-type/{AI_TYPE_CONCEPT[key]}"])
        topics: list[tuple[Line, list[list[Line]]]] = []
        rest = nonblank[first_bullet - 1:]
        for k, ln in enumerate(rest):
            nxt = rest[k + 1] if k + 1 < len(rest) else None
            t = ln.stripped
            if is_bullet(ln.text):
                topics[-1][1].append([ln])
            elif nxt is not None and is_bullet(nxt.text) and (t.endswith(":") or t[-1] not in ".,;!?"):
                topics.append((ln, []))
            else:
                if not topics or not topics[-1][1]:
                    raise self.err("expected a topic heading followed by bullets", ln.no)
                topics[-1][1][-1].append(ln)
        for n, (heading, bullets) in enumerate(topics, start=1):
            title = heading.stripped.rstrip(":").strip()
            all_lines = [heading] + [ln for b in bullets for ln in b]
            topic = self.unit(f"summary/{key}/topic_{n}", AIW.Section, iri, n, None, None, self.span(all_lines),
                              f"summary, {AI_TYPE_NAME[key]}, topic {n}", title=title)
            for m, bullet in enumerate(bullets, start=1):
                text = join_lines([strip_bullet(ln.text)[1] for ln in bullet], self.known)
                label = text.split(": ", 1)[0] if ": " in text else None
                f = self.unit(f"summary/{key}/topic_{n}/finding_{m}", AIW.Finding, topic, m, None, text,
                              self.span(bullet), f"summary, {AI_TYPE_NAME[key]}, topic {n}, finding {m}",
                              title=label)
                self.sg.add(f, AIW.aiType, CONCEPT[f"bfa-ai-type/{AI_TYPE_CONCEPT[key]}"])
                if label and re.match(r"^Positiv\b", label):
                    self.sg.add(f, AIW.polarity, CONCEPT["polarity/positive"])
                elif label and re.match(r"^(Negativ|Risiko)\b", label):
                    self.sg.add(f, AIW.polarity, CONCEPT["polarity/negative"])

    def simple_part(self, part: Part, order: int) -> None:
        cls = {"foreword": AIW.Foreword, "method": AIW.Section}[part.key]
        lines = part.lines
        text = self.render(lines)
        iri = self.unit(part.key, cls, DOCUMENT, order, None, text,
                        (part.head[0].no, self.span(lines)[1]), part.key, title=part.head[0].stripped)
        if part.key == "method":
            experts = [ln for ln in lines if is_bullet(ln.text)]
            for n, ln in enumerate(experts, start=1):
                self.unit(f"method/expert_{n}", AIW.ListItem, iri, n, None, strip_bullet(ln.text)[1],
                          (ln.no, ln.no), f"method, expert {n}")

    # -- chapters -------------------------------------------------------------------------
    def chapter(self, part: Part, order: int) -> None:
        n = int(part.key.split("_")[1])
        words = " ".join(ln.stripped for ln in part.head[1:]).split()
        half = len(words) // 2
        if len(words) % 2 or words[:half] != words[half:]:
            raise self.err(f"expected the title of chapter {n} printed twice after 'KAPITEL {n}'",
                           part.head[0].no)
        title = " ".join(words[:half])
        lines = part.lines
        pos = 0
        found = []
        for heading, subs in OUTLINE[n]:
            i, j = self.find_heading(lines, pos, heading, f"chapter {n}")
            sub_found = []
            p = j
            for sub in subs:
                si, sj = self.find_heading(lines, p, sub, f"chapter {n}, section {heading!r}")
                sub_found.append((sub, si, sj))
                p = sj
            found.append((heading, i, j, sub_found))
            pos = p
        intro = lines[: found[0][1]] if found else lines
        ch = self.unit(part.key, AIW.Chapter, DOCUMENT, order, str(n),
                       self.render(intro) if n != 2 else self.render(self.chapter2_intro(intro)),
                       (part.head[0].no, self.span(lines)[1]), f"chapter {n}", title=title)
        if n == 2:
            self.igloo_levels(ch, intro)
        for m, (_heading, i, j, sub_spans) in enumerate(found, start=1):
            end = found[m][1] if m < len(found) else len(lines)
            body_end = sub_spans[0][1] if sub_spans else end
            head_text = join_lines(lines[i:j], self.known)
            sec_path = f"{part.key}/section_{m}"
            if n == 2:
                sec = self.unit(sec_path, AIW.Section, ch, m, None, None, self.span(lines[i:end]),
                                f"chapter 2, section {m}", title=head_text)
                self.igloo_section(sec, AI_TYPES[head_text], lines[j:end])
                continue
            sec = self.unit(sec_path, AIW.Section, ch, m, None, self.render(lines[j:body_end]),
                            self.span(lines[i:end]), f"chapter {n}, section {m}", title=head_text)
            if n == 5:
                self.sg.add(sec, RDF.type, AIW.OpenQuestion)
            for k, (_sub, si, sj) in enumerate(sub_spans, start=1):
                s_end = sub_spans[k][1] if k < len(sub_spans) else end
                self.unit(f"{sec_path}/subsection_{k}", AIW.Section, sec, k, None, self.render(lines[sj:s_end]),
                          self.span(lines[si:s_end]), f"chapter {n}, section {m}, subsection {k}",
                          title=join_lines(lines[si:sj], self.known))

    def chapter2_intro(self, intro: list[Line]) -> list[Line]:
        """The chapter's introduction without the figure caption "IGLOO-MODELLEN"."""
        return [ln if ln.stripped != "IGLOO-MODELLEN" else Line(ln.no, "") for ln in intro]

    def igloo_levels(self, chapter: URIRef, intro: list[Line]) -> None:
        """The IGLOO model and its five levels, from the numbered list in chapter 2's introduction."""
        caption = next((ln for ln in intro if ln.stripped == "IGLOO-MODELLEN"), None)
        paras = self.paragraphs(self.chapter2_intro(intro))
        model_para = next((p for p in paras if any("IGLOO-modellen" in ln.text for ln in p)), None)
        if model_para is None:
            raise self.err("expected the paragraph introducing the IGLOO model in chapter 2", intro[0].no)
        igloo = self.unit("igloo", AIW.SourceUnit, chapter, 1, None, join_lines(model_para, self.known),
                          self.span(model_para), "IGLOO model",
                          title=caption.stripped if caption else None)
        items: list[tuple[str, list[Line]]] = []
        for ln in intro:
            m = re.match(r"^(\d)\.\s+(.+)$", ln.stripped)
            if m:
                items.append((m.group(1), [ln]))
            elif items and not ln.blank and ln.stripped != "IGLOO-MODELLEN":
                items[-1][1].append(ln)
        if len(items) != len(LEVELS):
            raise self.err(f"expected {len(LEVELS)} IGLOO levels in chapter 2's list, found {len(items)}",
                           intro[0].no)
        self.level_heading: dict[str, str] = {}
        for number, ls in items:
            text = join_lines([re.sub(r"^\d\.\s+", "", ls[0].stripped)] + [ln.text for ln in ls[1:]], self.known)
            label, body = text.split(":", 1)
            label = label.strip()
            if label not in LEVELS:
                raise self.err(f"unknown IGLOO level {label!r}: expected one of {list(LEVELS)}", ls[0].no)
            slug = LEVELS[label]
            iri = self.unit(f"igloo/{slug}", AIW.SourceUnit, igloo, int(number), f"{number}.", body.strip(),
                            self.span(ls), f"IGLOO level {number} ({slug})", title=label)
            self.sg.add(iri, AIW.iglooLevel, CONCEPT[f"igloo-level/{slug}"])
            # the sections print the level as "Individ", "Gruppe" ... ("-niveau" dropped)
            self.level_heading[slug] = re.sub(r"s?niveau$", "", label)

    def igloo_section(self, section: URIRef, key: str, lines: list[Line]) -> None:
        """The levels of one AI type in chapter 2: introduction, bullets, discussions."""
        pos = 0
        found = []
        for slug, heading in self.level_heading.items():
            i = next((k for k in range(pos, len(lines)) if lines[k].stripped == heading), None)
            if i is None:
                raise self.err(f"IGLOO level heading {heading!r} not found in chapter 2 ({AI_TYPE_NAME[key]})",
                               lines[pos].no if pos < len(lines) else None)
            found.append((slug, heading, i))
            pos = i + 1
        intro = lines[: found[0][2]]
        self.sg.add(section, AIW.text, lit(self.render(intro), "da"))
        self.sg.add(section, AIW.aiType, CONCEPT[f"bfa-ai-type/{AI_TYPE_CONCEPT[key]}"])
        for k, (slug, _heading, i) in enumerate(found):
            end = found[k + 1][2] if k + 1 < len(found) else len(lines)
            self.igloo_level(section, key, slug, k + 1, lines[i], lines[i + 1:end])

    def igloo_level(self, section: URIRef, key: str, slug: str, order: int, head: Line, body: list[Line]) -> None:
        nonblank = [ln for ln in body if not ln.blank]
        first = next((k for k, ln in enumerate(nonblank) if is_bullet(ln.text)), None)
        if first is None:
            raise self.err(f"no bulleted findings under {head.stripped!r}", head.no)
        intro = nonblank[:first]
        # bullets: each runs until its text ends with a full stop
        bullets: list[list[Line]] = []
        k = first
        while k < len(nonblank):
            ln = nonblank[k]
            if is_bullet(ln.text):
                bullets.append([ln])
            elif bullets and not join_lines([strip_bullet(x.text)[1] for x in bullets[-1]], self.known).endswith("."):
                bullets[-1].append(ln)
            else:
                break
            k += 1
        after = [ln for ln in body if ln.no > bullets[-1][-1].no]
        intro_text = join_lines(intro, self.known)
        path = f"igloo/{slug}/{key}"
        level = self.unit(path, AIW.SourceUnit, section, order, None, intro_text, self.span([head] + body),
                          f"IGLOO level {slug}, {AI_TYPE_NAME[key]}", title=head.stripped)
        self.sg.add(level, AIW.iglooLevel, CONCEPT[f"igloo-level/{slug}"])
        self.sg.add(level, AIW.aiType, CONCEPT[f"bfa-ai-type/{AI_TYPE_CONCEPT[key]}"])
        statements = [join_lines([strip_bullet(x.text)[1] for x in b], self.known) for b in bullets]
        polarity = self.polarities(intro_text, statements)
        # each statement is printed again as the heading of its discussion
        heads = []
        pos = 0
        for s in statements:
            best = self.best_heading(after, pos, s)
            if best is None:
                raise self.err(f"the discussion of the finding {s!r} was not found under {head.stripped!r}",
                               bullets[0][0].no)
            heads.append(best)
            pos = best[1]
        for n, (statement, bullet, (hi, hj)) in enumerate(zip(statements, bullets, heads, strict=True), start=1):
            end = heads[n][0] if n < len(heads) else len(after)
            f = self.unit(f"{path}/finding_{n}", AIW.Finding, level, n, None, statement, self.span(bullet),
                          f"IGLOO level {slug}, {AI_TYPE_NAME[key]}, finding {n}")
            self.sg.add(f, AIW.iglooLevel, CONCEPT[f"igloo-level/{slug}"])
            self.sg.add(f, AIW.aiType, CONCEPT[f"bfa-ai-type/{AI_TYPE_CONCEPT[key]}"])
            if polarity[n - 1]:
                self.sg.add(f, AIW.polarity, CONCEPT[f"polarity/{polarity[n - 1]}"])
            self.unit(f"{path}/finding_{n}/discussion", AIW.Section, f, 1, None, self.render(after[hj:end]),
                      self.span(after[hi:end]), f"IGLOO level {slug}, {AI_TYPE_NAME[key]}, finding {n}, discussion",
                      title=join_lines(after[hi:hj], self.known))

    @staticmethod
    def polarities(intro: str, statements: list[str]) -> list[str | None]:
        """Polarity where the text states it. "følgende positive og negative påvirkninger" with two
        findings: the report lists the positive one first (the summary confirms it for every such
        level); "både kan være positive og negative": each finding is mixed; otherwise none."""
        if re.search(r"både kan være positive og negative", intro):
            return ["mixed"] * len(statements)
        if re.search(r"følgende positive og negative påvirkninger", intro) and len(statements) == 2:
            return ["positive", "negative"]
        return [None] * len(statements)

    def best_heading(self, lines: list[Line], start: int, statement: str) -> tuple[int, int] | None:
        want = normalise(statement)
        best, best_ratio = None, 0.0
        for i in range(start, len(lines)):
            if lines[i].blank:
                continue
            got: list[Line] = []
            for j in range(i, min(i + 5, len(lines))):
                if lines[j].blank:
                    break
                got.append(lines[j])
                ratio = SequenceMatcher(None, want, normalise(join_lines(got, self.known))).ratio()
                if ratio > best_ratio:
                    best, best_ratio = (i, j + 1), ratio
            if best_ratio > 0.97:
                break
        return best if best_ratio >= 0.85 else None

    # -- footnotes and references ---------------------------------------------------------
    def footnote_units(self) -> None:
        for n, ls in self.footnotes:
            fn = footnote_line(ls[0].stripped)
            assert fn is not None  # preprocess() collected the line as a footnote
            text = join_lines([fn[1]] + [ln.text for ln in ls[1:]], self.known)

            # the most specific unit printed around the footnote whose text holds the marker
            # (a word followed directly by the number: "eksponeres1")
            owner = None
            for iri, t, span in sorted(self.texts, key=lambda x: x[2]):
                if span[0] <= ls[0].no <= span[1] and re.search(rf"[^\W\d_]{n}\b", t):
                    owner = iri
            if owner is None:
                raise self.err(f"footnote {n}: no marker found", ls[0].no)
            iri = self.unit(f"footnote_{n}", AIW.Footnote, owner, n, str(n), text, self.span(ls), f"footnote {n}")
            self.sg.add(owner, AIW.hasFootnote, iri)
            self.remove_marker(owner, n)

    def remove_marker(self, iri: URIRef, n: int) -> None:
        g = self.sg.graph
        for o in list(g.objects(iri, AIW.text)):
            new = re.sub(rf"(?<=[^\W\d_]){n}\b", "", str(o), count=1)
            g.remove((iri, AIW.text, o))
            g.add((iri, AIW.text, lit(new, "da")))
        self.texts = [(i, re.sub(rf"(?<=[^\W\d_]){n}\b", "", t, count=1) if i == iri else t, s)
                      for i, t, s in self.texts]

    def references(self) -> None:
        """One ``ref_{n}`` per work cited in the text "(Author Year)", in order of first citation."""
        raw = read_lines(self.path)
        occurrences = []
        for iri, text, span in self.texts:
            for m in CITATION_RE.finditer(text):
                author = re.sub(r"^(se f\.eks\.\s*)", "", m.group(1)).strip()
                year = m.group(2)
                first_word = author.split()[0].rstrip("-")
                line = next((ln.no for ln in raw if span[0] <= ln.no <= span[1] and first_word in ln.text), span[0])
                occurrences.append((line, m.start(), str(iri), iri, author, year))
        refs: dict[str, URIRef] = {}
        for line, _, _, iri, author, year in sorted(occurrences):
            key = normalise(author).replace(" og ", " and ") + " " + year
            if key not in refs:
                n = len(refs) + 1
                ref = self.unit(f"ref_{n}", [AIW.BibliographicReference, DCTERMS.BibliographicResource],
                                DOCUMENT, n, None, f"{author} {year}", (line, line), f"reference {n}")
                self.sg.add(ref, SDO.author, Literal(author))
                self.sg.add(ref, DCTERMS.date, Literal(year, datatype=XSD.gYear))
                refs[key] = ref
            self.sg.add(iri, DCTERMS.references, refs[key])


def build(sources: Path) -> SourceGraph:
    return BFAReport(sources / FILE).build()
