"""What a failed request to a remote store means, in words that name the setting to check.

One place maps HTTP statuses, timeouts and refused connections to our errors, for the query,
Graph Store and Update endpoints alike (syriakg.remote).
"""

from __future__ import annotations

import re
import urllib.error

from syriakg.errors import StoreError

USER_ENV = "SYRIAKG_STORE_USER"
PASSWORD_ENV = "SYRIAKG_STORE_PASSWORD"
# The setting that names each endpoint, and what it should look like.
HINT = {
    "store": "check the setting `store` (--store, SYRIAKG_STORE): it is the SPARQL endpoint, "
    "e.g. http://localhost:8890/sparql (Virtuoso) or http://localhost:3030/ds (Fuseki)",
    "graph_store": "check the setting `graph_store` (--graph-store, SYRIAKG_GRAPH_STORE): it is "
    "the Graph Store Protocol endpoint, e.g. http://localhost:8890/sparql-graph-crud-auth "
    "(Virtuoso) or http://localhost:3030/ds/data (Fuseki)",
    "store_update": "check the setting `store_update` (SYRIAKG_STORE_UPDATE): it is the SPARQL "
    "Update endpoint, e.g. http://localhost:8890/sparql-auth (Virtuoso) or "
    "http://localhost:3030/ds/update (Fuseki)",
}


class RemoteStoreError(StoreError, OSError):
    """The remote store cannot be reached or failed to answer; says which URL and what to do.

    An ``OSError`` too, so that the query runner reports it as a fault of the store.
    """


class RemoteTimeout(RemoteStoreError, TimeoutError):
    """The store did not answer within the time limit; the request was abandoned."""


class RemoteQueryError(SyntaxError):
    """The store refused the query as malformed (HTTP 400); carries the store's own message."""


class NotFound(RemoteStoreError):
    """HTTP 404 from the store."""


def http_error(exc: urllib.error.HTTPError, url: str, setting: str) -> Exception:
    """What an HTTP error status from the store means, for the endpoint of ``setting``."""
    code = exc.code
    try:
        reason = _first_paragraph(exc.read())
    except OSError:
        reason = ""
    finally:
        exc.close()
    said = f"HTTP {code}" + (f": {reason}" if reason else "")
    if code == 400 and setting == "store":
        return RemoteQueryError(f"error reported by the store: {reason or said}")
    if code in (401, 403):
        return RemoteStoreError(
            f"the store at {url} refused the request ({said}); give its user and password in "
            f"{USER_ENV} and {PASSWORD_ENV} (settings `store_user`, `store_password`), and "
            "check that the user may do this (Virtuoso: the SPARQL_UPDATE role for writes)"
        )
    if code == 500 and _NO_PERMISSION.search(reason):
        # Virtuoso's /sparql runs as its anonymous user, who may not write (SR186)
        return RemoteStoreError(
            f"the store at {url} refused the request ({said}); {HINT[setting]}, and give a "
            f"user that may write there in {USER_ENV} and {PASSWORD_ENV}"
        )
    if code == 404:
        return NotFound(f"{url} answered {said}; " + HINT[setting])
    if code in (400, 405, 406, 415, 501):
        return RemoteStoreError(f"{url} does not take this request ({said}); " + HINT[setting])
    return RemoteStoreError(f"the store at {url} failed ({said})")


_NO_PERMISSION = re.compile(r"\bSR186\b|no permission|permission denied", re.IGNORECASE)


def timeout_error(url: str, setting: str, timeout: float) -> RemoteTimeout:
    """The store took longer than ``timeout``; for queries, how to narrow them."""
    if setting == "store":
        return RemoteTimeout(
            f"the store at {url} did not answer within {timeout:g} s, so the query was "
            "abandoned (setting `query_timeout`). Narrow it: add LIMIT, bind more variables, "
            "or split it."
        )
    return RemoteTimeout(f"the store at {url} did not answer within {timeout:g} s")


def unreachable(url: str, setting: str, reason: object) -> RemoteStoreError:
    """No connection to the store, and which setting names it."""
    return RemoteStoreError(
        f"cannot reach the store at {url}: {reason}; start the store, or " + HINT[setting]
    )


def _first_paragraph(body: bytes, limit: int = 600) -> str:
    """The store's error message: its first paragraph (Virtuoso then repeats the query)."""
    text = body.decode("utf-8", "replace")
    text = re.sub(r"<[^>]+>", " ", text)  # an HTML error page
    text = text.strip().split("\n\n", 1)[0]
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
