"""Read the actor graph's raw material from the store: statements, nodes, claims, sources, times.

Every edge comes from SPARQL (``queries/graph/*.rq``), never from a hand-kept list. A file there
whose SELECT has ``?s ?o ?relation`` is an *edge query*: each row is one statement (one claim,
or one reference-layer fact) that ``?s`` stands in ``?relation`` to ``?o``. Adding a kind of
edge is adding a file. The other files (``nodes``, ``evidence``, ``times``, ``sources``) describe
what the edges point at. The result is plain data, read once per store (the store is read-only),
and filtered later without touching the store again.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from syriakg.analysis import style
from syriakg.analysis.timespan import Span, TimeNode, parse_value, resolve
from syriakg.errors import KGError
from syriakg.namespaces import BASE, GRAPH, compact
from syriakg.store import QueryStore, select_bindings

QUERIES_DIR = Path(__file__).resolve().parents[3] / "queries" / "graph"
SUPPORT_QUERIES = ("nodes", "evidence", "times", "sources")
REFERENCE = "reference"


def page_url(iri: str) -> str:
    """Path of a resource's page on this server.

    >>> page_url("https://w3id.org/syria-kg/id/actor/russia")
    '/id/actor/russia'
    """
    return "/" + iri[len(BASE):] if iri.startswith(BASE) else iri


class ExtractionError(KGError):
    """An extraction query is missing or does not parse."""


@dataclass(frozen=True)
class Node:
    """An actor, place or draft that edges can point at."""

    iri: str
    kind: str
    label_en: str
    label_ar: str

    @cached_property
    def id(self) -> str:
        """The node id in every export: the compact IRI, e.g. ``actor:russia``."""
        return compact(self.iri)

    @property
    def url(self) -> str:
        """Path of the node's page on this server, e.g. ``/id/actor/russia``."""
        return page_url(self.iri)


@dataclass(frozen=True)
class Quote:
    """The exact words of a claim in its source, and where they are (code points)."""

    exact: str
    start: int | None
    end: int | None


@dataclass
class Claim:
    """What one claim rests on: its source, quote(s), translation, attitude and claimant."""

    iri: str
    source: str  # source id, e.g. "d0001"
    graph: str  # named-graph name, e.g. "d0001"
    quotes: list[Quote] = field(default_factory=list)
    translation: str = ""
    attitude: str = ""
    claimant: str = ""
    label_en: str = ""  # what a record claim says, for claims that carry no quote
    label_ar: str = ""
    verdict: str = ""  # a cross-check's verdict (skg:Assessment), e.g. "Agrees"
    verdict_en: str = ""
    verdict_ar: str = ""


@dataclass(frozen=True)
class Source:
    """A source document (or the reference layer) that edges can be filtered by."""

    id: str
    iri: str
    graph: str
    label_en: str
    label_ar: str
    published: str = ""
    url: str = ""
    claims: int = 0


@dataclass(frozen=True)
class Relation:
    """A kind of edge, with its labels; undirected relations are stored with ``s < o``."""

    id: str
    label_en: str
    label_ar: str
    directed: bool = True
    reference: bool = False


@dataclass(frozen=True)
class Statement:
    """One piece of evidence that ``subject`` stands in ``relation`` to ``object``."""

    subject: str
    object: str
    relation: str
    claim: str | None  # None for a reference-layer fact
    source: str
    graph: str
    via: str | None = None  # the event, figure or membership the edge was collapsed from
    span: Span | None = None
    note: str = ""  # e.g. the role of a membership
    cites: str = ""  # the record a reference fact cites


@dataclass
class Extraction:
    """Everything the actor graph is built from, read from one store."""

    nodes: dict[str, Node]
    relations: dict[str, Relation]
    statements: list[Statement]
    claims: dict[str, Claim]
    sources: dict[str, Source]
    # Networks already merged and measured, by evidence filter (syriakg.analysis.graph).
    measured: dict[Any, Any] = field(default_factory=dict, init=False, repr=False, compare=False)

    @cached_property
    def shared_labels(self) -> set[tuple[str, str]]:
        """``(lang, label)`` pairs that nodes of more than one kind have (English labels
        casefolded): naming the kind tells these apart."""
        kinds: dict[tuple[str, str], set[str]] = defaultdict(set)
        for node in self.nodes.values():
            kinds["en", node.label_en.casefold()].add(style.kind_label(node.kind, "en"))
            kinds["ar", node.label_ar].add(style.kind_label(node.kind, "en"))
        return {pair for pair, found in kinds.items() if len(found) > 1}


