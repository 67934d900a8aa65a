"""Issue 11, part 3: no DTD, entity or external entity is ever expanded or fetched, in any input;
remote JSON-LD contexts are never fetched. Refused fast, with the file and the line."""
from __future__ import annotations

import time

import pytest

from aiwork_kg.errors import InputError
from aiwork_kg.rdfio import parse_bytes
from aiwork_kg.safexml import refuse_dtd
from netguard import RecordingServer

RDF_BODY = ('<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
            '<rdf:Description rdf:about="http://example.org/a"><rdf:value>{value}</rdf:value>'
            '</rdf:Description></rdf:RDF>\n')


def billion_laughs(levels: int = 10) -> bytes:
    lines = ['<?xml version="1.0"?>', "<!DOCTYPE lolz [", ' <!ENTITY lol0 "lol">']
    for i in range(1, levels):
        lines.append(f' <!ENTITY lol{i} "' + f"&lol{i - 1};" * 10 + '">')
    lines.append("]>")
    return ("\n".join(lines) + "\n" + RDF_BODY.format(value=f"&lol{levels - 1};")).encode()


def external_entity(url: str) -> bytes:
    return ('<?xml version="1.0"?>\n<!DOCTYPE r [ <!ENTITY ext SYSTEM "' + url + '"> ]>\n'
            + RDF_BODY.format(value="&ext;")).encode()


def test_billion_laughs_is_refused_fast_with_file_and_line():
    data = billion_laughs()
    assert len(data) < 1024
    start = time.monotonic()
    with pytest.raises(InputError) as caught:
        parse_bytes(data, "laughs.rdf")
    assert time.monotonic() - start < 60  # generous: the point is that it ends at all
    err = caught.value
    assert err.source == "laughs.rdf" and err.line == 2
    assert "document type declaration" in err.message


@pytest.mark.parametrize("doc", [
    '<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF SYSTEM "{url}/dtd">\n',
    '<?xml version="1.0"?>\n<!DOCTYPE r [ <!ENTITY % p SYSTEM "{url}/p"> %p; ]>\n',
    '<?xml version="1.0"?>\n<!DOCTYPE r [ <!ENTITY ext SYSTEM "{url}/ext"> ]>\n',
    '<?xml version="1.0"?>\n<!DOCTYPE r [ <!NOTATION n SYSTEM "{url}/n"> ]>\n',
])
def test_external_entities_and_dtds_are_refused_without_a_request(doc):
    with RecordingServer() as trap:
        data = (doc.format(url=trap.url) + RDF_BODY.format(value="x")).encode()
        with pytest.raises(InputError, match="refused"):
            parse_bytes(data, "ext.rdf")
    assert trap.requests == []


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-8-sig"])
def test_a_doctype_in_another_encoding_is_refused(encoding):
    text = billion_laughs(3).decode().replace('encoding="utf-8"', "")
    if encoding == "utf-16-le":
        text = text.replace('<?xml version="1.0"?>', '<?xml version="1.0" encoding="UTF-16LE"?>')
    with pytest.raises(InputError, match="document type declaration"):
        parse_bytes(text.encode(encoding), "enc.rdf")


def test_plain_rdfxml_still_parses_and_a_late_doctype_is_a_syntax_error():
    graph = parse_bytes(('<?xml version="1.0"?>\n' + RDF_BODY.format(value="x")).encode(), "ok.rdf")
    assert len(graph) == 1
    refuse_dtd(b"<r/>" + b" " * 1_000_000, "big.rdf")  # stops at the root element
    with pytest.raises(InputError):
        parse_bytes(RDF_BODY.format(value="x").encode() + b"<!DOCTYPE x>", "late.rdf")


def test_remote_endpoint_xml_graph_with_a_dtd_is_refused(monkeypatch):
    """A CONSTRUCT answered as RDF/XML by a remote endpoint goes through the same check."""
    import http.server
    import threading

    body = billion_laughs(4)

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            self.send_response(200)
            self.send_header("Content-Type", "application/rdf+xml")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        from aiwork_kg.errors import EndpointError
        from aiwork_kg.sparql import query

        with pytest.raises(EndpointError, match="document type declaration"):
            query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }",
                  endpoint=f"http://127.0.0.1:{server.server_address[1]}/sparql", timeout=10)
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize("shape", ["plain", "array", "scoped", "import", "nested-node", "scoped-in-array"])
def test_remote_jsonld_contexts_are_never_fetched(shape):
    with RecordingServer() as trap:
        ctx = f"{trap.url}/context.jsonld"
        doc = {
            "plain": {"@context": ctx, "@id": "http://example.org/a", "name": "x"},
            "array": {"@context": [{"ex": "http://example.org/"}, ctx], "@id": "ex:a"},
            "scoped": {"@context": {"p": {"@id": "http://example.org/p", "@context": ctx}},
                       "@id": "http://example.org/a", "p": {"name": "x"}},
            "import": {"@context": {"@import": ctx}, "@id": "http://example.org/a"},
            "nested-node": {"@context": {"ex": "http://example.org/"}, "@id": "ex:a",
                            "ex:p": {"@context": ctx, "@id": "ex:b"}},
            "scoped-in-array": {"@context": [{"p": {"@id": "http://example.org/p",
                                                    "@context": [{"@import": ctx}]}}],
                                "@id": "http://example.org/a"},
        }[shape]
        import json

        with pytest.raises(InputError, match="never fetched") as caught:
            parse_bytes(json.dumps(doc).encode(), "remote.jsonld")
        assert caught.value.source == "remote.jsonld"
    assert trap.requests == []


@pytest.mark.parametrize("text", [
    "<https://example.org/a\x01b> <https://example.org/p> <https://example.org/o> .\n",
    "<https://example.org/a\\u0000b> <https://example.org/p> <https://example.org/o> .\n",
    "<https://example.org/p> <https://example.org/p> <https://example.org/a b> .\n",
])
def test_iris_with_control_characters_or_spaces_are_refused(text):
    with pytest.raises(InputError, match="which IRIs may not hold") as caught:
        parse_bytes(("\n" + text).encode(), "iri.ttl")
    assert caught.value.source == "iri.ttl"
