"""A small disk cache for what every process would otherwise recompute at start-up: the
ontology closure, the citations of data/ and its dated dates of application. It holds data
only - JSON, no pickle, nothing that can run code when it is read - so a cache folder someone
else could write can at worst hold wrong data, and even that is refused: a folder owned by
another user or writable by others is not used (on POSIX systems).

Each entry is one JSON file ``NAME-STAMP.json`` holding ``{"format": "aiwork-kg-cache",
"version": N, "name": NAME, "stamp": STAMP, "value": ...}``. STAMP is a SHA-256 over the
versions of aiwork-kg, rdflib and pySHACL, the cache format version, and the name and *content*
hash of every input file, so an edited input is never served stale (whatever its modification
time). Entries are written atomically (a temporary file in the same folder, then a rename), one
per name; an entry that cannot be read, parsed or decoded is rebuilt.

Where: the folder set by :func:`set_cache_dir` (the command line's ``--cache-dir``), else
$AIWORK_CACHE_DIR, else $XDG_CACHE_HOME/aiwork-kg, else ~/.cache/aiwork-kg. An empty string (or
``--cache-dir ""``) switches the disk cache off. A cache that cannot be read or written is ignored.
"""
from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

FORMAT = "aiwork-kg-cache"
VERSION = 5  # 4 was the last pickle format
_OVERRIDE: list[str | None] = []  # set_cache_dir() sets it for this process


def set_cache_dir(path: str | os.PathLike | None) -> None:
    """Use `path` as the cache folder in this process ("" or None: no disk cache)."""
    _OVERRIDE[:] = ["" if path is None else os.fspath(path)]


def cache_dir() -> Path | None:
    """The cache folder, or None if the disk cache is off."""
    chosen = _OVERRIDE[0] if _OVERRIDE else os.environ.get("AIWORK_CACHE_DIR")
    if chosen is not None:
        return Path(chosen) if chosen else None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "aiwork-kg"


def _trusted(folder: Path) -> bool:
    """False for a folder owned by another user or writable by group or others (POSIX)."""
    if not hasattr(os, "getuid"):
        return True
    try:
        st = folder.stat()
    except OSError:
        return False
    return st.st_uid == os.getuid() and not st.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def _file_hash(path) -> str:
    h = hashlib.sha256()
    try:
        with open(path, "rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                h.update(chunk)
    except OSError:
        return "missing"
    return h.hexdigest()


def _pyshacl_version() -> str:
    """pySHACL's version from its installed metadata (importing pySHACL costs 0.3 s, and the fast
    path of the validator does not need it)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("pyshacl")
    except PackageNotFoundError:
        return "none"


def stamp(inputs) -> str:
    """The version of an entry: software versions, format version, input names and contents."""
    import rdflib

    from .. import __version__

    h = hashlib.sha256(f"{FORMAT}|{VERSION}|{__version__}|{rdflib.__version__}|{_pyshacl_version()}".encode())
    for p in sorted(str(p) for p in inputs):
        h.update(f"|{Path(p).name}|{_file_hash(p)}".encode())
    return h.hexdigest()[:32]


def load(name: str, inputs, decode: Callable[[Any], Any], version: str | None = None) -> Any | None:
    """The cached value of `name` for these inputs (or for their `version`, if already stamped),
    or None."""
    folder = cache_dir()
    if folder is None or not _trusted(folder):
        return None
    version = version or stamp(inputs)
    try:
        with open(folder / f"{name}-{version}.json", encoding="utf-8") as fh:
            entry = json.load(fh)
        if not (isinstance(entry, dict) and entry.get("format") == FORMAT and entry.get("version") == VERSION
                and entry.get("name") == name and entry.get("stamp") == version):
            return None
        return decode(entry["value"])
    except Exception:  # noqa: BLE001 - missing, unreadable or malformed: rebuild
        return None


def save(name: str, inputs, value: Any, encode: Callable[[Any], Any], version: str | None = None) -> Path | None:
    """Write the entry atomically (`version`: the inputs' stamp, if already computed); returns
    its path (None if the cache is off or unwritable)."""
    folder = cache_dir()
    if folder is None:
        return None
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not _trusted(folder):
            return None
        version = version or stamp(inputs)
        text = json.dumps({"format": FORMAT, "version": VERSION, "name": name, "stamp": version,
                           "value": encode(value)}, ensure_ascii=False, separators=(",", ":"))
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{name}-", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(text)
                fh.flush()
                os.fsync(fh.fileno())
            target = folder / f"{name}-{version}.json"
            os.replace(tmp, target)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
        for old in [*folder.glob(f"{name}-*.json"), *folder.glob(f"{name}-*.pickle")]:
            if old != target:  # one entry per name; the pickles of older versions are removed unread
                old.unlink(missing_ok=True)
        return target
    except Exception:  # noqa: BLE001 - a read-only home must not break validation
        return None


def cached(name: str, inputs, build: Callable[[], Any], encode: Callable[[Any], Any],
           decode: Callable[[Any], Any]) -> Any:
    """The value from the cache, or `build()` (then saved)."""
    if cache_dir() is None:
        return build()
    version = stamp(inputs)  # hashes every input file: once, for the look-up and the write
    value = load(name, inputs, decode, version)
    if value is None:
        value = build()
        save(name, inputs, value, encode, version)
    return value
