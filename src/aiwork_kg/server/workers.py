"""SPARQL queries run in worker processes, so that a query over its time limit can be stopped.

pyoxigraph evaluates a query in native code that cannot be interrupted from Python, and an
aggregate (``SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f }``) produces nothing until it is
done. A thread could only be abandoned and would keep a core busy; a process is killed. Each
worker opens the embedded store once (``aiwork_kg.store.open_store``), then answers queries sent
over a pipe with the serialized result; the pool replaces a worker it had to kill.
"""
from __future__ import annotations

import contextlib
import multiprocessing
import queue
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import AiworkError

# media type -> pyoxigraph format attribute name
SOLUTION_FORMATS = {
    "application/sparql-results+json": "JSON",
    "application/sparql-results+xml": "XML",
    "text/csv": "CSV",
    "text/tab-separated-values": "TSV",
}
TRIPLE_FORMATS = {
    "text/turtle": "TURTLE",
    "application/n-triples": "N_TRIPLES",
    "application/ld+json": "JSON_LD",
    "application/rdf+xml": "RDF_XML",
    "application/n-quads": "N_QUADS",  # a graph result is the default graph of a dataset
    "application/trig": "TRIG",
}


class ServeError(AiworkError):
    """The endpoint cannot start or its query workers failed."""


@dataclass
class QueryAnswer:
    """What a worker made of one query.

    status: ``ok`` (body holds the serialized result), ``syntax`` (the query does not parse),
    ``not-acceptable`` (no format the client accepts for this kind of result), ``too-large``
    (the serialized result is over the request's ``max_bytes``), ``error`` (the
    evaluation failed), ``timeout`` (stopped at the time limit) or ``busy`` (no worker free
    within the time limit).
    """

    status: str
    kind: str | None = None           # "solutions", "boolean" or "triples"
    media_type: str | None = None
    body: bytes = b""
    message: str = ""
    seconds: float = 0.0


@dataclass
class QueryRequest:
    query: str
    solution_types: list[str] = field(default_factory=lambda: ["application/sparql-results+json"])
    triple_types: list[str] = field(default_factory=lambda: ["text/turtle"])
    default_graphs: list[str] = field(default_factory=list)
    named_graphs: list[str] = field(default_factory=list)
    max_bytes: int | None = None      # a larger serialized result is refused (status "too-large")


def _answer(store, request: QueryRequest) -> QueryAnswer:
    import pyoxigraph as ox

    from ..namespaces import PREFIXES

    options: dict[str, Any] = {"prefixes": PREFIXES}  # the project prefixes, as the embedded query API offers them
    if request.default_graphs:
        options["default_graph"] = [ox.NamedNode(g) for g in request.default_graphs]
    if request.named_graphs:
        options["named_graphs"] = [ox.NamedNode(g) for g in request.named_graphs]
    try:
        result = store.query(request.query, **options)
    except SyntaxError as exc:
        return QueryAnswer("syntax", message=str(exc))
    except Exception as exc:  # noqa: BLE001 - report any evaluation failure to the client
        return QueryAnswer("error", message=f"{type(exc).__name__}: {exc}")
    enum: type[ox.RdfFormat] | type[ox.QueryResultsFormat]
    if isinstance(result, ox.QueryTriples):
        kind, wanted, formats, enum = "triples", request.triple_types, TRIPLE_FORMATS, ox.RdfFormat
    else:
        kind = "boolean" if isinstance(result, ox.QueryBoolean) else "solutions"
        wanted, formats, enum = request.solution_types, SOLUTION_FORMATS, ox.QueryResultsFormat
    if not wanted:
        return QueryAnswer("not-acceptable", kind=kind,
                           message=f"no acceptable format for {kind}; this endpoint offers "
                                   + ", ".join(formats))
    media = wanted[0]
    try:
        body = result.serialize(format=getattr(enum, formats[media]))
    except Exception as exc:  # noqa: BLE001 - evaluation is lazy: errors surface while serializing
        return QueryAnswer("error", kind=kind, message=f"{type(exc).__name__}: {exc}")
    if request.max_bytes and len(body) > request.max_bytes:
        return _too_large(kind, media, len(body), request.max_bytes)
    return QueryAnswer("ok", kind=kind, media_type=media, body=body)


