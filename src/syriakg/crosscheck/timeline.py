"""How a figure evolved: each quantity's points (series.py) by claimant, in time order, read
from a built store for the timeline page (/timeline and /timeline.json, web/views/timeline.py).
"""

from __future__ import annotations

from typing import Any

import pyoxigraph as ox

from syriakg.crosscheck.rules import plain
from syriakg.crosscheck.series import FIGURES, Point, point_of
from syriakg.crosscheck.sparql import _value
from syriakg.namespaces import PREFIXES
from syriakg.store import QueryStore

LABELS = """
SELECT ?r ?l WHERE { { ?r skos:prefLabel ?l } UNION { ?r rdfs:label ?l }
  FILTER (LANG(?l) = "%s") VALUES ?r { %s } } ORDER BY ?r ?l"""


def _select(store: QueryStore, query: str) -> list[dict[str, Any]]:
    result = store.query(query, prefixes=PREFIXES, use_default_graph_as_union=True)
    assert isinstance(result, ox.QuerySolutions)
    names = [v.value for v in result.variables]
    return [{n: _value(row[n]) for n in names} for row in result]


def _labels(store: QueryStore, iris: set[str], lang: str) -> dict[str, str]:
    if not iris:
        return {}
    found: dict[str, str] = {}
    values = " ".join(f"<{i}>" for i in sorted(iris))
    for row in _select(store, LABELS % (lang, values)):
        found.setdefault(row["r"], row["l"])
    return {i: found.get(i, i.rsplit("/", 1)[-1].rsplit("#", 1)[-1]) for i in iris}


def _number(p: Point) -> dict[str, Any]:
    return {
        "qualifier": p.qualifier,
        "value": plain(p.number) if p.number is not None else None,
        "lower": plain(p.lower) if p.lower is not None else None,
        "upper": plain(p.upper) if p.upper is not None else None,
    }


def timeline(store: QueryStore) -> list[dict[str, Any]]:
    """One series per quantity, most reported first; in each, one line per claimant with its
    points in time order. Every point names its claim (whose page shows the quote), the quote
    itself where the document's text is stored, or else the URL of the page it cites."""
    seen: dict[str, Point] = {}
    for row in _select(store, FIGURES):
        point = point_of(row)
        if point is not None and point.claim not in seen:
            seen[point.claim] = point
    points = sorted(seen.values(), key=lambda p: (p.quantity, p.end, p.claim))
    terms = {t for p in points for t in p.quantity[:4] if t} | {p.claimant for p in points}
    en, ar = _labels(store, terms, "en"), _labels(store, terms, "ar")
    grouped: dict[tuple[Any, ...], dict[str, list[Point]]] = {}
    for p in points:
        grouped.setdefault(p.quantity, {}).setdefault(p.claimant, []).append(p)
    series = []
    for quantity, by_claimant in grouped.items():
        cls, outcome, group, perpetrator, begin = quantity
        named = [t for t in (cls, outcome, group, perpetrator) if t]
        series.append({
            "class": cls, "outcome": outcome, "group": group, "perpetrator": perpetrator,
            "begin": begin.isoformat(),
            "title_en": ", ".join(en[t] for t in named) + f", from {begin.isoformat()}",
            "title_ar": "، ".join(ar[t] for t in named) + f"، منذ {begin.isoformat()}",
            "claimants": [
                {"claimant": who, "label_en": en[who], "label_ar": ar[who], "points": [
                    {"claim": p.claim, "document": p.doc, "end": p.end.isoformat(),
                     "end_stated": p.end_stated, "published": p.published, **_number(p),
                     "quote": p.quote, "en": p.en, "url": p.url}
                    for p in pts]}
                for who, pts in sorted(by_claimant.items(), key=lambda kv: en[kv[0]])
            ],
        })
    return sorted(series, key=lambda s: (-sum(len(c["points"]) for c in s["claimants"]),
                                         s["title_en"]))
