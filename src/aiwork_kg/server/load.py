"""Push the release into a SPARQL 1.1 store with the Graph Store Protocol, then verify it.

The release's N-Triples (or Turtle) file is sent with one HTTP ``PUT`` (replace the graph) or
``POST`` (merge into it) to the store's Graph Store Protocol URL, addressed with ``?default`` or
``?graph=IRI`` (SPARQL 1.1 Graph Store HTTP Protocol, section 4). Afterwards a ``COUNT`` query
sent with SPARQLWrapper to the store's query endpoint checks that the graph holds exactly the
release's triples.

How the common stores are addressed (see docs/servers.md):

=============  ==========================================  ==============================
store          Graph Store URL (``endpoint``)               query URL (``query_endpoint``)
=============  ==========================================  ==============================
Oxigraph       ``http://host:7878/store`` (or the base)     ``http://host:7878/query``
Jena Fuseki    ``http://host:3030/{dataset}/data``          ``http://host:3030/{dataset}/sparql``
Virtuoso       ``http://host:8890/sparql-graph-crud-auth``  ``http://host:8890/sparql``
=============  ==========================================  ==============================

The query URL is derived from the Graph Store URL for these three; any other store needs
``query_endpoint``. Requests go only to those two URLs: redirects of the upload are refused,
nothing else is contacted.
"""
from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from ..errors import EndpointError, ReleaseNotFoundError
from ..paths import default_dist_dir
from ..release import MEDIA_TYPES, NQ, RELEASE_FILES

# upload format (`aiwork-kg load --format`) -> key of the release file in release.RELEASE_FILES
UPLOAD_FORMATS = {"nt": "nt", "turtle": "ttl"}
DEFAULT_TIMEOUT = 300.0


class VerificationError(EndpointError):
    """The store accepted the upload but does not hold the triple count that was sent."""

    def __init__(self, message: str, result: LoadResult):
        super().__init__(message)
        self.result = result


@dataclass
class LoadResult:
    """What :func:`load` sent and what it found in the store afterwards."""

    endpoint: str              # the Graph Store Protocol URL the data went to
    query_endpoint: str        # the SPARQL query URL the count was checked with
    graph: str | None          # the named graph, or None for the default graph
    triples_sent: int          # triples in the release file that was uploaded
    triples_verified: int      # triples the COUNT query found in that graph afterwards
    replaced: bool             # PUT (replace the graph) or POST (merge into it)
    status: int                # HTTP status of the upload
    release_file: str          # the file that was uploaded (see require_release_file)

    @property
    def ok(self) -> bool:
        if self.replaced:
            return self.triples_verified == self.triples_sent
        return self.triples_verified >= self.triples_sent

    @property
    def graph_label(self) -> str:
        return f"<{self.graph}>" if self.graph else "the default graph"

    def to_dict(self) -> dict:
        return {"endpoint": self.endpoint, "query_endpoint": self.query_endpoint, "graph": self.graph,
                "triples_sent": self.triples_sent, "triples_verified": self.triples_verified,
                "replaced": self.replaced, "status": self.status, "release_file": self.release_file,
                "ok": self.ok}


def resolve_endpoints(endpoint: str, query_endpoint: str | None = None) -> tuple[str, str]:
    """(Graph Store URL, query URL) for `endpoint`, which is a Graph Store URL or a server base.

    A URL without a path (``http://host:7878``) is taken as an Oxigraph server: ``/store`` and
    ``/query``. A Graph Store URL ending in ``/store`` (Oxigraph), ``/data`` (Fuseki) or
    ``/sparql-graph-crud[-auth]`` (Virtuoso) gets its query URL derived; others need
    `query_endpoint`.
    """
    gsp = _check_url(endpoint, "--endpoint")
    parts = urllib.parse.urlsplit(gsp)
    if parts.query or parts.fragment:
        raise EndpointError(f"{endpoint}: give the Graph Store URL without '?…' or '#…' "
                            "(the graph is chosen with --graph; the default graph otherwise)")
    path = parts.path.rstrip("/")
    base = urllib.parse.urlunsplit((parts.scheme, parts.netloc, "", "", ""))
    if path == "":
        gsp, derived = base + "/store", base + "/query"
    elif path.endswith("/store"):
        gsp, derived = base + path, base + path[: -len("/store")] + "/query"
    elif path.endswith("/data"):
        gsp, derived = base + path, base + path[: -len("/data")] + "/sparql"
    elif path.endswith(("/sparql-graph-crud", "/sparql-graph-crud-auth")):
        gsp, derived = base + path, base + path.rsplit("/", 1)[0] + "/sparql"
    else:
        gsp, derived = base + path, None
    if query_endpoint:
        return gsp, _check_url(query_endpoint, "--query-endpoint")
    if derived is None:
        raise EndpointError(f"{endpoint}: cannot tell which store this is, so not where to send the "
                            "verifying COUNT query; pass the query URL with --query-endpoint")
    return gsp, derived


