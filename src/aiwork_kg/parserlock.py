"""One user of rdflib's SPARQL machinery at a time per process: rdflib is not thread-safe there.

rdflib parses SPARQL with pyparsing, whose parse actions (``Param.postParse2`` among them) are
wrapped on first use by a helper that finds their arity by trial calls. Two threads parsing at
once can make it settle on the wrong arity, after which *every* later parse in the process fails
with ``TypeError: Param.postParse2() missing 1 required positional argument``: one burst of
concurrent ``/validate`` requests (pySHACL parses the shapes' SPARQL constraints) broke the
server until it was restarted. rdflib also keeps evaluation state on parsed queries
(``Expr.ctx``), which pySHACL reuses across calls.

Nothing of rdflib is changed. Instead every place in this package that makes rdflib parse or
evaluate SPARQL in a process that may run threads holds :data:`LOCK`: a whole validation
(:mod:`aiwork_kg.validator.limited`) and the rdflib parse of the SERVICE syntax check
(:mod:`aiwork_kg.sparql.syntax`). SPARQL over the graph runs on Oxigraph, which needs no lock.
tests/test_parserlock.py runs concurrent validations in a fresh process and checks that rdflib's
parser is left as it is.
"""
from __future__ import annotations

import threading

LOCK = threading.RLock()
