"""A small disk cache for what every process would otherwise recompute at start-up: the
ontology closure and the citations of data/. Entries are keyed by the versions of aiwork-kg, rdflib
and pySHACL and by the size and modification time of every input file, so an edited file is
never served stale. (rdflib's parsed SPARQL queries cannot be pickled, so they are parsed once per process.) The cache lives in $AIWORK_CACHE_DIR, else $XDG_CACHE_HOME/aiwork-kg, else
~/.cache/aiwork-kg; set AIWORK_CACHE_DIR to an empty string to switch it off. A cache that
cannot be read or written is ignored."""
from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from pathlib import Path


def cache_dir() -> Path | None:
    env = os.environ.get("AIWORK_CACHE_DIR")
    if env is not None:
        return Path(env) if env else None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "aiwork-kg"


def _stamp(paths) -> str:
    import pyshacl
    import rdflib

    from .. import __version__

    h = hashlib.sha256(f"{__version__}|{rdflib.__version__}|{pyshacl.__version__}|4".encode())
    for p in sorted(str(p) for p in paths):
        try:
            st = os.stat(p)
            h.update(f"{p}|{st.st_size}|{st.st_mtime_ns}".encode())
        except OSError:
            h.update(f"{p}|missing".encode())
    return h.hexdigest()[:24]


def load(name: str, inputs) -> object | None:
    folder = cache_dir()
    if folder is None:
        return None
    path = folder / f"{name}-{_stamp(inputs)}.pickle"
    try:
        with open(path, "rb") as fh:
            return pickle.load(fh)
    except Exception:  # noqa: BLE001 - missing, stale format or unreadable: rebuild
        return None


def save(name: str, inputs, value) -> None:
    folder = cache_dir()
    if folder is None:
        return
    try:
        folder.mkdir(parents=True, exist_ok=True)
        data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{name}-")
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        target = folder / f"{name}-{_stamp(inputs)}.pickle"
        os.replace(tmp, target)
        for old in folder.glob(f"{name}-*.pickle"):  # keep one entry per name
            if old != target:
                old.unlink(missing_ok=True)
    except Exception:  # noqa: BLE001 - a read-only home must not break validation
        pass


def cached(name: str, inputs, build):
    value = load(name, inputs)
    if value is None:
        value = build()
        save(name, inputs, value)
    return value
