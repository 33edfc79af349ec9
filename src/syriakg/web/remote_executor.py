"""Run queries against a remote store (``store`` is a URL) in the calling thread.

Nothing here needs isolating: the engine is in another server, the worker only waits on a
socket, and the HTTP timeout (``query_timeout``) is the time limit, so a query past it is
abandoned without ending the worker or killing a process (syriakg.remote). The interface is
web.state.Executor's, like web.executor and web.inline.
"""

from __future__ import annotations

import logging
import os

from syriakg.remote import RemoteStore
from syriakg.web.runner import Job, Outcome, QueryFailed, run_job

log = logging.getLogger("syriakg.web")


class RemoteExecutor:
    """Send each job to the remote store from the caller's thread."""

    def __init__(self, store: RemoteStore) -> None:
        self.store = store
        self._closed = False

    def run(self, job: Job) -> Outcome:
        """Run ``job`` on the remote store.

        :raises QueryFailed: see runner.run_job; anything else unexpected is ``internal``,
            as the query process of web.executor reports it.
        """
        if self._closed:
            raise QueryFailed("internal", "the query executor is closed")
        try:
            return run_job(self.store, job)
        except QueryFailed:
            raise
        except Exception as exc:
            log.exception("query on the remote store %s failed", self.store.url)
            raise QueryFailed("internal", f"{type(exc).__name__}: {exc}") from exc

    @property
    def pids(self) -> list[int]:
        """The process that runs the queries: this one (the engine is the remote store's)."""
        return [os.getpid()]

    def close(self) -> None:
        """Nothing to stop; later jobs are refused, as by the other executors."""
        self._closed = True
