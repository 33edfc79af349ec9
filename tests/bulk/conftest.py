"""Fixtures of the bulk tests: the curated graph with its owlrl closure, generated data, stores.

Everything is real: real pyoxigraph stores (in memory or in temporary directories), the project's
ontology and shapes, owlrl and pyshacl as the references the in-store versions must equal.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import pyoxigraph as ox
import pytest
from rdflib import Graph

from syriakg import pipeline
from syriakg.pipeline import load, reasoning
from syriakg.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
ONTOLOGY_GRAPH = "https://w3id.org/syria-kg/graph/ontology"


def generator() -> ModuleType:
    """bench/generate.py, imported from its path (bench/ is a folder of scripts, not a package)."""
    if str(ROOT / "bench") not in sys.path:
        sys.path.insert(0, str(ROOT / "bench"))  # generate.py imports its sibling conflict_data
    spec = importlib.util.spec_from_file_location("syriakg_generate", ROOT / "bench/generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def generate(path: Path, triples: int, violations: int = 0, seed: int = 7) -> Path:
    args = ["--triples", str(triples), "-o", str(path), "--seed", str(seed)]
    generator().main(args + (["--violations", str(violations)] if violations else []))
    return path


def store_with(graphs: dict[str, Graph]) -> ox.Store:
    """An in-memory store with each rdflib graph in its named graph."""
    store = ox.Store()
    for name, graph in graphs.items():
        store.load(
            graph.serialize(format="nt", encoding="utf-8"),
            format=ox.RdfFormat.N_TRIPLES,
            to_graph=ox.NamedNode(name),
        )
    return store


def add_ontology(store: ox.Store) -> None:
    for path in sorted((ROOT / "ontology").rglob("*.ttl")):
        store.bulk_load(
            path=str(path), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(ONTOLOGY_GRAPH)
        )


@dataclass
class Curated:
    graphs: dict[str, Graph]  # named graph -> triples, as the build persists them (no inferences)
    ontology: Graph
    asserted: Graph  # every graph but the ontology
    inferred: Graph  # what owlrl adds (pipeline.reasoning.run)


@pytest.fixture(scope="session")
def settings() -> Settings:
    return Settings.load(root=ROOT)


@pytest.fixture(scope="session")
def shapes(settings: Settings) -> Graph:
    return load.load_shapes(settings)


@pytest.fixture(scope="session")
def curated(settings: Settings) -> Curated:
    """The project's own data through the build's first three stages (owlrl included)."""
    inputs = load.run(settings)
    graphs = pipeline.assemble(inputs)
    asserted = Graph()
    for name, graph in graphs.items():
        if name != ONTOLOGY_GRAPH:
            asserted += graph
    return Curated(graphs, inputs.ontology, asserted, reasoning.run(inputs.ontology, asserted))


@dataclass
class Generated:
    path: Path
    expected: set[tuple[str, str]]  # (focus node, shape) of the violations put in


@pytest.fixture(scope="session")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Generated:
    """30k generated triples with 18 known violations (two of each kind the generator makes)."""
    path = generate(tmp_path_factory.mktemp("gen") / "gen-30k.nq", 30_000, violations=18)
    expected = json.loads(Path(f"{path}.expected.json").read_text(encoding="utf-8"))
    return Generated(path, {(focus, shape) for focus, shape in expected["violations"]})
