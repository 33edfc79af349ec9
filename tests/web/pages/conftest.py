"""The linked-data pages are tested on the real graph (tests/realgraph.py)."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from flask import Flask
from werkzeug.serving import make_server

from tests.realgraph import client, ld_app, ld_settings, store

__all__ = ["client", "ld_app", "ld_settings", "server_url", "store"]


@pytest.fixture(scope="module")
def server_url(ld_app: Flask) -> Iterator[str]:
    """The app on a free loopback port, served by werkzeug in a thread of this process (the
    browser tests)."""
    server = make_server("127.0.0.1", 0, ld_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)
