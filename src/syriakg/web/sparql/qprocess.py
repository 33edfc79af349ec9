"""One query process: forked from the broker, confined (web.sparql.sandbox), running one job at a
time over a pipe until it is killed or its pipe closes.

The broker forks it while holding the in-memory store, so the store is shared copy-on-write; a
disk store is opened by the process itself (a RocksDB handle may not cross a fork). Jobs and
answers cross the pipes as length-prefixed pickles of web.jobs.Job and web.jobs.Outcome (or the
syriakg.errors.QueryError the job raised): both ends are this package's own processes. The
process's stderr is a third pipe, so that what the engine printed before it aborted (a Rust
panic, a failed allocation) tells the client why the query stopped.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import socket
import stat
import struct
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from syriakg.errors import EngineFailure, QueryError
from syriakg.store import QueryStore
from syriakg.web.sparql import sandbox
from syriakg.web.sparql.runner import run_job

HEADER = struct.Struct("!Q")
READY = b"R"

SEALED = "sealed"
FEDERATING = "federating"

Opener = Callable[[], QueryStore]


@dataclass(frozen=True)
class Confinement:
    """How a query process is confined: its network, its memory, what it may relay.

    :param kind: ``SEALED`` (no network at all) or ``FEDERATING`` (only the relayed endpoints).
    :param memory: bytes the process may map beyond what it maps when it starts.
    :param relayed: for a federating process, (name, loopback address, port) of each
        allow-listed endpoint; the process listens there and hands the sockets to the broker.
    :param namespaces: whether to use namespaces at all (sandbox.available()).
    """

    kind: str
    memory: int
    relayed: tuple[tuple[str, str, int], ...] = ()
    namespaces: bool = True


@dataclass
class QueryProcess:
    """The broker's handle of one query process."""

    pid: int
    jobs: int  # fd the broker writes jobs to
    results: int  # fd the broker reads answers from
    errors: int  # fd of the process's stderr
    kind: str
    listeners: list[socket.socket] = field(default_factory=list)
    started: float = field(default_factory=time.monotonic)
    jobs_done: int = 0

    def kill(self) -> None:
        """Stop the process at once and release its pipes and sockets."""
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGKILL)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(self.pid, 0)
        self.close()

    def close(self) -> None:
        for fd in (self.jobs, self.results, self.errors):
            with contextlib.suppress(OSError):
                os.close(fd)
        for listener in self.listeners:
            listener.close()
        self.listeners = []

    def cpu_seconds(self) -> float:
        """User and system CPU time the process has used, from /proc (0 once it is gone)."""
        try:
            with open(f"/proc/{self.pid}/stat", encoding="ascii") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            return 0.0
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def frame(payload: Any) -> bytes:
    """A length-prefixed pickle."""
    data = pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL)
    return HEADER.pack(len(data)) + data


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def _read_exact(fd: int, size: int) -> bytes | None:
    parts: list[bytes] = []
    while size:
        chunk = os.read(fd, min(size, 1 << 20))
        if not chunk:
            return None
        parts.append(chunk)
        size -= len(chunk)
    return b"".join(parts)


def _close_inherited(keep: Sequence[int]) -> None:
    """Close the sockets and pipes inherited from the broker: its clients' connections and the
    other processes' pipes must not stay open here. Regular files stay: a disk store needs them."""
    for name in os.listdir("/proc/self/fd"):
        fd = int(name)
        if fd < 3 or fd in keep:
            continue
        with contextlib.suppress(OSError):
            mode = os.fstat(fd).st_mode
            if stat.S_ISSOCK(mode) or stat.S_ISFIFO(mode):
                os.close(fd)


def _send_listeners(channel: socket.socket, relayed: Sequence[tuple[str, str, int]]) -> None:
    """Listen on each relayed endpoint's loopback address inside this namespace, and hand the
    listening sockets to the broker, which accepts and relays from its own namespace."""
    sockets = []
    for _, address, port in relayed:
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind((address, port))
        listener.listen(64)
        sockets.append(listener)
    socket.send_fds(channel, [b"L"], [s.fileno() for s in sockets])
    for listener in sockets:
        listener.close()