def _too_large(kind: str, media: str, size: int, limit: int) -> QueryAnswer:
    """The result size limit (aiwork_kg.server.serve.MAX_RESULT) reached."""
    return QueryAnswer("too-large", kind=kind, media_type=media,
                       message=f"the result is {size} bytes, over the limit of {limit} bytes of this endpoint; "
                               "add LIMIT to the query")


def _worker_main(conn, release_dir) -> None:
    try:
        from aiwork_kg.store import open_dataset

        store = open_dataset(release_dir)  # the release in the default graph, and its named graphs
    except BaseException as exc:  # noqa: BLE001 - tell the parent why, then exit
        conn.send(("failed", f"{type(exc).__name__}: {exc}"))
        return
    conn.send(("ready", None))
    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError):
            return
        if request is None:
            return
        conn.send(_answer(store, request))


class _Worker:
    def __init__(self, context, release_dir):
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_worker_main, args=(child, release_dir), daemon=True,
                                       name="aiwork-kg-sparql-worker")
        self.process.start()
        child.close()
        self.ready = False

    def wait_ready(self, timeout: float) -> None:
        if self.ready:
            return
        if not self.conn.poll(timeout):
            self.kill()
            raise ServeError(f"a query worker did not open the store within {timeout:.0f} s")
        try:
            status, message = self.conn.recv()
        except EOFError as exc:
            raise ServeError("a query worker exited while opening the store") from exc
        if status != "ready":
            self.kill()
            raise ServeError(f"cannot open the store: {message}")
        self.ready = True

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)
        self.conn.close()

    def stop(self) -> None:
        with contextlib.suppress(OSError, ValueError):  # the pipe is already closed
            self.conn.send(None)

        self.process.join(2)
        self.kill()


class QueryPool:
    """A fixed number of worker processes, each holding the embedded store of one release.

    ``run(request)`` sends a query to an idle worker and waits at most `timeout` seconds for the
    serialized result; a worker that overruns is killed and replaced.
    """

    def __init__(self, release_dir: Path | str | None = None, *, processes: int = 2, timeout: float = 30.0,
                 start_timeout: float = 600.0):
        if processes < 1:
            raise ServeError("at least one query worker is needed")
        if timeout <= 0:
            raise ServeError("the time limit must be a positive number of seconds")
        self.release_dir = str(release_dir) if release_dir is not None else None
        self.timeout = float(timeout)
        self.start_timeout = start_timeout
        self._context = multiprocessing.get_context("spawn")
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        self._closed = False
        workers = [self._spawn() for _ in range(processes)]
        try:
            for worker in workers:
                worker.wait_ready(start_timeout)
        except ServeError:
            self.close()
            raise
        for worker in workers:
            self._idle.put(worker)

    def _spawn(self) -> _Worker:
        worker = _Worker(self._context, self.release_dir)
        with self._lock:
            self._all.add(worker)
        return worker

    def _retire(self, worker: _Worker) -> None:
        worker.kill()
        with self._lock:
            self._all.discard(worker)
        if not self._closed:
            self._idle.put(self._spawn())

    def run(self, request: QueryRequest, timeout: float | None = None) -> QueryAnswer:
        limit = self.timeout if timeout is None else min(float(timeout), self.timeout)
        if self._closed:
            raise ServeError("the query pool is closed")
        try:
            worker = self._idle.get(timeout=limit)
        except queue.Empty:
            return QueryAnswer("busy", message=f"no query worker became free within {limit:g} s")
        try:
            worker.wait_ready(self.start_timeout)
        except ServeError as exc:
            self._retire(worker)
            return QueryAnswer("error", message=str(exc))
        start = time.monotonic()
        try:
            worker.conn.send(request)
            if worker.conn.poll(limit):
                answer = worker.conn.recv()
            else:
                self._retire(worker)
                return QueryAnswer("timeout", seconds=time.monotonic() - start,
                                   message=f"the query ran over the time limit of {limit:g} s and was stopped")
        except (EOFError, OSError) as exc:
            self._retire(worker)
            return QueryAnswer("error", message=f"the query worker died ({exc or 'no answer'})")
        answer.seconds = time.monotonic() - start
        self._idle.put(worker)
        return answer

    def alive(self) -> int:
        """How many worker processes are alive (for the health endpoint)."""
        with self._lock:
            return sum(1 for worker in self._all if worker.process.is_alive())

    def close(self) -> None:
        self._closed = True
        with self._lock:
            workers = list(self._all)
            self._all.clear()
        for worker in workers:
            worker.stop()

    def __enter__(self) -> QueryPool:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
