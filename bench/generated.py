"""What the scale benchmarks share: generated data made once and kept, and CPU time."""

from __future__ import annotations

import resource
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def cpu() -> float:
    """CPU seconds of this process, user and system."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def data_file(directory: Path, triples: int) -> Path:
    """The generated N-Quads of ``triples`` triples, made on first use (generation is slow)."""
    path = directory / f"gen-{triples}.nq"
    if not path.exists():
        subprocess.run(
            [sys.executable, str(HERE / "generate.py"), "--triples", str(triples), "-o", str(path)],
            check=True,
        )
    return path


def syriakg_load(data: Path, store: Path) -> float:
    """``syriakg load`` ``data`` into a fresh store at ``store``; its wall time (a new process,
    as a user runs it)."""
    started = time.perf_counter()
    subprocess.run([str(Path(sys.executable).parent / "syriakg"), "load", str(data),
                    "--store", str(store), "--quiet"], check=True)
    return time.perf_counter() - started
