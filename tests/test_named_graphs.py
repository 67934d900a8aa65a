"""Named graphs (issue 12, part 3): the release as TriG and N-Quads, one graph per source
document, one for links and claims, one for the ontology (and one for the agents); described in
the VoID/DCAT record and MANIFEST.json; `load --named-graphs` verifies each graph's count;
`serve` honours default-graph-uri, named-graph-uri, FROM and FROM NAMED.
See docs/decisions/2026-12-06-named-graph-iris.md."""
from __future__ import annotations

import json
import urllib.parse
import urllib.request
from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, VOID

from aiwork_kg import release
from aiwork_kg.build import graph_files
from aiwork_kg.server.load import count_triples, load_named_graphs, read_named_graphs
from aiwork_kg.server.serve import start

ROOT = Path(__file__).resolve().parent.parent
G = "https://w3id.org/aiwork/graph/"
ART_5_1_F = "https://w3id.org/aiwork/provision/eu/reg/2024/1689/art_5/par_1/pnt_f"


def expected_graphs() -> set[str]:
    """One graph per data file of a source document, plus links, ontology and agents."""
    names = {G + "ontology", G + "links", G + "agents"}
    for path in sorted((ROOT / "data").glob("*/*.ttl")):
        if path.parent.name != "links":
            names.add(f"{G}{path.parent.name}/{path.stem}")
    return names


@pytest.fixture(scope="module")
def nq_lines(release_dir) -> list[str]:
    return [line for line in (release_dir / "aiwork-kg.nq").read_text(encoding="utf-8").splitlines() if line]


@pytest.fixture(scope="module")
def per_graph(nq_lines) -> Counter:
    return Counter(line.rsplit(" ", 2)[1].strip("<>") for line in nq_lines)


def test_graph_iris_are_one_per_source_document_links_ontology_agents(per_graph):
    assert set(per_graph) == expected_graphs()
    assert release.graph_iri(ROOT / "data" / "links" / "claims.ttl") == URIRef(G + "links")
    assert release.graph_iri(ROOT / "ontology" / "alignments.ttl") == URIRef(G + "ontology")
    assert release.graph_iri(ROOT / "data" / "eu" / "ai-act-excerpts.ttl") == URIRef(G + "eu/ai-act-excerpts")


def test_nquads_sorted_and_their_union_is_the_ntriples_release(release_dir, nq_lines):
    assert nq_lines == sorted(nq_lines)
    nt = {line for line in (release_dir / "aiwork-kg.nt").read_text(encoding="utf-8").splitlines() if line}
    triples = {line.rsplit(" ", 2)[0] + " ." for line in nq_lines}
    assert triples == nt  # same terms, same canonical blank-node labels


def test_trig_holds_the_same_quads_as_nquads(release_dir):
    trig, nq = ox.Store(), ox.Store()
    trig.bulk_load(path=str(release_dir / "aiwork-kg.trig"), format=ox.RdfFormat.TRIG)
    nq.bulk_load(path=str(release_dir / "aiwork-kg.nq"), format=ox.RdfFormat.N_QUADS)
    assert len(trig) == len(nq)
    assert not list(trig.quads_for_pattern(None, None, None, ox.DefaultGraph()))

    def shape(store):  # blank nodes have parser-made names: compare the ground quads and counts per graph
        ground = {q for q in store
                  if not isinstance(q.subject, ox.BlankNode) and not isinstance(q.object, ox.BlankNode)}
        return ground, Counter(q.graph_name.value for q in store)

    assert shape(trig) == shape(nq)


def test_named_graphs_of_each_input_file(release_graph_and_parts):
    graph, parts = release_graph_and_parts
    graphs = release.named_graphs(graph, parts)
    ontology = graphs[URIRef(G + "ontology")]
    assert (URIRef("https://w3id.org/aiwork/ontology"), RDF.type, URIRef("http://www.w3.org/2002/07/owl#Ontology")) \
        in ontology
    links = graphs[URIRef(G + "links")]
    aiw = "https://w3id.org/aiwork/ontology#"
    assert any(o == URIRef(aiw + "CrossSourceLink") for _, p, o in links if p == RDF.type)
    assert any(o == URIRef(aiw + "Claim") for _, p, o in links if p == RDF.type)
    act = graphs[URIRef(G + "eu/ai-act-excerpts")]
    assert (URIRef(ART_5_1_F), RDF.type, URIRef(aiw + "Point")) in act or any(s == URIRef(ART_5_1_F) for s, _, _ in act)


@pytest.fixture(scope="module")
def release_graph_and_parts(release_dir):
    from aiwork_kg.build import assemble_graph

    return release.canonical_graph(assemble_graph()), graph_files()