@dataclass(frozen=True)
class Lit:
    """A literal as the extraction needs it: its lexical form and datatype IRI."""

    value: str
    datatype: str


_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
Row = dict[str, Lit | str]


def _select(store: QueryStore, path: Path) -> tuple[list[str], list[Row]]:
    """The variables and rows of an extraction query; IRIs and blank nodes as strings,
    literals as ``Lit``."""
    try:
        text = path.read_text(encoding="utf-8")
        names, found = select_bindings(store, text)
    except OSError as exc:
        raise ExtractionError(f"cannot read the extraction query {path}: {exc}") from exc
    except SyntaxError as exc:
        raise ExtractionError(f"{path}: the query does not parse: {exc}") from exc
    except TypeError as exc:
        raise ExtractionError(f"{path}: an extraction query must be a SELECT") from exc
    rows = []
    for binding in found:
        row: Row = {}
        for name, term in binding.items():
            if term["type"] == "literal":
                default = _LANG_STRING if "xml:lang" in term else _XSD_STRING
                row[name] = Lit(term["value"], term.get("datatype", default))
            else:
                row[name] = term["value"]
        rows.append(row)
    return names, rows


def _text(row: Row, name: str) -> str:
    value = row.get(name)
    if value is None:
        return ""
    return value.value if isinstance(value, Lit) else value


def _local(iri: str) -> str:
    """The last segment of an IRI: ``…/graph/d0001`` → ``d0001``, ``…#Asserts`` → ``Asserts``."""
    return iri.rstrip("/").rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _span(row: Row, times: dict[str, TimeNode]) -> Span | None:
    when = row.get("when")
    if when is None:
        return None
    if isinstance(when, Lit):
        return parse_value(when.value, when.datatype)
    return resolve(times, when)


def _times(store: QueryStore, folder: Path) -> dict[str, TimeNode]:
    nodes: dict[str, TimeNode] = {}
    for row in _select(store, folder / "times.rq")[1]:
        part, instant = _text(row, "part"), _text(row, "instant")
        if part == "begin":
            nodes.setdefault(_text(row, "time"), TimeNode()).begin = instant
        elif part == "end":
            nodes.setdefault(_text(row, "time"), TimeNode()).end = instant
        node = nodes.setdefault(instant, TimeNode())
        value = row.get("value")
        if isinstance(value, Lit):
            node.at = parse_value(value.value, value.datatype)
        if row.get("anchor"):
            node.offset_from, node.offset = _text(row, "anchor"), _text(row, "offset")
    return nodes


def _nodes(store: QueryStore, folder: Path) -> dict[str, Node]:
    types: dict[str, list[str]] = {}
    rows: dict[str, Row] = {}
    for row in _select(store, folder / "nodes.rq")[1]:
        iri = _text(row, "node")
        types.setdefault(iri, []).append(_local(_text(row, "type")))
        rows.setdefault(iri, row)
    nodes = {}
    for iri, row in rows.items():
        kind = style.kind_of(types[iri])
        en, ar = _text(row, "label_en"), _text(row, "label_ar")
        if kind == "DraftResolution":
            symbol, voted = _text(row, "symbol"), _text(row, "voted")
            topic_en, topic_ar = _text(row, "topic_en"), _text(row, "topic_ar")
            if symbol:
                en, ar = en or symbol, ar or symbol
            elif voted:
                # The date is isolated left to right (U+2066 … U+2069) inside the Arabic label.
                en = en or f"draft voted on {voted}"
                ar = ar or f"مشروع قرار صُوّت عليه في \u2066{voted}\u2069"
            elif topic_en:
                en, ar = en or f"draft: {topic_en}", ar or f"مشروع قرار: {topic_ar or topic_en}"
        nodes[iri] = Node(iri, kind, en or _local(iri), ar or en or _local(iri))
    return nodes


