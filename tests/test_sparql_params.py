"""Parameter binding (aiwork_kg.sparql): typed values, the VALUES block, and hostile values.

The binding must never let a value change the query: whatever the text, a value bound as a
literal gives exactly the rows that the data says match that literal, on the embedded store
and on a real Oxigraph server (through the endpoint path)."""
from __future__ import annotations

import urllib.parse
import urllib.request

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD

from aiwork_kg import sparql
from aiwork_kg.errors import QueryError
from aiwork_kg.terms import to_ox

EX = "http://example.org/"
HOSTILE = [
    'x" } ; DROP ALL ; SELECT * { "',
    "<http://x> } UNION { ?s ?p ?o }",
    '") } UNION { ?s ?p ?o } VALUES (?v) { ("',
    "line one\nline two\r\n\tindented",
    "\\u0022",                       # the six characters backslash-u-0022, a quote once decoded
    "\\U00000022) } { ?s ?p ?o",
    '"""',
    "'''",
    "\\",
    "# not a comment } ",
    "}}}{{{",
    "\x00\x07\x1b control",
    "emoji \U0001F600 and \u2028 line separator",
]


def _store(literals: dict[str, Literal]) -> ox.Store:
    """One subject per value: <EX{key}> ex:value literal."""
    store = ox.Store()
    for key, lit in literals.items():
        store.add(ox.Quad(ox.NamedNode(EX + key), ox.NamedNode(EX + "value"), to_ox(lit)))
    return store


LOOKUP = f"PREFIX ex: <{EX}>\nSELECT ?s WHERE {{ ?s ex:value ?v }} ORDER BY ?s"
ECHO = "SELECT ?out WHERE { BIND(STR(?v) AS ?out) }"
COUNT = f"PREFIX ex: <{EX}>\nSELECT (COUNT(*) AS ?n) WHERE {{ ?s ?p ?v }}"


@pytest.fixture(scope="module")
def hostile_store():
    values = {f"h{i}": Literal(v) for i, v in enumerate(HOSTILE)}
    values["harmless"] = Literal("harmless")
    values["lang"] = Literal("glæde", lang="da")
    return _store(values), values


# ----------------------------------------------------------------- typed values

@pytest.mark.parametrize("raw, expected", [
    ("<https://w3id.org/aiwork/provision/eu/reg/2024/1689/art_5>",
     URIRef("https://w3id.org/aiwork/provision/eu/reg/2024/1689/art_5")),
    ("aiw:Emotion", URIRef("https://w3id.org/aiwork/ontology#Emotion")),
    ("eli:cites", URIRef("http://data.europa.eu/eli/ontology#cites")),
    ('"verbod F"@nl', Literal("verbod F", lang="nl")),
    ('"Stk. 2"@da', Literal("Stk. 2", lang="da")),
    ('"2025-02-02"^^xsd:date', Literal("2025-02-02", datatype=XSD.date)),
    ('"7"^^<http://www.w3.org/2001/XMLSchema#integer>', Literal("7", datatype=XSD.integer)),
    ('"a \\"quoted\\" word\\n"', Literal('a "quoted" word\n')),
    ("2025-02-02", Literal("2025-02-02", datatype=XSD.date)),
    ("42", Literal("42", datatype=XSD.integer)),
    ("plain words", Literal("plain words")),
    ("Art. 5: text", Literal("Art. 5: text")),
    ("http://example.org/x", Literal("http://example.org/x")),  # untyped: bare IRIs stay text
])
def test_values_are_read_by_their_syntax(raw, expected):
    term = sparql.parse_param_value(raw)
    assert term == expected and type(term) is type(expected)
    if isinstance(expected, Literal):
        assert term.language == expected.language and term.datatype == expected.datatype


@pytest.mark.parametrize("raw, ptype, expected", [
    ("2025-02-02", "date", Literal("2025-02-02", datatype=XSD.date)),
    ("http://example.org/x", "iri", URIRef("http://example.org/x")),
    ("aiw:Emotion", "iri", URIRef("https://w3id.org/aiwork/ontology#Emotion")),
    ("concept:igloo-level/group", "iri", URIRef("https://w3id.org/aiwork/concept/igloo-level/group")),
    ("doc:nl-ap-dca-2024-02/criterion_4", "iri", URIRef("https://w3id.org/aiwork/doc/nl-ap-dca-2024-02/criterion_4")),
    ("urn:isbn:9789000000000", "iri", URIRef("urn:isbn:9789000000000")),
    ("42", "string", Literal("42")),                           # a string param is verbatim
    ('"x"@nl', "string", Literal('"x"@nl')),
    ("2025-02-02", "string", Literal("2025-02-02")),
    ("glæde@da", "lang-string", Literal("glæde", lang="da")),
    ('"verbod F"@nl', "lang-string", Literal("verbod F", lang="nl")),
    ("-3", "integer", Literal("-3", datatype=XSD.integer)),
    ("2.5", "decimal", Literal("2.5", datatype=XSD.decimal)),
    ("true", "boolean", Literal(True)),
])
def test_declared_types_decide(raw, ptype, expected):
    term = sparql.parse_param_value(raw, ptype, "p")
    assert term == expected
    if isinstance(expected, Literal):
        assert term.language == expected.language and term.datatype == expected.datatype


