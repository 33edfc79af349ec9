"""What a server reads from a store before it answers anyone: graph sizes, sources and labels.

These are whole-store reads (2.8 s for the labels alone at 1M triples on disk), so whatever
writes a store computes them once and keeps them beside it in ``facts.json``
(``write_store_atomically``); a server reads the file in milliseconds and only falls back to
the store when the file is missing or of another format (docs/architecture.md, "Starting
a server"). The store and its file are swapped in together, so they cannot disagree.
"""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass, field
from pathlib import Path

from syriakg.store.reads import Readable, graph_sizes, select_bindings

log = logging.getLogger("syriakg.store")

FACTS_FILE = "facts.json"
# Bumped whenever the file's fields change: a server then reads the store instead.
FORMAT = 1

_SOURCES_QUERY = """
PREFIX skg: <https://w3id.org/syria-kg/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX schema: <http://schema.org/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?doc (SAMPLE(?c) AS ?citation) (SAMPLE(?ca) AS ?citation_ar) (SAMPLE(?t) AS ?title)
       (SAMPLE(?l) AS ?language) (SAMPLE(?u) AS ?url)
WHERE {
  ?doc a skg:SourceDocument .
  OPTIONAL { ?doc dcterms:bibliographicCitation ?c FILTER (LANG(?c) = "en") }
  OPTIONAL { ?doc dcterms:title|rdfs:label ?t }
  OPTIONAL { ?doc dcterms:bibliographicCitation ?ca FILTER (LANG(?ca) = "ar") }
  OPTIONAL { ?doc dcterms:language ?l }
  OPTIONAL { ?doc schema:url ?u }
}
GROUP BY ?doc ORDER BY ?doc
"""
_SOURCE_FIELDS = ("doc", "citation", "citation_ar", "title", "language", "url")

LABELS_QUERY = """
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?s ?p ?l WHERE { VALUES ?p { skos:prefLabel rdfs:label } ?s ?p ?l . FILTER(isIRI(?s)) }
"""


@dataclass
class StoreFacts:
    """The start-up reads of one store."""

    # Triples per named graph, largest first.
    sizes: dict[str, int] = field(default_factory=dict)
    # The source documents, each with its citation (pipeline/citations.py).
    sources: list[dict[str, str]] = field(default_factory=list)
    # Every label of every IRI by language; skos:prefLabel wins over rdfs:label.
    labels: dict[str, dict[str, str]] = field(default_factory=dict)


def labels_of(rows: list[dict[str, dict[str, str]]]) -> dict[str, dict[str, str]]:
    """``LABELS_QUERY``'s rows (SPARQL JSON bindings) as ``{iri: {lang: label}}``."""
    # rdfs:label first, so that a skos:prefLabel in the same language overwrites it.
    rows = sorted(rows, key=lambda r: r["p"]["value"].endswith("prefLabel"))
    found: dict[str, dict[str, str]] = {}
    for row in rows:
        label = row["l"]
        if label["type"] == "literal":
            found.setdefault(row["s"]["value"], {})[label.get("xml:lang", "")] = label["value"]
    return found


def compute_sources(store: Readable) -> list[dict[str, str]]:
    """The source documents of ``store``, each with its citation."""
    return [
        {name: row[name]["value"] for name in _SOURCE_FIELDS if name in row}
        for row in select_bindings(store, _SOURCES_QUERY)[1]
    ]


def compute(store: Readable) -> StoreFacts:
    """Read the facts from ``store`` (an Oxigraph store, or a remote one: syriakg.store)."""
    sources = compute_sources(store)
    labels = labels_of(select_bindings(store, LABELS_QUERY)[1])
    return StoreFacts(graph_sizes(store), sources, labels)


def save(directory: Path, facts: StoreFacts) -> None:
    """Write ``facts`` into the store directory ``directory`` (not yet swapped in)."""
    body = {"format": FORMAT, **asdict(facts)}
    (directory / FACTS_FILE).write_text(
        json.dumps(body, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def read(directory: Path) -> StoreFacts | None:
    """The facts kept in ``directory``, or None when there are none of this format (a store
    written before they were kept, or by another version): the caller reads the store."""
    path = directory / FACTS_FILE
    try:
        body = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        log.warning("%s cannot be read (%s): reading the store instead", path, exc)
        return None
    if not isinstance(body, dict) or body.get("format") != FORMAT:
        log.info("%s is of another format: reading the store instead", path)
        return None
    return StoreFacts(sizes=body["sizes"], sources=body["sources"], labels=body["labels"])
