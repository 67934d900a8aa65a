"""Benchmark: the fast path against the reference batch path, and against the naive way.

    python bench/bench_validate.py --n 1000 10000 100000 [--processes 2] [--seed 7]
    python bench/bench_validate.py --n 100 1000 --naive-sample 50   # the naive comparison too

For each N it generates N synthetic system descriptions (a seeded random mix of every case the
validator knows: emotions, emotion-like states, intentions, physical states, mere detection,
biometric and non-biometric inputs, work, education, related and other settings, medical,
safety, mixed and other purposes, dates before and after 2 February 2025, systems outside the
Act, incomplete descriptions), one file each in a temporary folder, mostly Turtle, some JSON-LD,
and validates them, each path in a fresh process, end to end through the command line:

* fast: ``aiwork-kg validate --format jsonl --engine fast --processes P folder``: the shapes
  compiled to SPARQL on Oxigraph, chunks of files on P worker processes, the report written as
  it goes (JSON Lines);
* reference: ``aiwork-kg validate --format jsonl --engine reference --processes 1 --batch-size
  100 folder``: today's batch path (pySHACL on batches of 100 descriptions, one process);
* naive (``--naive-sample K``, default 0: skipped): for K files, load the ontology from disk,
  load the shapes, run ``pyshacl.validate(data, shacl_graph=..., ont_graph=...,
  inference="rdfs")`` on that file alone, map its report; extrapolated linearly to N.

For every description the fast and reference results must be equal (verdict, reasons, risk
categories, missing facts and explanation steps, blank-node labels aside); the differences
are counted and any makes the exit code 1. Printed per N: seconds, milliseconds per description,
the ratio, and the peak memory of the fast path's process tree, sampled every 0.2 s: the sum of
its processes' proportional set sizes (PSS: a page shared by forked workers counted once), the
sum of their resident sets (RSS: a shared page counted in each process) and the largest process.
Not part of the test run (tests/test_bench_validate.py runs a tiny N for correctness only).
"""
from __future__ import annotations

import argparse
import json
import platform
import random
import shutil
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

AS_OF = "2026-01-15"  # fixed, so that undated descriptions give the same verdict on any day

EMOTIONS = ["happiness", "sadness", "anger", "surprise", "disgust", "embarrassment", "excitement", "shame",
            "contempt", "satisfaction", "amusement", "joy", "grief", "fear", "anxiety", "frustration", "boredom"]
EMOTION_LIKE = ["stress", "engagement"]
INTENTIONS = ["intentionToDeceive", "intentionToQuit"]
PHYSICAL = ["pain", "fatigue", "drowsiness", "intoxication"]
EXPRESSIONS = ["smile", "frown", "handMovement", "armMovement", "headMovement", "raisedVoice", "whispering",
               "eyeClosure"]
BIOMETRIC = ["faceImage", "faceVideo", "heartRate", "skinConductance", "eeg", "bodyTemperature", "respiration",
             "voice", "keystrokeDynamics", "mouseDynamics", "gait", "eyeMovement", "posture"]
NON_BIOMETRIC = ["writtenText", "selfReport", "taskMetrics", "calendarData"]
WORK_SETTINGS = ["workplace", "recruitment", "probation", "remoteWork"]
EDU_SETTINGS = ["educationInstitution", "admission", "onlineEducation", "examination"]
OTHER_SETTINGS = ["retail", "publicSpace", "healthcare", "home", "customerService"]
WORK_PERSONS = {"workplace": ["workers"], "recruitment": ["jobApplicants"], "probation": ["workers"],
                "remoteWork": ["workers"], "educationInstitution": ["students", "workers"],
                "admission": ["admissionApplicants"], "onlineEducation": ["students"], "examination": ["students"]}
OTHER_PERSONS = ["customers", "patients", "membersOfThePublic"]
MEDICAL = ["therapeuticPurpose", "diagnosticPurpose", "accessibilityForPersonsWithDisabilities"]
SAFETY = ["accidentPrevention", "occupationalHealthAndSafety"]
OTHER_PURPOSES = ["performanceEvaluation", "hrDecisionMaking", "candidateAssessment", "marketing",
                  "customerSatisfaction", "trainingOrRolePlay", "personalWellbeing", "productivityMonitoring",
                  "examIntegrity"]


