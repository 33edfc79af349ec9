"""Serving benchmark: our SPARQL endpoint vs Virtuoso vs in-process pyoxigraph (vs rdflib-endpoint).

    python bench/serve_bench.py [--sizes 100000 1000000] [--seconds 4] [--reps 60] [--json OUT]
                                [--modes memory disk memory+cache] [--skip-rdflib]
                                [--skip-virtuoso] [--nice 10]

For each size, the deterministic conflict-shaped data of bench/generate.py (one N-Quads file) feeds
every system:

* **in-process**: pyoxigraph in this process, the file bulk-loaded into memory, evaluating and
  serialising to the same formats (the floor for any server on this engine);
* **ours**: the real server (``python -m syriakg.web.server``, gunicorn) on a store written by
  ``syriakg load``, once per ``--modes`` entry (``SYRIAKG_STORE_MODE``: memory or disk; the
  result cache off, except in a "memory+cache" entry, which is reported separately);
* **Virtuoso** (Debian's ``virtuoso-opensource``, started by tests/virtuoso.py with a 2 GB buffer
  pool), the file loaded with its bulk loader (ld_dir + rdf_loader_run + checkpoint);
* **rdflib-endpoint** (``pip install -e '.[bench]'``), at the sizes up to ``--rdflib-max`` only
  and with fewer requests (it is two orders of magnitude slower).

All over loopback HTTP with GET (SPARQL 1.1 Protocol), one connection per request. Ten parameterised
queries (bench/serve_queries.py) rotate through values drawn from the data, so consecutive requests
differ. Before any timing, every system answers the first ``--check`` variants of each query and
must give the in-process answers (normalised); a system that differs is reported and not timed.
Then: p50/p95 latency per query (sequential), throughput of the mix at 1, 4 and 16 client
threads, load time, start-up time, and peak memory (summed PSS of the server's process tree,
sampled every second while it runs). At the end, one table with the ratios.
"""

from __future__ import annotations

import argparse
import gc
import importlib.metadata
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

import pyoxigraph as ox
from generated import data_file, syriakg_load
from http_bench import http_floor
from httpclient import (
    ONE_CLIENT_FOR_MANY,
    add_nice_option,
    apply_nice,
    free_port,
    latencies,
    pct,
    sparql_get,
    start,
    stop,
    throughput,
)
from proctree import PeakMemory, cpu_by_depth
from serve_queries import (
    ACCEPT,
    NAMES,
    TEMPLATES,
    Answer,
    Mix,
    Query,
    canonical,
    parameters,
    size,
    variants,
)
from serve_table import LEVELS, Result, shares, table

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
import virtuoso  # noqa: E402  (tests/virtuoso.py: the launcher the remote-store tests use)

PROFILE_LEVEL = 4  # the concurrency at which CPU per request is measured
Send = Callable[[Query], bytes]


@dataclass(frozen=True)
class Budget:
    """How much each system may be asked: latency samples and seconds per query, seconds and
    requests per throughput level."""

    reps: int
    query_seconds: float
    seconds: float
    max_requests: int


class Target:
    """Sends the next variant of a query to one system; returns the body's length."""

    def __init__(self, mix: Mix, send: Send) -> None:
        self.mix, self.send = mix, send

    def __call__(self, name: str) -> int:
        return len(self.send(self.mix.next(name)))


def http_sender(port: int, path: str) -> Send:
    return lambda q: sparql_get(port, path, q.text, ACCEPT[q.kind])


def inprocess_sender(store: ox.Store) -> Send:
    """Evaluate and serialise in the engine, as a server on this engine has to."""

    def send(q: Query) -> bytes:
        result = store.query(q.text, use_default_graph_as_union=True)
        if isinstance(result, ox.QueryTriples):
            return result.serialize(format=ox.RdfFormat.TURTLE) or b""
        return result.serialize(format=ox.QueryResultsFormat.JSON) or b""

    return send


# --- checking answers -----------------------------------------------------------------------

Reference = dict[str, list[tuple[Query, Answer]]]


