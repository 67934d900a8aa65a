"""``/validate`` for people: paste, upload or fill in a description and read the verdict.

Content negotiation keeps the API as it was: ``GET /validate`` from a browser (``Accept`` naming
``text/html``) is this page; ``POST /validate`` with a browser form
(``application/x-www-form-urlencoded`` or ``multipart/form-data``) is validated here and answered
as a page (or a download); every other request (a description posted as ``text/turtle``,
``application/ld+json``, ...) goes to the API of :mod:`aiwork_kg.server.serve`, which answers JSON
or Turtle as before.

One code path: whatever way the description comes in, it is handed as bytes to
:func:`aiwork_kg.validate` with the reading, the as-of date, the language and the server's limits,
as ``POST /validate`` and ``aiwork-kg validate`` do; the page shows the :class:`ValidationRun`
it returns, and the downloads are its ``to_json()`` and
:func:`aiwork_kg.validator.render.render_turtle`. The form is turned into Turtle by
:mod:`..profile_form` first, so it is validated exactly as the same Turtle pasted would be.
"""
from __future__ import annotations

import datetime as _dt
import io
from dataclasses import dataclass, field
from typing import Any

from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.utils import secure_filename
from werkzeug.wrappers import Response

from ...errors import AiworkError, InputError
from ...limits import LimitError
from .. import forms_messages, profile_form
from ..app import Page, route
from ..results_view import local_path

forms_messages.register()

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
#: the formats a pasted description may have: form value -> (name, suffix the validator parses by)
FORMATS = {"turtle": ("Turtle", ".ttl"), "jsonld": ("JSON-LD", ".jsonld"), "rdfxml": ("RDF/XML", ".rdf"),
           "nt": ("N-Triples", ".nt")}
SUFFIXES = {".ttl": ".ttl", ".turtle": ".ttl", ".jsonld": ".jsonld", ".json": ".jsonld", ".rdf": ".rdf",
            ".xml": ".rdf", ".owl": ".rdf", ".nt": ".nt"}
MODES = ("paste", "upload", "form")


def sniff_suffix(text: str) -> str:
    """The suffix of a description's format guessed from its first characters."""
    head = text.lstrip("\ufeff \t\r\n")[:200]
    if head.startswith(("{", "[")):
        return ".jsonld"
    if head.startswith(("<?xml", "<rdf:RDF", "<!--")) or (head.startswith("<") and ":RDF" in head[:80]):
        return ".rdf"
    return ".ttl"


@dataclass
class ErrorLine:
    number: int
    text: str
    at_fault: bool


@dataclass
class ShownError:
    where: str
    message: str
    line: int | None
    column: int | None
    context: list[ErrorLine] = field(default_factory=list)
    caret: str | None = None


def shown_error(page: Page, err: InputError, text: str | None) -> ShownError:
    if err.line is not None and err.column is not None:
        where = page.t("validate.error.at", source=err.source, line=err.line, column=err.column)
    elif err.line is not None:
        where = page.t("validate.error.line", source=err.source, line=err.line)
    else:
        where = err.source
    shown = ShownError(where, err.message, err.line, err.column)
    if text is not None and err.line is not None:
        lines = text.splitlines()
        if 1 <= err.line <= len(lines):
            start, end = max(1, err.line - 2), min(len(lines), err.line + 2)
            shown.context = [ErrorLine(n, lines[n - 1], n == err.line) for n in range(start, end + 1)]
            if err.column is not None and err.column >= 1:
                shown.caret = " " * (err.column - 1) + "^"
    return shown


def _wants_page(page: Page) -> bool:
    request = page.request
    if request.method == "POST":
        return request.mimetype in FORM_TYPES
    # a GET is the page only when HTML is asked for by name (browsers do); a client without an
    # Accept header or with */* (curl, urllib) keeps the API's answer, 405
    return any(value in ("text/html", "application/xhtml+xml") and quality > 0
               for value, quality in request.accept_mimetypes)


def _options(page: Page, values) -> dict[str, Any]:
    from ...validator import READINGS, reading_note
    from ...validator.rulesets import list_rule_sets
    from ...validator.shapes import DEFAULT_READING

    reading = values.get("reading") or DEFAULT_READING
    known = list_rule_sets(page.lang)
    keys = {r["id"] for r in known}
    chosen = [k for k in (values.getlist("rule_set") if hasattr(values, "getlist") else []) if k in keys]
    return {"readings": [(key, reading_note(key, page.lang)) for key in READINGS],
            "reading": reading if reading in READINGS else DEFAULT_READING,
            "as_of": (values.get("as_of") or "").strip(),
            "rule_sets": [(r["id"], r["label"]) for r in known], "chosen_rule_sets": chosen,
            "rule_set_labels": {r["id"]: r["label"] for r in known}}


def _size(n: int) -> str:
    return f"{n / (1024 * 1024):g} MiB" if n >= 1024 * 1024 else f"{n // 1024} KiB"


