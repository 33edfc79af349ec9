"""Run queries in the web worker itself; end the worker when one runs past the time limit.

pyoxigraph cannot cancel a query (oxigraph#1336), but it releases the GIL while it evaluates,
so a watchdog thread in the same worker keeps running. When a query overstays
``query_timeout`` the watchdog answers the client with a 503 on the request's own socket and
ends the worker: gunicorn forks a fresh one from the preloaded app at once, and the other
workers serve meanwhile. Compared with the query process of web.sparql.executor this saves two
process wake-ups and a pickle round trip per request, about 1 ms at p50 on two cores
(bench/README.md), which is why ``syriakg serve`` runs this way.

It needs a server that replaces a worker which exits (gunicorn, uWSGI). Under any other WSGI
server, or with threads serving requests concurrently, set ``query_isolation = "process"``.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
from collections.abc import Callable
from typing import Any

from flask import Flask

from syriakg.store import QueryStore
from syriakg.web.sparql.runner import Job, Outcome, run_job, timeout_message

log = logging.getLogger("syriakg.web")

# How often the watchdog looks at the clock. Polling costs a few microseconds per tick and
# nothing per request; waking the watchdog on every request would cost a thread switch each.
_TICK = 0.05

Overrun = Callable[[dict[str, Any] | None], None]


class Watchdog:
    """One thread per process that calls ``on_overrun`` once a guarded call overstays."""

    def __init__(self, on_overrun: Overrun) -> None:
        self.on_overrun = on_overrun
        self._lock = threading.Lock()
        self._deadline: float | None = None
        self._environ: dict[str, Any] | None = None
        self._pid: int | None = None

    def arm(self, seconds: float, environ: dict[str, Any] | None) -> None:
        """Start the clock for the call about to run (one at a time per process)."""
        if self._pid != os.getpid():  # threads do not survive fork: start ours in this process
            self._pid = os.getpid()
            threading.Thread(target=self._watch, name="syriakg-watchdog", daemon=True).start()
        self._environ = environ
        self._deadline = time.monotonic() + seconds

    def disarm(self) -> None:
        """The call finished in time. Blocks, for good, if the watchdog has already fired."""
        with self._lock:
            self._deadline = None
            self._environ = None

    def _watch(self) -> None:
        while True:
            time.sleep(_TICK)
            deadline = self._deadline
            if deadline is None or time.monotonic() < deadline:
                continue
            with self._lock:  # the call may have finished while we looked at the clock
                if self._deadline is None:
                    continue
                self.on_overrun(self._environ)  # does not return when it ends the process
                self._deadline = None


class InlineExecutor:
    """Evaluate each job in the calling thread, under the watchdog's time limit if there is one.

    Without a watchdog the store must keep time itself: a remote store (``store`` is a URL),
    whose HTTP timeout is ``query_timeout`` and whose engine is another server's (syriakg.remote).
    """

    def __init__(self, store: QueryStore, timeout: float, watchdog: Watchdog | None) -> None:
        self.store = store
        self.timeout = timeout
        self.watchdog = watchdog

    def run(self, job: Job, environ: dict[str, Any] | None = None) -> Outcome:
        """Run ``job`` here; see runner.run_job for the failures it raises.

        ``environ`` carries the client's socket, on which the watchdog answers an overrun.
        """
        if self.watchdog is None:
            return run_job(self.store, job)
        self.watchdog.arm(self.timeout, environ)
        try:
            return run_job(self.store, job)
        finally:
            self.watchdog.disarm()

    def close(self) -> None:
        """Nothing to stop: the queries run in the caller's thread."""


def answer_and_exit(app: Flask, timeout: float) -> Overrun:
    """The watchdog's action under gunicorn: send the 503 the client is owed, end the worker."""

    def overrun(environ: dict[str, Any] | None) -> None:
        message = timeout_message(timeout)
        log.warning("a query ran past query_timeout (%g s); ending worker %d so that a fresh "
                    "one takes its place", timeout, os.getpid())
        client = environ.get("gunicorn.socket") if environ else None
        if environ is None or not isinstance(client, socket.socket):
            # No gunicorn to answer through or to replace us: say why the process ends.
            log.critical("query_isolation = 'worker' needs gunicorn (`syriakg serve`); under "
                         "another server set query_isolation = 'process'. Exiting.")
            logging.shutdown()
            os._exit(70)
        try:
            client.sendall(_http_response(app, environ, message))
            client.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass  # the client has gone: nothing is owed
        logging.shutdown()
        os._exit(0)

    return overrun


def _http_response(app: Flask, environ: dict[str, Any], message: str) -> bytes:
    """The same 503 the error handlers give, as bytes on the wire (HTTP/1.1, then close)."""
    from syriakg.web.errors import render_error

    with app.request_context(environ):
        response = render_error(message, 503)
        response.headers["Access-Control-Allow-Origin"] = "*"
        response.headers["Connection"] = "close"
        body = response.get_data()
    head = f"HTTP/1.1 {response.status}\r\n" + "".join(
        f"{k}: {v}\r\n" for k, v in response.headers.items()
    )
    return head.encode("latin-1") + b"\r\n" + body