def reference_answers(send: Send, mix: Mix, check: int) -> Reference:
    """In-process answers to the first ``check`` variants of every query."""
    return {name: [(q, canonical(q.kind, send(q))) for q in mix.variants[name][:check]]
            for name in NAMES}


def verify(label: str, send: Send, reference: Reference) -> tuple[bool, str]:
    """Ask ``send`` every checked variant; print the answer sizes; False and the first
    difference if any answer is not the reference one."""
    ok, first = True, ""
    print(f"  check against in-process ({label}): answer sizes per variant", flush=True)
    for name, cases in reference.items():
        sizes, status = [], "same"
        for q, expected in cases:
            try:
                got = canonical(q.kind, send(q))
            except Exception as exc:  # any failure to answer or to parse disqualifies
                got = (f"error: {exc}",)
            sizes.append(size(q.kind, got))
            if got != expected:
                status = "DIFFERENT"
                if ok:
                    first = (f"{name}: expected {size(q.kind, expected)}, got {size(q.kind, got)}"
                             f"; first differing items: {_diff(expected, got)}")
                ok = False
        print(f"    {name:15s} {' '.join(sizes):40s} {status}", flush=True)
    return ok, first


def _diff(expected: Answer, got: Answer) -> str:
    missing = [x for x in expected if x not in got][:2]
    extra = [x for x in got if x not in expected][:2]
    return f"missing {missing}, extra {extra}"[:600]


# --- timing ---------------------------------------------------------------------------------


def own_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def time_system(result: Result, send: Send, mix: Mix, budget: Budget,
                server_pid: int | None) -> None:
    """Latency per query, then throughput per level, into ``result``. At PROFILE_LEVEL clients,
    also the CPU per request of the server's processes by depth in its tree and of the client."""
    target = Target(mix.fresh(), send)
    for name in NAMES:
        times = latencies(target, name, budget.reps, budget.query_seconds)
        result.latency[name] = {"p50": statistics.median(times), "p95": pct(times, 0.95),
                                "mean": statistics.fmean(times), "n": len(times)}
        print(f"    {name:15s} p50 {result.latency[name]['p50']:9.2f} ms   "
              f"p95 {result.latency[name]['p95']:9.2f} ms   n={len(times)}", flush=True)
    for level in LEVELS:
        server_before = cpu_by_depth(server_pid) if server_pid else {}
        client_before, started = own_cpu(), time.perf_counter()
        rate, errors = throughput(target, NAMES, level, budget.seconds, budget.max_requests)
        requests = rate * (time.perf_counter() - started)
        result.throughput[level], result.errors[level] = rate, errors
        if level == PROFILE_LEVEL and requests:
            result.cpu_ms_per_request = cpu_split(server_pid, server_before, requests,
                                                  own_cpu() - client_before)
        failed = f"   ({errors} failed)" if errors else ""
        print(f"    {level:2d} clients: {rate:8.1f} req/s{failed}", flush=True)


def cpu_split(server_pid: int | None, before: dict[int, float], requests: float,
              client_cpu: float) -> dict[str, float]:
    """CPU ms per request: the client (this process) and each depth of the server's tree."""
    out = {"client (this process)": 1000 * client_cpu / requests}
    if server_pid:
        after = cpu_by_depth(server_pid)
        for depth, seconds in sorted(after.items()):
            out[f"server depth {depth}"] = 1000 * (seconds - before.get(depth, 0.0)) / requests
    return out


def measure(result: Result, send: Send, mix: Mix, reference: Reference, budget: Budget,
            server_pid: int | None, check_only: bool) -> None:
    """Check, then time (unless the answers differ or only checking was asked)."""
    result.verified, first = verify(result.system, send, reference)
    if not result.verified:
        result.note = f"answers differ, not timed: {first}"
        print(f"  {result.system}: {result.note}", flush=True)
    elif not check_only:
        time_system(result, send, mix, budget, server_pid)


