"""Memoisations that make pySHACL's SPARQL-based constraints affordable in batches.

pySHACL evaluates a SPARQL constraint once per focus node. For each call it (1) checks the
query text with regular expressions (one of them backtracks badly on long queries) and (2)
hands the *text* to rdflib, which parses it again (rdflib caches nothing). Both depend only on
the query text, never on the focus node, so we cache them: the data graph is a
:class:`CachedQueryGraph`, and ``SPARQLQueryHelper.check_invalid_sparql`` is wrapped in a
cache (invalid queries still raise every time). pySHACL's text form of the report (which we
never read) is left empty, as building it is quadratic in the results of a call. The report
graph pySHACL gives is unchanged.
"""
from __future__ import annotations

import contextlib
import contextvars
import functools
import threading

from rdflib import Graph
from rdflib.plugins.sparql import prepareQuery

_PREPARED: dict = {}
FAST_REPORT: contextvars.ContextVar[bool] = contextvars.ContextVar("aiwork_fast_report", default=False)


@contextlib.contextmanager
def fast_report():
    """Within this block pySHACL builds its report graph without the text form; other pySHACL
    calls in the same process (e.g. the graph checks of `build`) keep their text report."""
    token = FAST_REPORT.set(True)
    try:
        yield
    finally:
        FAST_REPORT.reset(token)
_LOCK = threading.Lock()


class CachedQueryGraph(Graph):
    """An rdflib Graph whose ``query()`` reuses parsed queries by their text."""

    def query(self, query_object, processor="sparql", result="sparql", initNs=None,  # noqa: N803
              initBindings=None, use_store_provided=True, **kwargs):  # noqa: N803
        if isinstance(query_object, str) and not initNs:
            prepared = _PREPARED.get(query_object)
            if prepared is None:
                prepared = prepareQuery(query_object, initNs=dict(self.namespaces()))
                with _LOCK:
                    _PREPARED[query_object] = prepared
            query_object = prepared
        return super().query(query_object, processor, result, initNs, initBindings,
                             use_store_provided, **kwargs)


@functools.lru_cache(maxsize=1)
def install() -> bool:
    """Memoise pySHACL's check of SPARQL constraint texts (idempotent)."""
    try:
        from pyshacl.helper.sparql_query_helper import SPARQLQueryHelper
    except ImportError:  # a pySHACL without this helper: nothing to speed up
        return False
    original = SPARQLQueryHelper.check_invalid_sparql
    if getattr(original, "_aiwork_cached", False):
        return True
    checked: set = set()

    def check_invalid_sparql(self, sparql_text, valuenode=None, extravars=None):
        key = (sparql_text, valuenode is not None, frozenset(extravars or ()))
        if key in checked:
            return None
        out = original(self, sparql_text, valuenode=valuenode, extravars=extravars)
        checked.add(key)
        return out

    check_invalid_sparql._aiwork_cached = True  # type: ignore[attr-defined]
    SPARQLQueryHelper.check_invalid_sparql = check_invalid_sparql

    # The report's text form is built by repeated string concatenation, quadratic in the number
    # of results of one call; we never read it (verdicts come from the report graph), so the
    # report graph is built from the same results with empty text.
    from pyshacl.validator import Validator

    original_report = Validator.create_validation_report.__func__
    if not getattr(original_report, "_aiwork_fast", False):
        def create_validation_report(cls, sg, conforms, results):
            if FAST_REPORT.get():  # only inside the validator's own calls (see fast_report())
                results = [("", bn, tr) for _d, bn, tr in results]
            return original_report(cls, sg, conforms, results)

        create_validation_report._aiwork_fast = True  # type: ignore[attr-defined]
        Validator.create_validation_report = classmethod(create_validation_report)
    return True