# ----------------------------------------------------------------------------------------------
# generator


def _facts(rng: random.Random) -> dict:
    """A random but plausible description; the mix is weighted towards the interesting cases."""
    f: dict = {"type": "AISystem", "inputs": [], "infers": [], "detects": [], "used_in": [], "targets": [],
               "incidental": [], "purposes": [], "date": None, "activity": "Use", "required": None}
    if rng.random() < 0.03:
        f["type"] = "NonAISystem"
    if rng.random() < 0.08:
        f["activity"] = rng.choice(["PlacingOnTheMarket", "PuttingIntoService"])
    # what it infers
    kind = rng.choices(["emotion", "emotionLike", "intention", "physical", "detect", "mixed", "none"],
                       [40, 12, 8, 12, 8, 8, 2])[0]
    if kind == "emotion":
        f["infers"] = rng.sample(EMOTIONS, rng.randint(1, 3))
    elif kind == "emotionLike":
        f["infers"] = rng.sample(EMOTION_LIKE, rng.randint(1, 2))
    elif kind == "intention":
        f["infers"] = rng.sample(INTENTIONS, 1)
    elif kind == "physical":
        f["infers"] = rng.sample(PHYSICAL, rng.randint(1, 2))
    elif kind == "mixed":
        f["infers"] = [rng.choice(PHYSICAL), rng.choice(EMOTIONS)]
    if kind == "detect" or rng.random() < 0.15:
        f["detects"] = rng.sample(EXPRESSIONS, rng.randint(1, 2))
    if kind == "emotion" and rng.random() < 0.05:
        f["own_emotion"] = True
    # inputs
    inp = rng.choices(["bio", "nonbio", "both", "own", "missing"], [70, 10, 8, 5, 7])[0]
    if inp == "bio":
        f["inputs"] = rng.sample(BIOMETRIC, rng.randint(1, 2))
    elif inp == "nonbio":
        f["inputs"] = rng.sample(NON_BIOMETRIC, 1)
    elif inp == "both":
        f["inputs"] = [rng.choice(BIOMETRIC), rng.choice(NON_BIOMETRIC)]
    elif inp == "own":
        f["own_input"] = rng.random() < 0.7
    # setting and persons
    st = rng.choices(["work", "edu", "other", "staffAndCustomers", "missing"], [45, 25, 18, 5, 7])[0]
    if st in ("work", "edu"):
        setting = rng.choice(WORK_SETTINGS if st == "work" else EDU_SETTINGS)
        f["used_in"] = [setting]
        f["targets"] = [rng.choice(WORK_PERSONS[setting])]
    elif st == "other":
        f["used_in"] = [rng.choice(OTHER_SETTINGS)]
        f["targets"] = [rng.choice(OTHER_PERSONS)]
        if rng.random() < 0.5:
            f["incidental"] = ["workers"]
    elif st == "staffAndCustomers":
        f["used_in"] = ["retail", "workplace"]
        f["targets"] = ["customers", "workers"]
    # purposes
    pu = rng.choices(["other", "medical", "safety", "mixed", "missing", "military", "research"],
                     [55, 10, 12, 10, 7, 3, 3])[0]
    if pu == "other":
        f["purposes"] = rng.sample(OTHER_PURPOSES, rng.randint(1, 2))
    elif pu == "medical":
        f["purposes"] = [rng.choice(MEDICAL)]
    elif pu == "safety":
        f["purposes"] = rng.sample(SAFETY, rng.randint(1, 2))
    elif pu == "mixed":
        f["purposes"] = [rng.choice(MEDICAL + SAFETY), rng.choice(OTHER_PURPOSES)]
    elif pu == "military":
        f["purposes"] = ["militaryDefenceNationalSecurity"]
    elif pu == "research":
        f["purposes"] = ["scientificResearch"]
    # date
    when = rng.choices(["after", "before", "none"], [70, 10, 20])[0]
    if when == "after":
        f["date"] = date.fromordinal(date(2025, 2, 2).toordinal() + rng.randint(0, 600)).isoformat()
    elif when == "before":
        f["date"] = date.fromordinal(date(2024, 8, 1).toordinal() + rng.randint(0, 184)).isoformat()
    if rng.random() < 0.5:
        f["required"] = rng.random() < 0.6
    return f


