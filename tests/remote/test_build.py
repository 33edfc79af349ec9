"""``syriakg build --store URL``: every named graph pushed to a real Virtuoso, the switch all or
nothing, a failed build leaving the store serving what it served."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import pyoxigraph as ox
import pytest
from click.testing import CliRunner, Result
from rdflib import Graph

from syriakg import pipeline
from syriakg.cli import main
from syriakg.errors import ShapeViolationError, StoreError
from syriakg.pipeline import BuildReport, push
from syriakg.settings import Settings
from syriakg.store import QueryStore, graph_sizes
from syriakg.store.remote import MANIFEST, RemoteStore, RemoteStoreError, from_settings, term_value
from tests import virtuoso
from tests.pipeline.test_errors import STATEMENTS, edit
from tests.remote.conftest import all_graphs

GRAPH = "https://w3id.org/syria-kg/graph/"


def test_build_pushes_every_graph_with_the_embedded_counts(
    pushed: Result, remote_store: RemoteStore, embedded: ox.Store,
    built: tuple[Settings, BuildReport],
) -> None:
    _, report = built
    remote = graph_sizes(remote_store)
    assert remote == graph_sizes(embedded)
    assert remote == report.graph_sizes
    assert f"13 graphs pushed to {remote_store.url}" in pushed.output


def test_the_server_sees_only_the_graphs_of_the_build(
    remote_store: RemoteStore, embedded: ox.Store, virtuoso_server: virtuoso.Virtuoso,
) -> None:
    """Virtuoso's own graphs (virtrdf, …) and the manifest stay out of the dataset."""
    assert any("openlinksw" in g for g in all_graphs(virtuoso_server))
    assert MANIFEST in all_graphs(virtuoso_server)
    assert MANIFEST not in graph_sizes(remote_store)
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    assert count(remote_store, query) == count(embedded, query)


def count(store: QueryStore, query: str) -> int:
    rows = store.query(query, use_default_graph_as_union=True)
    assert isinstance(rows, ox.QuerySolutions)
    return int(term_value(next(iter(rows))["n"]))


def test_manifest_lists_what_the_build_pushed(
    remote_store: RemoteStore, built: tuple[Settings, BuildReport],
) -> None:
    manifest = remote_store.read_manifest()
    assert manifest is not None
    assert manifest.graphs == dict(sorted(built[1].graph_sizes.items()))
    assert set(remote_store.graphs) == set(manifest.graphs)


def test_failed_validation_leaves_the_remote_serving_the_previous_build(
    remote_store: RemoteStore, remote_settings: Settings, project_copy: Callable[[], Settings],
) -> None:
    before = (remote_store.read_manifest(), graph_sizes(remote_store))
    copy = project_copy()
    settings = replace(copy, store=remote_settings.store, graph_store=remote_settings.graph_store)
    edit(settings, STATEMENTS, "    numericValue: 190\n", "    numericValue: -190\n")
    with pytest.raises(ShapeViolationError):
        pipeline.run(settings, echo=lambda _: None)
    assert (remote_store.read_manifest(), graph_sizes(remote_store)) == before


def real_graphs(embedded: ox.Store) -> dict[str, Graph]:
    """The embedded store's named graphs as rdflib graphs, as the build hands them to push."""
    graphs: dict[str, Graph] = {}
    for name in embedded.named_graphs():
        assert isinstance(name, ox.NamedNode)
        triples = [q.triple for q in embedded.quads_for_pattern(None, None, None, name)]
        data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
        assert data is not None
        graphs[name.value] = Graph().parse(data=data.decode("utf-8"), format="nt")
    return graphs


