"""/graph, /graph.json and /graph.<fmt> in process: the same filters as the CLI, downloads with
their media types, and clear 400/404 errors."""

from __future__ import annotations

import dataclasses
import io
import json
from collections.abc import Iterator

import networkx as nx
import pyoxigraph as ox
import pytest
from flask import Flask
from flask.testing import FlaskClient

from syriakg.analysis import Extraction, GraphFilter, build
from syriakg.settings import Settings
from syriakg.web import close_app, create_app
from syriakg.web.views import graph as web_graph


@pytest.fixture(scope="module")
def app(settings: Settings, store: ox.Store) -> Iterator[Flask]:
    application = create_app(settings, store)
    application.testing = True
    yield application
    close_app(application)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def counts(client: FlaskClient, query: str) -> tuple[int, int]:
    response = client.get("/graph.json" + query)
    assert response.status_code == 200, response.data
    stats = response.get_json()["data"]["stats"]
    return stats["nodes"], stats["edges"]


def test_page_loads_cytoscape_from_our_static_folder(client: FlaskClient) -> None:
    page = client.get("/graph").get_data(as_text=True)
    assert "/static/graph/graph.js" in page
    assert "vendor/cytoscape/cytoscape.min.js" in page or "make static" in page
    assert "cdn" not in page.lower()
    assert client.get("/static/graph/graph.js").status_code == 200


def test_json_is_cytoscape_json_with_evidence(client: FlaskClient) -> None:
    doc = client.get("/graph.json?lang=ar").get_json()
    graph = nx.cytoscape_graph(doc)
    assert graph.has_edge("actor:bashar-al-assad", "actor:russia", "requested")
    edge = graph.edges["actor:bashar-al-assad", "actor:russia", "requested"]
    assert edge["label"] == "طلب التدخل من" and edge["evidence"][0]["quote_ar"]
    assert graph.nodes["actor:russia"]["label"] == "روسيا"


def test_filters_are_query_parameters(client: FlaskClient, extraction: Extraction) -> None:
    def expected(flt: GraphFilter) -> tuple[int, int]:
        graph = build(extraction, flt).graph
        return graph.number_of_nodes(), graph.number_of_edges()

    everything = counts(client, "")
    assert everything == expected(GraphFilter())
    vetoes = expected(GraphFilter(relations=("vetoed", "co-vetoed")))
    assert counts(client, "?relation=vetoed,co-vetoed") == vetoes
    assert counts(client, "?relation=vetoed&relation=co-vetoed") == vetoes
    assert vetoes[1] < everything[1]
    assert counts(client, "?actor=china&depth=1") == expected(GraphFilter(actor="china"))
    assert counts(client, "?between=bashar-al-assad&between=china") == (3, 2)
    assert counts(client, "?source=reference") == expected(GraphFilter(sources=("reference",)))
    assert counts(client, "?source=d0001&from=2019&to=2019") == expected(
        GraphFilter(sources=("d0001",), start="2019", stop="2019"))
    assert counts(client, "?from=2019&to=2019")[1] < everything[1]
    assert counts(client, "?not_source=reference") == expected(
        GraphFilter(without_sources=("reference",)))
    assert counts(client, "?not_source=reference")[1] < everything[1]
    assert client.get("/graph.json?not_source=d9999").status_code == 400
    assert counts(client, "?actor=china&depth=0") == (1, 0)
    assert counts(client, "?top=4") == expected(GraphFilter(top=4))
    assert counts(client, "?top=4")[0] == 4
    assert counts(client, "?top=") == everything  # empty: no cap
    doc = client.get("/graph.json?top=4").get_json()
    assert doc["data"]["stats"]["hidden"] == everything[0] - 4
    assert doc["data"]["filter"]["top"] == 4


