"""``GET /sparql?query=…`` answered without Flask's request machinery: the endpoint's hot path.

For a light query, Flask's request context, routing, hooks and response object cost more than
evaluating the query: about half of a 1.2 ms round trip on this machine (bench/README.md). This
WSGI middleware answers the common case itself, with the functions the Flask view uses
(protocol, guard, negotiation, the executor, the same headers and access log), and hands every
other request to Flask untouched: no query, a browser asking for HTML, POST, and any request the
view would refuse. So there is one behaviour behind two doors, and the Flask door decides every
edge case. A query that fails while running is not run again: its error is rendered by the app's
own error handlers. Under gunicorn the worker (web.worker) calls ``prepare`` and ``run`` itself
for a plain GET it reads off the socket, and leaves the request to gunicorn when ``prepare``
declines it.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, NamedTuple

from flask import Flask, g

from syriakg.namespaces import PREFIXES
from syriakg.web import sparql
from syriakg.web.access import log_request
from syriakg.web.errors import WebError
from syriakg.web.guard import check_services, inspect_query
from syriakg.web.negotiation import prefers_html
from syriakg.web.protocol import read_query_string
from syriakg.web.runner import Job, QueryFailed
from syriakg.web.state import EXTENSION, WebState

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment


class LoggedWhenSent:
    """A fast-path answer, whose access line is written when the server closes it.

    A WSGI server calls ``close()`` once it has sent the body (PEP 3333), so the client does
    not wait for the log: formatting and writing the line took 11 us of a light query's
    time in one process, and about twice that in a worker woken by the request.
    """

    __slots__ = ("body", "elapsed_ms")

    def __init__(self, body: bytes, elapsed_ms: float) -> None:
        self.body = body
        self.elapsed_ms = elapsed_ms

    def __iter__(self) -> Iterator[bytes]:
        yield self.body

    def close(self) -> None:
        log_request("GET", "/sparql", 200, self.elapsed_ms, len(self.body))


class Answer(NamedTuple):
    """A complete WSGI answer: what ``start_response`` is given, and the body."""

    status: str
    headers: list[tuple[str, str]]
    body: Iterable[bytes]


class Prepared(NamedTuple):
    """A query the fast path will run, and what its answer or error page depends on."""

    job: Job
    override: str | None  # format=
    accept: str | None
    started: float  # perf_counter() when the request was taken up


class FastPath:
    """Wraps ``app.wsgi_app``: answers plain GET queries, passes everything else on."""

    def __init__(self, app: Flask, wsgi_app: WSGIApplication) -> None:
        self.app = app
        self.next = wsgi_app

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        prepared = self.prepare(environ)
        if prepared is None:
            return self.next(environ, start_response)
        answer = self.run(environ, prepared)
        start_response(answer.status, answer.headers)
        return answer.body

    def prepare(self, environ: WSGIEnvironment) -> Prepared | None:
        """The query ``environ`` asks the fast path to run, or None when the Flask app must see
        the request. Nothing is run or written yet: the server's worker (web.worker) leaves the
        request to gunicorn on None."""
        if (environ.get("REQUEST_METHOD") != "GET" or environ.get("PATH_INFO") != "/sparql"
                or not environ.get("QUERY_STRING")):
            return None
        started = time.perf_counter()
        try:
            return self._prepare(environ, started)
        except WebError:
            return None  # the view raises the same error and renders it

    def run(self, environ: WSGIEnvironment, prepared: Prepared) -> Answer:
        """Run the prepared query; its answer, or the error page of a query that failed."""
        state = self._state()
        try:
            outcome = state.executor.run(prepared.job, environ)
        except QueryFailed as exc:
            error = sparql.failure_error(exc, prepared.override, prepared.accept)
            return self._failure(environ, prepared.started, error)
        headers = sparql.result_headers(outcome, state.settings.max_rows)
        elapsed_ms = (time.perf_counter() - prepared.started) * 1000
        return Answer("200 OK", headers, LoggedWhenSent(outcome.body, elapsed_ms))

    def _state(self) -> WebState:
        state: WebState = self.app.extensions[EXTENSION]
        return state

    def _prepare(self, environ: WSGIEnvironment, started: float) -> Prepared | None:
        """The job the view would run, or None when the view must see this request."""
        settings = self._state().settings
        # PEP 3333: QUERY_STRING holds the raw bytes decoded as latin-1.
        raw = environ["QUERY_STRING"].encode("latin-1")
        protocol = read_query_string(raw, settings.max_request_bytes)
        accept = environ.get("HTTP_ACCEPT")
        if protocol.query is None or (
            protocol.format is None and prefers_html(accept, sparql.DATA_TYPES)
        ):
            return None
        shape = inspect_query(protocol.query, PREFIXES)
        if shape.is_update:
            return None
        check_services(shape, settings.service_allowlist)
        results_format, graph_format = sparql.choose_formats(protocol.format, accept)
        job = sparql.build_job(protocol, shape, results_format, graph_format, settings.max_rows)
        return Prepared(job, protocol.format, accept, started)

    def _failure(self, environ: WSGIEnvironment, started: float, error: WebError) -> Answer:
        """Render ``error`` through the app's handlers and hooks, as the view's would be."""
        with self.app.request_context(environ):
            g.started = started
            response = self.app.make_response(self.app.handle_user_exception(error))
            response = self.app.process_response(response)
            body, status, headers = response.get_wsgi_response(environ)
            return Answer(status, headers, list(body))
