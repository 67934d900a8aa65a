"""The validator: SHACL checks of AI-system descriptions against AI Act Art. 5(1)(f).

Public API (see docs/validator.md)::

    run = aiwork_kg.validate(sources, reading="act-text", as_of=None, lang="en", progress=False,
                             time_limit=60, max_bytes=16 MiB)  # limits: aiwork_kg.limits
    run.results, run.errors, run.exit_code
    verdict_from_report(report_graph, data_graph, *, reading, as_of) -> list[SystemVerdict]
    shapes_graph(reading="act-text") -> rdflib.Graph
"""
from __future__ import annotations

from .closure import default_closure, ontology_graph, saturate
from .combined import CombinedRun, validate
from .engine import evaluation_triples, expand_sources, validate_graph
from .results import ExplanationStep, Fact, SystemVerdict, ValidationRun
from .rulesets import list_rule_sets, rule_set_keys
from .shapes import READINGS, UnknownReadingError, reading_note, shapes_graph
from .verdicts import verdict_from_report, verdict_triples

__all__ = [
    "validate", "verdict_from_report", "shapes_graph", "saturate", "evaluation_triples",
    "validate_graph", "expand_sources", "default_closure", "ontology_graph", "verdict_triples",
    "reading_note", "READINGS", "SystemVerdict", "ExplanationStep", "Fact", "ValidationRun",
    "UnknownReadingError", "CombinedRun", "list_rule_sets", "rule_set_keys",
]