def _turtle(iri: str, f: dict) -> str:
    def refs(names):
        return ", ".join("aiw:" + n for n in names)

    lines = [f"<{iri}> a aiw:{f['type']} ;", f'    rdfs:label "Synthetic system {iri.rsplit("/", 1)[-1]}"@en']
    act = f"[ a aiw:{f['activity']} ; aiw:performedBy [ a aiw:{'Deployer' if f['activity'] == 'Use' else 'Provider'} ]"
    act += (f' ; aiw:date "{f["date"]}"^^xsd:date ]' if f["date"] else " ]")
    lines.append(f"    aiw:hasActivity {act}")
    inputs = refs(f["inputs"])
    if "own_input" in f:
        own = f'[ a aiw:InputData ; rdfs:label "sensor signal"@en ; aiw:isBiometric {str(f["own_input"]).lower()} ]'
        inputs = ", ".join(x for x in (inputs, own) if x)
    infers = refs(f["infers"])
    if f.get("own_emotion"):
        infers = ", ".join(x for x in (infers, '[ a aiw:Emotion ; rdfs:label "irritation"@en ]') if x)
    for prop, value in (("hasInput", inputs), ("infers", infers), ("detects", refs(f["detects"])),
                        ("usedIn", refs(f["used_in"])), ("targets", refs(f["targets"])),
                        ("incidentallyRecords", refs(f["incidental"])), ("hasPurpose", refs(f["purposes"]))):
        if value:
            lines.append(f"    aiw:{prop} {value}")
    if f["required"] is not None:
        lines.append(f"    aiw:useRequired {str(f['required']).lower()}")
    return ("@prefix aiw: <https://w3id.org/aiwork/ontology#> .\n"
            "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
            "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n\n" + " ;\n".join(lines) + " .\n")


def _jsonld(iri: str, f: dict) -> str:
    doc: dict = {"@context": "https://w3id.org/aiwork/context.jsonld", "id": iri, "type": f["type"],
                 "label": {"@value": f"Synthetic system {iri.rsplit('/', 1)[-1]}", "@language": "en"}}
    act: dict = {"type": f["activity"],
                 "performedBy": {"type": "Deployer" if f["activity"] == "Use" else "Provider"}}
    if f["date"]:
        act["date"] = f["date"]
    doc["hasActivity"] = act
    inputs: list = list(f["inputs"])
    if "own_input" in f:
        inputs.append({"type": "InputData", "label": "sensor signal", "isBiometric": f["own_input"]})
    infers: list = list(f["infers"])
    if f.get("own_emotion"):
        infers.append({"type": "Emotion", "label": "irritation"})
    for key, value in (("hasInput", inputs), ("infers", infers), ("detects", f["detects"]),
                       ("usedIn", f["used_in"]), ("targets", f["targets"]),
                       ("incidentallyRecords", f["incidental"]), ("hasPurpose", f["purposes"])):
        if value:
            doc[key] = value
    if f["required"] is not None:
        doc["useRequired"] = f["required"]
    return json.dumps(doc, indent=1) + "\n"


