"""The actor graph's raw material, read once by whatever writes a store and kept beside it.

The extraction queries take about 40 s at 1M triples, and a server needs their result before
it can answer ``/graph``; so the build, ``syriakg load`` and ``syriakg reason`` run them once,
after the store is written, and keep the result in ``actor-graph.json`` next to the store,
together with the graph view's answers that need no filter (``KEPT_VIEWS``: the ``VIEW_TOP``
most connected actors, and every actor, in English), as ``store/facts.py`` keeps the store's
facts (docs/architecture.md, "Starting a server"). A server reads them in milliseconds; a store
without them (or with a file of another format) is read instead, with a line in the log.
"""

from __future__ import annotations

import json
import logging
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import Any

from syriakg.analysis.exports import export
from syriakg.analysis.extraction import (
    Claim,
    Extraction,
    ExtractionError,
    Node,
    Quote,
    Relation,
    Source,
    Statement,
    extract,
)
from syriakg.analysis.graph import GraphFilter, build
from syriakg.analysis.timespan import Span
from syriakg.store import QueryStore

log = logging.getLogger("syriakg.analysis")

FILE = "actor-graph.json"
# Bumped whenever the file's fields change: a server then reads the store instead.
FORMAT = 1
# The view's default cap (the downloads have none): a browser reads the graph's JSON whole.
VIEW_TOP = 300
# What the view asks for when it opens with no filter in its URL (graph.js: top and lang only,
# size_by left to the default).
VIEW_OPENS = ("json", GraphFilter(top=VIEW_TOP, lang="en"), "degree")
# The answers kept beside the store (file name -> what is asked): the view's opening one, and
# every actor (``/graph?top=``), whose network is the largest to merge and measure.
KEPT_VIEWS: dict[str, tuple[str, GraphFilter, str]] = {
    "actor-graph-view.json": VIEW_OPENS,
    "actor-graph-all.json": ("json", GraphFilter(top=None, lang="en"), "degree"),
}


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _statement(st: Statement) -> dict[str, Any]:
    body = asdict(st)
    body["span"] = [_day(st.span.begin), _day(st.span.end)] if st.span else None
    return body


def dump(extraction: Extraction) -> bytes:
    """``extraction`` as JSON (nodes, relations, statements, claims, sources)."""
    body = {
        "format": FORMAT,
        "nodes": [[n.iri, n.kind, n.label_en, n.label_ar] for n in extraction.nodes.values()],
        "relations": [asdict(r) for r in extraction.relations.values()],
        "statements": [_statement(st) for st in extraction.statements],
        "claims": [asdict(c) for c in extraction.claims.values()],
        "sources": [asdict(s) for s in extraction.sources.values()],
    }
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _span(value: list[str | None] | None) -> Span | None:
    if value is None:
        return None
    begin, end = value
    return Span(date.fromisoformat(begin) if begin else None,
                date.fromisoformat(end) if end else None)


def load(data: bytes) -> Extraction | None:
    """The extraction in ``data`` (``dump``'s JSON), or None if it is of another format."""
    body = json.loads(data)
    if not isinstance(body, dict) or body.get("format") != FORMAT:
        return None
    claims = {}
    for c in body["claims"]:
        c["quotes"] = [Quote(**q) for q in c["quotes"]]
        claims[c["iri"]] = Claim(**c)
    statements = []
    for st in body["statements"]:
        st["span"] = _span(st["span"])
        statements.append(Statement(**st))
    return Extraction(
        nodes={n[0]: Node(*n) for n in body["nodes"]},
        relations={r["id"]: Relation(**r) for r in body["relations"]},
        statements=statements,
        claims=claims,
        sources={s["id"]: Source(**s) for s in body["sources"]},
    )


def files(store: QueryStore) -> dict[str, bytes]:
    """What to keep beside ``store``: its extraction and the view's opening answer (none when
    the extraction queries fail: a server then says why, as it would without the file)."""
    try:
        extraction = extract(store)
    except ExtractionError as exc:
        log.warning("the actor graph is not kept beside the store: %s", exc)
        return {}
    found = {FILE: dump(extraction)}
    for name, (fmt, flt, size_by) in KEPT_VIEWS.items():
        found[name] = export(build(extraction, flt), fmt, size_by)
    return found


Views = dict[tuple[str, GraphFilter, str], bytes]


def read(directory: Path) -> tuple[Extraction, Views] | None:
    """The extraction and the view's answers kept in ``directory`` (by what they answer), or
    None when there is no extraction of this format (a store written before it was kept): the
    caller reads the store."""
    path = directory / FILE
    try:
        extraction = load(path.read_bytes())
    except FileNotFoundError:
        return None
    except (OSError, ValueError, TypeError, KeyError) as exc:
        log.warning("%s cannot be read (%s): reading the store instead", path, exc)
        return None
    if extraction is None:
        log.info("%s is of another format: reading the store instead", path)
        return None
    views = {}
    for name, asked in KEPT_VIEWS.items():
        try:
            views[asked] = (directory / name).read_bytes()
        except OSError:
            continue
    return extraction, views
