"""The app over the graph in Virtuoso (``store`` is its URL) serves what the embedded app serves:
the SPARQL endpoint, linked-data pages, the actor graph and the cross-check."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from rdflib import Graph
from rdflib.compare import isomorphic

from syriakg.settings import Settings
from syriakg.store.remote import RemoteStore
from syriakg.web import close_app, create_app
from syriakg.web.sparql.direct import DirectExecutor
from syriakg.web.state import EXTENSION
from tests.web.conftest import free_port, stop_group, wait_until_responds

LABELS = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?label WHERE { <https://w3id.org/syria-kg/id/actor/russia> rdfs:label ?label }"""


@pytest.fixture(scope="module")
def remote_app(remote_store: RemoteStore, remote_settings: Settings) -> Iterator[Flask]:
    app = create_app(remote_settings)
    yield app
    close_app(app)


@pytest.fixture(scope="module")
def embedded_app(embedded_settings: Settings) -> Iterator[Flask]:
    app = create_app(embedded_settings)
    yield app
    close_app(app)


def sparql(app: Flask, query: str, accept: str) -> tuple[int, bytes]:
    response = app.test_client().get(
        "/sparql?" + urllib.parse.urlencode({"query": query}), headers={"Accept": accept})
    return response.status_code, response.data


def test_queries_run_in_the_worker_against_the_store(remote_app: Flask) -> None:
    executor = remote_app.extensions[EXTENSION].executor
    assert isinstance(executor, DirectExecutor)
    assert executor.store.url == remote_app.extensions[EXTENSION].settings.store


def test_sparql_json_answers_as_the_embedded_app(remote_app: Flask, embedded_app: Flask) -> None:
    query = ("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s a skos:Concept } } "
             "GROUP BY ?g ORDER BY ?g")
    answers = [sparql(app, query, "application/sparql-results+json")
               for app in (remote_app, embedded_app)]
    assert answers[0][0] == 200
    assert answers[0] == answers[1]


def test_sparql_turtle_answers_as_the_embedded_app(remote_app: Flask, embedded_app: Flask) -> None:
    query = "CONSTRUCT WHERE { actor:russia ?p ?o }"
    graphs = []
    for app in (remote_app, embedded_app):
        status, body = sparql(app, query, "text/turtle")
        assert status == 200, body
        graphs.append(Graph().parse(data=body.decode("utf-8"), format="turtle"))
    assert len(graphs[0]) > 5
    assert isomorphic(graphs[0], graphs[1])


def test_a_malformed_query_is_a_400_with_the_stores_message(remote_app: Flask) -> None:
    response = remote_app.test_client().get(
        "/sparql?" + urllib.parse.urlencode({"query": "SELECT * WHERE { ?s ?p }"}),
        headers={"Accept": "application/json"})
    assert response.status_code == 400
    assert "syntax error" in response.get_json()["error"]


def test_an_actor_page_is_served(remote_app: Flask, embedded_app: Flask) -> None:
    html = remote_app.test_client().get("/id/actor/russia", headers={"Accept": "text/html"})
    assert html.status_code == 200 and "Russia" in html.get_data(as_text=True)
    turtle = [Graph().parse(data=app.test_client().get(
        "/id/actor/russia", headers={"Accept": "text/turtle"}).get_data(as_text=True),
        format="turtle") for app in (remote_app, embedded_app)]
    assert len(turtle[0]) > 5
    assert isomorphic(turtle[0], turtle[1])


def test_actor_graph_has_the_embedded_nodes_and_edges(
    remote_app: Flask, embedded_app: Flask,
) -> None:
    stats = []
    for app in (remote_app, embedded_app):
        response = app.test_client().get("/graph.json")
        assert response.status_code == 200
        elements = response.get_json()["elements"]
        stats.append((len(elements["nodes"]), len(elements["edges"])))
    assert stats[0] == stats[1] and stats[0][1] > 10


def test_index_and_checks_are_served(remote_app: Flask, embedded_app: Flask) -> None:
    for path in ("/", "/checks"):
        assert remote_app.test_client().get(path).status_code == 200, path
    rows = [len(app.test_client().get("/checks.json").get_json())
            for app in (remote_app, embedded_app)]
    assert rows[0] == rows[1] > 0


def test_syriakg_serve_runs_on_the_remote_store(
    remote_store: RemoteStore, remote_settings: Settings, tmp_path: Path
) -> None:
    """The real server (gunicorn) started the way a user would, with `store` set to the URL."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("SYRIAKG_")}
    env.update(SYRIAKG_ROOT=str(remote_settings.root), SYRIAKG_STORE=remote_settings.store,
               SYRIAKG_GRAPH_STORE=remote_settings.graph_store, SYRIAKG_PORT=str(port),
               SYRIAKG_HOST="127.0.0.1", SYRIAKG_WORKERS="2")
    log = tmp_path / "server.log"
    with log.open("wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "syriakg.web.server"], env=env,
                                stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_responds(base + "/sparql", proc, timeout=60)
        query = urllib.parse.urlencode({"query": LABELS})
        request = urllib.request.Request(f"{base}/sparql?{query}",
                                         headers={"Accept": "application/sparql-results+json"})
        with urllib.request.urlopen(request, timeout=30) as response:
            bindings = json.loads(response.read())["results"]["bindings"]
        assert {b["label"]["value"] for b in bindings} == {"Russia", "روسيا"}
        with urllib.request.urlopen(f"{base}/graph.json", timeout=30) as response:
            assert json.loads(response.read())["elements"]["edges"]
    finally:
        assert not stop_group(proc), log.read_text()
