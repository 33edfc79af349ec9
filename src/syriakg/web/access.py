"""What every response carries and what every request leaves in the log.

A thin WSGI wrapper around the Flask app (``Access``): it adds the CORS fields to every response,
error pages and static files included, and writes one access line per request once the answer
has been sent. It answers nothing itself: every request is Flask's. (Two Flask hooks did the
same work for about 0.05 ms more per request, on a light query a sixth of the app's share.)
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any

access_log = logging.getLogger("syriakg.web.access")

# Every response is readable from any origin; preflight answers also allow our methods and
# headers. (Only preflights get the last three: each header costs CPU on every request.)
CORS = [
    ("Access-Control-Allow-Origin", "*"),
    ("Access-Control-Expose-Headers", "X-SPARQL-Truncated, X-SPARQL-Max-Rows, Server-Timing"),
]
# Every response: a browser must not read one as another type than it says (MIME sniffing).
ALWAYS = [("X-Content-Type-Options", "nosniff")]
PREFLIGHT = [
    ("Access-Control-Allow-Methods", "GET, POST, OPTIONS"),
    ("Access-Control-Allow-Headers", "Accept, Content-Type"),
    ("Access-Control-Max-Age", "86400"),
]

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


# What a client sends is logged escaped: a line break in a path must not start a line of its own.
_UNSAFE = re.compile(r"[\x00-\x20\x7f-\x9f\u2028\u2029\\]")


def _escaped(text: str) -> str:
    r"""``text`` with control characters, spaces and backslashes written as escapes.

    >>> _escaped("/nope" + chr(10) + "2026 INFO x")
    '/nope\\x0a2026\\x20INFO\\x20x'
    """
    return _UNSAFE.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 256
                       else f"\\u{ord(m.group()):04x}", text)


def log_request(method: str, path: str, status: int, elapsed_ms: float,
                length: int | None) -> None:
    """One access line: method, path, status, duration and body size."""
    access_log.info("%s %s %d %.1fms %s", _escaped(method), _escaped(path), status, elapsed_ms,
                    length if length is not None else "-")


class _Logged:
    """The app's body, and the access line written when the server closes it (PEP 3333: a
    server calls ``close`` once the body has been sent)."""

    def __init__(self, body: Iterable[bytes], line: Callable[[], None]) -> None:
        self.body = body
        self.line = line

    def __iter__(self) -> Iterator[bytes]:
        return iter(self.body)

    def close(self) -> None:
        try:
            close = getattr(self.body, "close", None)
            if close is not None:
                close()
        finally:
            self.line()


class Access:
    """Wraps a WSGI app: CORS on every response, one access line per request."""

    def __init__(self, app: WSGIApp) -> None:
        self.app = app

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> _Logged:
        started = time.perf_counter()
        method = environ.get("REQUEST_METHOD", "")
        sent: dict[str, Any] = {}

        def start(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            if not any(name == "Access-Control-Allow-Origin" for name, _ in headers):
                headers.extend(CORS + PREFLIGHT if method == "OPTIONS" else CORS)
            headers.extend(ALWAYS)
            sent["status"], sent["headers"] = status, headers
            return start_response(status, headers, exc_info)

        def line() -> None:
            status = sent.get("status", "500")
            length = next((value for name, value in sent.get("headers", ())
                           if name == "Content-Length"), None)
            log_request(method, environ.get("PATH_INFO", ""), int(status[:3]),
                        (time.perf_counter() - started) * 1000,
                        int(length) if length is not None and length.isdigit() else None)

        return _Logged(self.app(environ, start), line)
