"""Stage 5, persist: every named graph into a new Oxigraph store, swapped in atomically.

Graphs: one per source document, one for the reference layer, one for the ontology (with its
vocabularies) and one for the inferences. The numbered files in build/ keep each stage's output
for inspection.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset, Graph

from syriakg import ontodoc
from syriakg.analysis import kept_files
from syriakg.namespaces import PREFIXES
from syriakg.store import write_store_atomically


def run(graphs: dict[str, Graph], store_path: Path, files: dict[str, bytes] | None = None) -> None:
    """Write ``graphs`` (named-graph IRI -> triples) as the store at ``store_path``, with
    ``files`` beside it (the ontology's documentation page)."""

    def fill(store: ox.Store) -> None:
        for iri, graph in graphs.items():
            store.bulk_load(
                graph.serialize(format="nt", encoding="utf-8"),
                format=ox.RdfFormat.N_TRIPLES,
                to_graph=ox.NamedNode(iri),
            )

    write_store_atomically(store_path, fill, files=files, derive=kept_files)


def documentation(ontology: Graph, build_dir: Path) -> bytes:
    """The ontology's documentation page (syriakg.ontodoc), made again only when the ontology
    changed: pyLODE takes seconds, so the page is kept in the build directory by checksum."""
    data = "\n".join(sorted(ontology.serialize(format="nt").splitlines())).encode("utf-8")
    kept = build_dir / f"ontology-{hashlib.sha256(data).hexdigest()[:16]}.html"
    if kept.is_file():
        return kept.read_bytes()
    page = ontodoc.page(ontology).encode("utf-8")
    build_dir.mkdir(parents=True, exist_ok=True)
    partial = kept.with_suffix(".tmp")
    partial.write_bytes(page)
    partial.replace(kept)
    return page


def write_outputs(build_dir: Path, graphs: dict[str, Graph], report: Graph) -> None:
    """Keep the stage outputs: 1-asserted.trig, 2-inferred.ttl, 3-validation-report.ttl."""
    build_dir.mkdir(parents=True, exist_ok=True)
    dataset = Dataset()
    for prefix, ns in PREFIXES.items():
        dataset.bind(prefix, ns)
    for iri, graph in graphs.items():
        if iri.endswith("/inferred"):
            _bind(graph).serialize(build_dir / "2-inferred.ttl", format="turtle")
            continue
        named = dataset.graph(iri)
        for triple in graph:
            named.add(triple)
    dataset.serialize(build_dir / "1-asserted.trig", format="trig")
    _bind(report).serialize(build_dir / "3-validation-report.ttl", format="turtle")


def _bind(graph: Graph) -> Graph:
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns)
    return graph
