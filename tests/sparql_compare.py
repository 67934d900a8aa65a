"""Comparing a query result with an expected one (the fixtures in tests/fixtures/queries/).

Used by the tests only (tests/test_queries.py, tests/test_remote_library.py): a result is
compared with the W3C SPARQL 1.1 JSON form of the expected result, terms by
:func:`aiwork_kg.sparql.results.term_key`.
"""
from __future__ import annotations

from collections import Counter
from typing import Any, Mapping

from aiwork_kg.sparql.results import QueryResult, term_from_json, term_key

__all__ = ["results_diff", "results_equal"]


def results_diff(actual: QueryResult, expected: Mapping[str, Any], ordered: bool | None = None) -> list[str]:
    """What differs between a result and an expected one (fixture JSON); [] when they agree.

    Rows are compared as a multiset unless the query has a top-level ORDER BY (or `ordered`
    says so); IRIs and literals exactly (value, language, datatype); blank nodes by kind."""
    if "boolean" in expected:
        if actual.kind != "ask":
            return [f"expected an ASK result, got {actual.kind}"]
        return [] if bool(actual.boolean) == bool(expected["boolean"]) else \
            [f"expected {expected['boolean']}, got {actual.boolean}"]
    if "triples" in expected:
        if actual.kind != "construct":
            return [f"expected a graph, got {actual.kind}"]
        n = len(actual)
        return [] if n == int(expected["triples"]) else [f"expected {expected['triples']} triples, got {n}"]
    if actual.kind != "select":
        return [f"expected SELECT results, got {actual.kind}"]
    problems = []
    exp_vars = list(expected.get("head", {}).get("vars", []))
    if exp_vars != list(actual.variables):
        problems.append(f"variables: expected {exp_vars}, got {list(actual.variables)}")
    exp_rows = [tuple(term_key(term_from_json(b[v])) if v in b else ("unbound",) for v in exp_vars)
                for b in expected.get("results", {}).get("bindings", [])]
    act_rows = [tuple(term_key(t) for t in row) for row in actual.rows]
    is_ordered = actual.ordered if ordered is None else ordered
    if is_ordered:
        if exp_rows != act_rows:
            for i in range(max(len(exp_rows), len(act_rows))):
                e = exp_rows[i] if i < len(exp_rows) else None
                a = act_rows[i] if i < len(act_rows) else None
                if e != a:
                    problems.append(f"row {i + 1}: expected {e}, got {a}")
                    if len(problems) > 10:
                        break
    else:
        missing = Counter(exp_rows) - Counter(act_rows)
        extra = Counter(act_rows) - Counter(exp_rows)
        problems += [f"missing row: {r}" for r in list(missing.elements())[:10]]
        problems += [f"unexpected row: {r}" for r in list(extra.elements())[:10]]
    return problems


def results_equal(actual: QueryResult, expected: Mapping[str, Any], ordered: bool | None = None) -> bool:
    """True when `actual` matches the expected result (fixture JSON), see :func:`results_diff`."""
    return not results_diff(actual, expected, ordered)
