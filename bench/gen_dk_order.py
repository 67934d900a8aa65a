"""Random descriptions of AI processing under the Danish executive order (rule set dk-order),
for benchmarks of mixed rule sets (bench/bench_validate.py may import :func:`descriptions`).

Each description varies every fact of docs/profile-dk-order.md at random (stated and met, stated
and breached, or left out), so the batch covers every result kind of every §; with
``emotion=True`` a share also states the facts of AI Act Art. 5(1)(f) (an authority's system that
infers workers' emotions), so those fall in both rule sets' scope. Deterministic for a seed.
"""
from __future__ import annotations

import random

PREFIXES = """@prefix aiw: <https://w3id.org/aiwork/ontology#> .
@prefix ex:  <https://example.org/bench/dk-order/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix cat: <https://w3id.org/aiwork/concept/dk-pd-category/> .
"""
AT = "<https://w3id.org/aiwork/agent/arbejdstilsynet>"
CHOICES = {
    "controller": [f"aiw:dataController {AT}"] * 8 + ["aiw:dataController ex:municipality", None],
    "task": ["aiw:servesTask aiw:supervisionTask", "aiw:servesTask aiw:guidanceTask", "aiw:servesTask aiw:otherTask", None],
    "cats": ["aiw:processesDataCategory cat:{a} , cat:{b}", "aiw:processesDataCategory cat:{a} , aiw:financialData", None],
    "src": ["aiw:combinesSource [ a aiw:Par72InformationSource ]", "aiw:combinesSource [ a aiw:OtherInformationSource ]", None],
    "start": ['aiw:processingStart "2025-09-01"^^xsd:date', None],
    "end": [None, None, None, 'aiw:processingEnd "2025-06-01"^^xsd:date'],
    "dpia": ['aiw:hasImpactAssessment [ aiw:assessmentDate "2025-08-01"^^xsd:date ; aiw:fixesDeletionTimes true ]',
             'aiw:hasImpactAssessment [ aiw:assessmentDate "2025-10-01"^^xsd:date ; aiw:fixesDeletionTimes false ]',
             "aiw:impactAssessmentMade false", None],
    "reuse": ["aiw:reusesPersonalData false",
              'aiw:hasDataReuse [ aiw:reuseDate "2025-11-01"^^xsd:date ; aiw:deletionDeadlineCountedFrom aiw:fromReuse ]',
              'aiw:hasDataReuse [ aiw:reuseDate "2025-11-01"^^xsd:date ; aiw:deletionDeadlineCountedFrom aiw:fromCollection ]', None],
    "stored": [f"aiw:storedBy {AT}", "aiw:storedBy ex:vendor", None],
    "kept": ["aiw:keptLongerThanNecessary false", "aiw:keptLongerThanNecessary true", None],
    "review": ['aiw:reviewInterval "P6M"^^xsd:duration', "aiw:storageNeedReviewed false", None],
    "sec": ["aiw:hasSecurityMeasure aiw:accessControl , aiw:encryption", "aiw:hasSecurityMeasure aiw:encryption", None],
    "rules": ["aiw:hasInternalAccessRules [ aiw:limitsNumberOfStaff true ; aiw:namesStaffWhoMayCombine true ]",
              "aiw:hasInternalAccessRules [ aiw:limitsNumberOfStaff false ; aiw:namesStaffWhoMayCombine true ]", None],
}
EMOTION = ('aiw:hasActivity [ a aiw:Use ] ; aiw:hasInput aiw:faceVideo ; aiw:infers aiw:stress ; '
           'aiw:usedIn aiw:workplace ; aiw:targets aiw:workers ; aiw:hasPurpose aiw:performanceEvaluation')


def description(i: int, rng: random.Random, emotion: bool = False) -> str:
    """One random dk-order description (Turtle) of system ex:s{i}."""
    facts = []
    for options in CHOICES.values():
        pick = rng.choice(options)
        if pick:
            facts.append(pick.format(a=rng.randint(1, 16), b=rng.randint(1, 16)))
    if emotion:
        facts.append(EMOTION)
    return PREFIXES + f"\nex:s{i} a aiw:AISystem ;\n    " + " ;\n    ".join(facts) + " .\n"


def descriptions(n: int, seed: int = 13, emotion_share: float = 0.0) -> list[bytes]:
    """`n` random dk-order descriptions as Turtle bytes; `emotion_share` of them also state the
    facts of Art. 5(1)(f) (both rule sets apply)."""
    rng = random.Random(seed)
    return [description(i, rng, rng.random() < emotion_share).encode("utf-8") for i in range(n)]


if __name__ == "__main__":  # python bench/gen_dk_order.py N: one description per file in ./dk-order-bench/
    import sys
    from pathlib import Path

    out = Path("dk-order-bench")
    out.mkdir(exist_ok=True)
    for k, data in enumerate(descriptions(int(sys.argv[1]) if len(sys.argv) > 1 else 100, emotion_share=0.2)):
        (out / f"d{k:05d}.ttl").write_bytes(data)
