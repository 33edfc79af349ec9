"""Search on the curated graph and on a large store: the full-text index against the store's own
SPARQL text filter.

`python bench/search_bench.py [--triples N | --store DIR] [--curated] [--json FILE]`

For each store: how long the index takes to build (what ``write_store_atomically`` adds to a
build or a load), its size, and the time of each query of a fixed list (Arabic and English,
names and words of quotes), as ``/search`` answers it through Flask's test client (the index,
the labels, one read of the page's claims) and, side by side, as the store answers the same
words by itself — ``FILTER(CONTAINS(LCASE(?text), ?word))`` over the labels and claim texts in
pyoxigraph, in memory — which is what a search without an index does. p50 and p95 over
``--rounds`` rounds, after one round not counted (the query processes start).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from generated import data_file, syriakg_load
from httpclient import add_nice_option, apply_nice

from syriakg.settings import Settings
from syriakg.store import open_store, textindex
from syriakg.web import close_app, create_app

ROOT = Path(__file__).resolve().parents[1]
QUERIES = ["veto", "الفيتو", "ادلب", "Idlib", "russia", "روس", "vetoed cross-border aid",
           "الحدود", "باب الهوى", "killed civilians", "قتلى", "governorate"]
_SPARQL = """
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skg: <https://w3id.org/syria-kg/ontology#>
PREFIX oa: <http://www.w3.org/ns/oa#>
SELECT DISTINCT ?s WHERE {
  { ?s skos:prefLabel|skos:altLabel|rdfs:label ?t }
  UNION { ?s skg:quoteTranslation ?t }
  UNION { ?s skg:hasEvidence ?span . ?span oa:hasSelector ?sel . ?sel oa:exact ?t }
  FILTER(CONTAINS(LCASE(STR(?t)), "%s"))
} LIMIT 20
"""


def percentiles(seconds: list[float]) -> dict[str, float]:
    ordered = sorted(seconds)
    return {"p50_ms": 1000 * statistics.median(ordered),
            "p95_ms": 1000 * ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]}


def run(store_dir: Path, rounds: int, settings: Settings) -> dict[str, Any]:
    store = open_store(store_dir, "memory")
    with tempfile.TemporaryDirectory(prefix="syriakg-search-bench-") as tmp:
        index_file = Path(tmp) / textindex.INDEX_FILE
        started = time.perf_counter()
        textindex.build(store, index_file)
        build_s = time.perf_counter() - started
        size = index_file.stat().st_size
    app = create_app(settings)  # opens the store from disk, with the index kept beside it
    client = app.test_client()
    ours: list[float] = []
    theirs: list[float] = []
    try:
        for query in QUERIES:  # a round not counted: the query processes start, pages warm
            client.get("/search", query_string={"q": query}, headers={"Accept": "application/json"})
        for _ in range(rounds):
            for query in QUERIES:
                t = time.perf_counter()
                response = client.get("/search", query_string={"q": query},
                                      headers={"Accept": "application/json"})
                ours.append(time.perf_counter() - t)
                assert response.status_code == 200
                word = query.lower().split()[0].replace('"', "")
                t = time.perf_counter()
                rows = store.query(_SPARQL % word, use_default_graph_as_union=True)
                assert isinstance(rows, ox.QuerySolutions)
                list(rows)
                theirs.append(time.perf_counter() - t)
    finally:
        close_app(app)
    return {"quads": len(store), "index_build_s": build_s, "index_bytes": size,
            "search": percentiles(ours), "sparql_contains": percentiles(theirs),
            "queries": len(QUERIES), "rounds": rounds}


def report(name: str, result: dict[str, Any]) -> None:
    ours, theirs = result["search"], result["sparql_contains"]
    print(f"{name}: {result['quads']:,} quads; index built in {result['index_build_s']:.2f} s, "
          f"{result['index_bytes'] / 1e6:.1f} MB; load average {os.getloadavg()[0]:.1f} on "
          f"{os.cpu_count()} CPU(s)")
    print(f"  /search (FTS5 index)            p50 {ours['p50_ms']:7.1f} ms  p95 "
          f"{ours['p95_ms']:7.1f} ms")
    print(f"  SPARQL CONTAINS (pyoxigraph)    p50 {theirs['p50_ms']:7.1f} ms  p95 "
          f"{theirs['p95_ms']:7.1f} ms  (x{theirs['p95_ms'] / ours['p95_ms']:.1f} ours at p95)")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--data", type=Path, default=Path(tempfile.gettempdir()) / "syriakg-bench")
    parser.add_argument("--store", type=Path, help="a store already loaded (skips generating)")
    parser.add_argument("--curated", action="store_true",
                        help="the curated graph's store (build/store) instead of a large one")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--json", type=Path, help="also write the numbers here")
    add_nice_option(parser)
    args = parser.parse_args(argv)
    apply_nice(args.nice)
    with tempfile.TemporaryDirectory(prefix="syriakg-search-bench-") as tmp:
        store = args.store
        extra: dict[str, Any] = {}
        if args.curated:
            store = ROOT / "build" / "store"
        elif store is None:
            args.data.mkdir(parents=True, exist_ok=True)
            store = Path(tmp) / "store"
            extra["load_s"] = syriakg_load(data_file(args.data, args.triples), store)
        settings = Settings.load(root=str(ROOT), store=str(store), store_mode="disk")
        result = run(store, args.rounds, settings) | extra
        report("curated" if args.curated else str(args.triples), result)
    if args.json:
        args.json.write_text(json.dumps(result, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
