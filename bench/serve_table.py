"""What serve_bench measures of one system, and the one table it prints with the ratios."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from serve_queries import NAMES

LEVELS = (1, 4, 16)


@dataclass
class Result:
    """What one system measured at one size; ``note`` says why something is missing."""

    system: str
    load_s: float | None = None
    start_s: float | None = None
    peak_bytes: int | None = None
    verified: bool | None = None
    note: str = ""
    latency: dict[str, dict[str, float]] = field(default_factory=dict)
    throughput: dict[int, float] = field(default_factory=dict)
    errors: dict[int, int] = field(default_factory=dict)
    cpu_ms_per_request: dict[str, float] = field(default_factory=dict)


def shares(result: Result) -> dict[str, float]:
    """Each query's share of the sequential mix time (mean latency over the sum of means)."""
    total = sum(v["mean"] for v in result.latency.values())
    return {name: v["mean"] / total for name, v in result.latency.items()} if total else {}


def _fmt(value: float | None, digits: int = 3) -> str:
    if value is None:
        return "—"
    return f"{value:.{digits}g}" if value < 10 ** digits else f"{value:.0f}"


def _ratio(a: float | None, b: float | None) -> str:
    return f"{a / b:.2f}×" if a is not None and b else "—"


def _rate_at(level: int) -> Callable[[Result], float | None]:
    return lambda r: r.throughput.get(level)


def _p50_of(name: str) -> Callable[[Result], float | None]:
    return lambda r: r.latency[name]["p50"] if name in r.latency else None


def table(runs: dict[int, dict[str, Result]], ours: str) -> list[str]:
    """One markdown table: per size, throughput, p50 per query, load, start-up and memory of
    every system; ours ÷ Virtuoso and ours ÷ in-process, and whether the issue's targets hold
    (throughput at 4 clients ≥ 1.0× Virtuoso; p50 ≤ 1.5× in-process; peak memory under 2 GB
    up to 1M triples)."""
    systems = list(dict.fromkeys(s for results in runs.values() for s in results))
    lines = ["| size | measure | " + " | ".join(systems)
             + f" | {ours} ÷ Virtuoso | {ours} ÷ in-process | target |",
             "|---|---|" + "---:|" * (len(systems) + 2) + "---|"]

    def row(triples: int, measure: str, get: Callable[[Result], float | None],
            target: Callable[[float | None, float | None], str] | None = None) -> None:
        results = runs[triples]
        values = {s: get(results[s]) if s in results else None for s in systems}
        mine, virt, inproc = values.get(ours), values.get("Virtuoso"), values.get("in-process")
        lines.append(f"| {triples:,} | {measure} | "
                     + " | ".join(_fmt(values[s]) for s in systems)
                     + f" | {_ratio(mine, virt)} | {_ratio(mine, inproc)} | "
                     + (target(mine, virt if measure.startswith("req/s") else inproc)
                        if target else "") + " |")

    def under_2gb(a: float | None, _: float | None) -> str:
        return ("met" if a < 2048 else "not met") if a is not None else "—"

    def at_least(a: float | None, b: float | None) -> str:
        return ("met" if a >= b else "not met") if a is not None and b else "—"

    def within(a: float | None, b: float | None) -> str:
        return ("met" if a <= 1.5 * b else "not met") if a is not None and b else "—"

    for triples, results in runs.items():
        for level in LEVELS:
            row(triples, f"req/s, {level} client{'s' if level > 1 else ''}",
                _rate_at(level), at_least if level == 4 else None)  # the target is at 4
        for name in NAMES:
            row(triples, f"p50 ms {name}", _p50_of(name), within)
        row(triples, "load s", lambda r: r.load_s)
        row(triples, "start-up s", lambda r: r.start_s)
        row(triples, "peak memory MB (PSS)",
            lambda r: r.peak_bytes / 2**20 if r.peak_bytes else None,
            under_2gb if triples <= 1_000_000 else None)
        for r in results.values():
            if r.note and not r.note.startswith("VmHWM"):
                lines.append(f"| {triples:,} | **{r.system}**: {r.note} |"
                             + " |" * (len(systems) + 3))
    return lines
