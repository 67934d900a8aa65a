"""Output of a validation run for people (text), programs (JSON) and RDF tools (Turtle)."""
from __future__ import annotations

from rdflib import Graph

from ..namespaces import bind_all
from .results import ValidationRun

WORDS = {
    "en": {"verdict": "Verdict", "reading": "Reading", "as_of": "as of", "reasons": "Reasons",
           "risks": "Risk categories",
           "system_risks": "The system as such", "missing": "Missing facts", "provision": "Provision",
           "interpreted": "Interpreted by", "summary": "Summary", "source": "source",
           "system": "system", "none": "none", "error": "error", "systems": "systems",
           "errors": "input errors", "details": "reasons / missing facts", "rule_set": "Rule set"},
    "da": {"verdict": "Resultat", "reading": "Læsning", "as_of": "pr.", "reasons": "Begrundelser",
           "risks": "Risikokategorier",
           "system_risks": "Systemet som sådan", "missing": "Manglende oplysninger", "provision": "Bestemmelse",
           "interpreted": "Fortolket i", "summary": "Oversigt", "source": "kilde",
           "system": "system", "none": "ingen", "error": "fejl", "systems": "systemer",
           "errors": "inputfejl", "details": "begrundelser / manglende oplysninger", "rule_set": "Regelsæt"},
    "nl": {"verdict": "Oordeel", "reading": "Lezing", "as_of": "per", "reasons": "Redenen",
           "risks": "Risicocategorieën",
           "system_risks": "Het systeem als zodanig", "missing": "Ontbrekende gegevens", "provision": "Bepaling",
           "interpreted": "Uitgelegd in", "summary": "Overzicht", "source": "bron",
           "system": "systeem", "none": "geen", "error": "fout", "systems": "systemen",
           "errors": "invoerfouten", "details": "redenen / ontbrekende gegevens", "rule_set": "Regelset"},
}
MARKS = {True: "[+]", False: "[-]", None: "[?]"}


def _sectioned(run: ValidationRun) -> bool:
    """Whether the text has a heading per rule set: several rule sets, or one that is not the default."""
    sections = getattr(run, "sections", None) or {}
    if len(sections) > 1:
        return True
    if len(sections) == 1:
        from .rulesets import default_rule_set

        return next(iter(sections)) != default_rule_set().key
    return False


def render_text(run: ValidationRun) -> str:
    if _sectioned(run):
        w = WORDS.get(run.lang, WORDS["en"])
        parts = []
        for key, section in run.sections.items():  # type: ignore[attr-defined]
            label = run.rule_set_info[key].label(run.lang)  # type: ignore[attr-defined]
            heading = f"== {w['rule_set']}: {label} ({key}) =="
            section.errors = []
            parts.append(heading + "\n\n" + _render_results(section, summary=False))
        tail = summary_table(run) + "\n" if len(run.results) > 1 or run.errors else ""
        return "\n".join(parts) + tail
    return _render_results(run)


def _render_results(run: ValidationRun, summary: bool = True) -> str:
    w = WORDS.get(run.lang, WORDS["en"])
    lines: list[str] = []
    for r in run.results:
        title = f"{r.source}  {r.system}" + (f"  \"{r.label}\"" if r.label else "")
        lines.append(title)
        lines.append(f"  {w['verdict']}: {r.verdict_label} ({r.verdict})")
        lines.append(f"  {w['reading']}: {r.reading} - {r.reading_note}")
        lines.append(f"  {w['as_of']}: {r.as_of}")
        # one label per name: verdict_from_report (validator/verdicts.py) makes the lists together
        if r.reasons:
            lines.append(f"  {w['reasons']}: " + ", ".join(
                f"{lbl} ({n})" for lbl, n in zip(r.reason_labels, r.reasons, strict=True)))
        if r.risk_categories:
            lines.append(f"  {w['risks']}: " + ", ".join(
                f"{lbl} ({n})" for lbl, n in zip(r.risk_category_labels, r.risk_categories, strict=True)))
        if r.system_risk_categories:
            lines.append(f"  {w['system_risks']}: " + ", ".join(
                f"{lbl} ({n})" for lbl, n in zip(r.system_risk_category_labels, r.system_risk_categories,
                                                  strict=True)))
        if r.missing:
            lines.append(f"  {w['missing']}: " + ", ".join(r.missing))
        for s in r.steps:
            mark = MARKS[s.holds] if s.decisive else " * "
            lines.append(f"  {mark} {s.label}: {s.text}")
            if s.provisions:
                lines.append(f"        {w['provision']}: " + "; ".join(f"{c.citation} <{c.iri}>" for c in s.provisions))
            if s.interpreted_by:
                lines.append(f"        {w['interpreted']}: " + "; ".join(
                    f"{c.citation} <{c.iri}>" for c in s.interpreted_by))
        lines.append("")
    if summary and (len(run.results) > 1 or run.errors):
        lines.append(summary_table(run))
    return "\n".join(lines).rstrip() + "\n"


def summary_table(run: ValidationRun) -> str:
    w = WORDS.get(run.lang, WORDS["en"])
    sectioned = bool(getattr(run, "sections", None))
    rows = [(r.source, r.system, (f"{r.rule_set}: " if sectioned and r.rule_set else "") + r.verdict,
             ", ".join(r.reasons or r.missing) or "-") for r in run.results]
    rows += [(e.source, "-", w["error"], e.message if e.line is None else f"line {e.line}: {e.message}")
             for e in run.errors]
    head = (w["source"], w["system"], w["verdict"].lower(), w["details"])
    widths = [min(60, max(len(str(x[i])) for x in rows + [head])) for i in range(3)]
    out = [f"{w['summary']}:"]
    fmt = f"  {{:<{widths[0]}}}  {{:<{widths[1]}}}  {{:<{widths[2]}}}  {{}}"
    out.append(fmt.format(*head))
    out.append(fmt.format(*("-" * n for n in widths), "-" * len(head[3])))
    for row in rows:
        out.append(fmt.format(*(str(c)[:60] for c in row[:3]), row[3]))
    s = run.summary()
    counts = ", ".join(f"{k} {v}" for k, v in s.items() if k not in ("systems", "errors") and v)
    out.append(f"  {s['systems']} {w['systems']}" + (f" ({counts})" if counts else "")
               + f"; {s['errors']} {w['errors']}")
    return "\n".join(out)


def render_turtle(run: ValidationRun) -> str:
    """The pySHACL report(s) plus the verdict triples (needs ``keep_reports=True``)."""
    g = bind_all(Graph())
    for report in run.report_graphs:
        g += report
    if run.verdict_graph is not None:
        g += run.verdict_graph
    return g.serialize(format="turtle")
