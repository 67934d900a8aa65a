"""The package's public names each mean one thing (docs/decisions/2026-12-06-public-api-names.md).

`aiwork_kg.build_release`, `aiwork_kg.ingest_sources`, `validate`, `query` and `load` are the
functions whatever was imported before; `aiwork_kg.build`, `aiwork_kg.ingest` and
`aiwork_kg.server.load` are modules. The import-order checks run in a fresh interpreter each,
since within one process the first import decides."""
from __future__ import annotations

import importlib
import pkgutil
import subprocess
import sys
import types

import pytest

import aiwork_kg

# public function -> the module defining it
PUBLIC = {
    "ingest_sources": "aiwork_kg.ingest",
    "build_release": "aiwork_kg.build",
    "validate": "aiwork_kg.validator",
    "query": "aiwork_kg.sparql",
    "load": "aiwork_kg.server.load",
}

FUNCTION_FIRST = """
import types, aiwork_kg
f = aiwork_kg.{name}
import {module} as m
assert aiwork_kg.{name} is f is m.{name}, "importing {module} changed aiwork_kg.{name}"
assert isinstance(f, types.FunctionType), f
"""

MODULE_FIRST = """
import types, {module} as m, aiwork_kg
f = aiwork_kg.{name}
assert isinstance(f, types.FunctionType), f
assert f is m.{name}
"""


def _run(code: str) -> None:
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr


@pytest.mark.parametrize("order", ["function-first", "module-first"])
@pytest.mark.parametrize("name", sorted(PUBLIC))
def test_importing_a_module_does_not_change_a_public_function(name, order):
    template = FUNCTION_FIRST if order == "function-first" else MODULE_FIRST
    _run(template.format(name=name, module=PUBLIC[name]))


def test_build_and_ingest_are_modules_in_both_orders():
    _run("""
import types, aiwork_kg
b, i = aiwork_kg.build_release, aiwork_kg.ingest_sources
import aiwork_kg.build, aiwork_kg.ingest, aiwork_kg.server.load
assert isinstance(aiwork_kg.build, types.ModuleType) and isinstance(aiwork_kg.ingest, types.ModuleType)
assert isinstance(aiwork_kg.server.load, types.ModuleType)
assert not callable(aiwork_kg.build) and not callable(aiwork_kg.ingest)
assert (aiwork_kg.build_release, aiwork_kg.ingest_sources) == (b, i)
""")
    _run("""
import types
from aiwork_kg import build, ingest
from aiwork_kg.server import load
assert all(isinstance(m, types.ModuleType) for m in (build, ingest, load))
""")


def test_importing_the_package_stays_cheap():
    _run("""
import sys, aiwork_kg
heavy = sorted(m for m in sys.modules if m.split(".")[0] in ("rdflib", "pyoxigraph", "pyshacl")
               or m.startswith("aiwork_kg."))
assert not heavy, heavy
""")


def test_no_package_attribute_shadows_a_submodule():
    """In every package of aiwork_kg, a name that is a submodule is that module, not a function
    or class re-exported under the same name."""
    clashes = []
    packages = [aiwork_kg] + [importlib.import_module(m.name)
                              for m in pkgutil.walk_packages(aiwork_kg.__path__, "aiwork_kg.") if m.ispkg]
    for package in packages:
        for sub in pkgutil.iter_modules(package.__path__):
            value = package.__dict__.get(sub.name)
            if value is not None and not isinstance(value, types.ModuleType):
                clashes.append(f"{package.__name__}.{sub.name}")
            if package is aiwork_kg and sub.name in aiwork_kg.__all__:
                clashes.append(f"aiwork_kg.{sub.name} (public function name)")
    assert not clashes


def test_the_public_names():
    assert sorted(aiwork_kg.__all__) == sorted(["__version__", *PUBLIC])
    for name, module in PUBLIC.items():
        assert getattr(aiwork_kg, name) is getattr(importlib.import_module(module), name)
    with pytest.raises(AttributeError):
        getattr(aiwork_kg, "no_such_name")