@pytest.mark.parametrize(
    ("fmt", "media_type"),
    [("graphml", "application/graphml+xml"), ("gexf", "application/gexf+xml"),
     ("dot", "text/vnd.graphviz"), ("svg", "image/svg+xml"), ("png", "image/png"),
     ("json", "application/json")],
)
def test_downloads(client: FlaskClient, fmt: str, media_type: str) -> None:
    response = client.get(f"/graph.{fmt}?relation=vetoed,co-vetoed&download=1")
    assert response.status_code == 200
    assert response.content_type.startswith(media_type)
    assert "attachment" in response.headers["Content-Disposition"]
    if fmt == "graphml":
        g = nx.read_graphml(io.BytesIO(response.data))
        assert {r for _, _, r in g.edges(data="relation")} == {"vetoed", "co-vetoed"}
    if fmt == "json":
        edges = json.loads(response.data)["elements"]["edges"]
        assert {e["data"]["relation"] for e in edges} == {"vetoed", "co-vetoed"}


@pytest.mark.parametrize(
    ("query", "status", "message"),
    [
        ("/graph.json?actor=atlantis", 400, "no actor or place called 'atlantis'"),
        ("/graph.json?relation=married", 400, "unknown relation(s) married"),
        ("/graph.json?from=last-year", 400, "is not a date"),
        ("/graph.json?depth=two", 400, "depth must be a whole number"),
        ("/graph.json?top=many", 400, "top must be a whole number"),
        ("/graph.json?top=0", 400, "top must be 1 or more"),
        ("/graph.svg?size_by=fame", 400, "size_by must be one of"),
        ("/graph.xlsx", 404, "no graph format 'xlsx'"),
    ],
)
def test_errors_use_the_one_json_shape(
    client: FlaskClient, query: str, status: int, message: str
) -> None:
    response = client.get(query, headers={"Accept": "application/json"})
    assert response.status_code == status
    body = response.get_json()
    assert body["ok"] is False and body["status"] == status and message in body["error"]


@pytest.mark.parametrize("budget_mb", [64, 0])
def test_files_are_kept_per_format_and_filter_unless_turned_off(
    settings: Settings, store: ox.Store, budget_mb: int
) -> None:
    application = create_app(dataclasses.replace(settings, result_cache_mb=budget_mb), store)
    try:
        client = application.test_client()
        first = client.get("/graph.json?top=3").data
        # The statements emptied under the app: what was kept is served as it was, and only that.
        extraction = application.extensions[web_graph.EXTENSION]
        application.extensions[web_graph.EXTENSION] = dataclasses.replace(extraction, statements=[])
        again = client.get("/graph.json?top=3")
        assert (again.data == first) is (budget_mb > 0)
        assert again.get_json()["data"]["stats"]["nodes"] == (3 if budget_mb else 0)
        assert client.get("/graph.json?top=4").get_json()["data"]["stats"]["nodes"] == 0
        assert b"<node " not in client.get("/graph.graphml?top=3").data
    finally:
        close_app(application)


@pytest.mark.parametrize("budget_mb", [64, 0])
def test_the_view_s_first_file_is_built_at_start_up(
    settings: Settings, store: ox.Store, extraction: Extraction, budget_mb: int
) -> None:
    application = create_app(dataclasses.replace(settings, result_cache_mb=budget_mb), store)
    try:
        # The statements emptied under the app: only a file built at start-up still has nodes.
        got = application.extensions[web_graph.EXTENSION]
        application.extensions[web_graph.EXTENSION] = dataclasses.replace(got, statements=[])
        opened = application.test_client().get("/graph.json?top=300&lang=en")
        expected = build(extraction, GraphFilter(top=web_graph.VIEW_TOP)).graph
        assert opened.get_json()["data"]["stats"]["nodes"] == (
            expected.number_of_nodes() if budget_mb else 0)
    finally:
        close_app(application)


def test_the_site_serves_when_the_view_s_first_file_cannot_be_built(
    settings: Settings, store: ox.Store, monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    def broken(*_: object) -> None:
        raise ValueError("no layout for this data")

    monkeypatch.setattr(web_graph, "build", broken)
    application = create_app(settings, store)
    try:
        assert "first file could not be built: no layout for this data" in caplog.text
        client = application.test_client()
        assert client.get("/sparql", query_string={"query": "ASK {}"}).status_code == 200
        assert client.get("/graph.json?top=300&lang=en").status_code == 500
    finally:
        close_app(application)
