"""The store: an Oxigraph directory opened once, read-only, or a SPARQL endpoint by URL.

The build writes a fresh store next to the served one and swaps directories only after every
stage passed, so a failed build never touches what is being served. With ``store`` set to a URL
the same readers query a remote store instead (syriakg.remote); ``QueryStore`` is what they may
use of either.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

import pyoxigraph as ox

from syriakg import remote
from syriakg.errors import KGError, StoreError
from syriakg.remote import RemoteTriples
from syriakg.settings import Settings

STORE_MARKER = "syriakg-store"

QueryResult = ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples | RemoteTriples


class QueryStore(Protocol):
    """What the readers of the graph use of a store: ``ox.Store`` and ``RemoteStore`` have it."""

    def query(
        self, query: str, *, prefixes: dict[str, str] | None = None,
        use_default_graph_as_union: bool = False,
        default_graph: list[ox.NamedNode | ox.BlankNode | ox.DefaultGraph] | None = None,
        named_graphs: list[ox.NamedNode | ox.BlankNode] | None = None,
    ) -> QueryResult: ...


def connect(settings: Settings, mode: str | None = None) -> ox.Store | remote.RemoteStore:
    """The store ``settings.store`` names: a remote endpoint, or a built store opened read-only.

    :param mode: ``memory`` or ``disk`` for a local store; default ``settings.store_mode``.
    :raises StoreError: if there is no built store there, or no reachable one.
    """
    if settings.is_remote:
        return remote.connect(settings)
    return open_store(settings.store_path, mode or settings.store_mode)


def open_store(path: Path, mode: str = "memory") -> ox.Store:
    """Open a built store read-only; ``mode='memory'`` copies it into RAM first.

    The in-memory copy answers scans and sorts several times faster than RocksDB on disk, and a
    read-only dataset has nothing to lose by it.

    :raises StoreError: if there is no store at ``path``.
    """
    if not (path / STORE_MARKER).exists() and not any(path.glob("*.sst")):
        raise StoreError(
            f"no store at {path}: run `make build` (or `syriakg build`) first, "
            "or point --store at a directory written by `syriakg build` or `syriakg load`"
        )
    try:
        on_disk = ox.Store.read_only(str(path))
    except OSError as exc:
        raise StoreError(f"cannot open the store at {path}: {exc}") from exc
    if mode == "disk":
        return on_disk
    memory = ox.Store()
    memory.bulk_extend(on_disk.quads_for_pattern(None, None, None, None))
    return memory


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


def write_store_atomically(
    target: Path, fill: Callable[[ox.Store], None], copy_from: Path | None = None
) -> None:
    """Let ``fill`` write a new store, then swap it in for ``target`` in one rename.

    With ``copy_from``, the new store starts as a checkpoint of that store (hard links, so it is
    cheap) and ``fill`` adds to it: ``syriakg load --append`` and ``syriakg reason`` use this.

    :raises StoreError: if the new store cannot be written; ``target`` is then left as it was.
        A ``KGError`` raised by ``fill`` (bad input, violations) passes through unchanged.
    """
    target = target.resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    fresh = target.with_name(target.name + ".new")
    old = target.with_name(target.name + ".old")
    shutil.rmtree(fresh, ignore_errors=True)
    try:
        if copy_from is not None:
            ox.Store.read_only(str(copy_from)).backup(str(fresh))
        store = ox.Store(str(fresh))
        fill(store)
        store.flush()
        store.optimize()
        del store
        (fresh / STORE_MARKER).write_text("written by syriakg\n", encoding="utf-8")
    except KGError:
        shutil.rmtree(fresh, ignore_errors=True)
        raise
    except Exception as exc:
        shutil.rmtree(fresh, ignore_errors=True)
        raise StoreError(f"could not write the new store at {fresh}: {exc}") from exc
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    fresh.rename(target)
    shutil.rmtree(old, ignore_errors=True)
