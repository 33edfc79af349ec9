"""Run the app under gunicorn: one gevent worker per core, in front of the query broker.

The master builds the app once (``preload_app``): it opens the store, reads the start-up facts
and starts the query broker (web.sparql.broker), which holds the store and runs every query in a
confined query process. The workers are forked from the master afterwards and never touch the
store: they read requests, answer pages from what start-up read, and hand queries to the
broker. gevent workers serve each connection in a greenlet of their own, so a client that is
slow to send its request (cut off after ``keepalive`` seconds) or slow to read its answer costs
that connection, not a worker, and a worker waits for many queries at once.

``python -m syriakg.web.server`` serves with settings from the environment (``SYRIAKG_*``) and
``SYRIAKG_CONFIG``; ``syriakg serve`` is the command-line front door to ``serve``.
"""

from __future__ import annotations

import gc
import logging
import os
import sys
from typing import Any

from gunicorn.app.base import BaseApplication
from gunicorn.glogging import Logger

from syriakg.errors import KGError, StoreError
from syriakg.settings import Settings
from syriakg.store import STORE_MARKER

LOG_FORMAT = "%(asctime)s [%(process)d] %(levelname)s %(name)s: %(message)s"


def worker_count(settings: Settings) -> int:
    """``settings.workers``, or one per core when it is 0."""
    return settings.workers or os.cpu_count() or 1


class AppLogsAccess(Logger):
    """gunicorn's logger without its access line: the app writes one, with the duration.

    With a logging config gunicorn builds the access line's fields for every request even when
    nothing would print it, a few percent of a light request's time.
    """

    def access(self, resp: Any, req: Any, environ: Any, request_time: Any) -> None:
        """The app has logged this request (web.access)."""


def _lean_log_records(server: Any) -> None:
    """gunicorn's on_starting hook: log records skip what LOG_FORMAT never prints.

    The caller's file and line cost a stack walk per access line (the logging HOWTO,
    "Optimization"); thread and multiprocessing names are not printed either.
    """
    logging._srcfile = None
    logging.logThreads = False
    logging.logMultiprocessing = False


def _exit_now(server: Any, worker: Any) -> None:
    """gunicorn's worker_exit hook, run in the worker: leave without interpreter teardown.

    A worker forked from the preloaded app holds an in-memory store made in the master;
    tearing the interpreter down around it crashed now and then with SIGSEGV after the last
    request. The worker has nothing left to flush but its logs.
    """
    logging.shutdown()
    os._exit(0)


def _freeze_settings(worker: Any) -> None:
    """gunicorn's post_worker_init hook: each of the worker's settings becomes a plain attribute.

    gunicorn's ``Config`` resolves a setting on every read, and its worker reads about two dozen
    per request (parser limits, header policy, hooks): 0.08-0.10 ms of a light query's round
    trip here (bench/README.md). A worker's settings cannot change while it lives: on a reload
    the master forks new workers from its own configuration. Names the ``Config`` class defines
    itself (``worker_class`` is both a setting and a property) are left alone.
    """
    cfg = worker.cfg
    cls = type(cfg)
    cfg.__dict__.update(
        {name: setting.get() for name, setting in cfg.settings.items() if not hasattr(cls, name)}
    )


def gunicorn_options(settings: Settings) -> dict[str, Any]:
    """The gunicorn configuration for ``settings``; server/gunicorn.conf.py uses it too."""
    return {
        "bind": f"{settings.host}:{settings.port}",
        "workers": worker_count(settings),
        "worker_class": "gevent",
        # Connections a worker serves at once; each costs a greenlet and a socket.
        "worker_connections": 1000,
        # A client has this long to send a whole request head, and to start the next one.
        "keepalive": 2,
        # Only these peers may set X-Forwarded-* (gunicorn), and name the client (web.clients).
        "forwarded_allow_ips": ",".join(settings.trusted_proxies),
        # A request may legitimately last query_timeout; gunicorn must not kill the worker first.
        "timeout": int(settings.query_timeout) + 30,
        "graceful_timeout": 10,
        "preload_app": True,
        # SPARQL clients send long queries by GET; our own check answers 414 past
        # max_request_bytes, so gunicorn's 4 KiB request-line limit is lifted.
        "limit_request_line": 0,
        "accesslog": None,  # the app logs each request with its duration
        "logger_class": AppLogsAccess,
        "on_starting": _lean_log_records,
        "proc_name": "syriakg-serve",
        "post_worker_init": _freeze_settings,
        "worker_exit": _exit_now,
        # gunicorn >= 25 opens a control socket under $HOME; two servers would share it.
        "control_socket_disable": True,
        "logconfig_dict": {
            "version": 1,
            "disable_existing_loggers": False,
            "formatters": {"plain": {"format": LOG_FORMAT}},
            "handlers": {
                "stderr": {"class": "logging.StreamHandler", "formatter": "plain",
                           "stream": "ext://sys.stderr"},
            },
            "root": {"level": "WARNING", "handlers": ["stderr"]},
            "loggers": {
                "syriakg": {"level": "INFO", "handlers": ["stderr"], "propagate": False},
                "gunicorn.error": {"level": "INFO", "handlers": ["stderr"], "propagate": False},
            },
        },
    }


def check_store(settings: Settings) -> None:
    """Fail fast, in the master, when there is nothing to serve.

    :raises StoreError: naming the path and the command that builds it, or the URL of a remote
        store that cannot be reached or holds no build.
    """
    if settings.is_remote:
        from syriakg.store import remote

        remote.connect(settings)
        return
    path = settings.store_path
    if not (path / STORE_MARKER).exists() and not any(path.glob("*.sst")):
        raise StoreError(
            f"no store at {path}: run `make build` (or `syriakg build`) first, or point --store "
            "(setting `store`) at a built store"
        )


class SyriaKGApplication(BaseApplication):
    """gunicorn's programmatic entry point, configured from our Settings."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.options = gunicorn_options(settings)
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            if key in self.cfg.settings:  # options newer than the installed gunicorn are skipped
                self.cfg.set(key, value)

    def load(self) -> Any:
        from syriakg.web import create_app

        app = create_app(self.settings)
        freeze_start_up()
        return app


def freeze_start_up() -> None:
    """Keep Python's collector away from what start-up read, for the life of the process.

    Labels, the search index, the actor graph and the kept files never change under a server,
    but the first full collection after start-up scanned them all: 0.22 s of the first request
    at 1M triples (~300,000 objects), and in workers forked from a preloaded app a write to the
    pages that hold them. Python's gc docs advise ``gc.freeze()`` before a fork without exec.
    """
    gc.collect()
    gc.freeze()


def serve(settings: Settings) -> None:
    """Serve the store at ``settings.store`` on ``settings.host:settings.port`` until stopped.

    :raises StoreError: if no store has been built there.
    """
    check_store(settings)
    SyriaKGApplication(settings).run()


def main() -> None:
    """``python -m syriakg.web.server``: serve with settings from the environment."""
    try:
        serve(Settings.load())
    except KGError as exc:
        print(f"error: {exc}", file=sys.stderr)
        sys.exit(exc.exit_code)


if __name__ == "__main__":
    main()
