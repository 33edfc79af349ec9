"""The full-text index of a store: labels and the text of claims, in SQLite FTS5.

Whatever writes a store builds it once beside it (``search.sqlite``, like ``facts.json``:
``write_store_atomically``); a server opens the file read-only and answers a search in SQLite,
never by scanning in Python (docs/architecture.md, "Search"). Two columns are indexed:
``names`` (every label, alternative and hidden label, and the IRI's own key) and ``text`` (the
quotes of claims, their English renderings, designations and comments). Both are folded before
they are indexed, and a query is folded the same way (``fold``): Arabic spelling variants
(``text.search_key``), and each Arabic word also without its attached prefixes (``text.stem``),
so that ``الفيتو``, ``فيتو`` and ``بالفيتو`` find each other; English words go through FTS5's
Porter stemmer, so that ``vetoed`` finds ``veto``.
"""

from __future__ import annotations

import atexit
import logging
import os
import re
import sqlite3
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from syriakg.store.reads import Readable, select_bindings
from syriakg.text import search_key, stem

log = logging.getLogger("syriakg.store")

INDEX_FILE = "search.sqlite"
# Bumped whenever the tables change: a server then builds the index itself.
FORMAT = 1

_PREFIXES = """
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skg: <https://w3id.org/syria-kg/ontology#>
PREFIX oa: <http://www.w3.org/ns/oa#>
"""
_LABELS = _PREFIXES + """
SELECT ?s ?l WHERE {
  VALUES ?p { skos:prefLabel skos:altLabel skos:hiddenLabel rdfs:label }
  ?s ?p ?l . FILTER(isIRI(?s) && isLiteral(?l))
}
"""
# Only the types of labelled resources: at 1M generated triples every typed resource was
# 215,524 rows.
_TYPES = _PREFIXES + """
SELECT DISTINCT ?s ?t WHERE {
  VALUES ?p { skos:prefLabel skos:altLabel skos:hiddenLabel rdfs:label }
  ?s ?p ?l . FILTER(isIRI(?s) && isLiteral(?l))
  GRAPH ?g { ?s a ?t } FILTER(?g != <https://w3id.org/syria-kg/graph/inferred>)
}
"""
_TEXTS = _PREFIXES + """
SELECT ?s ?t ?quote WHERE {
  { ?s skg:hasEvidence ?span . ?span oa:hasSelector ?sel . ?sel oa:exact ?t BIND(true AS ?quote) }
  UNION { ?s skg:quoteTranslation ?t }
  UNION { ?s skg:designation ?t }
  UNION { ?s rdfs:comment ?t }
  FILTER(isIRI(?s) && isLiteral(?t))
}
"""

# What a resource is, by the segment of its IRI (docs/modelling.md, "IRIs"), for the facets;
# a claim without a quote is a record's.
FACETS = {
    "claim": "claims", "actor": "actors", "agent": "actors", "membership": "actors",
    "place": "places", "vote": "records", "draft": "records", "resolution": "records",
    "authorisation": "records", "ontology": "terms", "doc": "sources",
}
FACET_ORDER = ("claims", "actors", "places", "records", "sources", "terms", "other")
# Reference entities and claims first among equals: they are what people look for.
_FACET_RANK = {"actors": 0, "places": 0, "claims": 1, "records": 2, "terms": 3, "sources": 3}

_WORD = re.compile(r"[^\W_]+")

_SCHEMA = """
CREATE TABLE meta (format INTEGER NOT NULL);
CREATE TABLE docs (id INTEGER PRIMARY KEY, iri TEXT NOT NULL UNIQUE, kind TEXT NOT NULL,
                   facet TEXT NOT NULL, rank INTEGER NOT NULL, types TEXT NOT NULL);
CREATE TABLE keys (doc INTEGER NOT NULL, key TEXT NOT NULL);
CREATE INDEX keys_by_key ON keys (key);
CREATE INDEX keys_by_doc ON keys (doc, key);
CREATE VIRTUAL TABLE fts USING fts5(names, text, tokenize = 'porter unicode61');
"""


def kind_of(resource: str) -> str:
    """The segment of one of our IRIs (``actor``, ``claim``, …), ``ontology`` or ``other``."""
    if "/ontology#" in resource:
        return "ontology"
    if "/id/" in resource:
        return resource.split("/id/", 1)[1].split("/", 1)[0]
    return "other"


def words(text: str) -> list[str]:
    """The folded words of ``text``, split where FTS5's tokenizer splits (``unicode61``)."""
    return _WORD.findall(search_key(text))


def fold(text: str) -> str:
    """``text`` as the index holds it: folded words, each Arabic one also without its prefixes."""
    out: list[str] = []
    for word in words(text):
        out.append(word)
        root = stem(word)
        if root != word:
            out.append(root)
    return " ".join(out)


