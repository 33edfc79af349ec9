"""Stage 5 for a remote store: push every named graph, then switch to them in one request.

``syriakg build --store URL`` runs every stage as for a local store, validation included, on
the graphs in memory; only then is the remote store touched, in three steps:

1. each graph goes by Graph Store Protocol PUT to a staging graph of this build
   (``STAGING``<build>/<n>), and the triples that arrived are counted against the triples sent;
2. one SPARQL Update request makes each graph equal to its staged copy (deleting the triples the
   staged copy lacks, inserting those it adds), drops the graphs the previous build listed and
   this one does not, does the same for the manifest (remote.MANIFEST), and drops the staged
   graphs: from then on the server serves exactly the graphs it lists;
3. every graph is counted again against the manifest.

What is served changes only in step 2. If anything fails before it (the store goes away, a graph
arrives short, the build is interrupted) the staged graphs are deleted and the store serves what
it served; a build killed outright leaves them listed in the graph ``PENDING``, and the next
build deletes them. Step 2 is a single request: a store that runs an update request as one
transaction (Virtuoso, Fuseki with TDB2, GraphDB, Oxigraph) shows its readers the old dataset or
the new one, never a mix.

Step 2 uses neither MOVE nor COPY nor CLEAR-then-INSERT: on Virtuoso 7.2.5 a request that
deletes a triple of a graph and puts the same triple back into it (what each of those does when
the graph exists already, as on every build after the first) is not durable until the store's
next checkpoint, and a restart without one (SIGTERM) leaves every graph partial. A request that
only deletes what is gone and inserts what is new survives it (tests/remote/test_durability.py),
needs no right beyond SPARQL Update's DELETE and INSERT, and writes only what changed.
"""

from __future__ import annotations

import contextlib
import secrets
from collections.abc import Callable
from datetime import UTC, datetime

import pyoxigraph as ox
from rdflib import Graph

from syriakg.errors import StoreError
from syriakg.settings import Settings
from syriakg.store.remote import (
    HAS_PART,
    MANIFEST,
    Manifest,
    RemoteStore,
    from_settings,
    term_value,
)

STAGING = "https://w3id.org/syria-kg/build/staging/"
PENDING = "https://w3id.org/syria-kg/build/pending"


def target(settings: Settings) -> RemoteStore:
    """The store to push to, checked now so that a wrong URL fails before the build's stages.

    :raises RemoteStoreError: if it cannot be reached, does not answer SPARQL, or its Graph Store
        or Update endpoint is not one (or refuses our credentials).
    """
    store = from_settings(settings)
    store.read_manifest()
    store.check_graph_store()
    store.check_update()
    return store


