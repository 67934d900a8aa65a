"""The route table of the web pages and the per-request :class:`Page` context.

A page module (in :mod:`aiwork_kg.web.pages`) registers handlers::

    from ..app import Page, route

    @route("/query")
    def query_page(page: Page) -> Response:
        return page.render("query.html", queries=...)

Exact routes are tried before the server's own routes (so a module may answer ``GET /validate``
while ``POST /validate`` stays the API); a :func:`fallback` handler is tried after them (the
Linked Data pages answer every other path); when nothing answers a GET, the 404 page does.
"""
from __future__ import annotations

import importlib
import pkgutil
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from werkzeug.wrappers import Request, Response

from ..languages import DEFAULT_LANGUAGE, LANGUAGES
from .i18n import LANGUAGE_NAMES, gettext

if TYPE_CHECKING:  # pragma: no cover
    import jinja2
    import pyoxigraph

WEB_DIR = Path(__file__).resolve().parent
TEMPLATES_DIR = WEB_DIR / "templates"
STATIC_DIR = WEB_DIR / "static"

Handler = Callable[["Page"], "Response | None"]


@dataclass
class Route:
    path: str
    handler: Handler
    methods: tuple[str, ...] = ("GET", "HEAD")


_ROUTES: dict[str, Route] = {}
_FALLBACKS: list[Route] = []
_LOADED = False
_LOAD_LOCK = threading.Lock()


def route(path: str, methods: tuple[str, ...] = ("GET", "HEAD")) -> Callable[[Handler], Handler]:
    """Register `handler` for the exact `path` (without a trailing slash; ``/`` for the start page)."""
    def register(handler: Handler) -> Handler:
        if path in _ROUTES and _ROUTES[path].handler is not handler:
            raise ValueError(f"two web handlers for {path}")
        _ROUTES[path] = Route(path, handler, tuple(methods))
        return handler
    return register


def fallback(handler: Handler) -> Handler:
    """Register a handler tried for every GET/HEAD path no exact route answers; it returns None to pass."""
    if handler not in [r.handler for r in _FALLBACKS]:
        _FALLBACKS.append(Route("*", handler))
    return handler


def load_pages() -> None:
    """Import every module of :mod:`aiwork_kg.web.pages` once (they register their routes)."""
    global _LOADED
    if _LOADED:
        return
    with _LOAD_LOCK:
        if _LOADED:
            return
        from . import pages

        for info in sorted(pkgutil.iter_modules(pages.__path__), key=lambda i: i.name):
            importlib.import_module(f"{pages.__name__}.{info.name}")
        _LOADED = True


def exact_route(request: Request) -> Route | None:
    load_pages()
    found = _ROUTES.get(request.path.rstrip("/") or "/")
    return found if found is not None and request.method in found.methods else None


def dispatch(app: Any, request: Request, *, phase: str) -> Response | None:
    """Answer `request` with a web page, or None to let the server's other routes answer.

    ``phase="exact"``: only the registered paths; ``phase="fallback"``: the fallback handlers
    (GET and HEAD only), then the 404 page."""
    load_pages()
    if phase == "exact":
        found = exact_route(request)
        return found.handler(Page(app, request)) if found is not None else None
    if request.method not in ("GET", "HEAD"):
        return None
    page = Page(app, request)
    for candidate in _FALLBACKS:
        response = candidate.handler(page)
        if response is not None:
            return response
    return page.not_found()


# -- the environment (one per process) ------------------------------------------------------
_ENV: jinja2.Environment | None = None


def environment() -> jinja2.Environment:
    global _ENV
    if _ENV is None:
        import jinja2

        env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES_DIR)),
                                 autoescape=jinja2.select_autoescape(("html", "xml"), default=True),
                                 trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined)
        env.globals["LANGUAGES"] = LANGUAGES
        env.globals["LANGUAGE_NAMES"] = LANGUAGE_NAMES
        _ENV = env
    return _ENV


