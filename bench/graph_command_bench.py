"""Time `syriakg graph` on the full actor graph: `python bench/graph_command_bench.py [runs]
[store]`.

Two tables. The first runs the real command as a user does (a fresh process each time, so
interpreter start-up and imports count) for every format; target: under 2 s each. It shows
wall time and CPU time (user + system, of the command and of Graphviz): on a shared, loaded
machine the wall time grows with the load while the CPU time does not. The second splits one
in-process run into its steps: open the store, extract (the SPARQL files), build (merge,
filter, metrics) and export per format.
"""

from __future__ import annotations

import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from syriakg.analysis import build, export, extract
from syriakg.store import open_store

ROOT = Path(__file__).resolve().parents[1]
FORMATS = ("json", "graphml", "gexf", "dot", "svg", "png")
TARGET_S = 2.0


def _command(store: Path, runs: int) -> bool:
    exe = Path(sys.executable).with_name("syriakg")
    ok = True
    print(f"`syriakg graph` on {store}, {runs} runs each, "
          f"Python {platform.python_version()} on {platform.machine()}")
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPU(s)")
    print(f"{'format':<8} {'median s':>9} {'max s':>7} {'CPU s':>7}  target < {TARGET_S:.0f} s")
    with tempfile.TemporaryDirectory() as tmp:
        for fmt in FORMATS:
            times, cpu = [], []
            for _ in range(runs):
                before = resource.getrusage(resource.RUSAGE_CHILDREN)
                started = time.perf_counter()
                subprocess.run(
                    [str(exe), "graph", "--store", str(store), "--format", fmt,
                     "-o", f"{tmp}/graph.{fmt}"],
                    check=True, capture_output=True,
                )
                times.append(time.perf_counter() - started)
                after = resource.getrusage(resource.RUSAGE_CHILDREN)
                cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
            slowest = max(times)
            ok &= slowest < TARGET_S
            print(f"{fmt:<8} {statistics.median(times):9.3f} {slowest:7.3f} "
                  f"{statistics.median(cpu):7.3f}  {'ok' if slowest < TARGET_S else 'SLOW'}")
    return ok


def _steps(store_path: Path) -> None:
    started = time.perf_counter()
    store = open_store(store_path, mode="disk")
    opened = time.perf_counter()
    extraction = extract(store)
    extracted = time.perf_counter()
    ag = build(extraction)
    built = time.perf_counter()
    print(f"\nin process: open {1000 * (opened - started):.1f} ms, "
          f"extract {1000 * (extracted - opened):.1f} ms "
          f"({len(extraction.statements)} statements), "
          f"build + metrics {1000 * (built - extracted):.1f} ms "
          f"({ag.stats['nodes']} nodes, {ag.stats['edges']} edges)")
    for fmt in FORMATS:
        t0 = time.perf_counter()
        size = len(export(ag, fmt))
        print(f"  export {fmt:<8} {1000 * (time.perf_counter() - t0):7.1f} ms  {size:>8} bytes")


def main(runs: int = 5, store: Path = ROOT / "build" / "store") -> int:
    ok = _command(store, runs)
    _steps(store)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(
        int(sys.argv[1]) if len(sys.argv) > 1 else 5,
        Path(sys.argv[2]) if len(sys.argv) > 2 else ROOT / "build" / "store",
    ))
