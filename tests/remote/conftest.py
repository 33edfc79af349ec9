"""One real Virtuoso per session (Debian's ``virtuoso-opensource``, on loopback), the project's
graph pushed to it by ``syriakg build --store URL``, and the embedded store to compare against.

Without ``virtuoso-t`` the remote tests are skipped, except under CI (``CI`` set), where
``.ci/run`` installs it and its absence is a failure.
"""

from __future__ import annotations

import json
import os
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner, Result

from syriakg.cli import main
from syriakg.pipeline import BuildReport
from syriakg.settings import Settings
from syriakg.store import connect, open_store
from syriakg.store.remote import RemoteStore
from tests import virtuoso

ROOT = Path(__file__).resolve().parents[2]
USER, PASSWORD = "syriakg", "pw-Zq81-never-shown"


@pytest.fixture(scope="session")
def virtuoso_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[virtuoso.Virtuoso]:
    """A fresh Virtuoso on free loopback ports, with anonymous Graph Store Protocol writes."""
    if not virtuoso.available():
        if os.environ.get("CI"):
            pytest.fail("virtuoso-t is missing: .ci/run installs Debian's virtuoso-opensource",
                        pytrace=False)
        pytest.skip("Virtuoso is not installed (apt-get install virtuoso-opensource); "
                    "under CI this is a failure")
    server = virtuoso.start(tmp_path_factory.mktemp("virtuoso"))
    yield server
    server.stop()


@pytest.fixture(scope="session")
def locked(
    virtuoso_server: virtuoso.Virtuoso, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[virtuoso.Virtuoso]:
    """A second Virtuoso as the README sets one up: no anonymous writes, a user of its own
    that may write (the SPARQL_UPDATE role, read and write on graphs), ``ResultSetMaxRows``
    one above our ``max_rows`` (``virtuoso_server`` checks that Virtuoso is installed)."""
    server = virtuoso.start(tmp_path_factory.mktemp("virtuoso-locked"), anonymous_writes=False,
                            max_rows=Settings().max_rows + 1)
    server.isql(f"DB.DBA.USER_CREATE('{USER}', '{PASSWORD}')", f'GRANT SPARQL_UPDATE TO "{USER}"',
                f"DB.DBA.RDF_DEFAULT_USER_PERMS_SET('{USER}', 3)")
    yield server
    server.stop()


@pytest.fixture(scope="session")
def remote_settings(
    virtuoso_server: virtuoso.Virtuoso, tmp_path_factory: pytest.TempPathFactory
) -> Settings:
    """Settings that point the build and the server at the Virtuoso."""
    return Settings.load(
        root=ROOT, build_dir=str(tmp_path_factory.mktemp("remote-build")),
        store=virtuoso_server.sparql_url, graph_store=virtuoso_server.graph_store_url,
    )


@pytest.fixture(scope="session")
def pushed(remote_settings: Settings) -> Result:
    """``syriakg build --store URL --graph-store URL``, once per session."""
    env = {"SYRIAKG_ROOT": str(ROOT), "SYRIAKG_BUILD_DIR": str(remote_settings.build_dir)}
    result = CliRunner().invoke(main, [
        "build", "--store", remote_settings.store, "--graph-store", remote_settings.graph_store,
    ], env=env)
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture(scope="session")
def remote_store(pushed: Result, remote_settings: Settings) -> RemoteStore:
    """The client the server would use: the dataset the last build listed."""
    store = connect(remote_settings)
    assert isinstance(store, RemoteStore)
    return store


@pytest.fixture(scope="session")
def embedded(built: tuple[Settings, BuildReport]) -> ox.Store:
    """The project's graph in the embedded store, built by the shared ``built`` fixture."""
    return open_store(built[0].store_path)


@pytest.fixture(scope="session")
def embedded_settings(built: tuple[Settings, BuildReport]) -> Settings:
    return replace(built[0], root=ROOT)


def all_graphs(server: virtuoso.Virtuoso) -> set[str]:
    """Every graph with a triple in the Virtuoso, system graphs included (no dataset given)."""
    query = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    request = urllib.request.Request(
        f"{server.sparql_url}?{urllib.parse.urlencode({'query': query})}",
        headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        rows = json.load(response)["results"]["bindings"]
    return {row["g"]["value"] for row in rows}
