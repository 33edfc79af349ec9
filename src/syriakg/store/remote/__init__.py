"""The remote backend: any SPARQL 1.1 store reached by URL (store.remote.client)."""

from syriakg.store.remote.client import RemoteStore, connect, from_settings
from syriakg.store.remote.errors import RemoteQueryError, RemoteStoreError, RemoteTimeout
from syriakg.store.remote.manifest import (
    EMPTY_GRAPH,
    HAS_PART,
    MANIFEST,
    Manifest,
    term_value,
)
from syriakg.store.remote.results import RemoteTriples

__all__ = [
    "EMPTY_GRAPH", "HAS_PART", "MANIFEST", "Manifest", "RemoteQueryError", "RemoteStore",
    "RemoteStoreError", "RemoteTimeout", "RemoteTriples", "connect", "from_settings",
    "term_value",
]
