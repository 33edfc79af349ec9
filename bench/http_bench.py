"""HTTP benchmark: our endpoint vs in-process pyoxigraph vs rdflib-endpoint, on the same data.

    python bench/http_bench.py [--triples 100000] [--seconds 5] [--reps 200] [--rounds 20]
                               [--json out.json]

Generates deterministic conflict-shaped data (actors and places with Arabic and English labels,
one named graph per source document holding its figure claims with Arabic quotes), writes it to
an Oxigraph store and an N-Quads file in a temporary directory, and runs a fixed query mix:

* against our endpoint: the real gunicorn server (``python -m syriakg.web.server``, one worker
  per core) on a loopback port;
* in process: pyoxigraph on the same data in memory, evaluating and serialising the same result
  format (what our endpoint does minus HTTP);
* against rdflib-endpoint (``pip install -e '.[bench]'``), started as a subprocess on loopback
  with the same N-Quads file, given a bounded number of requests and seconds per measurement.

It prints p50/p95 latency per query (sequential; in-process, ours and a constant WSGI app
under gunicorn, the HTTP floor, measured in alternating rounds so that the machine's other load
falls on all three alike), throughput of the whole mix at concurrency 1, 4 and 16, and the
ratios, all from one run. Only loopback addresses are used.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import gunicorn
import pyoxigraph as ox
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

from syriakg.store import STORE_MARKER

ID = "https://w3id.org/syria-kg/id/"
SKG = "https://w3id.org/syria-kg/ontology#"
GRAPH = "https://w3id.org/syria-kg/graph/"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD = "http://www.w3.org/2001/XMLSchema#"
ARABIC_WORDS = ("قوات", "مجلس", "جيش", "حركة", "لواء", "هيئة", "جبهة", "وزارة", "فصيل", "منظمة")
ARABIC_PLACES = ("حلب", "إدلب", "درعا", "حمص", "حماة", "دمشق", "الرقة", "دير الزور", "اللاذقية")
PROLOGUE = f"""PREFIX skg: <{SKG}>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX actor: <{ID}actor/>
PREFIX schema: <http://schema.org/>
"""
# name -> (query, kind); kind decides the Accept header and the in-process format.
QUERIES: dict[str, tuple[str, str]] = {
    "ask": (PROLOGUE + "ASK { actor:a0007 rdfs:label ?l }", "select"),
    "lookup": (PROLOGUE + "SELECT ?l WHERE { actor:a0007 rdfs:label ?l }", "select"),
    "arabic-labels": (PROLOGUE + """SELECT ?a ?l WHERE {
  ?a a skg:Actor ; rdfs:label ?l FILTER(lang(?l) = "ar") } ORDER BY ?a LIMIT 100""", "select"),
    "claims-of-actor": (PROLOGUE + """SELECT ?claim ?value ?quote ?doc WHERE {
  ?claim skg:claimant actor:a0007 ; skg:statedIn ?doc ; skg:quote ?quote ;
         skg:reportsFigure ?f . ?f skg:numericValue ?value } ORDER BY DESC(?value)""", "select"),
    "count-by-actor": (PROLOGUE + """SELECT ?a (COUNT(?c) AS ?n) WHERE {
  ?c skg:claimant ?a } GROUP BY ?a ORDER BY DESC(?n) LIMIT 20""", "select"),
    "top-figures": (PROLOGUE + """SELECT ?f ?v ?place WHERE {
  ?f skg:numericValue ?v ; skg:area ?place } ORDER BY DESC(?v) LIMIT 100""", "select"),
    "construct-actor": (PROLOGUE + """CONSTRUCT { actor:a0007 ?p ?o . ?c skg:claimant actor:a0007 }
