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

import functools
import logging
import os
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
from flask import Flask

from syriakg import ontodoc
from syriakg.settings import Settings
from syriakg.store import QueryStore, connect, facts, open_store, textindex
from syriakg.store.remote import RemoteStore
from syriakg.web.access import Access
from syriakg.web.description import Limits
from syriakg.web.errors import register_error_handlers
from syriakg.web.jobs import Executor
from syriakg.web.pages import dumps, lookup, resources, search, void
from syriakg.web.sparql import broker, endpoint, relay, sandbox
from syriakg.web.sparql.cache import CachingExecutor, ResultCache
from syriakg.web.sparql.direct import DirectExecutor
from syriakg.web.sparql.qprocess import Opener
from syriakg.web.state import EXTENSION, WebState, read_assessments, read_timeline
from syriakg.web.views import checks, graph, home, timeline

log = logging.getLogger("syriakg.web")
BROKER = "syriakg_broker"


def _built_page(settings: Settings) -> str:
    """The ontology page the build kept beside the store, or '' if it has none."""
    try:
        return (settings.store_path / ontodoc.PAGE_FILE).read_text(encoding="utf-8")
    except OSError:
        return ""


def _same(store: QueryStore) -> QueryStore:
    return store


def config_of(settings: Settings) -> broker.BrokerConfig:
    """The broker's limits from the settings."""
    namespaces = sandbox.available()
    if not namespaces:
        log.warning(
            "query processes cannot be confined to their own network namespace on this machine "
            "(it needs root, or unprivileged user namespaces): every query is parsed in full "
            "before it runs, and SERVICE calls rely on that check alone")
    processes = settings.query_processes or 2 * (os.cpu_count() or 1) + 2
    return broker.BrokerConfig(
        timeout=settings.query_timeout, memory_bytes=settings.query_memory << 20,
        processes=processes, warm=min(processes, os.cpu_count() or 1),
        client_queries=settings.client_queries, client_cpu_seconds=settings.client_cpu_seconds,
        slow_after=settings.slow_query_seconds, relayed=relay.endpoints(settings.service_allowlist),
        namespaces=namespaces,
    )


def _copy_in_memory(path: Path) -> Opener:
    """In the broker that takes over (web.sparql.broker.start): copy the store into memory,
    to be shared copy-on-write with the query processes forked from it."""
    return functools.partial(_same, open_store(path, "memory"))


def _executor(app: Flask, store: ox.Store | RemoteStore, settings: Settings,
              opener: Opener, successor: Callable[[], Opener] | None) -> Executor:
    """Where this server's queries run: a remote store's own server, or the broker's confined
    query processes (web.sparql.broker), behind each worker's cache of answers."""
    if isinstance(store, RemoteStore):  # its HTTP timeout is the time limit: nothing to watch
        return DirectExecutor(store)
    handle = broker.start(opener, config_of(settings), successor)
    app.extensions[BROKER] = handle
    executor: Executor = broker.BrokerExecutor(handle.path, settings.query_timeout)
    if settings.result_cache_mb:
        # Local stores only: a remote store may be written by others while we serve it.
        executor = CachingExecutor(executor, ResultCache(settings.result_cache_mb << 20))
    return executor


def create_app(
    settings: Settings | None = None, store: ox.Store | RemoteStore | None = None
) -> Flask:
    """Build the app: open the store (unless given), read its facts, set up the query runner.

    A store the app opens itself is served from disk at once; in ``memory`` mode
    (``store_mode``) a second broker copies it into memory meanwhile and takes over when the
    copy is made (docs/architecture.md, "Starting a server").

    :raises syriakg.errors.StoreError: if no store is given and none is built at
        ``settings.store``, or, when that is a URL, the store cannot be reached or holds no
        build (syriakg.remote).
    """
    settings = settings or Settings.load()
    opened_here = store is None and not settings.is_remote
    if store is None:
        # The built store, or a remote one when `store` is a URL.
        store = connect(settings, "disk" if opened_here else None)
    opener: Opener = (
        # A RocksDB handle may not cross a fork: each query process opens the store itself.
        functools.partial(open_store, settings.store_path, "disk") if opened_here
        # An in-memory store is shared with the query processes, copy-on-write.
        else functools.partial(_same, store))
    successor = (functools.partial(_copy_in_memory, settings.store_path)
                 if opened_here and settings.store_mode == "memory" else None)
    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = settings.max_request_bytes
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    app.json.sort_keys = False  # type: ignore[attr-defined]
    # The start-up facts are read once: the store never changes under a server, and after
    # this only the query processes touch it. Whatever wrote the store kept them beside it.
    known = (facts.read(settings.store_path) if opened_here else None) or facts.compute(store)
    lookup.keep_labels(app, known.labels)
    # The actor graph (/graph) reads its statements now, kept beside the store by its writer.
    graph.init_app(app, store, keep_bytes=settings.result_cache_mb << 20,
                   directory=settings.store_path if opened_here else None)
    assessments = read_assessments(store)  # the cross-check (/checks, claim pages)
    # The search index whatever wrote the store built beside it, or one built now.
    search_index = textindex.Index(
        textindex.locate(settings.store_path if opened_here else None, store))
    figures = read_timeline(store)  # every figure by claimant over time (/timeline)
    executor = _executor(app, store, settings, opener, successor)
    app.extensions[EXTENSION] = WebState(
        settings=settings, executor=executor, limits=Limits.of(settings), sizes=known.sizes,
        sources=known.sources, assessments=assessments, timeline=figures,
        sealed=not isinstance(store, RemoteStore) and sandbox.available(),
        ontology_page=_built_page(settings) if opened_here else "", search_index=search_index,
    )
    # /sparql; /, /queries.json, /checks, /timeline, /graph; /id/…, /ontology, /graph/<name>,
    # /search, /download, /.well-known/void.
    for blueprint in (endpoint.bp, home.bp, checks.bp, timeline.bp, resources.bp, search.bp,
                      dumps.bp, void.bp):
        app.register_blueprint(blueprint)
    register_error_handlers(app)
    app.wsgi_app = Access(app.wsgi_app)  # type: ignore[method-assign]
    return app


def close_app(app: Flask) -> None:
    """Stop the app's broker and query processes, if it has them (tests; a server's die with
    its master)."""
    app.extensions[EXTENSION].executor.close()
    handle = app.extensions.get(BROKER)
    if handle is not None:
        handle.stop()


__all__ = ["close_app", "create_app"]
