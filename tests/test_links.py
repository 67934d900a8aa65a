"""The curated links in data/links/: their model, their provenance and what they cover.

The integrity rules of links, claims and disagreements are the graph shapes in
shapes/graph/links.ttl (one link's parts, relations, evidence in its unit, typed ends, no link
twice; claims attributed and labelled; disagreements with two stances): here they are only run
on the real graph (the shapes' own fixtures are in tests/test_graph_shapes.py). What stays in
Python is what SHACL cannot express well or what is a fact of this data set, not a rule of the
graph: evidence and claim wording verbatim in the unit text after Unicode normalisation and in
the text's language, the link IRIs against their file names, and the coverage tests, which follow
the issue's list (leaflet and AP -> Art. 5(1)(f), Art. 3(34)/(39), recitals 18 and 44; AP
questions -> criteria; coalition -> AP and recital 44; DK order -> § 72 stk. 10, GDPR and DPV;
units -> concepts, including the BFA report; the two disagreements).
"""
from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from pathlib import Path

import pytest
from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, SKOS

from aiwork_kg.build import assemble_graph
from aiwork_kg.graphcheck import check_graph, load_graph_shapes
from aiwork_kg.languages import LANGUAGES
from aiwork_kg.namespaces import AIW, AIWSH, BASE, ELI, SH
from aiwork_kg.paths import DATA_DIR, LINKS_DIR, ONTOLOGY_DIR
from aiwork_kg.rdfio import load_graph

LANGS = set(LANGUAGES)
SHAPE_FIXTURES = Path(__file__).resolve().parent / "fixtures" / "graph-shapes"
#: the node shapes of links, claims and disagreements (shapes/graph/links.ttl)
LINK_SHAPES = ("Graph-CrossSourceLink", "Graph-Claim", "Graph-Disagreement")

EU = BASE + "provision/eu/reg/2024/1689/"
GDPR = BASE + "provision/eu/reg/2016/679/"
AP = BASE + "doc/nl-ap-dca-2024-02"
LEAFLET = BASE + "doc/dk-leaflet-emotion-recognition-ban"
COALITION = BASE + "doc/nl-amnesty-coalition-response-2024"
BFA = BASE + "doc/dk-bfa-ai-work-environment-2024"
BEK = BASE + "provision/dk/bek/2025/arbejdstilsynet-ai"
LTA = BASE + "provision/dk/lta/2021/2062/"
PNT_F = URIRef(EU + "art_5/par_1/pnt_f")
RCT_44 = URIRef(EU + "rct_44")
DISAGREEMENT = BASE + "link/disagreement/"


# --------------------------------------------------------------------------------------------
# loading


def _ttl_files(folder: Path):
    return sorted(p for p in folder.rglob("*.ttl") if LINKS_DIR not in p.parents)


@pytest.fixture(scope="module")
def base() -> Graph:
    """Everything the links point into: data/ (without data/links/) and the ontology."""
    g = Graph()
    for path in _ttl_files(DATA_DIR) + sorted(ONTOLOGY_DIR.rglob("*.ttl")):
        g.parse(path, format="turtle")
    return g


@pytest.fixture(scope="module")
def link_files() -> dict[str, Graph]:
    files = sorted(LINKS_DIR.glob("*.ttl"))
    assert files, "no link sets in data/links/"
    return {p.stem: Graph().parse(p, format="turtle") for p in files}


@pytest.fixture(scope="module")
def links(link_files) -> Graph:
    g = Graph()
    for part in link_files.values():
        g += part
    return g


@pytest.fixture(scope="module")
def link_nodes(links) -> list[URIRef]:
    return sorted(links.subjects(RDF.type, AIW.CrossSourceLink))


@pytest.fixture(scope="module")
def table(links, link_nodes) -> list[dict]:
    """One row per link: subject, relation, object, evidence, unit."""
    rows = []
    for node in link_nodes:
        rows.append({
            "node": node,
            "subject": links.value(node, AIW.linkSubject),
            "relation": links.value(node, AIW.linkRelation),
            "object": links.value(node, AIW.linkObject),
            "evidence": list(links.objects(node, AIW.evidence)),
            "unit": links.value(node, AIW.evidenceUnit),
        })
    return rows


# --------------------------------------------------------------------------------------------
# text helpers

def normalise(text: str) -> str:
    """Unicode NFC and single spaces: the evidence must be verbatim (the build's
    links-without-evidence-violation query compares the same way, ignoring case as well)."""
    text = unicodedata.normalize("NFC", str(text))
    return re.sub(r"\s+", " ", text).strip()


