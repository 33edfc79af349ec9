"""Look at a query before it runs: is it an update, does it call SERVICE, and where?

pyoxigraph follows ``SERVICE`` over HTTP and offers no hook, so two walls stand between a query
and the network (docs/architecture.md, "The query guard"):

1. This guard. The project's lexer (syriakg.querytext) skips comments, strings and IRIs as the
   SPARQL grammar does; a query in which no word holds the letters SERVICE, in any case and
   glued to anything (``1SERVICE``, ``trueSERVICE``), cannot call one. Any other query is
   parsed for real (rdflib's SPARQL parser) and its SERVICE endpoints taken from the parse: a
   query the parser cannot read is refused, not guessed at. Each endpoint, resolved as the
   engine resolves it, must be in the allow-list by exact match and not a private address.
2. The query process (web.sparql.sandbox): a query the guard found no SERVICE in runs where
   there is no network at all, and one with allow-listed endpoints where only those are
   reachable. Where namespaces cannot be made, every query is parsed for real instead.

Brackets nested deeper than ``MAX_DEPTH`` are refused before any parser sees them: the engine's
recursive parser runs out of stack on a few thousand.

``FROM`` / ``FROM NAMED`` and the protocol's dataset IRIs only select graphs of the store:
Oxigraph never dereferences them (tests/web/sparql/test_guard.py checks that no connection is
made).
"""

from __future__ import annotations

import ipaddress
import re
import socket
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from rdflib import URIRef

from syriakg.querytext import QUERY_FORMS, UPDATE_KEYWORDS, read_prologue, resolve, tokens
from syriakg.web.errors import BadGateway, BadRequest, Forbidden

MAX_DEPTH = 128  # brackets ( { [ inside one another
REAL_PARSE_BYTES = 32_768  # the longest query that mentions SERVICE and is parsed for real
_BRACKETS = re.compile(r"[(){}\[\]]")
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


def inspect_query(text: str, default_prefixes: Mapping[str, str], *,
                  base_iri: str | None = None, parse_all: bool = False) -> QueryShape:
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
    check_depth(text)
    lowered = text.lower()
    if not parse_all and "service" not in lowered and "from" not in lowered:
        quick = _quick_shape(text)
        if quick is not None:
            return quick
    toks = list(tokens(text))
    prefixes = dict(default_prefixes)
    base: str | None = None
    form: str | None = None
    services: list[ServiceCall] = []
    mentions_service = False
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
            if "SERVICE" in tok.value:  # SERVICE itself, or glued to what precedes it
                mentions_service = True
        i += 1
    if mentions_service or parse_all:
        services = parsed_services(text, default_prefixes, base_iri, mentions_service)
    return QueryShape(
        form=form, services=tuple(services), has_dataset=has_dataset,
        undeclared=frozenset(used - declared.keys() - {"_"}), declared=declared,
    )


def check_depth(text: str) -> None:
    """Refuse brackets nested deeper than MAX_DEPTH.

    The brackets are first counted in the raw text, strings included, which can only count too
    many; only a text over the limit is read token by token to count exactly.

    :raises BadRequest: naming the depth and the limit.
    """
    if _depth(m.group() for m in _BRACKETS.finditer(text)) <= MAX_DEPTH:
        return
    depth = _depth(t.value for t in tokens(text) if t.kind == "PUNCT")
    if depth > MAX_DEPTH:
        raise BadRequest(
            f"The query nests brackets {depth} deep; this endpoint reads at most {MAX_DEPTH}. "
            "Write the pattern flatter (a VALUES block, or one FILTER with && or IN)."
        )


def _depth(brackets: Iterable[str]) -> int:
    depth = deepest = 0
    for bracket in brackets:
        if bracket in "({[":
            depth += 1
            deepest = max(deepest, depth)
        elif bracket in ")}]":
            depth -= 1
    return deepest


def parsed_services(text: str, prefixes: Mapping[str, str], base_iri: str | None,
                    mentions_service: bool = True) -> list[ServiceCall]:
    """The SERVICE endpoints of ``text`` as a real SPARQL parser reads them.

    :raises BadRequest: if the query is too long to check, or the parser cannot read it: a
        query whose SERVICE calls cannot be known is not run.
    """
    if len(text.encode("utf-8", "replace")) > REAL_PARSE_BYTES:
        raise BadRequest(
            f"A query that mentions SERVICE may be at most {REAL_PARSE_BYTES} bytes long, so "
            "that its SERVICE calls can be checked before it runs."
        )
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery
    from rdflib.plugins.sparql.parserutils import CompValue

    try:
        algebra = translateQuery(parseQuery(text), base=base_iri, initNs=dict(prefixes)).algebra
    except Exception as exc:  # noqa: BLE001  (any failure to read it means: do not run it)
        said = " ".join(str(exc).split())[:300]
        if not mentions_service:
            raise BadRequest(f"SPARQL syntax error (the query is read in full before it runs): "
                             f"{said}") from None
        raise BadRequest(
            "The query mentions SERVICE, and its SERVICE calls could not be checked before it "
            f"runs, so it was not run: {said}. Check the syntax; write SERVICE as a separate "
            "word followed by the endpoint's IRI."
        ) from None
    found: list[ServiceCall] = []
    seen: set[int] = set()
    stack: list[object] = [algebra]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, CompValue):
            if node.name == "ServiceGraphPattern":
                term = node.get("term")
                endpoint = str(term) if isinstance(term, URIRef) else None
                found.append(ServiceCall(endpoint, f"<{term}>" if endpoint else str(term),
                                         node.get("silent") == "SILENT"))
            stack.extend(node.values())
        elif isinstance(node, list | tuple | set):
            stack.extend(node)
        elif isinstance(node, dict):
            stack.extend(node.values())
    return found


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