def _check_url(url: str, what: str) -> str:
    parts = urllib.parse.urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise EndpointError(f"{url!r}: {what} must be an http:// or https:// URL")
    return url.strip()


def _check_graph_iri(graph: str) -> str:
    parts = urllib.parse.urlsplit(graph)
    if not parts.scheme or any(c in graph for c in ' <>"{}|^`\\'):
        raise EndpointError(f"{graph!r}: --graph must be an absolute IRI (e.g. https://example.org/g)")
    return graph


def require_release_file(release_dir: Path | str | None = None, fmt: str = "nt") -> Path:
    """The release file :func:`load` uploads in format `fmt` (``aiwork-kg.nt`` for ``"nt"``,
    ``aiwork-kg.ttl`` for ``"turtle"``) in `release_dir` (default ./dist).

    Raises :class:`~aiwork_kg.errors.ReleaseNotFoundError` when it is not there and
    :class:`~aiwork_kg.errors.EndpointError` for an unknown format."""
    if fmt not in UPLOAD_FORMATS:
        raise EndpointError(f"unknown upload format {fmt!r}: expected one of {', '.join(UPLOAD_FORMATS)}")
    folder = Path(release_dir) if release_dir is not None else default_dist_dir()
    path = folder / RELEASE_FILES[UPLOAD_FORMATS[fmt]]
    if not path.is_file():
        raise ReleaseNotFoundError(f"{path}: no release file here; run `aiwork-kg build` "
                                   "(or pass --release DIR)")
    return path


def count_ntriples(path: Path | str) -> int:
    """Triples in an N-Triples file: its lines that are neither empty nor comments."""
    n = 0
    with open(path, "rb") as fh:
        for line in fh:
            s = line.strip()
            if s and not s.startswith(b"#"):
                n += 1
    return n


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Never follow a redirect: the data goes to the given URL or nowhere."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        raise urllib.error.HTTPError(req.full_url, code,
                                     f"redirect to {newurl} refused (give that URL directly)", headers, fp)


def _opener(url: str, auth: tuple[str, str] | None):
    handlers: list = [_NoRedirect()]
    if auth:
        mgr = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        mgr.add_password(None, url, auth[0], auth[1])
        # the server's challenge picks the scheme: Basic (Fuseki) or Digest (Virtuoso)
        handlers += [urllib.request.HTTPDigestAuthHandler(mgr), urllib.request.HTTPBasicAuthHandler(mgr)]
    return urllib.request.build_opener(*handlers)


def _graph_url(gsp: str, graph: str | None) -> str:
    query = urllib.parse.urlencode({"graph": graph}) if graph else "default"
    return f"{gsp}?{query}"


def _digest_authorization(request: urllib.request.Request, auth: tuple[str, str], timeout: float) -> str | None:
    """The Digest ``Authorization`` header for `request`, from the challenge to a HEAD request.

    A store that answers an unauthenticated upload with 401 before reading the body, as
    Virtuoso does, may close the connection while the body is still being sent; the client
    then sees a broken pipe instead of the challenge. Asking for the challenge first lets the
    upload carry its credentials. None when the URL sends no Digest challenge (the upload then
    answers whatever challenge comes, as before)."""
    url = request.full_url
    try:
        # HEAD changes nothing, whether or not the store asks for credentials
        urllib.request.build_opener(_NoRedirect()).open(urllib.request.Request(url, method="HEAD"),
                                                         timeout=timeout).close()
        return None
    except urllib.error.HTTPError as exc:
        challenge = exc.headers.get("WWW-Authenticate", "") if exc.code == 401 else ""
    except (urllib.error.URLError, OSError):
        return None
    scheme, _, rest = challenge.partition(" ")
    if scheme.lower() != "digest":
        return None
    mgr = urllib.request.HTTPPasswordMgrWithDefaultRealm()
    mgr.add_password(None, url, auth[0], auth[1])
    fields = urllib.request.parse_keqv_list([x for x in urllib.request.parse_http_list(rest) if x])
    value = urllib.request.HTTPDigestAuthHandler(mgr).get_authorization(request, fields)
    return f"Digest {value}" if value else None


