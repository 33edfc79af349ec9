"""Run queries in forked child processes, so that a query past the time limit can be killed.

pyoxigraph has no timeout and no cancellation (oxigraph#1336, #1926): a runaway query holds its
thread until it finishes. So each web worker forks a query process once the store is open (an
in-memory store is shared copy-on-write), sends it each job over a pipe and reads back the
serialised bytes. On timeout the child is killed with SIGKILL and a fresh one is forked; the
web worker itself is never blocked for longer than ``timeout``. The persistent child keeps the
cost per query to one pipe round trip (tens of microseconds), not a fork.

The web worker must not query the store itself after the first fork: a lock held by one of its
threads at fork time would deadlock the child. Children exit when their pipe closes (the worker
died or closed the executor) and, on Linux, when the worker dies (PR_SET_PDEATHSIG).
"""

from __future__ import annotations

import atexit
import contextlib
import logging
import os
import pickle
import queue
import select
import signal
import stat
import struct
import threading
import time
from typing import Any

import pyoxigraph as ox

from syriakg.errors import EngineFailure, QueryError, QueryTimedOut
from syriakg.web.sparql.runner import Job, Outcome, run_job, timeout_message

log = logging.getLogger("syriakg.web")

_HEADER = struct.Struct("!Q")
_READY = b"R"  # the child's first byte: set up, sockets of the parent closed
_CHUNK = 1 << 20
_START_TIMEOUT = 30.0  # seconds a new query process may take to report ready
_OPEN_FDS: set[int] = set()  # pipe ends held by this process for all its children
_OPEN_FDS_LOCK = threading.Lock()


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def _read_exact(fd: int, size: int) -> bytes | None:
    """Blocking read of ``size`` bytes; None on end of file (the other side is gone)."""
    parts: list[bytes] = []
    while size:
        chunk = os.read(fd, min(size, _CHUNK))
        if not chunk:
            return None
        parts.append(chunk)
        size -= len(chunk)
    return b"".join(parts)


def _close_inherited_fds(keep: set[int]) -> None:
    """In a fresh child, close sockets and pipes that belong to the parent.

    A child forked while a request is being served would otherwise hold the client's socket
    open (the client would never see the connection close) and the pipes of its siblings
    (they would never see end of file). Regular files stay open: an on-disk store needs them.
    """
    try:
        names = os.listdir("/proc/self/fd")
    except OSError:
        names = [str(fd) for fd in _OPEN_FDS]
    for name in names:
        fd = int(name)
        if fd < 3 or fd in keep:
            continue
        try:
            mode = os.fstat(fd).st_mode
        except OSError:
            continue
        if stat.S_ISSOCK(mode) or stat.S_ISFIFO(mode):
            with contextlib.suppress(OSError):
                os.close(fd)


def _die_with_parent() -> None:
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass  # not Linux: the closed pipe still ends the child


def _child_main(store: ox.Store, jobs_fd: int, results_fd: int, main_thread: bool) -> None:
    """The query process: read a job, run it, write the outcome; exit at end of file."""
    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGQUIT, signal.SIGHUP,
                signal.SIGUSR1, signal.SIGUSR2, signal.SIGCHLD, signal.SIGWINCH):
        signal.signal(sig, signal.SIG_DFL)
    if main_thread:  # the death signal follows the forking *thread*, so only trust the main one
        _die_with_parent()
    os.write(results_fd, _READY)
    while True:
        header = _read_exact(jobs_fd, _HEADER.size)
        if header is None:
            return
        payload = _read_exact(jobs_fd, _HEADER.unpack(header)[0])
        if payload is None:
            return
        reply: tuple[Any, ...]
        try:
            reply = ("ok", run_job(store, pickle.loads(payload)))
        except QueryError as exc:
            reply = ("error", exc)
        except BaseException as exc:  # report everything: the parent logs it as a 500
            reply = ("error", EngineFailure(f"{type(exc).__name__}: {exc}"))
        data = pickle.dumps(reply, protocol=pickle.HIGHEST_PROTOCOL)
        _write_all(results_fd, _HEADER.pack(len(data)) + data)


