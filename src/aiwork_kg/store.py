"""The embedded store: an in-memory Oxigraph store holding the knowledge graph.

``open_store()`` loads ``{release_dir}/aiwork-kg.nt`` (written by ``aiwork-kg build``; the
release folder defaults to :func:`aiwork_kg.paths.default_dist_dir`, i.e. ``./dist``). When no
release exists there, the graph is assembled in memory from ontology/, data/ and links with
:func:`aiwork_kg.build.assemble_graph` and loaded instead. Nothing is printed and nothing is
fetched; the caller (the CLI) may say on stderr which of the two happened, see
:func:`find_release_ntriples`. The stores themselves are made by :mod:`aiwork_kg.terms`
(:func:`~aiwork_kg.terms.store_from_file`, :func:`~aiwork_kg.terms.store_from_graph`).

Stores are cached within the process per (file, modification time, size), so a second
``open_store()`` on an unchanged release costs nothing. The cached store is shared: treat it as
read-only (queries only).
"""
from __future__ import annotations

import threading
from pathlib import Path

import pyoxigraph as ox

from . import terms
from .errors import ReleaseNotFoundError
from .paths import DATA_DIR, ONTOLOGY_DIR, default_dist_dir
from .release import NQ, NT

_CACHE: dict[tuple, ox.Store] = {}
_LOCK = threading.Lock()


def find_release_ntriples(release_dir: Path | str | None = None) -> Path | None:
    """The N-Triples file of the release in `release_dir` (default ./dist), or None if absent.

    `release_dir` may also name the .nt file itself."""
    path = Path(release_dir) if release_dir is not None else default_dist_dir()
    if path.is_file():
        return path
    candidate = path / NT
    return candidate if candidate.is_file() else None


def open_store(release_dir: Path | str | None = None) -> ox.Store:
    """An in-memory Oxigraph store loaded with the release (or the graph assembled in memory).

    Raises :class:`~aiwork_kg.errors.ReleaseNotFoundError` if `release_dir` was given explicitly
    and holds no release, or if there is no release and the graph cannot be assembled."""
    nt = find_release_ntriples(release_dir)
    if nt is None and release_dir is not None:
        raise ReleaseNotFoundError(
            f"{release_dir}: no release found (expected {NT}); run `aiwork-kg build --out {release_dir}`")
    if nt is not None:
        stat = nt.stat()
        key = ("release", str(nt.resolve()), stat.st_mtime_ns, stat.st_size)
        with _LOCK:
            store = _CACHE.get(key)
            if store is None:
                store = terms.store_from_file(nt)
                _evict(key[:2])
                _CACHE[key] = store
        return store
    assembled_key = ("assembled", _sources_fingerprint())
    with _LOCK:
        store = _CACHE.get(assembled_key)
        if store is None:
            try:
                from .build import assemble_graph
            except ImportError as exc:  # the build part is missing from this installation
                raise ReleaseNotFoundError(
                    f"no release in {default_dist_dir()} and the graph cannot be assembled ({exc}); "
                    "run `aiwork-kg build`") from exc
            store = terms.store_from_graph(assemble_graph())
            _evict(assembled_key[:1])
            _CACHE[assembled_key] = store

    return store


def open_dataset(release_dir: Path | str | None = None) -> ox.Store:
    """The store of :func:`open_store` plus the release's named graphs (``aiwork-kg.nq``).

    The default graph holds the whole release, exactly as :func:`open_store` has it, so every
    query that names no graph answers the same; each named graph of the N-Quads file is there
    too (``GRAPH``, ``FROM``, ``FROM NAMED``, ``default-graph-uri`` and ``named-graph-uri`` can
    use them). Since the named graphs' union is the release, the default graph is their union
    (SPARQL 1.1 Service Description's ``sd:UnionDefaultGraph``). Without an N-Quads file (an
    older release, or the graph assembled in memory) it is the store of :func:`open_store`.
    Cached like :func:`open_store`; treat it as read-only."""
    base = open_store(release_dir)
    nt = find_release_ntriples(release_dir)
    nq = nt.with_name(NQ) if nt is not None else None
    if nq is None or not nq.is_file():
        return base
    stat, nq_stat = nt.stat(), nq.stat()  # type: ignore[union-attr]
    key = ("dataset", str(nq.resolve()), stat.st_mtime_ns, stat.st_size, nq_stat.st_mtime_ns, nq_stat.st_size)
    with _LOCK:
        store = _CACHE.get(key)
        if store is None:
            store = terms.store_from_file(nq)
            store.extend(base)  # the default graph: the release's triples
            _evict(key[:2])
            _CACHE[key] = store
    return store


def _evict(prefix: tuple) -> None:
    for key in [k for k in _CACHE if k[: len(prefix)] == prefix]:
        del _CACHE[key]


def _sources_fingerprint() -> tuple:
    """Modification times of everything assemble_graph() reads, so edits reload the graph."""
    items = []
    for folder in (ONTOLOGY_DIR, DATA_DIR):
        if folder.is_dir():
            for f in sorted(folder.rglob("*")):
                if f.is_file():
                    st = f.stat()
                    items.append((str(f), st.st_mtime_ns, st.st_size))
    return tuple(items)

