"""Rule sets as data: each a folder with a descriptor (``ruleset.ttl``) naming its readings and
shape files, its profile, its examples, its scope and the data its shapes compare with.

The built-in rule sets are the folders of ``shapes/`` that hold a ``ruleset.ttl``; more folders
can be added with the environment variable ``AIWORK_RULE_SETS`` (paths separated by the system's
path separator) or :func:`add_rule_set_folder`. Nothing else in the package names a rule set:
the engine validates per rule set with that rule set's shapes (its readings) and verdict
mapping (the shapes' annotations), and the reports have one section per rule set.
"""
from __future__ import annotations

import functools
import os
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS

from ..errors import AiworkError
from ..namespaces import AIWSH, DCTERMS
from ..paths import DATA_DIR, ROOT, SHAPES_DIR

DESCRIPTOR = "ruleset.ttl"
ENV_VAR = "AIWORK_RULE_SETS"
_extra_folders: list[Path] = []


class UnknownRuleSetError(AiworkError):
    """A rule set name that no descriptor defines."""


@dataclass(frozen=True)
class RuleSet:
    key: str
    iri: URIRef
    order: int
    labels: dict                    # lang -> label
    descriptions: dict              # lang -> description
    folder: Path                    # the rule set's folder (holds ruleset.ttl)
    base: Path                      # the folder paths of shape files are relative to
    readings: tuple[str, ...]       # reading keys, in order
    default_reading: str
    is_default: bool = False        # used for a description in no rule set's scope
    scope_query: str | None = None
    profile_shapes: tuple[str, ...] = ()
    profile_doc: str | None = None
    examples: str | None = None
    manifest: str | None = None
    source: str | None = None
    context: tuple = field(default_factory=tuple)  # (file, resource, property)

    def label(self, lang: str = "en") -> str:
        return self.labels.get(lang) or self.labels.get("en") or self.key

    def description(self, lang: str = "en") -> str:
        return self.descriptions.get(lang) or self.descriptions.get("en", "")

    def to_dict(self, lang: str = "en") -> dict:
        from .shapes import verdict_keys

        return {"id": self.key, "label": self.label(lang), "labels": dict(self.labels),
                "description": self.description(lang), "readings": list(self.readings),
                "default_reading": self.default_reading, "verdicts": list(verdict_keys(self.default_reading)),
                "profile": self.profile_doc, "examples": self.examples, "source": self.source}


def add_rule_set_folder(folder) -> None:
    """Add a folder holding a ruleset.ttl (or folders of them) to the rule sets of this process."""
    path = Path(folder).resolve()
    if path not in _extra_folders:
        _extra_folders.append(path)


def _folders() -> tuple[Path, ...]:
    found = [p.parent for p in sorted(SHAPES_DIR.glob(f"*/{DESCRIPTOR}"))]
    extra = list(_extra_folders)
    extra += [Path(p).resolve() for p in os.environ.get(ENV_VAR, "").split(os.pathsep) if p]
    for folder in extra:
        if (folder / DESCRIPTOR).is_file():
            found.append(folder)
        else:
            found += [p.parent for p in sorted(folder.glob(f"*/{DESCRIPTOR}"))]
    out: list[Path] = []
    for f in found:
        if f not in out:
            out.append(f)
    return tuple(out)


def _lang_map(g: Graph, s, p) -> dict:
    return {getattr(o, "language", None) or "en": str(o) for o in g.objects(s, p)}


def _int(value, default: int = 0) -> int:
    return int(value) if isinstance(value, Literal) else default


def _str(g: Graph, s, p) -> str | None:
    v = g.value(s, p)
    return None if v is None else str(v)


