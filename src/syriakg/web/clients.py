"""Who a request comes from: the address each client's limits are kept by.

A client is the remote address of the connection. Behind a reverse proxy every connection comes
from the proxy, so the addresses of trusted proxies are listed in the setting
`trusted_proxies`; for a request from one of them, the client is the right-most address in
``X-Forwarded-For`` that is not itself a trusted proxy. ``X-Forwarded-For`` from anyone else is
ignored: a client could write any address there.
"""

from __future__ import annotations

import functools
import ipaddress
from collections.abc import Mapping, Sequence
from typing import Any

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@functools.lru_cache(maxsize=16)
def networks(trusted: Sequence[str]) -> tuple[Network, ...]:
    """The trusted proxies as networks (an address is a network of one)."""
    return tuple(ipaddress.ip_network(item, strict=False) for item in trusted)


def _trusted(address: str, trusted: tuple[Network, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address.strip().strip("[]"))
    except ValueError:
        return False
    return any(ip in network for network in trusted)


def client_address(environ: Mapping[str, Any], trusted: Sequence[str]) -> str:
    """The client of the WSGI request ``environ``.

    >>> client_address({"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "1.2.3.4"}, ())
    '10.0.0.1'
    >>> client_address({"REMOTE_ADDR": "10.0.0.1",
    ...                 "HTTP_X_FORWARDED_FOR": "6.6.6.6, 1.2.3.4, 10.0.0.2"}, ("10.0.0.0/8",))
    '1.2.3.4'
    """
    peer = str(environ.get("REMOTE_ADDR") or "")
    nets = networks(tuple(trusted))
    if not nets or not _trusted(peer, nets):
        return peer
    hops = [h.strip() for h in str(environ.get("HTTP_X_FORWARDED_FOR", "")).split(",")]
    for hop in reversed([h for h in hops if h]):
        if not _trusted(hop, nets):
            return hop
    return peer


def client_of(environ: Mapping[str, Any], settings: Any) -> str:
    """``client_address`` with the server's `trusted_proxies`."""
    return client_address(environ, settings.trusted_proxies)
