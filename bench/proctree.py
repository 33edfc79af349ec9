"""Memory and CPU of a server's whole process tree, read from /proc (Linux only).

A server started in its own session (httpclient.start, tests/virtuoso.py) keeps every process it
forks in that session, so the session id finds the gunicorn master, its workers and their query
processes together. Memory is summed as PSS (proportional set size, /proc/PID/smaps_rollup): pages
a fork shares copy-on-write are counted once across the processes, where summing RSS would count
them once per process.
"""

from __future__ import annotations

import contextlib
import os
import threading
from dataclasses import dataclass, field
from pathlib import Path

TICK = os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True)
class Proc:
    pid: int
    ppid: int
    session: int
    cpu_seconds: float  # user + system


def _stat(pid: int) -> Proc | None:
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    # the command name is in parentheses and may hold spaces: split after its closing one
    fields = text[text.rindex(")") + 2:].split()
    return Proc(pid, int(fields[1]), int(fields[3]), (int(fields[11]) + int(fields[12])) / TICK)


def session(root: int) -> list[Proc]:
    """Every live process in the session led by ``root``."""
    procs = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            proc = _stat(int(entry))
            if proc is not None and (proc.session == root or proc.pid == root):
                procs.append(proc)
    return procs


def pss_bytes(pid: int) -> int:
    """Proportional set size of one process, 0 if it is gone or unreadable."""
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) * 1024
    return 0


def cpu_by_depth(root: int) -> dict[int, float]:
    """CPU seconds so far of the tree under ``root``, summed by depth (0: the root itself, 1: its
    children...): for gunicorn, the master, the workers, and what the workers fork."""
    procs = {p.pid: p for p in session(root)}
    out: dict[int, float] = {}
    for proc in procs.values():
        depth, up = 0, proc
        while up.pid != root and up.ppid in procs:
            depth, up = depth + 1, procs[up.ppid]
        out[depth] = out.get(depth, 0.0) + proc.cpu_seconds
    return out


@dataclass
class PeakMemory:
    """Samples the summed PSS of a session in a background thread; ``peak`` is the largest sum.

    Reading smaps_rollup costs CPU in proportion to the memory mapped (about 20 ms for 1.2 GB
    here), taken from the benchmark's cores: hence one sample a second, not more.
    """

    root: int
    interval: float = 1.0
    peak: int = 0
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def sample(self) -> int:
        total = sum(pss_bytes(p.pid) for p in session(self.root))
        self.peak = max(self.peak, total)
        return total

    def start(self) -> PeakMemory:
        def run() -> None:
            while not self._stop.wait(self.interval):
                self.sample()

        self.sample()
        self._thread = threading.Thread(target=run, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> int:
        """Stop sampling (after one last sample); the peak in bytes."""
        if self._thread is not None and not self._stop.is_set():
            self.sample()
            self._stop.set()
            self._thread.join()
        return self.peak

    def __enter__(self) -> PeakMemory:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
