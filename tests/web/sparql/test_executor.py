"""The query process: results survive the TSV/N-Triples cut unchanged, runaway queries are
killed, and no process outlives its executor.
"""

from __future__ import annotations

import json
import os
import socket
import stat
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

from syriakg.errors import QueryError, QuerySyntaxError, QueryTimedOut
from syriakg.web.sparql.executor import QueryExecutor
from syriakg.web.sparql.runner import Job, run_job
from tests.procs import children


def test_select_survives_the_tsv_cut_in_every_format(odd_store: ox.Store) -> None:
    query = "SELECT ?s ?o ?unbound WHERE { ?s ?p ?o } ORDER BY ?s"
    for fmt, ox_fmt in (("json", ox.QueryResultsFormat.JSON), ("xml", ox.QueryResultsFormat.XML),
                        ("csv", ox.QueryResultsFormat.CSV), ("tsv", ox.QueryResultsFormat.TSV)):
        direct = odd_store.query(query, use_default_graph_as_union=True).serialize(format=ox_fmt)
        outcome = run_job(odd_store, Job(query, fmt, None, max_rows=100))
        assert not outcome.truncated
        if fmt == "json":
            assert json.loads(outcome.body) == json.loads(direct)
        else:
            assert outcome.body == direct, fmt


def test_construct_survives_the_ntriples_cut(odd_store: ox.Store) -> None:
    query = "CONSTRUCT WHERE { ?s ?p ?o }"
    outcome = run_job(odd_store, Job(query, None, "nquads", max_rows=100))
    direct = odd_store.query(query, use_default_graph_as_union=True).serialize(
        format=ox.RdfFormat.N_TRIPLES)
    assert ox.Dataset(ox.parse(outcome.body, ox.RdfFormat.N_QUADS)).canonicalize(
        ox.CanonicalizationAlgorithm.UNSTABLE) is None  # parses
    assert sorted(outcome.body.splitlines()) == sorted(direct.splitlines())


def test_rows_are_cut_at_max_rows(odd_store: ox.Store) -> None:
    query = "SELECT * WHERE { ?s ?p ?o } ORDER BY ?s"
    outcome = run_job(odd_store, Job(query, "json", None, max_rows=3))
    assert outcome.truncated
    assert len(json.loads(outcome.body)["results"]["bindings"]) == 3
    exact = run_job(odd_store, Job(query, "json", None, max_rows=10))
    assert not exact.truncated
    assert len(json.loads(exact.body)["results"]["bindings"]) == 10
    graph = run_job(odd_store, Job("CONSTRUCT WHERE { ?s ?p ?o }", None, "ntriples", max_rows=4))
    assert graph.truncated and graph.body.count(b"\n") == 4


def test_a_huge_result_is_cut_without_being_computed(odd_store: ox.Store) -> None:
    # 10^6 rows would take seconds to serialise; the sink stops the engine after 6.
    query = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n ?o . ?p ?q ?r }"
    started = time.perf_counter()
    outcome = run_job(odd_store, Job(query, "csv", None, max_rows=5))
    assert outcome.truncated and outcome.body.count(b"\r\n") == 1 + 5
    assert time.perf_counter() - started < 1.0


def test_syntax_error_kind(odd_store: ox.Store) -> None:
    with pytest.raises(QuerySyntaxError) as failure:
        run_job(odd_store, Job("SELECT * WHERE {", "json", None, max_rows=5))
    assert "1:17" in failure.value.message


_STARTED: dict[int, str] = {}


def _stat(pid: int) -> list[str] | None:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None


def _alive(pid: int) -> bool:
    """Whether the process ``pid`` first seen by this test still runs (not a reused pid)."""
    fields = _stat(pid)
    if fields is None or fields[0] == "Z":
        return False
    started = _STARTED.setdefault(pid, fields[19])  # start time, in clock ticks since boot
    return started == fields[19]


def test_timeout_kills_the_runaway_and_forks_a_fresh_process(odd_store: ox.Store) -> None:
    others = children()
    executor = QueryExecutor(odd_store, timeout=0.3)
    try:
        (first,) = children() - others
        assert _alive(first)
        runaway = (
            "SELECT (COUNT(*) AS ?n) WHERE "
            # nine-fold cross product: about 10^9 rows on this small store, far past 0.3 s
            "{ ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n1 ?o . ?p ?q ?r ."
            "  ?s ?t ?u . ?v ?w ?x . ?y ?z ?z1 }"
        )
        started = time.monotonic()
        with pytest.raises(QueryTimedOut):
            executor.run(Job(runaway, "json", None, max_rows=5))
        assert time.monotonic() - started < 5.0  # 0.3 s, then kill and fork (slow on a busy box)
        assert not _alive(first)
        (second,) = children() - others
        assert second != first and _alive(second)
        ok = executor.run(Job("ASK { ?s ?p ?o }", "json", None, max_rows=5))
        assert json.loads(ok.body)["boolean"] is True
    finally:
        executor.close()
    assert not _alive(second)


def test_close_leaves_no_process(odd_store: ox.Store) -> None:
    others = children()
    executor = QueryExecutor(odd_store, timeout=5, size=3)
    pids = children() - others
    assert len(pids) == 3 and all(_alive(p) for p in pids)  # records their start times
    executor.close()
    executor.close()
    assert not any(_alive(p) for p in pids)
    with pytest.raises(QueryError):
        executor.run(Job("ASK {}", "json", None, max_rows=1))


def test_query_process_does_not_hold_the_parents_sockets(odd_store: ox.Store) -> None:
    held = socket.socket()
    held.bind(("127.0.0.1", 0))
    held.listen(1)
    others = children()
    executor = QueryExecutor(odd_store, timeout=5)
    try:
        (pid,) = children() - others
        fd_dir = Path(f"/proc/{pid}/fd")
        modes = []
        for fd in fd_dir.iterdir():
            try:
                modes.append(os.stat(fd).st_mode)
            except OSError:
                continue
        assert not any(stat.S_ISSOCK(m) for m in modes)
        assert sum(stat.S_ISFIFO(m) for m in modes) == 2  # its own two pipe ends
    finally:
        executor.close()
        held.close()


def test_the_store_time_comes_back_from_the_query_process(odd_store: ox.Store) -> None:
    # 10 quads, four of them joined: 10,000 rows counted in the query process.
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    job = Job(query, "json", None, 10)
    executor = QueryExecutor(odd_store, timeout=5)
    try:
        started = time.perf_counter()
        outcome = executor.run(job)
        elapsed_ms = (time.perf_counter() - started) * 1000
    finally:
        executor.close()
    assert json.loads(outcome.body)["results"]["bindings"][0]["n"]["value"] == "10000"
    assert 0 < outcome.engine_ms < elapsed_ms
    assert not outcome.cached
