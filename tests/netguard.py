"""A loopback HTTP server that records every request made to it.

The hostile inputs point every remote reference (JSON-LD contexts, external entities, owl:imports,
SERVICE) at this server; the tests then check that it recorded nothing: aiwork-kg never fetches.
"""
from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class RecordingServer:
    """``with RecordingServer() as trap: ... trap.url ... assert trap.requests == []``."""

    def __init__(self) -> None:
        self.requests: list[str] = []
        recorder = self.requests

        class Handler(BaseHTTPRequestHandler):
            def _record(self) -> None:
                recorder.append(f"{self.command} {self.path}")
                body = b'{"@context": {"name": "http://schema.org/name"}}'
                self.send_response(200)
                self.send_header("Content-Type", "application/ld+json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = do_HEAD = _record

            def log_message(self, *args) -> None:  # keep the test output clean
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self._server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> RecordingServer:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()
