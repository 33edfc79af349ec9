"""The broker: one process that runs every query of every web worker in confined query processes.

Forked once from the process that opened the store (the gunicorn master, or a test), it holds the
in-memory store and forks query processes from it (web.sparql.qprocess), so they share it
copy-on-write. Web workers hand it jobs over a Unix socket (``BrokerExecutor``) and wait,
cooperatively under gevent, for the answer. Because it sees every query it is where the server
is fair and keeps its promises (docs/architecture.md, "The query process"):

* a crash, an abort or a memory blow-up costs one query process, which is replaced; the client
  is told why its query stopped;
* a query past ``query_timeout`` is killed with its process;
* a query running longer than ``slow_query_seconds`` is lowered to the lowest CPU priority, so
  that short queries of other clients keep their share of the cores;
* each client has at most ``client_queries`` queries running and ``client_cpu_seconds`` of CPU
  per minute (web.sparql.fairness); queries waiting for a process are served round robin by
  client, so one client's queue never holds another's;
* queries with SERVICE calls run in federating processes, which reach only the allow-listed
  endpoints, through the relay (web.sparql.relay); all others in sealed ones, which reach
  nothing.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import pickle
import shutil
import signal
import socket
import tempfile
import time
from collections import OrderedDict, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, cast

from syriakg.errors import (
    EngineStopped,
    QueryError,
    QueryMemoryExceeded,
    QueryServiceBusy,
    QueryServiceUnavailable,
    QueryTimedOut,
    TooManyQueries,
)
from syriakg.web.jobs import Job, Outcome
from syriakg.web.sparql import qprocess, relay, sandbox
from syriakg.web.sparql.fairness import Ledger
from syriakg.web.sparql.qprocess import FEDERATING, HEADER, SEALED, Confinement, Opener
from syriakg.web.sparql.runner import timeout_message

log = logging.getLogger("syriakg.web")

_STDERR_KEPT = 8192  # the start of a query process's stderr, kept to say why it stopped
_TICK = 0.1  # how often running queries are looked at


@dataclass(frozen=True)
class BrokerConfig:
    """The limits the broker keeps; from the settings (web.sparql.broker.config_of)."""

    timeout: float
    memory_bytes: int
    processes: int  # the most query processes of each kind
    warm: int  # sealed processes started ahead of the first query
    client_queries: int
    client_cpu_seconds: float
    slow_after: float
    relayed: tuple[relay.Endpoint, ...] = ()
    namespaces: bool = True
    private_endpoints: bool = False  # relay to loopback endpoints (the federation tests only)


@dataclass
class _Running:
    process: qprocess.QueryProcess
    client: str
    started: float
    cpu_at_start: float
    lowered: bool = False


@dataclass
class _Pool:
    kind: str
    idle: list[qprocess.QueryProcess] = field(default_factory=list)
    count: int = 0
    waiting: OrderedDict[str, deque[asyncio.Future[qprocess.QueryProcess]]] = field(
        default_factory=OrderedDict)


class Broker:
    """Runs in the broker process: accepts jobs, schedules them fairly, enforces the limits."""

    def __init__(self, opener: Opener, config: BrokerConfig) -> None:
        self.opener = opener
        self.config = config
        self.ledger = Ledger(config.client_queries, config.client_cpu_seconds)
        self.pools = {SEALED: _Pool(SEALED), FEDERATING: _Pool(FEDERATING)}
        self.running: dict[int, _Running] = {}
        # The reply frame each busy process will send, passed on to the worker unread.
        self.replies: dict[int, asyncio.Future[bytes]] = {}
        self.buffers: dict[int, bytearray] = {}
        self.stderr: dict[int, bytearray] = {}
        self.relays: dict[int, list[asyncio.Task[None]]] = {}
        self.jobs = 0  # jobs accepted and not yet answered
        # Workers' connections waiting for their next job; closed when handing over.
        self.idle: set[asyncio.StreamWriter] = set()
        self.handing_over = False
        self.loop: asyncio.AbstractEventLoop

    # --- the process pools ----------------------------------------------------------------

    def _confinement(self, kind: str) -> Confinement:
        relayed = tuple((e.host, e.local_address, e.port) for e in self.config.relayed)
        return Confinement(kind, self.config.memory_bytes,
                           relayed if kind == FEDERATING else (), self.config.namespaces)

    def _spawn(self, pool: _Pool) -> qprocess.QueryProcess:
        process = qprocess.spawn(self.opener, self._confinement(pool.kind))
        pool.count += 1
        self.buffers[process.pid] = bytearray()
        self.stderr[process.pid] = bytearray()
        self.loop.add_reader(process.results, self._on_result, process)
        self.loop.add_reader(process.errors, self._on_stderr, process)
        if pool.kind == FEDERATING:
            self.relays[process.pid] = [
                self.loop.create_task(relay.serve(listener, endpoint,
                                                  self.config.private_endpoints))
                for listener, endpoint in zip(process.listeners, self.config.relayed,
                                              strict=True)
            ]
        return process

    def _retire(self, process: qprocess.QueryProcess) -> None:
        """Kill ``process`` and forget it; its pool may start another in its place."""
        for fd in (process.results, process.errors):
            with contextlib.suppress(ValueError, OSError):
                self.loop.remove_reader(fd)
        for task in self.relays.pop(process.pid, []):
            task.cancel()
        process.kill()
        self.pools[process.kind].count -= 1
        self.buffers.pop(process.pid, None)
        self.stderr.pop(process.pid, None)

    async def _acquire(self, pool: _Pool, client: str) -> qprocess.QueryProcess:
        if pool.idle:
            return pool.idle.pop()
        if pool.count < self.config.processes:
            return self._spawn(pool)
        waiter: asyncio.Future[qprocess.QueryProcess] = self.loop.create_future()
        pool.waiting.setdefault(client, deque()).append(waiter)
        try:
            return await asyncio.wait_for(waiter, self.config.timeout)
        except TimeoutError:
            raise QueryServiceBusy(
                f"every query process stayed busy for {self.config.timeout:g} s; try again "
                "in a minute") from None
        finally:
            queue = pool.waiting.get(client)
            if queue is not None and waiter in queue:
                queue.remove(waiter)
                if not queue:
                    del pool.waiting[client]

    def _release(self, pool: _Pool, process: qprocess.QueryProcess | None,
                 done_for: str | None = None) -> None:
        """Give a free process (or a fresh one, for one that was retired) to the next client
        waiting, round robin by client: the client whose query just ended goes after any
        other that waits."""
        while pool.waiting:
            client = next((c for c in pool.waiting if c != done_for), next(iter(pool.waiting)))
            queue = pool.waiting[client]
            waiter = queue.popleft()
            if queue:
                pool.waiting.move_to_end(client)
            else:
                del pool.waiting[client]
            if waiter.done():
                continue
            if process is None:
                try:
                    process = self._spawn(pool)
                except OSError as exc:
                    waiter.set_exception(QueryServiceUnavailable(str(exc)))
                    continue
            waiter.set_result(process)
            return
        if process is not None:
            pool.idle.append(process)

    # --- the pipes of the query processes -------------------------------------------------

    def _on_result(self, process: qprocess.QueryProcess) -> None:
        buffer = self.buffers.get(process.pid)
        if buffer is None:
            return
        try:
            chunk = os.read(process.results, 1 << 20)
        except BlockingIOError:
            return
        except OSError:
            chunk = b""
        reply = self.replies.get(process.pid)
        if not chunk:
            self.loop.remove_reader(process.results)
            if reply is not None and not reply.done():
                reply.set_exception(EOFError())
            elif reply is None:  # it died while idle: forget it, a fresh one comes when needed
                pool = self.pools[process.kind]
                if process in pool.idle:
                    pool.idle.remove(process)
                    self._retire(process)
            return
        buffer += chunk
        if len(buffer) >= HEADER.size:
            size = HEADER.unpack_from(buffer)[0]
            if len(buffer) >= HEADER.size + size and reply is not None and not reply.done():
                reply.set_result(bytes(buffer[:HEADER.size + size]))
                del buffer[:HEADER.size + size]

    def _on_stderr(self, process: qprocess.QueryProcess) -> None:
        kept = self.stderr.get(process.pid)
        try:
            chunk = os.read(process.errors, 65536)
        except BlockingIOError:
            return
        except OSError:
            chunk = b""
        if not chunk or kept is None:
            with contextlib.suppress(ValueError, OSError):
                self.loop.remove_reader(process.errors)
            return
        kept += chunk[:max(0, _STDERR_KEPT - len(kept))]

    # --- one job --------------------------------------------------------------------------

    async def run(self, client: str, job: Job) -> bytes:
        """Run ``job`` for ``client``: in a federating query process if the guard found SERVICE
        calls in it (all allow-listed), else in a sealed one. The query process's reply frame,
        its outcome or its failure, is returned as it came: the broker passes it on unread.

        :raises QueryError: why the broker stopped or refused the job.
        """
        refusal = self.ledger.admit(client)
        if refusal is not None:
            raise TooManyQueries(refusal.reason, refusal.retry_after)
        pool = self.pools[FEDERATING if job.uses_service and self.config.relayed else SEALED]
        cpu = 0.0
        try:
            process = await self._acquire(pool, client)
            running = _Running(process, client, time.monotonic(), process.cpu_seconds())
            self.running[process.pid] = running
            reply = self.loop.create_future()
            self.replies[process.pid] = reply
            try:
                _write_frame(process.jobs, qprocess.frame(job))
                answer = await asyncio.wait_for(reply, self.config.timeout)
            except TimeoutError:
                cpu = process.cpu_seconds() - running.cpu_at_start
                self._retire(process)
                self._release(pool, None, client)
                raise QueryTimedOut(timeout_message(self.config.timeout)) from None
            except (EOFError, OSError):
                cpu = process.cpu_seconds() - running.cpu_at_start
                failure = self._stopped(process)
                self._retire(process)
                self._release(pool, None, client)
                raise failure from None
            finally:
                self.running.pop(process.pid, None)
                self.replies.pop(process.pid, None)
            cpu = process.cpu_seconds() - running.cpu_at_start
            process.jobs_done += 1
            if running.lowered and not _raise_priority(process.pid):
                self._retire(process)  # an unprivileged broker cannot raise it again
                self._release(pool, None, client)
            else:
                self._release(pool, process, client)
        finally:
            self.ledger.finish(client, cpu)
        return answer

    def _stopped(self, process: qprocess.QueryProcess) -> QueryError:
        """Why a query process ended in the middle of a query, in words for the client."""
        status = _exit_status(process.pid)
        said = self.stderr.get(process.pid, bytearray()).decode("utf-8", "replace")
        self._on_stderr(process)
        said = self.stderr.get(process.pid, bytearray()).decode("utf-8", "replace") or said
        log.warning("query process %d stopped (%s): %s", process.pid, status,
                    said.strip().splitlines()[:1])
        if "memory allocation of" in said:
            return QueryMemoryExceeded(
                f"The query needed more memory than one query may use ("
                f"{self.config.memory_bytes >> 20} MB, setting `query_memory`) and was stopped. "
                "Narrow it: add LIMIT, bind more variables, or avoid building long strings.")
        lines = said.splitlines()
        at = next((i for i, line in enumerate(lines) if "panicked" in line), None)
        detail = lines[at + 1].strip() if at is not None and at + 1 < len(lines) else ""
        return EngineStopped(
            "The query engine failed on this query and the query was stopped; other queries "
            "are not affected." + (f" The engine said: {detail[:300]}" if detail else
                                   f" ({status})"))

    # --- the running queries' clock -------------------------------------------------------

    async def _watch(self) -> None:
        while True:
            await asyncio.sleep(_TICK)
            now = time.monotonic()
            for running in list(self.running.values()):
                if not running.lowered and now - running.started > self.config.slow_after:
                    with contextlib.suppress(OSError):
                        os.setpriority(os.PRIO_PROCESS, running.process.pid, 19)
                        running.lowered = True

    # --- the workers' connections ---------------------------------------------------------

    async def _serve_one(self, reader: asyncio.StreamReader,
                         writer: asyncio.StreamWriter) -> None:
        """Answer one worker's connection, job after job, until the worker closes it (or,
        handing over, this broker does: the worker sends its next job to the successor)."""
        try:
            while not self.handing_over:
                self.idle.add(writer)
                header = await reader.readexactly(HEADER.size)
                self.idle.discard(writer)
                self.jobs += 1
                try:
                    client, job = pickle.loads(await reader.readexactly(HEADER.unpack(header)[0]))
                    try:
                        framed = await self.run(client, job)
                    except QueryError as exc:
                        framed = qprocess.frame(("error", exc))
                    writer.write(framed)
                    await writer.drain()
                finally:
                    self.jobs -= 1
        except (asyncio.IncompleteReadError, ConnectionError):
            pass  # the worker went away
        except Exception:
            log.exception("the broker could not answer a job")
        finally:
            self.idle.discard(writer)
            writer.close()

    async def serve(self, listener: socket.socket, hand_over: int | None = None,
                    taken_over: int | None = None) -> None:
        """Warm the sealed pool, then answer the workers until killed.

        A broker serving from the store on disk while its successor copies the store into
        memory (``start``) is given ``hand_over``, the read end of a pipe: when the successor
        writes to it, this broker stops accepting jobs, finishes those it has, and returns. The
        successor is given the write end as ``taken_over`` and writes once it answers jobs. If
        the successor dies first, the pipe only closes, and this broker goes on serving.
        """
        self.loop = asyncio.get_running_loop()
        pool = self.pools[SEALED]
        for _ in range(min(self.config.warm, self.config.processes)):
            pool.idle.append(self._spawn(pool))
        watcher = self.loop.create_task(self._watch())
        server = await asyncio.start_unix_server(self._serve_one, sock=listener)
        if taken_over is not None:
            os.write(taken_over, b"!")
            os.close(taken_over)
        try:
            if hand_over is not None and await self._successor_serves(hand_over):
                server.close()
                self.handing_over = True
                for writer in list(self.idle):
                    writer.close()
                while self.jobs:  # the jobs accepted before the hand-over
                    await asyncio.sleep(_TICK)
                log.info("queries now run on the store's in-memory copy")
                return
            async with server:  # no successor, or it died before serving: stay, for good
                await server.serve_forever()
        finally:
            watcher.cancel()

    async def _successor_serves(self, fd: int) -> bool:
        """Wait for the successor's word on ``fd``: True when it serves, False if it died."""
        said: asyncio.Future[bytes] = self.loop.create_future()

        def readable() -> None:
            if not said.done():
                said.set_result(os.read(fd, 1))

        self.loop.add_reader(fd, readable)
        try:
            return bool(await said)
        finally:
            self.loop.remove_reader(fd)
            os.close(fd)


