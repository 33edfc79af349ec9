"""``/search?q=``: find entities by label in Arabic or English, tolerant of spelling variants.

The query and every label go through ``text.search_key`` (the fold the reference layer uses for
its ``skos:hiddenLabel`` keys: hamza and alef forms, taa marbuta, alef maqsura, diacritics,
tatweel, case), so ``ادلب``, ``إدلب`` and ``Idlib`` all find Idlib. Matches are ranked: exact key,
then prefix, then a word prefix, then substring; reference entities (actors, places, crossings)
before ontology terms, documents and claims. The same index gives the near matches of a 404.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from flask import Blueprint, Response, jsonify, render_template, request, url_for

from syriakg.store import QueryStore
from syriakg.text import search_key
from syriakg.web.i18n import choose_language, page_context
from syriakg.web.iris import href
from syriakg.web.negotiation import prefers_html
from syriakg.web.pages.lookup import Labels, cached, keep, labels, select_plain

bp = Blueprint("search", __name__)

_INDEX_QUERY = """
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?s ?l WHERE {
  VALUES ?p { skos:prefLabel skos:altLabel skos:hiddenLabel rdfs:label }
  ?s ?p ?l . FILTER(isIRI(?s) && isLiteral(?l))
}
"""
# Only the types of labelled resources, which are all the index holds: at 1M generated triples
# every typed resource was 215,524 rows, and reading them into Python took most of 4.7 s.
_TYPES_QUERY = """
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?s ?t WHERE {
  VALUES ?p { skos:prefLabel skos:altLabel skos:hiddenLabel rdfs:label }
  ?s ?p ?l . FILTER(isIRI(?s) && isLiteral(?l))
  GRAPH ?g { ?s a ?t } FILTER(?g != <https://w3id.org/syria-kg/graph/inferred>)
}
"""
# Reference entities first: they are what people look for by name.
_KIND_RANK = {"actor": 0, "place": 0, "ontology": 1, "doc": 2}
MATCHES = ("exact", "prefix", "word", "substring", "fuzzy")


@dataclass
class Entry:
    """One searchable resource: its IRI, kind (IRI segment), asserted types and label keys."""

    iri: str
    kind: str
    keys: set[str] = field(default_factory=set)
    types: set[str] = field(default_factory=set)


def _kind(resource: str) -> str:
    if "/ontology#" in resource:
        return "ontology"
    if "/id/" in resource:
        return resource.split("/id/", 1)[1].split("/", 1)[0]
    return "other"


def index(store: QueryStore | None = None) -> list[Entry]:
    """The search index, built once from every label in the store (at start-up from ``store``,
    see ``lookup.select_plain``)."""
    found = cached("search-index")
    if isinstance(found, list):
        return found
    entries: dict[str, Entry] = {}
    for row in select_plain(_INDEX_QUERY, store):
        resource = row["s"]["value"]
        entry = entries.setdefault(resource, Entry(resource, _kind(resource)))
        entry.keys.add(search_key(row["l"]["value"]))
    for entry in entries.values():
        # The IRI's own key ("bab-al-hawa") helps near matches of a mistyped address.
        entry.keys.add(search_key(entry.iri.rstrip("/").rsplit("/", 1)[-1].split("#")[-1]
                                  .replace("-", " ")))
    for row in select_plain(_TYPES_QUERY, store):
        if row["s"]["value"] in entries:
            entries[row["s"]["value"]].types.add(row["t"]["value"])
    result = list(entries.values())
    keep("search-index", result)
    return result


class _Alike:
    """Whether a key has difflib's ratio of at least 0.75 to the query.

    difflib's two cheap upper bounds come first (as in ``difflib.get_close_matches``), the
    multiset one from a matcher that indexed the query once: a 404 page at 1M triples compares
    72,000 labels. Both bounds are symmetric; the ratio itself keeps the order (query, key).
    """

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


def _match(query: str, keys: set[str], alike: _Alike | None) -> int | None:
    """The best match rank of ``query`` against ``keys`` (index into MATCHES), or None;
    ``alike`` is given for fuzzy matching."""
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
        elif alike is not None and alike(key):
            rank = 4
        else:
            continue
        best = rank if best is None else min(best, rank)
    return best


def find(text: str, limit: int = 20, fuzzy: bool = False) -> list[tuple[Entry, str]]:
    """Entries whose labels match ``text``, best first, with the kind of match."""
    query = search_key(text)
    if not query:
        return []
    scored = []
    alike = _Alike(query) if fuzzy else None
    for entry in index():
        rank = _match(query, entry.keys, alike)
        if rank is not None:
            shortest = min((len(k) for k in entry.keys), default=0)
            scored.append(((rank, _KIND_RANK.get(entry.kind, 3), shortest, entry.iri), entry,
                           MATCHES[rank]))
    scored.sort(key=lambda item: item[0])
    return [(entry, match) for _, entry, match in scored[:limit]]


def near_matches(text: str, limit: int = 8) -> list[tuple[Entry, str]]:
    """Resources whose labels look like ``text`` (a mistyped key or name), for 404 pages."""
    return find(text.replace("-", " ").replace("_", " "), limit=limit, fuzzy=True)


def as_json(entry: Entry, match: str, names: Labels, lang: str) -> dict[str, object]:
    """One result as the JSON API and the page show it."""
    by_lang = names.by_iri.get(entry.iri, {})
    return {
        "iri": entry.iri,
        "href": href(entry.iri),
        "label": names.get(entry.iri, lang) or entry.iri,
        "labels": {k: v for k, v in by_lang.items() if k in ("en", "ar")},
        "kind": entry.kind,
        "types": [{"iri": t, "label": names.get(t, lang) or t} for t in sorted(entry.types)],
        "match": match,
    }


@bp.route("/search")
def search() -> Response | str:
    """Search labels; JSON for programs (``?format=json`` or Accept), a page for browsers."""
    text = request.args.get("q", "").strip()
    try:
        limit = max(1, min(int(request.args.get("limit", "20")), 100))
    except ValueError:
        limit = 20
    lang = choose_language()
    names = labels()
    results = [as_json(e, m, names, lang) for e, m in find(text, limit)] if text else []
    wants_html = request.args.get("format") == "html" or (
        request.args.get("format") is None
        and prefers_html(request.headers.get("Accept"), ["application/json"])
    )
    if not wants_html:
        response = jsonify({"query": text, "key": search_key(text), "results": results})
        response.headers["Vary"] = "Accept"
        return response
    return render_template(
        "pages/search.html", query=text, results=results,
        json_url=url_for("search.search", q=text, format="json"), **page_context(lang),
    )
