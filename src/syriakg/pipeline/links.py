"""Stage 2c: links from our entities to Wikidata, DBpedia and GeoNames (data/links/links.csv).

Each row becomes a ``skg:LinkRecord`` (subject, target, status, method, source, evidence) in its
own named graph, ``graph/links``, so that a link and how far it was checked are queried together.
Only a link a cited source confirms also gets the plain ``schema:sameAs`` triple that generic
consumers follow; an unverified candidate exists only as a record. ``owl:sameAs`` never enters
the reasoned graphs (OWL RL would copy every triple to the external IRI: docs/modelling.md,
"Links"): web/pages/dumps.py derives it from the confirmed links as a separate download.

A malformed row stops the build with its file and line: a target that does not fit its dataset's
IRI pattern, an unknown status or method, a subject the graph does not define, or an identifier
that is known to be wrong.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS

from syriakg.errors import SourceError
from syriakg.linksets import DATASETS, Dataset
from syriakg.namespaces import BASE, SCHEMA, SKG, expand, mint
from syriakg.pipeline.load import Record, read_csv

LINKS_FILE = Path("data/links/links.csv")
COLUMNS = ("subject", "dataset", "target", "status", "method", "source_url", "evidence")


STATUSES = ("SourceConfirmed", "HumanVerified", "Unverified")
METHODS = ("IdentifierSeenInSource", "FromWikipediaTitle")
CONFIRMED = ("SourceConfirmed", "HumanVerified")

# Identifiers that are known to denote something else. Q44329 was once mapped to Bashar al-Assad,
# but several Wikidata-derived files give it as Thomas Cromwell (data/links/README.md).
FORBIDDEN_TARGETS: dict[str, str] = {
    "http://www.wikidata.org/entity/Q44329": "Q44329 is Thomas Cromwell, not Bashar al-Assad",
}


@dataclass(frozen=True)
class Link:
    """One checked row of links.csv."""

    subject: URIRef
    dataset: Dataset
    target: URIRef
    status: str
    method: str
    source_url: str
    evidence: str

    @property
    def confirmed(self) -> bool:
        return self.status in CONFIRMED

    @property
    def record(self) -> URIRef:
        """``id/link/<segment>-<key>-<dataset>``: one record per subject and dataset."""
        segment, _, key = self.subject.removeprefix(BASE + "id/").partition("/")
        return mint("link", segment, key, self.dataset.key)


def load(root: Path) -> list[Record]:
    """Read data/links/links.csv under ``root``; no file means no links."""
    path = root / LINKS_FILE
    return read_csv(path, COLUMNS) if path.exists() else []


def _fail(row: Record, message: str) -> SourceError:
    return SourceError(row.path, message, row.line)


def check(row: Record, known: set[URIRef]) -> Link:
    """Turn one CSV row into a Link, or stop with the file, line and what is wrong.

    :raises SourceError: for any malformed or unknown value.
    """
    dataset = DATASETS.get(row["dataset"])
    if dataset is None:
        raise _fail(row, f"dataset {row['dataset']!r} is not one of {', '.join(DATASETS)}")
    target = row["target"]
    if target in FORBIDDEN_TARGETS:
        raise _fail(row, f"target {target} must not be used: {FORBIDDEN_TARGETS[target]}")
    if not dataset.pattern.match(target):
        raise _fail(row, f"target {target!r} is not a {dataset.title} IRI of the form "
                         f"{dataset.uri_space}…  (pattern {dataset.pattern.pattern})")
    if row["status"] not in STATUSES:
        raise _fail(row, f"status {row['status']!r} is not one of {', '.join(STATUSES)}")
    if row["method"] not in METHODS:
        raise _fail(row, f"method {row['method']!r} is not one of {', '.join(METHODS)}")
    try:
        subject = expand(row["subject"])
    except ValueError as exc:
        raise _fail(row, f"subject {row['subject']!r}: {exc}") from exc
    if subject not in known:
        raise _fail(row, f"subject {row['subject']} is not defined by the reference data "
                         "(data/reference/*.csv)")
    if row["status"] in CONFIRMED and not (row["source_url"] or row["evidence"]):
        raise _fail(row, "a confirmed link needs a source_url or an evidence note")
    if row["source_url"] and not re.match(r"^https?://\S+$", row["source_url"]):
        raise _fail(row, f"source_url {row['source_url']!r} is not an http(s) URL")
    return Link(subject, dataset, URIRef(target), row["status"], row["method"],
                row["source_url"], row["evidence"])


def check_all(rows: Iterable[Record], known: set[URIRef]) -> list[Link]:
    """Check every row, and that no subject links twice into the same dataset."""
    links: list[Link] = []
    seen: dict[tuple[URIRef, str], Record] = {}
    for row in rows:
        link = check(row, known)
        key = (link.subject, link.dataset.key)
        if key in seen:
            raise _fail(row, f"{row['subject']} already links to {link.dataset.title} on line "
                             f"{seen[key].line}; keep one link per subject and dataset")
        seen[key] = row
        links.append(link)
    return links


def build(rows: Iterable[Record], known: set[URIRef]) -> Graph:
    """The links graph: one record per row, plus ``schema:sameAs`` for confirmed links.

    ``known`` is every IRI the other graphs type (actors, places, crossings, …).
    """
    graph = Graph()
    for link in check_all(rows, known):
        rec = link.record
        graph.add((rec, RDF.type, SKG.LinkRecord))
        graph.add((rec, RDFS.label, Literal(
            f"{link.subject.rsplit('/', 1)[-1]} → {link.dataset.title} "
            f"{link.target.rstrip('/').rsplit('/', 1)[-1]}", lang="en")))
        graph.add((rec, SKG.linkSubject, link.subject))
        graph.add((rec, SKG.linkTarget, link.target))
        graph.add((rec, SKG.targetDataset, link.dataset.iri))
        graph.add((rec, SKG.linkStatus, SKG[link.status]))
        graph.add((rec, SKG.linkMethod, SKG[link.method]))
        if link.source_url:
            graph.add((rec, DCTERMS.source, URIRef(link.source_url)))
        if link.evidence:
            graph.add((rec, RDFS.comment, Literal(link.evidence, lang="en")))
        if link.confirmed:
            graph.add((link.subject, SCHEMA.sameAs, link.target))
    return graph


def typed_subjects(graphs: Iterable[Graph]) -> set[URIRef]:
    """Every IRI that some graph gives an ``rdf:type``: the entities a link may start from."""
    return {s for g in graphs for s in g.subjects(RDF.type, None) if isinstance(s, URIRef)}

