"""``/query``: the query library and a free SPARQL editor, results as a table, downloads.

Everything is in the page address (``GET``), so a result can be shared as a link::

    /query                                         the library and the editor
    /query?name=applies-on-date                    one library query: its description and form
    /query?name=applies-on-date&date=2025-03-01&run=1          ... run with a parameter
    /query?name=applies-on-date&date=2025-03-01&format=csv     ... its result as CSV
    /query?query=SELECT+...                        a free query, run
    /query?query=SELECT+...&format=json            ... its result as SPARQL JSON

Parameters are bound with :func:`aiwork_kg.sparql.prepare` (the binding of
``aiwork-kg query --param``: a verified VALUES block, never text pasted into the query); free
queries get the syntax check of :func:`aiwork_kg.sparql.check_syntax`; SERVICE is refused, as on
``/sparql``. Queries run in the server's query processes under its time limit
(:mod:`..results_view`). ``POST`` with the same fields is accepted for queries too long for an
address.
"""
from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from werkzeug.wrappers import Response

from ...errors import AiworkError, QueryError
from ...namespaces import PREFIXES
from ...server.answers import PUBLIC
from ...sparql import catalog
from ...sparql.lexer import lex, uses_service
from ...sparql.prepared import prepare
from ...sparql.syntax import check_syntax
from .. import forms_messages, results_view
from ..app import Page, route

forms_messages.register()

#: request fields of the page itself; a library parameter with one of these names is sent as param.NAME
RESERVED = ("name", "query", "format", "lang", "run")
EXAMPLE = """SELECT ?unit ?label WHERE {
  ?unit aiw:interprets ?provision ;
        rdfs:label ?label .
  FILTER(LANGMATCHES(LANG(?label), "en"))
}
ORDER BY ?unit
LIMIT 20"""
INPUT_TYPES = {"date": "date", "integer": "number", "decimal": "text", "iri": "text", "string": "text",
               "lang-string": "text", "literal": "text", "boolean": "select"}


@dataclass
class Field:
    """One parameter of a library query as a form field."""

    name: str          # the SPARQL variable
    field: str         # the request field that carries it
    type: str
    input_type: str
    value: str
    default: str | None
    description: str


def field_name(name: str) -> str:
    return f"param.{name}" if name in RESERVED else name


def param_fields(entry: catalog.LibraryQuery, values) -> list[Field]:
    fields = []
    for p in entry.params:
        fname = field_name(p.name)
        given = values.get(fname)
        fields.append(Field(p.name, fname, p.type, INPUT_TYPES.get(p.type, "text"),
                            given if given is not None else (p.default or ""), p.default, p.description))
    return fields


@dataclass
class ErrorView:
    message: str
    line: int | None = None
    column: int | None = None
    excerpt: str | None = None     # the line of the query at fault
    caret: str | None = None       # spaces and ^ under the column


def error_view(exc: AiworkError, text: str) -> ErrorView:
    line = getattr(exc, "line", None)
    column = getattr(exc, "column", None)
    view = ErrorView(str(exc), line, column)
    lines = text.splitlines()
    if line is not None and 1 <= line <= len(lines):
        view.excerpt = lines[line - 1]
        if column is not None and column >= 1:
            view.caret = " " * (column - 1) + "^"
    return view


def _link(page: Page, **changes: str | None) -> str:
    """This page's address with some fields changed (None drops a field)."""
    fields = [(k, str(v)) for k, v in page.request.values.items(multi=True) if k not in changes]
    fields += [(k, v) for k, v in changes.items() if v is not None]
    return page.request.path + ("?" + urlencode(fields) if fields else "")


@route("/query", methods=("GET", "HEAD", "POST"))
def query_page(page: Page) -> Response:
    values = page.request.values
    app = page.app
    timeout = getattr(app, "timeout", None)
    entries = catalog.library()
    name = (values.get("name") or "").strip() or None
    free_text = values.get("query")
    fmt = (values.get("format") or "").strip().lower() or None
    context: dict = {
        "entries": entries, "selected": None, "fields": [], "editor_text": EXAMPLE, "ran": False,
        "outcome": None, "table": None, "error": None, "downloads": [], "share": None,
        "timeout": f"{timeout:g}" if timeout else None, "max_shown": results_view.MAX_SHOWN,
        "prefixes": dict(PREFIXES),
    }
    status = 200
    text: str | None = None
    source = "query"
    if name is not None:
        entry = next((q for q in entries if q.name == name), None)
        if entry is None:
            context["error"] = ErrorView(page.t("query.unknown", name=name))
            return page.render("query.html", status=404, **context)
        context["selected"] = entry
        context["fields"] = param_fields(entry, values)
        context["editor_text"] = entry.text
        source = entry.name
        if "run" in values or fmt:
            given = {f.name: f.value for f in context["fields"] if f.value.strip()}
            try:
                text = prepare(entry, given).text
            except QueryError as exc:
                context["error"] = error_view(exc, entry.text)
                status = 400
    elif free_text is not None:
        context["editor_text"] = free_text
        if not free_text.strip():
            context["error"] = ErrorView(page.t("query.empty_query"))
            status = 400
        else:
            try:
                if uses_service(free_text):
                    raise QueryError("federated queries (SERVICE) are refused: this server answers from its "
                                     "own graph and never fetches anything")
                check_syntax(free_text, "query", lex(free_text))
                text = free_text
            except QueryError as exc:
                context["error"] = error_view(exc, free_text)
                status = 400 if not uses_service(free_text) else 403
    # the release does not change while the server runs: a GET's answer may be kept (server.answers)
    kept = {"Cache-Control": PUBLIC} if page.request.method == "GET" else None
    if text is None:
        return page.render("query.html", status=status, headers=kept if status == 200 else None, **context)

    context["ran"] = True
    outcome = results_view.run_in_pool(app, text, source)
    context["outcome"] = outcome
    if outcome.status != "ok" or outcome.result is None:
        status, message = _failure(page, outcome, timeout)
        context["error"] = ErrorView(message)
        return page.render("query.html", status=status, **context)
    result = outcome.result
    if fmt:
        found = results_view.download(result, fmt)
        if found is None:
            formats = ", ".join(results_view.download_names(result))
            context["error"] = ErrorView(page.t("query.format", format=fmt, formats=formats))
            context["ran"] = False
            return page.render("query.html", status=400, **context)
        body, media, suffix = found
        filename = f"{source if source != 'query' else 'query-result'}.{suffix}"
        return Response(body, content_type=f"{media}; charset=utf-8",
                        headers={"Content-Disposition": f'attachment; filename="{filename}"', **(kept or {})})
    context["table"] = results_view.table(result, page.store, page.lang) if result.kind != "ask" else None
    context["downloads"] = [(results_view.DOWNLOAD_NAMES[d], _link(page, format=d))
                            for d in results_view.download_names(result)]
    context["share"] = _link(page, format=None)
    return page.render("query.html", status=200, headers=kept, **context)


def _failure(page: Page, outcome: results_view.Outcome, timeout: float | None) -> tuple[int, str]:
    if outcome.status == "timeout":
        return 503, page.t("query.timeout", seconds=f"{timeout:g}" if timeout else "?")
    if outcome.status == "busy":
        return 503, page.t("query.busy")
    if outcome.status == "too-large":
        return 413, page.t("query.too_large", message=outcome.message)
    return 400, f"{page.t('query.error')}: {outcome.message}"
