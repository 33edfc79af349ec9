"""Errors: one JSON shape for JSON clients, a page for browsers, text for text clients; a real
fault is a logged 500, a query past the limit a 503, and neither is dressed up as a 400.
"""

from __future__ import annotations

import json
import os
import signal
import threading
import time
from collections.abc import Iterator

import pyoxigraph as ox
import pytest
from flask import Flask
from flask.testing import FlaskClient

from syriakg import errors
from syriakg.settings import Settings
from syriakg.web import BROKER, close_app, create_app
from syriakg.web.errors import ERROR_OF_FAILURE
from tests.procs import children

RUNAWAY = (
    "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n1 ?o }"
)


@pytest.mark.parametrize(
    ("method", "path", "kwargs", "status"),
    [
        ("get", "/sparql", {"query_string": {"query": "SELECT * {"}}, 400),
        ("get", "/sparql", {"query_string": {"query": "CLEAR ALL"}}, 403),
        ("get", "/nowhere", {}, 404),
        ("put", "/sparql", {}, 405),
        ("get", "/sparql", {"query_string": {"query": "ASK {}", "format": "png"}}, 400),
        ("post", "/sparql", {"data": b"ASK {}", "content_type": "text/plain"}, 415),
    ],
)
def test_json_error_shape(
    client: FlaskClient, method: str, path: str, kwargs: dict[str, object], status: int
) -> None:
    response = getattr(client, method)(path, **kwargs)
    assert response.status_code == status
    assert response.content_type == "application/json"
    body = json.loads(response.data)
    assert set(body) == {"ok", "error", "status"}
    assert body["ok"] is False and body["status"] == status
    assert isinstance(body["error"], str) and body["error"]


def test_406_uses_the_json_shape_even_without_json_in_accept(client: FlaskClient) -> None:
    response = client.get("/sparql", query_string={"query": "ASK {}"},
                          headers={"Accept": "image/png"})
    assert response.status_code == 406
    assert json.loads(response.data)["status"] == 406


def test_browsers_get_a_readable_page(client: FlaskClient) -> None:
    response = client.post("/sparql", data={"query": "SELECT * WHERE { ?s ?p }"},
                           headers={"Accept": "text/html,*/*;q=0.8"})
    assert response.status_code == 400
    assert response.content_type.startswith("text/html")
    page = response.data.decode()
    assert "400" in page and "Bad request" in page and "error at 1:" in page


def test_text_clients_get_text(client: FlaskClient) -> None:
    response = client.get("/sparql", query_string={"query": "SELECT"},
                          headers={"Accept": "text/plain"})
    assert response.status_code == 400
    assert response.content_type.startswith("text/plain")
    assert response.data.decode().startswith("SPARQL syntax error at")


def test_every_query_failure_maps_to_a_status() -> None:
    statuses = {cls.__name__: web.status for cls, web in ERROR_OF_FAILURE.items()}
    assert statuses == {
        "QuerySyntaxError": 400, "QueryArgumentError": 400, "NoAcceptableFormat": 406,
        "ServiceCallFailed": 502, "QueryTimedOut": 503, "EngineFailure": 500,
        "RemoteStoreFailed": 502, "QueryMemoryExceeded": 503, "EngineStopped": 503,
        "TooManyQueries": 429, "QueryServiceBusy": 503, "QueryServiceUnavailable": 503,
    }
    assert set(ERROR_OF_FAILURE) == set(errors.QueryError.__subclasses__())


def test_a_query_process_killed_mid_query_is_a_503_and_is_replaced(impatient_app: Flask) -> None:
    client = impatient_app.test_client()
    broker = impatient_app.extensions[BROKER]
    busy: dict[str, object] = {}
    thread = threading.Thread(target=lambda: busy.update(
        response=client.get("/sparql", query_string={"query": RUNAWAY})))
    thread.start()
    time.sleep(0.2)
    for pid in children(broker.pid):
        os.kill(pid, signal.SIGKILL)
    thread.join()
    response = busy["response"]
    assert response.status_code == 503  # type: ignore[attr-defined]
    assert "engine" in json.loads(response.data)["error"]  # type: ignore[attr-defined]
    assert client.get("/sparql", query_string={"query": "ASK {}"}).status_code == 200


def test_a_query_process_that_died_while_idle_is_replaced(impatient_app: Flask) -> None:
    client = impatient_app.test_client()
    broker = impatient_app.extensions[BROKER]
    assert client.get("/sparql", query_string={"query": "ASK {}"}).status_code == 200
    for pid in children(broker.pid):
        os.kill(pid, signal.SIGKILL)
    time.sleep(0.3)
    assert client.get("/sparql", query_string={"query": "ASK {}"}).status_code == 200


@pytest.fixture
def impatient_app(settings: Settings, store: ox.Store) -> Iterator[Flask]:
    """A 0.5 s time limit and no cache of answers."""
    application = create_app(
        Settings(root=settings.root, query_timeout=0.5, max_rows=10, result_cache_mb=0), store)
    yield application
    close_app(application)


def test_timeout_is_503_and_the_worker_serves_again(impatient_app: Flask) -> None:
    client = impatient_app.test_client()
    broker = impatient_app.extensions[BROKER]
    assert client.get("/sparql", query_string={"query": "ASK {}"}).status_code == 200
    before = children(broker.pid)
    response = client.get("/sparql", query_string={"query": RUNAWAY})
    assert response.status_code == 503
    body = json.loads(response.data)
    assert body["status"] == 503 and "query_timeout" in body["error"]
    ended = before - children(broker.pid)
    assert len(ended) == 1  # the runaway's process is gone, not left computing
    ok = client.get("/sparql", query_string={"query": "ASK { ?s ?p ?o }"})
    assert ok.status_code == 200 and json.loads(ok.data)["boolean"] is True
