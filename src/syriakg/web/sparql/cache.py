"""Answers kept in each worker, so a query asked again is answered without running it.

The store never changes under a server (a rebuilt store needs a restart), so an answer stays
true for the server's life: there is nothing to expire. What is kept is bounded by bytes,
least recently used first out. Left out: answers that may differ between two runs of the same
text (``NOW()``, ``RAND()``, ``UUID()``, ``STRUUID()``, ``SERVICE`` to another endpoint) and
answers too large for the budget to hold several of. ``BytesLRU`` also keeps the actor graph's
files (web.views.graph).
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import replace
from typing import Generic, TypeVar

from syriakg.web.jobs import Executor, Job, Outcome

# A name followed by "(" anywhere, strings and comments included: a false match only means
# the answer is not kept.
_VOLATILE = re.compile(r"\b(?:NOW|RAND|UUID|STRUUID)\s*\(", re.IGNORECASE)

# One answer may take at most this share of the budget, so one large answer cannot push out
# every other.
LARGEST_SHARE = 8

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")
Prefixes = frozenset[tuple[str, str]] | None
CacheKey = tuple[str, str | None, str | None, int, tuple[str, ...] | None,
                 tuple[str, ...] | None, Prefixes, Prefixes]


def _prefixes(mapping: dict[str, str] | None) -> Prefixes:
    return None if mapping is None else frozenset(mapping.items())


def cache_key(job: Job) -> CacheKey | None:
    """What makes two jobs the same answer; None when the answer must not be kept."""
    if job.uses_service or _VOLATILE.search(job.query):
        return None
    # The prefixes too: a page's lookup and the endpoint may send the same text with different
    # ones, and a Turtle answer declares them.
    return (job.query, job.results_format, job.graph_format, job.max_rows, job.default_graphs,
            job.named_graphs, _prefixes(job.prefixes), _prefixes(job.answer_prefixes))


class BytesLRU(Generic[K, V]):
    """A least-recently-used map bounded by the bytes of its values (``size`` measures one)."""

    def __init__(self, max_bytes: int, size: Callable[[V], int],
                 largest_share: int = LARGEST_SHARE) -> None:
        """``largest_share``: one value may take at most 1/``largest_share`` of the bytes."""
        self.max_bytes = max_bytes
        self.bytes = 0
        self._size = size
        self._largest_share = largest_share
        self._entries: OrderedDict[K, V] = OrderedDict()
        # Sync workers serve one request at a time; the lock is for threaded servers (tests,
        # `flask run`), and uncontended it costs well under a microsecond.
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, key: K) -> V | None:
        with self._lock:
            value = self._entries.get(key)
            if value is not None:
                self._entries.move_to_end(key)
            return value

    def put(self, key: K, value: V) -> None:
        """Keep ``value`` unless it is too large; drop the least recently used to fit it."""
        size = self._size(value)
        if size * self._largest_share > self.max_bytes:
            return
        with self._lock:
            old = self._entries.pop(key, None)
            if old is not None:
                self.bytes -= self._size(old)
            while self._entries and self.bytes + size > self.max_bytes:
                _, dropped = self._entries.popitem(last=False)
                self.bytes -= self._size(dropped)
            self._entries[key] = value
            self.bytes += size


class ResultCache(BytesLRU[CacheKey, Outcome]):
    """Query answers by ``cache_key``, bounded by the bytes of their bodies."""

    def __init__(self, max_bytes: int) -> None:
        super().__init__(max_bytes, lambda outcome: len(outcome.body))


class CachingExecutor:
    """An executor that answers a repeated query from ``cache`` and runs the others."""

    def __init__(self, executor: Executor, cache: ResultCache) -> None:
        self.executor = executor
        self.cache = cache

    def run(self, job: Job, client: str = "") -> Outcome:
        """The kept answer to ``job``, or the executor's (kept if it may be); failures are
        raised as the executor raises them and never kept."""
        key = cache_key(job)
        if key is None:
            return self.executor.run(job, client)
        kept = self.cache.get(key)
        if kept is not None:
            return replace(kept, cached=True)
        outcome = self.executor.run(job, client)
        self.cache.put(key, outcome)
        return outcome

    def close(self) -> None:
        self.executor.close()