def _write_frame(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def _raise_priority(pid: int) -> bool:
    try:
        os.setpriority(os.PRIO_PROCESS, pid, 0)
        return True
    except OSError:
        return False


def _exit_status(pid: int) -> str:
    for _ in range(50):
        with contextlib.suppress(ChildProcessError):
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                if os.WIFSIGNALED(status):
                    return f"signal {signal.Signals(os.WTERMSIG(status)).name}"
                return f"exit code {os.WEXITSTATUS(status)}"
        time.sleep(0.01)
    return "still running"


# --- the broker's process, seen from the app ------------------------------------------------


@dataclass
class BrokerHandle:
    """The broker process as the app that started it sees it."""

    pid: int
    path: str
    # The broker copying the store into memory, which takes over from ``pid`` when ready.
    successor: int = 0

    def stop(self) -> None:
        """Stop the broker (and its successor) and their query processes; safe to call twice."""
        for pid in (self.pid, self.successor):
            if pid:
                _stop(pid)
        shutil.rmtree(os.path.dirname(self.path), ignore_errors=True)


def _stop(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGTERM)
    with contextlib.suppress(ChildProcessError):
        for _ in range(100):
            done, _ = os.waitpid(pid, os.WNOHANG)
            if done:
                return
            time.sleep(0.02)
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)


