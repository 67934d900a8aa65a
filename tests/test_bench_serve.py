"""bench/bench_serve.py in a tiny configuration: it runs, counts, measures memory and stops the
server (correctness only; no speed is asserted)."""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench" / "bench_serve.py"


@pytest.mark.slow
def test_bench_serve_tiny_run(release_dir, tmp_path):
    spec = importlib.util.spec_from_file_location("bench_serve", BENCH)
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_serve"] = module
    spec.loader.exec_module(module)
    out = tmp_path / "figures.json"
    result = module.main(["--levels", "1,3", "--level-seconds", "600", "--max-requests", "3", "--soak-seconds", "0",
                          "--workers", "1", "--threads", "2", "--release", str(release_dir), "--json", str(out)])
    assert [level["requests"] for level in result["levels"]] == [3, 9]
    assert all(level["errors"] == 0 for level in result["levels"])
    assert set(result["levels"][1]["kinds"]) == {"select", "construct", "validate"}
    assert result["memory_start_mb"] > 0 and result["memory_end_mb"] > 0
    assert result["answers_after"] == {"select": 200, "construct": 200, "validate": 200, "health": 200}
    assert result["exit_status"] == 0 and out.exists()
