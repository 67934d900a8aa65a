"""Dates of application as data: the law as it stands on any date (issue 10, section 1).

* shapes/ holds no date literal: the dates come from the knowledge graph's versioned
  aiw:DateOfApplication facts (data/eu/ai-act-amendment-2026-1744.ttl);
* ``--as-of D`` (Python API, command line, HTTP) answers with the law in force on D: on both
  sides of the entry into force of Regulation (EU) 2026/1744 (27 July 2026) the Annex III 1(c)
  obligations of an emotion recognition system apply from a different date, Art. 50(3) from the
  same one, and the ban of Art. 5(1)(f) from 2 February 2025;
* the OWL route reads the same date from the graph.
"""
from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD

from aiwork_kg import validate
from aiwork_kg.namespaces import AIW
from aiwork_kg.paths import DATA_DIR, ROOT
from aiwork_kg.validator import lawdates

SHAPES_DIR = ROOT / "shapes"
EU = "https://w3id.org/aiwork/provision/eu/reg/2024/1689/"
DOA = EU + "art_113/"
ANNEX_III_V1 = DOA + "pnt_c/2024-08-01/doa-annex-iii"
ANNEX_III_V2 = DOA + "pnt_c/2026-07-27/doa-annex-iii"
ART_50 = DOA + "sub_2/2024-08-01/doa-art-50"
ART_5_V1 = DOA + "pnt_a/2024-08-01/doa"
ART_5_V2 = DOA + "pnt_a/2026-07-27/doa"

# An emotion recognition system outside the ban (customers, not workers): high-risk with Art. 50(3).
ERS = b"""@prefix aiw: <https://w3id.org/aiwork/ontology#> .
<https://example.org/s/cc> a aiw:AISystem ; aiw:hasActivity [ a aiw:Use ] ;
    aiw:hasInput aiw:voice ; aiw:infers aiw:frustration ; aiw:usedIn aiw:customerService ;
    aiw:targets aiw:customers ; aiw:hasPurpose aiw:customerSatisfaction ."""
# A workplace emotion recognition system: prohibited once Art. 5 applies.
BANNED = b"""@prefix aiw: <https://w3id.org/aiwork/ontology#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<https://example.org/s/ban> a aiw:AISystem ; aiw:hasActivity [ a aiw:Use ; aiw:date "2024-12-01"^^xsd:date ] ;
    aiw:hasInput aiw:voice ; aiw:infers aiw:anger ; aiw:usedIn aiw:workplace ;
    aiw:targets aiw:workers ; aiw:hasPurpose aiw:performanceEvaluation ."""

MONTHS = {
    "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December"],
    "da": ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september",
           "oktober", "november", "december"],
    "nl": ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
           "oktober", "november", "december"],
}
ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


def written(day: dt.date) -> list[str]:
    """The ways en, da and nl texts write a day ("2 August 2026", "2. august 2026", "2 augustus 2026")."""
    return [f"{day.day} {MONTHS['en'][day.month - 1]} {day.year}",
            f"{day.day}. {MONTHS['da'][day.month - 1]} {day.year}",
            f"{day.day} {MONTHS['nl'][day.month - 1]} {day.year}"]


def date_literals(graph: Graph, days_of_application) -> list[str]:
    """Every literal of `graph` that is a date: typed xsd:date or xsd:dateTime, holding an ISO
    date, or writing out one of `days_of_application` in en, da or nl."""
    forms = [f for d in days_of_application for f in written(d)]
    hits = []
    for s, p, o in graph:
        if not isinstance(o, Literal):
            continue
        text = str(o)
        if o.datatype in (XSD.date, XSD.dateTime) or ISO_DATE.search(text) \
                or any(form.lower() in text.lower() for form in forms):
            hits.append(f"{s} {p}: {text[:80]!r}")
    return hits