@route("/validate", methods=("GET", "HEAD", "POST"))
def validate_page(page: Page) -> Response | None:
    if not _wants_page(page):
        return None  # the API (aiwork_kg.server.serve.SparqlApp.validate)
    request = page.request
    app = page.app
    timeout = getattr(app, "timeout", None)
    max_body = getattr(app, "max_body", None)
    too_large = False
    try:
        values = request.form if request.method == "POST" else request.args
    except RequestEntityTooLarge:  # the page again, with the limit named (the API answers plain 413)
        values, too_large = request.args, True
    spec = profile_form.form_spec(page.lang)
    context: dict[str, Any] = {
        "mode": values.get("mode") if values.get("mode") in MODES else None,
        "formats": FORMATS, "paste_text": "", "paste_format": values.get("format") or "auto",
        "spec": spec, "form_values": MultiDict(), "built": None, "form_error": None,
        "run": None, "results": [], "errors": [], "notice": None, "validated": None,
        "timeout": f"{timeout:g}" if timeout else "-", "max_size": _size(max_body) if max_body else "-",
        "default_system": profile_form.DEFAULT_SYSTEM, "missing_labels": {},
        "local": lambda iri: local_path(iri) or iri,
        **_options(page, values),
    }
    if too_large:
        context["notice"] = page.t("validate.too_large", size=context["max_size"])
        return page.render("validate.html", status=413, **context)
    if request.method != "POST":
        return page.render("validate.html", **context)

    mode = context["mode"] or "paste"
    text: str | None = None
    suffix = ".ttl"
    source = "pasted.ttl"
    if mode == "paste":
        text = values.get("description") or ""
        context["paste_text"] = text
        fmt = values.get("format") or "auto"
        suffix = FORMATS[fmt][1] if fmt in FORMATS else sniff_suffix(text)
        given = secure_filename(values.get("source") or "")  # kept when a result is validated again
        source = (given.rsplit(".", 1)[0] if given else "pasted") + suffix
    elif mode == "upload":
        upload = request.files.get("file")
        if upload is None or not upload.filename:
            context["notice"] = page.t("validate.no_input")
            return page.render("validate.html", status=400, **context)
        data = upload.read()
        text = data.decode("utf-8", "replace")
        name = secure_filename(upload.filename) or "upload"
        dot = name.rfind(".")
        suffix = SUFFIXES.get(name[dot:].lower(), "") if dot > 0 else ""
        if not suffix:
            suffix = sniff_suffix(text)
            name += suffix
        source = name
    else:  # the form
        context["form_values"] = values
        try:
            graph = profile_form.build_description(values, page.lang)
        except profile_form.FormError as exc:
            context["form_error"] = str(exc)
            return page.render("validate.html", status=400, **context)
        text = profile_form.description_turtle(graph)
        context["built"] = text
        source = "form.ttl"
        action = values.get("action")
        if action == "preview":
            return page.render("validate.html", **context)
        if action == "download-description":
            return Response(text, content_type="text/turtle; charset=utf-8",
                            headers={"Content-Disposition": 'attachment; filename="description.ttl"'})
    if not text.strip():
        context["notice"] = page.t("validate.no_input")
        return page.render("validate.html", status=400, **context)
    download = values.get("download")
    run, status = _validate(text, source, context, page.lang, timeout, max_body,
                            keep_reports=download == "turtle")
    if isinstance(run, str):  # bad reading or date: named, as the API does
        context["notice"] = run
        return page.render("validate.html", status=400, **context)
    if download in ("json", "turtle") and not run.errors:
        from ...validator.render import render_turtle

        stem = source.rsplit(".", 1)[0] or "description"
        if download == "json":
            return Response(run.to_json(), content_type="application/json; charset=utf-8",
                            headers={"Content-Disposition": f'attachment; filename="{stem}-report.json"'})
        return Response(render_turtle(run), content_type="text/turtle; charset=utf-8",
                        headers={"Content-Disposition": f'attachment; filename="{stem}-report.ttl"'})
    context["run"] = run
    context["results"] = run.results
    context["errors"] = [shown_error(page, e, text) for e in run.errors]
    context["validated"] = {"text": text, "source": source, "format": _format_of(source)}
    context["missing_labels"] = profile_form.missing_labels(
        sorted({m for r in run.results for m in r.missing}), page.lang)
    if not run.results and not run.errors:
        context["notice"] = page.t("validate.no_systems")
    return page.render("validate.html", status=status, **context)


def _format_of(source: str) -> str:
    suffix = "." + source.rsplit(".", 1)[-1] if "." in source else ".ttl"
    return next((key for key, (_, s) in FORMATS.items() if s == SUFFIXES.get(suffix, ".ttl")), "turtle")


def _validate(text: str, source: str, context: dict, lang: str, timeout: float | None, max_body: int | None,
              keep_reports: bool):
    """aiwork_kg.validate on the bytes of `text` named `source`; (run, HTTP status) or (message, 400)."""
    from ...validator import validate

    as_of = context["as_of"] or None
    if as_of is not None:
        try:
            _dt.date.fromisoformat(as_of)
        except ValueError:
            return f"as_of={as_of!r}: expected a date YYYY-MM-DD", 400
    body = io.BytesIO(text.encode("utf-8"))
    body.name = source  # the validator parses it by this suffix and names it in messages
    try:
        run = validate([body], rule_sets=context.get("chosen_rule_sets") or None, reading=context["reading"],
                       as_of=as_of, lang=lang, keep_reports=keep_reports,
                       time_limit=timeout, max_bytes=max_body)
    except AiworkError as exc:
        return str(exc), 400
    status = 200
    if run.errors:
        kinds = {e.kind for e in run.errors if isinstance(e, LimitError)}
        status = 503 if "time" in kinds else 413 if "size" in kinds else 400
    return run, status
