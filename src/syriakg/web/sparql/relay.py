"""The only way out of a federating query process: one relay per allow-listed SERVICE endpoint.

A federating query process lives in a network namespace with only a loopback interface, and an
``/etc/hosts`` that names each allow-listed host at a loopback address of its own
(web.sparql.sandbox). It listens there on the endpoint's port and hands the listening socket to
the broker, which accepts from its own namespace and copies bytes to the real host and back.
TLS stays end to end (the engine speaks TLS to the host's name through the relay), and a host
that is not on the list has no address and no route.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import logging
import socket
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

log = logging.getLogger("syriakg.web")

_CHUNK = 1 << 16


@dataclass(frozen=True)
class Endpoint:
    """An allow-listed endpoint as the relay sees it: its host and port, and the loopback
    address it has inside a federating process."""

    host: str
    port: int
    local_address: str


def endpoints(allowlist: Sequence[str]) -> tuple[Endpoint, ...]:
    """One relayed endpoint per host and port of the allow-list.

    >>> [(e.host, e.port, e.local_address) for e in endpoints(
    ...     ["https://query.wikidata.org/sparql", "http://127.0.0.1:8890/sparql"])]
    [('query.wikidata.org', 443, '127.0.0.2'), ('127.0.0.1', 8890, '127.0.0.1')]
    """
    found: dict[tuple[str, int], Endpoint] = {}
    next_address = 2
    for url in allowlist:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        if not host:
            continue
        port = parts.port or (443 if parts.scheme == "https" else 80)
        if (host, port) in found:
            continue
        try:
            literal = ipaddress.ip_address(host)
        except ValueError:
            literal = None
        if literal is not None and not literal.is_loopback:
            log.warning("SERVICE endpoint %s is an address, not a name: queries cannot reach it "
                        "from a confined query process", url)
            continue
        local = host if literal is not None else f"127.0.0.{next_address}"
        if literal is None:
            next_address += 1
        found[(host, port)] = Endpoint(host, port, local)
    return tuple(found.values())


def _public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    return not (ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_reserved
                or ip.is_multicast or ip.is_unspecified)


async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while chunk := await reader.read(_CHUNK):
            writer.write(chunk)
            await writer.drain()
    except (ConnectionError, OSError):
        pass
    finally:
        with contextlib.suppress(OSError, RuntimeError):
            writer.close()


async def _relay_one(client: socket.socket, endpoint: Endpoint, private_ok: bool) -> None:
    loop = asyncio.get_running_loop()
    try:
        infos = await loop.getaddrinfo(endpoint.host, endpoint.port, type=socket.SOCK_STREAM)
        address = next((i[4] for i in infos if private_ok or _public(str(i[4][0]))), None)
        if address is None:
            log.warning("SERVICE endpoint %s resolves only to private addresses: not relayed",
                        endpoint.host)
            client.close()
            return
        up_reader, up_writer = await asyncio.open_connection(str(address[0]), int(address[1]))
        down_reader, down_writer = await asyncio.open_connection(sock=client)
    except OSError as exc:
        log.warning("SERVICE endpoint %s:%d unreachable: %s", endpoint.host, endpoint.port, exc)
        client.close()
        return
    await asyncio.gather(_pipe(down_reader, up_writer), _pipe(up_reader, down_writer))


async def serve(listener: socket.socket, endpoint: Endpoint, private_ok: bool = False) -> None:
    """Accept on ``listener`` (a socket of a federating process) and relay each connection to
    ``endpoint``, until cancelled. ``private_ok`` lets the tests' loopback endpoint through."""
    loop = asyncio.get_running_loop()
    listener.setblocking(False)
    tasks: set[asyncio.Task[None]] = set()
    try:
        while True:
            client, _ = await loop.sock_accept(listener)
            task = loop.create_task(_relay_one(client, endpoint, private_ok))
            tasks.add(task)
            task.add_done_callback(tasks.discard)
    except (OSError, asyncio.CancelledError):
        for task in tasks:
            task.cancel()
        listener.close()
