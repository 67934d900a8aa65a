"""Regenerate every generated file of a source checkout, or check that each is current.

`aiwork-kg docs` is the one way to regenerate them (``aiwork-kg docs --check`` writes nothing
and says which are stale); ``aiwork-kg build`` writes only the release. The generated files:

- ``docs/ontology.md``: from the built graph and ``docs/ontology.intro.md`` (docgen/ontology.py);
- ``docs/sources.md``: from the built graph and ``docs/sources.intro.md`` (docgen/sources.py);
- ``docs/queries.md``: from ``queries/*.rq`` and their results on the built graph (docgen/queries.py);
- ``src/aiwork_kg/vocab.py``: from ``ontology/aiwork.ttl`` alone (docgen/vocab.py).

"The built graph" is what ``aiwork-kg build`` checks and releases (ontology, alignments and
data/ assembled, blank nodes canonically labelled), assembled here in memory: the pages never
depend on whether dist/ holds a current release. The output is deterministic: the same
checkout gives the same bytes. Nothing here prints or exits; aiwork_kg.cli.docs does that.

    from aiwork_kg.docgen import regenerate
    result = regenerate(check=True)     # DocsResult(root, check, files)
    [f.name for f in result.stale]      # e.g. ["docs/queries.md"]
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Graph

from .. import paths
from ..errors import AiworkError

if TYPE_CHECKING:
    import pyoxigraph as ox

__all__ = ["GENERATED", "DocsResult", "GeneratedFile", "regenerate", "render"]


class _Inputs:
    """What the generators read from a checkout; the graph and its store are made once, on demand."""

    def __init__(self, root: Path):
        self.root = root
        self._graph: Graph | None = None
        self._store: ox.Store | None = None

    @property
    def graph(self) -> Graph:
        if self._graph is None:
            from ..build import assemble_graph
            from ..release import canonical_graph

            self._graph = canonical_graph(assemble_graph(self.root))
        return self._graph

    @property
    def store(self) -> ox.Store:
        if self._store is None:
            from ..terms import store_from_graph

            self._store = store_from_graph(self.graph)
        return self._store


def _ontology(i: _Inputs) -> str:
    from .common import intro
    from .ontology import ontology_page

    return ontology_page(i.graph, intro(i.root / "docs", "ontology"))


def _sources(i: _Inputs) -> str:
    from .common import intro
    from .sources import sources_page

    return sources_page(i.graph, intro(i.root / "docs", "sources"))


def _queries(i: _Inputs) -> str:
    from .queries import queries_page

    return queries_page(i.store, i.root / "queries")


def _vocab(i: _Inputs) -> str:
    from .vocab import vocab_module  # rdflib only: works even while vocab.py itself is stale

    return vocab_module(i.root / "ontology" / "aiwork.ttl")


#: each generated file (relative to the checkout, "/"-separated) and how to make its text. The
#: page modules are imported only when used: the code that imports aiwork_kg.vocab (all but
#: docgen/vocab.py) may fail while vocab.py is stale, so `regenerate` writes vocab.py first.
GENERATED: dict[str, Callable[[_Inputs], str]] = {
    "docs/ontology.md": _ontology,
    "docs/sources.md": _sources,
    "docs/queries.md": _queries,
    "src/aiwork_kg/vocab.py": _vocab,
}
#: the order in which `regenerate` makes the files (the result lists them in GENERATED order)
_FIRST = ("src/aiwork_kg/vocab.py",)


@dataclass(frozen=True)
class GeneratedFile:
    """One generated file: `current` if it held the generated text before the call."""

    name: str
    path: Path
    current: bool
    written: bool = False


@dataclass
class DocsResult:
    """The outcome of `regenerate`: each generated file, and whether it was current.

    With ``check=True`` nothing was written and ``ok`` is False when a file is stale; without,
    every stale file has been rewritten and ``ok`` is True."""

    root: Path
    check: bool
    files: list[GeneratedFile] = field(default_factory=list)

    @property
    def stale(self) -> list[GeneratedFile]:
        return [f for f in self.files if not f.current]

    @property
    def written(self) -> list[GeneratedFile]:
        return [f for f in self.files if f.written]

    @property
    def ok(self) -> bool:
        return not (self.check and self.stale)


def _checkout(root: Path | str | None) -> Path:
    base = Path(root) if root is not None else paths.ROOT
    missing = [p for p in ("ontology/aiwork.ttl", "queries", "docs") if not (base / p).exists()]
    if missing:
        raise AiworkError(f"{base}: not a source checkout (no {', '.join(missing)}); the generated files "
                          "belong to a checkout of the repository: give one with --root")
    return base


def _names(only: Iterable[str] | None) -> list[str]:
    if only is None:
        return list(GENERATED)
    names = [str(n).replace("\\", "/") for n in only]
    unknown = [n for n in names if n not in GENERATED]
    if unknown:
        raise AiworkError(f"not a generated file: {', '.join(unknown)}; the generated files are "
                          + ", ".join(GENERATED))
    return [n for n in GENERATED if n in names]


def render(root: Path | str | None = None, only: Iterable[str] | None = None) -> dict[str, str]:
    """The text of each generated file (or of those named in `only`) for the checkout `root`."""
    inputs = _Inputs(_checkout(root))
    return {name: GENERATED[name](inputs) for name in _names(only)}


def regenerate(root: Path | str | None = None, *, check: bool = False,
               only: Iterable[str] | None = None) -> DocsResult:
    """Regenerate the generated files of the checkout `root` (default: this checkout).

    Only files whose text changes are written, each as soon as it is made (vocab.py first). With
    ``check=True`` nothing is written: the result says which files are stale. `only` limits the
    call to some of the names in GENERATED. Raises :class:`~aiwork_kg.errors.AiworkError` (exit
    code 2) when `root` is not a checkout, and :class:`~aiwork_kg.errors.InputError` when one of
    its files does not parse.
    """
    base = _checkout(root)
    names = _names(only)
    inputs = _Inputs(base)
    made: dict[str, GeneratedFile] = {}
    for name in sorted(names, key=lambda n: n not in _FIRST):
        path = base / name
        data = GENERATED[name](inputs).encode("utf-8")
        try:
            current = path.is_file() and path.read_bytes() == data
        except OSError:
            current = False
        written = False
        if not current and not check:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(data)
            except OSError as exc:
                raise AiworkError(f"{path}: cannot write: {exc}") from exc
            written = True
        made[name] = GeneratedFile(name=name, path=path, current=current, written=written)
    return DocsResult(root=base, check=check, files=[made[n] for n in names])
