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
