"""From one pySHACL validation report to verdicts: a generic mapping by shape annotation.

No legal rule lives here, and no shape, condition, verdict or category name: each result's
source shape says which verdict, reason or risk category it signals and which condition it
settles (see :mod:`.shapes`); a verdict is the signalled one with the highest precedence
(``aiwsh:precedence`` in the shapes), else the fallback (``aiwsh:fallback``); its reasons those
signalled by results of that verdict, its missing facts the ``sh:resultPath`` of the results
of a verdict that lists them (``aiwsh:listsMissingFacts``: the profile warnings). The
explanation lists every condition of the reading, in order, with the facts (``sh:value``) that
settle it, the provision and the national units that interpret it; how a condition enters it
(decisive or only reported, shown when unsettled or not, the dates evaluated) is its
``aiwsh:role`` (shapes/art5-1-f/common.ttl).
"""
from __future__ import annotations

import datetime as _dt
import re

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from ..namespaces import AIW, AIWSH, SH
from .citations import citation, node_label
from .closure import Closure, default_closure
from .results import Citation, ExplanationStep, Fact, SystemVerdict
from .shapes import DEFAULT_READING, local_name, reading_iri, reading_note, shape_annotations

STATUS_HOLDS = AIWSH.holds
STATUS_FAILS = AIWSH.fails
STATUS_NOT_STATED = AIWSH.notStated  # the step is unknown, and its results name the missing facts
_MSG_VAR = re.compile(r"\{[?$]value\}")

__all__ = ["verdict_from_report", "verdict_triples", "coerce_date", "local_name", "node_str"]


def coerce_date(as_of) -> _dt.date | None:
    if as_of is None or as_of == "":
        return None
    if isinstance(as_of, _dt.datetime):
        return as_of.date()
    if isinstance(as_of, _dt.date):
        return as_of
    try:
        return _dt.date.fromisoformat(str(as_of))
    except ValueError as exc:
        from ..errors import AiworkError

        raise AiworkError(f"--as-of: {as_of!r} is not a date in the form YYYY-MM-DD") from exc


def report_results(report: Graph) -> dict:
    """focus node -> [(shape, value, path)] read from a SHACL report graph."""
    by_focus: dict = {}
    value_of = dict(report.subject_objects(SH.value))
    path_of = dict(report.subject_objects(SH.resultPath))
    shape_of = dict(report.subject_objects(SH.sourceShape))
    for r, focus in report.subject_objects(SH.focusNode):
        by_focus.setdefault(focus, []).append((shape_of.get(r), value_of.get(r), path_of.get(r)))
    return by_focus


def _systems(data_graph: Graph, closure: Closure) -> set:
    out = set()
    for s, t in data_graph.subject_objects(RDF.type):
        if t in (AIW.AISystem, AIW.NonAISystem) or closure.is_system_type(t):
            out.add(s)
    return out


def node_str(node) -> str:
    return f"_:{node}" if isinstance(node, BNode) else str(node)


def _text(template: str, labels: list[str]) -> str:
    joined = ", ".join(labels)
    return _MSG_VAR.sub(joined, template) if template else joined