# --- the systems ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Setup:
    """One size's data and what every system is measured with."""

    triples: int
    data: Path
    work: Path
    mix: Mix
    reference: Reference
    budget: Budget
    check_only: bool


def run_inprocess(setup: Setup, store: ox.Store, load_s: float, memory: PeakMemory) -> Result:
    result = Result("in-process", load_s=load_s, start_s=0.0)
    print("\n== in-process pyoxigraph (memory)", flush=True)
    measure(result, inprocess_sender(store), setup.mix, setup.reference, setup.budget, None,
            setup.check_only)
    result.peak_bytes = memory.stop()
    return result


def load_ours(setup: Setup) -> tuple[Path, float]:
    """``syriakg load`` the file into a fresh store; its wall time (a new process, as a user
    runs it)."""
    store = setup.work / "store"
    return store, syriakg_load(setup.data, store)


def run_ours(setup: Setup, store: Path, load_s: float, mode: str) -> Result:
    """Our server with ``mode``: a store_mode, with "+cache" for the result cache.

    Without "+cache" the cache is off: the rotation repeats each query text after 75 to 1000
    requests, so a cache would answer most of the mix, which is not what the targets compare.
    """
    result = Result(f"ours ({mode})", load_s=load_s)
    store_mode, _, cache = mode.partition("+")
    print(f"\n== ours: python -m syriakg.web.server, store_mode={store_mode}, "
          f"result cache {'on' if cache else 'off'}", flush=True)
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("SYRIAKG_")}
    env.update(SYRIAKG_STORE=str(store), SYRIAKG_HOST="127.0.0.1", SYRIAKG_PORT=str(port),
               SYRIAKG_ROOT=str(ROOT), SYRIAKG_STORE_MODE=store_mode,
               SYRIAKG_MAX_ROWS="1000000", SYRIAKG_RESULT_CACHE_MB="64" if cache else "0",
               **ONE_CLIENT_FOR_MANY)
    send = http_sender(port, "/sparql")
    probe = setup.mix.variants["ask-veto"][0]
    memory: list[PeakMemory] = []
    started = time.perf_counter()
    try:
        proc = start([sys.executable, "-m", "syriakg.web.server"], env,
                     setup.work / f"ours-{mode}.log", lambda: send(probe), timeout=600,
                     spawned=lambda p: memory.append(PeakMemory(p.pid).start()))
    except RuntimeError as exc:
        result.note = f"did not start: {str(exc)[-400:]}"
        print(f"  {result.note}", flush=True)
        if memory:
            memory[0].stop()
        return result
    result.start_s = time.perf_counter() - started
    try:
        measure(result, send, setup.mix, setup.reference, setup.budget, proc.pid,
                setup.check_only)
    finally:
        result.peak_bytes = memory[0].stop()
        stop(proc)
    return result


def run_virtuoso(setup: Setup) -> Result:
    result = Result("Virtuoso")
    print("\n== Virtuoso (virtuoso-opensource, 2 GB buffers)", flush=True)
    if not virtuoso.available():
        result.note = "not installed (apt-get install virtuoso-opensource)"
        return result
    started = time.perf_counter()
    server = virtuoso.start(setup.work / "virtuoso", load_dir=setup.data.parent, memory_gb=2,
                            max_rows=10_000_000)
    result.start_s = time.perf_counter() - started
    try:
        started = time.perf_counter()
        server.bulk_load(setup.data.parent, setup.data.name, "urn:syriakg:bench:unused")
        result.load_s = time.perf_counter() - started
        print(f"  bulk load {result.load_s:.1f} s; peak RSS so far "
              f"{server.peak_rss_bytes() / 2**20:.0f} MB", flush=True)
        # GET only: Virtuoso 7.2.5 never answers a POST with application/sparql-query
        with PeakMemory(server.process.pid) as memory:
            measure(result, http_sender(server.http_port, "/sparql"), setup.mix,
                    setup.reference, setup.budget, server.process.pid, setup.check_only)
        result.peak_bytes = memory.peak
        result.note = f"VmHWM (load and serving) {server.peak_rss_bytes() / 2**20:.0f} MB"
    finally:
        server.stop()
        shutil.rmtree(setup.work / "virtuoso", ignore_errors=True)
    return result