def generate(n: int, directory: Path, seed: int = 7, dk_order_share: float = 0.0) -> list[Path]:
    """Write n synthetic descriptions into `directory` (one system per file); return their paths.
    dk_order_share: that share of them are processings under the Danish executive order
    (bench/gen_dk_order.py; a third of those also state the facts of Art. 5(1)(f), so both rule
    sets apply), for a batch of mixed rule sets."""
    rng = random.Random(seed)
    mix = random.Random(seed + 2)
    directory.mkdir(parents=True, exist_ok=True)
    width = max(5, len(str(n)))
    paths = []
    for i in range(n):
        if dk_order_share and mix.random() < dk_order_share:
            import gen_dk_order  # bench/, beside this file

            path = directory / f"system-{i:0{width}d}-dk.ttl"
            path.write_text(gen_dk_order.description(i, mix, mix.random() < 1 / 3), encoding="utf-8")
            paths.append(path)
            continue
        f = _facts(rng)
        iri = f"https://example.org/bench/system-{i:0{width}d}"
        if rng.random() < 0.1:
            path = directory / f"system-{i:0{width}d}.jsonld"
            path.write_text(_jsonld(iri, f), encoding="utf-8")
        else:
            path = directory / f"system-{i:0{width}d}.ttl"
            path.write_text(_turtle(iri, f), encoding="utf-8")
        paths.append(path)
    return paths


# ----------------------------------------------------------------------------------------------
# the two paths


def _key(v) -> tuple:
    return (v.verdict, tuple(sorted(v.reasons)), tuple(sorted(v.risk_categories)), tuple(sorted(v.missing)))


def run_batch(directory: Path, reading: str = "act-text", as_of: str = AS_OF):
    """The library's batch path over a folder: (seconds, {(file name, system): verdict key}, run)."""
    import aiwork_kg

    t0 = time.perf_counter()
    run = aiwork_kg.validate(directory, reading=reading, as_of=as_of, progress=False)
    seconds = time.perf_counter() - t0
    if run.errors:
        raise RuntimeError("batch validation reported input errors: " + "; ".join(map(str, run.errors[:5])))
    return seconds, {(Path(v.source).name, v.system): _key(v) for v in run.results}, run


def _ontology_from_disk():
    """The ontology (and its alignments) parsed from disk, as the naive way does for every file."""
    from rdflib import Graph

    from aiwork_kg.ontology import ontology_paths

    graph = Graph()
    for path in ontology_paths():
        graph.parse(path, format="turtle")
    return graph


def _shapes_from_disk(reading: str):
    """The shapes of a reading parsed from their files (the reading shapes built from their
    templates), as the naive way does for every file."""
    from aiwork_kg.validator.shapes import load_shapes

    return load_shapes(reading)


def validate_naive(path: Path, reading: str = "act-text", as_of: str = AS_OF) -> list:
    """One file the naive way: ontology and shapes loaded from disk, one pySHACL call with RDFS
    inference over the ontology, the report mapped to verdicts."""
    import pyshacl

    from aiwork_kg import validator
    from aiwork_kg.rdfio import load_graph

    ont = _ontology_from_disk()
    shapes = _shapes_from_disk(reading)
    data = load_graph(path)
    validator.evaluation_triples(data, as_of)  # the date the date shapes compare to
    _conforms, report, _text = pyshacl.validate(data, shacl_graph=shapes, ont_graph=ont, inference="rdfs",
                                                allow_infos=True, allow_warnings=True)
    return validator.verdict_from_report(report, data, reading=reading, as_of=as_of, source=str(path))


def _naive_here(paths: list[Path], reading: str, as_of: str):
    out = {}
    t0 = time.perf_counter()
    for path in paths:
        for v in validate_naive(path, reading, as_of):
            out[(path.name, v.system)] = _key(v)
    return time.perf_counter() - t0, out


def run_naive(paths: list[Path], reading: str = "act-text", as_of: str = AS_OF):
    """The naive way on each of `paths`: (seconds, {(file name, system): verdict key}).

    Runs in a fresh Python process, so that nothing the batch path set up or memoised in this
    process (parsed shapes, the ontology closure, pySHACL's memoised query checks) helps it;
    the time is measured inside that process, from the first file to the last."""
    import subprocess

    with tempfile.TemporaryDirectory(prefix="aiwork-naive-") as tmp:
        job, result = Path(tmp) / "job.json", Path(tmp) / "result.json"
        job.write_text(json.dumps({"paths": [str(p) for p in paths], "reading": reading, "as_of": as_of}),
                       encoding="utf-8")
        proc = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--naive-worker", str(job),
                               str(result)], capture_output=True, text=True)
        if proc.returncode != 0:
            raise RuntimeError("the naive worker failed:\n" + proc.stderr[-3000:])
        data = json.loads(result.read_text(encoding="utf-8"))
    verdicts = {(f, s): (k[0], tuple(k[1]), tuple(k[2]), tuple(k[3])) for f, s, k in data["verdicts"]}
    return data["seconds"], verdicts


