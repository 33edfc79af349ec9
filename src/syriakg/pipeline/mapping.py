"""What mapping one document's statements to RDF keeps track of (pipeline.statements).

The graph being written, the content nodes defined and referred to, and where each record came
from, so that every error names its file and line. The stage's steps are in their own modules:
claims (one record, one claim), contents (figures, events, votes and their properties, times),
references (actors, places and ontology terms).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import Graph, Literal, URIRef

from syriakg.errors import SourceError
from syriakg.namespaces import mint
from syriakg.pipeline.load import Document, Record
from syriakg.pipeline.ontology_index import OntologyIndex
from syriakg.pipeline.values import date_literal
from syriakg.text import nfc


@dataclass
class ClaimContext:
    """What one claim's content may refer to, and where it came from (for error messages)."""

    record: Record
    key: str
    quote: str
    counter: dict[str, int] = field(default_factory=dict)

    def next_key(self, kind: str) -> str:
        self.counter[kind] = self.counter.get(kind, 0) + 1
        return f"{self.key}-{kind}{self.counter[kind]}"


class Mapping:
    """One document being mapped: its graph, and the nodes defined and referred to so far."""

    def __init__(self, doc: Document, index: OntologyIndex, known: set[URIRef]) -> None:
        self.doc = doc
        self.doc_id = str(doc.meta["id"])
        self.index = index
        self.known = known
        # rdflib's context-free store: adding triples is most of this stage's time.
        self.graph = Graph(store="SimpleMemory")
        self.defined: set[URIRef] = set()
        self.referenced: dict[URIRef, tuple[Record, str]] = {}
        self.doc_iri = mint("doc", self.doc_id)
        self.text_iri = mint("text", self.doc_id)
        self.run_iri = mint("run", self.doc_id, "curation")

    def error(self, record: Record, key: str | None, message: str) -> SourceError:
        """An error at ``record``'s ``key`` (its file and line)."""
        path, line = record.where(key)
        return SourceError(path, message, line)

    def lang_map(self, record: Record, key: str) -> dict[str, str]:
        """A text per language, ``{en: ..., ar: ...}``, NFC-normalised."""
        value = record.get(key)
        if value is None:
            return {}
        if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
            raise self.error(
                record,
                key,
                f"`{key}` needs a text per language, e.g. `{key}: {{en: ..., ar: ...}}`",
            )
        return {str(k): nfc(v.strip()) for k, v in value.items()}

    def date_literal(self, record: Record, key: str) -> Literal:
        """A date field as an xsd date literal."""
        try:
            return date_literal(record[key])
        except ValueError as exc:
            raise self.error(record, key, str(exc)) from exc
