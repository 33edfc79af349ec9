"""What the HTTP benchmarks share: a SPARQL GET, servers in their own process group, and the
latency and throughput loops.

Used by bench/http_bench.py and bench/serve_bench.py (scripts run from bench/), so every system
in both is measured the same way: one new loopback connection per request, as curl does.
"""

from __future__ import annotations

import argparse
import http.client
import os
import signal
import socket
import subprocess
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from urllib.parse import urlencode

# The benchmarks' client threads stand for many users from one address: the server's share per
# client (client_queries, client_cpu_seconds) is widened for them, so that it is the server, not
# its fairness to one address, that is measured.
ONE_CLIENT_FOR_MANY = {"SYRIAKG_CLIENT_QUERIES": "64", "SYRIAKG_CLIENT_CPU_SECONDS": "86400"}


def sparql_get(port: int, path: str, query: str, accept: str, timeout: float = 120.0,
               headers_out: dict[bytes, bytes] | None = None) -> bytes:
    """GET ``path?query=...`` on 127.0.0.1:``port`` over a fresh connection; the body, or
    RuntimeError on any status but 200. The response's headers (lower-case names) are put in
    ``headers_out`` if given.

    A minimal HTTP/1.1 client on a raw socket, as lean as curl: Python's http.client spends
    about 0.2 ms per request parsing headers with the email package, which would count as
    server overhead in the latency figures. It sends ``Connection: close`` and, as curl and
    every other client do, is done once it holds the ``Content-Length`` bytes; without that
    header it reads to the end. (Reading to the end always added the server's own closing of
    the connection, 0.06-0.10 ms on this machine, to every HTTP figure: bench/README.md.)
    """
    target = f"{path}?{urlencode({'query': query})}"
    request = (f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAccept: {accept}\r\n"
               "Connection: close\r\n\r\n").encode("latin-1")
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as conn:
        conn.sendall(request)
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = conn.recv(1 << 16)
            if not chunk:
                raise RuntimeError(f"closed before the headers ended: {data[:200]!r}")
            data += chunk
        head, _, body = data.partition(b"\r\n\r\n")
        lines = head.split(b"\r\n")
        headers = {k.strip().lower(): v.strip()
                   for k, _, v in (h.partition(b":") for h in lines[1:])}
        length = headers.get(b"content-length")
        chunks = [body]
        if length is None:
            while chunk := conn.recv(1 << 16):
                chunks.append(chunk)
        else:
            missing = int(length) - len(body)
            while missing > 0 and (chunk := conn.recv(1 << 16)):
                chunks.append(chunk)
                missing -= len(chunk)
    body = b"".join(chunks)
    if headers_out is not None:
        headers_out.update(headers)
    parts = lines[0].split(b" ", 2)
    if len(parts) < 2 or not parts[0].startswith(b"HTTP/"):
        raise RuntimeError(f"not an HTTP response: {head[:200]!r}")
    if headers.get(b"transfer-encoding", b"").lower() == b"chunked":
        body = _unchunk(body)
    if parts[1] != b"200":
        raise RuntimeError(f"HTTP {parts[1].decode()}: {body[:300]!r}")
    if length is not None and len(body) != int(length):
        raise RuntimeError(f"{len(body)} bytes of a body of {int(length)}")
    return body


def _unchunk(data: bytes) -> bytes:
    out, at = [], 0
    while True:
        end = data.index(b"\r\n", at)
        size = int(data[at:end].split(b";")[0], 16)
        if size == 0:
            return b"".join(out)
        out.append(data[end + 2:end + 2 + size])
        at = end + 2 + size + 2


def add_nice_option(parser: argparse.ArgumentParser) -> None:
    """``--nice N``: both HTTP benchmarks run at a raised priority on a shared machine."""
    parser.add_argument("--nice", type=int, default=0,
                        help="lower this process's niceness (root only; inherited by the servers "
                             "it starts) to keep other load on a shared machine out of the numbers")


def apply_nice(nice: int) -> None:
    if nice:
        os.nice(-nice)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start(command: list[str], env: dict[str, str], log: Path, probe: Callable[[], object],
          timeout: float,
          spawned: Callable[[subprocess.Popen[bytes]], None] | None = None,
          ) -> subprocess.Popen[bytes]:
    """Start ``command`` in a new session (so ``stop`` ends all it forks) and wait until
    ``probe`` succeeds; ``spawned`` is called with the process as soon as it exists (to watch
    its start-up)."""
    with log.open("wb") as out:
        proc = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT,
                                start_new_session=True)
    if spawned is not None:
        spawned(proc)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{command[0]} exited: {log.read_text()[-2000:]}")
        try:
            probe()
            return proc
        except (OSError, RuntimeError, ValueError, http.client.HTTPException):
            time.sleep(0.25)
    stop(proc)
    raise RuntimeError(f"{command} did not answer within {timeout} s")


def stop(proc: subprocess.Popen[bytes]) -> None:
    """End the server's whole process group: the one this script started."""
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=15)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait(timeout=5)


def latencies(target: Callable[[str], object], name: str, reps: int, budget: float,
              warmup: int = 3, pause: float = 0.0) -> list[float]:
    """Sequential latencies in ms: ``warmup`` calls, then up to ``reps`` calls or ``budget``
    seconds (at least 5 calls), each after sleeping ``pause`` seconds (not timed)."""
    for _ in range(warmup):
        target(name)
    times: list[float] = []
    deadline = time.perf_counter() + budget
    while len(times) < reps and (len(times) < 5 or time.perf_counter() < deadline):
        if pause:
            time.sleep(pause)
        started = time.perf_counter()
        target(name)
        times.append((time.perf_counter() - started) * 1000)
    return times


def throughput(target: Callable[[str], object], names: Sequence[str], concurrency: int,
               seconds: float, max_requests: int) -> tuple[float, int]:
    """Answered requests per second of the mix ``names``, round-robin, with ``concurrency``
    client threads, for ``seconds`` or ``max_requests`` requests, whichever ends first; and the
    number of requests that failed (not counted in the rate, and they do not stop the client)."""
    done = [0] * concurrency
    failed = [0] * concurrency
    stop_at = time.perf_counter() + seconds
    lock = threading.Lock()
    issued = [0]

    def worker(index: int) -> None:
        i = index
        while time.perf_counter() < stop_at:
            with lock:
                if issued[0] >= max_requests:
                    return
                issued[0] += 1
            try:
                target(names[i % len(names)])
                done[index] += 1
            except (OSError, RuntimeError, ValueError, http.client.HTTPException):
                failed[index] += 1
            i += 1

    started = time.perf_counter()
    threads = [threading.Thread(target=worker, args=(i,)) for i in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sum(done) / (time.perf_counter() - started), sum(failed)


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]