def contains(haystack: str, needle: str) -> bool:
    return normalise(needle) in normalise(haystack)


def unit_texts(g: Graph, unit) -> list[Literal]:
    """The texts a unit carries: its aiw:text and title, and those of its expressions
    (a provision's /eng text and the /nld wording the AP quotes)."""
    texts = list(g.objects(unit, AIW.text)) + list(g.objects(unit, DCTERMS.title))
    for expr in g.objects(unit, ELI.is_realized_by):
        texts += list(g.objects(expr, AIW.text))
    return [t for t in texts if isinstance(t, Literal)]


def test_normalise_is_not_vacuous():
    """The comparison forgives line breaks and spacing, not different words or characters."""
    assert contains("kan sådan brug af AI\nføre til  overvågning og", "føre til overvågning")
    assert contains("e\u0301", "\u00e9")
    assert not contains("“in het licht van” het begrip", '"in het licht van" het begrip')
    assert not contains("AI kan ikke pålideligt udlede menneskers følelser", "AI kan pålideligt udlede")
    assert not contains("to infer emotions", "to infer emotions or intentions")


# --------------------------------------------------------------------------------------------
# the model of every link


def test_at_least_sixty_links(link_nodes):
    assert len(link_nodes) >= 60, len(link_nodes)


def test_link_iris_follow_the_scheme(link_files):
    """link/{set}/{n}: the set is the file name, n runs from 1 without gaps. Kept in Python: the
    file a link is written in is not in the graph, so no shape can see it."""
    for stem, g in link_files.items():
        numbers = []
        for node in g.subjects(RDF.type, AIW.CrossSourceLink):
            prefix = f"{BASE}link/{stem}/"
            assert str(node).startswith(prefix), (stem, node)
            tail = str(node)[len(prefix):]
            assert tail.isdigit(), node
            numbers.append(int(tail))
        assert sorted(numbers) == list(range(1, len(numbers) + 1)), (stem, sorted(numbers))


# The rules of every link, claim and disagreement are the shapes in shapes/graph/links.ttl. They
# used to be written here a second time (exactly one subject, relation, object and evidence unit;
# a relation of the documented set; evidence tagged en/da/nl and not blank; a creator; aiw:checked
# true; the direct triple; no link twice; every IRI a link uses typed; claims attributed, with
# tagged wording and labels in en/da/nl; disagreements with two positions). Now the shapes run on
# the real graph, and the rules that lived only here moved into the shapes (with fixtures).

# the shape (or SPARQL constraint) that now holds each rule this file used to check itself
MOVED_RULES = (
    ("Graph-CrossSourceLink", "Graph-CrossSourceLink-linkSubject"),
    ("Graph-CrossSourceLink", "Graph-CrossSourceLink-linkRelation"),
    ("Graph-CrossSourceLink", "Graph-CrossSourceLink-linkObject"),
    ("Graph-CrossSourceLink", "Graph-CrossSourceLink-evidence"),
    ("Graph-CrossSourceLink", "Graph-CrossSourceLink-evidenceUnit"),
    ("Graph-CrossSourceLink", "Graph-CrossSourceLink-creator"),
    ("Graph-CrossSourceLink", "Graph-CrossSourceLink-checked"),
    ("Graph-CrossSourceLink", "Graph-CrossSourceLink-directTriple"),
    ("Graph-CrossSourceLink", "Graph-CrossSourceLink-typedEnds"),
    ("Graph-CrossSourceLink", "Graph-CrossSourceLink-evidenceInUnit"),
    ("Graph-CrossSourceLink", "Graph-CrossSourceLink-unique"),
    ("Graph-Claim", "Graph-Claim-wasAttributedTo"),
    ("Graph-Claim", "Graph-Claim-statedIn"),
    ("Graph-Claim", "Graph-Claim-claimText"),
    ("Graph-Claim", "Graph-Claim-label"),
    ("Graph-Disagreement", "Graph-Disagreement-position"),
    ("Graph-Disagreement", "Graph-Disagreement-label"),
)


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return load_graph_shapes()


def test_links_claims_and_disagreements_conform_to_their_shapes(shapes):
    """The shapes on the graph the build checks, warnings included: every link is hand-checked
    (aiw:checked true is a warning in the shapes, a requirement for the curated links)."""
    result = check_graph(assemble_graph(), shapes, use_shapes=[AIWSH[name] for name in LINK_SHAPES])
    assert result.conforms and not result.warnings, [v.format() for v in result.violations + result.warnings]


