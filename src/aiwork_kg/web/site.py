"""``aiwork-kg site --out DIR``: the web pages as static files that any web server can host.

What is written (docs/web.md, "The static site"):

- ``{path}.html`` (English), ``{path}.da.html``, ``{path}.nl.html`` and ``{path}.ttl``,
  ``.jsonld``, ``.nt``, ``.rdf`` for every IRI of the release (:meth:`.graph.WebGraph.documents`),
  rendered by the server's own code (each file is the body the server answers for that
  variant), so a static copy and ``aiwork-kg serve`` show the same;
- ``index.html`` (and per language), ``ontology.html``, ``404.html``;
- ``query.html``: the query library's documentation (summary, description, parameters, text);
  ``query``, ``validate`` and ``sparql`` pages that say they need ``aiwork-kg serve``;
- ``static/`` (the CSS and vendored assets), ``release/`` (the release files, the downloads),
  ``context.jsonld``;
- ``.htaccess`` for Apache hosting (media types; content negotiation on the paths without a
  suffix), and ``w3id/aiwork/.htaccess``: the w3id redirect rules with ``--base-url`` as the
  deployment (:data:`aiwork_kg.paths.W3ID_DIR`).
"""
from __future__ import annotations

import posixpath
import re
import types
from dataclasses import dataclass, field
from pathlib import Path

from werkzeug.test import Client, EnvironBuilder
from werkzeug.wrappers import Request, Response

from ..errors import AiworkError
from ..languages import DEFAULT_LANGUAGE, LANGUAGES
from .app import STATIC_DIR, Page, dispatch, static_href
from .graph import RDF_FORMS, path_of_iri, web_graph

APACHE_RULES = """# Apache rules for the static site of aiwork-kg (written by `aiwork-kg site`).
# Media types of the RDF forms, and content negotiation on a path without a suffix:
# /x/y answers the file /x/y.ttl, .jsonld, .nt or .rdf when Accept names that type, else /x/y.html.
AddType text/turtle .ttl
AddType application/ld+json .jsonld
AddType application/n-triples .nt
AddType application/rdf+xml .rdf
AddType application/n-quads .nq
AddType application/trig .trig
AddCharset utf-8 .html .ttl .nt
DirectoryIndex index.html
ErrorDocument 404 /404.html
Options -MultiViews
RewriteEngine on
RewriteCond %{HTTP_ACCEPT} text/turtle
RewriteCond %{REQUEST_FILENAME}.ttl -f
RewriteRule ^(.+)$ $1.ttl [L,E=NEGOTIATED:1]
RewriteCond %{HTTP_ACCEPT} application/ld\\+json
RewriteCond %{REQUEST_FILENAME}.jsonld -f
RewriteRule ^(.+)$ $1.jsonld [L,E=NEGOTIATED:1]
RewriteCond %{HTTP_ACCEPT} application/n-triples
RewriteCond %{REQUEST_FILENAME}.nt -f
RewriteRule ^(.+)$ $1.nt [L,E=NEGOTIATED:1]
RewriteCond %{HTTP_ACCEPT} application/rdf\\+xml
RewriteCond %{REQUEST_FILENAME}.rdf -f
RewriteRule ^(.+)$ $1.rdf [L,E=NEGOTIATED:1]
RewriteCond %{REQUEST_FILENAME}.html -f
RewriteRule ^(.+)$ $1.html [L,E=NEGOTIATED:1]
<IfModule mod_headers.c>
Header append Vary Accept env=REDIRECT_NEGOTIATED
</IfModule>
"""


@dataclass
class SiteResult:
    out_dir: Path
    pages: int = 0            # HTML pages of resources (all languages)
    rdf_files: int = 0        # RDF forms
    files: list[Path] = field(default_factory=list)


class _SiteApp:
    """The web pages as a WSGI app with links to files (``environ["aiwork.static"]``)."""

    def __init__(self, release_dir: Path | str | None):
        self.release_dir = release_dir
        self.stub = types.SimpleNamespace(release_dir=release_dir)

    def __call__(self, environ, start_response):
        environ["aiwork.static"] = True
        request = Request(environ)
        response = dispatch(self.stub, request, phase="exact") or dispatch(self.stub, request, phase="fallback")
        assert response is not None  # the fallback phase answers every GET (at worst the 404 page)
        return response(environ, start_response)


def _page(release_dir, path: str, lang: str) -> Page:
    environ = EnvironBuilder(path=path, query_string={"lang": lang}).get_environ()
    environ["aiwork.static"] = True
    return Page(types.SimpleNamespace(release_dir=release_dir), Request(environ))


