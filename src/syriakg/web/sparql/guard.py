"""Look at a query before it runs: is it an update, and which SERVICE endpoints would it call?

pyoxigraph follows ``SERVICE`` over HTTP and has neither a public algebra API nor a service
hook, so the only way to stop it calling a host is to refuse the query first. A full parse with
rdflib costs milliseconds per query; the project's lexer (syriakg.querytext) costs microseconds
and only needs to be right about tokens: it skips comments, strings and IRIs exactly as the
SPARQL grammar does, so a ``SERVICE`` keyword can neither hide in nor be faked by them. The
allowlist is an exact match on the resolved endpoint IRI, so any form the lexer resolves
differently from the engine is refused, not let through.

``FROM`` / ``FROM NAMED`` and the protocol's dataset IRIs only select graphs of the store:
Oxigraph never dereferences them (tests/web/sparql/test_guard.py checks that no connection is made).
"""

from __future__ import annotations

import ipaddress
import re
import socket
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from syriakg.querytext import QUERY_FORMS, UPDATE_KEYWORDS, Token, read_prologue, resolve, tokens
from syriakg.web.errors import BadGateway, Forbidden

_NEEDS_FULL_SCAN = re.compile(r"\b(?:service|from)\b", re.IGNORECASE)
_PREFIX_USE = re.compile(r"(?<![\w.-])([\w.-]*+):")  # every "name:", a superset of prefix uses
_FIRST_WORD = re.compile(r"[A-Za-z]+")


@dataclass(frozen=True)
class ServiceCall:
    """One ``SERVICE`` clause: its endpoint IRI as the engine will resolve it, or why not."""

    endpoint: str | None  # None when the target is a variable or cannot be resolved
    text: str  # the target as written, for messages
    silent: bool


@dataclass(frozen=True)
class QueryShape:
    """What the guard needs to know about a query, found without evaluating it."""

    form: str | None  # SELECT, ASK, CONSTRUCT, DESCRIBE, an update keyword, or None
    services: tuple[ServiceCall, ...]
    has_dataset: bool  # FROM or FROM NAMED
    undeclared: frozenset[str] = frozenset()  # prefixes used without a PREFIX declaration
    declared: Mapping[str, str] = field(default_factory=dict)  # PREFIX name: resolved IRI

    @property
    def is_update(self) -> bool:
        return self.form in UPDATE_KEYWORDS


def _quick_shape(text: str) -> QueryShape | None:
    """The shape of a query that mentions neither SERVICE nor FROM, from its prologue alone.

    None when the prologue is unusual (escapes in IRIs, no query form after it): the caller then
    reads every token.
    """
    prologue = read_prologue(text)
    pos, declared = prologue.end, dict(prologue.declared)
    word = _FIRST_WORD.match(text, pos)
    form = word.group().upper() if word else ""
    if form not in QUERY_FORMS and form not in UPDATE_KEYWORDS:
        return None
    used = set(_PREFIX_USE.findall(text, pos))  # the prologue declares, it does not use
    return QueryShape(form, (), False, frozenset(used - declared.keys() - {"_"}), declared)


def inspect_query(text: str, default_prefixes: Mapping[str, str]) -> QueryShape:
    """Find the query form, the SERVICE endpoints, whether FROM is used, and the prefixes used
    without a declaration.

    Keywords cannot be escaped, so a query in which the words SERVICE and FROM appear nowhere
    (not even in a string) needs only its prologue read; the prefixes it uses are then
    over-approximated by every ``name:`` in the text, which is harmless (unknown ones are
    dropped, declared ones win). Any other query is read token by token to the end.

    >>> s = inspect_query('PREFIX w: <https://q.example/> SELECT * { SERVICE w:sparql {} }', {})
    >>> s.form, [c.endpoint for c in s.services]
    ('SELECT', ['https://q.example/sparql'])
    >>> inspect_query('INSERT DATA { <a> <b> <c> }', {}).is_update
    True
    """
    # A substring test first: the regex costs more than the rest of the quick read.
    lowered = text.lower()
    mentions = "service" in lowered or "from" in lowered
    if not mentions or _NEEDS_FULL_SCAN.search(text) is None:
        quick = _quick_shape(text)
        if quick is not None:
            return quick
    toks = list(tokens(text))
    prefixes = dict(default_prefixes)
    base: str | None = None
    form: str | None = None
    services: list[ServiceCall] = []
    has_dataset = False
    declared: dict[str, str] = {}
    used: set[str] = set()
    i = 0
    while i < len(toks):
        tok = toks[i]
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        if tok.kind == "WORD" and tok.value == "BASE" and nxt and nxt.kind == "IRI":
            base = resolve(base, nxt.value)
            i += 2
            continue
        if (
            tok.kind == "WORD" and tok.value == "PREFIX" and nxt and nxt.kind == "PNAME"
            and i + 2 < len(toks) and toks[i + 2].kind == "IRI"
        ):
            name = nxt.value.split(":", 1)[0]
            declared[name] = prefixes[name] = resolve(base, toks[i + 2].value)
            i += 3
            continue
        if tok.kind == "PNAME":
            used.add(tok.value.split(":", 1)[0])
        if tok.kind == "WORD":
            if form is None and (tok.value in QUERY_FORMS or tok.value in UPDATE_KEYWORDS):
                form = tok.value
            if tok.value == "FROM":
                has_dataset = True
            if tok.value == "SERVICE":
                services.append(_service_call(toks[i + 1 :], prefixes, base))
        i += 1
    return QueryShape(
        form=form, services=tuple(services), has_dataset=has_dataset,
        undeclared=frozenset(used - declared.keys() - {"_"}), declared=declared,
    )


