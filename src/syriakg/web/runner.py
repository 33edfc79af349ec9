"""Evaluate one query against the store and serialise its result, wherever queries run.

Oxigraph serialises results itself (1.3–1.5x faster than iterating them in Python). To cut a
result at ``max_rows`` without iterating, it is first written as TSV (SELECT) or N-Triples
(CONSTRUCT/DESCRIBE) — one row or triple per line, with newlines inside values escaped — into a
sink that counts lines and stops the engine once one row too many has arrived. The kept lines
are then re-serialised by Oxigraph into the format the client asked for. This module holds no
HTTP: it is called by the executors (web.inline, web.executor's child process), and
directly by tests.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox

from syriakg.namespaces import PREFIXES
from syriakg.remote import RemoteStoreError, RemoteTimeout, RemoteTriples
from syriakg.store import QueryStore

RESULTS_FORMATS: dict[str, ox.QueryResultsFormat] = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}
GRAPH_FORMATS: dict[str, ox.RdfFormat] = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "rdfxml": ox.RdfFormat.RDF_XML,
    "jsonld": ox.RdfFormat.JSON_LD,
    "trig": ox.RdfFormat.TRIG,
    "nquads": ox.RdfFormat.N_QUADS,
}
_WITH_PREFIXES = {"turtle", "trig", "rdfxml", "jsonld"}


@dataclass(frozen=True)
class Job:
    """A query and everything needed to run it (pickled when it goes to a query process)."""

    query: str
    results_format: str | None  # the format for SELECT/ASK, None if the client accepts none
    graph_format: str | None  # the format for CONSTRUCT/DESCRIBE, None if none is acceptable
    max_rows: int
    default_graphs: tuple[str, ...] | None = None  # protocol dataset, if the request named one
    named_graphs: tuple[str, ...] | None = None
    query_has_dataset: bool = False  # FROM / FROM NAMED in the query itself
    uses_service: bool = False
    # Prefixes the query may use undeclared; None means all of namespaces.PREFIXES. The endpoint
    # passes only those a query needs: handing Oxigraph 40 prefixes costs ~50 us per query.
    prefixes: dict[str, str] | None = None


@dataclass(frozen=True)
class Outcome:
    """A serialised result: the bytes, the format name, and whether rows were cut."""

    body: bytes
    format: str
    form: str  # "select", "ask" or "graph"
    rows: int
    truncated: bool


class QueryFailed(Exception):
    """The query could not be answered; ``kind`` is a key of web.errors.ERROR_BY_KIND."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message


def timeout_message(timeout: float) -> str:
    """What a client is told when its query ran past ``query_timeout``."""
    return (
        f"The query ran longer than {timeout:g} s and was stopped (setting `query_timeout`). "
        "Narrow it: add LIMIT, bind more variables, or split it."
    )


class _Enough(Exception):
    """Raised from the sink to stop the engine once the row limit is passed."""


class _LineSink(io.RawIOBase):
    """A binary writer that keeps the first ``header + limit`` lines and then stops the writer."""

    def __init__(self, limit: int, header_lines: int) -> None:
        self.keep = limit + header_lines
        self.lines = 0
        self.parts: list[bytes] = []
        self.truncated = False

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        chunk = bytes(data)
        count = chunk.count(b"\n")
        if self.lines + count > self.keep:
            cut = 0
            for _ in range(self.keep - self.lines):
                cut = chunk.index(b"\n", cut) + 1
            self.parts.append(chunk[:cut])
            self.lines = self.keep
            self.truncated = True
            raise _Enough
        self.parts.append(chunk)
        self.lines += count
        return len(chunk)

    def value(self) -> bytes:
        return b"".join(self.parts)


def _written(data: bytes | None) -> bytes:
    """Oxigraph returns bytes when given no output; its stubs also allow None."""
    assert data is not None
    return data


def _query_options(job: Job) -> dict[str, Any]:
    options: dict[str, Any] = {}
    prefixes = PREFIXES if job.prefixes is None else job.prefixes
    if prefixes:
        options["prefixes"] = prefixes
    if job.default_graphs is not None or job.named_graphs is not None:
        # The protocol's dataset replaces FROM/FROM NAMED (SPARQL 1.1 Protocol §2.1.4). With
        # only named-graph-uri, the default graph is the store's own, which the build leaves empty.
        options["default_graph"] = [ox.NamedNode(g) for g in job.default_graphs or ()] or [
            ox.DefaultGraph()
        ]
        if job.named_graphs is not None:
            options["named_graphs"] = [ox.NamedNode(g) for g in job.named_graphs]
    elif not job.query_has_dataset:
        options["use_default_graph_as_union"] = True
    return options


