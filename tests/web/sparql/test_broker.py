"""The broker and its query processes, for real: each limit is met by a query that passes it, and
the next query is answered as if nothing had happened.

Every test starts its own broker (a forked process) on a small store and talks to it through
the same executor the web workers use.
"""

from __future__ import annotations

import json
import os
import socket
import stat
import threading
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pyoxigraph as ox
import pytest

from syriakg.errors import (
    EngineStopped,
    QueryMemoryExceeded,
    QueryServiceUnavailable,
    QueryTimedOut,
    ServiceCallFailed,
    TooManyQueries,
)
from syriakg.web.jobs import Job
from syriakg.web.sparql import broker, relay, sandbox
from syriakg.web.sparql.broker import BrokerConfig, BrokerExecutor, BrokerHandle
from tests.procs import children

ASK = Job("ASK { ?s ?p ?o }", "json", None, max_rows=5)
# nine-fold cross product of the store: far past any limit these tests set
RUNAWAY = Job(
    "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n1 ?o . "
    "?p ?q ?r . ?s ?t ?u . ?v ?w ?x . ?y ?z ?z1 }", "json", None, max_rows=5)
CONFIG = BrokerConfig(timeout=5.0, memory_bytes=256 << 20, processes=3, warm=1,
                      client_queries=4, client_cpu_seconds=600.0, slow_after=60.0,
                      namespaces=sandbox.available())

needs_namespaces = pytest.mark.skipif(
    not sandbox.available(),
    reason="needs network namespaces: run as root, or enable unprivileged user namespaces "
           "(sysctl kernel.unprivileged_userns_clone=1)")


class Broker:
    """A broker on ``store`` with ``config``, and an executor to talk to it."""

    def __init__(self, store: ox.Store, config: BrokerConfig) -> None:
        self.handle: BrokerHandle = broker.start(lambda: store, config)
        self.executor = BrokerExecutor(self.handle.path, config.timeout)

    def processes(self) -> set[int]:
        return children(self.handle.pid)

    def stop(self) -> None:
        self.handle.stop()


@pytest.fixture
def running(odd_store: ox.Store) -> Iterator[Broker]:
    b = Broker(odd_store, CONFIG)
    yield b
    b.stop()


def _ok(b: Broker, client: str = "c") -> None:
    assert json.loads(b.executor.run(ASK, client).body)["boolean"] is True


def test_a_query_is_answered_with_the_stores_time(running: Broker) -> None:
    job = Job("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }",
              "json", None, 10)
    started = time.perf_counter()
    outcome = running.executor.run(job, "c")
    elapsed_ms = (time.perf_counter() - started) * 1000
    assert json.loads(outcome.body)["results"]["bindings"][0]["n"]["value"] == "10000"
    assert 0 < outcome.engine_ms < elapsed_ms


def test_a_runaway_is_killed_with_its_process_at_the_time_limit(odd_store: ox.Store) -> None:
    b = Broker(odd_store, replace(CONFIG, timeout=0.5))
    try:
        _ok(b)
        before = b.processes()
        started = time.monotonic()
        with pytest.raises(QueryTimedOut, match="query_timeout"):
            b.executor.run(RUNAWAY, "c")
        assert time.monotonic() - started < 5
        gone = before - b.processes()
        assert len(gone) == 1, "the runaway's process was not ended"
        _ok(b)
    finally:
        b.stop()


def test_a_crash_of_the_engine_costs_one_query(running: Broker) -> None:
    deep = Job("SELECT * WHERE { FILTER(" + "(" * 6000 + "1" + ")" * 6000 + ") }", "json", None,
               max_rows=5)
    with pytest.raises(EngineStopped, match="SIGSEGV"):
        running.executor.run(deep, "c")
    _ok(running)


def test_an_engine_panic_is_told_in_the_engines_words(tmp_path: Path) -> None:
    # pyoxigraph 0.5 panics when ORDER BY meets values its sort cannot order totally.
    store = ox.Store()
    xsd = "http://www.w3.org/2001/XMLSchema#"
    values = ['"1"^^<' + xsd + 'integer>', '"a"', '"2015-01-01"^^<' + xsd + 'date>', '"b"@en',
              '"2.5"^^<' + xsd + 'decimal>', '<http://x/>', '"true"^^<' + xsd + 'boolean>',
              '"P1Y"^^<' + xsd + 'duration>', '"NaN"^^<' + xsd + 'double>', '_:b']
    data = "\n".join(f"<http://s/{i}> <http://p/> {v} ." for i, v in enumerate(values * 40))
    store.load(data.encode(), ox.RdfFormat.N_TRIPLES)
    b = Broker(store, CONFIG)
    try:
        job = Job("SELECT * WHERE { ?s ?p ?o } ORDER BY DESC(?o) LIMIT 1", "json", None, 5)
        try:
            b.executor.run(job, "c")
        except EngineStopped as stopped:
            assert "total order" in stopped.message
        _ok(b)
    finally:
        b.stop()


