"""Fair to every client: at most ``client_queries`` queries at once and ``client_cpu_seconds`` of
query processes' CPU per minute for each client, as public endpoints ration theirs (Wikidata's
query service limits parallel queries and processing time per client).

A client is a remote address (web.clients decides which, proxies included). The ledger lives in
the broker, the one process that sees every worker's queries; it is plain bookkeeping, tested on
its own.
"""

from __future__ import annotations

import math
import time
from collections import defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass

WINDOW = 60.0  # seconds over which CPU time is counted


@dataclass(frozen=True)
class Refusal:
    """Why a client's query is not run now, and when to try again."""

    reason: str
    retry_after: int  # seconds


class Ledger:
    """Running queries and recent CPU time per client.

    :param max_running: queries one client may have running or waiting at once.
    :param cpu_per_window: CPU seconds one client's queries may use per ``WINDOW``.
    """

    def __init__(self, max_running: int, cpu_per_window: float,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.max_running = max_running
        self.cpu_per_window = cpu_per_window
        self.clock = clock
        self.running: dict[str, int] = defaultdict(int)
        self.spent: dict[str, deque[tuple[float, float]]] = defaultdict(deque)

    def _recent(self, client: str) -> float:
        spent = self.spent[client]
        horizon = self.clock() - WINDOW
        while spent and spent[0][0] < horizon:
            spent.popleft()
        if not spent:
            del self.spent[client]
            return 0.0
        return sum(cpu for _, cpu in spent)

    def admit(self, client: str) -> Refusal | None:
        """None if ``client`` may start a query now (and count it as running), else why not."""
        if self.running[client] >= self.max_running:
            return Refusal(
                f"this client already has {self.running[client]} queries running, the most one "
                f"client may run at once (setting `client_queries`); wait for one to finish",
                1,
            )
        used = self._recent(client)
        if used >= self.cpu_per_window:
            oldest = self.spent[client][0][0]
            wait = max(1, math.ceil(oldest + WINDOW - self.clock()))
            return Refusal(
                f"this client's queries used {used:.1f} s of CPU in the last minute, the most "
                f"one client may use (setting `client_cpu_seconds`); try again in {wait} s",
                wait,
            )
        self.running[client] += 1
        return None

    def finish(self, client: str, cpu_seconds: float) -> None:
        """The query ``admit`` let in has ended, after using ``cpu_seconds``."""
        self.running[client] -= 1
        if self.running[client] <= 0:
            del self.running[client]
        if cpu_seconds > 0:
            self.spent[client].append((self.clock(), cpu_seconds))
