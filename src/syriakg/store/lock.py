"""One writer at a time: the lock a build (or load, or reason) holds while it writes and swaps.

Two writers of the same store would write the same ``<store>.new`` directory and swap in turn, so
the second to finish would throw away the first one's work or swap in half of its own. The lock
is a file beside the store, ``<store>.lock``, created exclusively and holding the writer's pid; a
lock whose pid is no longer running (a writer killed half-way) is taken over, with the store as
the last complete writer left it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from syriakg.errors import StoreError


def lock_path(target: Path) -> Path:
    return target.with_name(target.name + ".lock")


def _holder(path: Path) -> int | None:
    """The pid written in the lock file, or None when it cannot be read."""
    try:
        return int(path.read_text(encoding="utf-8").split()[0])
    except (OSError, ValueError, IndexError):
        return None


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process: running
        return True
    return True


@contextmanager
def writer_lock(target: Path) -> Iterator[None]:
    """Hold the lock of the store at ``target`` for the body of the ``with``.

    :raises StoreError: another running process holds it (named by its pid, with the lock file).
    """
    path = lock_path(target)
    path.parent.mkdir(parents=True, exist_ok=True)
    for _ in range(2):
        try:
            fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        except FileExistsError:
            pid = _holder(path)
            if pid is not None and pid != os.getpid() and _running(pid):
                raise StoreError(
                    f"another build is writing the store at {target}: process {pid} holds "
                    f"{path}. Wait for it to finish (the store it swaps in is then the new one); "
                    "if that process is not a syriakg build, delete the lock file"
                ) from None
            path.unlink(missing_ok=True)  # its writer is gone: the store is as it last swapped
            continue
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(f"{os.getpid()}\n")
        break
    else:
        raise StoreError(f"could not take the lock {path}: it keeps reappearing")
    try:
        yield
    finally:
        if _holder(path) == os.getpid():
            path.unlink(missing_ok=True)