def _naive_worker(job: Path, result: Path) -> int:
    spec = json.loads(job.read_text(encoding="utf-8"))
    seconds, verdicts = _naive_here([Path(p) for p in spec["paths"]], spec["reading"], spec["as_of"])
    result.write_text(json.dumps({"seconds": seconds,
                                  "verdicts": [[f, s, list(k)] for (f, s), k in verdicts.items()]}),
                      encoding="utf-8")
    return 0


def compare(batch: dict, naive: dict) -> list[str]:
    """Differences between the two paths on the files the naive way ran on."""
    problems = []
    files = {k[0] for k in naive}
    for key in sorted(k for k in batch if k[0] in files):
        if key not in naive:
            problems.append(f"{key}: only the batch path gives a verdict: {batch[key]}")
        elif batch[key] != naive[key]:
            problems.append(f"{key}: batch {batch[key]} != naive {naive[key]}")
    problems += [f"{key}: only the naive path gives a verdict" for key in sorted(set(naive) - set(batch))]
    return problems


# ----------------------------------------------------------------------------------------------
# fast vs reference, each through the command line in a fresh process


def _tree_rss_kb(pid: int) -> tuple[int, int, int]:
    """(sum of RSS, largest RSS, sum of PSS) in KiB of `pid` and all its descendants (Linux /proc).
    RSS counts the pages forked workers share with their parent once per process; PSS divides
    each shared page among the processes that map it, so its sum is the tree's real footprint."""
    total = largest = pss = 0
    todo = [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/status", encoding="ascii", errors="replace") as fh:
                for line in fh:
                    if line.startswith("VmRSS:"):
                        kb = int(line.split()[1])
                        total += kb
                        largest = max(largest, kb)
                        break
            with open(f"/proc/{p}/smaps_rollup", encoding="ascii", errors="replace") as fh:
                for line in fh:
                    if line.startswith("Pss:"):
                        pss += int(line.split()[1])
                        break
            for task in Path(f"/proc/{p}/task").iterdir():
                children = (task / "children").read_text().split()
                todo += [int(c) for c in children]
        except (OSError, ValueError):
            continue
    return total, largest, pss


def run_cli(directory: Path, out: Path, engine: str, processes: int, reading: str, as_of: str = AS_OF,
            batch_size: int | None = None) -> dict:
    """`aiwork-kg validate --format jsonl` on `directory` in a fresh process, its report written to
    `out`: wall seconds, peak memory of its process tree, exit code."""
    import subprocess
    import threading

    exe = Path(sys.executable).with_name("aiwork-kg")
    cmd = [str(exe), "validate", "--format", "jsonl", "--no-progress", "--engine", engine, "--processes",
           str(processes), "--reading", reading, "--as-of", as_of, str(directory)]
    if batch_size:
        cmd[2:2] = []
        cmd += ["--batch-size", str(batch_size)]
    peak = {"sum": 0, "one": 0, "pss": 0}
    with open(out, "wb") as fh:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=fh, stderr=subprocess.PIPE)
        stop = threading.Event()

        def sample():
            while not stop.is_set():
                total, one, pss = _tree_rss_kb(proc.pid)
                peak["sum"], peak["one"] = max(peak["sum"], total), max(peak["one"], one)
                peak["pss"] = max(peak["pss"], pss)
                stop.wait(0.2)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _, err = proc.communicate()
        seconds = time.perf_counter() - t0
        stop.set()
        sampler.join()
    if proc.returncode not in (0, 1):
        raise RuntimeError(f"{' '.join(cmd)} exited {proc.returncode}:\n{err.decode()[-3000:]}")
    return {"seconds": seconds, "rss_sum_mb": peak["sum"] / 1024, "rss_one_mb": peak["one"] / 1024,
            "pss_sum_mb": peak["pss"] / 1024,
            "exit_code": proc.returncode}


