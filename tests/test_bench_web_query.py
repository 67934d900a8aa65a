"""bench/bench_web_query.py in a tiny configuration: it runs, counts and stops the server
(correctness only; no speed is asserted)."""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench" / "bench_web_query.py"


@pytest.mark.slow
def test_bench_web_query_tiny_run(release_dir, tmp_path):
    spec = importlib.util.spec_from_file_location("bench_web_query", BENCH)
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_web_query"] = module
    spec.loader.exec_module(module)
    out = tmp_path / "figures.json"
    result = module.main(["--levels", "1,3", "--level-seconds", "600", "--max-requests", "4", "--workers", "1",
                          "--threads", "2", "--query-processes", "1", "--release", str(release_dir),
                          "--json", str(out)])
    for key in ("baseline", "levels"):  # the server without the answer cache, then with the defaults
        assert [level["requests"] for level in result[key]] == [4, 12]
        assert all(level["errors"] == 0 for level in result[key]), result
        assert set(result[key][1]["kinds"]) == {"page", "csv"}
        assert result[f"{key}_exit_status"] == 0
    assert [r["clients"] for r in result["ratios"]] == [1, 3]
    assert all(r["throughput_ratio"] > 0 for r in result["ratios"])
    assert out.exists()
