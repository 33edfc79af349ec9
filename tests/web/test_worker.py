"""The server's worker answers a plain GET query itself, as gunicorn would, and hands every other
request to gunicorn untouched. A real worker object, the real app and real loopback sockets;
which door served a request is told by counting gunicorn's own handler calls."""

from __future__ import annotations

import json
import os
import socket
from collections.abc import Iterator
from urllib.parse import quote

import pytest
from flask import Flask
from gunicorn.config import Config
from gunicorn.glogging import Logger
from gunicorn.workers.sync import SyncWorker

from syriakg.web.worker import FrozenSyncWorker, answers_plain_gets, freeze_settings

SELECT = "SELECT ?s ?o WHERE { ?s ?p ?o } ORDER BY ?s ?o LIMIT 3"
PER_RUN = {"date", "server-timing"}  # each answer has its own


@pytest.fixture
def listener() -> Iterator[socket.socket]:
    sock = socket.create_server(("127.0.0.1", 0))
    yield sock
    sock.close()


@pytest.fixture
def worker(app: Flask) -> FrozenSyncWorker:
    cfg = Config()
    worker = FrozenSyncWorker(1, os.getpid(), [], None, 30, cfg, Logger(cfg))
    freeze_settings(cfg)
    worker.wsgi = app
    worker.take_up_plain_gets(app)
    assert worker.fast is not None
    return worker


@pytest.fixture
def gunicorn_calls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The requests gunicorn's own sync worker handled, by their first line."""
    calls: list[str] = []
    original = SyncWorker.handle_request

    def counted(self: SyncWorker, listener: object, req: object, client: object,
                addr: object) -> None:
        calls.append(f"{req.method} {req.uri}")  # type: ignore[attr-defined]
        original(self, listener, req, client, addr)

    monkeypatch.setattr(SyncWorker, "handle_request", counted)
    return calls


def exchange(worker: FrozenSyncWorker, listener: socket.socket,
             request: bytes) -> tuple[str, dict[str, str], bytes]:
    """Send ``request`` on a fresh connection, let the worker handle it, read the answer."""
    client = socket.create_connection(listener.getsockname())
    server, addr = listener.accept()
    client.sendall(request)
    client.shutdown(socket.SHUT_WR)  # so that the worker's closing drain ends at once
    worker.handle(listener, server, addr)
    data = b""
    while chunk := client.recv(1 << 16):
        data += chunk
    client.close()
    head, _, body = data.partition(b"\r\n\r\n")
    status, *lines = head.decode("latin-1").split("\r\n")
    headers = {k.lower(): v.strip() for k, _, v in (line.partition(":") for line in lines)}
    return status, headers, body


def get(query: str, *fields: str, version: str = "1.1") -> bytes:
    head = [f"GET /sparql?query={quote(query)} HTTP/{version}", "Host: 127.0.0.1", *fields]
    return ("\r\n".join(head) + "\r\n\r\n").encode()


# (query, extra fields): each once through the worker's door and once through gunicorn's.
CASES = [
    (SELECT, ()),
    (SELECT, ("Accept: text/csv",)),
    ("ASK { ?s ?p ?o }", ("Accept: application/sparql-results+xml",)),
    ("CONSTRUCT WHERE { ?s ?p ?o } LIMIT 2", ("Accept: text/turtle",)),
    ("SELECT * WHERE {", ()),  # fails while running: the app's error page
]
# A field only a proxy sends makes a request not plain: gunicorn reads it.
BY_GUNICORN = "X-Forwarded-For: 192.0.2.7"


@pytest.mark.parametrize(("query", "fields"), CASES)
def test_a_plain_get_is_answered_as_gunicorn_answers_it(
    worker: FrozenSyncWorker, listener: socket.socket, gunicorn_calls: list[str],
    query: str, fields: tuple[str, ...],
) -> None:
    status, headers, body = exchange(worker, listener, get(query, *fields))
    assert gunicorn_calls == [], "gunicorn handled a plain GET"
    g_status, g_headers, g_body = exchange(worker, listener, get(query, *fields, BY_GUNICORN))
    assert len(gunicorn_calls) == 1
    assert (status, body) == (g_status, g_body)
    assert {k: v for k, v in headers.items() if k not in PER_RUN} == {
        k: v for k, v in g_headers.items() if k not in PER_RUN}
    assert headers.keys() == g_headers.keys()
    assert int(headers["content-length"]) == len(body)


def test_http_1_0_is_answered_in_its_version(
    worker: FrozenSyncWorker, listener: socket.socket, gunicorn_calls: list[str]
) -> None:
    status, headers, body = exchange(worker, listener, get(SELECT, version="1.0"))
    assert status == "HTTP/1.0 200 OK" and not gunicorn_calls
    assert headers["connection"] == "close"
    assert len(json.loads(body)["results"]["bindings"]) == 3


@pytest.mark.parametrize("request_bytes", [
    b"POST /sparql HTTP/1.1\r\nHost: h\r\nContent-Type: application/sparql-query\r\n"
    b"Content-Length: 6\r\n\r\nASK {}",
    b"GET /sparql HTTP/1.1\r\nHost: h\r\nAccept: text/turtle\r\n\r\n",  # the description
    get("ASK {}", "Accept: text/html"),  # a browser: sent to the editor
    get("INSERT DATA { <a:b> <a:c> <a:d> }"),  # refused by the view
    b"GET /?query=x HTTP/1.1\r\nHost: h\r\n\r\n",
])
def test_every_other_request_is_read_by_gunicorn(
    worker: FrozenSyncWorker, listener: socket.socket, gunicorn_calls: list[str],
    request_bytes: bytes,
) -> None:
    status, _, _ = exchange(worker, listener, request_bytes)
    assert len(gunicorn_calls) == 1
    assert status.startswith("HTTP/1.1 ")


def test_the_plain_door_stays_shut_when_gunicorn_must_see_every_request() -> None:
    cfg = Config()
    freeze_settings(cfg)
    assert answers_plain_gets(cfg)
    for name, value in [("pre_request", lambda worker, req: None), ("proxy_protocol", "v1")]:
        other = Config()
        other.set(name, value)
        freeze_settings(other)
        assert not answers_plain_gets(other), name