def upload(gsp: str, data: bytes, content_type: str, *, graph: str | None = None, replace: bool = True,
           auth: tuple[str, str] | None = None, timeout: float = DEFAULT_TIMEOUT) -> int:
    """PUT (replace) or POST (merge) `data` into a graph of a Graph Store; returns the HTTP status."""
    url = _graph_url(gsp, graph)
    request = urllib.request.Request(url, data=data, method="PUT" if replace else "POST",
                                     headers={"Content-Type": content_type,
                                              "Content-Length": str(len(data))})
    if auth:
        authorization = _digest_authorization(request, auth, timeout)
        if authorization:
            request.add_unredirected_header("Authorization", authorization)
    try:
        with _opener(url, auth).open(request, timeout=timeout) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as exc:
        body = _error_body(exc)
        raise EndpointError(f"{url}: the store refused the upload: HTTP {exc.code} {exc.reason}"
                            + (f": {body}" if body else "")) from exc
    except urllib.error.URLError as exc:
        raise EndpointError(f"{url}: cannot reach the store: {exc.reason}") from exc
    except (TimeoutError, OSError) as exc:
        raise EndpointError(f"{url}: cannot reach the store: {exc}") from exc


def _error_body(exc: urllib.error.HTTPError) -> str:
    try:
        return exc.read().decode("utf-8", "replace").strip()[:500]
    except Exception:  # noqa: BLE001 - the body only adds detail to the message: unreadable, it is left out
        return ""


def count_triples(query_endpoint: str, graph: str | None = None, *, auth: tuple[str, str] | None = None,
                  digest: bool = True, timeout: float = DEFAULT_TIMEOUT) -> int:
    """Triples in the default graph or in `graph` of a SPARQL endpoint (a COUNT via SPARQLWrapper)."""
    from SPARQLWrapper import BASIC, DIGEST, JSON, SPARQLWrapper
    from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

    pattern = f"GRAPH <{graph}> {{ ?s ?p ?o }}" if graph else "?s ?p ?o"
    client = SPARQLWrapper(query_endpoint)
    client.setQuery(f"SELECT (COUNT(*) AS ?n) WHERE {{ {pattern} }}")
    client.setReturnFormat(JSON)
    client.setOnlyConneg(True)
    client.setTimeout(int(timeout))
    if auth:
        client.setHTTPAuth(DIGEST if digest else BASIC)
        client.setCredentials(*auth)
    try:
        answer = client.queryAndConvert()
        if not isinstance(answer, dict):  # JSON asked for, so a parsed JSON object
            raise TypeError(f"expected a JSON object, got {type(answer).__name__}")
        return int(
answer["results"]["bindings"][0]["n"]["value"])
    except SPARQLWrapperException as exc:
        raise EndpointError(f"{query_endpoint}: the COUNT query failed: {exc}") from exc
    except urllib.error.HTTPError as exc:
        raise EndpointError(f"{query_endpoint}: the COUNT query failed: HTTP {exc.code} {exc.reason}") from exc
    except urllib.error.URLError as exc:
        raise EndpointError(f"{query_endpoint}: cannot reach the query endpoint: {exc.reason}") from exc
    except (KeyError, IndexError, ValueError, TypeError) as exc:
        raise EndpointError(f"{query_endpoint}: unexpected answer to the COUNT query ({exc!r})") from exc
    except OSError as exc:
        raise EndpointError(f"{query_endpoint}: cannot reach the query endpoint: {exc}") from exc


