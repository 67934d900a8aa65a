"""Time and size limits, the same for the command line, the Python API and the server.

Defaults (each can be changed by an option, an argument, or an environment variable):

====================  ===========================  ==============================  ==================
limit                 default                      option / argument               environment
====================  ===========================  ==============================  ==================
time per file / query  60 s                        ``--time-limit`` / ``time_limit``  AIWORK_TIME_LIMIT
size of a description  16 MiB                      ``--max-size`` / ``max_bytes``     AIWORK_MAX_BYTES
rows of a query result 1,000,000 rows or triples   ``--max-rows`` / ``max_rows``      AIWORK_MAX_ROWS
====================  ===========================  ==============================  ==================

``0`` switches a limit off. A limit reached raises :class:`LimitError` (an
:class:`~aiwork_kg.errors.InputError`, so it names the file and the CLI exits with 2); in a
batch of descriptions it is that file's error and the other files are still validated.

:func:`deadline` stops pure-Python work (parsing, pySHACL) in the thread that runs it, at the
next bytecode after the limit, by raising :class:`LimitExceeded` asynchronously in that thread,
and again every 50 ms until the block is left (a bare ``except:`` on the way may swallow one).
It derives from BaseException so that no ``except Exception`` on the way swallows it. Native code
(pyoxigraph's query evaluation) is not interruptible: queries on the embedded store run in a
thread the caller stops waiting for (:mod:`aiwork_kg.sparql.engines`), and in the server in
worker processes that are killed (:mod:`aiwork_kg.server.workers`).
"""
from __future__ import annotations

import contextlib
import ctypes
import os
import threading
from collections.abc import Iterator

from .errors import InputError


def _env_number(name: str, default: float) -> float:
    value = os.environ.get(name)
    if value is None or not value.strip():
        return default
    try:
        number = float(value)
    except ValueError:
        return default
    return number if number >= 0 else default


DEFAULT_TIME_LIMIT = _env_number("AIWORK_TIME_LIMIT", 60.0)
DEFAULT_MAX_BYTES = int(_env_number("AIWORK_MAX_BYTES", 16 * 1024 * 1024))
DEFAULT_MAX_ROWS = int(_env_number("AIWORK_MAX_ROWS", 1_000_000))


REPEAT_SECONDS = 0.05  # after the limit, LimitExceeded is raised again this often until the block ends


class LimitError(InputError):
    """A time or size limit was reached; names the file (or query) like any input error.

    ``kind`` is ``"time"`` or ``"size"`` (the server answers 503 for time, 413 for size)."""

    kind: str = "time"

    def __init__(self, source: str, message: str, kind: str = "time"):
        super().__init__(source, message)
        self.kind = kind


class LimitExceeded(BaseException):  # like KeyboardInterrupt: no `except Exception` catches it
    """Raised inside the thread whose :func:`deadline` passed."""


def _set_async_exc(ident: int, exc: type[BaseException] | None) -> int:
    return ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(ident),
                                                      ctypes.py_object(exc) if exc else None)


@contextlib.contextmanager
def deadline(seconds: float | None) -> Iterator[None]:
    """Raise LimitExceeded in this thread if the block runs longer than `seconds` (None or 0: no limit)."""
    if not seconds or seconds <= 0:
        yield
        return
    ident = threading.get_ident()
    lock = threading.Lock()
    state: dict = {"active": True, "fired": False, "timer": None}

    def arm(delay: float) -> None:
        timer = threading.Timer(delay, fire)
        timer.daemon = True
        state["timer"] = timer
        timer.start()

    def fire() -> None:
        with lock:
            if state["active"]:
                state["fired"] = True
                _set_async_exc(ident, LimitExceeded)
                # raised again until the block ends: code with a bare `except:` (rdflib's SPARQL
                # evaluation has some) may swallow one delivery
                arm(REPEAT_SECONDS)

    arm(seconds)
    try:
        yield
    finally:
        with lock:
            state["active"] = False
            if state["fired"]:
                _set_async_exc(ident, None)  # clear it if not delivered yet
            state["timer"].cancel()


def check_size(name: str, size: int, max_bytes: int | None, what: str = "option --max-size") -> None:
    """Raise LimitError if `size` bytes is over `max_bytes` (None or 0: no limit)."""
    if max_bytes and size > max_bytes:
        raise LimitError(name, f"is {size} bytes, over the size limit of {max_bytes} bytes ({what})", kind="size")


def time_error(name: str, seconds: float, what: str = "option --time-limit") -> LimitError:
    return LimitError(name, f"stopped at the time limit of {seconds:g} s ({what})", kind="time")