WHERE { { actor:a0007 ?p ?o } UNION { ?c skg:claimant actor:a0007 } }""", "graph"),
}
ACCEPT = {"select": "application/sparql-results+json", "graph": "text/turtle"}
# The target of "HTTP overhead over the engine <= 1 ms at p50" is about these: each is answered
# in well under a millisecond in process.
LIGHT = ("ask", "lookup", "claims-of-actor", "construct-actor")
ENGINE_TIMING = re.compile(rb"engine;dur=([0-9.]+)")
# In-process is also timed after sleeping this long before each query, about what a worker
# waits between two requests of one client: a process woken from sleep finds its caches cold,
# and on this machine that alone makes the same evaluation 2-3x slower (bench/README.md).
PAUSE = 0.0005


# --- data -----------------------------------------------------------------------------------


def generate(path: Path, triples: int, seed: int = 7) -> int:
    """Write about ``triples`` conflict-shaped N-Quads to ``path``; one seed, one output."""
    rng = random.Random(seed)
    lines: list[str] = []
    ref = f"<{GRAPH}reference>"

    def add(s: str, p: str, o: str, g: str) -> None:
        lines.append(f"{s} {p} {o} {g} .\n")

    def label(text: str, lang: str) -> str:
        return json.dumps(text, ensure_ascii=False) + "@" + lang

    actors = [f"<{ID}actor/a{i:04d}>" for i in range(500)]
    places = [f"<{ID}place/p{i:04d}>" for i in range(200)]
    for i, a in enumerate(actors):
        add(a, f"<{RDF_TYPE}>", f"<{SKG}Actor>", ref)
        add(a, f"<{RDFS_LABEL}>", label(f"Actor {i}", "en"), ref)
        add(a, f"<{RDFS_LABEL}>", label(f"{rng.choice(ARABIC_WORDS)} {i}", "ar"), ref)
    for i, p in enumerate(places):
        add(p, f"<{RDF_TYPE}>", f"<{SKG}Place>", ref)
        add(p, f"<{RDFS_LABEL}>", label(f"{rng.choice(ARABIC_PLACES)} {i}", "ar"), ref)
        add(p, f"<{SKG}locatedIn>", places[i // 10], ref)
    doc = 0
    while len(lines) < triples:
        g = f"<{GRAPH}d{doc:05d}>"
        d = f"<{ID}doc/d{doc:05d}>"
        add(d, f"<{RDF_TYPE}>", f"<{SKG}SourceDocument>", g)
        add(d, "<http://purl.org/dc/terms/title>", label(f"تقرير رقم {doc}", "ar"), g)
        add(d, "<http://schema.org/datePublished>",
            f'"{2012 + doc % 10}-{1 + doc % 12:02d}"^^<{XSD}gYearMonth>', g)
        for k in range(25):
            c, f = f"<{ID}claim/d{doc:05d}-{k}>", f"<{ID}figure/d{doc:05d}-{k}>"
            value = rng.randint(1, 20000)
            add(c, f"<{RDF_TYPE}>", f"<{SKG}FigureClaim>", g)
            add(c, f"<{SKG}statedIn>", d, g)
            add(c, f"<{SKG}claimant>", rng.choice(actors), g)
            add(c, f"<{SKG}reportsFigure>", f, g)
            add(c, f"<{SKG}quote>", label(f"مقتل {value} شخصاً في {rng.choice(ARABIC_PLACES)}",
                                          "ar"), g)
            add(f, f"<{RDF_TYPE}>", f"<{SKG}CasualtyCount>", g)
            add(f, f"<{SKG}numericValue>", f'"{value}"^^<{XSD}integer>', g)
            add(f, f"<{SKG}area>", rng.choice(places), g)
            add(f, f"<{SKG}attributedPerpetrator>", rng.choice(actors), g)
        doc += 1
    path.write_text("".join(lines), encoding="utf-8")
    return len(lines)


def write_store(nquads: Path, target: Path) -> None:
    store = ox.Store(str(target))
    store.bulk_load(path=str(nquads), format=ox.RdfFormat.N_QUADS)
    store.flush()
    store.optimize()
    del store
    (target / STORE_MARKER).write_text("written by bench/http_bench.py\n", encoding="utf-8")


# --- clients --------------------------------------------------------------------------------


Target = Callable[[str], int]


class HttpTarget:
    """GET /sparql?query=... on a loopback server, one connection per request (like curl).

    Keeps the store's time of each answer that has a ``Server-Timing: engine;dur=`` header
    (ours), by query name, in the order the requests were made.
    """

    def __init__(self, port: int, path: str) -> None:
        self.port, self.path = port, path
        self.engine_ms: dict[str, list[float]] = {name: [] for name in QUERIES}

    def __call__(self, name: str) -> int:
        query, kind = QUERIES[name]
        headers: dict[bytes, bytes] = {}
        try:
            body = sparql_get(self.port, self.path, query, ACCEPT[kind], headers_out=headers)
        except RuntimeError as exc:
            raise RuntimeError(f"{name}: {exc}") from None
        timing = ENGINE_TIMING.fullmatch(headers.get(b"server-timing", b""))
        if timing:
            self.engine_ms[name].append(float(timing.group(1)))
        return len(body)


class InProcess:
    """pyoxigraph in this process: evaluate and serialise to the same format."""

    def __init__(self, store: ox.Store) -> None:
        self.store = store

    def __call__(self, name: str) -> int:
        query, kind = QUERIES[name]
        result = self.store.query(query, use_default_graph_as_union=True)
        if isinstance(result, ox.QueryTriples):
            data = result.serialize(format=ox.RdfFormat.TURTLE)
        else:
            data = result.serialize(format=ox.QueryResultsFormat.JSON)
        return len(data or b"")


# --- the run --------------------------------------------------------------------------------


def _stats(times: list[float]) -> dict[str, float]:
    return {"p50": statistics.median(times), "p95": pct(times, 0.95), "n": len(times)}


def _print_latency(name: str, stats: dict[str, float]) -> None:
    print(f"  {name:16s} p50 {stats['p50']:9.3f} ms   p95 {stats['p95']:9.3f} ms"
          f"   n={stats['n']}", flush=True)


def interleaved(targets: dict[str, Target], reps: int, rounds: int,
                pauses: dict[str, float] | None = None) -> dict[str, dict[str, object]]:
    """Sequential latencies of each query on each target, taken in alternating rounds; a
    target named in ``pauses`` sleeps that long (untimed) before each query.

    Measured one system after the other, their difference would also carry whatever the
    machine's other load did in between (the floor moved 0.45 -> 0.76 ms between runs here).
    In rounds, each system sees the same load, so their difference is the servers'.

    For an HttpTarget that reports the store's time (Server-Timing), the result also holds
    ``name + "/beyond-engine"``: each request's latency minus its own store time.
    """
    pauses = pauses or {}
    times: dict[str, dict[str, list[float]]] = {k: {n: [] for n in QUERIES} for k in targets}
    beyond: dict[str, dict[str, list[float]]] = {k: {n: [] for n in QUERIES} for k in targets}
    per_round = max(1, reps // rounds)
    for target in targets.values():
        for name in QUERIES:
            for _ in range(3):
                target(name)
    for _ in range(rounds):
        for name in QUERIES:
            for key, target in targets.items():
                if key == "floor" and name != "ask":
                    continue  # the constant app answers one thing
                reported = getattr(target, "engine_ms", {}).get(name, [])
                before = len(reported)
                taken = latencies(target, name, per_round, 60.0, warmup=0,
                                  pause=pauses.get(key, 0.0))
                times[key][name].extend(taken)
                own = reported[before:]
                if len(own) == len(taken):
                    beyond[key][name].extend(t - e for t, e in zip(taken, own, strict=True))
    results: dict[str, dict[str, object]] = {}
    for key, by_name in times.items():
        results[key] = {n: _stats(t) for n, t in by_name.items() if t}
        results[key].update({f"{n}/beyond-engine": _stats(t)
                             for n, t in beyond[key].items() if t})
    return results


def measure(label: str, target: Target, reps: int, budget: float, seconds: float,
            max_requests: int, latency: dict[str, object] | None = None) -> dict[str, object]:
    """Latency (unless measured already, interleaved) and throughput of one system."""
    print(f"\n== {label}", flush=True)
    result: dict[str, object] = {"latency": latency or {}, "throughput": {}, "bytes": {}}
    for name in QUERIES:
        if latency is None:
            result["latency"][name] = _stats(latencies(target, name, reps, budget))  # type: ignore[index]
        result["bytes"][name] = target(name)  # type: ignore[index]
        _print_latency(name, result["latency"][name])  # type: ignore[index]
    for concurrency in (1, 4, 16):
        rate, failed = throughput(target, list(QUERIES), concurrency, seconds, max_requests)
        result["throughput"][concurrency] = rate  # type: ignore[index]
        print(f"  concurrency {concurrency:2d}: {rate:9.1f} req/s"
              + (f"   ({failed} failed)" if failed else ""), flush=True)
    return result


def report(results: dict[str, dict[str, object]]) -> None:
    ours, inproc = results["ours"], results["in-process"]
    other = results.get("rdflib-endpoint")
    floor = results["floor"]["latency"]["p50"]  # type: ignore[index]
    print("\n== ratios (one run)")
    overhead = ours["latency"]["ask"]["p50"] - inproc["latency"]["ask"]["p50"]  # type: ignore[index]
    # Both go through gunicorn's request path, so ours - floor is what our app costs beyond a
    # constant app's round trip.
    print(f"  HTTP overhead on ASK (ours p50 - in-process p50): {overhead:.3f} ms; a constant "
          f"app's round trip (floor) {floor:.3f} ms, ours beyond it {overhead - floor:.3f} ms")
    print(f"  {'query':16s} {'ours-inproc p50 (ms)':>21s} {'the same, back to back':>23s}"
          f" {'rdflib/ours p50':>16s}")
    for name in QUERIES:
        o = ours["latency"][name]["p50"]  # type: ignore[index]
        i = inproc["latency"][name]["p50"]  # type: ignore[index]
        hot = inproc["back_to_back"][name]["p50"]  # type: ignore[index]
        r = f"{other['latency'][name]['p50'] / o:15.1f}x" if other else "-"  # type: ignore[index]
        print(f"  {name:16s} {o - i:21.3f} {o - hot:23.3f} {r:>16s}")
    print(f"\n  HTTP overhead over the engine, p50 in ms, light queries (target <= 1 ms):\n"
          f"  {'query':16s} {'ours - in-process':>18s} {'ours - in-process':>18s}"
          f" {'ours - own store time':>22s}\n"
          f"  {'':16s} {'':>18s} {f'after {PAUSE * 1000:g} ms asleep':>18s}"
          f" {'(Server-Timing)':>22s}")
    for name in LIGHT:
        o = ours["latency"][name]["p50"]  # type: ignore[index]
        i = inproc["latency"][name]["p50"]  # type: ignore[index]
        paused = inproc["paused"][name]["p50"]  # type: ignore[index]
        beyond = ours["latency"].get(f"{name}/beyond-engine")  # type: ignore[attr-defined]
        print(f"  {name:16s} {o - i:18.3f} {o - paused:18.3f}"
              f" {beyond['p50'] if beyond else float('nan'):22.3f}")
    for concurrency in (1, 4, 16):
        o = ours["throughput"][concurrency]  # type: ignore[index]
        line = f"  throughput c={concurrency:2d}: ours {o:.0f} req/s"
        line += f", in-process {inproc['throughput'][concurrency]:.0f}"  # type: ignore[index]
        if other:
            rdf = other["throughput"][concurrency]  # type: ignore[index]
            line += f", rdflib-endpoint {rdf:.1f} (ours/rdflib {o / rdf:.0f}x)"
        print(line)


FLOOR_APP = """
def app(environ, start_response):
    body = b'{"head":{},"boolean":true}'
    start_response("200 OK", [("Content-Type", "application/sparql-results+json"),
                              ("Content-Length", str(len(body)))])
    return [body]
