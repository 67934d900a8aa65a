"""Issue 11, part 4: a cache that cannot run code - JSON data only, written atomically,
versioned by the inputs' contents, placed by option or environment, refused in a foreign folder."""
from __future__ import annotations

import json
import os
import pickle

import pytest

from aiwork_kg.validator import cache
from aiwork_kg.validator.closure import closure_from_data, closure_to_data, compute_closure, default_closure


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.setenv("AIWORK_CACHE_DIR", str(tmp_path / "c"))
    monkeypatch.setattr(cache, "_OVERRIDE", [])
    return tmp_path / "c"


def test_the_tests_use_their_own_cache():
    assert "aiwork-kg-test-cache-" in os.environ["AIWORK_CACHE_DIR"]


def test_entries_are_json_versioned_by_content_and_rebuilt_when_an_input_changes(folder, tmp_path):
    source = tmp_path / "in.txt"
    source.write_text("one")
    calls = []

    def build():
        calls.append(1)
        return {"value": source.read_text()}

    assert cache.cached("demo", [source], build, dict, dict) == {"value": "one"}
    assert cache.cached("demo", [source], build, dict, dict) == {"value": "one"}
    assert len(calls) == 1
    [entry] = list(folder.glob("demo-*.json"))
    data = json.loads(entry.read_text())
    assert data["format"] == "aiwork-kg-cache" and data["name"] == "demo" and data["value"] == {"value": "one"}
    mtime = source.stat().st_mtime_ns
    source.write_text("two")
    os.utime(source, ns=(mtime, mtime))  # same modification time, other content: still rebuilt
    assert cache.cached("demo", [source], build, dict, dict) == {"value": "two"}
    assert len(calls) == 2 and len(list(folder.glob("demo-*.json"))) == 1  # one entry per name
    assert not list(folder.glob(".demo-*"))  # no temporary file left


def test_a_pickle_in_the_cache_is_never_loaded(folder):
    class Boom:
        def __reduce__(self):
            return (os.system, ("touch " + str(folder / "pwned"),))

    folder.mkdir(mode=0o700)
    for name in ("closure", "citations"):
        (folder / f"{name}-{cache.stamp([])}.pickle").write_bytes(pickle.dumps(Boom()))
    default_closure.cache_clear()
    try:
        closure = default_closure()
    finally:
        default_closure.cache_clear()
    assert closure.terms
    assert not (folder / "pwned").exists()
    assert not list(folder.glob("closure-*.pickle"))  # removed unread when the JSON entry was written


def test_a_malformed_or_foreign_entry_is_rebuilt(folder, tmp_path):
    folder.mkdir(mode=0o700)
    source = tmp_path / "in.txt"
    source.write_text("x")
    (folder / f"demo-{cache.stamp([source])}.json").write_text('{"format": "other", "value": 1}')
    assert cache.cached("demo", [source], lambda: [2], list, list) == [2]


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX permissions")
def test_a_folder_others_can_write_is_not_used(folder):
    folder.mkdir()
    folder.chmod(0o777)
    assert cache.save("demo", [], [1], list) is None
    assert cache.load("demo", [], list) is None


def test_option_and_environment_choose_the_folder_and_empty_switches_it_off(folder, tmp_path, monkeypatch):
    assert cache.cache_dir() == folder
    cache.set_cache_dir(tmp_path / "other")
    assert cache.cache_dir() == tmp_path / "other"
    cache.set_cache_dir("")
    assert cache.cache_dir() is None
    assert cache.save("demo", [], [1], list) is None


def test_the_closure_round_trips_through_json():
    closure = compute_closure(__import__("aiwork_kg.validator.closure", fromlist=["x"]).ontology_graph())
    assert closure_from_data(json.loads(json.dumps(closure_to_data(closure)))) == closure


def test_cli_cache_dir_option(cli, tmp_path):
    target = tmp_path / "cli-cache"
    res = cli("--cache-dir", target, "validate", "--format", "json",
              __import__("conftest").ROOT / "examples" / "call-centre-agents-anger.ttl")
    assert res.exit_code == 1, res.stderr
    assert sorted({p.name.split("-")[0] for p in target.glob("*.json")}) == ["citations", "closure", "lawdates", "shapes"]