def test_a_query_over_its_memory_is_stopped(odd_store: ox.Store) -> None:
    b = Broker(odd_store, replace(CONFIG, memory_bytes=64 << 20, timeout=30.0))
    bomb = Job("SELECT (SUM(STRLEN(?x24)) AS ?n) WHERE { ?s ?p ?o BIND(STR(?s) AS ?x0) "
               + " ".join(f"BIND(CONCAT(?x{i},?x{i}) AS ?x{i + 1})" for i in range(24)) + " }",
               "json", None, 5)
    try:
        with pytest.raises(QueryMemoryExceeded, match="query_memory"):
            b.executor.run(bomb, "c")
        _ok(b)
    finally:
        b.stop()


def test_a_client_over_its_running_queries_is_refused(odd_store: ox.Store) -> None:
    b = Broker(odd_store, replace(CONFIG, client_queries=1, timeout=2.0))
    try:
        thread = threading.Thread(target=lambda: _swallow(b, RUNAWAY, "greedy"))
        thread.start()
        time.sleep(0.5)
        with pytest.raises(TooManyQueries, match="client_queries") as refused:
            b.executor.run(ASK, "greedy")
        assert refused.value.retry_after >= 1
        _ok(b, "someone else")  # another client is served meanwhile
        thread.join()
    finally:
        b.stop()


def test_a_client_over_its_cpu_is_refused_until_it_is_spent(odd_store: ox.Store) -> None:
    # The runaway must spend 0.3 s of CPU within its time limit, even on a busy machine.
    b = Broker(odd_store, replace(CONFIG, client_cpu_seconds=0.3, timeout=3.0))
    try:
        with pytest.raises(QueryTimedOut):
            b.executor.run(RUNAWAY, "greedy")
        with pytest.raises(TooManyQueries, match="client_cpu_seconds") as refused:
            b.executor.run(ASK, "greedy")
        assert 1 <= refused.value.retry_after <= 60
        _ok(b, "someone else")
    finally:
        b.stop()


def _swallow(b: Broker, job: Job, client: str) -> None:
    try:
        b.executor.run(job, client)
    except (QueryTimedOut, TooManyQueries, EngineStopped):
        pass


def test_waiting_clients_are_served_in_turn(odd_store: ox.Store) -> None:
    """With one process, a second client's query runs before the first client's backlog."""
    b = Broker(odd_store, replace(CONFIG, processes=1, client_queries=8))
    order: list[str] = []
    # a million rows counted: long enough for the others to queue up behind it
    slow = Job("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . "
               "?m ?n1 ?o . ?p ?q ?r }", "json", None, 5)

    def run(client: str, job: Job) -> None:
        b.executor.run(job, client)
        order.append(client)

    try:
        _ok(b)
        threads = [threading.Thread(target=run, args=("a", slow)) for _ in range(3)]
        for t in threads:
            t.start()
            time.sleep(0.05)
        late = threading.Thread(target=run, args=("b", ASK))
        late.start()
        for t in [*threads, late]:
            t.join()
        assert order.index("b") <= 1, order
    finally:
        b.stop()


def test_a_long_query_is_lowered_to_the_least_cpu_priority(odd_store: ox.Store) -> None:
    b = Broker(odd_store, replace(CONFIG, slow_after=0.2, timeout=3.0))
    try:
        _ok(b)
        thread = threading.Thread(target=lambda: _swallow(b, RUNAWAY, "c"))
        thread.start()
        time.sleep(1.0)
        nice = {pid: os.getpriority(os.PRIO_PROCESS, pid) for pid in b.processes()}
        thread.join()
        assert 19 in nice.values(), nice
    finally:
        b.stop()


def test_query_processes_hold_no_socket_of_the_broker(running: Broker) -> None:
    _ok(running)
    for pid in running.processes():
        modes = []
        for fd in Path(f"/proc/{pid}/fd").iterdir():
            try:
                modes.append(os.stat(fd).st_mode)
            except OSError:
                continue
        assert not any(stat.S_ISSOCK(m) for m in modes)
        assert sum(stat.S_ISFIFO(m) for m in modes) == 3  # its jobs, answers and stderr


def test_stopping_the_broker_ends_every_query_process(odd_store: ox.Store) -> None:
    b = Broker(odd_store, CONFIG)
    _ok(b)
    processes = b.processes()
    assert processes
    b.stop()
    deadline = time.monotonic() + 5
    while any(Path(f"/proc/{p}").exists() for p in processes) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(Path(f"/proc/{p}/stat").exists() for p in processes)
    with pytest.raises(QueryServiceUnavailable):
        b.executor.run(ASK, "c")


# --- the second wall: what a query process can reach ----------------------------------------


