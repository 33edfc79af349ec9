"""Recognise, in the bytes a client has sent, a plain ``GET /sparql?…`` and nothing else.

The server's worker (web.worker) answers such a request itself, through web.fastpath, and
leaves every other request to gunicorn's parser. So this reader need not handle HTTP: it only
has to say "not plain" to anything that needs judgement. A request is plain when all of it
arrived in one read, it has no body and nothing after it, its request line is
``GET /sparql?<visible ASCII> HTTP/1.x``, it has exactly one Host field, and each field is
``token ":" value`` in visible ASCII, under gunicorn's own limits. Fields whose meaning gunicorn
decides are never plain: a body's (``Content-Length``, ``Transfer-Encoding``,
``Content-Type``), ``Expect``, ``Upgrade``, and anything a proxy sets (``Forwarded``,
``X-Forwarded-*``, gunicorn's ``secure_scheme_headers``), as are names with ``_`` (gunicorn's
``header_map``) and repeated names.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import NamedTuple

END = b"\r\n\r\n"
# RFC 9112 request-line; the target is our one path with a query, in visible ASCII.
_REQUEST_LINE = re.compile(rb"GET (/sparql\?([\x21-\x7e]*)) HTTP/1\.([01])")
# RFC 9110 field-line, without "_" in the name and without obs-text or obs-fold in the value.
_FIELD = re.compile(rb"([!#$%&'*+.^`|~0-9A-Za-z-]+):[ \t]*((?:[\x21-\x7e](?:[ \t]*[\x21-\x7e])*)?)"
                    rb"[ \t]*")
_NEVER_PLAIN = frozenset({
    "CONTENT-LENGTH", "TRANSFER-ENCODING", "EXPECT", "UPGRADE", "HTTP2-SETTINGS", "FORWARDED",
    "PROXY-CONNECTION", "TE", "TRAILER", "CONTENT-TYPE",
})


class PlainGet(NamedTuple):
    """A plain GET, as a WSGI environ needs it."""

    target: str  # RAW_URI
    query_string: str  # QUERY_STRING: the raw bytes as latin-1 (PEP 3333)
    protocol: str  # SERVER_PROTOCOL
    fields: dict[str, str]  # HTTP_* keys of the environ


def refused_fields(secure_scheme_headers: Iterable[str]) -> frozenset[str]:
    """The field names (upper case) that make a request not plain, given gunicorn's
    ``secure_scheme_headers`` setting."""
    return _NEVER_PLAIN | {name.upper() for name in secure_scheme_headers}


def read_plain_get(data: bytes, refused: frozenset[str], max_fields: int,
                   max_field_bytes: int) -> PlainGet | None:
    """The request ``data`` holds if it is a plain GET of /sparql (see the module), else None.

    ``max_fields`` and ``max_field_bytes`` are gunicorn's ``limit_request_fields`` and
    ``limit_request_field_size``: a request past them is left to gunicorn, which refuses it.
    """
    if not data.endswith(END) or data.find(END) != len(data) - len(END):
        return None  # incomplete, or followed by a body or a second request
    lines = data[: -len(END)].split(b"\r\n")
    found = _REQUEST_LINE.fullmatch(lines[0])
    if found is None or len(lines) - 1 > max_fields:
        return None
    fields: dict[str, str] = {}
    for line in lines[1:]:
        if len(line) > max_field_bytes:
            return None
        field = _FIELD.fullmatch(line)
        if field is None:
            return None
        name = field.group(1).decode("ascii").upper()
        key = "HTTP_" + name.replace("-", "_")
        if name in refused or name.startswith("X-FORWARDED-") or key in fields:
            return None
        fields[key] = field.group(2).decode("ascii")
    if "HTTP_HOST" not in fields and found.group(3) == b"1":
        return None  # HTTP/1.1 requires Host; gunicorn decides what to do without it
    return PlainGet(found.group(1).decode("ascii"), found.group(2).decode("ascii"),
                    "HTTP/1." + found.group(3).decode("ascii"), fields)
