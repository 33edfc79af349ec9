"""Serving A/B: our server at two commits, interleaved in one run, on the same stores.

    python bench/ab_serve.py BEFORE AFTER [--sizes 100000 1000000] [--reps 3] [--clients 4]
                             [--seconds 8] [--json OUT] [--nice 10]

Each commit is checked out into a temporary git worktree and served from its own ``src/`` with
this checkout's virtual environment (the dependencies must be the same), with the result cache
off. For each size, the generated data of bench/generate.py is loaded once with ``syriakg load``
(of this checkout); both servers are started on that one store and warmed with ``--warm-up``
seconds of the mix each, and stay up for the whole size. Then ``--reps`` rounds: in each, the
serving benchmark's mix (bench/serve_queries.py) is sent to one server, then to the other, for
``--seconds`` each at ``--clients`` client threads, the order alternating from round to round,
so that a drift of the machine's load falls on both sides alike. An idle server costs nothing
but memory. The report gives every round, the median of each side, and AFTER ÷ BEFORE (the
median of the rounds' ratios).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox
from generated import data_file, syriakg_load
from httpclient import (
    ONE_CLIENT_FOR_MANY,
    add_nice_option,
    apply_nice,
    free_port,
    sparql_get,
    start,
    stop,
    throughput,
)
from serve_bench import Target, http_sender
from serve_queries import NAMES, Mix, parameters, variants

ROOT = Path(__file__).resolve().parents[1]


def worktree(rev: str, where: Path) -> tuple[Path, str]:
    """A detached worktree of ``rev`` at ``where``; its path and full commit id."""
    commit = subprocess.run(["git", "rev-parse", rev], cwd=ROOT, check=True, text=True,
                            capture_output=True).stdout.strip()
    subprocess.run(["git", "worktree", "add", "--detach", "-q", str(where), commit], cwd=ROOT,
                   check=True)
    return where, commit


def serve(tree: Path, store: Path, port: int, log: Path) -> subprocess.Popen[bytes]:
    """The server of the checkout at ``tree`` on ``store`` (result cache off)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("SYRIAKG_")}
    env.update(PYTHONPATH=str(tree / "src"), SYRIAKG_STORE=str(store), SYRIAKG_HOST="127.0.0.1",
               SYRIAKG_PORT=str(port), SYRIAKG_ROOT=str(tree), SYRIAKG_MAX_ROWS="1000000",
               SYRIAKG_RESULT_CACHE_MB="0", **ONE_CLIENT_FOR_MANY)
    return start([sys.executable, "-m", "syriakg.web.server"], env, log,
                 lambda: sparql_get(port, "/sparql", "ASK {}", "application/sparql-results+json"),
                 timeout=600)


def measure(port: int, mix: Mix, clients: int, seconds: float) -> float:
    """Requests per second of the mix at ``clients`` threads."""
    rate, errors = throughput(Target(mix.fresh(), http_sender(port, "/sparql")), NAMES, clients,
                              seconds, 10**9)
    if errors:
        raise RuntimeError(f"{errors} requests failed on port {port}")
    return rate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("before")
    parser.add_argument("after")
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--warm-up", type=float, default=10.0)
    parser.add_argument("--data", type=Path, default=Path(tempfile.gettempdir()) / "syriakg-bench")
    parser.add_argument("--json", type=Path)
    add_nice_option(parser)
    args = parser.parse_args()
    apply_nice(args.nice)
    args.data.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="syriakg-ab-"))
    trees: dict[str, tuple[Path, str]] = {}
    report: dict[str, object] = {
        "machine": f"{os.cpu_count()} cores, {platform.platform()}, Python "
                   f"{platform.python_version()}, pyoxigraph {ox.__version__}",
        "clients": args.clients, "seconds": args.seconds, "warm_up": args.warm_up,
        "reps": args.reps, "sizes": {},
    }
    try:
        for side, rev in (("before", args.before), ("after", args.after)):
            trees[side] = worktree(rev, tmp / side)
        report["commits"] = {side: commit for side, (_, commit) in trees.items()}
        print(f"before {trees['before'][1][:10]}  after {trees['after'][1][:10]}", flush=True)
        for size in args.sizes:
            data = data_file(args.data, size)
            store = tmp / f"store-{size}"
            syriakg_load(data, store)
            memory = ox.Store()
            memory.bulk_load(path=str(data), format=ox.RdfFormat.N_QUADS)
            mix = Mix(variants(parameters(memory)))
            del memory
            ports = {side: free_port() for side in trees}
            procs = {side: serve(trees[side][0], store, ports[side], tmp / f"{side}-{size}.log")
                     for side in trees}
            try:
                for side in trees:
                    measure(ports[side], mix, args.clients, args.warm_up)
                runs: dict[str, list[float]] = {"before": [], "after": []}
                for rep in range(args.reps):
                    order = ["before", "after"] if rep % 2 == 0 else ["after", "before"]
                    for side in order:
                        runs[side].append(measure(ports[side], mix, args.clients, args.seconds))
                    print(f"{size:>9,} round {rep + 1:2d}  before {runs['before'][-1]:8.1f}  "
                          f"after {runs['after'][-1]:8.1f} req/s", flush=True)
            finally:
                for proc in procs.values():
                    stop(proc)
            before, after = statistics.median(runs["before"]), statistics.median(runs["after"])
            ratio = statistics.median(a / b for a, b in zip(runs["after"], runs["before"],
                                                              strict=True))
            report["sizes"][str(size)] = {"runs": runs, "median_before": before,  # type: ignore[index]
                                          "median_after": after, "after_over_before": ratio}
            print(f"{size:>9,} median before {before:.1f}, after {after:.1f} req/s; "
                  f"after / before (median of the rounds) = {ratio:.3f}", flush=True)
            shutil.rmtree(store, ignore_errors=True)
    finally:
        for tree, _ in trees.values():
            subprocess.run(["git", "worktree", "remove", "--force", str(tree)], cwd=ROOT,
                           check=False)
        shutil.rmtree(tmp, ignore_errors=True)
    report["finished"] = time.strftime("%Y-%m-%d %H:%M:%S")
    if args.json:
        args.json.write_text(json.dumps(report, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