def _fork_broker(listener: socket.socket, opener: Opener | Callable[[], Opener],
                 config: BrokerConfig, hand_over: int | None = None,
                 taken_over: int | None = None, foreign: int | None = None) -> int:
    pid = os.fork()
    if pid:
        return pid
    code = 0
    try:
        if foreign is not None:  # the successor's end: held here, its death would go unseen
            os.close(foreign)
        sandbox.die_with_parent()
        for sig in (signal.SIGINT, signal.SIGQUIT, signal.SIGHUP, signal.SIGUSR1,
                    signal.SIGUSR2, signal.SIGWINCH, signal.SIGCHLD):
            signal.signal(sig, signal.SIG_DFL)
        signal.signal(signal.SIGTERM, lambda *_: _stop_now())
        if taken_over is not None:
            started = time.monotonic()
            opener = cast(Callable[[], Opener], opener)()  # the copy into memory, here
            log.info("the store was copied into memory in %.1f s", time.monotonic() - started)
        asyncio.run(Broker(cast(Opener, opener), config).serve(listener, hand_over, taken_over))
    except BaseException:
        log.exception("the query broker stopped")
        code = 70
    finally:
        os._exit(code)


def start(opener: Opener, config: BrokerConfig,
          successor: Callable[[], Opener] | None = None) -> BrokerHandle:
    """Fork the broker; return once it listens (connections made before it runs wait).

    With ``successor``, a second broker is forked beside the first: it calls ``successor``
    (which copies the store into memory and returns the opener of the copy), then takes the
    first one's place on the same socket (``Broker.serve``). Both are children of the caller,
    so either dies with it, and a successor that fails leaves the first one serving.
    """
    directory = tempfile.mkdtemp(prefix="syriakg-broker-")  # 0700: only this user connects
    path = os.path.join(directory, "queries.sock")
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(path)
    listener.listen(1024)
    if successor is None:
        pid = _fork_broker(listener, opener, config)
        listener.close()
        return BrokerHandle(pid, path)
    hand_over, taken_over = os.pipe()
    pid = _fork_broker(listener, opener, config, hand_over=hand_over, foreign=taken_over)
    os.close(hand_over)
    later = _fork_broker(listener, successor, config, taken_over=taken_over)
    os.close(taken_over)
    listener.close()
    return BrokerHandle(pid, path, later)


