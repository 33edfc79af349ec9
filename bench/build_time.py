"""Full build time, per stage: `make bench-build` or `python bench/build_time.py [runs]`.

Each run builds the real inputs into a fresh temporary store, so nothing is cached between
runs; the table shows the median and the slowest of each stage. Target: under 10 s in all.
"""

from __future__ import annotations

import platform
import statistics
import sys
import tempfile
from pathlib import Path

from syriakg import pipeline
from syriakg.settings import Settings

ROOT = Path(__file__).resolve().parents[1]


def main(runs: int = 5) -> None:
    per_stage: dict[str, list[float]] = {}
    totals = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as tmp:
            settings = Settings.load(root=ROOT, store=f"{tmp}/store", build_dir=f"{tmp}/build")
            report = pipeline.run(settings, echo=lambda _: None)
        for name, seconds, _ in report.stages:
            per_stage.setdefault(name, []).append(seconds)
        totals.append(report.total_seconds)
    print(f"full build, {runs} runs, {platform.python_version()} on {platform.machine()}")
    print(f"{'stage':<12} {'median s':>9} {'max s':>7}")
    for name, values in [*per_stage.items(), ("total", totals)]:
        print(f"{name:<12} {statistics.median(values):9.2f} {max(values):7.2f}")
    print(f"triples: {sum(report.graph_sizes.values())} in {len(report.graph_sizes)} graphs")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
