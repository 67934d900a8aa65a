"""The browser-test harness: headless Debian Chromium driven by Playwright, axe-core, request recording.

- The browser is the system's Chromium (Debian package ``chromium``; ``AIWORK_CHROMIUM`` names
  another binary). Playwright never downloads a browser here: it is launched with
  ``executable_path``. Without a browser the tests skip with the reason, except in CI
  (``CI=true``), where a missing browser fails the test (see :func:`require_browser`).
- :class:`RequestGuard` records every request a page makes and aborts any to a host other than
  the server's; :meth:`RequestGuard.check` fails the test if there was one.
- :func:`assert_accessible` runs axe-core (shipped in axe-playwright-python, injected into the
  page, so nothing is fetched) and fails on serious or critical violations.
- :func:`start_web_server` starts a real ``aiwork-kg serve`` (gunicorn) on a free port.
"""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

CHROMIUM = os.environ.get("AIWORK_CHROMIUM", "/usr/bin/chromium")
BLOCKING_IMPACTS = ("serious", "critical")
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def browser_missing() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    try:
        import axe_playwright_python  # noqa: F401
        import playwright.sync_api  # noqa: F401
    except ImportError as exc:
        return f"Playwright or axe-playwright-python is not installed ({exc}): pip install -e '.[test]'"
    path = CHROMIUM if os.path.isabs(CHROMIUM) else shutil.which(CHROMIUM)
    if not path or not os.access(path, os.X_OK):
        return (f"no Chromium at {CHROMIUM}: install Debian's package (apt-get install chromium) "
                "or set AIWORK_CHROMIUM to a Chromium binary")
    return None


def require_browser() -> None:
    """Skip (locally) or fail (CI=true) when the browser tests cannot run."""
    reason = browser_missing()
    if reason is None:
        return
    if IN_CI:
        pytest.fail(f"browser tests cannot run in CI: {reason}")
    pytest.skip(f"browser tests skipped: {reason}")


def launch(playwright):
    """Headless Chromium from the system, never a downloaded one."""
    return playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                      args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"])


@dataclass
class RequestGuard:
    """Records a page's requests; aborts and remembers those to any other host than `allowed`."""

    allowed: str  # the server's origin, e.g. http://127.0.0.1:8123
    requests: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)

    def attach(self, context) -> None:
        origin = urlsplit(self.allowed)

        def handle(route) -> None:
            url = route.request.url
            self.requests.append(url)
            parts = urlsplit(url)
            if parts.scheme in ("data", "blob", "about") or (parts.scheme, parts.netloc) == (origin.scheme,
                                                                                               origin.netloc):
                route.continue_()
            else:
                self.foreign.append(url)
                route.abort()

        context.route("**/*", handle)

    def check(self) -> None:
        assert not self.foreign, "the page requested other hosts than the server: " + ", ".join(self.foreign)


def assert_accessible(page, *, name: str = "") -> list[dict]:
    """Run axe-core on the page; fail on serious or critical violations. Returns all violations."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    violations = results.response.get("violations", [])
    blocking = [v for v in violations if v.get("impact") in BLOCKING_IMPACTS]
    if blocking:
        lines = []
        for v in blocking:
            targets = "; ".join(" ".join(n.get("target", [])) for n in v.get("nodes", [])[:5])
            lines.append(f"{v['impact']}: {v['id']} ({v['help']}) at {targets}")
        pytest.fail(f"axe-core on {name or page.url}:\n" + "\n".join(lines))
    return violations


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _entry_point() -> list[str]:
    exe = Path(sys.executable).with_name("aiwork-kg")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "aiwork_kg"]


@dataclass
class WebServer:
    url: str
    process: subprocess.Popen

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()


def start_web_server(release_dir: Path, *, workers: int = 1, threads: int = 8) -> WebServer:
    """A real `aiwork-kg serve` on 127.0.0.1 and a free port, ready when this returns."""
    port = free_port()
    proc = subprocess.Popen(_entry_point() + ["serve", "--port", str(port), "--release", str(release_dir),
                                              "--workers", str(workers), "--threads", str(threads),
                                              "--query-processes", "1", "--access-log", "none"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 120
    while True:
        try:
            with urllib.request.urlopen(url + "/health", timeout=2) as r:
                if r.status == 200:
                    break
        except (OSError, urllib.error.URLError):
            pass
        if proc.poll() is not None or time.time() > deadline:
            proc.kill()
            stderr = proc.stderr.read().decode("utf-8", "replace")[-2000:] if proc.stderr else ""
            raise RuntimeError(f"aiwork-kg serve did not start: {stderr}")
        time.sleep(0.25)
    return WebServer(url, proc)
