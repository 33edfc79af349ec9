"""The embedded backend: an Oxigraph directory, written by the build, opened read-only.

The build writes a fresh store next to the served one and swaps directories only after every
stage passed, so a failed build never touches what is being served.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox

from syriakg.errors import KGError, StoreError
from syriakg.store import facts, textindex
from syriakg.store.lock import writer_lock

STORE_MARKER = "syriakg-store"


def open_store(path: Path, mode: str = "memory") -> ox.Store:
    """Open a built store read-only; ``mode='memory'`` copies it into RAM first.

    The in-memory copy answers scans and sorts several times faster than RocksDB on disk, and a
    read-only dataset has nothing to lose by it.

    :raises StoreError: if there is no store at ``path``.
    """
    if not (path / STORE_MARKER).exists() and not any(path.glob("*.sst")):
        raise StoreError(
            f"no store at {path.resolve()}"
            + ("" if path.is_absolute() else
               f" (looked for {path}, relative to the directory {Path.cwd()})")
            + ": run `make build` (or `syriakg build`) there first, or name the "
            "store with --store DIR, the environment variable SYRIAKG_STORE, or `store = ...` "
            "in the settings file (--config FILE or SYRIAKG_CONFIG)"
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


def write_store_atomically(
    target: Path, fill: Callable[[ox.Store], None], copy_from: Path | None = None,
    files: dict[str, bytes] | None = None,
    derive: Callable[[ox.Store], dict[str, bytes]] | None = None,
    facts_of: Callable[[ox.Store], facts.StoreFacts] | None = None,
) -> None:
    """Let ``fill`` write a new store, then swap it in for ``target`` in one rename.

    With ``copy_from``, the new store starts as a checkpoint of that store (hard links, so it is
    cheap) and ``fill`` adds to it: ``syriakg load --append`` and ``syriakg reason`` use this.
    ``files`` are written beside it (name -> bytes), swapped in with it, and so are the
    store's start-up facts (syriakg.store.facts; computed by ``facts_of`` when given, a writer
    that knows what changed), its search index (syriakg.store.textindex), and the files
    ``derive`` computes from the written store (the actor graph's, syriakg.analysis.kept).

    One writer at a time (syriakg.store.lock): a second one fails at once, naming the first.

    :raises StoreError: if the new store cannot be written; ``target`` is then left as it was.
        A ``KGError`` raised by ``fill`` (bad input, violations) passes through unchanged.
    """
    target = target.resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    with writer_lock(target):
        _write(target, fill, copy_from, files, derive, facts_of)


def _write(
    target: Path, fill: Callable[[ox.Store], None], copy_from: Path | None,
    files: dict[str, bytes] | None, derive: Callable[[ox.Store], dict[str, bytes]] | None,
    facts_of: Callable[[ox.Store], facts.StoreFacts] | None,
) -> None:
    fresh = target.with_name(target.name + ".new")
    old = target.with_name(target.name + ".old")
    if old.exists() and not target.exists():  # a writer stopped between its two renames
        old.rename(target)
    shutil.rmtree(fresh, ignore_errors=True)  # what a writer stopped half-way left
    try:
        if copy_from is not None:
            ox.Store.read_only(str(copy_from)).backup(str(fresh))
        store = ox.Store(str(fresh))
        fill(store)
        store.flush()
        store.optimize()
        facts.save(fresh, (facts_of or facts.compute)(store))
        textindex.save(fresh, store)
        derived = derive(store) if derive is not None else {}
        del store
        # What the server reads beside the store.
        for name, data in {**(files or {}), **derived}.items():
            (fresh / name).write_bytes(data)
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
