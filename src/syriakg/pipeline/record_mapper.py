"""What every record table is mapped with: name lookups against the reference layer, and the
building blocks of a record claim (its document, provenance, times and votes).

Part of the records stage (pipeline/records.py), which holds one method per table.
"""

from __future__ import annotations

import re
from datetime import date

from rdflib import RDF, RDFS, SKOS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS

from syriakg.errors import SourceError
from syriakg.namespaces import ID_BASE, PROV, SCHEMA, SKG, TIME, graph_iri, mint
from syriakg.pipeline import values
from syriakg.pipeline.load import Record
from syriakg.pipeline.record_cells import doc_key, fold, named_votes, urls_in, vote_tally

FOLDER = "data/reference/un"
OPTIONS = (SKG.InFavour, SKG.Against, SKG.Abstention)


class RecordMapper:
    """Turns record rows into claims; resolves names against the reference layer's labels."""

    def __init__(self, reference: Graph, ontology: Graph, documents: list[Record]) -> None:
        self.reference = reference
        self.ontology = ontology
        self.documents = {row["url"]: row for row in documents}
        self.graphs: dict[str, Graph] = {}
        self.labels: dict[tuple[str, str], URIRef] = {}
        for prop in (SKOS.prefLabel, SKOS.altLabel):  # preferred labels win over alternatives
            for node, label in reference.subject_objects(prop):
                if (
                    isinstance(node, URIRef)
                    and isinstance(label, Literal)
                    and label.language == "en"
                ):
                    segment = str(node).removeprefix(ID_BASE).split("/")[0]
                    self.labels.setdefault((segment, fold(label)), node)

    # ------------------------------------------------------------------ lookups

    def graph(self, name: str) -> Graph:
        return self.graphs.setdefault(str(graph_iri(name)), Graph())

    def find(self, segment: str, name: str) -> URIRef | None:
        return self.labels.get((segment, fold(name)))

    def actor(self, row: Record, column: str, name: str) -> URIRef:
        found = self.find("actor", name) or self.reference_key("actor", name)
        if found is None:
            raise SourceError(
                row.path,
                f"{column}: {name!r} is neither the English label nor "
                "the key of an actor in data/reference/actors.csv",
                row.line,
            )
        return found

    def reference_key(self, segment: str, key: str) -> URIRef | None:
        if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", key):
            return None
        iri = mint(segment, key)
        return iri if (iri, RDF.type, None) in self.reference else None

    def place(self, row: Record, column: str, name: str, kind: URIRef, what: str) -> URIRef:
        """The reference place labelled ``name`` if it is a ``kind``; else SourceError."""
        found = self.find("place", name)
        if found is None or (found, RDF.type, kind) not in self.reference:
            raise SourceError(
                row.path, f"{column}: {name!r} is not {what} in data/reference/places.csv",
                row.line,
            )
        return found

    def crossing(self, row: Record, column: str, name: str) -> URIRef:
        return self.place(row, column, name, SKG.HumanitarianCrossing,
                          "the English label of a HumanitarianCrossing")

    def concept(self, row: Record, column: str) -> URIRef:
        term = SKG[row[column]]
        if (term, None, None) not in self.ontology:
            raise SourceError(
                row.path, f"{column}: {row[column]!r} is not a term of the ontology", row.line
            )
        return term

    def label_ar(self, node: URIRef) -> str:
        for graph in (self.reference, self.ontology):
            for label in graph.objects(node, SKOS.prefLabel):
                if isinstance(label, Literal) and label.language == "ar":
                    return str(label)
        return str(node).rsplit("/", 1)[-1]

    # ------------------------------------------------------------------ shared building blocks

    def document(self, g: Graph, url: str, row: Record) -> URIRef:
        """The page a record cites, as documents.csv describes it: its title (or a descriptive
        label in brackets where none is known), publisher and date."""
        described = self.documents.get(url)
        if described is None:
            raise SourceError(
                row.path,
                f"source_url {url} has no row in {FOLDER}/documents.csv: add one with its title "
                "(or a [descriptive label]), publisher and date where known",
                row.line,
            )
        doc = mint("doc", doc_key(url))
        g.add((doc, RDF.type, SKG.SourceDocument))
        g.add((doc, SCHEMA.url, URIRef(url)))
        title, label = described["title"], described["label"]
        if bool(title) == bool(label) or (label and not label.startswith("[")):
            raise SourceError(
                described.path,
                f"{url}: give either its title or, where the page gives none, a descriptive "
                "label in [brackets]",
                described.line,
            )
        if title:
            g.add((doc, DCTERMS.title, Literal(title, lang="en")))
        g.add((doc, RDFS.label, Literal(title or label, lang="en")))
        if described["label_ar"]:
            g.add((doc, RDFS.label, Literal(described["label_ar"], lang="ar")))
        if described["publisher"]:
            publisher = self.actor(described, "publisher", described["publisher"])
            g.add((doc, SCHEMA.publisher, publisher))
        elif described["publisher_name"]:
            g.add((doc, DCTERMS.publisher, Literal(described["publisher_name"], lang="en")))
        if described["published"]:
            g.add((doc, SCHEMA.datePublished, date_literal(described, "published")))
        return doc

    def claim(
        self, g: Graph, key: str, kind: URIRef, row: Record, labels: tuple[str, str]
    ) -> URIRef:
        """A record claim: the page that states it, its provenance, notes and doubts."""
        claim, doc = mint("claim", key), self.document(g, row["source_url"], row)
        run = mint("run", "records", str(row.path.stem).replace("_", "-"))
        g.add((claim, RDF.type, kind))
        g.add((claim, SKG.statedIn, doc))
        g.add((claim, SKG.attitude, SKG.Asserts))
        g.add((claim, PROV.wasGeneratedBy, run))
        add_labels(g, claim, *labels)
        for url in urls_in(row.get("cross_check_urls", "")):
            g.add((claim, RDFS.seeAlso, URIRef(url)))
        if row.get("notes"):
            g.add((claim, RDFS.comment, Literal(row["notes"], lang="en")))
        # What a row states but could not confirm is named in its `unconfirmed` column; what it
        # could not confirm and does not state (a draft's symbol) is left out and needs no mark.
        doubt = row.get("unconfirmed", "")
        g.add((claim, SKG.confirmationStatus, SKG.Unconfirmed if doubt else SKG.Confirmed))
        if doubt:
            g.add((claim, SKG.confirmationNote, Literal(doubt, lang="en")))
        g.add((run, RDF.type, PROV.Activity))
        g.add((run, RDFS.label, Literal(f"mapping of {FOLDER}/{row.path.name}", lang="en")))
        g.add((run, PROV.wasAssociatedWith, mint("agent", "curators")))
        return claim

    def instant(self, g: Graph, key: str, day: date, derived: bool = False) -> URIRef:
        node = mint("time", key)
        g.add((node, RDF.type, TIME.Instant))
        g.add((node, TIME.inXSDDate, Literal(day.isoformat(), datatype=XSD.date)))
        if derived:
            g.add((node, SKG.derived, Literal(True)))
        return node

    def instant_of(
        self, g: Graph, key: str, row: Record, column: str, derived: bool = False
    ) -> URIRef:
        """An instant at the date, year-month or year a cell gives."""
        value = date_literal(row, column)
        prop = (
            TIME.inXSDDate
            if value.datatype == XSD.date
            else TIME.inXSDgYearMonth
            if value.datatype == XSD.gYearMonth
            else TIME.inXSDgYear
        )
        node = mint("time", key)
        g.add((node, RDF.type, TIME.Instant))
        g.add((node, prop, value))
        if derived:
            g.add((node, SKG.derived, Literal(True)))
        return node

    def interval(
        self, g: Graph, key: str, begin: date | None, end: date | None, derived_begin: bool = False
    ) -> URIRef:
        node = mint("time", key)
        g.add((node, RDF.type, TIME.ProperInterval))
        if begin is not None:
            g.add((node, TIME.hasBeginning, self.instant(g, f"{key}-begin", begin, derived_begin)))
        if end is not None:
            g.add((node, TIME.hasEnd, self.instant(g, f"{key}-end", end)))
        return node

    def votes(
        self, g: Graph, event: URIRef, key: str, row: Record, column: str, vetoes: list[URIRef]
    ) -> None:
        """The tally (as written and as counts), one skg:Veto per vetoing member, and the votes
        the record names for reference actors (other names stay in the tally text)."""
        text = row[column]
        g.add((event, SKG.voteTally, Literal(text)))
        tally = vote_tally(text)
        for option, number in zip(OPTIONS, tally or (), strict=False):
            count = mint("vote", key, "count", option.removeprefix(str(SKG)).lower())
            g.add((event, SKG.hasCount, count))
            g.add((count, RDF.type, SKG.VoteCount))
            g.add((count, SKG.voteOption, option))
            g.add((count, SKG["count"], Literal(number)))
        named = [(SKG.Veto, SKG.Against, v) for v in vetoes]
        for option, names in named_votes(text).items():
            for name in names:
                voter = self.find("actor", name)
                if voter is not None and voter not in vetoes:
                    named.append((SKG.Vote, option, voter))
        for cls, option, voter in named:
            vote = mint("vote", key, str(voter).rsplit("/", 1)[-1])
            g.add((vote, RDF.type, cls))
            g.add((vote, SKG.inVoteEvent, event))
            g.add((vote, SKG.voter, voter))
            g.add((vote, SKG.voteOption, option))

    def vote_event(self, g: Graph, key: str, day: date, result: URIRef, draft: URIRef) -> URIRef:
        event = mint("event", key)
        g.add((event, RDF.type, SKG.VoteEvent))
        g.add((event, SKG.votingBody, mint("actor", "unsc")))
        g.add((event, SKG.voteResult, result))
        g.add((event, SKG.onDraft, draft))
        g.add((event, SKG.timeSpan, self.instant(g, key, day)))
        g.add((draft, RDF.type, SKG.DraftResolution))
        g.add((draft, SKG.topic, SKG.SyriaTopic))  # every table row concerns Syria
        return event