def _stop_now() -> None:
    """SIGTERM in the broker: its query processes die with it (they have PDEATHSIG)."""
    logging.shutdown()
    os._exit(0)


class BrokerExecutor:
    """The web worker's side: each job goes to the broker over a Unix socket.

    Connections are kept for the next job (connecting cost a tenth of a worker's time per query
    at 100k triples). Under gevent the sockets are cooperative, so a worker waits for many queries
    at once, each on a connection of its own.
    """

    def __init__(self, path: str, timeout: float) -> None:
        self.path = path
        self.timeout = timeout
        self._idle: list[socket.socket] = []
        self._pid = os.getpid()

    def _connection(self) -> tuple[socket.socket, bool]:
        """An idle connection (and True), or a new one (and False)."""
        if self._pid != os.getpid():  # forked: those are the parent's, never to be shared
            self._idle, self._pid = [], os.getpid()
        if self._idle:
            return self._idle.pop(), True
        conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            # The broker answers every job within the time limit (or with the reason it did
            # not run): a longer wait means the broker itself is gone.
            conn.settimeout(2 * self.timeout + 10)
            conn.connect(self.path)
        except OSError:
            conn.close()
            raise
        return conn, False

    def run(self, job: Job, client: str = "") -> Outcome:
        """Run ``job`` for ``client``; see Broker.run for what it raises."""
        message = qprocess.frame((client, job))
        conn: socket.socket | None = None
        try:
            conn, kept = self._connection()
            try:
                reply = _exchange(conn, message)
            except _ClosedBeforeAnswer:
                if not kept:
                    raise
                # A kept connection the broker closed while idle (handing over to its
                # successor): the job was never read, so it goes on a new connection.
                conn.close()
                conn = None
                conn, _ = self._connection()
                reply = _exchange(conn, message)
        except BaseException as exc:
            if conn is not None:  # a reply half read (a gevent timeout, say) leaves it unusable
                conn.close()
            if isinstance(exc, (OSError, EOFError)):
                raise QueryServiceUnavailable(
                    f"the query service is not answering ({exc}); try again in a minute"
                ) from None
            raise
        self._idle.append(conn)
        if reply[0] == "ok":
            outcome: Outcome = reply[1]
            return outcome
        failure: QueryError = reply[1]
        raise failure

    def close(self) -> None:
        """Close the kept connections."""
        while self._idle:
            self._idle.pop().close()


class _ClosedBeforeAnswer(EOFError):
    """The broker closed the connection before a byte of the answer came."""


def _exchange(conn: socket.socket, message: bytes) -> Any:
    try:
        conn.sendall(message)
        header = conn.recv(HEADER.size, socket.MSG_WAITALL)
    except (BrokenPipeError, ConnectionResetError):
        raise _ClosedBeforeAnswer("the broker closed the connection") from None
    if not header:
        raise _ClosedBeforeAnswer("the broker closed the connection")
    if len(header) < HEADER.size:
        header += _recv_exact(conn, HEADER.size - len(header))
    return pickle.loads(_recv_exact(conn, HEADER.unpack(header)[0]))


def _recv_exact(conn: socket.socket, size: int) -> bytes:
    parts = []
    while size:
        chunk = conn.recv(min(size, 1 << 20))
        if not chunk:
            raise EOFError("the broker closed the connection")
        parts.append(chunk)
        size -= len(chunk)
    return b"".join(parts)