class _Child:
    """One query process and the two pipe ends the parent holds."""

    def __init__(self, store: ox.Store) -> None:
        jobs_r, jobs_w = os.pipe()
        results_r, results_w = os.pipe()
        main_thread = threading.current_thread() is threading.main_thread()
        pid = os.fork()
        if pid == 0:  # the child: never return into the caller's code
            code = 0
            try:
                _close_inherited_fds(keep={jobs_r, results_w})
                _child_main(store, jobs_r, results_w, main_thread)
            except BaseException:
                code = 70
            finally:
                os._exit(code)
        os.close(jobs_r)
        os.close(results_w)
        self.pid = pid
        self.jobs_fd = jobs_w
        self.results_fd = results_r
        with _OPEN_FDS_LOCK:
            _OPEN_FDS.update((jobs_w, results_r))
        poller = select.poll()
        poller.register(results_r, select.POLLIN)
        if not poller.poll(_START_TIMEOUT * 1000) or os.read(results_r, 1) != _READY:
            self.kill()
            raise OSError(f"the query process {pid} did not start")

    def call(self, payload: bytes, timeout: float) -> tuple[Any, ...]:
        """Send one job and wait for its reply.

        :raises TimeoutError: if no full reply came within ``timeout`` seconds.
        :raises EOFError: if the child died.
        """
        deadline = time.monotonic() + timeout
        _write_all(self.jobs_fd, _HEADER.pack(len(payload)) + payload)
        poller = select.poll()
        poller.register(self.results_fd, select.POLLIN)
        buffer = bytearray()
        expected: int | None = None
        while expected is None or len(buffer) < expected:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not poller.poll(remaining * 1000):
                raise TimeoutError
            chunk = os.read(self.results_fd, _CHUNK)
            if not chunk:
                raise EOFError
            buffer += chunk
            if expected is None and len(buffer) >= _HEADER.size:
                expected = _HEADER.size + _HEADER.unpack_from(buffer)[0]
        return tuple(pickle.loads(bytes(buffer[_HEADER.size:])))

    def kill(self) -> None:
        """Stop the child at once and release its pipes."""
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGKILL)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(self.pid, 0)
        with _OPEN_FDS_LOCK:
            for fd in (self.jobs_fd, self.results_fd):
                _OPEN_FDS.discard(fd)
                with contextlib.suppress(OSError):
                    os.close(fd)


class QueryExecutor:
    """A small pool of query processes with a hard time limit per query.

    One process is enough under gunicorn's sync workers (one request at a time per worker);
    threaded servers can ask for more, and callers beyond ``size`` wait for a free one.
    """

    def __init__(self, store: ox.Store, timeout: float, size: int = 1) -> None:
        self.store = store
        self.timeout = timeout
        self._idle: queue.Queue[_Child] = queue.Queue()
        self._children: list[_Child] = []
        self._lock = threading.Lock()
        self._closed = False
        for _ in range(size):
            self._idle.put(self._spawn())
        atexit.register(self.close)

    def _spawn(self) -> _Child:
        child = _Child(self.store)
        with self._lock:
            self._children.append(child)
        return child

    def _replace(self, child: _Child) -> _Child:
        child.kill()
        with self._lock:
            self._children.remove(child)
        return self._spawn()

    def run(self, job: Job, environ: dict[str, Any] | None = None) -> Outcome:
        """Run ``job`` in a query process (``environ`` is not needed: we answer the client).

        :raises QueryError: the query failed (see runner.run_job); ``QueryTimedOut`` past the
            time limit, ``EngineFailure`` when its process died.
        """
        if self._closed:
            raise EngineFailure("the query executor is closed")
        payload = pickle.dumps(job, protocol=pickle.HIGHEST_PROTOCOL)
        child = self._idle.get()
        try:
            reply = child.call(payload, self.timeout)
        except TimeoutError:
            child = self._replace(child)
            raise QueryTimedOut(timeout_message(self.timeout)) from None
        except (EOFError, OSError) as exc:
            log.error("query process %d died: %r", child.pid, exc)
            child = self._replace(child)
            raise EngineFailure("the query process died; it has been restarted") from None
        finally:
            self._idle.put(child)
        if reply[0] == "ok":
            outcome: Outcome = reply[1]
            return outcome
        failure: QueryError = reply[1]
        raise failure

    def close(self) -> None:
        """Stop every query process; safe to call twice."""
        if self._closed:
            return
        self._closed = True
        with self._lock:
            children, self._children = self._children, []
        for child in children:
            child.kill()
        atexit.unregister(self.close)
