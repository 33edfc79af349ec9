"""What a visitor of the site waits for on a large store: start-up, pages, search, the actor graph.

`python bench/site_bench.py [--triples N] [--store DIR] [--json FILE]`

Generates conflict-shaped data (bench/generate.py, kept in --data) and loads it with
`syriakg load`, or takes a store already loaded (--store). Then it opens the store as the server
does in memory mode, builds the app with the default settings, and times each request twice
through Flask's test client (no HTTP, which bench/http_bench.py measures): the first pays for
what is read on first use, the second is what later visitors get, from what the worker kept
(``result_cache_mb``) where it could. The actor graph is also asked with a filter not asked
before.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from pathlib import Path
from typing import Any

from generated import data_file, syriakg_load
from httpclient import add_nice_option, apply_nice

from syriakg.settings import Settings
from syriakg.store import open_store
from syriakg.web import close_app, create_app
from syriakg.web.server import freeze_start_up

ROOT = Path(__file__).resolve().parents[1]
_ACTOR = """PREFIX skg: <https://w3id.org/syria-kg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?a ?l WHERE { ?a a skg:State ; rdfs:label ?l FILTER(LANG(?l) = "en") } ORDER BY ?a LIMIT 1"""


def requests(actor: str, label: str) -> list[tuple[str, str]]:
    """(what, URL) in the order a visitor meets them; each is asked twice."""
    page = "/id/" + actor.split("/id/", 1)[1]
    return [
        ("actor page (HTML)", page),
        ("search by label", f"/search?q={label[:4]}"),
        ("unknown IRI: 404 with near matches", page + "-x"),
        ("actor graph view's data (top=300)", "/graph.json?top=300&lang=en"),
        ("actor graph, a new filter", "/graph.json?top=100&lang=ar"),
        ("actor graph, whole (a download)", "/graph.json"),
    ]


def run(store_dir: Path) -> dict[str, Any]:
    started = time.perf_counter()
    store = open_store(store_dir, "memory")
    copied = time.perf_counter()
    settings = Settings.load(root=str(ROOT), result_cache_mb=64)
    app = create_app(settings, store)
    freeze_start_up()  # as `syriakg serve` does after building the app
    ready = time.perf_counter()
    row = next(iter(store.query(_ACTOR, use_default_graph_as_union=True)))  # type: ignore[arg-type]
    client = app.test_client()
    timings = []
    try:
        for what, url in requests(row["a"].value, row["l"].value):
            seconds = []
            for _ in range(2):
                t = time.perf_counter()
                response = client.get(url, headers={"Accept": "text/html"} if "/id/" in url else
                                      {"Accept": "application/json"})
                seconds.append(time.perf_counter() - t)
            expected = 404 if url.endswith("-x") else 200
            if response.status_code != expected:
                raise SystemExit(f"{url}: HTTP {response.status_code}, expected {expected}")
            timings.append({"what": what, "url": url, "first_s": seconds[0],
                            "second_s": seconds[1], "bytes": len(response.data)})
    finally:
        close_app(app)
    return {"copy_s": copied - started, "app_s": ready - copied, "quads": len(store),
            "requests": timings}


def report(result: dict[str, Any]) -> None:
    print(f"{result['quads']:,} quads; load average {os.getloadavg()[0]:.1f} on "
          f"{os.cpu_count()} CPU(s)")
    if "load_s" in result:
        print(f"syriakg load: {result['load_s']:.1f} s")
    print(f"start-up: copy into memory {result['copy_s']:.1f} s, the app's start-up reads "
          f"{result['app_s']:.1f} s")
    print(f"{'request':<38} {'first s':>8} {'second s':>9} {'bytes':>11}")
    for r in result["requests"]:
        print(f"{r['what']:<38} {r['first_s']:>8.2f} {r['second_s']:>9.3f} {r['bytes']:>11,}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--data", type=Path, default=Path(tempfile.gettempdir()) / "syriakg-bench",
                        help="where generated data is kept between runs")
    parser.add_argument("--store", type=Path, help="a store already loaded (skips generating)")
    parser.add_argument("--json", type=Path, help="also write the numbers here")
    add_nice_option(parser)
    args = parser.parse_args(argv)
    apply_nice(args.nice)
    with tempfile.TemporaryDirectory(prefix="syriakg-site-bench-") as tmp:
        extra: dict[str, Any] = {}
        store = args.store
        if store is None:
            args.data.mkdir(parents=True, exist_ok=True)
            store = Path(tmp) / "store"
            extra["load_s"] = syriakg_load(data_file(args.data, args.triples), store)
        result = run(store) | extra
    report(result)
    if args.json:
        args.json.write_text(json.dumps(result, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
