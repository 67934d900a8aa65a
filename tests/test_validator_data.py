"""One place for each fact the validator uses: the readings come from readings.ttl, the JSON
schema's enums from the shapes and the languages, the verdict mapping from the shapes'
annotations (no shape, condition, verdict or category name in its Python), and the reading
shapes are built from templates written once (shapes/art5-1-f/reading-shapes.ttl)."""
from __future__ import annotations

import ast
import inspect
import json

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF

from aiwork_kg import validator
from aiwork_kg.errors import AiworkError
from aiwork_kg.languages import LANGUAGES
from aiwork_kg.namespaces import AIW, AIWSH, SH
from aiwork_kg.validator import render, verdicts
from aiwork_kg.validator.results import SCHEMA_FILE, result_schema, schema_text
from aiwork_kg.validator.shapes import (
    all_reading_keys,
    DEFAULT_READING, READINGS, READINGS_FILE, build_from_templates, load_shapes,
    reading_files, shape_annotations, shapes_graph, vocabulary,
)


def test_readings_and_the_default_are_read_from_readings_ttl():
    g = Graph().parse(READINGS_FILE, format="turtle")
    keys = sorted((int(g.value(s, AIWSH.order)), str(k)) for s, k in g.subject_objects(AIWSH.key))
    assert READINGS == tuple(k for _, k in keys)
    defaults = [str(g.value(s, AIWSH.key)) for s in g.subjects(AIWSH.isDefault, Literal(True))]
    assert defaults == [DEFAULT_READING]


def test_command_line_choices_and_default_are_the_readings():
    from aiwork_kg.cli.validate import command

    option = next(p for p in command.params if p.name == "reading")
    assert tuple(option.type.choices) == READINGS
    assert option.default == DEFAULT_READING
    lang = next(p for p in command.params if p.name == "lang")
    assert tuple(lang.type.choices) == LANGUAGES


def test_server_default_reading_is_not_written_again():
    from aiwork_kg.server import serve

    source = inspect.getsource(serve)
    for reading in READINGS:
        assert f'"{reading}"' not in source and f"'{reading}'" not in source, reading


def test_committed_json_schema_is_current():
    """result.schema.json is generated (write_result_schema); its enums are derived."""
    assert SCHEMA_FILE.read_text(encoding="utf-8") == schema_text(), \
        "run aiwork_kg.validator.results.write_result_schema() and commit result.schema.json"
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    vocab = vocabulary()
    system = schema["$defs"]["systemVerdict"]["properties"]
    # every rule set's readings (shapes/*/ruleset.ttl), Art. 5(1)(f)'s first
    assert schema["properties"]["reading"]["enum"] == list(all_reading_keys()) == system["reading"]["enum"]
    assert schema["properties"]["reading"]["enum"][:len(READINGS)] == list(READINGS)
    assert schema["properties"]["lang"]["enum"] == list(LANGUAGES) == system["lang"]["enum"]
    assert system["verdict"]["enum"] == vocab["verdicts"]
    assert schema["properties"]["summary"]["required"] == ["systems", "errors"]
    assert list(schema["properties"]["summary"]["properties"])[2:] == vocab["verdicts"]
    assert AIW.personalTrainingWithoutEffect.split("#")[1] in system["reasons"]["items"]["enum"]
    assert schema == result_schema()


def test_schema_enums_follow_the_shapes():
    """Every reason, risk category, condition and verdict a shape can signal is in the schema,
    and nothing else."""
    reasons, risks = set(), set()
    for reading in all_reading_keys():
        g = shapes_graph(reading)
        reasons |= {str(o).split("#")[1] for o in g.objects(None, AIW.signalsReason)}
        risks |= {str(o).split("#")[1] for o in g.objects(None, AIW.signalsRiskCategory)}
    vocab = vocabulary()
    assert set(vocab["reasons"]) == reasons
    assert set(vocab["risk_categories"]) == risks
    assert "prohibited" in vocab["verdicts"] and len(vocab["verdicts"]) == 7  # 4 of Art. 5(1)(f), 3 more of dk-order


def _string_constants(module) -> set:
    tree = ast.parse(inspect.getsource(module))
    return {n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)}


@pytest.mark.parametrize("module", [verdicts, render], ids=["verdicts", "render"])
def test_verdict_mapping_names_no_shape_condition_verdict_or_category(module):
    vocab = vocabulary()
    names = set(vocab["conditions"]) | set(vocab["verdicts"]) | set(vocab["reasons"]) \
        | set(vocab["risk_categories"])
    for reading in READINGS:
        names |= {str(s).split("#")[1] for s in shape_annotations(reading).shapes}
        names |= {str(c.node).split("#")[1] for c in shape_annotations(reading).conditions}
    terms = set(vocab["reasons"]) | set(vocab["risk_categories"])  # ontology terms, as AIW.<name>
    for reading in READINGS:
        terms |= {str(v).split("#")[1] for v in shape_annotations(reading).verdicts}
    constants = _string_constants(module) - set(render.WORDS["en"])  # the words of the text output
    tree = ast.parse(inspect.getsource(module))
    attributes = {n.attr for n in ast.walk(tree)
                  if isinstance(n, ast.Attribute) and isinstance(n.value, ast.Name) and n.value.id == "AIW"}
    assert not names & constants, sorted(names & constants)
    assert not terms & (attributes | constants), sorted(terms & (attributes | constants))


