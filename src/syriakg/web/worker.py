"""The gunicorn worker the server runs: gunicorn's sync worker, with its settings read once and
plain GET queries answered without gunicorn's request and response objects.

gunicorn's ``Config`` resolves every setting on every read, through ``__getattr__`` and the
setting object's ``get()``; its sync worker reads about two dozen settings per request (parser
limits, header policy, hooks, TLS), which measured 0.08-0.10 ms of a light query's ~1 ms round
trip here (bench/README.md, "Eighth run"). A worker's settings cannot change while it lives:
on a reload the arbiter forks new workers from its own, unfrozen configuration.

A ``GET /sparql?query=…`` that web.rawget finds plain is answered by web.fastpath straight from
the bytes on the socket: parsing it with gunicorn's parser, building its environ and writing the
answer through gunicorn's ``Response`` took 0.10-0.15 ms more per request (bench/README.md,
"Ninth run"). The request is only peeked at, so anything else (another path, POST, a body, a
proxy's fields, TLS, any request the fast path passes on) is read and answered by gunicorn
exactly as before.
"""

from __future__ import annotations

import errno
import io
import os
import socket
import time
from typing import Any

from gunicorn import SERVER
from gunicorn.http.wsgi import base_environ
from gunicorn.util import close_graceful, http_date
from gunicorn.workers.sync import SyncWorker

from syriakg.web.fastpath import Answer, FastPath
from syriakg.web.rawget import read_plain_get, refused_fields

# One read takes the whole request: a GET query's head is a few hundred bytes to a few KiB.
_PEEK = 1 << 16
_GONE = (errno.EPIPE, errno.ECONNRESET, errno.ENOTCONN)


def _discard(client: socket.socket, size: int) -> None:
    while size > 0:
        got = len(client.recv(min(size, _PEEK)))
        if not got:
            return
        size -= got


def freeze_settings(cfg: Any) -> None:
    """Make each setting of gunicorn's ``cfg`` a plain attribute holding its current value.

    Names the ``Config`` class defines itself (``worker_class`` is both a setting and a property
    returning the class) are left alone, so every read answers as it did before.
    """
    cls = type(cfg)
    cfg.__dict__.update(
        {name: setting.get() for name, setting in cfg.settings.items() if not hasattr(cls, name)}
    )


def answers_plain_gets(cfg: Any) -> bool:
    """Whether a worker under ``cfg`` may answer plain GETs itself: plain HTTP/1 on TCP with no
    proxy protocol, no mount point and no per-request hooks, which only gunicorn's path runs."""
    return (
        not cfg.is_ssl and cfg.proxy_protocol == "off" and list(cfg.http_protocols) == ["h1"]
        and cfg.protocol == "http" and not os.environ.get("SCRIPT_NAME")
        and cfg.pre_request is cfg.settings["pre_request"].default
        and cfg.post_request is cfg.settings["post_request"].default
    )


class FrozenSyncWorker(SyncWorker):
    """One request at a time, as gunicorn's sync worker (web.server says why), settings read
    once after the fork, plain GET queries answered directly. (gunicorn treats a class whose
    name ends in ``SyncWorker`` as it treats ``sync``.)"""

    fast: FastPath | None = None

    def init_process(self) -> None:
        freeze_settings(self.cfg)
        super().init_process()

    def load_wsgi(self) -> None:
        super().load_wsgi()
        self.take_up_plain_gets(self.wsgi)

    def take_up_plain_gets(self, wsgi: Any) -> None:
        """Answer plain GETs through ``wsgi``'s fast path, if it is our app and the settings
        allow (``answers_plain_gets``); otherwise gunicorn reads every request."""
        fast = getattr(wsgi, "wsgi_app", None)
        if isinstance(fast, FastPath) and answers_plain_gets(self.cfg):
            self.fast = fast
            self._refused = refused_fields(self.cfg.secure_scheme_headers)
            self._environ = base_environ(self.cfg)
            self._date = (0, "")

    def handle(self, listener: Any, client: socket.socket, addr: Any) -> None:
        if self.fast is None or not isinstance(addr, tuple):
            return super().handle(listener, client, addr)
        try:
            answered = self._answer_plain(listener, client, addr)
        except OSError as exc:
            if exc.errno not in _GONE:
                self.log.exception("Socket error processing request.")
            answered = True
        except Exception as exc:  # as gunicorn does: log it, answer 500
            self.handle_error(None, client, addr, exc)
            answered = True
        if answered:
            close_graceful(client)
        else:
            super().handle(listener, client, addr)

    def _answer_plain(self, listener: Any, client: socket.socket, addr: tuple[str, int]) -> bool:
        """Answer the request on ``client`` if it is a plain GET the fast path answers; False
        (having read nothing) otherwise."""
        assert self.fast is not None
        data = client.recv(_PEEK, socket.MSG_PEEK)
        cfg = self.cfg
        request = read_plain_get(data, self._refused, cfg.limit_request_fields,
                                 cfg.limit_request_field_size)
        if request is None:
            return False
        server = listener.getsockname()
        environ = {
            **self._environ,
            "wsgi.input": io.BytesIO(b""),
            "gunicorn.socket": client,
            "REQUEST_METHOD": "GET",
            "QUERY_STRING": request.query_string,
            "RAW_URI": request.target,
            "SERVER_PROTOCOL": request.protocol,
            "wsgi.url_scheme": "http",
            "REMOTE_ADDR": addr[0],
            "REMOTE_PORT": str(addr[1]),
            "SERVER_NAME": str(server[0]),
            "SERVER_PORT": str(server[1]),
            "PATH_INFO": "/sparql",
            "SCRIPT_NAME": "",
            **request.fields,
        }
        prepared = self.fast.prepare(environ)
        if prepared is None:
            return False
        # What was peeked at is this request: take it off the socket before the query runs, so
        # that a 503 the watchdog sends on it is not lost to a reset when the worker exits.
        _discard(client, len(data))
        self.nr += 1
        if self.nr >= self.max_requests:
            self.log.info("Autorestarting worker after current request.")
            self.alive = False
        answer = self.fast.run(environ, prepared)
        client.sendall(self._head(request.protocol, answer) + b"".join(answer.body))
        close = getattr(answer.body, "close", None)
        if close is not None:
            try:
                close()
            except Exception:  # the answer is sent: a second one must not follow
                self.log.exception("Error closing the answer to %s", request.target)
        return True

    def _head(self, protocol: str, answer: Answer) -> bytes:
        """The status line and header block gunicorn's ``Response`` would write for ``answer``
        (the connection is closed after it, as gunicorn's sync worker does)."""
        now = int(time.time())
        if self._date[0] != now:
            self._date = (now, http_date(now))
        fields = "".join(f"{name}: {value}\r\n" for name, value in answer.headers)
        if fields.count("\n") != len(answer.headers) or fields.count("\r") != len(answer.headers):
            raise ValueError(f"a line break inside a response header: {answer.headers!r}")
        return (f"{protocol} {answer.status}\r\nServer: {SERVER}\r\nDate: {self._date[1]}\r\n"
                f"Connection: close\r\n{fields}\r\n").encode("latin-1")


WORKER_CLASS = f"{__name__}.{FrozenSyncWorker.__name__}"
