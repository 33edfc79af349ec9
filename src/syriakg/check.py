"""Validate anyone's Turtle/TriG files against the project's shapes.

The files are checked together with the ontology and the reference layer (as the build makes it,
crossings included), so that they may refer to our actors and places, and after the same OWL RL
closure the build uses.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph

from syriakg import pipeline
from syriakg.namespaces import graph_iri
from syriakg.pipeline import load, reasoning, validation
from syriakg.settings import Settings


def validate_files(settings: Settings, files: list[Path]) -> validation.Report:
    """Validate ``files`` (merged); raises SourceError for a file that does not parse."""
    inputs = pipeline.load_inputs(settings)
    inputs.documents = {}  # the user's files stand in for our documents
    data = Graph()
    for path in files:
        data += load.read_rdf(path)
    data += pipeline.assemble(inputs)[str(graph_iri("reference"))]
    data += reasoning.run(inputs.ontology, data)
    return validation.run(data, inputs.shapes, inputs.ontology)
