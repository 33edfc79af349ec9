"""Stage 2a: the reference (identity) layer — actors, places, memberships — from CSV tables.

Only neutral facts are asserted here: types, labels in Arabic and English, part-of links and
memberships. Anything a source claims goes through the statements files instead.
"""

from __future__ import annotations

from datetime import date

from rdflib import RDF, RDFS, SKOS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS

from syriakg.errors import SourceError
from syriakg.namespaces import ORG, SKG, TIME, WGS, mint
from syriakg.pipeline.load import Record
from syriakg.pipeline.ontology_index import OntologyIndex
from syriakg.text import search_key


def _class(index: OntologyIndex, row: Record, root: URIRef) -> URIRef:
    cls = SKG[row["class"]]
    if cls not in index.classes or not index.is_subclass(cls, root):
        raise SourceError(
            row.path,
            f"class {row['class']!r} is not a kind of {root.removeprefix(str(SKG))} in the "
            f"ontology.{index.suggest(row['class'], index.classes)}",
            row.line,
        )
    return cls


def _labels(graph: Graph, node: URIRef, row: Record) -> None:
    for lang in ("en", "ar"):
        label = row.get(f"label_{lang}", "")
        if not label:
            raise SourceError(
                row.path,
                f"column label_{lang} is empty: every entity needs a label "
                "in Arabic and in English",
                row.line,
            )
        graph.add((node, SKOS.prefLabel, Literal(label, lang=lang)))
        graph.add((node, RDFS.label, Literal(label, lang=lang)))
        for alt in filter(None, (a.strip() for a in row.get(f"alt_labels_{lang}", "").split(";"))):
            graph.add((node, SKOS.altLabel, Literal(alt, lang=lang)))
    # Search keys fold Arabic spelling variants, so "ادلب" finds "إدلب".
    keys = {search_key(str(o)) for o in graph.objects(node, SKOS.prefLabel)}
    keys |= {search_key(str(o)) for o in graph.objects(node, SKOS.altLabel)}
    for key in sorted(keys):
        graph.add((node, SKOS.hiddenLabel, Literal(key)))
    if row.get("source_url"):
        graph.add((node, DCTERMS.source, URIRef(row["source_url"])))
    if row.get("note"):
        graph.add((node, RDFS.comment, Literal(row["note"], lang="en")))


def _ref(row: Record, column: str, segment: str, known: set[URIRef]) -> URIRef:
    iri = mint(segment, row[column])
    if iri not in known:
        raise SourceError(
            row.path,
            f"{column} {row[column]!r} is not a {segment} key defined "
            f"in data/reference/{segment}s.csv",
            row.line,
        )
    return iri


def build(tables: dict[str, list[Record]], index: OntologyIndex) -> tuple[Graph, set[URIRef]]:
    """Turn the reference tables into RDF; returns the graph and the set of IRIs it defines."""
    graph = Graph()
    actors = {mint("actor", r["key"]) for r in tables["actors"]}
    places = {mint("place", r["key"]) for r in tables["places"]}
    for row in tables["actors"]:
        node = mint("actor", row["key"])
        graph.add((node, RDF.type, _class(index, row, SKG.Actor)))
        _labels(graph, node, row)
        if row.get("part_of"):
            parent = _ref(row, "part_of", "actor", actors)
            organ = index.is_subclass(SKG[row["class"]], SKG.Organ)
            graph.add((node, ORG.unitOf if organ else ORG.subOrganizationOf, parent))
        if row.get("government_of"):
            graph.add((node, SKG.governmentOf, _ref(row, "government_of", "actor", actors)))
    for row in tables["places"]:
        node = mint("place", row["key"])
        graph.add((node, RDF.type, _class(index, row, SKG.Place)))
        _labels(graph, node, row)
        if row.get("located_in"):
            graph.add((node, SKG.locatedIn, _ref(row, "located_in", "place", places)))
        for column, prop in (("latitude", WGS.lat), ("longitude", WGS.long)):
            if row.get(column):
                graph.add((node, prop, Literal(row[column], datatype=XSD.decimal)))
    for row in tables["memberships"]:
        membership(graph, row, actors)
    return graph, actors | places


def membership(graph: Graph, row: Record, actors: set[URIRef]) -> None:
    """A membership, or an office held (a skg:OfficeRole), with its period where the cited source
    gives one: from and until are days (YYYY-MM-DD), until empty while it lasts."""
    role = row["role"]
    kind = role.removesuffix("MemberRole").removesuffix("Role")  # "permanent", "president"
    parts = [row["member"], row["organization"], kind]
    if row.get("from"):
        parts.append(row["from"])
    node = mint("membership", *(p.lower() for p in parts))
    graph.add((node, RDF.type, ORG.Membership))
    graph.add((node, ORG.member, _ref(row, "member", "actor", actors)))
    graph.add((node, ORG.organization, _ref(row, "organization", "actor", actors)))
    graph.add((node, ORG.role, SKG[role]))
    graph.add((node, DCTERMS.source, URIRef(row["source_url"])))
    if row.get("note"):
        graph.add((node, RDFS.comment, Literal(row["note"], lang="en")))
    if row.get("from") or row.get("until"):
        period = mint("time", node.rsplit("/", 1)[-1])
        graph.add((node, ORG.memberDuring, period))
        graph.add((period, RDF.type, TIME.ProperInterval))
        for column, prop in (("from", TIME.hasBeginning), ("until", TIME.hasEnd)):
            if row.get(column):
                instant = mint("time", node.rsplit("/", 1)[-1], column)
                graph.add((period, prop, instant))
                graph.add((instant, RDF.type, TIME.Instant))
                graph.add((instant, TIME.inXSDDate, _day(row, column)))


def _day(row: Record, column: str) -> Literal:
    try:
        return Literal(date.fromisoformat(row[column]).isoformat(), datatype=XSD.date)
    except ValueError as exc:
        raise SourceError(
            row.path, f"{column}: {row[column]!r} is not a date YYYY-MM-DD", row.line
        ) from exc
