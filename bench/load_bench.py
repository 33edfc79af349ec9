"""Bulk-loading speed: `python bench/load_bench.py [--triples 1000000] [--runs 3]`.

Generates conflict-shaped N-Quads with bench/generate.py (kept in --data, so later runs reuse
it), then loads them with ``syriakg.bulk.load.load`` into a fresh store in a temporary directory,
the way ``syriakg load`` does, and reports triples per second for:

- raw:      pyoxigraph ``Store.bulk_load(path=...)`` alone: Oxigraph's own ceiling on this machine;
- silent:   our loader without a progress line (the reader wrapper, the atomic swap);
- progress: the same with the progress line drawn on a pipe — its cost is the difference;
- gzip:     the same file gzip-compressed (decompressed beside the store, then cut in parts);
- lenient:  ``--lenient`` (no IRI or literal validation while parsing);
- 2 files:  the file split in two, loaded in parallel (one thread per file).

"load s" is the bulk-load call, "total s" adds the flush, compaction and the swap. CPU seconds
are those of this process (all threads): on a shared machine they show the cost better than the
wall clock does. The median of --runs runs is shown.
"""

from __future__ import annotations

import argparse
import gzip
import io
import os
import platform
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
from generated import cpu, data_file  # bench/generated.py (scripts run from bench/)

from syriakg.bulk.load import load


def gzipped(path: Path) -> Path:
    target = path.with_suffix(".nq.gz")
    if not target.exists():
        with path.open("rb") as src, gzip.open(target, "wb", compresslevel=3) as dst:
            shutil.copyfileobj(src, dst, 1 << 20)
    return target


def halves(path: Path) -> list[Path]:
    parts = [path.with_name(path.stem + f"-part{i}.nq") for i in (1, 2)]
    if not all(p.exists() for p in parts):
        lines = path.read_bytes().splitlines(keepends=True)
        middle = len(lines) // 2
        parts[0].write_bytes(b"".join(lines[:middle]))
        parts[1].write_bytes(b"".join(lines[middle:]))
    return parts


def run_raw(files: list[Path], store_dir: Path) -> tuple[float, float, int]:
    store = ox.Store(str(store_dir))
    start = time.perf_counter()
    for path in files:
        store.bulk_load(path=str(path), format=ox.RdfFormat.N_QUADS)
    seconds = time.perf_counter() - start
    return seconds, seconds, len(store)


def run_ours(
    files: list[Path], store_dir: Path, progress: bool = False, lenient: bool = False
) -> tuple[float, float, int]:
    stream = io.StringIO() if progress else None  # a pipe: the text is drawn, not displayed
    start = time.perf_counter()
    report = load(files, store_dir, lenient=lenient, progress_stream=stream)
    return report.seconds, time.perf_counter() - start, report.quads_after


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--data", type=Path, default=Path(tempfile.gettempdir()) / "syriakg-bench")
    args = parser.parse_args()
    args.data.mkdir(parents=True, exist_ok=True)
    source = data_file(args.data, args.triples)
    cases: dict[str, Callable[[Path], tuple[float, float, int]]] = {
        "raw": lambda d: run_raw([source], d),
        "silent": lambda d: run_ours([source], d),
        "progress": lambda d: run_ours([source], d, progress=True),
        "gzip": lambda d: run_ours([gzipped(source)], d),
        "lenient": lambda d: run_ours([source], d, lenient=True),
        "2 files": lambda d: run_ours(halves(source), d),
    }
    print(
        f"bulk load of {source.name} ({source.stat().st_size / 1e6:,.0f} MB), {args.runs} runs, "
        f"Python {platform.python_version()}, pyoxigraph {ox.__version__}, {os.cpu_count()} cores"
    )
    print(
        f"{'case':<9} {'load s':>7} {'total s':>8} {'cpu s':>6} {'triples/s':>10} "
        f"{'cpu triples/s':>14}"
    )
    for name, case in cases.items():
        rows = []
        for _ in range(args.runs):
            with tempfile.TemporaryDirectory(dir=args.data) as tmp:
                before = cpu()
                load_s, total_s, quads = case(Path(tmp) / "store")
                rows.append((load_s, total_s, cpu() - before, quads))
        load_s = statistics.median(r[0] for r in rows)
        total_s = statistics.median(r[1] for r in rows)
        cpu_s = statistics.median(r[2] for r in rows)
        quads = rows[0][3]
        print(
            f"{name:<9} {load_s:7.1f} {total_s:8.1f} {cpu_s:6.1f} {quads / load_s:10,.0f} "
            f"{quads / cpu_s:14,.0f}"
        )


if __name__ == "__main__":
    main()
