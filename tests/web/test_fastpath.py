"""The fast path for GET queries answers exactly as the Flask view would, byte for byte, and
leaves every other request to the view."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from flask import Flask, request_started
from werkzeug.test import Client, EnvironBuilder
from werkzeug.wrappers import Response

from syriakg.web.fastpath import FastPath

SELECT = "SELECT ?s ?o WHERE { ?s ?p ?o } ORDER BY ?s ?o"
CASES: list[tuple[dict[str, str], dict[str, str]]] = [
    ({"query": SELECT}, {}),
    ({"query": SELECT}, {"Accept": "text/csv"}),
    ({"query": SELECT},
     {"Accept": "application/sparql-results+xml;q=0.9, text/tab-separated-values"}),
    ({"query": SELECT, "format": "json"}, {}),
    ({"query": "ASK { ?s ?p ?o }"}, {"Accept": "application/sparql-results+xml"}),
    ({"query": "CONSTRUCT WHERE { ?s ?p ?o }"}, {"Accept": "text/turtle"}),
    ({"query": "CONSTRUCT WHERE { ?s ?p ?o }"}, {}),
    ({"query": "SELECT * WHERE { ?s a skg:Actor }"}, {}),  # an undeclared prefix of ours
    ({"query": SELECT, "default-graph-uri": "https://w3id.org/syria-kg/graph/reference"}, {}),
]
# Each is answered by the view: an error before the query runs, or no query at all.
PASSED_ON: list[tuple[dict[str, str], dict[str, str]]] = [
    ({"query": "SELECT * WHERE {"}, {}),  # fails while running: rendered, not re-run
    ({"query": "CONSTRUCT WHERE { ?s ?p ?o }"}, {"Accept": "text/csv"}),
    ({"query": "INSERT DATA { <a:b> <a:c> <a:d> }"}, {}),
    ({"query": "SELECT * WHERE { SERVICE <http://127.0.0.1:1/x> { ?s ?p ?o } }"}, {}),
    ({"query": SELECT, "format": "nonsense"}, {}),
    ({"query": SELECT}, {"Accept": "text/html"}),
    ({"format": "turtle"}, {}),
    ({"query": SELECT, "default-graph-uri": "not an iri"}, {}),
]


@pytest.fixture
def clients(app: Flask) -> Iterator[tuple[Client, Client, list[int]]]:
    fast = app.wsgi_app
    assert isinstance(fast, FastPath)
    seen: list[int] = []

    def count(sender: Flask, **extra: object) -> None:
        seen.append(1)

    request_started.connect(count, app)
    yield Client(fast, Response), Client(fast.next, Response), seen
    request_started.disconnect(count, app)


# Each run measures its own time in the store.
PER_RUN = {"Date", "Server-Timing"}


def _same(fast: Response, slow: Response) -> None:
    assert fast.status_code == slow.status_code
    headers = {k: v for k, v in fast.headers.items() if k not in PER_RUN}
    assert headers == {k: v for k, v in slow.headers.items() if k not in PER_RUN}
    assert ("Server-Timing" in fast.headers) == ("Server-Timing" in slow.headers)
    if fast.mimetype == "application/json":  # the error shape; its text is identical too
        assert json.loads(fast.data) == json.loads(slow.data)
    assert fast.data == slow.data


@pytest.mark.parametrize(("params", "headers"), CASES)
def test_fast_path_answers_as_the_view(
    clients: tuple[Client, Client, list[int]], params: dict[str, str], headers: dict[str, str]
) -> None:
    fast, slow, seen = clients
    answer = fast.get("/sparql", query_string=params, headers=headers)
    assert answer.status_code == 200 and not seen, "the view answered, not the fast path"
    _same(answer, slow.get("/sparql", query_string=params, headers=headers))


@pytest.mark.parametrize(("params", "headers"), PASSED_ON)
def test_other_requests_get_the_views_answer(
    clients: tuple[Client, Client, list[int]], params: dict[str, str], headers: dict[str, str]
) -> None:
    fast, slow, _ = clients
    _same(fast.get("/sparql", query_string=params, headers=headers),
          slow.get("/sparql", query_string=params, headers=headers))


def test_truncation_is_announced(clients: tuple[Client, Client, list[int]]) -> None:
    fast, slow, seen = clients
    query = {"query": "SELECT * WHERE { ?s ?p ?o . ?a ?b ?c }"}  # more than max_rows = 10
    answer = fast.get("/sparql", query_string=query)
    assert not seen
    assert answer.headers["X-SPARQL-Truncated"] == "true"
    assert answer.headers["X-SPARQL-Max-Rows"] == "10"
    _same(answer, slow.get("/sparql", query_string=query))


def test_post_goes_to_the_view(clients: tuple[Client, Client, list[int]]) -> None:
    fast, _, seen = clients
    answer = fast.post("/sparql", data={"query": SELECT})
    assert answer.status_code == 200 and seen


def test_the_access_line_waits_until_the_answer_is_sent(
    app: Flask, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level("INFO", logger="syriakg.web.access")
    environ = EnvironBuilder(path="/sparql", query_string={"query": SELECT}).get_environ()
    answer = app.wsgi_app(environ, lambda status, headers, exc_info=None: None)
    assert b"".join(answer).startswith(b'{"head"')
    assert not [r for r in caplog.records if r.name == "syriakg.web.access"]
    answer.close()  # the server has sent it
    [line] = [r.getMessage() for r in caplog.records if r.name == "syriakg.web.access"]
    assert line.startswith("GET /sparql 200 ") and line.endswith(f" {len(b''.join(answer))}")