@pytest.mark.parametrize("node_shape, rule", MOVED_RULES, ids=[rule for _, rule in MOVED_RULES])
def test_each_rule_is_a_shape_that_catches_its_failing_fixture(shapes, node_shape, rule):
    """The rule is in shapes/graph/ under its node shape, and the node shape's failing fixture
    breaks it (what exactly it reports is compared in tests/test_graph_shapes.py)."""
    ref = AIWSH[rule]
    assert (AIWSH[node_shape], SH.property, ref) in shapes or (AIWSH[node_shape], SH.sparql, ref) in shapes, rule
    graph = load_graph(SHAPE_FIXTURES / f"{node_shape}-fail.ttl")
    report = check_graph(graph, shapes, use_shapes=[AIWSH[node_shape]]).report
    sources = {report.value(r, SH.sourceShape) for r in report.subjects(RDF.type, SH.ValidationResult)}
    sources |= {report.value(r, SH.sourceConstraint) for r in report.subjects(RDF.type, SH.ValidationResult)}
    assert ref in sources, f"{node_shape}-fail.ttl does not break {rule}"


def test_every_evidence_stands_in_its_unit(base, table):
    """The hand-check made mechanical: the quoted passage is in the unit's text, and in the
    language of that text.

    Kept in Python on purpose: the shape aiwsh:Graph-CrossSourceLink-evidenceInUnit checks the
    same containment in SPARQL, which can collapse white space but not normalise Unicode (NFC),
    and it does not ask that the text holding the passage is in the passage's language."""
    problems = []
    for r in table:
        texts = unit_texts(base, r["unit"])
        for ev in r["evidence"]:
            hits = [t for t in texts if contains(t, ev)]
            if not hits:
                problems.append((str(r["node"]), str(r["unit"]), str(ev)))
            elif not any(t.language == ev.language for t in hits):
                problems.append((str(r["node"]), "language", ev.language, [t.language for t in hits]))
    assert not problems, problems


# --------------------------------------------------------------------------------------------
# coverage of the list


def _objects_from(table, subject_prefix, relation=None):
    return {r["object"] for r in table if str(r["subject"]).startswith(subject_prefix)
            and (relation is None or r["relation"] == relation)}


def test_leaflet_links_to_the_act(table):
    for part in ("why", "condition_1", "condition_2", "exception"):
        subject = URIRef(f"{LEAFLET}/{part}")
        assert any(r["subject"] == subject and str(r["object"]).startswith(EU) for r in table), part
    reached = _objects_from(table, LEAFLET + "/")
    for target in ("art_5/par_1/pnt_f", "art_3/pnt_34", "art_3/pnt_39", "rct_18", "rct_44"):
        assert URIRef(EU + target) in reached, target


def test_leaflet_substantial_contribution_is_an_interpretation(table):
    rows = [r for r in table if r["relation"] == AIW.interprets
            and any("i væsentlig grad bidrager til menneskers liv og helbred" in str(e) for e in r["evidence"])]
    assert rows and {r["object"] for r in rows} & {PNT_F, RCT_44}


def test_ap_links_to_the_act(table):
    reached = _objects_from(table, AP + "/")
    for target in ("art_5/par_1/pnt_f", "art_3/pnt_1", "art_3/pnt_34", "art_3/pnt_39", "rct_18", "rct_44",
                   "anx_III/pnt_1/pnt_c", "art_50/par_3", "art_113/pnt_a"):
        assert URIRef(EU + target) in reached, target


def test_each_ap_criterion_is_linked_to_the_act(table):
    for n in range(1, 6):
        subject = URIRef(f"{AP}/criterion_{n}")
        assert any(r["subject"] == subject and str(r["object"]).startswith(EU) for r in table), n


def test_ap_criteria_reach_the_provisions_they_read(table):
    reached = {r["object"] for r in table if "/criterion_" in str(r["subject"]) and str(r["subject"]).startswith(AP)}
    for target in ("art_5/par_1/pnt_f", "art_3/pnt_34", "art_3/pnt_39", "rct_18", "rct_44"):
        assert URIRef(EU + target) in reached, target


def test_ap_footnotes_cite_recital_44(table):
    for n in (1, 2):
        subject = URIRef(f"{AP}/footnote_{n}")
        assert any(r["subject"] == subject and r["relation"] == AIW.cites and r["object"] == RCT_44
                   for r in table), n


