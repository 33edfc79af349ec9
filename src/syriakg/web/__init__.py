"""The web layer: a Flask app factory with injected settings and store (STYLE.md §7.3).

Production (``syriakg serve``, server/wsgi.py) lets the factory open the built store once per
worker; tests pass a small in-memory store. Blueprints: ``sparql`` (/sparql) and ``pages``
(/, /queries.json); static files under /static (YASGUI in static/vendor/, from ``make static``).
"""

from __future__ import annotations

import logging
import time

import pyoxigraph as ox
from flask import Flask, Response, g, request

from syriakg.settings import Settings
from syriakg.store import graph_sizes, open_store
from syriakg.web import checks, graph
from syriakg.web.description import Limits
from syriakg.web.errors import register_error_handlers
from syriakg.web.executor import QueryExecutor
from syriakg.web.state import EXTENSION, WebState, read_sources

access_log = logging.getLogger("syriakg.web.access")

# Every response is readable from any origin; preflight answers also allow our methods and
# headers. (Only preflights get the last three: each header costs CPU on every request.)
_CORS = [
    ("Access-Control-Allow-Origin", "*"),
    ("Access-Control-Expose-Headers", "X-SPARQL-Truncated, X-SPARQL-Max-Rows"),
]
_PREFLIGHT = [
    ("Access-Control-Allow-Methods", "GET, POST, OPTIONS"),
    ("Access-Control-Allow-Headers", "Accept, Content-Type"),
    ("Access-Control-Max-Age", "86400"),
]


def _start_timer() -> None:
    g.started = time.perf_counter()


def _finish(response: Response) -> Response:
    """Open CORS on every response (a public read-only endpoint), and log the request."""
    # One membership test and one extend: five setdefault calls each rescan the headers, which
    # cost more CPU than the rest of a light query's handling.
    if "Access-Control-Allow-Origin" not in response.headers:
        response.headers.extend(_CORS + _PREFLIGHT if request.method == "OPTIONS" else _CORS)
    started = g.get("started")
    elapsed = (time.perf_counter() - started) * 1000 if started else 0.0
    access_log.info(
        "%s %s %d %.1fms %s", request.method, request.path, response.status_code, elapsed,
        response.content_length if response.content_length is not None else "-",
    )
    return response


def create_app(settings: Settings | None = None, store: ox.Store | None = None) -> Flask:
    """Build the app: open the store (unless given), read its facts, fork the query process.

    :raises syriakg.errors.StoreError: if no store is given and none is built at
        ``settings.store``.
    """
    settings = settings or Settings.load()
    if store is None:
        store = open_store(settings.store_path, settings.store_mode)
    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = settings.max_request_bytes
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    app.json.sort_keys = False  # type: ignore[attr-defined]
    # Read the start-up facts before forking: afterwards only the query process touches the store.
    sizes = graph_sizes(store)
    sources = read_sources(store)
    graph.init_app(app, store)  # the actor graph (/graph) reads its statements now
    checks.init_app(app, store)  # the cross-check table (/checks, claim pages)
    executor = QueryExecutor(store, settings.query_timeout)
    app.extensions[EXTENSION] = WebState(
        settings=settings, executor=executor, limits=Limits.of(settings), sizes=sizes,
        sources=sources,
    )

    from syriakg.web import pages, sparql

    app.register_blueprint(sparql.bp)
    app.register_blueprint(pages.bp)
    # Linked data: /id/…, /ontology, /graph/<name>, /search, /download, /.well-known/void.
    from syriakg.web import dumps, resources, search, void

    for blueprint in (resources.bp, search.bp, dumps.bp, void.bp, checks.bp):
        app.register_blueprint(blueprint)
    register_error_handlers(app)
    app.before_request(_start_timer)
    app.after_request(_finish)
    return app


def close_app(app: Flask) -> None:
    """Stop the app's query processes (tests; gunicorn workers do it at exit)."""
    app.extensions[EXTENSION].executor.close()


__all__ = ["close_app", "create_app"]
