"""Benchmark: `aiwork-kg validate one.ttl` end to end, warm and cold, against `import rdflib`.

    python bench/bench_startup.py [--repeat 7] [--file examples/call-centre-agents-anger.ttl]

Each run is a fresh process, timed from start to exit (wall clock), in this order per round so
that the machine's load falls on all three alike:

* baseline: ``python -c "import rdflib"`` (the floor of any command that reads RDF with rdflib);
* warm: ``aiwork-kg validate FILE`` with a disk cache already filled (``--cache-dir`` a folder
  of this run, filled by one run before the rounds);
* cold: the same with an empty cache folder each time (the ontology closure, the shapes and the
  citations are computed, then written).

Printed: the median and the fastest of each, the ratio of each median to the baseline's, and
whether the targets of issue 14 (warm at most 0.6 s, cold at most 1.2 s) are met. It also
checks that the fast path imports neither pySHACL nor owlready2. Not part of the test run.
"""
from __future__ import annotations

import argparse
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WARM_TARGET, COLD_TARGET = 0.6, 1.2


def timed(cmd: list[str]) -> float:
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    seconds = time.perf_counter() - t0
    if proc.returncode not in (0, 1):
        raise RuntimeError(f"{' '.join(cmd)} exited {proc.returncode}: {proc.stderr.decode()[-2000:]}")
    return seconds


def imported_modules(exe: Path, cache: Path, file: Path) -> set:
    code = ("import sys; from aiwork_kg.cli import main; main(['--cache-dir', sys.argv[1], 'validate', "
            "sys.argv[2]]); print(' '.join(sorted(m for m in sys.modules if '.' not in m)), file=sys.stderr)")
    proc = subprocess.run([str(exe.with_name("python")), "-c", code, str(cache), str(file)],
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    return set(proc.stderr.split())


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--file", type=Path, default=ROOT / "examples" / "call-centre-agents-anger.ttl")
    args = ap.parse_args(argv)
    exe = Path(sys.executable).with_name("aiwork-kg")
    import os

    print(f"# bench_startup  {date.today().isoformat()}  python {platform.python_version()}  "
          f"cpus={os.cpu_count()}  load={' '.join(f'{x:.1f}' for x in os.getloadavg())}  file={args.file.name}")
    with tempfile.TemporaryDirectory(prefix="aiwork-startup-") as tmp:
        warm_cache = Path(tmp) / "warm"
        timed([str(exe), "--cache-dir", str(warm_cache), "validate", str(args.file)])  # fill it
        times: dict = {"import rdflib": [], "validate, warm cache": [], "validate, cold cache": []}
        for i in range(args.repeat):
            times["import rdflib"].append(timed([sys.executable, "-c", "import rdflib"]))
            times["validate, warm cache"].append(
                timed([str(exe), "--cache-dir", str(warm_cache), "validate", str(args.file)]))
            times["validate, cold cache"].append(
                timed([str(exe), "--cache-dir", str(Path(tmp) / f"cold-{i}"), "validate", str(args.file)]))
        modules = imported_modules(exe, warm_cache, args.file)
    base = statistics.median(times["import rdflib"])
    print("| run | median s | fastest s | median / import rdflib | target |")
    print("|---|---:|---:|---:|---|")
    ok = True
    for name, values in times.items():
        med = statistics.median(values)
        target = {"validate, warm cache": WARM_TARGET, "validate, cold cache": COLD_TARGET}.get(name)
        verdict = "" if target is None else (f"<= {target} s: " + ("met" if med <= target else "NOT met"))
        ok &= target is None or med <= target
        print(f"| {name} | {med:.3f} | {min(values):.3f} | {med / base:.2f} | {verdict} |")
    heavy = sorted(modules & {"pyshacl", "owlready2"})
    print(f"# modules the fast path imported that it must not: {', '.join(heavy) or 'none'}")
    return 0 if ok and not heavy else 1


if __name__ == "__main__":
    sys.exit(main())