@dataclass
class _Doc:
    iri: str
    keys: set[str]
    names: list[str]
    texts: list[str]
    types: set[str]
    quoted: bool = False


def build(store: Readable, path: Path) -> None:
    """Write the index of ``store`` into the file ``path`` (replaced if it exists)."""
    docs: dict[str, _Doc] = {}

    def doc(resource: str) -> _Doc:
        found = docs.get(resource)
        if found is None:
            own = resource.rstrip("/").rsplit("/", 1)[-1].split("#")[-1].replace("-", " ")
            found = docs[resource] = _Doc(resource, set(), [own], [], set())
        return found

    for row in select_bindings(store, _LABELS)[1]:
        entry = doc(row["s"]["value"])
        label = row["l"]["value"]
        entry.keys.add(search_key(label))
        entry.names.append(label)
    for row in select_bindings(store, _TEXTS)[1]:
        entry = doc(row["s"]["value"])
        entry.texts.append(row["t"]["value"])
        entry.quoted = entry.quoted or "quote" in row
    for row in select_bindings(store, _TYPES)[1]:
        if row["s"]["value"] in docs:
            docs[row["s"]["value"]].types.add(row["t"]["value"])
    path.unlink(missing_ok=True)
    db = sqlite3.connect(path)
    try:
        db.executescript(_SCHEMA)
        db.execute("INSERT INTO meta VALUES (?)", (FORMAT,))
        for number, entry in enumerate(sorted(docs.values(), key=lambda e: e.iri), start=1):
            kind = kind_of(entry.iri)
            facet = FACETS.get(kind, "other")
            if kind == "claim" and not entry.quoted:
                # A record's claim cites its page by URL, with no quote (docs/modelling.md,
                # "A record"): it is found among the records.
                facet = "records"
            db.execute("INSERT INTO docs VALUES (?, ?, ?, ?, ?, ?)",
                       (number, entry.iri, kind, facet, _FACET_RANK.get(facet, 4),
                        " ".join(sorted(entry.types))))
            db.executemany("INSERT INTO keys VALUES (?, ?)",
                           [(number, key) for key in sorted(entry.keys) if key])
            db.execute("INSERT INTO fts (rowid, names, text) VALUES (?, ?, ?)",
                       (number, fold("\n".join(entry.names)), fold("\n".join(entry.texts))))
        db.execute("INSERT INTO fts (fts) VALUES ('optimize')")
        db.commit()
    finally:
        db.close()


def save(directory: Path, store: Readable) -> None:
    """Build the index of ``store`` into the store directory ``directory`` (not yet swapped in)."""
    build(store, directory / INDEX_FILE)


def usable(path: Path) -> bool:
    """Whether ``path`` is an index of this format."""
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error:
        return False
    try:
        row = db.execute("SELECT format FROM meta").fetchone()
    except sqlite3.Error:
        return False
    finally:
        db.close()
    return bool(row) and row[0] == FORMAT


def locate(directory: Path | None, store: Readable) -> Path:
    """The index of the store kept in ``directory``; when it has none of this format (a store
    written before the index was kept, or a remote one), one built now into a temporary file."""
    if directory is not None:
        kept = directory / INDEX_FILE
        if usable(kept):
            return kept
        log.info("%s is missing or of another format: building the search index now", kept)
    handle, name = tempfile.mkstemp(prefix="syriakg-search-", suffix=".sqlite")
    os.close(handle)
    built = Path(name)
    build(store, built)
    atexit.register(_remove, built, os.getpid())  # by the process that built it, not a fork
    return built


def _remove(path: Path, owner: int) -> None:
    if os.getpid() == owner:
        path.unlink(missing_ok=True)


# Dropped from a query of several words, so that a question typed as a sentence still finds
# what its other words name.
_STOP_WORDS = frozenset(
    "a an and are as at about by did do does for from how in is it its of on or said say says "
    "that the their this to was were what when where which who whom why with".split())
MATCHES = ("exact", "prefix", "word", "text")
_LAST = chr(0x10FFFF)

_RANKED = """
SELECT d.iri, d.kind, d.facet, d.types,
  CASE WHEN EXISTS (SELECT 1 FROM keys k WHERE k.doc = d.id AND k.key = :key) THEN 0
       WHEN EXISTS (SELECT 1 FROM keys k WHERE k.doc = d.id AND k.key > :key
                    AND k.key < :key || :last) THEN 1
       WHEN d.id IN (SELECT rowid FROM fts WHERE fts MATCH :names) THEN 2
       ELSE 3 END AS match
FROM fts JOIN docs d ON d.id = fts.rowid
WHERE fts MATCH :match AND (:facet IS NULL OR d.facet = :facet)
ORDER BY {order}
LIMIT :limit OFFSET :offset
"""
# When every word matched, how; when any did, how many and how well first.
_ORDER = {"all": "match, d.rank, bm25(fts, 5.0, 1.0), d.iri",
          "any": "bm25(fts, 5.0, 1.0), match, d.rank, d.iri"}
