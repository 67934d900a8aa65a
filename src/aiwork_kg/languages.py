"""The languages of the product, defined once.

Every label, explanation and citation exists in each of these languages; the command line's
``--lang`` choices, the server's language switch, the JSON schema of validation results and the
generated documentation all read this tuple. English is the default and the language of the
definitions in the ontology.
"""
from __future__ import annotations

LANGUAGES: tuple[str, ...] = ("en", "da", "nl")
DEFAULT_LANGUAGE = "en"
