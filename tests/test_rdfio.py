"""The one loader every part uses: format by name or content, errors with file and line."""
from __future__ import annotations

import pytest

from aiwork_kg.errors import InputError, UnknownFormatError
from aiwork_kg.rdfio import guess_format, load_graph, parse_bytes


def test_turtle_error_names_the_line():
    data = b"@prefix ex: <http://ex/> .\nex:a ex:b ex:c .\nex:d ex:e \"open .\nex:f ex:g ex:h .\n"
    with pytest.raises(InputError) as err:
        parse_bytes(data, "broken.ttl")
    assert err.value.line == 3 and str(err.value).startswith("broken.ttl:3:")


def test_error_at_end_of_input_points_inside_the_file():
    data = b"@prefix ex: <http://ex/> .\nex:a ex:b ex:c .\nex:d ex:e "
    with pytest.raises(InputError) as err:
        parse_bytes(data, "cut.ttl")
    assert 1 <= err.value.line <= 3


def test_json_ld_error_names_line_and_column():
    with pytest.raises(InputError) as err:
        parse_bytes(b'{\n  "@id": "http://ex/a",\n  "x": 1,,\n}\n', "bad.jsonld")
    assert (err.value.line, err.value.column) == (3, 10)


def test_format_from_name_or_content():
    assert guess_format("a.ttl") == "turtle"
    assert guess_format("a.rdf") == "xml"
    assert guess_format("noext", b'{"@context": {}}') == "json-ld"
    with pytest.raises(UnknownFormatError):
        guess_format("notes.txt", b"just some words")


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        load_graph(tmp_path / "nope.ttl")
    with pytest.raises(InputError, match="is a folder"):
        load_graph(tmp_path)


def test_remote_context_is_refused_not_fetched():
    doc = b'{"@context": "http://example.org/ctx.jsonld", "@id": "http://ex/a"}'
    with pytest.raises(InputError, match="never fetched"):
        parse_bytes(doc, "remote.jsonld")