@pytest.mark.parametrize("raw, ptype, fragment", [
    ("not a date", "date", "expected a date"),
    ("2025-02-30", "date", "not a calendar date"),
    ("plain words", "iri", "expected an IRI"),
    ("aiw:has space", "iri", "expected an IRI"),
    ("foo:bar", "iri", "unknown prefix 'foo'"),
    ("seven", "integer", "expected an integer"),
    ("maybe", "boolean", "expected true or false"),
    ("no tag", "lang-string", "language-tagged"),
    ('"x"^^nope:thing', None, "unknown prefix"),
    ('"bad \\q escape"', None, "bad escape"),
])
def test_values_that_do_not_fit_their_type_are_refused(raw, ptype, fragment):
    with pytest.raises(QueryError) as err:
        sparql.parse_param_value(raw, ptype, "p")
    assert fragment in str(err.value) and "param p" in str(err.value)


def test_python_values_become_typed_literals():
    import datetime

    assert sparql.parse_param_value(datetime.date(2025, 2, 2)) == Literal("2025-02-02", datatype=XSD.date)
    assert sparql.parse_param_value(3).datatype == XSD.integer
    assert sparql.parse_param_value(True) == Literal(True)


@pytest.mark.parametrize("text, expected", [
    ("date=2025-02-02", ("date", "2025-02-02")),
    ("?needle=a=b", ("needle", "a=b")),
    ("text=", ("text", "")),
])
def test_parse_param_splits_at_the_first_equals_sign(text, expected):
    assert sparql.parse_param(text) == expected


@pytest.mark.parametrize("text", ["novalue", "two words=x", "=x", "1abc=x"])
def test_parse_param_needs_a_variable_name(text):
    with pytest.raises(QueryError):
        sparql.parse_param(text)


# ----------------------------------------------------------------- the VALUES block

def test_values_block_binds_exactly_the_terms():
    block = sparql.values_block({"b": Literal('say "hi"', lang="en"), "a": URIRef(EX + "x")})
    assert block == 'VALUES (?a ?b) { (<http://example.org/x> "say \\"hi\\""@en) }'


@pytest.mark.parametrize("term", [
    URIRef("http://x> } UNION { ?s ?p ?o"),   # not an IRI: refused, never written
    URIRef("not an iri"),
    BNode("b0"),
])
def test_terms_that_cannot_be_written_safely_are_refused(term):
    with pytest.raises(QueryError):
        sparql.values_block({"v": term})


@pytest.mark.parametrize("query, expected", [
    ("SELECT * WHERE { ?s ?p ?v }", "SELECT * WHERE { VALUES (?v) { (\"w\") }  ?s ?p ?v }"),
    ("ASK { ?s ?p ?v }", "ASK { VALUES (?v) { (\"w\") }  ?s ?p ?v }"),
    ("CONSTRUCT { ?s ?p ?v } WHERE { ?s ?p ?v }",
     "CONSTRUCT { ?s ?p ?v } WHERE { VALUES (?v) { (\"w\") }  ?s ?p ?v }"),
    ("SELECT ?v WHERE { SELECT ?v WHERE { ?s ?p ?v } }",
     "SELECT ?v WHERE { VALUES (?v) { (\"w\") } { SELECT ?v WHERE { ?s ?p ?v } } }"),
    ('SELECT (CONCAT("{", ?v) AS ?x) # { a comment with a brace\nWHERE { ?s <http://e/p> "}{" . ?s ?p ?v }',
     'SELECT (CONCAT("{", ?v) AS ?x) # { a comment with a brace\n'
     'WHERE { VALUES (?v) { ("w") }  ?s <http://e/p> "}{" . ?s ?p ?v }'),
])
def test_the_block_goes_at_the_start_of_the_where_group(query, expected):
    bound = sparql.bind(query, {"v": Literal("w")})
    assert bound == expected
    sparql.check_syntax(bound)


def test_a_query_without_where_group_cannot_take_params():
    with pytest.raises(QueryError):
        sparql.bind("DESCRIBE <http://example.org/x>", {"v": Literal(1)})


def test_params_bind_before_aggregation():
    """A bound variable that is not projected still restricts the rows counted
    (Oxigraph's substitutions would refuse it; a trailing VALUES would not filter)."""
    store = _store({"a": Literal("x"), "b": Literal("x"), "c": Literal("y")})
    result = sparql.query(COUNT, params={"v": "x"}, store=store)
    assert result.rows == [(Literal("2", datatype=XSD.integer),)]