def test_each_annex_prohibition_is_linked_to_article_5(table):
    art5 = EU + "art_5/par_1"
    for letter in "ABCDEFGH":
        subject_end = f"/annex/prohibition_{letter}"
        assert any(str(r["subject"]).startswith(AP) and str(r["subject"]).endswith(subject_end)
                   and str(r["object"]).startswith(art5) for r in table), letter
        concept = AIW[f"prohibition{letter}"]
        assert any(str(r["subject"]).endswith(subject_end) and r["relation"] == AIW.isAboutConcept
                   and r["object"] == concept for r in table), letter
    f_rows = [r for r in table if str(r["subject"]).endswith("/annex/prohibition_F") and r["relation"] != AIW.isAboutConcept]
    assert {r["object"] for r in f_rows} == {PNT_F}


def test_each_ap_question_is_linked_to_its_criterion(base, table):
    """Questions 1-14 to the criterion the call puts them under (read from the data), 15 and
    16 (closing questions) to what they ask about."""
    questions = {}
    for q in base.subjects(RDF.type, AIW.Question):
        if str(q).startswith(AP + "/"):
            questions[int(str(base.value(q, AIW.number)).strip(". "))] = q
    assert sorted(questions) == list(range(1, 17)), sorted(questions)
    for n, q in questions.items():
        rows = [r for r in table if r["subject"] == q]
        assert rows, f"question {n} has no link"
        if n <= 14:
            parent = base.value(q, DCTERMS.isPartOf)
            assert (parent, RDF.type, AIW.Criterion) in base, (n, parent)
            assert any(r["object"] == parent for r in rows), (n, parent)


def test_coalition_responds_to_the_call(table):
    responds = _objects_from(table, COALITION + "/", AIW.respondsTo)
    assert URIRef(AP) in responds
    for n in (12, 13, 14, 15):
        assert any(str(o).startswith(AP + "/") and str(o).endswith(f"question_{n}") for o in responds), n
    assert RCT_44 in _objects_from(table, COALITION + "/")


def test_coalition_footnotes_are_the_evidence_for_cited_works(table):
    units = {str(r["unit"]) for r in table if r["relation"] == AIW.cites and str(r["object"]).startswith(COALITION + "/cited_")}
    assert {f"{COALITION}/footnote_{n}" for n in range(1, 9)} <= units


def test_dk_order_legal_basis_and_gdpr(table):
    assert any(r["relation"] == ELI.based_on and r["object"] == URIRef(LTA + "par_72/stk_10")
               and str(r["subject"]).startswith(BEK) for r in table)
    assert any(r["subject"] == URIRef(BEK + "/par_4") and r["object"] == URIRef(GDPR + "art_35") for r in table)
    cited = _objects_from(table, BEK + "/par_6", ELI.cites)
    assert {URIRef(f"{LTA}par_72/stk_{n}") for n in range(2, 7)} <= cited


def test_each_dk_category_has_a_gdpr_and_a_dpv_concept_link(base, table):
    for n in range(1, 17):
        unit = URIRef(f"{BEK}/par_3/nr_{n}")
        rows = [r for r in table if r["subject"] == unit]
        assert any(str(r["object"]).startswith(GDPR) for r in rows), f"nr {n}: no GDPR link"
        concept = URIRef(f"{BASE}concept/dk-pd-category/{n}")
        assert any(r["relation"] == AIW.isAboutConcept and r["object"] == concept for r in rows), n
        matches = [o for p in (SKOS.exactMatch, SKOS.closeMatch, SKOS.broadMatch, SKOS.narrowMatch, SKOS.relatedMatch)
                   for o in base.objects(concept, p) if str(o).startswith("https://w3id.org/dpv")]
        assert matches, f"concept {concept} has no DPV match"
    special = {8, 9, 10, 11, 13, 14, 15}
    for n in special:
        assert any(r["subject"] == URIRef(f"{BEK}/par_3/nr_{n}") and r["object"] == URIRef(GDPR + "art_9")
                   for r in table), n
    assert any(r["subject"] == URIRef(f"{BEK}/par_3/nr_12") and r["object"] == URIRef(GDPR + "art_10")
               for r in table)


def test_bfa_findings_are_linked_to_concepts(table):
    rows = [r for r in table if str(r["subject"]).startswith(BFA + "/") and r["relation"] == AIW.isAboutConcept]
    words = " ".join(str(e) for r in rows for e in r["evidence"]).lower()
    for stem in ("overvåg", "trivsel", "stress"):
        assert stem in words, stem
    assert len({r["subject"] for r in rows}) >= 5


