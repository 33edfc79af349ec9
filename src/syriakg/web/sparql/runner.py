"""Evaluate one query against the store and serialise its result, wherever queries run.

Oxigraph serialises results itself (1.3–1.5x faster than iterating them in Python), and an
answer is cut at ``max_rows`` rows or triples without iterating it:

* It is first written straight in the format the client asked for. Each row or triple after
  the first adds a known fewest number of bytes in each format (``_ROW_BYTES``). So an answer
  shorter than ``max_rows`` times that holds no more than ``max_rows`` rows. It is served as
  written, with no second pass: that is most answers.
* A longer answer is read back by Oxigraph and written again as TSV (SELECT) or N-Triples
  (CONSTRUCT/DESCRIBE): one row or triple per line, with newlines inside values escaped. A sink
  counts the lines and stops the writer once one row too many has arrived. An answer that is
  not cut is served as first written; one that is cut is written again from the lines kept.
* An answer longer than ``max_rows`` times ``_READ_BACK_ROW_BYTES`` is stopped there, and the
  query is run again along the counting path alone. This bounds memory for "everything" queries.
* CSV cannot be read back, so it always takes the counting path. So does a graph answer with
  no prefixes given, because the namespaces it declares are found in its N-Triples.

This module holds no HTTP: it is called in the query processes (web.sparql.qprocess), by the
direct executor of a remote store (web.sparql.direct), and directly by tests.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable
from dataclasses import replace
from typing import Any

import pyoxigraph as ox

from syriakg.errors import (
    EngineFailure,
    NoAcceptableFormat,
    QueryArgumentError,
    QuerySyntaxError,
    QueryTimedOut,
    RemoteStoreFailed,
    ServiceCallFailed,
)
from syriakg.namespaces import PREFIXES
from syriakg.store import QueryStore
from syriakg.store.remote import RemoteStoreError, RemoteTimeout, RemoteTriples
from syriakg.web.jobs import Job, Outcome

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
# The fewest bytes each row or triple after the first adds to an answer, whatever it holds: `{},`
# for a JSON row with every variable unbound, `<result/>` in XML (Oxigraph writes the longer
# `<result></result>`), a newline in TSV, a separator and a one-character object (`, 1`) in
# Turtle and TriG, an empty property element `<p/>` in RDF/XML, `,{}` in JSON-LD; an N-Triples
# line has three terms and " .". Rounded down, so a serialiser that writes more never makes an
# answer pass as short when it is not.
_ROW_BYTES = {"json": 3, "xml": 9, "tsv": 1, "turtle": 2, "trig": 2, "rdfxml": 4, "jsonld": 2,
              "ntriples": 8, "nquads": 8}
# Read back at most this many bytes per allowed row. Past it the writer is stopped and the
# query is run again along the counting path: memory stays bounded for "everything" queries,
# and an answer of max_rows rows averaging up to this size is never evaluated twice.
_READ_BACK_ROW_BYTES = 400


def timeout_message(timeout: float) -> str:
    """What a client is told when its query ran past ``query_timeout``."""
    return (
        f"The query ran longer than {timeout:g} s and was stopped (setting `query_timeout`). "
        "Narrow it: add LIMIT, bind more variables, or split it."
    )


class _Enough(Exception):
    """Raised from the sink to stop the engine once the row limit is passed."""


class _Sink:
    """A binary writer that keeps what it is given, and stops the writer past its limit.

    Oxigraph needs only ``write`` and ``flush``. A plain class: the same sink derived from
    ``io.RawIOBase`` made a small answer 15 us slower.
    """

    def __init__(self) -> None:
        self.parts: list[bytes] = []
        self.truncated = False  # set just before _Enough is raised

    def flush(self) -> None:
        pass

    def value(self) -> bytes:
        return b"".join(self.parts)


class _LineSink(_Sink):
    """Keeps the first ``header + limit`` lines."""

    def __init__(self, limit: int, header_lines: int) -> None:
        super().__init__()
        self.keep = limit + header_lines
        self.lines = 0

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


class _ByteSink(_Sink):
    """Keeps up to ``limit`` bytes; past them it keeps nothing more and stops the writer."""

    def __init__(self, limit: int) -> None:
        super().__init__()
        self.room = limit

    def write(self, data: Any) -> int:
        chunk = bytes(data)
        self.room -= len(chunk)
        if self.room < 0:
            self.truncated = True
            raise _Enough
        self.parts.append(chunk)
        return len(chunk)


class _ReadBackTooLong(Exception):
    """The answer passed the read-back limit: it is counted from a fresh evaluation instead."""


def _written(data: bytes | None) -> bytes:
    """Oxigraph returns bytes when given no output; its stubs also allow None."""
    assert data is not None
    return data


def _query_options(job: Job) -> dict[str, Any]:
    options: dict[str, Any] = {}
    if job.base_iri is not None:
        options["base_iri"] = job.base_iri
    prefixes = PREFIXES if job.prefixes is None else job.prefixes
    if prefixes:
        options["prefixes"] = prefixes
    if job.default_graphs is not None or job.named_graphs is not None:
        # The protocol's dataset replaces FROM/FROM NAMED (SPARQL 1.1 Protocol §2.1.4): with
        # only named-graph-uri, the default graph is the store's own, which the build leaves
        # empty; with only default-graph-uri, there is no named graph (GRAPH ?g matches none).
        options["default_graph"] = [ox.NamedNode(g) for g in job.default_graphs or ()] or [
            ox.DefaultGraph()
        ]
        options["named_graphs"] = [ox.NamedNode(g) for g in job.named_graphs or ()]
    elif not job.query_has_dataset:
        options["use_default_graph_as_union"] = True
    return options


def _serialise(sink_fill: Any, sink: _Sink) -> None:
    try:
        sink_fill(sink)
    except _Enough:
        pass
    except Exception:
        if not sink.truncated:  # the engine may wrap our exception; the flag tells it was ours
            raise


def _write_once(write: Any, fmt: str, max_rows: int) -> tuple[bytes, bool]:
    """The answer as ``write`` puts it, and whether it is too short to hold over ``max_rows``.

    :raises _ReadBackTooLong: past the read-back limit.
    """
    sink = _ByteSink(max_rows * _READ_BACK_ROW_BYTES)
    _serialise(write, sink)
    if sink.truncated:
        raise _ReadBackTooLong
    body = sink.value()
    return body, len(body) < _ROW_BYTES[fmt] * max_rows


def _select(result: ox.QuerySolutions, fmt: str, max_rows: int) -> Outcome:
    if fmt not in _ROW_BYTES:  # CSV: it cannot be read back
        return _select_counted(result, fmt, max_rows, None)
    results_format = RESULTS_FORMATS[fmt]
    body, short = _write_once(lambda out: result.serialize(out, results_format), fmt, max_rows)
    if short:
        return Outcome(body, fmt, "select", False)
    read_back = ox.parse_query_results(body, results_format)
    assert isinstance(read_back, ox.QuerySolutions)  # what was written was solutions
    return _select_counted(read_back, fmt, max_rows, body)


def _select_counted(result: ox.QuerySolutions, fmt: str, max_rows: int,
                    written: bytes | None) -> Outcome:
    """Count rows as TSV lines; serve ``written`` if nothing was cut, else write what was kept."""
    sink = _LineSink(max_rows, header_lines=1)
    _serialise(lambda out: result.serialize(out, ox.QueryResultsFormat.TSV), sink)
    tsv = sink.value()
    if written is not None and not sink.truncated:
        body = written
    elif fmt == "tsv":
        body = tsv
    else:
        parsed = ox.parse_query_results(tsv, ox.QueryResultsFormat.TSV)
        body = _written(parsed.serialize(format=RESULTS_FORMATS[fmt]))
    return Outcome(body, fmt, "select", sink.truncated)


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


Triples = ox.QueryTriples | RemoteTriples


def _write_graph(triples: Iterable[Any], out: Any, fmt: str,
                 prefixes: dict[str, str] | None) -> None:
    if prefixes and fmt in _WITH_PREFIXES:
        ox.serialize(triples, out, GRAPH_FORMATS[fmt], prefixes=prefixes)
    elif isinstance(triples, Triples):
        triples.serialize(out, GRAPH_FORMATS[fmt])  # no round trip through Python objects
    else:
        ox.serialize(triples, out, GRAPH_FORMATS[fmt])


def _graph(result: Triples, fmt: str, max_rows: int,
           prefixes: dict[str, str] | None) -> Outcome:
    if prefixes is None and fmt in _WITH_PREFIXES:  # the namespaces are found in N-Triples
        return _graph_counted(result, fmt, max_rows, None, None)
    body, short = _write_once(lambda out: _write_graph(result, out, fmt, prefixes), fmt, max_rows)
    if short:
        return Outcome(body, fmt, "graph", False)
    return _graph_counted(ox.parse(body, GRAPH_FORMATS[fmt]), fmt, max_rows, prefixes, body)


def _graph_counted(triples: Iterable[Any], fmt: str, max_rows: int,
                   prefixes: dict[str, str] | None, written: bytes | None) -> Outcome:
    """Count triples as N-Triples lines; serve ``written`` if nothing was cut, else write what
    was kept, declaring ``prefixes`` or else the namespaces it uses."""
    sink = _LineSink(max_rows, header_lines=0)
    _serialise(lambda out: _write_graph(triples, out, "ntriples", None), sink)
    nt = sink.value()
    if written is not None and not sink.truncated:
        body = written
    elif fmt == "ntriples":
        body = nt
    else:
        if prefixes is None and fmt in _WITH_PREFIXES:
            prefixes = _used_prefixes(nt)
        quads = ox.parse(nt, ox.RdfFormat.N_TRIPLES)
        body = _written(ox.serialize(quads, format=GRAPH_FORMATS[fmt], prefixes=prefixes))
    return Outcome(body, fmt, "graph", sink.truncated)


def _answer(result: ox.QueryBoolean | ox.QuerySolutions | Triples, job: Job,
            count_first: bool = False) -> Outcome:
    if isinstance(result, ox.QueryBoolean):
        if job.results_format is None:
            raise NoAcceptableFormat("results")
        fmt = job.results_format
        return Outcome(_written(result.serialize(format=RESULTS_FORMATS[fmt])), fmt, "ask", False)
    if isinstance(result, ox.QuerySolutions):
        if job.results_format is None:
            raise NoAcceptableFormat("results")
        if count_first:
            return _select_counted(result, job.results_format, job.max_rows, None)
        return _select(result, job.results_format, job.max_rows)
    if job.graph_format is None:
        raise NoAcceptableFormat("graph")
    if count_first:
        return _graph_counted(result, job.graph_format, job.max_rows, job.answer_prefixes, None)
    return _graph(result, job.graph_format, job.max_rows, job.answer_prefixes)


def run_job(store: QueryStore, job: Job) -> Outcome:
    """Evaluate ``job`` and serialise the result.

    :raises QuerySyntaxError: for a malformed query (the message has line:column).
    :raises NoAcceptableFormat: when the client accepts no format for this query form.
    :raises ServiceCallFailed: when a SERVICE call failed.
    :raises EngineFailure: for a storage fault.
    :raises QueryTimedOut: from a remote store (store.remote), past its HTTP timeout.
    :raises RemoteStoreFailed: when a remote store cannot be reached or fails.
    """
    started = time.perf_counter()
    try:
        try:
            outcome = _answer(store.query(job.query, **_query_options(job)), job)
        except _ReadBackTooLong:
            outcome = _answer(store.query(job.query, **_query_options(job)), job,
                              count_first=True)
    except RemoteTimeout as exc:
        raise QueryTimedOut(str(exc)) from exc
    except RemoteStoreError as exc:
        raise RemoteStoreFailed(str(exc)) from exc
    except SyntaxError as exc:
        raise QuerySyntaxError(f"SPARQL syntax {exc}") from exc
    except ValueError as exc:
        raise QueryArgumentError(str(exc)) from exc
    except RuntimeError as exc:  # what the engine cannot evaluate (an unsupported function)
        raise QueryArgumentError(f"The query cannot be evaluated: {exc}") from exc
    except OSError as exc:
        # In a sealed query process a SERVICE call the guard did not see fails for want of a
        # network: it is still a SERVICE call that failed, not a fault of the store.
        if job.uses_service or "os error 101" in str(exc):
            raise ServiceCallFailed(f"a SERVICE call failed: {exc}") from exc
        raise EngineFailure(f"the store could not answer: {exc}") from exc
    return replace(outcome, engine_ms=(time.perf_counter() - started) * 1000)
