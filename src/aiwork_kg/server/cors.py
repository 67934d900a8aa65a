"""Cross-origin access (CORS) to the read-only API: ``/sparql`` and the ``/validate`` API.

A browser page on another origin (YASGUI, Comunica, a notebook in the browser) may query the
endpoint: every answer of these routes, errors included, carries
``Access-Control-Allow-Origin: *``, so that the client can read the result or the message, and
``Access-Control-Expose-Headers`` names the headers of ours a client may read (the query time).
A preflight (``OPTIONS`` with ``Access-Control-Request-Method``) is answered ``204 No Content``
with the methods and request headers the route accepts; the request that follows is judged as
any other, so an update sent after a successful preflight is still refused with 403.

Why ``*`` and no credentials: the endpoint is public and read-only, it sets no cookies and
reads no ``Authorization``; ``*`` is what the Fetch standard allows for such a resource and what
public SPARQL endpoints (Wikidata, DBpedia's Virtuoso, Fuseki with ``--cors``) send. The
wildcard makes ``Vary: Origin`` unnecessary (the answer does not depend on the origin).
"""
from __future__ import annotations

from werkzeug.wrappers import Request, Response

# route -> the methods a cross-origin client may use on it (OPTIONS is the preflight itself)
CORS_ROUTES: dict[str, tuple[str, ...]] = {
    "/sparql": ("GET", "POST"),
    "/validate": ("POST",),
}
#: request headers a client may send beyond the CORS-safelisted ones (Content-Type with a
#: non-form type such as application/sparql-query, Accept with a long list, Accept-Language)
ALLOWED_HEADERS = ("Accept", "Accept-Language", "Content-Language", "Content-Type", "Cache-Control",
                   "X-Requested-With")
#: response headers of ours a cross-origin client may read
EXPOSED_HEADERS = ("X-Query-Seconds", "Content-Disposition", "Vary")
MAX_AGE = 86400  # seconds a browser may cache a preflight answer


def cors_route(path: str) -> str | None:
    """The CORS route `path` belongs to (trailing slash ignored), or None."""
    path = path.rstrip("/") or "/"
    return path if path in CORS_ROUTES else None


def allow(route: str) -> str:
    """The Allow / Access-Control-Allow-Methods value of a route."""
    return ", ".join(CORS_ROUTES[route] + ("OPTIONS",))


def preflight(request: Request, route: str) -> Response:
    """The answer to ``OPTIONS`` on a CORS route: 204 with the methods and headers allowed.

    A plain OPTIONS (no Origin, no Access-Control-Request-Method) gets the same 204 with
    ``Allow``, as RFC 9110 describes; a preflight for a method the route does not take gets
    the same headers too, and the browser then refuses the request itself (the Fetch standard
    compares the requested method with Access-Control-Allow-Methods)."""
    methods = allow(route)
    response = Response(status=204)
    response.headers["Allow"] = methods
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Access-Control-Allow-Methods"] = methods
    response.headers["Access-Control-Allow-Headers"] = ", ".join(ALLOWED_HEADERS)
    response.headers["Access-Control-Max-Age"] = str(MAX_AGE)
    return response


def add_headers(response: Response) -> Response:
    """Mark an answer of a CORS route as readable from any origin."""
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Access-Control-Expose-Headers"] = ", ".join(EXPOSED_HEADERS)
    return response


__all__ = ["CORS_ROUTES", "ALLOWED_HEADERS", "EXPOSED_HEADERS", "MAX_AGE", "cors_route", "allow",
           "preflight", "add_headers"]