def run_rdflib(setup: Setup) -> Result:
    result = Result("rdflib-endpoint")
    print("\n== rdflib-endpoint (uvicorn, rdflib Dataset), bounded", flush=True)
    executable = shutil.which("rdflib-endpoint", path=str(Path(sys.executable).parent))
    if executable is None:
        result.note = "not installed: pip install -e '.[bench]'"
        print(f"  {result.note}")
        return result
    port = free_port()
    send = http_sender(port, "/")
    probe = setup.mix.variants["ask-veto"][0]
    memory: list[PeakMemory] = []
    started = time.perf_counter()
    proc = start([executable, "serve", str(setup.data), "--host", "127.0.0.1", "--port",
                  str(port)], dict(os.environ), setup.work / "rdflib.log", lambda: send(probe),
                 timeout=900, spawned=lambda p: memory.append(PeakMemory(p.pid).start()))
    result.load_s = result.start_s = time.perf_counter() - started  # it parses the file at start
    budget = setup.budget
    slow = Budget(min(budget.reps, 10), 10.0, budget.seconds, min(budget.max_requests, 100))
    try:
        measure(result, send, setup.mix, setup.reference, slow, proc.pid, setup.check_only)
    finally:
        result.peak_bytes = memory[0].stop()
        stop(proc)
    return result


def guarded(system: str, run: Callable[[], Result]) -> Result:
    """A peer that fails to start or load is reported in the table, not fatal to the run."""
    try:
        return run()
    except (RuntimeError, OSError, subprocess.SubprocessError) as exc:
        print(f"  {system} failed: {exc}", flush=True)
        return Result(system, note=f"failed: {str(exc)[-300:]}")


def run_size(triples: int, args: argparse.Namespace, work: Path) -> dict[str, Result]:
    data = data_file(args.data, triples)
    quads = sum(1 for _ in data.open("rb"))
    print(f"\n######## {quads:,} quads ({data}); load average {os.getloadavg()[0]:.1f}",
          flush=True)
    memory = PeakMemory(os.getpid()).start()
    store, started = ox.Store(), time.perf_counter()
    store.bulk_load(path=str(data), format=ox.RdfFormat.N_QUADS)
    load_s = time.perf_counter() - started
    mix = Mix(variants(parameters(store)))
    print("  distinct variants per query: "
          + ", ".join(f"{n} {len(mix.variants[n])}" for n in NAMES))
    budget = Budget(args.reps, args.query_seconds, args.seconds, args.max_requests)
    setup = Setup(triples, data, work, mix,
                  reference_answers(inprocess_sender(store), mix, args.check), budget,
                  args.check_only)
    results = {"in-process": run_inprocess(setup, store, load_s, memory)}
    del store
    gc.collect()
    try:
        ours_store, ours_load = load_ours(setup)
    except subprocess.CalledProcessError as exc:
        for mode in args.modes:
            results[f"ours ({mode})"] = Result(f"ours ({mode})", note=f"syriakg load: {exc}")
    else:
        for mode in args.modes:
            results[f"ours ({mode})"] = run_ours(setup, ours_store, ours_load, mode)
        shutil.rmtree(ours_store, ignore_errors=True)
    if not args.skip_virtuoso:
        results["Virtuoso"] = guarded("Virtuoso", lambda: run_virtuoso(setup))
    if not args.skip_rdflib and triples <= args.rdflib_max:
        results["rdflib-endpoint"] = guarded("rdflib-endpoint", lambda: run_rdflib(setup))
    for result in results.values():
        top = sorted(shares(result).items(), key=lambda kv: -kv[1])[:3]
        if top:
            print(f"  mix time, {result.system}: "
                  + ", ".join(f"{n} {100 * s:.0f} %" for n, s in top)
                  + "".join(f"; {k} {v:.2f} ms/req" for k, v in
                            result.cpu_ms_per_request.items()))
    return results