@pytest.fixture(scope="module")
def days_of_application() -> set[dt.date]:
    g = Graph()
    for path in sorted(DATA_DIR.rglob("*.ttl")):
        g.parse(path)
    g.parse(ROOT / "ontology" / "aiwork.ttl")
    days = {o.toPython() for o in g.objects(None, AIW.appliesFrom)}
    assert dt.date(2027, 12, 2) in days and dt.date(2025, 2, 2) in days
    return days


def test_no_date_literal_in_shapes(days_of_application):
    files = sorted(SHAPES_DIR.rglob("*.ttl"))
    assert files
    for path in files:
        hits = date_literals(Graph().parse(path), days_of_application)
        assert not hits, f"{path.relative_to(ROOT)} writes dates of application; they belong in data/: {hits}"


def test_the_date_check_finds_dates(days_of_application):
    bad = Graph().parse(data="""@prefix ex: <https://example.org/> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
        ex:a ex:b "2025-02-02"^^xsd:date . ex:c ex:d "FILTER (STR(?d) >= \\"2026-08-02\\")" .
        ex:e ex:f "apply from 2 August 2026 (Art. 113)"@en , "fra den 2. december 2027"@da , "vanaf 2 december 2027"@nl .
        ex:g ex:h "approved on 4 February 2025"@en .""", format="turtle")
    hits = date_literals(bad, days_of_application)
    assert len(hits) == 5, hits  # a document date that is no date of application is not one


# -- the knowledge graph: which date is the law on which day ------------------------------

@pytest.mark.parametrize("provision, day, expected", [
    ("anx_III/pnt_1/pnt_c", "2026-07-26", ["2026-08-02"]),   # the day before the amendment
    ("anx_III/pnt_1/pnt_c", "2026-07-27", ["2027-12-02"]),   # its entry into force
    ("art_50/par_3", "2026-07-26", ["2026-08-02"]),
    ("art_50/par_3", "2026-12-06", ["2026-08-02"]),
    ("art_5/par_1/pnt_f", "2024-08-01", ["2025-02-02"]),
    ("art_5/par_1/pnt_f", "2026-12-06", ["2025-02-02"]),
    ("art_5/par_1/pnt_f", "2024-07-31", []),                  # before the Act entered into force
    ("art_5/par_1/pnt_ba", "2026-07-26", []),                 # not yet inserted
    ("art_5/par_1/pnt_ba", "2026-07-27", ["2026-12-02"]),
    ("art_6/par_1", "2026-01-01", ["2027-08-02"]),
    ("art_6/par_1", "2027-01-01", ["2028-08-02"]),
])
def test_dates_in_force(provision, day, expected):
    found = lawdates.dates_in_force(EU + provision, dt.date.fromisoformat(day))
    assert [d.isoformat() for d in found] == expected


def test_every_versioned_date_names_its_sources():
    g = Graph()
    g.parse(DATA_DIR / "eu" / "ai-act-amendment-2026-1744.ttl")
    from rdflib.namespace import DCTERMS, PROV, RDF, SKOS

    facts = set(g.subjects(RDF.type, AIW.DateOfApplication))
    assert len(facts) >= 8
    for fact in facts:
        assert list(g.objects(fact, DCTERMS.source)), fact
        assert list(g.objects(fact, PROV.wasDerivedFrom)), fact
        assert {o.language for o in g.objects(fact, SKOS.prefLabel)} == {"en", "da", "nl"}, fact
    # what rests on secondary sources says so
    for fact in (URIRef(ANNEX_III_V2), URIRef(ART_5_V2)):
        assert "Official Journal" in str(g.value(fact, SKOS.editorialNote))


# -- the validator ------------------------------------------------------------------------

def _step(result, key):
    return next(s for s in result.steps if s.condition == key)


@pytest.fixture(scope="module")
def ers_runs():
    return {(day, lang): validate([ERS], as_of=day, lang=lang).results[0]
            for day in ("2026-07-01", "2026-07-26", "2026-07-27", "2026-12-06") for lang in ("en", "da", "nl")}


