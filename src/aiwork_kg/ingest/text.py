"""Text utilities shared by the source parsers: reading lines, repairing extraction defects.

The source texts (sources/README.md) were extracted from PDFs. The defects are repaired here,
in code, never by editing the texts:

- words hyphenated across line breaks ("arbejds-\\npladser"), possibly with blank lines, a
  page break or a footnote between the two halves;
- running heads, footers and page numbers inside the text (the BFA report);
- bullet glyphs lost or turned into private-use characters or U+FFFD;
- U+2028 line separators and no-break spaces (the leaflet);
- footnote markers: superscript digits (¹ ... ⁹) or plain digits glued to a word ("eksponeres1");
- markdown emphasis and links kept from the conversion ("**lead**", "*term*", "[text](#)").
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError

SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
SUPERSCRIPT_VALUE = {c: i for i, c in enumerate(SUPERSCRIPTS)}
#: words after a line-end hyphen that mark a suspended compound ("teknologi- og forretningsforståelse")
CONJUNCTIONS = {"og", "eller", "samt", "en", "of", "and", "or", "tot", "als"}
BULLET_RE = re.compile(r"^\s*(?:[\ue000-\uf8ff]\s*)?(?:\ufffd+|[•▪●◦·])\s*")
TERMINAL = ".!?;:\"”'’)"


@dataclass(frozen=True)
class Line:
    """One line of a source file: its 1-based number and its cleaned text."""

    no: int
    text: str

    @property
    def blank(self) -> bool:
        return not self.text.strip()

    @property
    def stripped(self) -> str:
        return self.text.strip()


def clean_line(raw: str) -> str:
    """Drop U+2028/U+2029 separators and the BOM, turn no-break spaces into spaces, strip the end."""
    return (raw.replace("\u2028", "").replace("\u2029", "").replace("\ufeff", "")
            .replace("\u00a0", " ").replace("\r", "").rstrip())


def read_lines(path: Path) -> list[Line]:
    """The lines of a UTF-8 text file, numbered from 1. Split on LF only (the leaflet holds
    U+2028 characters, which ``str.splitlines`` would wrongly treat as line breaks)."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(str(path), "no such source file") from None
    except IsADirectoryError:
        raise InputError(str(path), "is a folder, expected a source text file") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(str(path), f"not valid UTF-8 ({exc.reason})", line=line) from None
    raws = text.split("\n")
    if raws and raws[-1] == "":
        raws.pop()
    return [Line(i + 1, clean_line(r)) for i, r in enumerate(raws)]


def blocks(lines: list[Line]) -> list[list[Line]]:
    """The blank-separated blocks of `lines`, in order, without the blank lines."""
    out: list[list[Line]] = []
    cur: list[Line] = []
    for line in lines:
        if line.blank:
            if cur:
                out.append(cur)
            cur = []
        else:
            cur.append(line)
    if cur:
        out.append(cur)
    return out


def collapse_spaces(text: str) -> str:
    return re.sub(r"[ \t]+", " ", text).strip()


def hyphenated_words(lines) -> set[str]:
    """Hyphenated compounds printed inside a line ("top-down"), lower-cased: evidence that a
    hyphen at a line break with the same two halves is a real hyphen."""
    found: set[str] = set()
    for line in lines:
        text = line.text if isinstance(line, Line) else line
        for m in re.finditer(r"(\w+)-(\w+)", text.rstrip("-")):
            found.add(f"{m.group(1)}-{m.group(2)}".lower())
    return found


