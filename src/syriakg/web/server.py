"""Run the app under gunicorn: one sync worker per core, each opening the store once.

Sync workers suit this design: each worker serves one request at a time and hands the query to
its own query process (web.executor), which it can kill on timeout; other clients are served by
the other workers meanwhile. The app is not preloaded in the master, so each worker opens the
store itself at start-up (``store_mode='memory'`` copies it into the worker's RAM) and forks its
query process from there.

``python -m syriakg.web.server`` serves with settings from the environment (``SYRIAKG_*``) and
``SYRIAKG_CONFIG``; ``syriakg serve`` is the command-line front door to ``serve``.
"""

from __future__ import annotations

import os
import sys
from typing import Any

from gunicorn.app.base import BaseApplication

from syriakg.errors import KGError, StoreError
from syriakg.settings import Settings
from syriakg.store import STORE_MARKER

LOG_FORMAT = "%(asctime)s [%(process)d] %(levelname)s %(name)s: %(message)s"


def worker_count(settings: Settings) -> int:
    """``settings.workers``, or one per core when it is 0."""
    return settings.workers or os.cpu_count() or 1


def gunicorn_options(settings: Settings) -> dict[str, Any]:
    """The gunicorn configuration for ``settings``; server/gunicorn.conf.py uses it too."""
    return {
        "bind": f"{settings.host}:{settings.port}",
        "workers": worker_count(settings),
        "worker_class": "sync",
        # A request may legitimately last query_timeout; gunicorn must not kill the worker first.
        "timeout": int(settings.query_timeout) + 30,
        "graceful_timeout": 10,
        "preload_app": False,
        # SPARQL clients send long queries by GET; our own check answers 414 past
        # max_request_bytes, so gunicorn's 4 KiB request-line limit is lifted.
        "limit_request_line": 0,
        "accesslog": None,  # the app logs each request with its duration
        "proc_name": "syriakg-serve",
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
                # the app's own access line has the duration; gunicorn's would repeat it
                "gunicorn.access": {"level": "WARNING", "handlers": [], "propagate": False},
            },
        },
    }


def check_store(settings: Settings) -> None:
    """Fail fast, in the master, when there is nothing to serve.

    :raises StoreError: naming the path and the command that builds it.
    """
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

        return create_app(self.settings)


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