"""


def start_floor(tmp: Path) -> tuple[subprocess.Popen[bytes], int]:
    """A constant WSGI app under gunicorn, with our server's worker class: what HTTP costs here
    before any SPARQL."""
    (tmp / "floor_app.py").write_text(FLOOR_APP, encoding="utf-8")
    port = free_port()
    command = [sys.executable, "-m", "gunicorn", "-w", "1", "-k", "sync",
               "-b", f"127.0.0.1:{port}", "--chdir", str(tmp), "floor_app:app"]
    if gunicorn.version_info >= (25,):
        command.append("--no-control-socket")  # as syriakg.web.server configures it
    proc = start(command, dict(os.environ), tmp / "floor.log",
                 lambda: HttpTarget(port, "/sparql")("ask"), timeout=60)
    return proc, port


def http_floor(tmp: Path, reps: int) -> dict[str, float]:
    """p50 and p95 of the constant app alone, measured on its own (bench/serve_bench.py)."""
    proc, port = start_floor(tmp)
    try:
        times = latencies(HttpTarget(port, "/sparql"), "ask", reps, 20.0)
    finally:
        stop(proc)
    return {"p50": statistics.median(times), "p95": pct(times, 0.95)}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--triples", type=int, default=100_000)
    parser.add_argument("--reps", type=int, default=200, help="latency samples per query")
    parser.add_argument("--rounds", type=int, default=20,
                        help="interleaved rounds the latency samples are spread over")
    parser.add_argument("--seconds", type=float, default=5.0, help="per throughput level")
    parser.add_argument("--rdflib-budget", type=float, default=20.0,
                        help="seconds per rdflib-endpoint latency measurement")
    parser.add_argument("--skip-rdflib", action="store_true")
    parser.add_argument("--json", type=Path, help="also write the numbers here")
    add_nice_option(parser)
    args = parser.parse_args(argv)
    apply_nice(args.nice)

    tmp = Path(tempfile.mkdtemp(prefix="syriakg-http-bench-"))
    procs: list[subprocess.Popen[bytes]] = []
    try:
        nquads = tmp / "data.nq"
        count = generate(nquads, args.triples)
        write_store(nquads, tmp / "store")
        print(f"data: {count} quads in {tmp}; {os.cpu_count()} cores; "
              f"python {sys.version.split()[0]}; pyoxigraph {ox.__version__}; "
              f"load average {os.getloadavg()[0]:.1f}")
        results: dict[str, dict[str, object]] = {}

        memory = ox.Store()
        memory.bulk_load(path=str(nquads), format=ox.RdfFormat.N_QUADS)
        port = free_port()
        env = {k: v for k, v in os.environ.items() if not k.startswith("SYRIAKG_")}
        # Every query here repeats its text: the result cache would answer all but the first.
        env.update(SYRIAKG_STORE=str(tmp / "store"), SYRIAKG_HOST="127.0.0.1",
                   SYRIAKG_PORT=str(port), SYRIAKG_ROOT=str(tmp), SYRIAKG_RESULT_CACHE_MB="0",
                   **ONE_CLIENT_FOR_MANY)
        procs.append(start([sys.executable, "-m", "syriakg.web.server"], env, tmp / "ours.log",
                           lambda: HttpTarget(port, "/sparql")("ask"), timeout=120))
        floor, floor_port = start_floor(tmp)
        procs.append(floor)
        ours, inproc = HttpTarget(port, "/sparql"), InProcess(memory)
        print(f"\nlatency: {args.rounds} interleaved rounds of in-process, floor and ours",
              flush=True)
        latency = interleaved({"in-process": inproc, "in-process-paused": inproc, "ours": ours,
                               "floor": HttpTarget(floor_port, "/sparql")},
                              args.reps, args.rounds, pauses={"in-process-paused": PAUSE})
        stop(procs.pop())
        floor_stats = latency["floor"]["ask"]
        print(f"\n== HTTP floor (constant WSGI app through gunicorn's request path, 1 worker)\n"
              f"  p50 {floor_stats['p50']:.3f} ms   p95 {floor_stats['p95']:.3f} ms")  # type: ignore[index]
        results["floor"] = {"latency": floor_stats}
        results["in-process"] = measure("in-process pyoxigraph (memory)", inproc, args.reps,
                                        10.0, args.seconds, 10**9, latency["in-process"])
        results["in-process"]["paused"] = latency["in-process-paused"]
        # The engine at its warmest, each query run back to back, as earlier runs measured it.
        results["in-process"]["back_to_back"] = {
            name: _stats(latencies(inproc, name, args.reps * 5, 10.0)) for name in QUERIES}
        del memory
        results["ours"] = measure("ours: gunicorn, queries in the worker (HTTP, loopback)",
                                  ours, args.reps, 20.0, args.seconds, 10**9, latency["ours"])
        stop(procs.pop())

        if not args.skip_rdflib:
            executable = shutil.which("rdflib-endpoint", path=str(Path(sys.executable).parent))
            if executable is None:
                print("\nrdflib-endpoint is not installed: pip install -e '.[bench]'")
            else:
                port = free_port()
                procs.append(start([executable, "serve", str(nquads), "--host", "127.0.0.1",
                                    "--port", str(port)], dict(os.environ), tmp / "rdflib.log",
                                   lambda: HttpTarget(port, "/")("ask"), timeout=600))
                results["rdflib-endpoint"] = measure(
                    "rdflib-endpoint (uvicorn, rdflib Dataset)", HttpTarget(port, "/"),
                    30, args.rdflib_budget, args.seconds * 2, 200)
                stop(procs.pop())
        report(results)
        print(f"load average at the end: {os.getloadavg()[0]:.1f}")
        if args.json:
            args.json.write_text(json.dumps(results, indent=2))
    finally:
        for proc in procs:
            stop(proc)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
