"""One base error with specific subclasses; the CLI maps them to exit code 2."""
from __future__ import annotations

from dataclasses import dataclass


class AiworkError(Exception):
    """Base class of every error this package raises on purpose."""

    exit_code = 2


@dataclass
class InputError(AiworkError):
    """Bad input: names the file (or '-'), the line (and column) and what was expected."""

    source: str
    message: str
    line: int | None = None
    column: int | None = None

    def __post_init__(self) -> None:
        super().__init__(str(self))

    def __str__(self) -> str:
        where = self.source
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return f"{where}: {self.message}"


class UnknownFormatError(InputError):
    """The file's format cannot be recognised from its name or content."""


class QueryError(AiworkError):
    """A SPARQL query that does not parse, names no known query, or fails on the endpoint."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None):
        self.line, self.column = line, column
        super().__init__(message)


class EndpointError(AiworkError):
    """A remote SPARQL endpoint or graph store could not be reached or refused the request."""


class ReleaseNotFoundError(AiworkError):
    """No built release where one was expected (run `aiwork-kg build`)."""
