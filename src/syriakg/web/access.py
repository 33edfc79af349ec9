"""What every response carries and what every request leaves in the log."""

from __future__ import annotations

import logging

access_log = logging.getLogger("syriakg.web.access")

# Every response is readable from any origin; preflight answers also allow our methods and
# headers. (Only preflights get the last three: each header costs CPU on every request.)
CORS = [
    ("Access-Control-Allow-Origin", "*"),
    ("Access-Control-Expose-Headers", "X-SPARQL-Truncated, X-SPARQL-Max-Rows, Server-Timing"),
]
PREFLIGHT = [
    ("Access-Control-Allow-Methods", "GET, POST, OPTIONS"),
    ("Access-Control-Allow-Headers", "Accept, Content-Type"),
    ("Access-Control-Max-Age", "86400"),
]


def log_request(method: str, path: str, status: int, elapsed_ms: float,
                length: int | None) -> None:
    """One access line: method, path, status, duration and body size."""
    access_log.info("%s %s %d %.1fms %s", method, path, status, elapsed_ms,
                    length if length is not None else "-")