def _child(opener: Opener, confinement: Confinement, jobs: int, results: int,
           channel: socket.socket | None) -> None:
    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGQUIT, signal.SIGHUP, signal.SIGUSR1,
                signal.SIGUSR2, signal.SIGCHLD, signal.SIGWINCH):
        signal.signal(sig, signal.SIG_DFL)
    sandbox.die_with_parent()
    os.environ["RUST_BACKTRACE"] = "0"  # a panic's first lines say why; a backtrace would not
    if confinement.namespaces:
        if confinement.kind == SEALED:
            sandbox.seal()
        else:
            sandbox.enclose({name: address for name, address, _ in confinement.relayed})
    if channel is not None:
        _send_listeners(channel, confinement.relayed)
        channel.close()
    store = opener()
    sandbox.limit_memory(confinement.memory)
    os.write(results, READY)
    while True:
        header = _read_exact(jobs, HEADER.size)
        if header is None:
            return
        payload = _read_exact(jobs, HEADER.unpack(header)[0])
        if payload is None:
            return
        reply: tuple[Any, ...]
        try:
            reply = ("ok", run_job(store, pickle.loads(payload)))
        except QueryError as exc:
            reply = ("error", exc)
        except MemoryError:
            reply = ("error", EngineFailure("the query ran out of memory"))
        except Exception as exc:  # noqa: BLE001  (a fault of ours: reported, logged as a 500)
            reply = ("error", EngineFailure(f"{type(exc).__name__}: {exc}"))
        _write_all(results, frame(reply))


def spawn(opener: Opener, confinement: Confinement, start_timeout: float = 30.0) -> QueryProcess:
    """Fork a query process and wait until it has confined itself and opened the store.

    :raises OSError: if it did not start (its stderr says why).
    """
    jobs_r, jobs_w = os.pipe()
    results_r, results_w = os.pipe()
    errors_r, errors_w = os.pipe()
    parent_end, child_end = (socket.socketpair() if confinement.kind == FEDERATING
                             else (None, None))
    pid = os.fork()
    if pid == 0:  # the child never returns into the caller
        code = 0
        try:
            os.dup2(errors_w, 2)
            keep = [jobs_r, results_w, 2] + ([child_end.fileno()] if child_end else [])
            _close_inherited(keep)
            _child(opener, confinement, jobs_r, results_w, child_end)
        except BaseException as exc:  # noqa: BLE001  (reported on stderr, read by the broker)
            with contextlib.suppress(OSError):
                os.write(2, f"query process failed to start: {type(exc).__name__}: {exc}\n"
                         .encode("utf-8", "replace"))
            code = 70
        finally:
            os._exit(code)
    for fd in (jobs_r, results_w, errors_w):
        os.close(fd)
    process = QueryProcess(pid, jobs_w, results_r, errors_r, confinement.kind)
    if child_end is not None:
        child_end.close()
    try:
        if parent_end is not None:
            parent_end.settimeout(start_timeout)
            _, fds, _, _ = socket.recv_fds(parent_end, 16, len(confinement.relayed))
            process.listeners = [socket.socket(fileno=fd) for fd in fds]
        _await_ready(process, start_timeout)
    except BaseException:
        message = _drain(errors_r)
        process.kill()
        raise OSError(f"a query process did not start: {message or 'no message'}") from None
    finally:
        if parent_end is not None:
            parent_end.close()
    os.set_blocking(results_r, False)
    os.set_blocking(errors_r, False)
    return process


def _await_ready(process: QueryProcess, timeout: float) -> None:
    import select

    poller = select.poll()
    poller.register(process.results, select.POLLIN)
    if not poller.poll(timeout * 1000) or os.read(process.results, 1) != READY:
        raise OSError("not ready")


def _drain(fd: int) -> str:
    """What is waiting on a pipe, without blocking."""
    os.set_blocking(fd, False)
    chunks = []
    with contextlib.suppress(OSError):
        while chunk := os.read(fd, 65536):
            chunks.append(chunk)
    return b"".join(chunks).decode("utf-8", "replace").strip()
