"""Shared fixtures. Each part of the project adds its own fixtures in its own test modules;
this file holds only what several parts need: the CLI runner, one built release per test
session, and a real Oxigraph server on the loopback."""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# the tests use their own disk cache, never the user's (inherited by the CLI subprocesses)
os.environ["AIWORK_CACHE_DIR"] = tempfile.mkdtemp(prefix="aiwork-kg-test-cache-")
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@dataclass
class CliResult:
    exit_code: int
    stdout: str
    stderr: str


def _entry_point() -> list[str]:
    exe = Path(sys.executable).with_name("aiwork-kg")
    if exe.exists():
        return [str(exe)]
    found = shutil.which("aiwork-kg")
    if found:
        return [found]
    return [sys.executable, "-m", "aiwork_kg"]


@pytest.fixture(scope="session")
def cli():
    """Run the installed `aiwork-kg` console script in a subprocess."""

    def run(*args: str, input: str | bytes | None = None, cwd: Path | None = None,
            env: dict | None = None, timeout: float = 600) -> CliResult:
        data = input.encode("utf-8") if isinstance(input, str) else input
        proc = subprocess.run(_entry_point() + [str(a) for a in args], input=data,
                              capture_output=True, cwd=cwd or ROOT, timeout=timeout,
                              env={**os.environ, **(env or {})})
        return CliResult(proc.returncode, proc.stdout.decode("utf-8", "replace"),
                         proc.stderr.decode("utf-8", "replace"))

    return run


@pytest.fixture(scope="session")
def release_dir(tmp_path_factory) -> Path:
    """One release built by the library for the whole test session."""
    from aiwork_kg.build import build_release

    out = tmp_path_factory.mktemp("dist")
    result = build_release(out_dir=out)
    assert result.ok, result
    return out


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _oxigraph_binary() -> str | None:
    exe = Path(sys.executable).with_name("oxigraph")
    if exe.exists():
        return str(exe)
    return shutil.which("oxigraph")


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory):
    """A real Oxigraph server (from the `oxigraph` package) on 127.0.0.1; yields its base URL.

    Set AIWORK_OXIGRAPH_URL to use a server started outside the tests (as .ci/run may do)."""
    external = os.environ.get("AIWORK_OXIGRAPH_URL")
    if external:
        yield external.rstrip("/")
        return
    binary = _oxigraph_binary()
    if binary is None:
        pytest.fail("the oxigraph server binary is missing: pip install -e '.[test]'")
    port = _free_port()
    location = tmp_path_factory.mktemp("oxigraph")
    proc = subprocess.Popen([binary, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 30
    while True:
        try:
            urllib.request.urlopen(url + "/query?query=ASK%7B%7D", timeout=1).read()
            break
        except Exception:
            if proc.poll() is not None or time.time() > deadline:
                proc.kill()
                pytest.fail("oxigraph server did not start: " + proc.stderr.read().decode()[-500:])
            time.sleep(0.2)
    yield url
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


# -- the web pages: a real `aiwork-kg serve`, and headless Chromium (tests/browser.py) ----------
@pytest.fixture(scope="session")
def web_server(release_dir):
    """One `aiwork-kg serve` (gunicorn, one worker) over the session's release; yields its base URL."""
    from browser import start_web_server

    server = start_web_server(release_dir)
    yield server.url
    server.stop()


@pytest.fixture(scope="session")
def chromium():
    """Headless Debian Chromium under Playwright (skips locally without it; fails when CI=true)."""
    from browser import launch, require_browser

    require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch(playwright)
        yield browser
        browser.close()


@pytest.fixture
def web_page(chromium, web_server):
    """A fresh browser page whose requests are recorded; the test fails if one left the server."""
    from browser import RequestGuard

    guard = RequestGuard(web_server)
    context = chromium.new_context(locale="en-GB")
    guard.attach(context)
    page = context.new_page()
    page.set_default_timeout(15000)
    page.guard = guard  # type: ignore[attr-defined]
    yield page
    context.close()
    guard.check()