def date_literal(row: Record, column: str) -> Literal:
    """A year, year-month or date cell as a typed literal, or SourceError naming the cell."""
    try:
        return values.date_literal(row[column])
    except ValueError as exc:
        raise SourceError(row.path, f"{column}: {exc}", row.line) from exc


def whole_number(row: Record, column: str) -> int:
    """A count cell as a whole number, or SourceError naming the cell."""
    text = row[column].strip()
    if not text.isdigit():
        raise SourceError(row.path, f"{column}: {text!r} is not a whole number", row.line)
    return int(text)


def record_date(row: Record, column: str, value: str | None = None) -> date:
    """The date in ``column`` (or ``value`` read from it), or SourceError naming the cell."""
    text = row[column] if value is None else value
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise SourceError(
            row.path, f"{column}: {text!r} is not a date YYYY-MM-DD", row.line
        ) from exc


def add_labels(g: Graph, node: URIRef, en: str, ar: str) -> None:
    """An English and an Arabic rdfs:label."""
    g.add((node, RDFS.label, Literal(en, lang="en")))
    g.add((node, RDFS.label, Literal(ar, lang="ar")))


def english_label(graph: Graph, node: URIRef) -> str:
    """The first English skos:prefLabel of ``node``, else its IRI."""
    labels = [
        str(o)
        for o in graph.objects(node, SKOS.prefLabel)
        if isinstance(o, Literal) and o.language == "en"
    ]
    return labels[0] if labels else str(node)
