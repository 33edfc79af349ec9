"""Fixtures of the web tests: a small store, an app on it, and one real server.

``app``/``client`` run the app in process (Flask's test client, a real query process forked
per app); ``live_server`` starts the real gunicorn server as a subprocess on a free loopback
port, against a store written to a temporary directory, and kills its whole process group at
the end of the session.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from flask import Flask
from flask.testing import FlaskClient

from syriakg import ontodoc
from syriakg.settings import Settings
from syriakg.store import STORE_MARKER
from syriakg.web import close_app, create_app

FIXTURES = Path(__file__).parent / "fixtures"
ODD = "http://example.org/"
GRAPH = "https://w3id.org/syria-kg/graph/"
ALLOWED_SERVICE = "https://query.wikidata.org/sparql"


def sample_quads() -> list[ox.Quad]:
    """The quads of fixtures/sample.trig."""
    return list(ox.parse(path=str(FIXTURES / "sample.trig"), format=ox.RdfFormat.TRIG))


def write_disk_store(path: Path, quads: list[ox.Quad]) -> None:
    """Write ``quads`` into a new on-disk store at ``path``, marked as the build marks its own."""
    disk = ox.Store(str(path))
    disk.bulk_extend(quads)
    disk.flush()
    disk.optimize()
    del disk
    (path / STORE_MARKER).write_text("written by tests/web\n", encoding="utf-8")


@pytest.fixture
def store() -> ox.Store:
    """A fresh in-memory store holding the sample graphs."""
    s = ox.Store()
    s.bulk_extend(sample_quads())
    return s


@pytest.fixture
def odd_store() -> ox.Store:
    """Terms that stress a text round trip: newlines, tabs, quotes, directions, bnodes."""
    store = ox.Store()
    g = ox.NamedNode(ODD + "g")
    p = ox.NamedNode(ODD + "p")
    values: list[ox.NamedNode | ox.BlankNode | ox.Literal] = [
        ox.Literal('line one\nline two\t"quoted" \\ back'),
        ox.Literal("حلب", language="ar"),
        ox.Literal("نص", language="ar", direction=ox.BaseDirection.RTL),
        ox.Literal("3.14", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#decimal")),
        ox.Literal("1.0E0", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#double")),
        ox.Literal("007", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")),
        ox.Literal("true", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#boolean")),
        ox.Literal("x", datatype=ox.NamedNode(ODD + "custom")),
        ox.NamedNode(ODD + "iri/with%20escapes#frag"),
        ox.BlankNode("b1"),
    ]
    for i, value in enumerate(values):
        store.add(ox.Quad(ox.NamedNode(f"{ODD}s{i}"), p, value, g))
    return store


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project root whose queries/ holds the fixture example queries."""
    shutil.copytree(FIXTURES / "queries", tmp_path / "queries")
    return tmp_path


@pytest.fixture
def settings(project: Path) -> Settings:
    """Settings for in-process tests: short timeout, small row limit, small request limit."""
    return Settings(
        root=project,
        query_timeout=5.0,
        max_rows=10,
        max_request_bytes=20_000,
        service_allowlist=(ALLOWED_SERVICE, "http://127.0.0.1:9/sparql"),
    )


@pytest.fixture
def app(settings: Settings, store: ox.Store) -> Iterator[Flask]:
    """The app on the sample store; its query process is stopped afterwards."""
    application = create_app(settings, store)
    application.testing = True
    yield application
    close_app(application)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


# --- the real server -------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def processes_in_group(pgid: int) -> list[int]:
    """Live processes of process group ``pgid`` (Linux /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if fields[0] != "Z" and int(fields[2]) == pgid:
            found.append(int(entry.name))
    return found


def wait_until_responds(url: str, proc: subprocess.Popen[bytes], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the server exited with code {proc.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.1)
    raise RuntimeError(f"the server did not answer {url} within {timeout} s")


def stop_group(proc: subprocess.Popen[bytes]) -> list[int]:
    """Stop the server's process group (gunicorn master, workers, query processes).

    Returns the processes that were still alive after SIGTERM and had to be killed.
    """
    pgid = proc.pid
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pgid, signal.SIGTERM)
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        pass
    deadline = time.monotonic() + 10
    while processes_in_group(pgid) and time.monotonic() < deadline:
        time.sleep(0.1)
    leftover = processes_in_group(pgid)
    if leftover:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pgid, signal.SIGKILL)
    proc.wait(timeout=5)
    return leftover


@dataclass
class LiveServer:
    url: str
    proc: subprocess.Popen[bytes]
    root: Path
    log: Path

    @property
    def endpoint(self) -> str:
        return self.url + "/sparql"


@contextlib.contextmanager
def serving(root: Path, **settings: str) -> Iterator[LiveServer]:
    """The real server (``python -m syriakg.web.server``) on the sample store under ``root``,
    with ``settings`` as SYRIAKG_* variables, on a free loopback port, until the block ends;
    its whole process group is stopped then."""
    write_disk_store(root / "store", sample_quads())
    # As the build does: the ontology's page beside the store, so the server only reads it.
    ontology = rdflib.Dataset()
    ontology.parse(FIXTURES / "sample.trig", format="trig")
    graph = rdflib.Graph() + ontology.graph(rdflib.URIRef(GRAPH + "ontology"))
    header = rdflib.URIRef("https://w3id.org/syria-kg/ontology")  # what pyLODE needs of it,
    graph.add((header, rdflib.RDF.type, rdflib.OWL.Ontology))  # which the sample leaves out
    graph.add((header, rdflib.RDFS.label, rdflib.Literal("sample ontology", lang="en")))
    page = ontodoc.page(graph)
    (root / "store" / ontodoc.PAGE_FILE).write_text(page, encoding="utf-8")
    shutil.copytree(FIXTURES / "queries", root / "queries")
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("SYRIAKG_")}
    env.update(SYRIAKG_ROOT=str(root), SYRIAKG_STORE=str(root / "store"),
               SYRIAKG_HOST="127.0.0.1", SYRIAKG_PORT=str(port))
    env.update({f"SYRIAKG_{name.upper()}": value for name, value in settings.items()})
    log = root / "server.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "syriakg.web.server"],
            env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_responds(url + "/sparql", proc, timeout=60)
    except RuntimeError as exc:
        stop_group(proc)
        raise RuntimeError(f"{exc}\n--- server log ---\n{log.read_text()}") from exc
    yield LiveServer(url, proc, root, log)
    leftover = stop_group(proc)
    assert not leftover, f"processes survived SIGTERM and were killed: {leftover}"


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """gunicorn with 2 workers, a 2 s query timeout and 256 MB per query, on a free loopback
    port."""
    with serving(tmp_path_factory.mktemp("live"), workers="2", query_timeout="2",
                 max_rows="1000", query_memory="256") as server:
        yield server
