"""The build, in order: load -> statements -> reasoning -> validation -> persist.

``run`` is the only place that calls the stages; each stage module has one ``run``/``build``
function taking and returning plain values.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from rdflib import Graph

from syriakg import crosscheck, ontodoc
from syriakg.errors import ShapeViolationError
from syriakg.namespaces import graph_iri
from syriakg.pipeline import (
    citations,
    links,
    load,
    persist,
    push,
    reasoning,
    records,
    reference,
    shortcuts,
    statements,
    validation,
)
from syriakg.pipeline.ontology_index import OntologyIndex
from syriakg.pipeline.review_status import any_published
from syriakg.settings import Settings


@dataclass
class BuildReport:
    stages: list[tuple[str, float, str]] = field(default_factory=list)
    graph_sizes: dict[str, int] = field(default_factory=dict)
    validation: validation.Report | None = None

    @property
    def total_seconds(self) -> float:
        return sum(seconds for _, seconds, _ in self.stages)


@contextmanager
def _stage(report: BuildReport, name: str, echo: Callable[[str], None]) -> Iterator[list[str]]:
    note: list[str] = []
    start = time.perf_counter()
    yield note
    seconds = time.perf_counter() - start
    report.stages.append((name, seconds, " ".join(note)))
    echo(f"{name:<13} {seconds:6.2f} s  {' '.join(note)}")


def assemble(inputs: load.Inputs) -> dict[str, Graph]:
    """Stage 2: reference tables and documents to one graph each (the ontology keeps its own)."""
    index = OntologyIndex.from_graph(inputs.ontology)
    ref_graph, known = reference.build(inputs.reference, index)
    graphs = {str(graph_iri("ontology")): inputs.ontology, str(graph_iri("reference")): ref_graph}
    for doc_id, doc in inputs.documents.items():
        # A document whose records are all drafts waits for its review (docs/ingest.md).
        if any_published(doc.statements):
            graphs[str(graph_iri(doc_id))] = statements.build(doc, index, known)
    # Records (UN votes, a monitor's toll) are claims of the pages they cite, one graph per kind
    # of source; their crossing facts join the reference graph (pipeline/records.py).
    for name, graph in records.build(inputs.reference, ref_graph, inputs.ontology).items():
        graphs.setdefault(name, Graph())
        graphs[name] += graph
    # "A source says": each relation a claim states, as a plain triple in a graph of its source,
    # derived from the claims above (pipeline/shortcuts.py).
    graphs.update(shortcuts.build(graphs, inputs.ontology, index))
    # Every document's citation (title or bracketed label, publisher, date), for every page
    # that lists it (pipeline/citations.py).
    citations.build(graphs, ref_graph)
    # Links last: a link may start from any entity the graphs above define (pipeline/links.py).
    link_rows = inputs.reference.get("links", [])
    graphs[str(graph_iri("links"))] = links.build(link_rows, links.typed_subjects(graphs.values()))
    return graphs


def load_inputs(settings: Settings) -> load.Inputs:
    """Stage 1 in full: the files of load.run plus the links and the record tables."""
    inputs = load.run(settings)
    inputs.reference["links"] = links.load(settings.root)  # data/links/ (pipeline/links.py)
    inputs.reference.update(records.load(settings))  # data/reference/un/ (pipeline/records.py)
    return inputs


def load_inputs_without_documents(settings: Settings) -> load.Inputs:
    """Stage 1 for everything but the documents (the build at corpus scale reads each document
    on its own: pipeline/units.py)."""
    inputs = load.Inputs(load.load_ontology(settings), load.load_shapes(settings),
                         reference=load.load_reference(settings))
    inputs.reference["links"] = links.load(settings.root)
    inputs.reference.update(records.load(settings))
    return inputs


def run(settings: Settings, echo: Callable[[str], None] = print) -> BuildReport:
    """Build, reason, validate and persist; the served store changes only if all passed.

    With ``settings.store`` a URL, the graphs are pushed to that store instead (pipeline/push.py).

    :raises SourceError: a data file is malformed (nothing is written).
    :raises ReasoningError: the data contradicts the ontology (nothing is written).
    :raises ShapeViolationError: the data does not conform to the shapes (nothing is written).
    :raises StoreError: the store cannot be written (or reached); it serves what it served.
    """
    report = BuildReport()
    # A remote store is checked before the stages run, so that a wrong URL fails at once.
    remote = push.target(settings) if settings.is_remote else None
    with _stage(report, "load", echo) as note:
        inputs = load_inputs(settings)
        gone = load.retracted(settings)
        note.append(
            f"{len(inputs.documents)} document(s)"
            + (f" ({len(gone)} retracted, left out)" if gone else "")
            + f", {len(inputs.ontology)} ontology "
            f"triples, {len(inputs.shapes)} shape triples"
        )
    with _stage(report, "statements", echo) as note:
        graphs = assemble(inputs)
        claims = sum(
            len(set(g.subjects(predicate=statements.SKG.statedIn))) for g in graphs.values()
        )
        note.append(f"{claims} claims")
    with _stage(report, "crosscheck", echo) as note:  # claims vs records (syriakg.crosscheck)
        assessments = crosscheck.build(graphs, settings)
        graphs[str(graph_iri("assessments"))] = assessments
        note.append(f"{crosscheck.count(assessments)} assessments")
    asserted = Graph()
    for name, graph in graphs.items():
        if name != str(graph_iri("ontology")):
            asserted += graph
    with _stage(report, "reasoning", echo) as note:
        inferred = reasoning.run(inputs.ontology, asserted)
        note.append(f"{len(inferred)} triples inferred")
    graphs[str(graph_iri("inferred"))] = inferred
    with _stage(report, "validation", echo) as note:
        data = Graph()
        data += asserted
        data += inferred
        result = validation.run(data, inputs.shapes, inputs.ontology)
        report.validation = result
        note.append("conforms" if result.conforms else f"{len(result.violations)} violation(s)")
    persist.write_outputs(settings.path(settings.build_dir), graphs, result.graph)
    if not result.conforms:
        raise ShapeViolationError(result.text(), len(result.violations))
    with _stage(report, "documentation", echo) as note:
        page = persist.documentation(inputs.ontology, settings.path(settings.build_dir))
        note.append(f"ontology page, {len(page) >> 10} KB")
    with _stage(report, "persist", echo) as note:
        if remote is None:
            persist.run(graphs, settings.store_path, {ontodoc.PAGE_FILE: page})
            note.append(f"store at {settings.store}")
        else:  # pipeline/push.py: staged, counted, then switched in one update
            manifest = push.run(graphs, remote)
            note.append(f"{len(manifest.graphs)} graphs pushed to {settings.store}, "
                        f"build {manifest.build}")
    report.graph_sizes = {name: len(g) for name, g in graphs.items()}
    return report
