"""A real Virtuoso for the tests: Debian's `virtuoso-opensource` (7.2.5), started as a plain
process on the loopback with a database and a `virtuoso.ini` of its own in a temporary folder.

No system service, no fixed ports: both the SQL port (ServerPort) and the HTTP port are free
127.0.0.1 ports picked at start. A fresh database has the user `dba` with the password `dba`,
which the Graph Store endpoint `/sparql-graph-crud-auth` accepts with Digest authentication.
The fixture in tests/test_virtuoso.py uses :func:`start`; docs/servers.md shows the same steps.
"""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

#: The graph the tests load the release into (as docs/servers.md tells users to).
GRAPH = "https://w3id.org/aiwork/dataset/aiwork-kg"
USER = "dba"
PASSWORD = "dba"  # the password of `dba` in a fresh Virtuoso database

INI = """\
; virtuoso.ini written by tests/virtuoso.py: one temporary database, loopback ports only
[Database]
DatabaseFile       = {folder}/virtuoso.db
ErrorLogFile       = {folder}/virtuoso.log
LockFile           = {folder}/virtuoso.lck
TransactionFile    = {folder}/virtuoso.trx
xa_persistent_file = {folder}/virtuoso.pxa

[TempDatabase]
DatabaseFile    = {folder}/virtuoso-temp.db
TransactionFile = {folder}/virtuoso-temp.trx

[Parameters]
ServerPort        = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
DirsAllowed       = ., {folder}
NumberOfBuffers   = 10000
MaxDirtyBuffers   = 6000
ThreadsPerQuery   = 2

[HTTPServer]
ServerPort           = 127.0.0.1:{http_port}
ServerRoot           = {folder}
ServerThreads        = 4
MaxClientConnections = 4

[SPARQL]
; no row cap and no "anytime" time limit: either would cut a result short without an error
ResultSetMaxRows      = 1000000
MaxQueryExecutionTime = 0
"""


def binary() -> str | None:
    """The `virtuoso-t` server binary on PATH (Debian: /usr/bin/virtuoso-t), or None."""
    return shutil.which("virtuoso-t")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Virtuoso:
    """A running Virtuoso: its URLs, its folder and its process."""

    base: str
    folder: Path
    process: subprocess.Popen

    @property
    def sparql_url(self) -> str:
        return self.base + "/sparql"

    @property
    def gsp_url(self) -> str:
        """The Graph Store endpoint that takes a user (Digest authentication)."""
        return self.base + "/sparql-graph-crud-auth"

    def log_tail(self, chars: int = 1500) -> str:
        log = self.folder / "virtuoso.log"
        text = log.read_text(encoding="utf-8", errors="replace") if log.exists() else ""
        out = self.folder / "stdout.log"
        text += out.read_text(encoding="utf-8", errors="replace") if out.exists() else ""
        return text[-chars:]

    def stop(self, timeout: float = 60) -> None:
        """SIGTERM (Virtuoso checkpoints and exits), then SIGKILL if it has not exited in time."""
        if self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)


class StartError(RuntimeError):
    pass


def write_ini(folder: Path, sql_port: int, http_port: int) -> Path:
    ini = folder / "virtuoso.ini"
    ini.write_text(INI.format(folder=folder, sql_port=sql_port, http_port=http_port), encoding="utf-8")
    return ini


def start(folder: Path, exe: str, timeout: float = 180) -> Virtuoso:
    """Start `virtuoso-t +configfile FOLDER/virtuoso.ini +foreground` and wait (at most `timeout`
    seconds) until its SPARQL endpoint answers ``ASK {}``; StartError with the log otherwise."""
    folder = Path(folder).resolve()
    folder.mkdir(parents=True, exist_ok=True)
    http_port, sql_port = free_port(), free_port()
    ini = write_ini(folder, sql_port, http_port)
    with open(folder / "stdout.log", "wb") as log:
        process = subprocess.Popen([exe, "+configfile", str(ini), "+foreground"], cwd=folder,
                                   stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                   env={**os.environ, "LC_ALL": "C"})
    server = Virtuoso(f"http://127.0.0.1:{http_port}", folder, process)
    deadline = time.monotonic() + timeout
    probe = server.sparql_url + "?query=ASK%7B%7D"
    while True:
        try:
            with urllib.request.urlopen(probe, timeout=5) as answer:
                answer.read()
            return server
        except Exception:
            if process.poll() is not None or time.monotonic() > deadline:
                server.stop(timeout=10)
                raise StartError(f"virtuoso-t did not start within {timeout:.0f} s "
                                 f"(exit code {process.poll()}):\n{server.log_tail()}") from None
            time.sleep(0.5)
