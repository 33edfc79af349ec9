"""Cross-check: how a document's claims compare with the records (UN votes, a monitor's toll),
and every source's figures with every other's (``pairs.py``).

``build`` runs during the build and yields graph/assessments: for each claim a check can test, a
``skg:Assessment`` with a verdict from explicit rules (``rules.py``), the record claims used as
evidence (found by SPARQL, ``sparql.py``) and a one-line explanation in English and Arabic; for
each pair of figures of the same quantity, a ``skg:FigureComparison`` (docs/crosscheck.md).
``assessments`` reads them back from a built store, for ``syriakg check`` and the web pages.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pyoxigraph as ox
from rdflib import Graph

from syriakg.crosscheck.crossings import crossing_counts
from syriakg.crosscheck.dates import event_dates
from syriakg.crosscheck.figures import figures
from syriakg.crosscheck.model import Assessment, to_graph
from syriakg.crosscheck.pairs import compare
from syriakg.crosscheck.report import assessments, render_table
from syriakg.crosscheck.rules import Verdict
from syriakg.crosscheck.sparql import Graph as KnowledgeGraph
from syriakg.crosscheck.votes import described_vetoes, veto_counts
from syriakg.namespaces import SKG
from syriakg.settings import Settings

__all__ = ["Assessment", "Verdict", "assessments", "build", "count", "evaluate", "render_table"]

CHECKS: tuple[Callable[[KnowledgeGraph], list[Assessment]], ...] = (
    veto_counts,
    described_vetoes,
    crossing_counts,
    figures,
    event_dates,
)


def evaluate(store: ox.Store, settings: Settings | None = None) -> list[Assessment]:
    """Run every check over ``store`` (the union of its graphs), one assessment per claim, then
    compare every source's figures with every other's, with the tolerances of ``settings``."""
    settings = settings or Settings()
    kg = KnowledgeGraph(store)
    found = [a for check in CHECKS for a in check(kg)]
    found += compare(kg, settings.crosscheck_end_days,
                     Decimal(str(settings.crosscheck_count_share)))
    return sorted(found, key=lambda a: (a.claim, a.iri))


def build(graphs: dict[str, Graph], settings: Settings | None = None) -> Graph:
    """The assessments of the assembled graphs (before reasoning), as graph/assessments.

    The graphs are loaded into an in-memory Oxigraph store so that the checks run the same
    SPARQL, on the same engine, as they would on the built store.
    """
    store = ox.Store()
    for name, graph in graphs.items():
        store.load(
            graph.serialize(format="nt", encoding="utf-8"),
            format=ox.RdfFormat.N_TRIPLES,
            to_graph=ox.NamedNode(name),
        )
    return to_graph(evaluate(store, settings))


def count(graph: Graph) -> int:
    """How many assessments a graph holds."""
    return len(set(graph.subjects(predicate=SKG.verdict)))