def test_an_interrupted_push_changes_nothing_and_leaves_no_staged_graph(
    remote_store: RemoteStore, remote_settings: Settings, embedded: ox.Store,
    virtuoso_server: virtuoso.Virtuoso, monkeypatch: pytest.MonkeyPatch,
) -> None:
    before = (remote_store.read_manifest(), graph_sizes(remote_store))
    graphs_before = all_graphs(virtuoso_server)
    store = from_settings(remote_settings)
    put = store.put_graph
    calls: list[str] = []

    def failing_put(iri: str, data: bytes, content_type: str = "application/n-triples") -> None:
        calls.append(iri)
        if len(calls) == 4:  # the pending list and two graphs went through
            raise RemoteStoreError(f"cannot reach the store at {store.graph_store_url}: test")
        put(iri, data, content_type)

    monkeypatch.setattr(store, "put_graph", failing_put)
    tiny = Graph().parse(data="<urn:a> <urn:b> <urn:c> .", format="nt")
    with pytest.raises(RemoteStoreError):
        push.run({iri: tiny for iri in real_graphs(embedded)}, store)
    assert (remote_store.read_manifest(), graph_sizes(remote_store)) == before
    assert all_graphs(virtuoso_server) == graphs_before
    assert not any(g.startswith(push.STAGING) or g == push.PENDING
                   for g in all_graphs(virtuoso_server))


def test_a_graph_the_next_build_leaves_out_is_removed(
    remote_store: RemoteStore, remote_settings: Settings, embedded: ox.Store,
    virtuoso_server: virtuoso.Virtuoso,
) -> None:
    graphs = real_graphs(embedded)
    extra = GRAPH + "test-extra"
    store = from_settings(remote_settings)
    tiny = Graph().parse(data="<urn:a> <urn:b> <urn:c> .", format="nt")
    first = push.run({**graphs, extra: tiny}, store)
    assert first.graphs[extra] == 1 and extra in all_graphs(virtuoso_server)
    second = push.run(graphs, store)
    assert extra not in second.graphs and extra not in all_graphs(virtuoso_server)
    assert graph_sizes(remote_store) == graph_sizes(embedded)
    assert not any(g.startswith(push.STAGING) for g in all_graphs(virtuoso_server))


def test_a_refused_connection_names_the_url_and_the_fix() -> None:
    url = f"http://127.0.0.1:{virtuoso.free_port()}/sparql"
    result = CliRunner().invoke(main, ["build", "--store", url])
    assert result.exit_code == 2, result.output
    assert f"cannot reach the store at {url}" in result.output
    assert "start the store, or check the setting `store`" in result.output
    assert "document(s)" not in result.output  # checked before the first stage ran
    result = CliRunner().invoke(main, ["query", "--store", url, "ASK {}"])
    assert result.exit_code == 2 and url in result.output, result.output
    with pytest.raises(StoreError, match="cannot reach the store at"):
        from syriakg.web import create_app

        create_app(Settings(store=url))


def test_authenticated_endpoints_take_credentials_from_the_environment(
    remote_settings: Settings, virtuoso_server: virtuoso.Virtuoso, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Virtuoso's own set-up: writes to /sparql-graph-crud-auth and /sparql-auth, HTTP digest."""
    base = virtuoso_server.base
    endpoints = {"store": remote_settings.store, "graph_store": base + "/sparql-graph-crud-auth",
                 "store_update": base + "/sparql-auth"}
    graph = "urn:x-syriakg-test:auth"
    with pytest.raises(RemoteStoreError, match="refused the request .HTTP 401.; give its user"):
        from_settings(Settings.load(**endpoints)).put_graph(graph, b"<urn:a> <urn:b> <urn:c> .\n")
    monkeypatch.setenv("SYRIAKG_STORE_USER", "dba")
    monkeypatch.setenv("SYRIAKG_STORE_PASSWORD", "dba")
    store = from_settings(Settings.load(**endpoints))
    store.put_graph(graph, b"<urn:a> <urn:b> <urn:c> .\n")
    store.update(f"MOVE <{graph}> TO <{graph}-moved>")
    assert f"{graph}-moved" in all_graphs(virtuoso_server)
    store.delete_graph(f"{graph}-moved")
    assert f"{graph}-moved" not in all_graphs(virtuoso_server)


def test_a_query_endpoint_given_as_the_graph_store_is_refused_before_the_stages(
    remote_settings: Settings,
) -> None:
    """The default `graph_store` is the store URL, which is not Virtuoso's Graph Store."""
    result = CliRunner().invoke(main, ["build", "--store", remote_settings.store])
    assert result.exit_code == 2, result.output
    assert "(HTTP 400" in result.output and "check the setting `graph_store`" in result.output
    assert "document(s)" not in result.output
