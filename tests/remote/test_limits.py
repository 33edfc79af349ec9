"""Our limits and the store's: a query we give up on (``query_timeout``) stops using the store,
and with ``ResultSetMaxRows`` one above our ``max_rows`` (README) a full answer is served and a
longer one is made only one row past it, then cut by us and said so."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from syriakg.store.remote import RemoteStore, RemoteTimeout
from syriakg.web.sparql.runner import Job, run_job
from tests import virtuoso
from tests.remote.conftest import PASSWORD, USER

GRAPH = "urn:x-syriakg-test:limits"
CROSS = f"SELECT ?a ?c WHERE {{ GRAPH <{GRAPH}> {{ ?a ?p ?b . ?c ?q ?d }} }}"


@pytest.fixture(scope="module")
def numbers(locked: virtuoso.Virtuoso) -> str:
    """A graph of 3,000 triples, whose cross product is 9 million rows."""
    writer = RemoteStore(locked.sparql_url, graph_store_url=locked.base + "/sparql-graph-crud-auth",
                         auth=(USER, PASSWORD))
    writer.put_graph(GRAPH, "".join(f"<urn:s{i}> <urn:p> {i} .\n" for i in range(3000)).encode())
    return GRAPH


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def test_the_store_stops_a_query_when_we_give_up_on_it(
    locked: virtuoso.Virtuoso, numbers: str,
) -> None:
    """Virtuoso stops a query whose client closed the connection, long before its own limit
    (MaxQueryExecutionTime, 120 s here): what the README's limits say."""
    store = RemoteStore(locked.sparql_url, timeout=1.0, graphs=[numbers])
    query = (f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{numbers}> "
             "{ ?a ?p ?b . ?c ?q ?d . ?e ?r ?f } }")
    with pytest.raises(RemoteTimeout):
        store.query(query)
    time.sleep(1.0)
    used = cpu_seconds(locked.process.pid)
    time.sleep(3)
    assert cpu_seconds(locked.process.pid) - used < 1.0


def test_a_full_answer_is_served_and_a_longer_one_is_cut_by_us(
    locked: virtuoso.Virtuoso, numbers: str,
) -> None:
    store = RemoteStore(locked.sparql_url, graphs=[numbers], max_rows=10_000, timeout=120)
    full = run_job(store, Job(CROSS + " LIMIT 10000", "json", None, 10_000))
    assert not full.truncated
    assert len(json.loads(full.body)["results"]["bindings"]) == 10_000
    cut = run_job(store, Job(CROSS, "json", None, 10_000))
    assert cut.truncated
    assert len(json.loads(cut.body)["results"]["bindings"]) == 10_000