def _claims(store: QueryStore, folder: Path) -> dict[str, Claim]:
    claims: dict[str, Claim] = {}
    for row in _select(store, folder / "evidence.rq")[1]:
        iri = _text(row, "claim")
        claim = claims.get(iri)
        if claim is None:
            claim = claims[iri] = Claim(
                iri, _local(_text(row, "doc")), _local(_text(row, "graph")),
                translation=_text(row, "translation"), attitude=_local(_text(row, "attitude")),
                claimant=_text(row, "claimant"), label_en=_text(row, "label_en"),
                label_ar=_text(row, "label_ar"), verdict=_local(_text(row, "verdict")),
                verdict_en=_text(row, "verdict_en"), verdict_ar=_text(row, "verdict_ar"),
            )
        exact = _text(row, "exact")
        if exact and all(q.exact != exact for q in claim.quotes):
            start, end = _text(row, "start"), _text(row, "end")
            claim.quotes.append(Quote(exact, int(start) if start else None,
                                      int(end) if end else None))
    return claims


def _sources(store: QueryStore, folder: Path) -> dict[str, Source]:
    sources = {}
    for row in _select(store, folder / "sources.rq")[1]:
        doc = _text(row, "doc")
        key = _local(doc)
        sources[key] = Source(
            key, doc, _local(_text(row, "graph")), _text(row, "label_en") or key,
            _text(row, "label_ar") or _text(row, "label_en") or key,
            _text(row, "published"), _text(row, "url"), int(_text(row, "claims") or 0),
        )
    sources[REFERENCE] = Source(
        REFERENCE, str(GRAPH[REFERENCE]), REFERENCE, "reference layer", "الطبقة المرجعية"
    )
    return sources


def _statements(
    store: QueryStore, path: Path, times: dict[str, TimeNode], claims: dict[str, Claim],
    relations: dict[str, Relation],
) -> list[Statement]:
    names, rows = _select(store, path)
    if not {"s", "o", "relation"} <= set(names):
        return []
    out = []
    for row in rows:
        relation = _text(row, "relation")
        if relation not in relations:
            relations[relation] = Relation(
                relation, _text(row, "label_en") or relation,
                _text(row, "label_ar") or _text(row, "label_en") or relation,
                # Virtuoso gives a computed boolean as 1 (issue 7)
                directed=_text(row, "undirected") not in ("true", "1"),
                reference="claim" not in names,
            )
        claim_iri = _text(row, "claim") or None
        claim = claims.get(claim_iri) if claim_iri else None
        role = _text(row, "role_en")
        out.append(Statement(
            _text(row, "s"), _text(row, "o"), relation, claim_iri,
            claim.source if claim else REFERENCE,
            claim.graph if claim else _local(_text(row, "graph")) or REFERENCE,
            _text(row, "via") or None, _span(row, times),
            note=f"{role} · {_text(row, 'role_ar')}" if role else "", cites=_text(row, "cites"),
        ))
    return out


def extract(store: QueryStore, folder: Path = QUERIES_DIR) -> Extraction:
    """Run every extraction query over ``store`` and gather the results.

    :raises ExtractionError: if a query file is missing or does not parse.
    """
    if not folder.is_dir():
        raise ExtractionError(f"no extraction queries at {folder}: expected queries/graph/*.rq")
    times = _times(store, folder)
    claims = _claims(store, folder)
    nodes = _nodes(store, folder)
    relations: dict[str, Relation] = {}
    statements: list[Statement] = []
    for path in sorted(folder.glob("*.rq")):
        if path.stem not in SUPPORT_QUERIES:
            statements += _statements(store, path, times, claims, relations)
    for st in statements:
        for iri in (st.subject, st.object):
            if iri not in nodes:
                nodes[iri] = Node(iri, "Other", _local(iri), _local(iri))
    return Extraction(nodes, relations, statements, claims, _sources(store, folder))
