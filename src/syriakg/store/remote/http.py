"""The HTTP of a remote store: one opener with the store's credentials, one way to send.

Every failure comes back as one of store.remote.errors, naming the setting to check.
"""

from __future__ import annotations

import http.client
import time
import urllib.error
import urllib.request
from collections.abc import Iterable
from email.message import Message

from syriakg.store.remote.errors import (
    HINT,
    RemoteStoreError,
    http_error,
    timeout_error,
    unreachable,
)

_CHUNK = 1 << 16


class Transport:
    """Sends requests to a store's endpoints, answering a Digest or Basic challenge.

    Each request gets an opener of its own: urllib's digest handler counts every answer to an
    authenticated request that is not a success (a 404 for a graph that is not there) as a
    failed attempt, and after six of them refuses every later request of that opener with a
    401, whatever the password. A fresh handler also keeps concurrent requests apart.

    :param endpoints: the URLs the credentials are for.
    :param auth: user and password, or None; never written to a message or a log.
    """

    def __init__(self, endpoints: Iterable[str], auth: tuple[str, str] | None) -> None:
        self._passwords: urllib.request.HTTPPasswordMgrWithDefaultRealm | None = None
        if auth is not None:
            self._passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
            for endpoint in set(endpoints):
                self._passwords.add_password(None, endpoint, *auth)
        self._plain = urllib.request.build_opener()

    def __repr__(self) -> str:
        return f"Transport(auth={'yes' if self._passwords else 'no'})"

    def _opener(self) -> urllib.request.OpenerDirector:
        if self._passwords is None:
            return self._plain
        return urllib.request.build_opener(
            urllib.request.HTTPDigestAuthHandler(self._passwords),
            urllib.request.HTTPBasicAuthHandler(self._passwords),
        )

    def send(self, request: urllib.request.Request, setting: str, timeout: float) -> (
        tuple[bytes, Message]
    ):
        """The body and headers of the answer to ``request``, read whole within ``timeout``.

        :param setting: the setting that names the endpoint, for the error messages.
        :raises RemoteStoreError: (or a subclass) naming the URL and the setting to check.
        """
        url = request.full_url.split("?", 1)[0]
        deadline = time.monotonic() + timeout
        try:
            with self._opener().open(request, timeout=timeout) as response:
                parts = []
                while chunk := response.read(_CHUNK):
                    parts.append(chunk)
                    if time.monotonic() > deadline:
                        raise TimeoutError
                return b"".join(parts), response.headers
        except urllib.error.HTTPError as exc:
            raise http_error(exc, url, setting) from None
        except urllib.error.URLError as exc:
            if isinstance(exc.reason, TimeoutError):
                raise timeout_error(url, setting, timeout) from None
            raise unreachable(url, setting, exc.reason) from None
        except TimeoutError:
            raise timeout_error(url, setting, timeout) from None
        except http.client.RemoteDisconnected:
            # e.g. an endpoint that takes no such request and drops the connection
            raise RemoteStoreError(
                f"{url} closed the connection without answering; " + HINT[setting]
            ) from None
        except (OSError, http.client.HTTPException) as exc:
            raise unreachable(url, setting, exc) from None
