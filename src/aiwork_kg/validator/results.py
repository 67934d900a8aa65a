"""Result objects of the validator, and the stable JSON schema of their output.

The schema is the committed file result.schema.json; its enums (readings, languages, verdicts,
reasons, risk categories, condition keys) are derived from the shapes and
:mod:`aiwork_kg.languages` by :func:`result_schema`, and a test checks that the committed file
is current (regenerate it with :func:`write_result_schema`).
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from rdflib import Graph

from ..errors import InputError
from ..languages import LANGUAGES
from .shapes import DEFAULT_READING, exit_code_of, verdict_keys, vocabulary

SCHEMA_VERSION = 2  # 2: system_risk_categories, system_risk_category_labels
SCHEMA_FILE = Path(__file__).resolve().parent / "result.schema.json"


@dataclass
class Fact:
    node: str            # IRI (or blank node id, or literal lexical form) of the value
    label: str           # its label in the run's language
    property: str | None  # local name of the description property that states it
    subject: str         # the description node that states it (the system)

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class Citation:
    iri: str
    citation: str

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class ExplanationStep:
    """One condition of Art. 5(1)(f) (or a reported fact) and what settles it."""

    condition: str                 # key, e.g. "emotion", "setting", "exception", "useRequired"
    label: str                     # the condition, in the run's language
    holds: bool | None             # True holds, False fails, None unknown or only reported
    fact: str | None               # the settling fact's node (first of `facts`)
    fact_label: str | None
    provision: str | None          # the provision IRI the condition implements (first)
    citation: str | None           # its citation, e.g. "AI Act, Art. 5(1)(f)"
    national_units: list[str]      # IRIs of the national text units that interpret it
    text: str                      # the explanation sentence, in the run's language
    facts: list[Fact] = field(default_factory=list)
    provisions: list[Citation] = field(default_factory=list)
    interpreted_by: list[Citation] = field(default_factory=list)
    shapes: list[str] = field(default_factory=list)  # the shapes whose results settle it
    decisive: bool = True          # False: the step only reports (its condition's aiwsh:role); not in JSON

    def to_dict(self) -> dict:
        return {
            "condition": self.condition, "label": self.label, "holds": self.holds,
            "fact": self.fact, "fact_label": self.fact_label,
            "facts": [f.to_dict() for f in self.facts],
            "provision": self.provision, "citation": self.citation,
            "provisions": [c.to_dict() for c in self.provisions],
            "national_units": list(self.national_units),
            "interpreted_by": [c.to_dict() for c in self.interpreted_by],
            "shapes": list(self.shapes), "text": self.text,
        }


@dataclass
class SystemVerdict:
    source: str
    system: str
    verdict: str
    reasons: list[str]
    risk_categories: list[str]
    missing: list[str]
    reading: str
    as_of: str
    steps: list[ExplanationStep] = field(default_factory=list)
    label: str | None = None
    lang: str = "en"
    reading_note: str = ""
    verdict_label: str = ""
    reason_labels: list[str] = field(default_factory=list)
    risk_category_labels: list[str] = field(default_factory=list)
    # the system as such (e.g. high-risk under Annex III 1(c)), apart from this operator and this
    # use: an emotion recognition system stays high-risk when this use is outside the Act
    system_risk_categories: list[str] = field(default_factory=list)
    system_risk_category_labels: list[str] = field(default_factory=list)
    rule_set: str | None = None    # the rule set that gave the verdict (aiwork_kg.validator.rulesets)

    @property
    def prohibited(self) -> bool:
        """Whether the verdict fails the run (a non-zero aiwsh:exitCode: "prohibited")."""
        return exit_code_of(self.verdict, self.reading) != 0

    def to_dict(self) -> dict:
        return {
            "source": self.source, "system": self.system, "label": self.label,
            "verdict": self.verdict, "verdict_label": self.verdict_label,
            "reasons": list(self.reasons), "reason_labels": list(self.reason_labels),
            "risk_categories": list(self.risk_categories),
            "risk_category_labels": list(self.risk_category_labels),
            "system_risk_categories": list(self.system_risk_categories),
            "system_risk_category_labels": list(self.system_risk_category_labels),
            "missing": list(self.missing), "reading": self.reading,
            "reading_note": self.reading_note, "as_of": self.as_of, "lang": self.lang,
            "steps": [s.to_dict() for s in self.steps],
            **({"rule_set": self.rule_set} if self.rule_set is not None else {}),
        }


def error_to_dict(err: InputError) -> dict:
    return {"source": err.source, "line": err.line, "column": err.column, "message": err.message}


@dataclass
class ValidationRun:
    """The outcome of :func:`aiwork_kg.validate`: one verdict per system, and the input errors."""

    results: list[SystemVerdict]
    errors: list[InputError]
    reading: str = DEFAULT_READING
    lang: str = "en"
    as_of: str | None = None
    reading_note: str = ""
    report_graphs: list[Graph] = field(default_factory=list)  # pySHACL reports (when keep_reports=True)
    verdict_graph: Graph | None = None                        # verdict triples (when keep_reports=True)
    timings: dict = field(default_factory=dict)
    engine: str = ""                                          # "fast", "reference" or "mixed" (which ran)
    notes: list[str] = field(default_factory=list)            # e.g. why the reference path ran

    @property
    def exit_code(self) -> int:
        if self.errors:
            return 2
        return max((exit_code_of(r.verdict, r.reading) for r in self.results), default=0)

    def summary(self) -> dict:
        counts = dict.fromkeys(verdict_keys(self.reading), 0)
        for r in self.results:
            counts[r.verdict] += 1
        return {"systems": len(self.results), "errors": len(self.errors), **counts}

    def to_dict(self) -> dict:
        return {
            "schema_version": SCHEMA_VERSION, "reading": self.reading,
            "reading_note": self.reading_note, "lang": self.lang, "as_of": self.as_of,
            "exit_code": self.exit_code, "summary": self.summary(),
            "results": [r.to_dict() for r in self.results],
            "errors": [error_to_dict(e) for e in self.errors],
        }

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)


def result_schema() -> dict:
    """The JSON schema of :meth:`ValidationRun.to_dict`: result.schema.json with every enum that
    names data derived from its one source (readings.ttl, the shapes' annotations, LANGUAGES)."""
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    vocab = vocabulary()
    props, system = schema["properties"], schema["$defs"]["systemVerdict"]["properties"]
    for p in (props, system):
        p["reading"]["enum"] = vocab["readings"]
        p["lang"]["enum"] = list(LANGUAGES)
    system["verdict"]["enum"] = vocab["verdicts"]
    from .rulesets import rule_set_keys

    system["rule_set"]["enum"] = list(rule_set_keys())
    section = props["rule_sets"]["items"]["properties"]
    section["id"]["enum"] = list(rule_set_keys())
    section["reading"]["enum"] = vocab["readings"]
    system["reasons"]["items"]["enum"] = vocab["reasons"]
    system["risk_categories"]["items"]["enum"] = vocab["risk_categories"]
    system["system_risk_categories"]["items"]["enum"] = vocab["risk_categories"]
    schema["$defs"]["step"]["properties"]["condition"]["enum"] = vocab["conditions"]
    summary = props["summary"]
    counts = ["systems", "errors"]
    summary["required"] = counts  # a run counts the verdicts of its rule sets (all, for several)
    summary["properties"] = {k: {"type": "integer", "minimum": 0} for k in counts + vocab["verdicts"]}
    return schema


def _dump(value, indent: int = 0, width: int = 110) -> str:
    """JSON with an object or array on one line when it fits in `width`, else one item a line."""
    flat = json.dumps(value, ensure_ascii=False)
    if len(flat) + indent <= width or not isinstance(value, (dict, list)) or not value:
        return flat
    pad = " " * (indent + 2)
    if isinstance(value, dict):
        items = [f"{pad}{json.dumps(k, ensure_ascii=False)}: {_dump(v, indent + 2, width)}"
                 for k, v in value.items()]
        return "{\n" + ",\n".join(items) + "\n" + " " * indent + "}"
    if all(not isinstance(v, (dict, list)) for v in value):  # scalars: filled like text
        lines, line = [], ""
        for v in value:
            item = json.dumps(v, ensure_ascii=False)
            if line and len(pad) + len(line) + len(item) + 2 > width:
                lines.append(line + ",")
                line = ""
            line = f"{line}, {item}" if line else item
        lines.append(line)
        return "[\n" + "\n".join(pad + x for x in lines) + "\n" + " " * indent + "]"
    items = [f"{pad}{_dump(v, indent + 2, width)}" for v in value]
    return "[\n" + ",\n".join(items) + "\n" + " " * indent + "]"


def schema_text(schema: dict | None = None) -> str:
    """The text of result.schema.json for `schema` (default: :func:`result_schema`)."""
    return _dump(result_schema() if schema is None else schema) + "\n"


def write_result_schema() -> Path:
    """Rewrite result.schema.json from :func:`result_schema` (after a change to the readings,
    the shapes' annotations or the languages); returns its path."""
    SCHEMA_FILE.write_text(schema_text(), encoding="utf-8")
    return SCHEMA_FILE
