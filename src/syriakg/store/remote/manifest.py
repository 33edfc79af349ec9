"""The manifest graph: what the last complete build pushed to a remote store.

Readers take the dataset from it (the graphs and their sizes), so a store's own graphs are
never mistaken for ours.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pyoxigraph as ox

if TYPE_CHECKING:
    from syriakg.store.remote.client import RemoteStore

MANIFEST = "https://w3id.org/syria-kg/build/manifest"
EMPTY_GRAPH = "https://w3id.org/syria-kg/build/empty"
HAS_PART = "http://purl.org/dc/terms/hasPart"
IDENTIFIER = "http://purl.org/dc/terms/identifier"
MODIFIED = "http://purl.org/dc/terms/modified"
TRIPLES = "http://rdfs.org/ns/void#triples"
XSD = "http://www.w3.org/2001/XMLSchema#"


@dataclass(frozen=True)
class Manifest:
    """What the last complete build pushed: its id and the triples of each named graph."""

    build: str
    graphs: dict[str, int] = field(default_factory=dict)
    modified: str = ""

    def to_ntriples(self) -> bytes:
        """The manifest graph as N-Triples (subject: ``MANIFEST``)."""
        m = f"<{MANIFEST}>"
        lines = [f'{m} <{IDENTIFIER}> {_string(self.build)} .']
        if self.modified:
            lines.append(f'{m} <{MODIFIED}> "{self.modified}"^^<{XSD}dateTime> .')
        for iri, count in self.graphs.items():
            lines.append(f"{m} <{HAS_PART}> <{iri}> .")
            lines.append(f'<{iri}> <{TRIPLES}> "{count}"^^<{XSD}integer> .')
        return ("\n".join(lines) + "\n").encode("utf-8")


def read_manifest(store: RemoteStore) -> Manifest | None:
    """The manifest of the last complete build, or None if no build has been pushed here."""
    m = f"<{MANIFEST}>"
    rows = store.query(
        f"SELECT ?id ?modified ?g ?n WHERE {{ GRAPH {m} {{ {m} <{IDENTIFIER}> ?id "
        f"OPTIONAL {{ {m} <{MODIFIED}> ?modified }} "
        f"OPTIONAL {{ {m} <{HAS_PART}> ?g OPTIONAL {{ ?g <{TRIPLES}> ?n }} }} }} }}",
        named_graphs=[ox.NamedNode(MANIFEST)],
    )
    assert isinstance(rows, ox.QuerySolutions)
    build, modified, graphs = None, "", {}
    for row in rows:
        build = term_value(row["id"])
        modified = term_value(row["modified"])
        if row["g"] is not None:
            count = term_value(row["n"])
            graphs[term_value(row["g"])] = int(count) if count.isdigit() else 0
    if build is None:
        return None
    return Manifest(build, dict(sorted(graphs.items())), modified)


def term_value(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple | None) -> str:
    """The value of a solution's term, '' when unbound."""
    return "" if term is None or isinstance(term, ox.Triple) else str(term.value)


def _string(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a valid N-Triples literal
