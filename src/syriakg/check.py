"""Validate anyone's Turtle/TriG files against the project's shapes.

The files are checked together with the ontology and the reference layer (as the build makes it,
crossings included), so that they may refer to our actors and places, and after the same OWL RL
closure the build uses. Small files go through owlrl and pySHACL, as the build does; past
``BULK_FROM_BYTES`` the same rules and shapes run as SPARQL in an in-memory store
(syriakg.bulk: proven to give the same results, and minutes faster on tens of thousands of
triples). The report is the same either way.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from syriakg import pipeline
from syriakg.bulk import rules
from syriakg.bulk.load import load_files
from syriakg.bulk.validate import validate
from syriakg.namespaces import graph_iri
from syriakg.pipeline import load, reasoning, validation
from syriakg.settings import Settings

# Files larger than this in all are checked in a store: owlrl took 30 s on 5 MB of triples.
BULK_FROM_BYTES = 1 << 20


def validate_files(settings: Settings, files: list[Path]) -> validation.Report:
    """Validate ``files`` (merged); raises SourceError for a file that does not parse."""
    inputs = pipeline.load_inputs(settings)
    inputs.documents = {}  # the user's files stand in for our documents
    reference = pipeline.assemble(inputs)[str(graph_iri("reference"))]
    if sum(path.stat().st_size for path in files) >= BULK_FROM_BYTES:
        return _in_store(inputs, reference, files)
    data = Graph()
    for path in files:
        data += load.read_rdf(path)
    data += reference
    data += reasoning.run(inputs.ontology, data)
    return validation.run(data, inputs.shapes, inputs.ontology)


def _in_store(inputs: load.Inputs, reference: Graph, files: list[Path]) -> validation.Report:
    """The same check as the small path, with the rules and shapes run as SPARQL."""
    store = ox.Store()
    for name, graph in (("ontology", inputs.ontology), ("reference", reference)):
        store.bulk_load(graph.serialize(format="nt", encoding="utf-8"),
                        format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(graph_iri(name)))
    load_files(store, files, str(graph_iri("submitted")))
    rules.closure(store)
    return validate(store, inputs.shapes).report()