def _serialise(sink_fill: Any, sink: _LineSink) -> None:
    try:
        sink_fill(sink)
    except _Enough:
        pass
    except Exception:
        if not sink.truncated:  # the engine may wrap our exception; the flag tells it was ours
            raise


def _select(result: ox.QuerySolutions, fmt: str, max_rows: int) -> Outcome:
    sink = _LineSink(max_rows, header_lines=1)
    _serialise(lambda out: result.serialize(out, ox.QueryResultsFormat.TSV), sink)
    tsv = sink.value()
    rows = max(tsv.count(b"\n") - 1, 0)
    if fmt == "tsv":
        body = tsv
    else:
        parsed = ox.parse_query_results(tsv, ox.QueryResultsFormat.TSV)
        body = _written(parsed.serialize(format=RESULTS_FORMATS[fmt]))
    return Outcome(body, fmt, "select", rows, sink.truncated)


# One pass over the N-Triples finds the longest namespace after each "<"; a namespace is used
# when it, or a longer one it is the start of, is found. (Searching for each of the ~40
# namespaces in turn took longer than the query on small results.)
_NAMESPACE = re.compile(b"<(" + b"|".join(
    re.escape(iri.encode()) for iri in sorted(PREFIXES.values(), key=len, reverse=True)) + b")")
_PREFIXES_OF = {
    found.encode(): {p: iri for p, iri in PREFIXES.items() if found.startswith(iri)}
    for found in PREFIXES.values()
}


def _used_prefixes(ntriples: bytes) -> dict[str, str]:
    used: dict[str, str] = {}
    for found in set(_NAMESPACE.findall(ntriples)):
        used.update(_PREFIXES_OF[found])
    return used


def _graph(result: ox.QueryTriples | RemoteTriples, fmt: str, max_rows: int) -> Outcome:
    sink = _LineSink(max_rows, header_lines=0)
    _serialise(lambda out: result.serialize(out, ox.RdfFormat.N_TRIPLES), sink)
    nt = sink.value()
    if fmt == "ntriples":
        body = nt
    else:
        quads = ox.parse(nt, ox.RdfFormat.N_TRIPLES)
        prefixes = _used_prefixes(nt) if fmt in _WITH_PREFIXES else None
        body = _written(ox.serialize(quads, format=GRAPH_FORMATS[fmt], prefixes=prefixes))
    return Outcome(body, fmt, "graph", nt.count(b"\n"), sink.truncated)


def run_job(store: QueryStore, job: Job) -> Outcome:
    """Evaluate ``job`` and serialise the result.

    :raises QueryFailed: ``syntax`` for a malformed query (the message has line:column),
        ``not-acceptable`` when the client accepts no format for this query form,
        ``service`` when a SERVICE call failed, ``store`` for a storage fault; from a remote
        store (syriakg.remote) also ``timeout`` past its HTTP timeout and ``remote`` when it
        cannot be reached or fails.
    """
    try:
        result = store.query(job.query, **_query_options(job))
        if isinstance(result, ox.QueryBoolean):
            if job.results_format is None:
                raise QueryFailed("not-acceptable", "results")
            fmt = job.results_format
            body = _written(result.serialize(format=RESULTS_FORMATS[fmt]))
            return Outcome(body, fmt, "ask", 1, False)
        if isinstance(result, ox.QuerySolutions):
            if job.results_format is None:
                raise QueryFailed("not-acceptable", "results")
            return _select(result, job.results_format, job.max_rows)
        if job.graph_format is None:
            raise QueryFailed("not-acceptable", "graph")
        return _graph(result, job.graph_format, job.max_rows)
    except RemoteTimeout as exc:
        raise QueryFailed("timeout", str(exc)) from exc
    except RemoteStoreError as exc:
        raise QueryFailed("remote", str(exc)) from exc
    except SyntaxError as exc:
        raise QueryFailed("syntax", f"SPARQL syntax {exc}") from exc
    except ValueError as exc:
        raise QueryFailed("argument", str(exc)) from exc
    except OSError as exc:
        if job.uses_service:
            raise QueryFailed("service", f"a SERVICE call failed: {exc}") from exc
        raise QueryFailed("store", f"the store could not answer: {exc}") from exc
