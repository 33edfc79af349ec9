"""``/search?q=``: find what the graph names and what its sources say, in Arabic or English.

The store's full-text index (``syriakg.store.textindex``, SQLite FTS5, built when the store was
written) holds every label and the text of every claim: its Arabic quote, English rendering and
designations, folded so that Arabic spelling variants and attached prefixes meet (``ادلب``,
``إدلب`` and ``Idlib`` find Idlib; ``الفيتو`` finds ``لحق الفيتو``). A page of hits comes with the
count of all of them per kind (facets), a link to the next page, and a JSON twin with the same
hits (``?format=json`` or Accept). ``/search/suggest`` feeds the header box as one types; the same
index gives the near matches of a 404.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any

from flask import Blueprint, Response, jsonify, render_template, request, url_for

from syriakg.store.textindex import FACET_ORDER, Found, Hit, Index
from syriakg.text import search_key
from syriakg.web.i18n import choose_language, page_context
from syriakg.web.iris import href
from syriakg.web.negotiation import prefers_html
from syriakg.web.pages.lookup import Labels, labels, select, values
from syriakg.web.state import state

bp = Blueprint("search", __name__)

PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
SUGGESTIONS = 8
_FUZZY = ("exact", "prefix", "word", "substring", "fuzzy")

_QUOTES = """
PREFIX skg: <https://w3id.org/syria-kg/ontology#>
PREFIX oa: <http://www.w3.org/ns/oa#>
SELECT ?claim ?quote ?en ?doc WHERE {{
  VALUES ?claim {{ {claims} }}
  ?claim skg:statedIn ?doc .
  OPTIONAL {{ ?claim skg:hasEvidence ?span . ?span oa:hasSelector ?sel . ?sel oa:exact ?quote }}
  OPTIONAL {{ ?claim skg:quoteTranslation ?en }}
}}
"""


def index() -> Index:
    """The search index of the served store (opened by the app factory)."""
    found = state().search_index
    assert found is not None, "create_app opens the search index"
    return found


@dataclass
class Page:
    """What one search request asked: the text, a facet, and which page of hits."""

    text: str
    facet: str | None
    page: int
    size: int

    @classmethod
    def of_request(cls) -> Page:
        args = request.args
        facet = args.get("kind") if args.get("kind") in FACET_ORDER else None
        return cls(args.get("q", "").strip(), facet,
                   max(1, _int(args.get("page"), 1)),
                   max(1, min(_int(args.get("limit"), PAGE_SIZE), MAX_PAGE_SIZE)))


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def find(text: str, facet: str | None = None, limit: int = PAGE_SIZE, offset: int = 0) -> Found:
    """The hits of ``text`` (see ``textindex.Index.search``)."""
    return index().search(text, facet, limit, offset)


class _Alike:
    """Whether a key has difflib's ratio of at least 0.75 to the query; difflib's two cheap
    upper bounds come first (as in ``difflib.get_close_matches``)."""

    def __init__(self, query: str) -> None:
        self.query = query
        self.bound = difflib.SequenceMatcher(None, "", query)

    def __call__(self, key: str) -> bool:
        query = self.query
        if 2 * min(len(query), len(key)) < 0.75 * (len(query) + len(key)):  # real_quick_ratio
            return False
        self.bound.set_seq1(key)
        if self.bound.quick_ratio() < 0.75:
            return False
        return difflib.SequenceMatcher(None, query, key).ratio() >= 0.75


def _closeness(query: str, keys: set[str], alike: _Alike) -> int | None:
    best: int | None = None
    for key in keys:
        if key == query:
            rank = 0
        elif key.startswith(query):
            rank = 1
        elif any(word.startswith(query) for word in key.split()):
            rank = 2
        elif query in key:
            rank = 3
        elif alike(key):
            rank = 4
        else:
            continue
        best = rank if best is None else min(best, rank)
    return best


def near_matches(text: str, limit: int = 8) -> list[Hit]:
    """Resources whose labels look like ``text`` (a mistyped key or name), for 404 pages: the
    index gives the resources sharing a word's first letters, difflib measures those."""
    hint = text.replace("-", " ").replace("_", " ")
    query = search_key(hint)
    alike = _Alike(query)
    scored = []
    for iri, (hit, keys) in index().candidates(hint).items():
        rank = _closeness(query, keys, alike)
        if rank is not None:
            shortest = min((len(k) for k in keys), default=0)
            scored.append(((rank, shortest, iri), hit))
            hit.match = _FUZZY[rank]
    scored.sort(key=lambda item: item[0])
    return [hit for _, hit in scored[:limit]]


