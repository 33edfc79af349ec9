"""A remote store as Debian installs Virtuoso (writes by digest only): the build with flags only,
a build that survives the store's restart without a checkpoint, and a build killed during its
push that leaves the previous dataset served and the next build working."""

from __future__ import annotations

import http.client
import os
import signal
import subprocess
import sys
import threading
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner, Result

from syriakg.cli import main
from syriakg.pipeline import push
from syriakg.settings import Settings
from syriakg.store import graph_sizes
from syriakg.store.remote import MANIFEST, RemoteStoreError, connect, from_settings
from tests import virtuoso
from tests.remote.conftest import PASSWORD, ROOT, USER, all_graphs
from tests.remote.test_build import real_graphs

CREDENTIALS = {"SYRIAKG_STORE_USER": USER, "SYRIAKG_STORE_PASSWORD": PASSWORD}
GRAPH = "https://w3id.org/syria-kg/graph/"


def flags(server: virtuoso.Virtuoso) -> list[str]:
    return ["--store", server.sparql_url, "--graph-store", server.base + "/sparql-graph-crud-auth",
            "--store-update", server.base + "/sparql-auth"]


def settings_for(server: virtuoso.Virtuoso, build_dir: Path) -> Settings:
    return Settings(root=ROOT, build_dir=build_dir, store=server.sparql_url,
                    graph_store=server.base + "/sparql-graph-crud-auth",
                    store_update=server.base + "/sparql-auth",
                    store_user=USER, store_password=PASSWORD)


@pytest.fixture(scope="module")
def first_build(locked: virtuoso.Virtuoso, tmp_path_factory: pytest.TempPathFactory) -> Result:
    """``syriakg build`` with the three endpoints as flags, the credentials in the environment."""
    env = {"SYRIAKG_ROOT": str(ROOT), **CREDENTIALS,
           "SYRIAKG_BUILD_DIR": str(tmp_path_factory.mktemp("locked-build"))}
    return CliRunner().invoke(main, ["build", *flags(locked)], env=env)


def served(server: virtuoso.Virtuoso) -> tuple[str, dict[str, int], dict[str, int]]:
    """The build the store serves, the sizes its manifest lists, and the sizes the store holds."""
    store = connect(Settings(store=server.sparql_url))
    manifest = store.read_manifest()
    assert manifest is not None
    return manifest.build, manifest.graphs, graph_sizes(store)


def leftovers(server: virtuoso.Virtuoso) -> set[str]:
    return {g for g in all_graphs(server) if g.startswith(push.STAGING) or g == push.PENDING}


def test_a_build_with_flags_only_pushes_through_the_authenticated_endpoints(
    first_build: Result, locked: virtuoso.Virtuoso, embedded: ox.Store,
) -> None:
    assert first_build.exit_code == 0, first_build.output
    assert PASSWORD not in first_build.output
    _, listed, held = served(locked)
    assert listed == held == graph_sizes(embedded)
    assert not leftovers(locked)


def test_without_the_update_endpoint_the_build_stops_before_its_stages_naming_it(
    locked: virtuoso.Virtuoso,
) -> None:
    """Virtuoso's /sparql runs updates as its anonymous user, who may not write."""
    result = CliRunner().invoke(main, ["build", *flags(locked)[:4]], env=CREDENTIALS)
    assert result.exit_code == 2, result.output
    assert "SR186" in result.output and "check the setting `store_update`" in result.output
    assert "document(s)" not in result.output


def test_every_graph_survives_the_stores_restart_after_a_rebuild(
    first_build: Result, locked: virtuoso.Virtuoso, embedded: ox.Store, tmp_path: Path,
) -> None:
    """A second push of the same graphs (every build after the first), then SIGTERM: Virtuoso's
    quick shutdown, without the checkpoint that would have saved a non-durable switch."""
    store = from_settings(settings_for(locked, tmp_path))
    manifest = push.run(real_graphs(embedded), store)
    locked.restart(signal.SIGTERM)
    build, listed, held = served(locked)
    assert build == manifest.build
    assert listed == held == graph_sizes(embedded)
    assert not leftovers(locked)


