"""Queries run in the web worker: the same answers as the query process, and a watchdog that
acts once a query overstays and never when it finished in time.

The watchdog's real action (a 503 on the socket, then a fresh gunicorn worker) is exercised
against the real server in test_server.py.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from typing import Any

import pyoxigraph as ox
import pytest

from syriakg.errors import NoAcceptableFormat, QuerySyntaxError
from syriakg.web.sparql.executor import QueryExecutor
from syriakg.web.sparql.inline import InlineExecutor, Watchdog
from syriakg.web.sparql.runner import Job
from tests.procs import children


class Recorder:
    """An overrun action that only remembers what it was given."""

    def __init__(self) -> None:
        self.calls: list[dict[str, Any] | None] = []
        self.fired = threading.Event()

    def __call__(self, environ: dict[str, Any] | None) -> None:
        self.calls.append(environ)
        self.fired.set()


def test_inline_answers_equal_the_query_process(odd_store: ox.Store) -> None:
    jobs = [
        Job("SELECT ?s ?o WHERE { ?s ?p ?o } ORDER BY ?s", "json", None, max_rows=100),
        Job("SELECT * WHERE { ?s ?p ?o } ORDER BY ?s", "tsv", None, max_rows=3),
        Job("ASK { ?s ?p ?o }", "xml", None, max_rows=1),
        Job("CONSTRUCT WHERE { ?s ?p ?o }", None, "ntriples", max_rows=100),
    ]
    inline = InlineExecutor(odd_store, timeout=5, watchdog=Watchdog(Recorder()))
    forked = QueryExecutor(odd_store, timeout=5)
    try:
        for job in jobs:
            mine, theirs = inline.run(job), forked.run(job)
            if job.graph_format:
                assert sorted(mine.body.splitlines()) == sorted(theirs.body.splitlines())
                assert mine.truncated == theirs.truncated
            else:
                assert mine == theirs, job.query
    finally:
        forked.close()


def test_failures_keep_their_kind(odd_store: ox.Store) -> None:
    inline = InlineExecutor(odd_store, timeout=5, watchdog=Watchdog(Recorder()))
    with pytest.raises(QuerySyntaxError):
        inline.run(Job("SELECT * WHERE {", "json", None, max_rows=5))
    with pytest.raises(NoAcceptableFormat):
        inline.run(Job("CONSTRUCT WHERE { ?s ?p ?o }", None, None, max_rows=5))


_OVERSTAY = """
import json
import os, sys, time
import pyoxigraph as ox
from syriakg.web.sparql.inline import Watchdog

store = ox.Store()
for i in range(10):
    store.add(ox.Quad(ox.NamedNode(f"http://e/s{i}"), ox.NamedNode("http://e/p"),
                      ox.Literal(str(i)), ox.DefaultGraph()))

def overrun(environ):
    print("overrun", environ["PATH_INFO"], flush=True)
    os._exit(3)

Watchdog(overrun).arm(0.3, {"PATH_INFO": "/sparql"})
store.query(sys.argv[1]).serialize(format=ox.QueryResultsFormat.JSON)
print("finished", flush=True)
"""


def test_watchdog_ends_an_overstaying_query() -> None:
    # The engine releases the GIL while it evaluates, so the watchdog acts during the query:
    # the runaway (10^8 rows) would take minutes. A child process, because nothing can stop
    # the query but the end of its process.
    runaway = "SELECT (COUNT(*) AS ?n) WHERE { " + " ".join(
        f"?s{i} ?p{i} ?o{i} ." for i in range(8)) + " }"
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-c", _OVERSTAY, runaway], capture_output=True,
                          text=True, timeout=60, check=False)
    assert done.returncode == 3, done.stderr
    assert done.stdout == "overrun /sparql\n"
    assert time.monotonic() - started < 10


def test_watchdog_stays_quiet_when_queries_finish_in_time(odd_store: ox.Store) -> None:
    recorder = Recorder()
    inline = InlineExecutor(odd_store, timeout=0.2, watchdog=Watchdog(recorder))
    finish = time.monotonic() + 0.6
    while time.monotonic() < finish:  # many quick queries add up past the limit; none alone
        inline.run(Job("ASK { ?s ?p ?o }", "json", None, max_rows=1))
    time.sleep(0.3)
    assert recorder.calls == []


def test_inline_runs_in_this_process(odd_store: ox.Store) -> None:
    others = children()
    inline = InlineExecutor(odd_store, timeout=5, watchdog=Watchdog(Recorder()))
    assert json.loads(inline.run(Job("ASK {}", "json", None, max_rows=1)).body)["boolean"]
    assert children() == others  # no process was started for it
    inline.close()  # nothing to stop, and safe