def read_report(path: Path) -> tuple[dict, dict, dict]:
    """The JSON Lines report: ({(source, system): digest of the comparable result}, verdict
    counts, the summary line). Digests keep memory small at N = 100,000."""
    import hashlib

    from aiwork_kg.validator.fast import comparable_dict

    digests: dict = {}
    counts: dict = {}
    summary: dict = {}
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            item = json.loads(line)
            if "summary" in item:
                summary = item
                continue
            if "error" in item:
                digests[(item["error"]["source"], "error")] = item["error"]["message"]
                continue
            system = item["system"] if not item["system"].startswith("_:") else "_:"
            key = (Path(item["source"]).name, system)
            n = 0
            while (key[0], key[1] + (f"#{n}" if n else "")) in digests:
                n += 1
            key = (key[0], key[1] + (f"#{n}" if n else ""))
            digests[key] = hashlib.sha1(comparable_dict(item).encode()).hexdigest()
            counts[item["verdict"]] = counts.get(item["verdict"], 0) + 1
    return digests, counts, summary


def bench(n: int, naive_sample: int, seed: int, reading: str, processes: int, skip_reference: bool = False,
          keep: Path | None = None, dk_order_share: float = 0.0) -> dict:
    tmp = Path(tempfile.mkdtemp(prefix=f"aiwork-bench-{n}-"))
    try:
        folder = tmp / "descriptions"
        t0 = time.perf_counter()
        paths = generate(n, folder, seed, dk_order_share)
        gen_s = time.perf_counter() - t0
        fast = run_cli(folder, tmp / "fast.jsonl", "fast", processes, reading)
        fast_d, counts, fast_summary = read_report(tmp / "fast.jsonl")
        r: dict = {"n": n, "reading": reading, "dk_order_share": dk_order_share, "generate_s": gen_s,
                   "processes": processes,
                   "fast_s": fast["seconds"], "fast_per_ms": 1000 * fast["seconds"] / n,
                   "fast_rss_sum_mb": fast["rss_sum_mb"], "fast_rss_one_mb": fast["rss_one_mb"],
                   "fast_pss_sum_mb": fast["pss_sum_mb"],
                   "fast_results": len(fast_d), "verdict_counts": counts, "fast_engine": fast_summary.get("engine")}
        if keep:
            shutil.copy(tmp / "fast.jsonl", keep / f"fast-{n}.jsonl")
        print(f"# N={n}: fast {fast['seconds']:.1f} s ({1000 * fast['seconds'] / n:.2f} ms a description), "
              f"peak memory {fast['pss_sum_mb']:.0f} MB PSS of the process tree "
              f"({fast['rss_sum_mb']:.0f} MB RSS summed, "
              f"largest process {fast['rss_one_mb']:.0f} MB)", flush=True)
        if not skip_reference:
            ref = run_cli(folder, tmp / "reference.jsonl", "reference", 1, reading, batch_size=100)
            ref_d, _, _ = read_report(tmp / "reference.jsonl")
            problems = [f"{k}: only the reference path" for k in sorted(set(ref_d) - set(fast_d))]
            problems += [f"{k}: only the fast path" for k in sorted(set(fast_d) - set(ref_d))]
            problems += [f"{k}: the results differ" for k in sorted(set(fast_d) & set(ref_d)) if fast_d[k] != ref_d[k]]
            r.update({"reference_s": ref["seconds"], "reference_per_ms": 1000 * ref["seconds"] / n,
                      "reference_rss_sum_mb": ref["rss_sum_mb"], "reference_pss_sum_mb": ref["pss_sum_mb"],
                      "ratio": ref["seconds"] / fast["seconds"],
                      "compared": len(set(fast_d) & set(ref_d)), "differences": problems})
        else:
            r["differences"] = []
        if naive_sample:
            sample = sorted(random.Random(seed + 1).sample(paths, min(naive_sample, n)))
            naive_s, naive = run_naive(sample, reading)
            _, batch, _ = run_batch(folder, reading)
            r.update({"naive_sample": len(sample), "naive_per_s": naive_s / len(sample),
                      "naive_total_s": naive_s / len(sample) * n, "naive_differences": compare(batch, naive)})
        return r
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--naive-worker"]:  # internal: the naive path in a fresh process
        return _naive_worker(Path(argv[1]), Path(argv[2]))
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, nargs="+", default=[1000])
    ap.add_argument("--processes", type=int, default=0, help="worker processes of the fast path (0: one per CPU)")
    ap.add_argument("--naive-sample", type=int, default=0,
                    help="files validated the naive way (measured), extrapolated linearly to N (0: skip)")
    ap.add_argument("--skip-reference", action="store_true", help="measure the fast path only (no comparison)")
    ap.add_argument("--seed", type=int, default=7)
    from aiwork_kg.validator.pool import default_processes
    from aiwork_kg.validator.shapes import DEFAULT_READING, READINGS

    ap.add_argument("--reading", default=DEFAULT_READING, choices=READINGS)
    ap.add_argument("--dk-order-share", type=float, default=0.0,
                    help="share of the descriptions that are processings under the Danish executive order "
                         "(mixed rule sets; a third of them also fall under Art. 5(1)(f))")
    ap.add_argument("--json", type=Path, help="also write the results as JSON to this file")
    ap.add_argument("--keep", type=Path, help="copy the fast path's JSON Lines reports into this folder")
    args = ap.parse_args(argv)
    processes = args.processes or default_processes()

    print(f"# bench_validate  {date.today().isoformat()}  python {platform.python_version()}  "
          f"{platform.machine()}  {platform.system()}  cpus={__import__('os').cpu_count()}  "
          f"load={' '.join(f'{x:.1f}' for x in __import__('os').getloadavg())}  reading={args.reading}  "
          f"dk-order share={args.dk_order_share}", flush=True)
    print(f"# fast = aiwork-kg validate --format jsonl --engine fast --processes {processes}; reference = "
          f"--engine reference --processes 1 --batch-size 100 (pySHACL, today's batch path); same verdicts = "
          f"verdict, reasons, risk categories, missing facts and explanation steps of every description", flush=True)
    results, failed = [], False
    for n in args.n:
        r = bench(n, args.naive_sample, args.seed, args.reading, processes, args.skip_reference, args.keep,
                  args.dk_order_share)
        results.append(r)
        failed |= bool(r["differences"]) or bool(r.get("naive_differences"))
        if "reference_s" in r:
            print(f"# N={n}: reference {r['reference_s']:.1f} s ({r['reference_per_ms']:.1f} ms a description), "
                  f"ratio {r['ratio']:.1f}x, {r['compared']} compared, {len(r['differences'])} differences",
                  flush=True)
        for line in r["differences"][:20] + r.get("naive_differences", [])[:20]:
            print("  difference:", line)
    header = ("N", "fast s", "fast ms/desc", "reference s", "reference ms/desc", "ratio",
              "peak MB (tree PSS / tree RSS / one)",
              "compared", "differences")
    print("| " + " | ".join(header) + " |")
    print("|" + "---:|" * len(header))
    for r in results:
        ref = (f"{r['reference_s']:.1f} | {r['reference_per_ms']:.1f} | {r['ratio']:.1f}x"
               if "reference_s" in r else "- | - | -")
        print(f"| {r['n']} | {r['fast_s']:.1f} | {r['fast_per_ms']:.2f} | {ref} | "
              f"{r['fast_pss_sum_mb']:.0f} / {r['fast_rss_sum_mb']:.0f} / {r['fast_rss_one_mb']:.0f} | "
              f"{r.get('compared', '-')} | "
              f"{len(r['differences']) if 'reference_s' in r else '-'} |")
    for r in results:
        print(f"# N={r['n']}: verdicts {json.dumps(r['verdict_counts'], sort_keys=True)}")
        if "naive_per_s" in r:
            print(f"# N={r['n']}: naive {r['naive_per_s']:.2f} s a description on {r['naive_sample']} files, "
                  f"{r['naive_total_s']:.0f} s extrapolated; naive vs fast differences: {len(r['naive_differences'])}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
