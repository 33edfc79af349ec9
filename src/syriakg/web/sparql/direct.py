"""Queries to a remote store are run by its own server: the worker sends each job there itself.

The HTTP timeout is ``query_timeout`` (store.remote), so the limit holds without a query
process; under gevent the request is cooperative, so the worker serves others meanwhile.
"""

from __future__ import annotations

from syriakg.store import QueryStore
from syriakg.web.jobs import Job, Outcome
from syriakg.web.sparql.runner import run_job


class DirectExecutor:
    """Runs each job in the calling worker against a store that keeps its own time."""

    def __init__(self, store: QueryStore) -> None:
        self.store = store

    def run(self, job: Job, client: str = "") -> Outcome:
        """See runner.run_job for what it raises."""
        return run_job(self.store, job)

    def close(self) -> None:
        """Nothing held."""
