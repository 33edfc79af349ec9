"""Validate anyone's Turtle/TriG files against the project's shapes.

The files are checked together with the ontology and the reference layer, so that they may refer
to our actors and places, and after the same OWL RL closure the build uses.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph

from syriakg.pipeline import load, reasoning, reference, validation
from syriakg.pipeline.ontology_index import OntologyIndex
from syriakg.settings import Settings


def validate_files(settings: Settings, files: list[Path]) -> validation.Report:
    """Validate ``files`` (merged); raises SourceError for a file that does not parse."""
    ontology = load.load_ontology(settings)
    shapes = load.load_shapes(settings)
    ref_graph, _ = reference.build(
        load.load_reference(settings), OntologyIndex.from_graph(ontology)
    )
    data = Graph()
    for path in files:
        data += load.read_rdf(path)
    data += ref_graph
    data += reasoning.run(ontology, data)
    return validation.run(data, shapes, ontology)