@pytest.mark.parametrize("day, annex_iii", [
    ("2026-07-01", ANNEX_III_V1), ("2026-07-26", ANNEX_III_V1),
    ("2026-07-27", ANNEX_III_V2), ("2026-12-06", ANNEX_III_V2)])
def test_as_of_gives_the_annex_iii_date_of_the_law_in_force_then(ers_runs, day, annex_iii):
    result = ers_runs[(day, "en")]
    assert result.verdict == "not-prohibited"
    assert "highRiskAnnexIII1c" in result.risk_categories and "transparencyArt50-3" in result.risk_categories
    step = _step(result, "applicationDates")
    assert {f.node for f in step.facts} == {annex_iii, ART_50, ART_5_V1 if day < "2026-07-27" else ART_5_V2}
    assert "Art. 50(3): from 2 August 2026" in step.text
    if annex_iii == ANNEX_III_V1:
        assert "Annex III, point 1(c): from 2 August 2026" in step.text
        assert "2 December 2027" not in step.text
    else:
        assert "Annex III, point 1(c): from 2 December 2027" in step.text
    # the high-risk step itself writes no date
    assert not ISO_DATE.search(_step(result, "highRisk").text)
    assert "2026" not in _step(result, "highRisk").text


@pytest.mark.parametrize("lang, before, after", [
    ("da", "bilag III, punkt 1, litra c: fra den 2. august 2026", "bilag III, punkt 1, litra c: fra den 2. december 2027"),
    ("nl", "bijlage III, punt 1, onder c: vanaf 2 augustus 2026", "bijlage III, punt 1, onder c: vanaf 2 december 2027"),
])
def test_the_dates_are_explained_in_danish_and_dutch(ers_runs, lang, before, after):
    assert before in _step(ers_runs[("2026-07-01", lang)], "applicationDates").text
    assert after in _step(ers_runs[("2026-12-06", lang)], "applicationDates").text


def test_before_the_act_was_in_force_no_date_of_application_and_not_prohibited():
    result = validate([BANNED], as_of="2024-06-01").results[0]
    assert result.verdict == "not-prohibited"
    assert "beforeDateOfApplication" in result.reasons
    step = _step(result, "applicationDates")
    assert step.facts == [] and "No version of the AI Act" in step.text


@pytest.mark.parametrize("as_of, verdict", [("2025-02-01", "not-prohibited"), ("2025-02-02", "prohibited"),
                                            ("2026-07-26", "prohibited"), ("2026-07-27", "prohibited")])
def test_the_ban_applies_from_2_february_2025_under_either_version(as_of, verdict):
    result = validate([BANNED], as_of=as_of).results[0]
    assert result.verdict == verdict
    assert _step(result, "date").holds is (verdict == "prohibited")


def test_a_use_dated_before_the_ban_is_judged_by_its_date():
    """No --as-of: the use's own date (1 Dec. 2024) against the date today's law gives (2 Feb. 2025)."""
    result = validate([BANNED]).results[0]
    assert result.verdict == "not-prohibited"
    assert result.reasons == ["beforeDateOfApplication"]
    assert result.as_of == "2024-12-01"


def test_the_date_compared_with_is_the_graphs_not_the_shapes():
    """Move the date of application in the batch graph: the verdict moves with it."""
    from rdflib.namespace import DCTERMS

    from aiwork_kg import validator
    from aiwork_kg.validator.verdicts import verdict_from_report

    def verdict(shift: bool) -> str:
        g = Graph().parse(data=BANNED, format="turtle")
        validator.saturate(g)
        validator.evaluation_triples(g, "2025-03-01")
        if shift:
            for fact in list(g.subjects(DCTERMS.source, None)):
                if (fact, AIW.provision, URIRef(EU + "art_5/par_1/pnt_f")) in g:
                    g.set((fact, AIW.appliesFrom, Literal("2025-04-01", datatype=XSD.date)))
        report = validator.validate_graph(g)
        return verdict_from_report(report, g, as_of="2025-03-01")[0].verdict

    assert verdict(False) == "prohibited"
    assert verdict(True) == "not-prohibited"


