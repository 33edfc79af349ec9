"""The errors of the project, named for the condition, each saying where and how to fix.

Exit codes of the CLI follow pySHACL's: 0 built/conforms, 1 SHACL violations, 2 input or
configuration error.
"""

from __future__ import annotations

from pathlib import Path


class KGError(Exception):
    """Base of every error this package raises on purpose."""

    exit_code = 2


class ConfigError(KGError):
    """A setting is missing or has a value that cannot work."""


class SourceError(KGError):
    """A data file is malformed: names the file, the line and column, and what was expected."""

    def __init__(
        self,
        path: Path | str,
        message: str,
        line: int | None = None,
        column: int | None = None,
    ) -> None:
        self.path = Path(path)
        self.line = line
        self.column = column
        self.message = message
        where = str(path)
        if line is not None:
            where += f":{line}"
            if column is not None:
                where += f":{column}"
        super().__init__(f"{where}: {message}")

    def __reduce__(self) -> tuple[type, tuple[Path, str, int | None, int | None]]:
        # Raised in a build's worker process and re-raised in the parent: pickled by its fields.
        return self.__class__, (self.path, self.message, self.line, self.column)


class QuoteError(SourceError):
    """A quote is missing from the text, ambiguous, or does not match its span."""


class ShapeViolationError(KGError):
    """The graph does not conform to the SHACL shapes; carries the readable report."""

    exit_code = 1

    def __init__(self, report: str, count: int) -> None:
        self.report = report
        self.count = count
        super().__init__(f"{count} SHACL violation(s)\n{report}")


class ReasoningError(KGError):
    """OWL RL reasoning found an inconsistency (disjoint classes, and the like)."""

    exit_code = 1


class StoreError(KGError):
    """The store cannot be opened, read or swapped."""


class QueryError(KGError):
    """A query could not be answered. Raised where queries run (web.sparql.runner, the query
    process, a remote store) and carried whole to the web layer, which gives each class its
    HTTP status (web.errors); the message is meant for the client."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class QuerySyntaxError(QueryError):
    """The query does not parse; the message has the line and column."""


class QueryArgumentError(QueryError):
    """The engine refused a value the request gave (a malformed graph IRI, say)."""


class NoAcceptableFormat(QueryError):
    """No format the client accepts can carry this kind of answer.

    :param answer: ``results`` (SELECT, ASK) or ``graph`` (CONSTRUCT, DESCRIBE).
    """

    def __init__(self, answer: str) -> None:
        super().__init__(answer)
        self.answer = answer


class ServiceCallFailed(QueryError):
    """An allow-listed SERVICE endpoint failed or could not be reached."""


class RemoteStoreFailed(QueryError):
    """The remote store (setting `store` is a URL) failed or could not be reached."""


class QueryTimedOut(QueryError):
    """The query ran past ``query_timeout`` and was stopped."""


class EngineFailure(QueryError):
    """A fault of ours: the store could not answer, or the query process died."""


class QueryMemoryExceeded(QueryError):
    """The query needed more memory than one query may use (setting ``query_memory``)."""


class EngineStopped(QueryError):
    """The engine failed on this query (a panic or a crash); the query process was replaced."""


class TooManyQueries(QueryError):
    """The client is over its share (settings ``client_queries``, ``client_cpu_seconds``).

    :param retry_after: seconds after which the client may try again.
    """

    def __init__(self, message: str, retry_after: int = 1) -> None:
        super().__init__(message)
        self.retry_after = retry_after

    def __reduce__(self) -> tuple[type[TooManyQueries], tuple[str, int]]:
        return (TooManyQueries, (self.message, self.retry_after))


class QueryServiceBusy(QueryError):
    """Every query process stayed busy for as long as a query may run; try again later."""


class QueryServiceUnavailable(QueryError):
    """The broker that runs queries could not be reached."""