_FACETS = """
SELECT d.facet, COUNT(*) FROM fts JOIN docs d ON d.id = fts.rowid WHERE fts MATCH ?
GROUP BY d.facet
"""


@dataclass
class Hit:
    """One resource found: its IRI, kind (IRI segment), facet, asserted types and how it
    matched (``MATCHES``: a whole label, a label's beginning, a word of a label, or text)."""

    iri: str
    kind: str
    facet: str
    types: list[str]
    match: str


@dataclass
class Found:
    """One page of hits, with the count of every hit per facet (before ``facet`` filters them)
    and whether every word had to match (``all``) or any did (``any``, when none had all)."""

    hits: list[Hit] = field(default_factory=list)
    facets: dict[str, int] = field(default_factory=dict)
    total: int = 0
    mode: str = "all"


def _phrase(word: str) -> str:
    return '"' + word.replace('"', '""') + '"'


def _groups(text: str) -> list[str]:
    """One FTS5 expression per word of the query: the word or its stem, as prefixes."""
    found = words(text)
    kept = [w for w in found if w not in _STOP_WORDS] or found
    groups: list[str] = []
    for word in dict.fromkeys(kept):
        # A word of one letter (or digit) matches itself only; longer ones as prefixes, so
        # that a name being typed finds its end. The stem matches itself: as a prefix,
        # فيتو's stem يتو would find يتوافق.
        alternatives = [_phrase(word) + ("*" if len(word) > 1 else "")]
        if stem(word) != word:
            alternatives.append(_phrase(stem(word)))
        groups.append("(" + " OR ".join(alternatives) + ")")
    return groups


class Index:
    """A search index file, opened read-only once per process (a connection may not cross a
    fork: a worker forked from the app's master opens its own)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._db: sqlite3.Connection | None = None
        self._pid = 0

    def _connection(self) -> sqlite3.Connection:
        if self._db is None or self._pid != os.getpid():
            self._db = sqlite3.connect(f"file:{self.path}?mode=ro&immutable=1", uri=True,
                                       check_same_thread=False)
            self._pid = os.getpid()
        return self._db

    def search(self, text: str, facet: str | None = None, limit: int = 20,
               offset: int = 0) -> Found:
        """The hits of ``text``, best first: a label equal to the query, then beginning with
        it, then labels holding its words, then texts; among equals actors and places, then
        claims, then records, then the rest, each by BM25. Every word must match; when no
        resource has them all, any may, and BM25 ranks first (more words, rarer words)."""
        groups = _groups(text)
        if not groups:
            return Found()
        db = self._connection()
        modes = ("all", "any") if len(groups) > 1 else ("all",)
        match, mode, facets = "", "all", {}
        for mode in modes:
            match = (" AND " if mode == "all" else " OR ").join(groups)
            facets = dict(db.execute(_FACETS, (match,)).fetchall())
            if facets:
                break
        if not facets:
            return Found(mode=mode)
        key = search_key(text)
        rows = db.execute(_RANKED.format(order=_ORDER[mode]), {
            "key": key, "last": _LAST, "names": f"{{names}} : ({match})", "match": match,
            "facet": facet, "limit": limit, "offset": offset}).fetchall()
        hits = [Hit(iri, kind, found_facet, types.split(), MATCHES[rank])
                for iri, kind, found_facet, types, rank in rows]
        total = facets.get(facet, 0) if facet else sum(facets.values())
        ordered = {f: facets[f] for f in FACET_ORDER if f in facets}
        return Found(hits, ordered, total, mode)

    def candidates(self, text: str, limit: int = 200) -> dict[str, tuple[Hit, set[str]]]:
        """Resources with a label word that begins as a word of ``text`` does (its first three
        letters), with their label keys: what a near match is looked for among."""
        heads = dict.fromkeys(w[:3] for w in words(text) if len(w) >= 2)
        if not heads:
            return {}
        match = "{names} : (" + " OR ".join(_phrase(h) + "*" for h in heads) + ")"
        db = self._connection()
        rows = db.execute(
            "SELECT d.id, d.iri, d.kind, d.facet, d.types FROM fts JOIN docs d ON d.id = fts.rowid"
            " WHERE fts MATCH ? ORDER BY bm25(fts, 5.0, 1.0) LIMIT ?", (match, limit)).fetchall()
        found: dict[str, tuple[Hit, set[str]]] = {}
        for number, iri, kind, facet, types in rows:
            keys = {k for (k,) in db.execute("SELECT key FROM keys WHERE doc = ?", (number,))}
            keys.add(search_key(iri.rstrip("/").rsplit("/", 1)[-1].split("#")[-1]
                                .replace("-", " ")))
            found[iri] = (Hit(iri, kind, facet, types.split(), "fuzzy"), keys)
        return found