def write_site(out_dir: Path | str, release_dir: Path | str | None = None, *,
               languages: tuple[str, ...] = LANGUAGES, base_url: str | None = None) -> SiteResult:
    """Write the static site of a release into `out_dir` (created; existing files are replaced)."""
    from ..paths import CONTEXT_FILE, W3ID_DIR, default_dist_dir
    from ..release import RELEASE_FILES, VOID_FILE
    from ..store import find_release_ntriples

    if find_release_ntriples(release_dir) is None:
        where = release_dir or default_dist_dir()
        raise AiworkError(f"{where}: no release found; run `aiwork-kg build` first (or give --release DIR)")
    for lang in languages:
        if lang not in LANGUAGES:
            raise AiworkError(f"--lang {lang}: expected one of {', '.join(LANGUAGES)}")
    if DEFAULT_LANGUAGE not in languages:
        languages = (DEFAULT_LANGUAGE, *languages)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    result = SiteResult(out)
    client = Client(_SiteApp(release_dir))
    graph = web_graph(release_dir)

    def write(relative: str, body: bytes) -> None:
        if relative.endswith(".html") and relative.lstrip("/") != "404.html":
            body = relative_links(body, relative)
        target = out / relative.lstrip("/")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(body)
        result.files.append(target)

    def get(path: str, *, lang: str | None = None, accept: str = "text/html") -> Response:
        response = client.get(path, query_string={"lang": lang} if lang else None, headers={"Accept": accept})
        if response.status_code != 200:
            raise AiworkError(f"{path}: the page answered {response.status_code}, not 200")
        return response

    for doc in sorted(graph.documents()):
        path = path_of_iri(doc)
        if path == "/":  # the namespace itself (a foaf:Document): its page is the start page, index.html
            continue
        for lang in languages:
            write(static_href(path, lang), get(path, lang=lang).get_data())
            result.pages += 1
        for _media, (suffix, _, _) in RDF_FORMS.items():
            write(path + suffix, get(path + suffix).get_data())
            result.rdf_files += 1
    for lang in languages:
        write(static_href("/", lang), get("/", lang=lang).get_data())
        for name in ("query", "validate", "sparql"):
            page = _page(release_dir, "/" + name, lang)
            write(static_href("/" + name, lang), _needs_server(page, name).get_data())
    not_found = _page(release_dir, "/404", DEFAULT_LANGUAGE)
    write("404.html", not_found.render("error.html", status=404, title=not_found.t("error.404.title"),
                                       message=not_found.t("site.not_found")).get_data())
    for asset in sorted(STATIC_DIR.rglob("*")):
        if asset.is_file():
            write("static/" + asset.relative_to(STATIC_DIR).as_posix(), asset.read_bytes())
    nt = find_release_ntriples(release_dir)
    assert nt is not None
    for name in [*RELEASE_FILES.values(), VOID_FILE]:
        source = nt.parent / name
        if source.is_file():
            write("release/" + name, source.read_bytes())
    write("context.jsonld", CONTEXT_FILE.read_bytes())
    write(".htaccess", APACHE_RULES.encode("utf-8"))
    rules = W3ID_DIR / "aiwork" / ".htaccess"
    if rules.is_file():
        text = rules.read_text(encoding="utf-8")
        if base_url:
            text = re.sub(r"\[E=AIWORK:[^\]]*\]", f"[E=AIWORK:{base_url.rstrip('/')}]", text, count=1)
        write("w3id/aiwork/.htaccess", text.encode("utf-8"))
    return result


_ROOT_LINK = re.compile(rb'(\s(?:href|src|action)=")(/(?!/)[^"#?]*)([^"]*)"')


def relative_links(html: bytes, file_path: str) -> bytes:
    """The root-relative links of the page written at `file_path` (``/a/b.html``) made relative to
    it (``/a/c.html`` -> ``c.html``, ``/static/style.css`` -> ``../static/style.css``), so that the
    site works from any folder of a host. ``404.html`` keeps root-relative links: a server sends
    it for a missing path at any depth."""
    here = posixpath.dirname("/" + file_path.lstrip("/"))

    def relative(match: re.Match) -> bytes:
        target = match.group(2).decode("utf-8")
        return match.group(1) + posixpath.relpath(target, here).encode("utf-8") + match.group(3) + b'"'

    return _ROOT_LINK.sub(relative, html)


def _needs_server(page: Page, name: str) -> Response:
    """The static stand-in of a page that needs `aiwork-kg serve` (the query library's documentation
    for ``query``)."""
    queries = []
    if name == "query":
        from ..sparql.catalog import library

        queries = library()
    return page.render("static_needs_server.html", name=name, queries=queries)
