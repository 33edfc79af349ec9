"""The actor-graph view on a large store, this code against a peer checkout (main), side by side.

`python bench/graph_bench.py --store DIR [--peer DIR] [--json FILE]`

For each side, in a fresh process that imports that side's ``syriakg`` (``PYTHONPATH``), it
starts the app as ``syriakg serve`` does on a built store (``create_app`` on the store directory,
``store_mode = disk``), then times:

- the app's start-up (whatever it reads before answering, the actor graph's statements among it);
- ``/graph.json`` with filters nobody asked before, each asked once (first requests only): the
  view's opening answer, then other sources left out (an evidence filter: everything is merged
  and measured again), an actor's neighbourhood, Arabic labels, fewer actors, a time window;
  p50, p95 and max over them, through Flask's test client;
- in Debian's chromium (Playwright, as the browser tests run it), ``/graph?top=`` (every actor)
  from navigation to the first frame painted after all nodes are on the canvas, with a cap
  (``--draw-timeout``).

The store should be written by this code (``syriakg load``) so that the files kept beside it
are there; the peer reads what it needs from the store. The peer's static folder gets this
side's ``vendor/`` (npm files) by a symbolic link when it has none.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


def _filters(extraction: Any) -> list[tuple[str, str]]:
    """(kind, query) of filters not asked before, in the order they are asked."""
    sources = sorted(s.id for s in extraction.sources.values())[:6]
    degree: dict[str, int] = {}
    for st in extraction.statements:
        for iri in (st.subject, st.object):
            degree[iri] = degree.get(iri, 0) + 1
    hubs = sorted(degree, key=lambda n: (-degree[n], n))[:6]
    actors = [extraction.nodes[n].id for n in hubs]
    out = [("opening", "top=300&lang=en")]
    out += [("evidence", f"top=300&lang=en&not_source={s}") for s in sources]
    out += [("structural", f"top=300&lang=en&actor={a}&depth=1") for a in actors]
    out += [("structural", f"top={n}&lang=en") for n in (50, 100, 200)]
    out += [("evidence", "top=300&lang=ar"), ("evidence", "top=300&lang=en&from=2015&to=2016")]
    return out


def _draw_seconds(url: str, timeout_s: float) -> float | None:
    """Seconds from navigation to a painted frame with every node of ``url`` on the canvas."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            page.set_default_timeout(timeout_s * 1000)
            page.goto(url)
            try:
                page.wait_for_function(
                    """() => { const g = window.syriakgGraph;
                        return g && g.cy && g.data && g.cy.nodes().length > 0
                          && g.cy.nodes().length === g.data.elements.nodes.length
                          && (!g.timings || g.timings.painted); }""",
                    timeout=timeout_s * 1000, polling=50)
            except Exception:  # noqa: BLE001 - a timeout: not drawn within the cap
                return None
            # The page's own mark where it has one (the first frame painted after the nodes
            # were put on the canvas); else the next frame from now.
            painted = page.evaluate("""() => { const g = window.syriakgGraph;
                if (g.timings && g.timings.painted) return g.timings.painted;
                return new Promise((done) => requestAnimationFrame(
                  () => requestAnimationFrame(() => done(performance.now())))); }""")
            return float(painted) / 1000
        finally:
            browser.close()


def worker(store: Path, root: Path, draw_timeout: float) -> dict[str, Any]:
    """One side's numbers, in this process (``syriakg`` is that side's)."""
    from werkzeug.serving import make_server

    import syriakg
    from syriakg.settings import Settings
    from syriakg.web import close_app, create_app
    from syriakg.web.views import graph as web_graph

    started = time.perf_counter()
    settings = Settings.load(root=str(root), store=str(store), store_mode="disk",
                             result_cache_mb=64)
    app = create_app(settings)
    start_up = time.perf_counter() - started
    extraction = app.extensions[web_graph.EXTENSION]
    client = app.test_client()
    rows = []
    try:
        for kind, query in _filters(extraction):
            t = time.perf_counter()
            response = client.get("/graph.json?" + query)
            seconds = time.perf_counter() - t
            if response.status_code != 200:
                raise SystemExit(f"/graph.json?{query}: HTTP {response.status_code}")
            rows.append({"kind": kind, "query": query, "s": seconds, "bytes": len(response.data)})
        import threading

        http = make_server("127.0.0.1", 0, app, threaded=True)
        thread = threading.Thread(target=http.serve_forever, daemon=True)
        thread.start()
        try:
            draw = _draw_seconds(f"http://127.0.0.1:{http.server_port}/graph?top=", draw_timeout)
        finally:
            http.shutdown()
            thread.join(timeout=10)
        actors = len(extraction.nodes)
    finally:
        close_app(app)
    return {"code": str(Path(syriakg.__file__).parents[2]), "start_up_s": start_up,
            "requests": rows, "draw_s": draw, "actors": actors}


def _commit(root: Path) -> str:
    return subprocess.run(["git", "-C", str(root), "rev-parse", "--short", "HEAD"],
                          capture_output=True, text=True, check=False).stdout.strip()


def _side(root: Path, store: Path, draw_timeout: float) -> dict[str, Any]:
    vendor = root / "src/syriakg/web/static/vendor"
    ours = ROOT / "src/syriakg/web/static/vendor"
    if not vendor.exists() and ours.exists():
        vendor.symlink_to(ours)
    with tempfile.NamedTemporaryFile(suffix=".json") as out:
        env = {**os.environ, "PYTHONPATH": str(root / "src")}
        subprocess.run([sys.executable, __file__, "--worker", "--store", str(store),
                        "--root", str(root), "--draw-timeout", str(draw_timeout),
                        "--json", out.name], check=True, env=env)
        result: dict[str, Any] = json.loads(Path(out.name).read_text(encoding="utf-8"))
    result["commit"] = _commit(root)
    return result


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def report(sides: dict[str, dict[str, Any]]) -> None:
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPU(s)")
    names = list(sides)
    print(f"{'':<44}" + "".join(f"{n + ' ' + sides[n]['commit']:>20}" for n in names))

    def line(what: str, values: list[float | None], unit: str = "s") -> None:
        cells = "".join(f"{'—' if v is None else f'{v:.3f} {unit}':>20}" for v in values)
        print(f"{what:<44}{cells}")

    line("start-up (create_app)", [sides[n]["start_up_s"] for n in names])
    for kind in ("opening", "evidence", "structural", None):
        label = f"/graph.json, new filters: {kind or 'all'}"
        per = [[r["s"] for r in sides[n]["requests"] if kind in (None, r["kind"])] for n in names]
        line(label + " p50", [statistics.median(v) for v in per])
        line(label + " p95", [_p95(v) for v in per])
    line(f"draw /graph?top= ({sides[names[0]]['actors']:,} actors)",
         [sides[n]["draw_s"] for n in names])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", type=Path, required=True, help="a store written by this code")
    parser.add_argument("--peer", type=Path, help="a checkout of the peer (e.g. main)")
    parser.add_argument("--draw-timeout", type=float, default=180.0, help="seconds")
    parser.add_argument("--json", type=Path, help="also write the numbers here")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--root", type=Path, default=ROOT, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        result = worker(args.store, args.root, args.draw_timeout)
        args.json.write_text(json.dumps(result), encoding="utf-8")
        return
    sides = {"this": _side(ROOT, args.store, args.draw_timeout)}
    if args.peer is not None:
        sides["peer"] = _side(args.peer, args.store, args.draw_timeout)
    report(sides)
    if args.json:
        args.json.write_text(json.dumps(sides, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
