"""XML is read without document type declarations: no DTD, no entity, nothing external.

RDF/XML needs none of them, and they are what the "billion laughs" expansion (nested internal
entities) and external entities (a file or URL read while parsing) are made of. Before any XML
input is handed to a parser (:func:`aiwork_kg.rdfio.parse_bytes` for descriptions, the graphs a
remote endpoint returns in :mod:`aiwork_kg.sparql.engines`), :func:`refuse_dtd` reads its prolog
with expat, in whatever encoding the document declares, and stops at the first start tag: a
``<!DOCTYPE``, ``<!ENTITY``, a notation or an external entity reference before it is refused with
:class:`~aiwork_kg.errors.InputError` naming the file, line and column. Nothing is expanded and the
check costs a few microseconds however large the document is (the prolog is all it reads).
"""
from __future__ import annotations

import xml.parsers.expat

from .errors import InputError


class _Stop(Exception):
    """Raised from a handler to end the prolog scan."""

    def __init__(self, what: str | None = None):
        super().__init__(what)
        self.what = what


def refuse_dtd(data: bytes, name: str) -> None:
    """Raise InputError if `data` (XML, any encoding) has a document type declaration.

    Only the prolog is read: the scan stops at the root element's start tag. A document that
    is not well-formed before its root is left to the real parser, which names the error."""
    parser = xml.parsers.expat.ParserCreate()
    parser.SetParamEntityParsing(xml.parsers.expat.XML_PARAM_ENTITY_PARSING_NEVER)

    def doctype(*_args):
        raise _Stop("a document type declaration (<!DOCTYPE ...>)")

    def entity(*_args):
        raise _Stop("an entity declaration (<!ENTITY ...>)")

    def external(*_args):
        raise _Stop("a reference to an external entity")

    def start(*_args):
        raise _Stop(None)

    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = entity
    parser.NotationDeclHandler = entity
    parser.UnparsedEntityDeclHandler = entity
    parser.ExternalEntityRefHandler = external
    parser.StartElementHandler = start
    try:
        # feed in slices so that a huge document stops being read at its root element
        view = memoryview(data)
        step = 64 * 1024
        for offset in range(0, len(data), step):
            parser.Parse(bytes(view[offset:offset + step]), False)
        parser.Parse(b"", True)
    except _Stop as stop:
        if stop.what is not None:
            raise InputError(name, f"XML with {stop.what} is refused: aiwork-kg never reads a DTD, "
                             "expands entities or fetches external ones; RDF/XML needs none of them",
                             line=parser.CurrentLineNumber) from None
    except xml.parsers.expat.ExpatError:
        return  # not well-formed: the parser that follows names the place