def run(
    graphs: dict[str, Graph], store: RemoteStore, echo: Callable[[str], None] = lambda _: None
) -> Manifest:
    """Replace the dataset on ``store`` by ``graphs`` (named-graph IRI -> triples).

    Empty graphs are not pushed (a store keeps no empty graph), as the local store keeps none.

    :raises RemoteStoreError: the store failed; what it serves is unchanged.
    :raises StoreError: a graph arrived short; what it serves is unchanged.
    """
    previous = store.read_manifest()
    _delete_pending(store)
    build = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ-") + secrets.token_hex(3)
    sizes = {iri: len(graph) for iri, graph in graphs.items() if len(graph)}
    staging = {iri: f"{STAGING}{build}/{n}" for n, iri in enumerate(sizes)}
    manifest_staging = f"{STAGING}{build}/manifest"
    manifest = Manifest(build, sizes, datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"))
    try:
        store.put_graph(PENDING, _list_graph(PENDING, [*staging.values(), manifest_staging]))
        for iri, name in staging.items():
            store.put_graph(name, graphs[iri].serialize(format="nt", encoding="utf-8"))
            echo(f"  pushed {sizes[iri]:>7}  {iri}")
        _check_arrived(store, staging, sizes)
        store.put_graph(manifest_staging, manifest.to_ntriples())
        gone = sorted(set(previous.graphs if previous else ()) - set(sizes))
        store.update(switch_request({**staging, MANIFEST: manifest_staging}, gone))
    except BaseException:
        # Not switched (or the switch's outcome is unknown): remove what this build staged. After
        # a switch that did happen these graphs are gone already, and deleting them is harmless.
        for name in [*staging.values(), manifest_staging, PENDING]:
            with contextlib.suppress(StoreError):
                store.delete_graph(name)
        raise
    _check_switched(store, manifest)
    return manifest


def switch_request(staging: dict[str, str], gone: list[str]) -> str:
    """The one update that makes each graph of ``staging`` (graph -> staged copy) equal to its
    copy, drops the copies and the graphs ``gone``, and the pending list.

    No triple is deleted and put back in the same request (see the module's docstring).
    """
    ops = []
    for iri, name in staging.items():
        ops += [
            f"DELETE {{ GRAPH <{iri}> {{ ?s ?p ?o }} }} WHERE {{ GRAPH <{iri}> {{ ?s ?p ?o }} "
            f"FILTER NOT EXISTS {{ GRAPH <{name}> {{ ?s ?p ?o }} }} }}",
            f"INSERT {{ GRAPH <{iri}> {{ ?s ?p ?o }} }} WHERE {{ GRAPH <{name}> {{ ?s ?p ?o }} "
            f"FILTER NOT EXISTS {{ GRAPH <{iri}> {{ ?s ?p ?o }} }} }}",
        ]
    ops += [f"DROP SILENT GRAPH <{iri}>" for iri in [*gone, *staging.values(), PENDING]]
    return " ;\n".join(ops)


def _check_switched(store: RemoteStore, manifest: Manifest) -> None:
    """Count every graph after the switch: the store must hold what the manifest says."""
    names = [*manifest.graphs]
    rows = store.query(
        "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g",
        named_graphs=[ox.NamedNode(name) for name in names],
    )
    assert isinstance(rows, ox.QuerySolutions)
    held = {term_value(r["g"]): int(term_value(r["n"])) for r in rows}
    wrong = [f"{iri}: {held.get(iri, 0)} of {n}" for iri, n in manifest.graphs.items()
             if held.get(iri, 0) != n]
    if wrong:
        raise StoreError(
            f"after the switch the store at {store.update_url} holds other triple counts than "
            f"the build pushed ({'; '.join(wrong[:3])}); the manifest lists this build, so "
            "rerun the build; if it happens again, the store does not run an update request "
            "as SPARQL 1.1 Update says"
        )


def _check_arrived(store: RemoteStore, staging: dict[str, str], sizes: dict[str, int]) -> None:
    """Count each staged graph: a store that dropped or merged triples must not be switched to."""
    rows = store.query(
        "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g",
        named_graphs=[ox.NamedNode(name) for name in staging.values()],
    )
    assert isinstance(rows, ox.QuerySolutions)
    arrived = {term_value(r["g"]): int(term_value(r["n"])) for r in rows}
    for iri, name in staging.items():
        if arrived.get(name, 0) != sizes[iri]:
            raise StoreError(
                f"the store at {store.graph_store_url} kept {arrived.get(name, 0)} of the "
                f"{sizes[iri]} triples sent for {iri}; nothing was switched, the store serves "
                "what it served. Check its log for the load error."
            )


def _delete_pending(store: RemoteStore) -> None:
    """Delete the staged graphs of a build that was killed before it could clean up."""
    rows = store.query(
        f"SELECT ?g WHERE {{ GRAPH <{PENDING}> {{ <{PENDING}> <{HAS_PART}> ?g }} }}",
        named_graphs=[ox.NamedNode(PENDING)],
    )
    assert isinstance(rows, ox.QuerySolutions)
    for row in rows:
        store.delete_graph(term_value(row["g"]))
    store.delete_graph(PENDING)


def _list_graph(subject: str, members: list[str]) -> bytes:
    return "".join(f"<{subject}> <{HAS_PART}> <{m}> .\n" for m in members).encode("utf-8")
