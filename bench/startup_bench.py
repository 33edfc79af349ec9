"""Start-up on a large store: launch to first answer, the hand-over to memory, the first visitor's
pages, and the server's memory, for two commits side by side in one run.

    python bench/startup_bench.py BEFORE AFTER [--triples 1000000] [--reps 2] [--seconds 20]
                                  [--json OUT] [--nice 10]

Each commit is checked out into a temporary git worktree and served from its own ``src/`` with
this checkout's virtual environment (``python -m syriakg.web.server``, default settings: memory
mode, two workers, query processes, result cache on), on one store written by this checkout's
``syriakg load`` (so a commit that reads the store's facts finds them). The commits take turns,
``--reps`` launches each. Per launch:

* seconds from launch to the first 200 on ``/`` and on ``/sparql`` (an ``ASK``), polled every
  50 ms;
* seconds from launch until the log says queries run on the in-memory copy (memory mode's
  hand-over; absent where a commit copies before serving);
* the first request, then the p95 of 10 more, of each page a visitor meets first: the home page,
  an actor's page, a search, ``/checks``, the graph view's data with a filter not asked before,
  and a 404 with near matches;
* the peak memory (summed PSS of the server's processes, sampled every second) over the launch
  and ``--seconds`` of the serving mix at 4 clients after the hand-over.

Targets (the corpus-scale issue): first 200 within 3 s of launch; each page's p95 under 300 ms,
first request included; peak memory under 2 GB with two workers at 1M.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from ab_serve import worktree
from generated import data_file, syriakg_load
from httpclient import (
    ONE_CLIENT_FOR_MANY,
    add_nice_option,
    apply_nice,
    free_port,
    pct,
    sparql_get,
    stop,
    throughput,
)
from proctree import PeakMemory
from serve_bench import Target, http_sender
from serve_queries import NAMES, Mix, variants

ROOT = Path(__file__).resolve().parents[1]
HANDED_OVER = "queries now run on the store's in-memory copy"
_STATE = """PREFIX skg: <https://w3id.org/syria-kg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?a ?l WHERE { ?a a skg:State ; rdfs:label ?l FILTER(LANG(?l) = "en") } LIMIT 1"""


def get(port: int, target: str, timeout: float = 60.0) -> tuple[int, float]:
    """Status and seconds of one GET on a fresh connection, body read to the end: a page as a
    browser asks for it, a query as a SPARQL client does (a browser's is sent to the editor)."""
    accept = "application/sparql-results+json" if target.startswith("/sparql") else "text/html"
    started = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", target, headers={"Accept": accept})
        response = conn.getresponse()
        response.read()
        return response.status, time.perf_counter() - started
    finally:
        conn.close()


def _first_200(port: int, target: str, launched: float, deadline: float) -> float:
    while time.monotonic() < deadline:
        try:
            if get(port, target, timeout=5)[0] == 200:
                return time.monotonic() - launched
        except OSError:
            pass
        time.sleep(0.05)
    raise RuntimeError(f"{target} gave no 200 within the deadline")


def _handed_over(log: Path, launched: float, deadline: float) -> float | None:
    while time.monotonic() < deadline:
        if HANDED_OVER in log.read_text(errors="replace"):
            return time.monotonic() - launched
        time.sleep(0.1)
    return None


def pages(port: int) -> list[tuple[str, str, int]]:
    """(what, target, expected status) of the pages a visitor meets first."""
    rows = json.loads(sparql_get(port, "/sparql", _STATE, "application/sparql-results+json"))
    row = rows["results"]["bindings"][0]
    page = "/id/" + row["a"]["value"].split("/id/", 1)[1]
    word = urllib.parse.quote(row["l"]["value"][:4])
    return [
        ("home", "/", 200),
        ("actor page", page, 200),
        ("search", f"/search?q={word}", 200),
        ("checks", "/checks", 200),
        ("graph data, a new filter", "/graph.json?top=100&lang=ar", 200),
        ("404 with near matches", page + "-x", 404),
    ]


