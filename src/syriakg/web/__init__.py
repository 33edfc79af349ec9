"""The web layer: a Flask app factory with injected settings and store.

Production (``syriakg serve``, server/wsgi.py) lets the factory open the built store once per
worker; tests pass a small in-memory store. Three rooms, each a package of blueprints
(docs/architecture.md, "The web layer"): ``sparql`` (the SPARQL 1.1 Protocol endpoint and the
query process), ``pages`` (linked-data pages, search, dumps, VoID, the ontology) and ``views``
(the home page and gallery, the actor graph, the cross-check); what they share (errors,
negotiation, i18n, the per-worker state) sits beside them. Static files under /static (YASGUI
and Cytoscape.js in static/vendor/, from ``make static``).
"""

from __future__ import annotations

import pyoxigraph as ox
from flask import Flask

from syriakg.settings import Settings
from syriakg.store import connect, graph_sizes
from syriakg.store.remote import RemoteStore
from syriakg.web.access import Access
from syriakg.web.description import Limits
from syriakg.web.errors import register_error_handlers
from syriakg.web.jobs import Executor
from syriakg.web.pages import dumps, lookup, resources, search, void
from syriakg.web.sparql import endpoint
from syriakg.web.sparql.cache import CachingExecutor, ResultCache
from syriakg.web.sparql.executor import QueryExecutor
from syriakg.web.sparql.inline import InlineExecutor, Watchdog, answer_and_exit
from syriakg.web.state import EXTENSION, WebState, read_assessments, read_sources
from syriakg.web.views import checks, graph, home


def _executor(app: Flask, store: ox.Store | RemoteStore, settings: Settings) -> Executor:
    """Where this worker's queries run: see the ``query_isolation`` setting."""
    if isinstance(store, RemoteStore):  # its HTTP timeout is the time limit: nothing to watch
        return InlineExecutor(store, settings.query_timeout, watchdog=None)
    executor: Executor
    if settings.query_isolation == "process":
        executor = QueryExecutor(store, settings.query_timeout)
    else:
        watchdog = Watchdog(answer_and_exit(app, settings.query_timeout))
        executor = InlineExecutor(store, settings.query_timeout, watchdog)
    if settings.result_cache_mb:
        # Local stores only: a remote store may be written by others while we serve it.
        executor = CachingExecutor(executor, ResultCache(settings.result_cache_mb << 20))
    return executor


def create_app(
    settings: Settings | None = None, store: ox.Store | RemoteStore | None = None
) -> Flask:
    """Build the app: open the store (unless given), read its facts, set up the query runner.

    :raises syriakg.errors.StoreError: if no store is given and none is built at
        ``settings.store``, or, when that is a URL, the store cannot be reached or holds no
        build (syriakg.remote).
    """
    settings = settings or Settings.load()
    if store is None:
        store = connect(settings)  # the built store, or a remote one when `store` is a URL
    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = settings.max_request_bytes
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    app.json.sort_keys = False  # type: ignore[attr-defined]
    # The start-up facts are read once: the store never changes under a server. (With
    # query_isolation = "process", only the query process may touch the store after this.)
    sizes = graph_sizes(store)
    sources = read_sources(store)
    # The actor graph (/graph) reads its statements now.
    graph.init_app(app, store, keep_bytes=settings.result_cache_mb << 20)
    assessments = read_assessments(store)  # the cross-check (/checks, claim pages)
    # The labels every page shows and the search index, now too, so that no visitor waits for
    # them (2 s at 1M triples, per worker); the workers of a preloaded app share one reading.
    with app.app_context():
        lookup.labels(store)
        search.index(store)
    executor = _executor(app, store, settings)
    app.extensions[EXTENSION] = WebState(
        settings=settings, executor=executor, limits=Limits.of(settings), sizes=sizes,
        sources=sources, assessments=assessments,
    )
    # /sparql; /, /queries.json, /checks, /graph; /id/…, /ontology, /graph/<name>, /search,
    # /download, /.well-known/void.
    for blueprint in (endpoint.bp, home.bp, checks.bp, resources.bp, search.bp, dumps.bp,
                      void.bp):
        app.register_blueprint(blueprint)
    register_error_handlers(app)
    app.wsgi_app = Access(app.wsgi_app)  # type: ignore[method-assign]
    return app


def close_app(app: Flask) -> None:
    """Stop the app's query processes, if it has any (tests; gunicorn workers exit anyway)."""
    app.extensions[EXTENSION].executor.close()


__all__ = ["close_app", "create_app"]
