"""Issue 11: rdflib's SPARQL parser shared between threads (TypeError: Param.postParse2()) and
the evaluation state rdflib keeps on parsed queries (TypeError: unhashable type: 'Expr') -
concurrent validations in one process all succeed (aiwork_kg.parserlock, and one validation at a
time per process in aiwork_kg.validator.limited)."""
from __future__ import annotations

import subprocess
import sys

from conftest import ROOT

SCRIPT = r"""
import io, sys, threading
sys.setswitchinterval(1e-6)  # switch threads as often as possible: the race shows at once
from pathlib import Path
from aiwork_kg.validator import validate
data = Path(sys.argv[1]).read_bytes()
bad = []
def go():
    for _ in range(3):  # parsing races on first use; evaluation state (Expr.ctx) on every use
        try:
            body = io.BytesIO(data); body.name = "request.ttl"
            run = validate([body])
            if run.errors or [r.verdict for r in run.results] != ["prohibited"]:
                bad.append(str(run.errors))
        except Exception as exc:
            bad.append(repr(exc))
threads = [threading.Thread(target=go) for _ in range(6)]
for t in threads: t.start()
for t in threads: t.join()
print(len(bad), bad[:1])
"""


def test_concurrent_validations_in_one_fresh_process_all_succeed():
    # a fresh process: the race is on the parser's first use
    proc = subprocess.run([sys.executable, "-c", SCRIPT, str(ROOT / "examples" / "call-centre-agents-anger.ttl")],
                          capture_output=True, text=True, cwd=ROOT, timeout=600)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split()[0] == "0", proc.stdout


def test_rdflib_parser_is_left_as_it_is():
    """The lock is ours: no attribute of rdflib's grammar is replaced (issue 8: no run-time
    replacement of a dependency's internals)."""
    from rdflib.plugins.sparql import parser, prepareQuery

    from aiwork_kg.validator import validate

    before = {name: dict(vars(getattr(parser, name))) for name in ("Query", "UpdateUnit")}
    validate([ROOT / "examples" / "call-centre-agents-anger.ttl"])
    assert prepareQuery("SELECT * WHERE { ?s ?p ?o }") is not None
    after = {name: dict(vars(getattr(parser, name))) for name in ("Query", "UpdateUnit")}
    assert before.keys() == after.keys()
    for name in before:
        assert set(after[name]) == set(before[name]), name
        assert "parse_string" not in after[name] and "parseString" not in after[name], name