# -- the OWL route ------------------------------------------------------------------------

def test_owl_route_reads_the_date_of_application_from_the_graph():
    from aiwork_kg import owl_route

    assert owl_route.date_of_application(dt.date(2026, 12, 6)) == dt.date(2025, 2, 2)
    assert owl_route.date_of_application(dt.date(2026, 7, 1)) == dt.date(2025, 2, 2)
    assert owl_route.date_of_application(dt.date(2024, 7, 1)) is None
    candidate = owl_route.Classification("s", classes={"Art5-1-f-CandidateSystem", "SystemWithNonExceptedPurpose"})
    assert owl_route.decide(candidate, as_of="2024-07-01") is None
    assert owl_route.decide(candidate, as_of="2025-01-01") is None


# -- the command line and HTTP ------------------------------------------------------------

def test_command_line_as_of_on_both_sides(cli, tmp_path):
    path = tmp_path / "ers.ttl"
    path.write_bytes(ERS)
    answers = {}
    for day in ("2026-07-01", "2026-12-06"):
        out = cli("validate", path, "--as-of", day, "--format", "json")
        assert out.exit_code == 0, out.stderr
        result = json.loads(out.stdout)["results"][0]
        step = next(s for s in result["steps"] if s["condition"] == "applicationDates")
        answers[day] = {f["node"] for f in step["facts"]}
    assert ANNEX_III_V1 in answers["2026-07-01"] and ANNEX_III_V2 in answers["2026-12-06"]
    assert ART_50 in answers["2026-07-01"] and ART_50 in answers["2026-12-06"]


def test_http_as_of_on_both_sides(release_dir):
    import urllib.request

    from aiwork_kg.server.serve import start

    server = start("127.0.0.1", 0, release_dir=release_dir, timeout=30.0, processes=1)
    try:
        texts = {}
        for day in ("2026-07-01", "2026-12-06"):
            req = urllib.request.Request(server.validate_url + f"?as_of={day}&lang=nl", data=ERS,
                                         headers={"Content-Type": "text/turtle"})
            with urllib.request.urlopen(req, timeout=60) as r:
                answer = json.loads(r.read())
            assert answer["as_of"] == day
            step = next(s for s in answer["results"][0]["steps"] if s["condition"] == "applicationDates")
            texts[day] = step["text"]
        assert "bijlage III, punt 1, onder c: vanaf 2 augustus 2026" in texts["2026-07-01"]
        assert "bijlage III, punt 1, onder c: vanaf 2 december 2027" in texts["2026-12-06"]
        assert all("art. 50, lid 3: vanaf 2 augustus 2026" in t for t in texts.values())
    finally:
        server.stop()



# -- the examples on both sides of the amendment ------------------------------------------

@pytest.mark.parametrize("as_of, annex_iii", [("2026-07-01", ANNEX_III_V1), ("2026-07-27", ANNEX_III_V2),
                                              ("2026-12-06", ANNEX_III_V2)])
def test_station_example_dates_on_both_sides(as_of, annex_iii):
    """examples/station-crowd-mood-undated.ttl: the manifest's justification names these dates."""
    path = ROOT / "examples" / "station-crowd-mood-undated.ttl"
    result = validate([path], as_of=as_of).results[0]
    step = _step(result, "applicationDates")
    assert {annex_iii, ART_50} <= {f.node for f in step.facts}
    import csv

    with (ROOT / "examples" / "manifest.csv").open(encoding="utf-8", newline="") as fh:
        rows = [r for r in csv.DictReader(fh) if r["file"] == path.name and r["as_of"] in (as_of, "")]
    expected = "2 August 2026" if annex_iii == ANNEX_III_V1 else "2 December 2027"
    row = next(r for r in rows if r["as_of"] == as_of or (as_of == "2026-12-06" and r["as_of"] == ""))
    assert expected in row["justification"]
    assert f"Annex III, point 1(c): from {expected}" in step.text