def _is_acronym(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def join_lines(parts, known_hyphenated: set[str] | None = None) -> str:
    """Join extracted lines into running text, repairing hyphenation at line ends.

    A line ending in "letter-" is joined to the next line:
    - without the hyphen when the next line starts with a lower-case letter
      ("arbejds-" + "pladser" -> "arbejdspladser");
    - keeping the hyphen when the part before it is an acronym ("KI-" + "teknologien"),
      when the next word is capitalised or starts with a digit ("EU-" + "Lovgivning"),
      or when the document prints the same compound with a hyphen elsewhere ("top-" + "down");
    - keeping the hyphen and a space before a conjunction: a suspended compound
      ("teknologi-" + "og forretningsforståelse");
    - keeping the hyphen between digits ("2024-" + "2025").
    Other lines are joined with one space.
    """
    known = known_hyphenated or set()
    out = ""
    for part in parts:
        text = part.text if isinstance(part, Line) else part
        text = collapse_spaces(text)
        if not text:
            continue
        if not out:
            out = text
            continue
        m = re.search(r"(\w+)-$", out)
        if m and m.group(1)[-1].isalpha():
            left = m.group(1)
            first = re.match(r"[\w]+", text)
            right = first.group(0) if first else ""
            if right.lower() in CONJUNCTIONS:
                out = out + " " + text
            elif not text[0].islower() or _is_acronym(left) or f"{left}-{right}".lower() in known:
                out = out + text
            else:
                out = out[:-1] + text
        elif re.search(r"\d-$", out) and text[0].isdigit():
            out = out + text  # a range broken after its hyphen ("2024-" + "2025")
        else:
            out = out + " " + text
    return out


def strip_bullet(text: str) -> tuple[bool, str]:
    """(True, text without its bullet glyph) if the line starts with a bullet glyph."""
    m = BULLET_RE.match(text)
    if m:
        return True, text[m.end():].strip()
    return False, text


def is_bullet(text: str) -> bool:
    return bool(BULLET_RE.match(text))


def superscript_markers(text: str) -> list[int]:
    """Footnote numbers marked with superscript digits, in order of appearance."""
    return [int("".join(str(SUPERSCRIPT_VALUE[c]) for c in m.group(0)))
            for m in re.finditer(f"[{SUPERSCRIPTS}]+", text)]


def strip_superscripts(text: str) -> str:
    return re.sub(f"[{SUPERSCRIPTS}]+", "", text)


def footnote_line(text: str) -> tuple[int, str] | None:
    """(number, text) if the line is a footnote: "¹ Zie ..." or "1 \\ufffdForsimplet ..."."""
    m = re.match(f"^\\s*([{SUPERSCRIPTS}]+)\\s*(.*)$", text)
    if m:
        return superscript_markers(m.group(1))[0], m.group(2).strip()
    m = re.match(r"^\s*(\d{1,2})\s*\ufffd\s*(.*)$", text)
    if m:
        return int(m.group(1)), m.group(2).strip()
    return None


def strip_markdown(text: str) -> str:
    """Remove markdown bold/italic markers and turn "[text](url)" into "text"."""
    text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", text)
    text = text.replace("**", "")
    text = re.sub(r"(?<![\w*])\*([^*\n]+)\*(?![\w*])", r"\1", text)
    return text


def bold_lead(text: str) -> str | None:
    """The text of the first "**...**" span (the bold lead sentence of an AP paragraph)."""
    m = re.search(r"\*\*(.+?)\*\*", text)
    return m.group(1).strip() if m else None


def is_heading_like(text: str, max_len: int = 120) -> bool:
    """A short line without terminal punctuation (a heading in these texts)."""
    t = text.strip()
    return bool(t) and len(t) <= max_len and t[-1] not in TERMINAL + ",–-"


def normalise(text: str) -> str:
    """Lower-case, single spaces, no hyphens at joins, no punctuation at the end: for matching."""
    t = collapse_spaces(text).lower()
    t = t.replace("’", "'").replace("”", '"').replace("“", '"')
    return t.rstrip(" .:")


MONTHS = {
    # nl
    "januari": 1, "februari": 2, "maart": 3, "april": 4, "mei": 5, "juni": 6, "juli": 7,
    "augustus": 8, "september": 9, "oktober": 10, "november": 11, "december": 12,
    # da
    "marts": 3, "maj": 5,
    # en
    "january": 1, "february": 2, "march": 3, "may": 5, "june": 6, "july": 7, "august": 8,
    "october": 10,
}
DATE_RE = re.compile(r"\b(\d{1,2})\.? (" + "|".join(sorted(MONTHS, key=len, reverse=True))
                     + r")\.? (\d{4})\b", re.IGNORECASE)


def find_dates(text: str) -> list[tuple[str, re.Match]]:
    """ISO dates ("2024-08-01") of day-month-year mentions in nl, da or en, with their matches."""
    found = []
    for m in DATE_RE.finditer(text):
        day, month, year = int(m.group(1)), MONTHS[m.group(2).lower()], int(m.group(3))
        found.append((f"{year:04d}-{month:02d}-{day:02d}", m))
    return found