def machine() -> str:
    model = next((line.split(":", 1)[1].strip() for line in
                  Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")), "?")
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    done = subprocess.run(["dpkg-query", "-W", "-f=${Version}", "virtuoso-opensource"],
                          capture_output=True, text=True, check=False)

    def version(package: str) -> str:
        try:
            return importlib.metadata.version(package)
        except importlib.metadata.PackageNotFoundError:
            return "not installed"

    return (f"{os.cpu_count()} cores ({model}), {memory:.0f} GB RAM, Linux {platform.release()}, "
            f"Python {platform.python_version()}, pyoxigraph {ox.__version__}, "
            f"gunicorn {version('gunicorn')}, Virtuoso {done.stdout.strip() or '?'}, "
            f"rdflib-endpoint {version('rdflib-endpoint')}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--reps", type=int, default=60, help="latency samples per query at most")
    parser.add_argument("--query-seconds", type=float, default=2.0,
                        help="latency budget per query (at least 5 samples)")
    parser.add_argument("--seconds", type=float, default=4.0, help="per throughput level")
    parser.add_argument("--max-requests", type=int, default=3000, help="per throughput level")
    parser.add_argument("--check", type=int, default=5, help="variants per query to compare")
    parser.add_argument("--check-only", action="store_true", help="compare answers, no timing")
    parser.add_argument("--modes", nargs="+", default=["memory", "disk", "memory+cache"],
                        help="our store_mode(s), '+cache' for the result cache on (64 MB a "
                             "worker; off otherwise); the first one is compared")
    parser.add_argument("--skip-virtuoso", action="store_true")
    parser.add_argument("--skip-rdflib", action="store_true")
    parser.add_argument("--rdflib-max", type=int, default=100_000,
                        help="largest size rdflib-endpoint is given")
    parser.add_argument("--data", type=Path, default=Path(tempfile.gettempdir()) / "syriakg-bench",
                        help="where the generated N-Quads are kept between runs")
    parser.add_argument("--json", type=Path, help="also write every number here")
    add_nice_option(parser)
    args = parser.parse_args(argv)
    apply_nice(args.nice)
    args.data.mkdir(parents=True, exist_ok=True)
    print(f"machine: {machine()}; load average {os.getloadavg()[0]:.1f}", flush=True)
    load_start = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="syriakg-serve-bench-") as work:
        floor = http_floor(Path(work), 200)
    runs: dict[int, dict[str, Result]] = {}
    for triples in args.sizes:
        with tempfile.TemporaryDirectory(prefix="syriakg-serve-bench-") as work:
            runs[triples] = run_size(triples, args, Path(work))
    ours = f"ours ({args.modes[0]})"
    print(f"\n== serving benchmark, one run; {machine()}; load average {load_start:.1f} at the "
          f"start, {os.getloadavg()[0]:.1f} at the end; {args.seconds:g} s per throughput level")
    print("\n".join(table(runs, ours)))
    print(f"Ratios are {ours} divided by the other system: above 1 for req/s, below 1 for ms and "
          "MB mean ours is better. Targets (issue 7): req/s at 4 clients >= 1.0x Virtuoso; each "
          "p50 <= 1.5x in-process; peak memory < 2 GB up to 1M triples.\n"
          f"HTTP floor (a constant WSGI app under gunicorn, our worker, 1 process, same client): "
          f"p50 {floor['p50']:.2f} ms, p95 {floor['p95']:.2f} ms.")
    if args.json:
        args.json.write_text(json.dumps(
            {"machine": machine(), "args": {k: str(v) for k, v in vars(args).items()},
             "http_floor_ms": floor,
             "queries": {n: t[1] for n, t in TEMPLATES.items()},
             "runs": {str(t): {s: {**asdict(r), "mix_share": shares(r)} for s, r in res.items()}
                      for t, res in runs.items()}}, indent=1))


if __name__ == "__main__":
    main()
