"""Which records of a statements file are published, and where a record's quote stands.

A record's ``status`` is ``draft``, ``reviewed`` or ``rejected``; a record without one is
reviewed (the curated records of d0001). Only reviewed records reach a graph: drafts and
rejected drafts stay in the file for the review (docs/ingest.md). A record may give its span,
``span: [start, end]`` in characters of the NFC text; the build then checks that the text there
is the quote instead of searching for it, so that a phrase a document repeats can be quoted.
"""

from __future__ import annotations

from syriakg.errors import QuoteError, SourceError
from syriakg.pipeline.load import Record
from syriakg.pipeline.spans import locate
from syriakg.text import find_all

STATUSES = ("draft", "reviewed", "rejected")
PUBLISHED = "reviewed"


def status(record: Record) -> str:
    """The record's status, ``reviewed`` when it has none; an unknown one is an error."""
    value = record.get("status", PUBLISHED)
    if value not in STATUSES:
        path, line = record.where("status")
        raise SourceError(
            path,
            f"claim {record.get('id')!r}: status must be one of {', '.join(STATUSES)}, "
            f"not {value!r}",
            line,
        )
    return str(value)


def is_published(record: Record) -> bool:
    return status(record) == PUBLISHED


def any_published(statements: Record | None) -> bool:
    """Whether a document has a reviewed record (or is curated without a statements file): a
    document that has drafts only is not published until one of them is reviewed."""
    if statements is None:
        return True
    claims = statements.get("claims")
    if not isinstance(claims, list):
        return True  # the statements stage names the problem
    return any(isinstance(r, Record) and is_published(r) for r in claims)


def quote_span(record: Record, text: str, quote: str) -> tuple[int, int]:
    """Where ``quote`` stands in ``text``: the record's own ``span`` (checked), else the one
    place the quote occurs."""
    given = record.get("span")
    if given is None:
        try:
            return locate(text, quote)
        except ValueError as exc:
            raise QuoteError(
                record.path, f"claim {record.get('id')!r}: {exc}", record.where("quote")[1]
            ) from exc
    path, line = record.where("span")
    key = record.get("id")
    if (
        not isinstance(given, list)
        or len(given) != 2
        or not all(isinstance(v, int) and not isinstance(v, bool) for v in given)
    ):
        raise QuoteError(
            path, f"claim {key!r}: span must be [start, end], two whole numbers", line
        )
    start, end = given
    if not 0 <= start < end <= len(text):
        raise QuoteError(
            path,
            f"claim {key!r}: span [{start}, {end}] is outside the text "
            f"(it has {len(text)} characters; end is exclusive)",
            line,
        )
    if text[start:end] != quote:
        found = find_all(text, quote)
        where = (
            f"; the quote occurs at {', '.join(f'[{s}, {s + len(quote)}]' for s in found)}"
            if found
            else "; the quote does not occur in the text"
        )
        raise QuoteError(
            path,
            f"claim {key!r}: the text at span [{start}, {end}] is {text[start:end]!r}, "
            f"not the quote {quote!r}{where}. Correct the span or the quote",
            line,
        )
    return start, end