def verdict_from_report(report_graph: Graph | None, data_graph: Graph, *, reading: str = DEFAULT_READING,
                        as_of=None, lang: str = "en", source: str = "",
                        sources: dict | None = None, rename: dict | None = None,
                        closure: Closure | None = None, by_focus: dict | None = None) -> list[SystemVerdict]:
    """Map ONE pySHACL validation report (+ the data graph it validated) to verdicts.

    `sources` maps a system node to its source name (default `source` for all), `rename` maps
    nodes renamed to keep two files apart back to the IRIs the files used. `by_focus`: the
    report's results already read (focus node -> [(shape, value, path)], as the fast path gives
    them; :mod:`.fast`), in place of `report_graph`."""
    closure = closure or default_closure()
    ann = shape_annotations(reading)
    explicit = coerce_date(as_of)
    today = _dt.date.today()
    note = reading_note(reading, lang)
    if by_focus is None:
        if report_graph is None:
            raise TypeError("verdict_from_report needs a report graph or its results (by_focus)")
        by_focus = report_results(report_graph)
    systems = _systems(data_graph, closure) | {f for f in by_focus
                                               if any(s in ann.shapes for s, _, _ in by_focus[f])}
    rename = rename or {}
    sources = sources or {}

    def orig(node):
        return rename.get(node, node)

    def label(node):
        return node_label(orig(node), data_graph, closure, lang)

    out: list[SystemVerdict] = []
    for system in systems:
        results = [(ann.shapes[s], v, p) for s, v, p in by_focus.get(system, []) if s in ann.shapes]
        signalled = {info.verdict for info, _, _ in results if info.verdict is not None}
        if signalled:
            precedence = ann.precedence
            chosen = min(signalled, key=lambda v: precedence.get(v, 99))
        else:
            chosen = ann.fallback_verdict
        chosen_info = ann.verdicts[chosen]
        reasons = sorted({local_name(r) for info, _, _ in results if info.verdict == chosen
                          for r in info.reasons})
        risks = sorted({local_name(c) for info, _, _ in results
                        if chosen not in info.unless_verdicts and info.verdict in (None, chosen)
                        for c in info.risk_categories})
        # the system as such, whatever the verdict for this operator and this use
        system_risks = sorted({local_name(c) for info, _, _ in results for c in info.system_categories})
        missing = []
        if chosen_info.lists_missing_facts:
            missing = sorted({local_name(p) for info, _, p in results
                              if info.verdict == chosen and p is not None})
        # the date evaluated: --as-of, else the latest activity date, else today
        date_conditions = {c.node for c in ann.conditions if c.gives_evaluation_date}
        dates = sorted(str(v) for info, v, _ in results
                       if info.condition in date_conditions and isinstance(v, Literal))
        eval_date = explicit.isoformat() if explicit else (dates[-1] if dates else today.isoformat())

        steps: list[ExplanationStep] = []
        for cond in ann.conditions:
            mine = [(info, v, p) for info, v, p in results if info.condition == cond.node
                    and info.status is not None and chosen not in info.unless_verdicts]
            if cond.only_chosen_verdict:
                mine = [(i, v, p) for i, v, p in mine if i.verdict == chosen]
            if not mine and not cond.shown_when_unsettled:
                continue
            holds_r = [(i, v, p) for i, v, p in mine if i.status == STATUS_HOLDS]
            fails_r = [(i, v, p) for i, v, p in mine if i.status == STATUS_FAILS]
            unstated_r = [(i, v, p) for i, v, p in mine if i.status == STATUS_NOT_STATED]
            if not cond.decisive:
                holds, chosen_r = None, mine
            elif fails_r:
                holds, chosen_r = False, fails_r
            elif holds_r:
                holds, chosen_r = True, holds_r
            elif unstated_r:
                holds, chosen_r = None, unstated_r
            else:
                holds, chosen_r = None, []
            facts, seen = [], set()
            for _info, v, p in chosen_r:
                if v is None or v == system or (v, p) in seen:
                    continue
                seen.add((v, p))
                facts.append(Fact(node=node_str(orig(v)), label=label(v),
                                  property=local_name(p) if p is not None else None,
                                  subject=node_str(orig(system))))
            facts.sort(key=lambda f: (f.label, f.node))
            if chosen_r:
                # the message of the first settling shape by IRI: the results' order is the report's
                # (pySHACL's varies with Python's hash seed), the text must not
                first = min((i for i, _, _ in chosen_r), key=lambda i: str(i.shape))
                template = first.messages.get(lang) or first.messages.get("en", "")
                text = _text(template, [f.label for f in facts])
                shapes_used = sorted({str(i.shape) for i, _, _ in chosen_r})
                provisions = sorted({x for i, _, _ in chosen_r for x in i.provisions}) or list(cond.provisions)
                units = sorted({x for i, _, _ in chosen_r for x in i.interpreted_by}) or list(cond.interpreted_by)
            else:
                text = cond.unknown.get(lang) or cond.unknown.get("en", "")
                shapes_used, provisions, units = [], list(cond.provisions), list(cond.interpreted_by)
            prov_c = [Citation(str(x), citation(x, lang)) for x in provisions]
            unit_c = [Citation(str(x), citation(x, lang)) for x in units]
            steps.append(ExplanationStep(
                condition=cond.key, label=cond.labels.get(lang) or cond.labels.get("en", cond.key),
                holds=holds, fact=facts[0].node if facts else None,
                fact_label=facts[0].label if facts else None,
                provision=prov_c[0].iri if prov_c else None,
                citation=prov_c[0].citation if prov_c else None,
                national_units=[c.iri for c in unit_c], text=text, facts=facts,
                provisions=prov_c, interpreted_by=unit_c, shapes=shapes_used,
                decisive=cond.decisive))
        system_label = None
        for o in data_graph.objects(system, RDFS.label):
            if getattr(o, "language", None) in (lang, None) or system_label is None:
                system_label = str(o)
        out.append(SystemVerdict(
            source=sources.get(system, source), system=node_str(orig(system)),
            verdict=chosen_info.key, reasons=reasons, risk_categories=risks, missing=missing,
            reading=reading, as_of=eval_date, steps=steps, label=system_label, lang=lang,
            reading_note=note, verdict_label=closure.label(chosen, lang) or chosen_info.key,
            reason_labels=[closure.label(AIW[r], lang) or r for r in reasons],
            risk_category_labels=[closure.label(AIW[c], lang) or c for c in risks],
            system_risk_categories=system_risks,
            system_risk_category_labels=[closure.label(AIW[c], lang) or c for c in system_risks]))
    out.sort(key=lambda v: (v.source, v.system))
    return out