class Canary:
    """A loopback listener that records every connection made to it."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.connections: list[object] = []
        self.running = True
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self) -> None:
        while self.running:
            try:
                conn, addr = self.sock.accept()
            except OSError:
                continue
            self.connections.append(addr)
            conn.close()

    def close(self) -> None:
        self.running = False
        self.thread.join()
        self.sock.close()


@needs_namespaces
def test_a_service_call_the_guard_missed_reaches_nothing(running: Broker) -> None:
    canary = Canary()
    try:
        job = Job(f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{canary.port}/sparql> "
                  "{ ?s ?p ?o } }", "json", None, 5, uses_service=False)
        with pytest.raises(ServiceCallFailed):
            running.executor.run(job, "c")
        time.sleep(0.3)
        assert canary.connections == []
    finally:
        canary.close()


@needs_namespaces
def test_a_federating_process_reaches_the_allow_listed_endpoint_only(odd_store: ox.Store) -> None:
    """An allow-listed endpoint (here a second pyoxigraph endpoint on loopback, which only the
    tests may relay to) answers through the relay; the canary next to it gets nothing."""
    from tests.web.sparql.federation.conftest import stub_endpoint

    canary = Canary()
    with stub_endpoint() as url:
        config = replace(CONFIG, relayed=relay.endpoints([url]), private_endpoints=True)
        b = Broker(odd_store, config)
        try:
            allowed = Job(f"SELECT ?label WHERE {{ SERVICE <{url}> {{ "
                          "?item <http://www.w3.org/2000/01/rdf-schema#label> ?label } }",
                          "json", None, 50, uses_service=True)
            rows = json.loads(b.executor.run(allowed, "c").body)["results"]["bindings"]
            assert rows, "the allow-listed endpoint answered nothing through the relay"
            both = Job(f"SELECT * WHERE {{ SERVICE <{url}> {{ ?a ?b ?c }} "
                       f"SERVICE <http://127.0.0.1:{canary.port}/sparql> {{ ?s ?p ?o }} }}",
                       "json", None, 5, uses_service=True)
            with pytest.raises(ServiceCallFailed):
                b.executor.run(both, "c")
            time.sleep(0.3)
            assert canary.connections == []
        finally:
            b.stop()
            canary.close()


def _marked(mark: str) -> ox.Store:
    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode("http://x/store"), ox.NamedNode("http://x/is"),
                      ox.Literal(mark)))
    return store


WHICH = Job("SELECT ?m WHERE { <http://x/store> <http://x/is> ?m }", "json", None, max_rows=5)


def _which(executor: BrokerExecutor) -> str:
    rows = json.loads(executor.run(WHICH, "c").body)["results"]["bindings"]
    return str(rows[0]["m"]["value"])


def test_a_successor_takes_over_once_its_store_is_ready(tmp_path: Path) -> None:
    """The first broker answers while the successor copies; a query it accepted before the
    hand-over is answered by it; then it leaves and the successor answers everything."""
    first, second = _marked("disk"), _marked("memory")
    first.extend([ox.Quad(ox.NamedNode(f"http://x/{i}"), ox.NamedNode("http://x/p"),
                          ox.Literal(str(i))) for i in range(5)])  # 6 quads: 6^8 rows below
    ready = tmp_path / "copied"

    def copy() -> broker.Opener:
        while not ready.exists():
            time.sleep(0.05)
        return lambda: second

    handle = broker.start(lambda: first, CONFIG, successor=copy)
    executor = BrokerExecutor(handle.path, CONFIG.timeout)
    try:
        assert _which(executor) == "disk"
        time.sleep(0.5)
        assert _which(executor) == "disk", "the successor took over before its copy was made"
        slow = Job("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . "
                   "?j ?k ?l . ?m ?n1 ?o . ?p ?q ?r . ?s ?t ?u . ?v ?w ?x }", "json", None, 5)
        answers: list[str] = []
        accepted = threading.Thread(target=lambda: answers.append(
            executor.run(slow, "other").body.decode()))
        accepted.start()
        time.sleep(0.2)
        ready.touch()
        deadline = time.monotonic() + 10
        while _which(executor) != "memory":
            assert time.monotonic() < deadline, "the successor never took over"
            time.sleep(0.05)
        accepted.join(60)
        assert answers and '"1679616"' in answers[0], \
            "a query accepted before the hand-over was lost"
        deadline = time.monotonic() + 5
        while handle.pid in children():
            assert time.monotonic() < deadline, "the first broker stayed after the hand-over"
            time.sleep(0.05)
        assert [_which(executor) for _ in range(20)] == ["memory"] * 20
    finally:
        handle.stop()


def test_a_successor_that_fails_leaves_the_first_broker_serving() -> None:
    def copy() -> broker.Opener:
        raise MemoryError("no room for the copy")

    handle = broker.start(lambda: _marked("disk"), CONFIG, successor=copy)
    executor = BrokerExecutor(handle.path, CONFIG.timeout)
    try:
        deadline = time.monotonic() + 10
        while handle.successor in children():
            assert time.monotonic() < deadline
            time.sleep(0.05)
        assert [_which(executor) for _ in range(20)] == ["disk"] * 20
        assert handle.pid in children()
    finally:
        handle.stop()


def test_a_workers_connection_is_kept_for_its_next_job(running: Broker) -> None:
    """One connection carries job after job (a connection per job cost a tenth of a worker's
    time); a failure of the job's own does not spoil it."""
    _ok(running)
    (conn,) = running.executor._idle
    with pytest.raises(Exception, match="syntax"):
        running.executor.run(Job("SELECT WHERE {", "json", None, max_rows=5), "c")
    _ok(running)
    assert running.executor._idle == [conn]
