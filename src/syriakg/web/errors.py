"""Every HTTP error of the web layer: which condition gets which status, and how it is shown.

One place maps conditions to status codes (like Oxigraph's ``bad_request`` /
``unsupported_media_type`` / ``internal_server_error``): a client's mistake is a 4xx with a
sentence saying what to change; anything unexpected is a 500 and is logged with its traceback,
never dressed up as a 400 (docs/architecture.md, "Errors"). JSON clients get one shape,
``{"ok": false, "error": msg, "status": code}``, browsers a readable page, others plain text.
"""

from __future__ import annotations

import json
import logging

from flask import Flask, Response, render_template, request
from werkzeug.exceptions import HTTPException

from syriakg.errors import (
    EngineFailure,
    EngineStopped,
    NoAcceptableFormat,
    QueryArgumentError,
    QueryError,
    QueryMemoryExceeded,
    QueryServiceBusy,
    QueryServiceUnavailable,
    QuerySyntaxError,
    QueryTimedOut,
    RemoteStoreFailed,
    ServiceCallFailed,
    TooManyQueries,
)
from syriakg.web.negotiation import choose

log = logging.getLogger("syriakg.web")


class WebError(Exception):
    """An error with a status code and a message meant for the client."""

    status = 500

    def __init__(self, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.headers = headers or {}


class BadRequest(WebError):
    """The request is malformed: a bad query, parameter or body."""

    status = 400


class Forbidden(WebError):
    """The endpoint is read-only, or a SERVICE call is not allowed."""

    status = 403


class NotAcceptable(WebError):
    """No format the client accepts can carry this result."""

    status = 406


class RequestTooLarge(WebError):
    """The request body is larger than ``max_request_bytes``."""

    status = 413


class UriTooLong(WebError):
    """The query string is larger than ``max_request_bytes``."""

    status = 414


class UnsupportedMediaType(WebError):
    """The request body has a Content-Type or charset we do not read."""

    status = 415


class BadGateway(WebError):
    """An allow-listed SERVICE endpoint, or the remote store, failed or could not be reached."""

    status = 502


class TooManyRequests(WebError):
    """The client is over its share of the query processes (web.sparql.fairness)."""

    status = 429


class QueryTimeout(WebError):
    """The query ran past ``query_timeout`` and was stopped."""

    status = 503


class Unavailable(WebError):
    """The query was stopped at a limit, or could not be run now; the server goes on serving."""

    status = 503


class InternalError(WebError):
    """A fault of ours (the store, the query process); logged."""

    status = 500


# A query that could not be answered (syriakg.errors.QueryError) -> the error the client sees.
# NoAcceptableFormat is answered by the endpoint itself, which knows what the client asked for.
ERROR_OF_FAILURE: dict[type[QueryError], type[WebError]] = {
    QuerySyntaxError: BadRequest,
    QueryArgumentError: BadRequest,
    NoAcceptableFormat: NotAcceptable,
    ServiceCallFailed: BadGateway,
    RemoteStoreFailed: BadGateway,
    QueryTimedOut: QueryTimeout,
    QueryMemoryExceeded: Unavailable,
    EngineStopped: Unavailable,
    TooManyQueries: TooManyRequests,
    QueryServiceBusy: Unavailable,
    QueryServiceUnavailable: Unavailable,
    EngineFailure: InternalError,
}


def web_error(failure: QueryError) -> WebError:
    """The error the client sees for a query that failed while running."""
    headers = {}
    if isinstance(failure, TooManyQueries):
        headers["Retry-After"] = str(failure.retry_after)
    elif isinstance(failure, QueryServiceBusy | QueryServiceUnavailable):
        headers["Retry-After"] = "60"
    return ERROR_OF_FAILURE[type(failure)](failure.message, headers)

_TITLES = {
    400: "Bad request",
    403: "Forbidden",
    404: "Not found",
    405: "Method not allowed",
    406: "Not acceptable",
    413: "Request too large",
    414: "Query string too long",
    415: "Unsupported media type",
    429: "Too many requests",
    500: "Internal server error",
    502: "Bad gateway",
    503: "Service unavailable",
}

_JSON_TYPES = ["application/json", "application/sparql-results+json", "application/ld+json"]


def error_body(message: str, status: int) -> dict[str, object]:
    """The one JSON error shape, pinned by tests/web/test_errors.py."""
    return {"ok": False, "error": message, "status": status}


def render_error(message: str, status: int, headers: dict[str, str] | None = None) -> Response:
    """Render an error as JSON, HTML or plain text, whichever the client reads best."""
    accept = request.headers.get("Accept")
    chosen = choose(accept, [*_JSON_TYPES, "text/plain", "text/html"], explicit_only=["text/html"])
    if chosen == "text/html":
        html = render_template(
            "error.html", status=status, title=_TITLES.get(status, "Error"), message=message
        )
        response = Response(html, status=status, content_type="text/html; charset=utf-8")
    elif chosen == "text/plain":
        response = Response(message + "\n", status=status,
                            content_type="text/plain; charset=utf-8")
    else:
        # Clients that accept neither (e.g. only text/csv) still get the JSON shape: a
        # readable body beats a second 406.
        response = Response(
            json.dumps(error_body(message, status), ensure_ascii=False),
            status=status,
            content_type="application/json",
        )
    for key, value in (headers or {}).items():
        response.headers[key] = value
    return response


def _handle_web_error(error: WebError) -> Response:
    # Our faults are errors; a timeout or a failing remote SERVICE is worth a warning.
    if error.status == 500:
        log.error("%s %s -> %d: %s", request.method, request.path, error.status, error.message)
    elif error.status > 500:
        log.warning("%s %s -> %d: %s", request.method, request.path, error.status, error.message)
    return render_error(error.message, error.status, error.headers)


def _handle_query_error(failure: QueryError) -> Response:
    return _handle_web_error(web_error(failure))


def _handle_http_exception(error: HTTPException) -> Response:
    status = error.code or 500
    message = error.description or _TITLES.get(status, "Error")
    if status == 413:
        message = (
            "The request body is larger than the server accepts (setting `max_request_bytes`)."
        )
    headers = {k: v for k, v in error.get_headers() if k.lower() == "allow"}
    return render_error(message, status, headers)


def _handle_unexpected(error: Exception) -> Response:
    log.exception("unhandled error on %s %s", request.method, request.path)
    return render_error(
        "Internal server error: the fault is ours and has been logged.", 500
    )


def register_error_handlers(app: Flask) -> None:
    """Route every error raised in a view through ``render_error``."""
    app.register_error_handler(WebError, _handle_web_error)
    app.register_error_handler(QueryError, _handle_query_error)
    app.register_error_handler(HTTPException, _handle_http_exception)
    app.register_error_handler(Exception, _handle_unexpected)