def verdict_triples(results: list[SystemVerdict], graph: Graph | None = None) -> Graph:
    """The verdict as RDF: our terms (aiw:verdict, aiw:verdictReason, aiw:riskCategory,
    aiw:underReading, aiw:asOf) and the DPV EU-AIAct terms the verdict and each risk category
    imply (``aiwsh:impliesType`` as rdf:type, ``aiwsh:impliesRiskLevel`` as
    eu-aiact:hasRiskLevel; shapes/art5-1-f/common.ttl and risk.ttl). The system's own
    classification, apart from this use, is ``aiw:systemRiskCategory`` with the DPV class it
    implies (``aiwsh:impliesType`` only: a risk level belongs to a use)."""
    from rdflib.namespace import XSD

    from ..namespaces import EU_AIACT, bind_all

    g = graph if graph is not None else bind_all(Graph())
    for r in results:
        ann = shape_annotations(r.reading)
        s = BNode(r.system[2:]) if r.system.startswith("_:") else URIRef(r.system)
        verdict = ann.verdict_iri(r.verdict)
        g.add((s, AIW.verdict, verdict))
        for reason in r.reasons:
            g.add((s, AIW.verdictReason, AIW[reason]))
        for cat in r.risk_categories:
            g.add((s, AIW.riskCategory, AIW[cat]))
        for cat in r.system_risk_categories:
            g.add((s, AIW.systemRiskCategory, AIW[cat]))
            for t in ann.implies.get(AIW[cat], ((), ()))[0]:
                g.add((s, RDF.type, t))
        g.add((s, AIW.underReading, reading_iri(r.reading)))
        g.add((s, AIW.asOf, Literal(r.as_of, datatype=XSD.date)))
        for term in [verdict, *(AIW[c] for c in r.risk_categories)]:
            types, levels = ann.implies.get(term, ((), ()))
            for t in types:
                g.add((s, RDF.type, t))
            for level in levels:
                g.add((s, EU_AIACT.hasRiskLevel, level))
    return g