def test_an_unknown_variable_is_refused():
    with pytest.raises(QueryError, match="no variable"):
        sparql.prepare(LOOKUP, {"nothere": "x"})


# ----------------------------------------------------------------- hostile values

@pytest.mark.parametrize("value", HOSTILE)
def test_a_hostile_value_matches_only_itself(hostile_store, value):
    store, values = hostile_store
    key = next(k for k, v in values.items() if str(v) == value and v.language is None)
    before = len(store)
    result = sparql.query(LOOKUP, params={"v": Literal(value)}, store=store)
    assert result.rows == [(URIRef(EX + key),)]
    echo = sparql.query(ECHO, params={"v": Literal(value)}, store=store)
    assert echo.rows == [(Literal(value),)]
    assert len(store) == before


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_text_given_as_a_param_string_stays_one_literal(hostile_store, value):
    """Through the `--param name=value` route (text read by its syntax): one plain literal,
    the same one row as any harmless value, never more."""
    store, values = hostile_store
    term = sparql.parse_param_value(value)
    # text wholly in double quotes is a quoted literal (its inside), anything else the text
    expected_term = Literal(value[1:-1]) if value == HOSTILE[2] else Literal(value)
    assert term == expected_term
    result = sparql.query(ECHO, params=[f"v={value}"], store=store)
    assert result.rows == [(term,)]
    lookup = sparql.query(LOOKUP, params=[f"v={value}"], store=store)
    assert lookup.rows == [(URIRef(EX + k),) for k, v in sorted(values.items()) if v == term]


@pytest.mark.parametrize("value", [
    "<http://x> } UNION { ?s ?p ?o }",
    "<http://example.org/h0> } UNION { ?s ?p ?o",
    "http://example.org/a b",
])
def test_an_iri_param_that_tries_to_break_out_is_refused(value):
    with pytest.raises(QueryError):
        sparql.parse_param_value(value, "iri", "v")
    with pytest.raises(QueryError):
        sparql.prepare(LOOKUP, {"v": URIRef(value.strip("<>"))})
    # read by syntax (no declared type) it is one plain literal
    assert sparql.parse_param_value(value) == Literal(value)


_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=_text, lang=st.sampled_from([None, "en", "da", "nl"]))
def test_any_string_bound_equals_the_literal_written_in_values(hostile_store, value, lang):
    store, values = hostile_store
    lit = Literal(value, lang=lang)
    bound = sparql.query(LOOKUP, params={"v": lit}, store=store)
    # the reference: the same query with the literal written in VALUES by the W3C escaping
    # rules (every character as \\u/\\U would be decoded before parsing, so escape by ECHAR)
    escaped = (value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
               .replace("\r", "\\r"))
    written = f'"{escaped}"' + (f"@{lang}" if lang else "")
    reference = list(store.query(LOOKUP.replace("WHERE {", f"WHERE {{ VALUES ?v {{ {written} }}")))
    assert bound.rows == [(URIRef(s["s"].value),) for s in reference]
    # and the data decides: exactly the subjects whose value is this literal
    expected = sorted(URIRef(EX + k) for k, v in values.items() if v == lit and v.language == lit.language)
    assert [r[0] for r in bound.rows] == expected
    echo = sparql.query(ECHO, params={"v": lit}, store=store)
    assert echo.rows == [(Literal(value),)]


# ----------------------------------------------------------------- the endpoint path

def _post(url: str, data: bytes, ctype: str) -> None:
    req = urllib.request.Request(url, data=data, method="POST", headers={"Content-Type": ctype})
    urllib.request.urlopen(req, timeout=30).read()


@pytest.fixture(scope="module")
def hostile_endpoint(oxigraph_server):
    values = {f"h{i}": Literal(v) for i, v in enumerate(HOSTILE)}
    graph = "urn:aiwork-kg:test:sparql-params"
    nt = "".join(f"<{EX}{k}> <{EX}value> {to_ox(v)} .\n" for k, v in values.items())
    _post(f"{oxigraph_server}/store?graph={urllib.parse.quote(graph, safe='')}", nt.encode("utf-8"),
          "application/n-triples")
    return oxigraph_server, graph, values


@pytest.mark.server
@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_values_on_a_real_endpoint(hostile_endpoint, value):
    url, graph, values = hostile_endpoint
    key = next(k for k, v in values.items() if str(v) == value)
    lookup = LOOKUP.replace("WHERE {", f"FROM <{graph}> WHERE {{")
    result = sparql.query(lookup, params={"v": Literal(value)}, endpoint=f"{url}/query")
    assert result.rows == [(URIRef(EX + key),)]
    echo = sparql.query(ECHO, params={"v": Literal(value)}, endpoint=f"{url}/query")
    assert echo.rows == [(Literal(value),)]
    count = sparql.query(f"SELECT (COUNT(*) AS ?n) FROM <{graph}> WHERE {{ ?s ?p ?o }}",
                         endpoint=f"{url}/query")
    assert int(count.rows[0][0]) == len(values)
