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

    :param endpoints: the URLs the credentials are for.
    :param auth: user and password, or None.
    """

    def __init__(self, endpoints: Iterable[str], auth: tuple[str, str] | None) -> None:
        handlers: list[urllib.request.BaseHandler] = []
        if auth is not None:
            passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
            for endpoint in set(endpoints):
                passwords.add_password(None, endpoint, *auth)
            handlers += [urllib.request.HTTPDigestAuthHandler(passwords),
                         urllib.request.HTTPBasicAuthHandler(passwords)]
        self._opener = urllib.request.build_opener(*handlers)

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
            with self._opener.open(request, timeout=timeout) as response:
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
