"""Whole answers to repeated GET requests, kept per worker process (a small shared cache).

The server answers from a release that does not change while it runs, so a page, an RDF form
or a library query's result table is the same bytes every time the same request comes. An
answer that says so (``Cache-Control: public, max-age=N``, set by the web pages for what does
not depend on the day or on the client) is kept here for N seconds, keyed by everything it may
vary on: the method, the path, the query string and the request headers the pages read
(``Accept``, ``Accept-Language``, ``Origin``) and ``Host``. A repeat is then answered without building a
request object, routing or rendering: what is left per request is the HTTP handling of the
server (docs/decisions/2026-12-06-answer-cache.md gives the figures and the reasons).

Nothing else is kept: POSTs, ``/sparql`` and ``/validate`` answers, errors, answers without
``public``, conditional or range requests (``If-None-Match``, ``If-Modified-Since``,
``Range``), and answers larger than :data:`MAX_ENTRY_BYTES`. The cache holds at most
:data:`MAX_BYTES` of bodies and drops the least recently used first.
"""
from __future__ import annotations

import re
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass

#: headers of the request an answer of the web pages may depend on (their ``Vary`` is a subset;
#: the host, in case a page ever names its own address)
KEY_HEADERS = ("HTTP_HOST", "HTTP_ACCEPT", "HTTP_ACCEPT_LANGUAGE", "HTTP_ORIGIN")
#: requests that a kept answer cannot serve as such
BYPASS_HEADERS = ("HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE", "HTTP_RANGE", "HTTP_AUTHORIZATION")
MAX_BYTES = 64 * 1024 * 1024
MAX_ENTRY_BYTES = 1024 * 1024
#: what the web pages send for an answer that may be kept (five minutes)
PUBLIC = "public, max-age=300"
_MAX_AGE = re.compile(r"(?:^|,)\s*max-age\s*=\s*(\d+)")


@dataclass
class Answer:
    status: str
    headers: list[tuple[str, str]]
    body: bytes
    expires: float


def cacheable_seconds(cache_control: str | None) -> int:
    """Seconds an answer with this ``Cache-Control`` may be kept here (0: not at all)."""
    if not cache_control:
        return 0
    directives = {d.strip().split("=")[0].lower() for d in cache_control.split(",")}
    if "public" not in directives or directives & {"no-store", "no-cache", "private"}:
        return 0
    found = _MAX_AGE.search(cache_control.lower())
    return int(found.group(1)) if found else 0


class AnswerCache:
    """Answers kept by request key, least recently used dropped first, thread-safe."""

    def __init__(self, max_bytes: int = MAX_BYTES, max_entry_bytes: int = MAX_ENTRY_BYTES,
                 clock=time.monotonic):
        self.max_bytes = max_bytes
        self.max_entry_bytes = max_entry_bytes
        self.clock = clock
        self.size = 0
        self.hits = 0
        self.misses = 0
        self._answers: OrderedDict[tuple, Answer] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._answers)

    @staticmethod
    def key(environ: dict) -> tuple | None:
        """The key of a request whose answer may be kept, or None."""
        if environ.get("REQUEST_METHOD") != "GET" or environ.get("aiwork.static"):
            return None
        for name in BYPASS_HEADERS:
            if name in environ:
                return None
        return (environ.get("PATH_INFO", ""), environ.get("QUERY_STRING", ""),
                *(environ.get(name) for name in KEY_HEADERS))

    def get(self, key: tuple) -> Answer | None:
        with self._lock:
            answer = self._answers.get(key)
            if answer is None:
                self.misses += 1
                return None
            if answer.expires <= self.clock():
                self._drop(key)
                self.misses += 1
                return None
            self._answers.move_to_end(key)
            self.hits += 1
            return answer

    def put(self, key: tuple, status: str, headers: list[tuple[str, str]], body: bytes) -> bool:
        """Keep an answer if its status is 200 and its headers allow it; True if kept."""
        if not status.startswith("200") or len(body) > self.max_entry_bytes:
            return False
        seconds = 0
        for name, value in headers:
            if name.lower() == "cache-control":
                seconds = cacheable_seconds(value)
            elif name.lower() == "set-cookie":
                return False
        if seconds <= 0:
            return False
        with self._lock:
            if key in self._answers:
                self._drop(key)
            self._answers[key] = Answer(status, list(headers), body, self.clock() + seconds)
            self.size += len(body)
            while self.size > self.max_bytes and self._answers:
                self._drop(next(iter(self._answers)))
        return True

    def _drop(self, key: tuple) -> None:
        answer = self._answers.pop(key)
        self.size -= len(answer.body)


__all__ = ["AnswerCache", "Answer", "cacheable_seconds", "PUBLIC", "KEY_HEADERS", "MAX_BYTES"]
