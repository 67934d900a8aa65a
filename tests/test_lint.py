"""The linter (ruff) and the type checker (mypy) are clean on src/.

Both are configured in pyproject.toml ([tool.ruff], [tool.mypy]) and installed with the test
extra; the reasons for the rules chosen are in docs/decisions/2026-12-06-lint-and-types.md.
Each test runs the tool as a developer would, from the repository root, so the command in the
failure message reproduces the failure. `ruff format` is deliberately not checked.
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True,
                          check=False)


def _report(proc: subprocess.CompletedProcess[str]) -> str:
    command = " ".join(["python", "-m", *proc.args[2:]])
    return f"`{command}` exited with {proc.returncode}:\n{proc.stdout}{proc.stderr}"


def test_ruff_is_clean_on_src():
    proc = _run("ruff", "check", "src")
    assert proc.returncode == 0, _report(proc)


@pytest.mark.slow
def test_mypy_is_clean_on_src():
    # the files to check (src/aiwork_kg) come from `files` in [tool.mypy] of pyproject.toml
    proc = _run("mypy")
    assert proc.returncode == 0, _report(proc)
    assert "no issues found" in proc.stdout, _report(proc)
