"""Reading a remote store's answers: SPARQL results and triples as pyoxigraph's own objects.

An answer the store cut (``X-SPARQL-MaxRows``) or left incomplete (``X-SQL-State``) is an error,
never a silently short result.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from email.message import Message
from typing import IO

import pyoxigraph as ox

from syriakg.store.remote.errors import HINT, RemoteStoreError, RemoteTimeout
from syriakg.store.remote.repairs import repaired_json, repaired_ntriples, repaired_xml

RESULTS_XML = "application/sparql-results+xml"
NTRIPLES = "application/n-triples"
_GRAPH_TYPES = {
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "text/plain": ox.RdfFormat.N_TRIPLES,  # N-Triples' media type before RDF 1.1
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
}


class RemoteTriples:
    """A CONSTRUCT or DESCRIBE answer, with what our code uses of ``ox.QueryTriples``."""

    def __init__(self, triples: list[ox.Triple]) -> None:
        self._triples = triples

    def __iter__(self) -> Iterator[ox.Triple]:
        return iter(self._triples)

    def __len__(self) -> int:
        return len(self._triples)

    def serialize(
        self, output: IO[bytes] | str | os.PathLike[str] | None = None,
        format: ox.RdfFormat | None = None,
    ) -> bytes | None:
        """Write the triples like ``ox.QueryTriples.serialize``: bytes when ``output`` is None."""
        return ox.serialize(self._triples, output, format)


def check_complete(headers: Message, url: str, max_rows: int) -> None:
    """Refuse an answer the store left incomplete or cut at its own row limit."""
    state = headers.get("X-SQL-State")
    if state:  # Virtuoso's "anytime" answers: partial results after its own time limit
        raise RemoteTimeout(
            f"the store at {url} stopped the query early and returned incomplete "
            f"results ({state}: {headers.get('X-SQL-Message', '')}); narrow the query, or "
            "raise the store's own limit (Virtuoso: [SPARQL] MaxQueryExecutionTime)"
        )
    cap = headers.get("X-SPARQL-MaxRows")
    if cap and cap.isdigit() and int(cap) <= max_rows:
        raise RemoteStoreError(
            f"the store at {url} cut the answer at {cap} rows, its own limit; raise it "
            f"above our `max_rows` ({max_rows}) so that a cut is ours and is reported "
            "(Virtuoso: [SPARQL] ResultSetMaxRows in virtuoso.ini)"
        )



def read_results(body: bytes, content_type: str, url: str) -> ox.QuerySolutions | ox.QueryBoolean:
    """SELECT or ASK results as pyoxigraph's, read whole."""
    if content_type == RESULTS_XML:
        body = repaired_xml(body)
        fmt = ox.QueryResultsFormat.XML
    elif content_type == "application/sparql-results+json":
        body = repaired_json(body)
        fmt = ox.QueryResultsFormat.JSON
    else:
        raise RemoteStoreError(
            f"the store at {url} answered {content_type}, not SPARQL results; "
            + HINT["store"]
        )
    try:
        parsed = ox.parse_query_results(body, fmt)
        if isinstance(parsed, ox.QueryBoolean):
            return parsed
        # Parsing is lazy: read it all now, so that a fault of the store's answer is not
        # taken later, mid-serialisation, for a syntax error of the user's query.
        tsv = parsed.serialize(format=ox.QueryResultsFormat.TSV)
        assert tsv is not None
        solutions = ox.parse_query_results(tsv, ox.QueryResultsFormat.TSV)
    except (SyntaxError, ValueError) as exc:
        raise RemoteStoreError(f"cannot read the answer of the store at {url}: {exc}") \
            from exc
    assert isinstance(solutions, ox.QuerySolutions)
    return solutions

def read_triples(body: bytes, content_type: str, url: str) -> RemoteTriples:
    """A CONSTRUCT or DESCRIBE answer."""
    fmt = _GRAPH_TYPES.get(content_type)
    if fmt is None:
        raise RemoteStoreError(
            f"the store at {url} answered {content_type}, not RDF triples; "
            + HINT["store"]
        )
    if fmt == ox.RdfFormat.N_TRIPLES:
        body = repaired_ntriples(body)
    try:
        return RemoteTriples([q.triple for q in ox.parse(body, fmt)])
    except (SyntaxError, ValueError) as exc:
        raise RemoteStoreError(f"cannot read the answer of the store at {url}: {exc}") \
            from exc