def launch(tree: Path, store: Path, log: Path, mix: Mix | None, seconds: float,
           ) -> dict[str, Any]:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("SYRIAKG_")}
    env.update(PYTHONPATH=str(tree / "src"), SYRIAKG_STORE=str(store), SYRIAKG_HOST="127.0.0.1",
               SYRIAKG_PORT=str(port), SYRIAKG_ROOT=str(tree), **ONE_CLIENT_FOR_MANY)
    launched = time.monotonic()
    with log.open("wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "syriakg.web.server"], env=env,
                                stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    memory = PeakMemory(proc.pid).start()
    out_: dict[str, Any] = {}
    try:
        deadline = launched + 900
        out_["first 200 on /"] = _first_200(port, "/", launched, deadline)
        ask = "/sparql?" + urllib.parse.urlencode({"query": "ASK {}"})
        out_["first 200 on /sparql"] = _first_200(port, ask, launched, deadline)
        for what, target, status in pages(port):
            times = []
            for _ in range(11):
                got, took = get(port, target)
                if got != status:
                    raise RuntimeError(f"{target}: {got}, not {status}")
                times.append(took)
            out_[what] = {"first": times[0], "p95": pct(times, 0.95)}
        broker = tree / "src/syriakg/web/sparql/broker.py"
        hands_over = broker.exists() and HANDED_OVER in broker.read_text(encoding="utf-8")
        out_["hand-over"] = _handed_over(log, launched, deadline) if hands_over else None
        if mix is not None:
            rate, errors = throughput(Target(mix.fresh(), http_sender(port, "/sparql")), NAMES,
                                      4, seconds, 10**9)
            out_["mix req/s"] = rate
            out_["mix errors"] = errors
    finally:
        out_["peak PSS MB"] = memory.stop() / 2**20
        stop(proc)
    return out_


def _row(label: str, runs: dict[str, list[dict[str, Any]]], pick: Any) -> str:
    cells = []
    for side in ("before", "after"):
        values = [v for v in (pick(r) for r in runs[side]) if v is not None]
        cells.append(f"{statistics.median(values):.3f}" if values else "—")
    return f"| {label} | " + " | ".join(cells) + " |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("before")
    parser.add_argument("after")
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--reps", type=int, default=2)
    parser.add_argument("--seconds", type=float, default=20.0,
                        help="of the serving mix after the hand-over, for the peak memory")
    parser.add_argument("--data", type=Path, default=Path(tempfile.gettempdir()) / "syriakg-bench")
    parser.add_argument("--json", type=Path)
    add_nice_option(parser)
    args = parser.parse_args()
    apply_nice(args.nice)
    args.data.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="syriakg-startup-"))
    trees: dict[str, tuple[Path, str]] = {}
    try:
        for side, rev in (("before", args.before), ("after", args.after)):
            trees[side] = worktree(rev, tmp / side)
        data = data_file(args.data, args.triples)
        store = tmp / "store"
        syriakg_load(data, store)
        memory = ox.Store()
        memory.bulk_load(path=str(data), format=ox.RdfFormat.N_QUADS)
        from serve_queries import parameters  # noqa: PLC0415 - needs the data in memory
        mix = Mix(variants(parameters(memory)))
        del memory
        runs: dict[str, list[dict[str, Any]]] = {"before": [], "after": []}
        for rep in range(args.reps):
            order = ("before", "after") if rep % 2 == 0 else ("after", "before")
            for side in order:
                result = launch(trees[side][0], store, tmp / f"{side}-{rep}.log", mix,
                                args.seconds)
                runs[side].append(result)
                print(side, json.dumps(result), flush=True)
        print(f"\n{args.triples:,} triples; before {trees['before'][1][:7]}, after "
              f"{trees['after'][1][:7]}; median of {args.reps} launches each; "
              f"{os.cpu_count()} cores, {platform.platform()}\n")
        print("| measure | before | after |\n|---|---:|---:|")
        for key in ("first 200 on /", "first 200 on /sparql", "hand-over"):
            print(_row(f"{key} (s)", runs, lambda r, k=key: r.get(k)))
        for what in ("home", "actor page", "search", "checks", "graph data, a new filter",
                     "404 with near matches"):
            print(_row(f"{what}: first request (s)", runs, lambda r, w=what: r[w]["first"]))
            print(_row(f"{what}: p95 (s)", runs, lambda r, w=what: r[w]["p95"]))
        print(_row("mix at 4 clients (req/s)", runs, lambda r: r.get("mix req/s")))
        print(_row("peak memory (MB, PSS)", runs, lambda r: r["peak PSS MB"]))
        if args.json:
            args.json.write_text(json.dumps(
                {"commits": {s: c for s, (_, c) in trees.items()}, "runs": runs}, indent=1))
    finally:
        for tree, _ in trees.values():
            subprocess.run(["git", "worktree", "remove", "--force", str(tree)], cwd=ROOT,
                           check=False)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
