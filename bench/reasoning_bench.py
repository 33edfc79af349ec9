"""Reasoning + validation at scale: `python bench/reasoning_bench.py [--sizes 100000 1000000]`.

For each size, generates conflict-shaped data (bench/generate.py, kept in --data), loads it with
the ontology into a store and times what ``syriakg load --reason --check`` does after loading:
the OWL RL rules in the store (``syriakg.bulk.rules``) and the compiled shapes
(``syriakg.bulk.validate``). Target: both together under 2 minutes at 1M triples.

``--disk`` runs them on the on-disk store instead of the in-memory copy the commands use;
``--baseline N`` also times owlrl + pyshacl (the curated build's path) on N triples, for scale;
``--shapes DIR`` validates with another shapes directory (e.g. to try a rewritten shape).
Wall and CPU seconds are both shown: on a shared machine CPU time is the steadier measure.
"""

from __future__ import annotations

import argparse
import os
import platform
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox
from generated import cpu, data_file  # bench/generated.py (scripts run from bench/)
from rdflib import Dataset, Graph

from syriakg.bulk import rules
from syriakg.bulk.commands import ONTOLOGY
from syriakg.bulk.validate import validate
from syriakg.pipeline import load as pipeline_load
from syriakg.pipeline import reasoning, validation
from syriakg.settings import Settings

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def shapes_graph(directory: Path) -> Graph:
    graph = Graph()
    for path in sorted(directory.glob("*.ttl")):
        graph.parse(path)
    return graph


def bench(path: Path, shapes: Graph, disk: Path | None) -> None:
    store = ox.Store(str(disk)) if disk else ox.Store()
    start = time.perf_counter()
    store.bulk_load(path=str(path), format=ox.RdfFormat.N_QUADS)
    for onto in sorted((ROOT / "ontology").rglob("*.ttl")):
        store.bulk_load(path=str(onto), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(ONTOLOGY))
    loaded = time.perf_counter() - start
    wall0, cpu0 = time.perf_counter(), cpu()
    closure = rules.closure(store)
    wall1, cpu1 = time.perf_counter(), cpu()
    report = validate(store, shapes)
    wall2, cpu2 = time.perf_counter(), cpu()
    print(
        f"{path.name}: {len(store):,} quads after reasoning (load {loaded:.1f} s, "
        f"{'disk' if disk else 'memory'})"
    )
    print(
        f"  reasoning   {wall1 - wall0:7.1f} s wall {cpu1 - cpu0:7.1f} s cpu  "
        f"{closure.inferred:,} inferred in {closure.rounds} rounds"
    )
    print(
        f"  validation  {wall2 - wall1:7.1f} s wall {cpu2 - cpu1:7.1f} s cpu  "
        f"{report.queries} checks, {len(report.results)} result(s)"
    )
    print(f"  total       {wall2 - wall0:7.1f} s wall {cpu2 - cpu0:7.1f} s cpu")
    for seconds, name in report.slowest[:5]:
        print(f"    {seconds:6.2f} s  {name.rsplit('#', 1)[-1]}")


def baseline(path: Path, shapes: Graph) -> None:
    """The curated build's owlrl + pyshacl on the same kind of data, for comparison."""
    settings = Settings.load(root=ROOT)
    ontology = pipeline_load.load_ontology(settings)
    data = Graph()
    dataset = Dataset()
    dataset.parse(path, format="nquads")
    for s, p, o, _ in dataset.quads():
        data.add((s, p, o))
    wall0, cpu0 = time.perf_counter(), cpu()
    inferred = reasoning.run(ontology, data)
    wall1, cpu1 = time.perf_counter(), cpu()
    data += inferred
    result = validation.run(data, shapes, ontology)
    wall2, cpu2 = time.perf_counter(), cpu()
    print(
        f"{path.name} with owlrl + pyshacl: reasoning {wall1 - wall0:.1f} s ({cpu1 - cpu0:.1f} "
        f"cpu), validation {wall2 - wall1:.1f} s ({cpu2 - cpu1:.1f} cpu), "
        f"{len(result.violations)} violation(s)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--data", type=Path, default=Path(tempfile.gettempdir()) / "syriakg-bench")
    parser.add_argument("--disk", action="store_true", help="reason and validate on disk")
    parser.add_argument("--baseline", type=int, default=0, help="owlrl + pyshacl on N triples")
    parser.add_argument("--shapes", type=Path, default=ROOT / "shapes")
    args = parser.parse_args()
    args.data.mkdir(parents=True, exist_ok=True)
    shapes = shapes_graph(args.shapes)
    print(
        f"Python {platform.python_version()}, pyoxigraph {ox.__version__}, {os.cpu_count()} cores,"
        f" shapes from {args.shapes}"
    )
    if args.baseline:
        baseline(data_file(args.data, args.baseline), shapes)
    for size in args.sizes:
        with tempfile.TemporaryDirectory(dir=args.data) as tmp:
            bench(data_file(args.data, size), shapes, Path(tmp) / "store" if args.disk else None)


if __name__ == "__main__":
    main()
