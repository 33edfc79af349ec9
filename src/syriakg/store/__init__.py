"""The store: one interface, two backends.

``QueryStore`` is what every reader of the graph may use of a store. The backends are the
embedded Oxigraph store the build writes (store.embedded) and any SPARQL 1.1 store reached by URL
(store.remote); ``connect`` opens whichever the settings name. A new backend is a module that
answers ``query`` as ``pyoxigraph.Store.query`` does (docs/architecture.md, "The store").
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

import pyoxigraph as ox

from syriakg.settings import Settings
from syriakg.store.embedded import STORE_MARKER, open_store, write_store_atomically
from syriakg.store.reads import Bindings, bindings, graph_sizes, select_bindings
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


__all__ = [
    "STORE_MARKER", "Bindings", "QueryResult", "QueryStore", "bindings", "connect",
    "graph_sizes", "open_store", "select_bindings", "write_store_atomically",
]