def _service_call(rest: Sequence[Token], prefixes: Mapping[str, str], base: str | None) -> (
    ServiceCall
):
    silent = bool(rest) and rest[0].kind == "WORD" and rest[0].value == "SILENT"
    target = rest[1 if silent else 0] if len(rest) > (1 if silent else 0) else None
    if target is None:
        return ServiceCall(None, "(nothing)", silent)
    if target.kind == "IRI":
        iri = urljoin(base, target.value) if base else target.value
        return ServiceCall(iri, f"<{target.value}>", silent)
    if target.kind == "PNAME":
        prefix, _, local = target.value.partition(":")
        if prefix in prefixes:
            return ServiceCall(prefixes[prefix] + local, target.value, silent)
    return ServiceCall(None, target.value, silent)


_LOCAL_NAMES = ("localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback")


def _is_private(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    return bool(
        ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_reserved
        or ip.is_multicast or ip.is_unspecified
    )


def local_address_reason(endpoint: str, resolve: bool = True) -> str | None:
    """Why ``endpoint`` points at this machine or a private network, or None if it does not.

    >>> local_address_reason("http://127.0.0.1:8000/sparql", resolve=False)
    'its host 127.0.0.1 is a loopback or private address'
    >>> local_address_reason("https://query.wikidata.org/sparql", resolve=False) is None
    True
    """
    host = (urlsplit(endpoint).hostname or "").rstrip(".").lower()
    if not host:
        return "it has no host"
    if host in _LOCAL_NAMES or host.endswith((".localhost", ".local", ".internal")):
        return f"its host {host} is a local name"
    try:
        if _is_private(host):
            return f"its host {host} is a loopback or private address"
        return None
    except ValueError:
        pass  # a name, not an address literal
    if not resolve:
        return None
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except OSError as exc:
        raise BadGateway(f"SERVICE <{endpoint}>: cannot resolve {host}: {exc}") from exc
    for info in infos:
        address = str(info[4][0])
        if _is_private(address):
            return f"its host {host} resolves to the loopback or private address {address}"
    return None


def check_services(shape: QueryShape, allowlist: Sequence[str]) -> None:
    """Refuse the query unless every SERVICE endpoint is allow-listed and public.

    :raises Forbidden: naming the setting ``service_allowlist``; no connection has been made.
    """
    listed = ", ".join(allowlist) if allowlist else "(empty)"
    for call in shape.services:
        if call.endpoint is None:
            raise Forbidden(
                f"SERVICE {call.text} is not allowed: the endpoint must be written as an IRI "
                f"listed in the setting `service_allowlist` (now: {listed}). "
                "No connection was made."
            )
        if call.endpoint not in allowlist:
            raise Forbidden(
                f"SERVICE <{call.endpoint}> is not allowed: this server only calls the SPARQL "
                f"endpoints listed in the setting `service_allowlist` (now: {listed}). "
                "No connection was made."
            )
        reason = local_address_reason(call.endpoint)
        if reason:
            raise Forbidden(
                f"SERVICE <{call.endpoint}> is not allowed: {reason}, and this server never "
                "calls local or private addresses, even when listed in the setting "
                "`service_allowlist`. No connection was made."
            )