def test_a_changed_build_survives_the_restart_too(
    first_build: Result, locked: virtuoso.Virtuoso, embedded: ox.Store, tmp_path: Path,
) -> None:
    """Triples removed, added, a graph gone and one new: the store holds exactly the new build."""
    graphs = real_graphs(embedded)
    names = sorted(graphs)
    shrunk = graphs[names[0]]
    for i, triple in enumerate(list(shrunk)):
        if i % 5 == 0:
            shrunk.remove(triple)
    graphs[GRAPH + "test-new"] = graphs.pop(names[1])
    store = from_settings(settings_for(locked, tmp_path))
    push.run(graphs, store)
    locked.restart(signal.SIGTERM)
    _, listed, held = served(locked)
    assert listed == held == {iri: len(g) for iri, g in graphs.items()}
    assert names[1] not in all_graphs(locked)
    push.run(real_graphs(embedded), store)  # back to the project's graph for the next test
    assert served(locked)[2] == graph_sizes(embedded)


class HoldingProxy:
    """Passes requests on to the store, and holds the ``hold_at``-th PUT: the moment to kill
    the build that sent it, with its pending list and some staged graphs written."""

    def __init__(self, target: str, hold_at: int) -> None:
        self.held = threading.Event()
        self.release = threading.Event()
        proxy = self
        puts = []

        class Handler(BaseHTTPRequestHandler):
            def _forward(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                if self.command == "PUT" and "Authorization" in self.headers:
                    puts.append(self.path)
                    if len(puts) == hold_at:
                        proxy.held.set()
                        proxy.release.wait(60)
                        self.close_connection = True
                        return
                connection = http.client.HTTPConnection(target, timeout=60)
                headers = {k: v for k, v in self.headers.items() if k.lower() != "host"}
                connection.request(self.command, self.path, body, headers)
                answer = connection.getresponse()
                data = answer.read()
                self.send_response(answer.status)
                for name, value in answer.getheaders():
                    if name.lower() not in ("transfer-encoding", "connection", "content-length"):
                        self.send_header(name, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
                connection.close()

            do_GET = do_PUT = do_POST = do_DELETE = _forward

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.release.set()
        self.server.shutdown()
        self.server.server_close()


def test_a_build_killed_during_its_push_leaves_the_previous_dataset_and_the_next_build_works(
    first_build: Result, locked: virtuoso.Virtuoso, embedded: ox.Store, tmp_path: Path,
) -> None:
    before = served(locked)
    env = {**os.environ, "SYRIAKG_ROOT": str(ROOT), "SYRIAKG_BUILD_DIR": str(tmp_path),
           **CREDENTIALS}
    proxy = HoldingProxy(f"127.0.0.1:{locked.http_port}", hold_at=4)
    endpoints = flags(locked)
    endpoints[3] = proxy.url + "/sparql-graph-crud-auth"
    build = subprocess.Popen([sys.executable, "-m", "syriakg", "build", *endpoints],
                             env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        assert proxy.held.wait(180), build.stderr.read() if build.poll() is not None else ""
    finally:
        build.kill()
        build.wait()
        build.stderr.close() if build.stderr else None
        proxy.close()
    assert build.returncode == -signal.SIGKILL
    staged = leftovers(locked)
    assert push.PENDING in staged and len(staged) >= 2
    assert served(locked) == before  # the previous build, whole, still served
    # The next build deletes what the killed one left, the staged graphs it listed and never
    # made included (a 404 each, which once used up the digest handler's six attempts).
    store = from_settings(settings_for(locked, tmp_path))
    manifest = push.run(real_graphs(embedded), store)
    assert not leftovers(locked)
    build_id, listed, held = served(locked)
    assert build_id == manifest.build != before[0]
    assert listed == held == graph_sizes(embedded)
    assert MANIFEST in all_graphs(locked)


def test_a_graph_that_is_not_there_is_deleted_again_and_again_with_credentials(
    locked: virtuoso.Virtuoso, tmp_path: Path,
) -> None:
    store = from_settings(settings_for(locked, tmp_path))
    for n in range(8):
        store.delete_graph(f"urn:x-syriakg-test:absent-{n}")  # 404 each
    store.put_graph("urn:x-syriakg-test:present", b"<urn:a> <urn:b> <urn:c> .\n")
    assert "urn:x-syriakg-test:present" in all_graphs(locked)
    store.delete_graph("urn:x-syriakg-test:present")
    wrong = from_settings(replace(settings_for(locked, tmp_path), store_password="not-it"))
    with pytest.raises(RemoteStoreError, match="HTTP 401") as failure:
        wrong.put_graph("urn:x-syriakg-test:present", b"<urn:a> <urn:b> <urn:c> .\n")
    assert "not-it" not in str(failure.value) and "not-it" not in repr(wrong)
