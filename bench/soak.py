"""Soak: a normal client's latency while attackers hit the same server (loopback only).

    python bench/soak.py [--triples 100000] [--seconds 60] [--json OUT] [--nice 10]

Our server (``python -m syriakg.web.server``, default settings: two workers, ``query_timeout``
30 s, ``query_memory`` 1024 MB) on the generated data of bench/generate.py. First the normal
client alone, then the normal client while, from addresses of their own:

* 127.0.0.2: 50 slow connections, kept open by sending a request head one byte at a time;
* 127.0.0.3-6: 4 runaway queries (a cross product), each sent again when it is stopped;
* 127.0.0.7: a memory bomb (strings doubled until they pass ``query_memory``), again and again;
* 127.0.0.8: a query that makes the engine panic (ORDER BY over mixed values), again and again;
* 127.0.0.9: a client that asks for a large answer and never reads it.

The normal client, from 127.0.0.1, sends one light query of the serving mix after another
(lookup, join-3, optional-lang, construct-vote, ask-veto; bench/serve_queries.py): its p50, p95
and worst latency, and its failures, in both phases; and what each attacker got back.
Target: the normal client's p95 under 1 s under attack.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import platform
import socket
import statistics
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

import pyoxigraph as ox
from generated import data_file, syriakg_load
from httpclient import add_nice_option, apply_nice, free_port, pct, sparql_get, start, stop
from serve_queries import ACCEPT, Mix, parameters, variants

LIGHT = ["lookup", "join-3", "optional-lang", "construct-vote", "ask-veto"]
RUNAWAY = ("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . "
           "?m ?n1 ?o }")
BOMB = ("SELECT (SUM(STRLEN(?x24)) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } BIND(STR(?s) AS ?x0) "
        + " ".join(f"BIND(CONCAT(?x{i},?x{i}) AS ?x{i + 1})" for i in range(24)) + " }")
PANIC = "SELECT * WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY DESC(?o) LIMIT 1"
LARGE = "CONSTRUCT WHERE { GRAPH ?g { ?s ?p ?o } }"


REASONS = {"query_timeout": "timeout", "query_memory": "memory", "engine": "engine",
           "client_": "share"}


def post(port: int, query: str, source: str, timeout: float = 120) -> str:
    """POST ``query`` from the address ``source``; the status and, for an error, which limit
    the message names ("503 memory"); "no answer" if none came."""
    form = urllib.parse.urlencode({"query": query}).encode()
    try:
        reply = b""
        with socket.create_connection(("127.0.0.1", port), timeout=timeout,
                                      source_address=(source, 0)) as conn:
            conn.sendall(b"POST /sparql HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                         b"Accept: application/sparql-results+json\r\n"
                         b"Content-Type: application/x-www-form-urlencoded\r\n"
                         + f"Content-Length: {len(form)}\r\n\r\n".encode() + form)
            while chunk := conn.recv(65536):
                reply += chunk
        status = reply.split(b" ", 2)[1].decode()
        body = reply.partition(b"\r\n\r\n")[2].decode("utf-8", "replace")
        reason = next((name for key, name in REASONS.items() if key in body), "")
        return f"{status} {reason}".strip() if status != "200" else status
    except (OSError, ValueError, IndexError):
        return "no answer"


class Attack:
    """The attackers, each in its own threads until ``stop``; what they got back."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.running = True
        self.outcomes: dict[str, collections.Counter[str]] = collections.defaultdict(
            collections.Counter)
        self.threads: list[threading.Thread] = []

    def _loop(self, name: str, query: str, source: str) -> None:
        while self.running:
            self.outcomes[name][post(self.port, query, source)] += 1

    def _slow(self, source: str) -> None:
        held: list[socket.socket] = []
        head = b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: x\r\n"
        sent: dict[int, int] = {}
        while self.running:
            while len(held) < 50:
                try:
                    conn = socket.create_connection(("127.0.0.1", self.port), timeout=5,
                                                    source_address=(source, 0))
                except OSError:
                    break
                held.append(conn)
                sent[id(conn)] = 0
            for conn in list(held):
                try:
                    at = sent[id(conn)]
                    conn.sendall(head[at:at + 1] if at < len(head) else b"X")
                    sent[id(conn)] = at + 1
                except OSError:  # the server cut it off: a new one takes its place
                    self.outcomes["slow connections"]["cut off"] += 1
                    held.remove(conn)
                    conn.close()
            time.sleep(0.5)
        for conn in held:
            conn.close()

    def _never_reads(self, source: str) -> None:
        while self.running:
            try:
                conn = socket.create_connection(("127.0.0.1", self.port), timeout=5,
                                                source_address=(source, 0))
                conn.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
                target = "/sparql?" + urllib.parse.urlencode({"query": LARGE})
                conn.sendall(f"GET {target} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
                self.outcomes["never reads"]["sent"] += 1
                deadline = time.monotonic() + 20
                while self.running and time.monotonic() < deadline:
                    time.sleep(0.2)
                conn.close()
            except OSError:
                self.outcomes["never reads"]["refused"] += 1
                time.sleep(0.5)

    def begin(self) -> None:
        plan = [(self._slow, ("127.0.0.2",))]
        plan += [(self._loop, (f"runaway {i}", RUNAWAY, f"127.0.0.{3 + i}")) for i in range(4)]
        plan += [(self._loop, ("memory bomb", BOMB, "127.0.0.7")),
                 (self._loop, ("engine panic", PANIC, "127.0.0.8")),
                 (self._never_reads, ("127.0.0.9",))]
        for target, args in plan:
            thread = threading.Thread(target=target, args=args, daemon=True)
            thread.start()
            self.threads.append(thread)

    def stop(self) -> None:
        self.running = False
        for thread in self.threads:
            thread.join(timeout=60)


def normal_client(port: int, mix: Mix, seconds: float) -> dict[str, float]:
    """Light queries one after another for ``seconds``: latency in ms, and failures."""
    times, failures = [], 0
    deadline = time.monotonic() + seconds
    i = 0
    while time.monotonic() < deadline:
        query = mix.next(LIGHT[i % len(LIGHT)])
        i += 1
        started = time.perf_counter()
        try:
            sparql_get(port, "/sparql", query.text, ACCEPT[query.kind], timeout=60)
        except (OSError, RuntimeError):
            failures += 1
        times.append((time.perf_counter() - started) * 1000)
    return {"requests": len(times), "failures": failures, "p50_ms": statistics.median(times),
            "p95_ms": pct(times, 0.95), "max_ms": max(times)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--triples", type=int, default=100_000)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--data", type=Path, default=Path(tempfile.gettempdir()) / "syriakg-bench")
    parser.add_argument("--json", type=Path)
    add_nice_option(parser)
    args = parser.parse_args()
    apply_nice(args.nice)
    args.data.mkdir(parents=True, exist_ok=True)
    data = data_file(args.data, args.triples)
    tmp = Path(tempfile.mkdtemp(prefix="syriakg-soak-"))
    store = tmp / "store"
    syriakg_load(data, store)
    memory = ox.Store()
    memory.bulk_load(path=str(data), format=ox.RdfFormat.N_QUADS)
    mix = Mix(variants(parameters(memory)))
    del memory
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("SYRIAKG_")}
    env.update(SYRIAKG_STORE=str(store), SYRIAKG_PORT=str(port), SYRIAKG_HOST="127.0.0.1",
               SYRIAKG_ROOT=str(Path(__file__).resolve().parents[1]))
    proc = start([sys.executable, "-m", "syriakg.web.server"], env, tmp / "server.log",
                 lambda: sparql_get(port, "/sparql", "ASK {}", "application/json"), timeout=600)
    try:
        normal_client(port, mix.fresh(), 5)  # warm-up
        alone = normal_client(port, mix.fresh(), args.seconds)
        print(f"alone:        {alone}", flush=True)
        attack = Attack(port)
        attack.begin()
        time.sleep(3)  # let every attacker get going
        attacked = normal_client(port, mix.fresh(), args.seconds)
        attack.stop()
        print(f"under attack: {attacked}", flush=True)
        outcomes = {name: dict(counter) for name, counter in attack.outcomes.items()}
        for name, counter in sorted(outcomes.items()):
            print(f"  {name:18s} {counter}", flush=True)
        after = normal_client(port, mix.fresh(), 5)
        print(f"after:        {after}", flush=True)
    finally:
        stop(proc)
    report = {"machine": f"{os.cpu_count()} cores, {platform.platform()}, Python "
                         f"{platform.python_version()}", "triples": args.triples,
              "seconds": args.seconds, "alone": alone, "under_attack": attacked,
              "attackers": outcomes, "after": after,
              "target_met": attacked["p95_ms"] < 1000 and attacked["failures"] == 0}
    print(f"target (p95 under attack < 1 s, no failure): "
          f"{'met' if report['target_met'] else 'not met'}")
    if args.json:
        args.json.write_text(json.dumps(report, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
