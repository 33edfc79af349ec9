"""What a query process may reach: no network of its own, a memory ceiling, its parent's life.

pyoxigraph opens the connections of a ``SERVICE`` call itself and offers no hook, so the wall
around the engine is the process it runs in (docs/architecture.md, "The query process"):

* A **sealed** query process is moved into a network namespace of its own with nothing in it,
  not even a loopback interface: every ``connect`` fails with "network unreachable", whatever
  the query says and whatever the guard missed.
* A **federating** query process (for queries whose SERVICE endpoints the guard has proven to be
  allow-listed) gets a namespace with only a loopback interface and a private ``/etc/hosts``
  naming each allow-listed host at a loopback address of its own. The broker relays each of
  those addresses to the real endpoint (web.sparql.relay); there is no route to anything else.
* Every query process has an address-space ceiling (``RLIMIT_AS``): past it an allocation fails
  and the engine aborts, which costs that process only.

Namespaces need CAP_SYS_ADMIN (root, as the server runs in a container or under CI) or
unprivileged user namespaces. ``available()`` probes once; where they cannot be made the server
says so at start-up and the guard parses every query for real instead (web.sparql.guard).
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import functools
import os
import resource
import signal
import socket
import struct
import tempfile

_CLONE_NEWNS = 0x00020000
_CLONE_NEWUSER = 0x10000000
_CLONE_NEWNET = 0x40000000
_MS_REC = 0x4000
_MS_PRIVATE = 1 << 18
_MS_BIND = 4096
_PR_SET_PDEATHSIG = 1
_SIOCGIFFLAGS = 0x8913
_SIOCSIFFLAGS = 0x8914
_IFF_UP = 0x1

_libc = ctypes.CDLL(None, use_errno=True)


class SandboxError(OSError):
    """A namespace or limit could not be set up."""


def _check(result: int, what: str) -> None:
    if result != 0:
        code = ctypes.get_errno()
        raise SandboxError(code, f"{what}: {os.strerror(code)}")


def _unshare(flags: int) -> None:
    """Enter new namespaces; as an unprivileged user, through a user namespace of our own."""
    if _libc.unshare(flags) == 0:
        return
    if ctypes.get_errno() != errno.EPERM:
        _check(-1, "unshare")
    uid, gid = os.getuid(), os.getgid()
    _check(_libc.unshare(flags | _CLONE_NEWUSER), "unshare with a user namespace")
    # Map ourselves to root inside the new user namespace, so that the mounts below are allowed.
    with open("/proc/self/setgroups", "w") as f:
        f.write("deny")
    with open("/proc/self/uid_map", "w") as f:
        f.write(f"0 {uid} 1")
    with open("/proc/self/gid_map", "w") as f:
        f.write(f"0 {gid} 1")


def seal() -> None:
    """Move this process into an empty network namespace: no interface, no route."""
    _unshare(_CLONE_NEWNET)


def _loopback_up() -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        request = struct.pack("16sH14x", b"lo", 0)
        flags = struct.unpack("16sH14x", fcntl.ioctl(s.fileno(), _SIOCGIFFLAGS, request))[1]
        fcntl.ioctl(s.fileno(), _SIOCSIFFLAGS, struct.pack("16sH14x", b"lo", flags | _IFF_UP))


def enclose(hosts: dict[str, str]) -> None:
    """Move this process into a network namespace with only loopback, and a mount namespace in
    which ``/etc/hosts`` names each of ``hosts`` (name -> loopback address) and nothing else."""
    _unshare(_CLONE_NEWNET | _CLONE_NEWNS)
    _check(_libc.mount(b"none", b"/", None, _MS_REC | _MS_PRIVATE, None), "mount --make-rprivate")
    _loopback_up()
    handle, path = tempfile.mkstemp(prefix="syriakg-hosts-")
    with os.fdopen(handle, "w", encoding="ascii") as f:
        f.write("127.0.0.1 localhost\n")
        f.writelines(f"{address} {name}\n" for name, address in hosts.items())
    _check(_libc.mount(path.encode(), b"/etc/hosts", None, _MS_BIND, None), "bind /etc/hosts")
    os.unlink(path)  # the mount keeps the file


def limit_memory(extra_bytes: int) -> int:
    """Cap this process's address space at what it maps now plus ``extra_bytes``; the cap."""
    with open("/proc/self/statm", encoding="ascii") as f:
        mapped = int(f.read().split()[0]) * resource.getpagesize()
    cap = mapped + extra_bytes
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    return cap


def die_with_parent() -> None:
    """Receive SIGKILL when the parent (thread) that forked this process ends (Linux)."""
    _libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)


@functools.cache
def available() -> bool:
    """Whether this machine lets a child seal and enclose itself (probed once, in a child)."""
    pid = os.fork()
    if pid == 0:
        code = 0
        try:
            enclose({"probe.invalid": "127.0.0.2"})
            socket.getaddrinfo("probe.invalid", 80)
        except BaseException:
            code = 1
        os._exit(code)
    _, status = os.waitpid(pid, 0)
    return os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0