def choose_language(request: Request) -> tuple[str, bool]:
    """(language, explicit): ``?lang=`` if it names a language of the product, else the best
    match of ``Accept-Language`` (``da-DK`` counts as ``da``), else English."""
    asked = request.args.get("lang")
    if asked in LANGUAGES:
        return asked, True
    best = request.accept_languages.best_match(LANGUAGES)
    if best is None:  # werkzeug matches "da-DK" to "da" only one way: try the primary subtags
        for tag, _quality in request.accept_languages:
            primary = tag.split("-")[0].lower()
            if primary in LANGUAGES:
                best = primary
                break
    return best or DEFAULT_LANGUAGE, False


STATIC_SUFFIXES = (".html", ".ttl", ".jsonld", ".nt", ".rdf", ".css", ".js", ".json", ".owl", ".nq", ".trig")


def static_href(path: str, lang: str) -> str:
    """The file of the static site that holds the page `path` in `lang`: ``/x/y`` -> ``/x/y.html``
    (English) or ``/x/y.da.html``; ``/`` -> ``/index.html``; a file name with a suffix is kept."""
    if path.startswith(("/static/", "/release/")) or path.endswith(STATIC_SUFFIXES) or "://" in path:
        return path
    stem = "/index" if path in ("", "/") else path.rstrip("/")
    return stem + ("" if lang == DEFAULT_LANGUAGE else "." + lang) + ".html"


@dataclass
class Page:
    """What a handler gets: the server application, the request, the chosen language."""

    app: Any
    request: Request
    lang: str = field(init=False)
    explicit_lang: bool = field(init=False)

    def __post_init__(self) -> None:
        self.lang, self.explicit_lang = choose_language(self.request)
        # a page rendered for the static site (aiwork_kg.web.site): links point at files
        self.static = bool(self.request.environ.get("aiwork.static"))

    # -- language and links -----------------------------------------------------------------
    def t(self, key: str, /, **values: object) -> str:
        return gettext(key, self.lang, **values)

    def url(self, path: str, /, **params: object) -> str:
        """A link to `path` on this server that keeps an explicit ``?lang=`` (None values dropped)."""
        query = {k: v for k, v in params.items() if v is not None}
        if self.static:
            return static_href(path, str(query.get("lang") or self.lang))
        if self.explicit_lang and "lang" not in query:
            query["lang"] = self.lang
        if not query:
            return path
        return path + ("&" if "?" in path else "?") + urlencode(query, doseq=True)

    def lang_url(self, lang: str) -> str:
        """This page in another language (the other parameters kept)."""
        if self.static:
            return static_href(self.request.path, lang)
        params = [(k, v) for k, v in self.request.args.items(multi=True) if k != "lang"]
        params.append(("lang", lang))
        return self.request.path + "?" + urlencode(params)

    # -- data -------------------------------------------------------------------------------
    @property
    def store(self) -> pyoxigraph.Store:
        """The embedded store of the release the server serves (read-only, shared)."""
        from ..store import open_store

        return open_store(getattr(self.app, "release_dir", None))

    # -- responses --------------------------------------------------------------------------
    def render(self, template: str, /, *, status: int = 200, headers: dict[str, str] | None = None,
               **values: object) -> Response:
        from .. import __version__

        html = environment().get_template(template).render(
            page=self, lang=self.lang, t=self.t, url=self.url, version=__version__, **values)
        vary = "Accept-Language" if self.explicit_lang else "Accept, Accept-Language"
        all_headers = {"Vary": vary, "Content-Language": self.lang, **(headers or {})}
        return Response(html, status=status, mimetype="text/html", headers=all_headers)

    def not_found(self, message: str | None = None) -> Response:
        """The 404 page (plain text for a client that does not take HTML)."""
        accept = self.request.accept_mimetypes
        text = message or self.t("error.404.text", path=self.request.path)
        if accept and not accept.accept_html and accept.best not in (None, "*/*"):
            return Response(text + "\n", status=404, mimetype="text/plain", headers={"Vary": "Accept"})
        return self.render("error.html", status=404, title=self.t("error.404.title"), message=text)