def test_manifest_and_void_describe_every_graph(release_dir, per_graph):
    manifest = json.loads((release_dir / "MANIFEST.json").read_text(encoding="utf-8"))
    assert manifest["graphs"] == dict(per_graph)
    void = Graph().parse(release_dir / "aiwork-kg-void.ttl", format="turtle")
    version = release.version_iri()
    for name, n in per_graph.items():
        node = URIRef(name)
        assert (version, VOID.subset, node) in void
        assert (node, RDF.type, VOID.Dataset) in void
        assert void.value(node, VOID.triples) == Literal(n, datatype=URIRef("http://www.w3.org/2001/XMLSchema#integer"))
        assert {str(t.language) for t in void.objects(node, DCTERMS.title)} == {"en", "da", "nl"}
        assert URIRef(f"{version}/aiwork-kg.nq") in set(void.objects(node, VOID.dataDump))
    # each source document's graph names its source text
    derived = URIRef("http://www.w3.org/ns/prov#wasDerivedFrom")
    sources = {str(o).rsplit("/", 1)[-1] for o in void.objects(URIRef(G + "eu/ai-act-excerpts"), derived)}
    assert sources == {"eu-ai-act-excerpts.en.txt"}
    assert not list(void.objects(URIRef(G + "ontology"), derived))


def test_read_named_graphs_splits_the_nquads(release_dir, per_graph):
    graphs = read_named_graphs(release_dir)
    assert {name: data.count(b"\n") for name, data in graphs.items()} == dict(per_graph)
    Graph().parse(data=graphs[G + "links"], format="nt")


# -- load into a real Oxigraph server ------------------------------------------------------------

@pytest.mark.server
def test_load_named_graphs_verifies_every_graph(oxigraph_server, release_dir, per_graph):
    results = load_named_graphs(oxigraph_server, release_dir=release_dir)
    assert {r.graph: r.triples_verified for r in results} == dict(per_graph)
    assert all(r.ok and r.triples_sent == r.triples_verified for r in results)
    for name, n in per_graph.items():
        assert count_triples(oxigraph_server + "/query", name) == n


@pytest.mark.server
def test_cli_load_named_graphs(cli, oxigraph_server, release_dir, per_graph):
    res = cli("load", "--endpoint", oxigraph_server, "--release", release_dir, "--named-graphs", "--json")
    assert res.exit_code == 0, res.stderr
    data = json.loads(res.stdout)
    assert {r["graph"]: r["triples_verified"] for r in data} == dict(per_graph)
    res = cli("load", "--endpoint", oxigraph_server, "--release", release_dir, "--named-graphs", "--graph", G + "x")
    assert res.exit_code == 2


# -- the dataset of a query on `serve` -------------------------------------------------------

@pytest.fixture(scope="module")
def endpoint(release_dir):
    server = start("127.0.0.1", 0, release_dir=release_dir, timeout=60, processes=1)
    yield server
    server.stop()


def count(endpoint, query: str, **params) -> int:
    args = [("query", query)] + [(k.replace("_", "-"), v) for k, values in params.items() for v in values]
    url = endpoint.sparql_url + "?" + urllib.parse.urlencode(args)
    req = urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(req, timeout=60) as r:
        return int(json.load(r)["results"]["bindings"][0]["n"]["value"])


def test_default_graph_is_the_whole_release(endpoint, nq_lines):
    triples = {line.rsplit(" ", 2)[0] for line in nq_lines}
    assert count(endpoint, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }") == len(triples)


def test_default_graph_uri_and_from_choose_graphs(endpoint, per_graph):
    q = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    ontology, links = G + "ontology", G + "links"
    assert count(endpoint, q, default_graph_uri=[ontology]) == per_graph[ontology]
    assert count(endpoint, f"SELECT (COUNT(*) AS ?n) FROM <{links}> WHERE {{ ?s ?p ?o }}") == per_graph[links]
    both = count(endpoint, q, default_graph_uri=[ontology, links])
    assert max(per_graph[ontology], per_graph[links]) < both <= per_graph[ontology] + per_graph[links]
    # the protocol's parameters win over FROM (SPARQL 1.1 Protocol, 2.1.4)
    assert count(endpoint, f"SELECT (COUNT(*) AS ?n) FROM <{links}> WHERE {{ ?s ?p ?o }}",
                 default_graph_uri=[ontology]) == per_graph[ontology]


def test_named_graph_uri_and_from_named(endpoint, per_graph):
    q = "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    assert count(endpoint, q) == len(per_graph)
    assert count(endpoint, q, named_graph_uri=[G + "links", G + "agents"]) == 2
    from_named = f"SELECT (COUNT(DISTINCT ?g) AS ?n) FROM NAMED <{G}links> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}"
    assert count(endpoint, from_named) == 1
    art = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{G}eu/ai-act-excerpts> {{ <{ART_5_1_F}> ?p ?o }} }}"
    assert count(endpoint, art) > 0
