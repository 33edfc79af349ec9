"""One document compiled on its own: what the build at corpus scale computes, caches and reuses.

A document's unit is everything the build derives from that document alone, given what every
document shares (``Shared``: the ontology, the reference layer, the records, the schema's
inference tables): its claims (pipeline/statements.py) with its citation, what it says as plain
triples (pipeline/shortcuts.py), its cross-check assessments (syriakg.crosscheck, against the
records), and the OWL RL inferences of all these (pipeline/materialize.py). The unit is N-Quads
text in two parts: ``own``, the graphs only this document writes (``graph/<doc>`` and
``graph/says-<doc>``), and ``shared``, its part of the graphs every document adds to
(``graph/says``, ``graph/assessments``, ``graph/inferred``). docs/architecture.md, "The build at
corpus scale".
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, URIRef

from syriakg import crosscheck
from syriakg.crosscheck.model import to_graph
from syriakg.errors import SourceError
from syriakg.namespaces import graph_iri
from syriakg.pipeline import citations, shortcuts, statements
from syriakg.pipeline.load import Record, read_document, read_statements
from syriakg.pipeline.materialize import Tables, infer
from syriakg.pipeline.ontology_index import OntologyIndex

SAYS = str(graph_iri(shortcuts.DECLARATIONS))
ASSESSMENTS = str(graph_iri("assessments"))
INFERRED = str(graph_iri("inferred"))


@dataclass
class Shared:
    """What every document's compilation reads; made once per build, before the workers fork."""

    ontology: Graph
    index: OntologyIndex
    known: set[URIRef]
    reference: Graph
    tables: Tables
    # The graphs that are not documents' (N-Quads), for the cross-check's record queries.
    outside: bytes
    # The assessments of the records alone (N-Triples lines): every document's run has them.
    outside_assessments: frozenset[str] = field(default_factory=frozenset)


@dataclass
class Unit:
    doc_id: str
    own: str
    shared: str
    # Each claim's key and the line of its record in the statements file, for error messages.
    lines: dict[str, int] = field(default_factory=dict)
    statements_file: str = ""


def nquads(graph: Graph, name: str) -> list[str]:
    """The graph's triples as N-Quads lines of the named graph ``name``."""
    text = graph.serialize(format="nt", encoding="utf-8").decode("utf-8")
    return [f"{line[:-1]}<{name}> ." for line in text.splitlines() if line.endswith(" .")]


_records: dict[int, ox.Store] = {}


def _record_store(shared: Shared) -> ox.Store:
    """The store of the graphs outside the documents, one per process (made on first use)."""
    store = _records.get(os.getpid())
    if store is None:
        store = ox.Store()
        store.load(shared.outside, format=ox.RdfFormat.N_QUADS)
        _records.clear()
        _records[os.getpid()] = store
    return store


def assessments_of(graphs: dict[str, Graph], shared: Shared) -> Graph:
    """The cross-check of one document's graphs against the records (syriakg.crosscheck)."""
    store = _record_store(shared)
    names = [ox.NamedNode(name) for name in graphs]
    try:
        for node, graph in zip(names, graphs.values(), strict=True):
            store.load(graph.serialize(format="nt", encoding="utf-8"),
                       format=ox.RdfFormat.N_TRIPLES, to_graph=node)
        return to_graph(crosscheck.evaluate(store))
    finally:
        for node in names:
            store.remove_graph(node)


def read(meta_path: Path, statements_path: Path | None) -> tuple[str, statements.Document]:
    """The document of ``meta_path`` with the statements file of the same name, if any."""
    doc = read_document(meta_path)
    doc_id = str(doc.meta["id"])
    if statements_path is not None and statements_path.exists():
        about, records = read_statements(statements_path)
        if about != doc_id:
            path, line = records.where("document")
            raise SourceError(
                path, f"this file is about {about!r}, but {meta_path.name} describes {doc_id!r}: "
                "at corpus scale a statements file is named after its document "
                f"(data/statements/{doc_id}.yaml)", line)
        doc.statements = records
    return doc_id, doc


def compile_unit(meta_path: Path, statements_path: Path | None, shared: Shared) -> Unit:
    """Compile one document (its files named by path) into its unit.

    :raises SourceError: the document or its statements are malformed (file and line named).
    """
    doc_id, doc = read(meta_path, statements_path)
    name = str(graph_iri(doc_id))
    graph = statements.build(doc, shared.index, shared.known)
    citations.build({name: graph}, shared.reference)
    graphs = {name: graph}
    says = shortcuts.build(graphs, shared.ontology, shared.index)
    declarations = says.pop(SAYS, Graph())
    graphs.update(says)
    own = [line for n, g in graphs.items() for line in nquads(g, n)]
    found = nquads(assessments_of(graphs, shared), ASSESSMENTS)
    found = [line for line in found if line[: line.rindex("<")] not in shared.outside_assessments]
    parts = [*graphs.values(), declarations]
    triples = {t for g in parts for t in g}
    assessed = Graph()
    assessed.parse(data="\n".join(line[: line.rindex("<")] + "." for line in found), format="nt")
    triples |= set(assessed)
    inferred = Graph()
    for triple in infer(triples, shared.tables):
        inferred.add(triple)
    shared_lines = nquads(declarations, SAYS) + found + nquads(inferred, INFERRED)
    claims = doc.statements.get("claims", []) if doc.statements is not None else []
    lines = {str(c.get("id")): c.line for c in claims if isinstance(c, Record)}
    return Unit(doc_id, "\n".join(own) + "\n", "\n".join(shared_lines) + "\n", lines,
                str(statements_path or meta_path))