def as_json(hit: Hit, names: Labels, lang: str) -> dict[str, Any]:
    """One hit as the JSON API and the pages show it."""
    by_lang = names.by_iri.get(hit.iri, {})
    return {
        "iri": hit.iri,
        "href": href(hit.iri),
        "label": names.get(hit.iri, lang) or hit.iri,
        "labels": {k: v for k, v in by_lang.items() if k in ("en", "ar")},
        "kind": hit.facet,
        "types": [{"iri": t, "label": names.get(t, lang) or t} for t in hit.types],
        "match": hit.match,
    }


def _claim_texts(results: list[dict[str, Any]], names: Labels, lang: str) -> None:
    """Give the claims among ``results`` their quote, English rendering and source: one read
    for the page's claims."""
    claims = [r["iri"] for r in results if "/id/claim/" in r["iri"]]
    if not claims:
        return
    found: dict[str, dict[str, str]] = {}
    for row in select(_QUOTES.format(claims=values(claims))):
        seen = found.setdefault(row["claim"].value, {})
        seen["source"] = row["doc"].value
        for name in ("quote", "en"):
            if name in row:
                seen[name] = row[name].value
    for result in results:
        texts = found.get(result["iri"])
        if texts:
            result["quote"] = texts.get("quote")
            result["english"] = texts.get("en")
            result["source"] = {"iri": texts["source"], "href": href(texts["source"]),
                                "label": names.get(texts["source"], lang) or texts["source"]}


def _url(asked: Page, **changes: Any) -> str:
    args: dict[str, Any] = {"q": asked.text, "kind": asked.facet, "page": asked.page}
    if asked.size != PAGE_SIZE:
        args["limit"] = asked.size
    if request.args.get("lang"):
        args["lang"] = request.args["lang"]
    args.update(changes)
    return url_for("search.search", **{k: v for k, v in args.items() if v not in (None, 1, "")})


@bp.route("/search")
def search() -> Response | str:
    """Search labels and what sources say; JSON for programs (``?format=json`` or Accept), a
    page for browsers. ``kind`` keeps one facet, ``page`` and ``limit`` page through."""
    asked = Page.of_request()
    lang = choose_language()
    names = labels()
    found = find(asked.text, asked.facet, asked.size, (asked.page - 1) * asked.size)
    results = [as_json(hit, names, lang) for hit in found.hits]
    _claim_texts(results, names, lang)
    more = asked.page * asked.size < found.total
    next_url = _url(asked, page=asked.page + 1) if more else None
    wants_html = request.args.get("format") == "html" or (
        request.args.get("format") is None
        and prefers_html(request.headers.get("Accept"), ["application/json"])
    )
    if not wants_html:
        response = jsonify({
            "query": asked.text, "key": search_key(asked.text), "kind": asked.facet,
            "mode": found.mode, "total": found.total, "facets": found.facets,
            "page": asked.page, "limit": asked.size, "results": results,
            "next": _url(asked, page=asked.page + 1, format="json") if more else None,
        })
        response.headers["Vary"] = "Accept"
        return response
    facets = [(f, n, _url(asked, kind=f, page=1)) for f, n in found.facets.items()]
    return render_template(
        "pages/search.html", query=asked.text, results=results, found=found, asked=asked,
        facets=facets, all_url=_url(asked, kind=None, page=1), next_url=next_url,
        previous_url=_url(asked, page=asked.page - 1) if asked.page > 1 else None,
        json_url=_url(asked, format="json"), **page_context(lang),
    )


@bp.route("/search/suggest")
def suggest() -> Response:
    """What the header box proposes while one types: the best few hits, with labels."""
    text = request.args.get("q", "").strip()
    lang = choose_language()
    names = labels()
    hits = find(text, limit=SUGGESTIONS).hits if len(text) >= 2 else []
    return jsonify({"query": text, "results": [as_json(hit, names, lang) for hit in hits],
                    "more": url_for("search.search", q=text, lang=lang) if hits else None})