def load(endpoint: str, *, graph: str | None = None, release_dir: Path | str | None = None,
         replace: bool = True, auth: tuple[str, str] | None = None, query_endpoint: str | None = None,
         fmt: str = "nt", digest: bool = True, timeout: float = DEFAULT_TIMEOUT) -> LoadResult:
    """Push the release in `release_dir` (default ./dist) into the store at `endpoint`, then verify.

    `endpoint` is the store's Graph Store Protocol URL or an Oxigraph server's base URL (see
    :func:`resolve_endpoints`); `graph` a named-graph IRI (default: the default graph);
    `replace` PUTs (the graph then holds exactly the release) or POSTs (merges); `auth` is
    (user, password), answered with Digest or Basic as the server asks (`digest` picks the
    scheme SPARQLWrapper uses for the COUNT query); `fmt` is ``"nt"`` or ``"turtle"``.

    Raises EndpointError when a server cannot be reached or refuses, and VerificationError
    (carrying the result) when the store does not hold the triples that were sent.
    """
    gsp, query_url = resolve_endpoints(endpoint, query_endpoint)
    if graph is not None:
        graph = _check_graph_iri(graph)
    path = require_release_file(release_dir, fmt)
    nt_path = require_release_file(release_dir, "nt")
    sent = count_ntriples(nt_path)
    status = upload(gsp, path.read_bytes(), MEDIA_TYPES[UPLOAD_FORMATS[fmt]], graph=graph, replace=replace,
                    auth=auth, timeout=timeout)
    verified = count_triples(query_url, graph, auth=auth, digest=digest, timeout=timeout)
    result = LoadResult(endpoint=gsp, query_endpoint=query_url, graph=graph, triples_sent=sent,
                        triples_verified=verified, replaced=replace, status=status, release_file=str(path))
    if not result.ok:
        expected = "exactly" if replace else "at least"
        raise VerificationError(
            f"{query_url}: {result.graph_label} holds {verified} triples after the upload to {gsp}, "
            f"expected {expected} the {sent} triples of {nt_path}", result)
    return result


def read_named_graphs(release_dir: Path | str | None = None) -> dict[str, bytes]:
    """The named graphs of the release's N-Quads file: graph IRI -> its triples as N-Triples.

    Every line of ``aiwork-kg.nq`` ends with ``<graph IRI> .`` (the release writes no quad in
    the default graph); the N-Triples of a graph are its lines without that term."""
    folder = Path(release_dir) if release_dir is not None else default_dist_dir()
    path = folder / NQ
    if not path.is_file():
        raise ReleaseNotFoundError(f"{path}: no N-Quads file in this release; run `aiwork-kg build` "
                                   "(or pass --release DIR)")
    graphs: dict[str, list[bytes]] = {}
    with open(path, "rb") as fh:
        for number, line in enumerate(fh, 1):
            text = line.rstrip(b"\r\n")
            if not text.strip() or text.lstrip().startswith(b"#"):
                continue
            head, sep, graph = text.removesuffix(b" .").rpartition(b" <")
            if not sep or not graph.endswith(b">"):
                raise EndpointError(f"{path}:{number}: expected a quad ending in <graph IRI> .")
            graphs.setdefault(graph[:-1].decode("utf-8"), []).append(head + b" .\n")
    return {name: b"".join(lines) for name, lines in sorted(graphs.items())}


def load_named_graphs(endpoint: str, *, release_dir: Path | str | None = None, replace: bool = True,
                      auth: tuple[str, str] | None = None, query_endpoint: str | None = None,
                      digest: bool = True, timeout: float = DEFAULT_TIMEOUT) -> list[LoadResult]:
    """Push each named graph of the release (``aiwork-kg.nq``) into the same named graph of the
    store, one Graph Store Protocol request per graph, then verify the count of every graph.

    Raises EndpointError like :func:`load`, and VerificationError (carrying the first result that
    differs) when a graph does not hold the triples that were sent."""
    gsp, query_url = resolve_endpoints(endpoint, query_endpoint)
    folder = Path(release_dir) if release_dir is not None else default_dist_dir()
    graphs = read_named_graphs(folder)
    results = []
    for name, data in graphs.items():
        sent = data.count(b"\n")
        status = upload(gsp, data, MEDIA_TYPES["nt"], graph=name, replace=replace, auth=auth, timeout=timeout)
        results.append((name, sent, status))
    out = []
    for name, sent, status in results:
        verified = count_triples(query_url, name, auth=auth, digest=digest, timeout=timeout)
        result = LoadResult(endpoint=gsp, query_endpoint=query_url, graph=name, triples_sent=sent,
                            triples_verified=verified, replaced=replace, status=status,
                            release_file=str(folder / NQ))
        if not result.ok:
            expected = "exactly" if replace else "at least"
            raise VerificationError(
                f"{query_url}: {result.graph_label} holds {verified} triples after the upload to {gsp}, "
                f"expected {expected} the {sent} triples of that graph in {folder / NQ}", result)
        out.append(result)
    return out
