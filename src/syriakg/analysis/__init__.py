"""The actor graph: who did what to whom according to which source, as a networkx graph.

``extract`` reads statements from the store with the SPARQL files in ``queries/graph/``;
``build`` merges them into one edge per (actor, relation, actor) that keeps every claim it
stands on, filters them and computes the metrics; ``export`` writes GraphML, GEXF, Cytoscape
JSON, DOT, SVG or PNG. The CLI (``syriakg graph``) and the web view (``/graph``) are thin
wrappers over these three.

The names below are imported on first use: ``syriakg.cli`` registers ``syriakg graph`` from
``syriakg.analysis.command``, and every other command should not pay for importing networkx.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from syriakg.analysis.exports import FORMATS, export
    from syriakg.analysis.extraction import Extraction, ExtractionError, extract
    from syriakg.analysis.graph import ActorGraph, GraphFilter, GraphFilterError, build
    from syriakg.analysis.metrics import METRICS
    from syriakg.analysis.picture import RenderError
    from syriakg.store import QueryStore

_WHERE = {
    "FORMATS": "exports", "export": "exports",
    "Extraction": "extraction", "ExtractionError": "extraction", "extract": "extraction",
    "ActorGraph": "graph", "GraphFilter": "graph", "GraphFilterError": "graph", "build": "graph",
    "METRICS": "metrics",
    "RenderError": "picture",
}


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module 'syriakg.analysis' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"syriakg.analysis.{_WHERE[name]}"), name)
    globals()[name] = value
    return value


def actor_graph(store: QueryStore, flt: GraphFilter | None = None) -> ActorGraph:
    """Extract, merge, filter and measure the actor graph of ``store`` in one call."""
    from syriakg.analysis.extraction import extract
    from syriakg.analysis.graph import build

    return build(extract(store), flt)


def kept_files(store: QueryStore) -> dict[str, bytes]:
    """What a store's writer keeps beside it for the actor graph (``syriakg.analysis.kept``)."""
    from syriakg.analysis.kept import files

    return files(store)


__all__ = [
    "FORMATS",
    "METRICS",
    "ActorGraph",
    "Extraction",
    "ExtractionError",
    "GraphFilter",
    "GraphFilterError",
    "RenderError",
    "actor_graph",
    "build",
    "export",
    "extract",
    "kept_files",
]