def test_every_condition_has_a_role_and_the_roles_say_how_it_is_explained():
    for reading in READINGS:
        g = shapes_graph(reading)
        for c in g.subjects(RDF.type, AIWSH.Condition):
            role = g.value(c, AIWSH.role)
            assert (role, RDF.type, AIWSH.ConditionRole) in g, c
            assert g.value(role, AIWSH.decisive) is not None, role
    ann = shape_annotations(DEFAULT_READING)
    dates = [c.key for c in ann.conditions if c.gives_evaluation_date]
    assert dates == ["date"]
    assert [c.key for c in ann.conditions if not c.decisive] == ["useRequired", "highRisk", "applicationDates", "verdict",
                                                                  "systemAndUse", "supervision"]
    assert [c.key for c in ann.conditions if c.only_chosen_verdict] == ["verdict"]
    assert ann.verdicts[ann.fallback_verdict].key == "insufficient-information"


def test_reading_shapes_share_one_template_file():
    shared = [set(reading_files(r)) for r in READINGS]
    assert "art5-1-f/reading-shapes.ttl" in set.intersection(*shared)
    for reading in READINGS:
        g = shapes_graph(reading)
        assert (None, RDF.type, AIWSH.ShapeTemplate) not in g
        for _, query in g.subject_objects(SH.select):
            assert "ObjectOfBan" not in str(query)
        for shape, _ in g.subject_objects(AIWSH.basedOn):
            assert (shape, RDF.type, SH.NodeShape) in g and (shape, SH.sparql, None) in g
            assert g.value(shape, SH.severity) is not None


def test_intentions_count_only_under_the_intentions_covered_reading():
    queries = {}
    for reading, shape in (("act-text", "Emotion-Holds"), ("intentions-covered", "Emotion-Holds-IntentionsCovered"),
                           ("full-ban", "Emotion-Holds-FullBan")):
        g = shapes_graph(reading)
        queries[reading] = str(g.value(g.value(AIWSH[shape], SH.sparql), SH.select))
    assert "EXISTS { ?value a aiw:EmotionalState } || EXISTS { ?value a aiw:Intention }" \
        in queries["intentions-covered"]
    assert "aiw:Intention" not in queries["act-text"] and "aiw:Intention" not in queries["full-ban"]


TEMPLATE = """
@prefix aiwsh: <https://w3id.org/aiwork/shapes#> .
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix ex: <https://example.org/> .
aiwsh:P a aiwsh:ClassParameter .
ex:T a aiwsh:ShapeTemplate ; sh:severity sh:Info ; sh:name "template"@en ;
    sh:sparql [ a sh:SPARQLConstraint ; sh:message "m"@en ;
        sh:select "SELECT $this WHERE { $this ex:p ?v . FILTER (EXISTS { ?v a aiwsh:P }) FILTER (NOT EXISTS { ?v a aiwsh:P }) }" ] .
"""


def test_a_shape_takes_what_it_does_not_state_from_its_template():
    g = Graph().parse(data=TEMPLATE + """
        aiwsh:P owl:unionOf ( ex:A ex:B ) .
        ex:S a sh:NodeShape ; aiwsh:basedOn ex:T ; sh:name "own"@en ; sh:sparql [ sh:message "own m"@en ] .
        """, format="turtle")
    build_from_templates(g, AIW.readingActText)
    s = URIRef("https://example.org/S")
    assert (None, RDF.type, AIWSH.ShapeTemplate) not in g
    assert [str(x) for x in g.objects(s, SH.name)] == ["own"]
    assert g.value(s, SH.severity) == SH.Info
    assert g.value(s, AIWSH.reading) == AIW.readingActText
    constraint = g.value(s, SH.sparql)
    assert [str(x) for x in g.objects(constraint, SH.message)] == ["own m"]
    assert g.value(constraint, RDF.type) == SH.SPARQLConstraint
    query = str(g.value(constraint, SH.select))
    assert "FILTER (EXISTS { ?v a ex:A } || EXISTS { ?v a ex:B })" in query
    assert "FILTER (NOT EXISTS { ?v a ex:A } && NOT EXISTS { ?v a ex:B })" in query


def test_a_template_that_does_not_exist_is_an_error():
    g = Graph().parse(data=TEMPLATE + "ex:S a sh:NodeShape ; aiwsh:basedOn ex:Nothing .", format="turtle")
    with pytest.raises(AiworkError, match="no aiwsh:ShapeTemplate"):
        build_from_templates(g)


def test_only_the_folder_asked_for_is_loaded():
    g = load_shapes("act-text", "profile")
    assert (AIWSH["Emotion-Holds"], None, None) not in g
    assert (AIWSH["AISystem-Profile"], RDF.type, SH.NodeShape) in g


def test_the_closure_function_is_called_saturate():
    """`prepare` means preparing a query (aiwork_kg.sparql); the validator's is `saturate`."""
    assert "saturate" in validator.__all__ and "prepare" not in validator.__all__
    assert not hasattr(validator, "prepare")


def test_saturate_keeps_a_class_the_ontology_does_not_know():
    """A description may state a class the ontology does not know: it adds no superclass (and no
    error; saturate once did `set |= ()` for it, which mypy found)."""
    ex_a, ex_unknown = URIRef("https://example.org/a"), URIRef("https://example.org/UnknownClass")
    g = Graph()
    g.add((ex_a, RDF.type, ex_unknown))
    validator.saturate(g)
    assert set(g.objects(ex_a, RDF.type)) == {ex_unknown}