@functools.lru_cache(maxsize=8)
def _load(folders: tuple[Path, ...]) -> tuple[tuple[RuleSet, ...], Graph]:
    """The rule sets of `folders` and one graph of all their readings (shape files made absolute)."""
    sets: list[RuleSet] = []
    readings = Graph()
    seen_readings: dict[str, str] = {}
    for folder in folders:
        path = folder / DESCRIPTOR
        g = Graph()
        try:
            g.parse(path, format="turtle")
        except Exception as exc:  # noqa: BLE001 - a broken descriptor names its file
            raise AiworkError(f"{path}: cannot read the rule-set descriptor: {exc}") from None
        base = folder.parent
        for rs in g.subjects(AIWSH.key, None):
            if (rs, AIWSH.readingsFile, None) not in g:
                continue
            key = str(g.value(rs, AIWSH.key))
            rg = Graph().parse(base / str(g.value(rs, AIWSH.readingsFile)), format="turtle")
            nodes = [n for n in set(rg.subjects(AIWSH.key, None)) if (n, AIWSH.shapesFile, None) in rg]
            nodes.sort(key=lambda n: (_int(rg.value(n, AIWSH.order)), str(n)))
            keys = []
            for n in nodes:
                rkey = str(rg.value(n, AIWSH.key))
                if rkey in seen_readings:
                    raise AiworkError(f"{path}: reading {rkey!r} is already a reading of rule set "
                                      f"{seen_readings[rkey]!r}; reading keys must be unique")
                seen_readings[rkey] = key
                keys.append(rkey)
                for p, o in rg.predicate_objects(n):
                    if p == AIWSH.shapesFile:
                        o = Literal(str((base / str(o)).resolve()))
                    readings.add((n, p, o))
                readings.add((n, AIWSH.ruleSet, rs))
            if not keys:
                raise AiworkError(f"{path}: rule set {key!r} has no reading (aiwsh:key with aiwsh:shapesFile)")
            defaults = [k for n, k in zip(nodes, keys, strict=True) if rg.value(n, AIWSH.isDefault) == Literal(True)]
            context: tuple = ()
            if (rs, AIWSH.contextFile, None) in g:
                context = (str(g.value(rs, AIWSH.contextFile)), g.value(rs, AIWSH.contextResource),
                           g.value(rs, AIWSH.contextProperty))
            sets.append(RuleSet(
                key=key, iri=URIRef(str(rs)), order=_int(g.value(rs, AIWSH.order), 99),
                labels=_lang_map(g, rs, RDFS.label),
                descriptions=_lang_map(g, rs, DCTERMS.description), folder=folder, base=base,
                readings=tuple(keys), default_reading=defaults[0] if defaults else keys[0],
                is_default=g.value(rs, AIWSH.isDefault) == Literal(True),
                scope_query=_str(g, rs, AIWSH.scopeQuery),
                profile_shapes=tuple(sorted(str(o) for o in g.objects(rs, AIWSH.profileShapes))),
                profile_doc=_str(g, rs, AIWSH.profileDoc), examples=_str(g, rs, AIWSH.examples),
                manifest=_str(g, rs, AIWSH.manifest), source=_str(g, rs, DCTERMS.source), context=context))
    sets.sort(key=lambda r: (r.order, r.key))
    keys = [r.key for r in sets]
    dupes = {k for k in keys if keys.count(k) > 1}
    if dupes:
        raise AiworkError(f"rule set ids defined twice: {', '.join(sorted(dupes))}")
    return tuple(sets), readings


def rule_sets() -> tuple[RuleSet, ...]:
    """Every rule set, in order (``aiwsh:order``)."""
    return _load(_folders())[0]


def rule_set_keys() -> tuple[str, ...]:
    return tuple(r.key for r in rule_sets())


def list_rule_sets(lang: str = "en") -> list[dict]:
    """The rule sets with their labels in en, da and nl (for the web page and the server)."""
    return [r.to_dict(lang) for r in rule_sets()]


def get_rule_set(key: str) -> RuleSet:
    for r in rule_sets():
        if r.key == key:
            return r
    raise UnknownRuleSetError(f"unknown rule set {key!r}: expected one of {', '.join(rule_set_keys())}")


def default_rule_set() -> RuleSet:
    for r in rule_sets():
        if r.is_default:
            return r
    return rule_sets()[0]


def all_readings_graph() -> Graph:
    """The readings of every rule set (shape files as absolute paths); do not modify it."""
    return _load(_folders())[1]


def rule_set_of_reading(reading: str) -> RuleSet:
    for r in rule_sets():
        if reading in r.readings:
            return r
    raise UnknownRuleSetError(f"no rule set has the reading {reading!r}")


@functools.lru_cache(maxsize=8)
def _context(folders: tuple[Path, ...]) -> Graph:
    out = Graph()
    for r in _load(folders)[0]:
        if not r.context:
            continue
        file, resource, prop = r.context
        path = DATA_DIR / file
        if not path.is_file():
            path = r.base / file
        g = Graph().parse(path, format="turtle")
        for o in g.objects(resource, prop):
            out.add((resource, prop, o))
        if (resource, prop, None) not in out:
            raise AiworkError(f"{r.folder / DESCRIPTOR}: {path} states no {prop} of {resource}")
    return out


def context_graph() -> Graph:
    """The data every rule set's shapes compare with (e.g. the Danish order's date of effect,
    from data/dk/executive-order.ttl), added to every graph validated; do not modify it."""
    return _context(_folders())


def in_scope(graph: Graph) -> list[RuleSet]:
    """The rule sets whose scope query holds on `graph`; the default rule set if none does."""
    from ..parserlock import LOCK
    from ..shacl import PreparedQueryGraph

    view = PreparedQueryGraph.view(graph)  # each scope query parsed once per process, not once per file
    out = []
    with LOCK:
        for r in rule_sets():
            if r.scope_query and view.query(r.scope_query).askAnswer:
                out.append(r)
    return out or [default_rule_set()]


def resolve(key: str | os.PathLike) -> Path:
    """A path a descriptor names (docs, examples), relative to the repository root."""
    return ROOT / key


__all__ = ["RuleSet", "rule_sets", "rule_set_keys", "list_rule_sets", "get_rule_set", "default_rule_set",
           "in_scope", "context_graph", "all_readings_graph", "add_rule_set_folder", "UnknownRuleSetError"]