def test_concept_links_reach_the_ontology(base, table):
    concepts = [r for r in table if r["relation"] == AIW.isAboutConcept]
    assert len(concepts) >= 30
    for name in ("remoteWork", "onlineEducation", "recruitment", "admission", "pain", "fatigue", "Intention"):
        assert any(r["object"] == AIW[name] for r in concepts), name


# --------------------------------------------------------------------------------------------
# claims and disagreements


def test_every_claim_is_verbatim(base, links):
    """A claim's wording stands in the text of the unit it is stated in (Unicode-normalised, as for
    the evidence of links; kept in Python for the same reason). That claims are attributed, stated
    in a unit, tagged and labelled is the shape aiwsh:Graph-Claim's; that the IRIs they use are
    defined is aiwsh:Graph-DefinedIRI's."""
    claims = set(links.subjects(RDF.type, AIW.Claim))
    assert len(claims) >= 10
    problems = []
    for claim in claims:
        # the IRI scheme of claims (a convention of the link sets, next to the link IRIs above)
        assert str(claim).startswith(BASE + "doc/") and "/claim_" in str(claim) or str(claim).startswith(DISAGREEMENT), claim
        unit = links.value(claim, AIW.statedIn)
        for text in links.objects(claim, AIW.claimText):
            if not any(contains(t, text) for t in unit_texts(base, unit)):
                problems.append((claim, "claimText not in the text of its unit", str(text)))
    assert not problems, problems


@pytest.mark.parametrize("name, stances", [
    ("intentions", {AIW.intentionsCovered, AIW.intentionsNotCovered}),
    ("full-ban", {AIW.fullBanUrged, AIW.exceptionAsEnacted}),
])
def test_disagreement_has_attributed_sides(links, name, stances):
    """The two disagreements of the issue, with their stances and sides (facts of this data set;
    the rules of every disagreement are the shape aiwsh:Graph-Disagreement's)."""
    node = URIRef(DISAGREEMENT + name)
    assert (node, RDF.type, AIW.Disagreement) in links
    assert links.value(node, AIW.concerns) == PNT_F
    positions = list(links.objects(node, AIW.position))
    found = {links.value(p, AIW.stance) for p in positions}
    assert found == stances, found
    # each side is held by someone: the agents on one side differ from those on the other
    sides = defaultdict(set)
    for p in positions:
        sides[links.value(p, AIW.stance)] |= set(links.objects(p, PROV.wasAttributedTo))
    a, b = sides.values()
    assert a and b and not (a & b), sides


def test_ap_own_readings_are_claims_that_interpret_the_act(links, table):
    ap_agent = URIRef(BASE + "agent/autoriteit-persoonsgegevens")
    ap_claims = {c for c in links.subjects(PROV.wasAttributedTo, ap_agent)}
    read = {r["object"] for r in table if r["subject"] in ap_claims and r["relation"] == AIW.interprets}
    assert {PNT_F, RCT_44} <= read
    para25 = URIRef(AP + "/sec_IV/para_25")
    assert len([c for c in ap_claims if links.value(c, AIW.statedIn) == para25]) >= 2


# --------------------------------------------------------------------------------------------
# documentation


def test_links_named_in_the_readme_exist_with_the_relation_shown(links):
    """The README's examples name links as `set/n` next to their relation: they must exist."""
    text = (LINKS_DIR / "README.md").read_text(encoding="utf-8")
    rows = [line for line in text.splitlines() if line.startswith("| `aiw:") or line.startswith("| `eli:")]
    assert len(rows) >= 9
    for line in rows:
        relation = line.split("`")[1]
        prefix, local = relation.split(":")
        rel = (AIW if prefix == "aiw" else ELI)[local]
        for set_, first, last in re.findall(r"`([a-z-]+)/(\d+)`(?:\.\.\.`(\d+)`)?", line):
            for n in range(int(first), int(last or first) + 1):
                node = URIRef(f"{BASE}link/{set_}/{n}")
                assert links.value(node, AIW.linkRelation) == rel, (line[:40], node)


@pytest.mark.parametrize("doc", [LINKS_DIR / "README.md", LINKS_DIR.parent.parent / "docs" / "links.md"])
def test_relations_are_documented(doc):
    text = doc.read_text(encoding="utf-8")
    for rel in ("aiw:cites", "aiw:quotes", "aiw:interprets", "aiw:paraphrases", "aiw:respondsTo",
                "aiw:correspondsTo", "aiw:isAboutConcept", "eli:based_on", "eli:cites"):
        assert rel in text, (doc.name, rel)
