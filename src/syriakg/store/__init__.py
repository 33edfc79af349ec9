"""The store: one interface, two backends.

``QueryStore`` is what every reader of the graph may use of a store. The backends are the
embedded Oxigraph store the build writes (store.embedded) and any SPARQL 1.1 store reached by URL
(store.remote); ``connect`` opens whichever the settings name. A new backend is a module that
answers ``query`` as ``pyoxigraph.Store.query`` does (docs/architecture.md, "The store").
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Protocol

import pyoxigraph as ox

from syriakg.settings import Settings
from syriakg.store.embedded import STORE_MARKER, open_store, write_store_atomically
from syriakg.store.remote.results import RemoteTriples

if TYPE_CHECKING:
    from syriakg.store.remote import RemoteStore

QueryResult = ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples | RemoteTriples


class QueryStore(Protocol):
    """What the readers of the graph use of a store: ``ox.Store`` and ``RemoteStore`` have it."""

    def query(
        self, query: str, *, base_iri: str | None = None, prefixes: dict[str, str] | None = None,
        use_default_graph_as_union: bool = False,
        default_graph: list[ox.NamedNode | ox.BlankNode | ox.DefaultGraph] | None = None,
        named_graphs: list[ox.NamedNode | ox.BlankNode] | None = None,
    ) -> QueryResult: ...


def connect(settings: Settings, mode: str | None = None) -> ox.Store | RemoteStore:
    """The store ``settings.store`` names: a remote endpoint, or a built store opened read-only.

    :param mode: ``memory`` or ``disk`` for a local store; default ``settings.store_mode``.
    :raises StoreError: if there is no built store there, or no reachable one.
    """
    if settings.is_remote:
        from syriakg.store import remote

        return remote.connect(settings)
    return open_store(settings.store_path, mode or settings.store_mode)


Bindings = list[dict[str, dict[str, str]]]


def bindings(body: bytes) -> Bindings:
    """The rows of SPARQL JSON results: ``{variable: {"type", "value", ...}}``, unbound left out.

    For reads of everything at once: building a pyoxigraph term per value took 7 us a row
    (0.4 s for 37,000 labels at 1M triples, 3 s of the actor graph's start-up); ``json``
    parses in C.
    """
    rows: Bindings = json.loads(body)["results"]["bindings"]
    return rows


def select_bindings(store: QueryStore, query: str) -> tuple[list[str], Bindings]:
    """The variables and rows of a SELECT over the union of the graphs, rows as ``bindings``.

    :raises SyntaxError: the query does not parse (as ``store.query``).
    :raises TypeError: the query is not a SELECT.
    """
    result = store.query(query, use_default_graph_as_union=True)
    if not isinstance(result, ox.QuerySolutions):
        raise TypeError("not a SELECT query")
    body = result.serialize(format=ox.QueryResultsFormat.JSON)
    assert body is not None  # bytes when no output is given
    return [v.value for v in result.variables], bindings(body)


def graph_sizes(store: QueryStore) -> dict[str, int]:
    """Triples per named graph, largest first."""
    rows = store.query(
        "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY DESC(?n)"
    )
    assert isinstance(rows, ox.QuerySolutions)
    return {str(r["g"].value): int(r["n"].value) for r in rows}


__all__ = [
    "STORE_MARKER", "Bindings", "QueryResult", "QueryStore", "bindings", "connect",
    "graph_sizes", "open_store", "select_bindings", "write_store_atomically",
]
