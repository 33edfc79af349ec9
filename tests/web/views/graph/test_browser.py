"""/graph in Debian's chromium against a real HTTP server: the graph draws from our own
static folder, a click on an edge shows the claim with its Arabic quote, the language switch
relabels the nodes, and a node expands to its neighbours."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import threading
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from werkzeug.serving import make_server

from syriakg import web
from syriakg.settings import Settings
from syriakg.web import close_app, create_app
from syriakg.web.views import graph as web_graph
from tests.browser import chromium

pytestmark = [pytest.mark.browser]

VENDOR = Path(web.__file__).parent / "static" / "vendor" / "cytoscape" / "cytoscape.min.js"
# Drawn, and the filters' lists filled (after the first paint).
READY = ("() => window.syriakgGraph && window.syriakgGraph.cy"
         " && window.syriakgGraph.cy.nodes().length > 0 && window.syriakgGraph.first === false")


@contextlib.contextmanager
def serving(settings: Settings, store: ox.Store) -> Iterator[str]:
    """A new app on the store, served over HTTP on a free loopback port from a thread."""
    app = create_app(settings, store)
    http = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=http.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{http.server_port}"
    finally:
        http.shutdown()
        thread.join(timeout=10)
        close_app(app)


@pytest.fixture(scope="module")
def server(settings: Settings, store: ox.Store) -> Iterator[str]:
    """The app on the real store, shared by the tests of this module."""
    with serving(settings, store) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    needed = (VENDOR, "Cytoscape.js is not installed in static/vendor: run `make static`")
    with chromium(needed) as b:
        yield b


def click_edge(page: Any, relation: str, source: str) -> None:
    """Click the ``relation`` edge from ``source`` where the user would: on the line, at a spot
    no other node or edge covers (the graph is dense, so the midpoint may be taken)."""
    point = page.evaluate(
        """([relation, source]) => {
             const cy = window.syriakgGraph.cy;
             const edge = cy.edges().filter(
               (e) => e.data('relation') === relation && e.data('source') === source)[0];
             cy.fit(edge.connectedNodes(), 150);
             const a = edge.sourceEndpoint(), b = edge.targetEndpoint();
             const pan = cy.pan(), zoom = cy.zoom();
             const toScreen = (p) => ({x: p.x * zoom + pan.x, y: p.y * zoom + pan.y});
             const near = (p, e) => {
               const s = toScreen(e.sourceEndpoint()), t = toScreen(e.targetEndpoint());
               const dx = t.x - s.x, dy = t.y - s.y, len = dx * dx + dy * dy || 1;
               const k = Math.max(0, Math.min(1, ((p.x - s.x) * dx + (p.y - s.y) * dy) / len));
               return Math.hypot(p.x - s.x - k * dx, p.y - s.y - k * dy) < 12;
             };
             for (const f of [0.5, 0.4, 0.6, 0.3, 0.7, 0.25, 0.75]) {
               const p = toScreen({x: a.x + f * (b.x - a.x), y: a.y + f * (b.y - a.y)});
               const hidden = cy.nodes().some((n) => {
                 const box = n.renderedBoundingBox();
                 return p.x > box.x1 - 4 && p.x < box.x2 + 4
                   && p.y > box.y1 - 4 && p.y < box.y2 + 4;
               }) || cy.edges().some((e) => e !== edge && near(p, e));
               if (!hidden) {
                 const box = cy.container().getBoundingClientRect();
                 return {x: box.left + p.x, y: box.top + p.y};
               }
             }
             throw new Error('no clear spot on the edge');
           }""",
        [relation, source],
    )
    page.mouse.click(point["x"], point["y"])


def click_node(page: Any, node_id: str) -> None:
    point = page.evaluate(
        """(id) => {
             const cy = window.syriakgGraph.cy;
             const pos = cy.getElementById(id).renderedPosition();
             const box = cy.container().getBoundingClientRect();
             return {x: box.left + pos.x, y: box.top + pos.y};
           }""",
        node_id,
    )
    page.mouse.click(point["x"], point["y"])


def test_click_an_edge_and_read_the_quote(browser: Any, server: str, tmp_path: Path) -> None:
    page = browser.new_page(viewport={"width": 1600, "height": 1000})
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(server + "/graph")
    page.wait_for_function(READY, timeout=20_000)
    assert page.evaluate("window.syriakgGraph.cy.edges().length") > 20

    # The full layout is dense and any edge may lie under another; a user reading one actor's
    # claims narrows the view first, as here.
    page.goto(server + "/graph?actor=bashar-al-assad&depth=1")
    page.wait_for_function(READY, timeout=20_000)
    assert page.evaluate("window.syriakgGraph.cy.edges().length") < 20
    click_edge(page, "requested", "actor:bashar-al-assad")
    quote = page.wait_for_selector("#selection blockquote.quote", timeout=5_000)
    assert quote is not None
    assert "طلب من رئيس النظام المجرم بشار الأسد" in quote.inner_text()
    assert quote.get_attribute("dir") == "rtl"
    details = page.inner_text("#selection")
    assert "Bashar al-Assad" in details and "(d0001)" in details
    assert page.get_attribute("#selection a.claim-link", "href") == "/id/claim/d0001-request"

    page.select_option("#lang", "ar")
    assert page.evaluate("window.syriakgGraph.cy.getElementById('actor:russia').data('label')") \
        == "روسيا"
    page.evaluate("window.syriakgGraph.cy.fit(undefined, 30)")  # the click zoomed in
    shot = tmp_path / "graph-view.png"
    page.screenshot(path=str(shot))
    if os.environ.get("SYRIAKG_SCREENSHOTS"):
        shutil.copy(shot, Path(os.environ["SYRIAKG_SCREENSHOTS"]) / shot.name)
    assert errors == []
    page.close()


def test_a_node_opens_its_page_and_expands(browser: Any, server: str) -> None:
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.goto(server + "/graph?actor=actor:china&depth=0")
    page.wait_for_function(READY, timeout=20_000)
    assert page.evaluate("window.syriakgGraph.cy.nodes().length") == 1
    click_node(page, "actor:china")
    assert page.get_attribute("#selection .node-actions a", "href") == "/id/actor/china"
    neighbours = sorted(n["data"]["id"] for n in json.loads(urllib.request.urlopen(
        server + "/graph.json?actor=china&depth=1").read())["elements"]["nodes"])
    assert {"actor:russia", "actor:unsc", "draft:d0001-crossborder-extension-draft"} < set(
        neighbours)
    page.click("#expand")
    page.wait_for_function(
        f"() => window.syriakgGraph.cy.nodes().length === {len(neighbours)}", timeout=10_000)
    ids = page.evaluate("window.syriakgGraph.cy.nodes().map((n) => n.id()).sort()")
    assert ids == neighbours
    page.close()


def test_the_view_draws_the_most_connected_and_says_how_many_are_left_out(
    browser: Any, server: str
) -> None:
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    whole = json.loads(urllib.request.urlopen(server + "/graph.json?top=").read())
    total = len(whole["elements"]["nodes"])
    page.goto(server + "/graph?top=3")
    page.wait_for_function(READY, timeout=20_000)
    assert page.evaluate("window.syriakgGraph.cy.nodes().length") == 3
    assert f"{total - 3} more are not" in page.inner_text("#metrics")
    page.fill("#top", "")  # empty: everyone
    page.click("#apply")
    page.wait_for_function(
        f"() => window.syriakgGraph.cy.nodes().length === {total}", timeout=20_000)
    assert "more are not" not in page.inner_text("#metrics")
    assert "top=&" in page.url or page.url.endswith("top=")
    page.close()


def test_leaving_out_one_source_names_only_that_one(browser: Any, server: str) -> None:
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.goto(server + "/graph")
    page.wait_for_function(READY, timeout=20_000)
    boxes = page.query_selector_all("#sources input[type=checkbox]")
    values = [b.get_attribute("value") for b in boxes]
    assert len(values) >= 3 and all(b.is_checked() for b in boxes)
    left_out = "reference"
    assert left_out in values
    page.uncheck(f"#sources input[value='{left_out}']")
    page.click("#apply")
    page.wait_for_url("**not_source=**", timeout=10_000)
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(page.url).query)
    assert query["not_source"] == [left_out] and "source" not in query
    expected = json.loads(urllib.request.urlopen(
        server + "/graph.json?" + urllib.parse.urlencode({"not_source": left_out})).read())
    edges = len(expected["elements"]["edges"])
    whole = json.loads(urllib.request.urlopen(server + "/graph.json").read())
    assert 0 < edges < len(whole["elements"]["edges"])
    page.wait_for_function(
        f"() => window.syriakgGraph.cy.edges().length === {edges}", timeout=20_000)

    page.goto(page.url)  # the link, opened again, shows the same choice
    page.wait_for_function(READY, timeout=20_000)
    ticked = {b.get_attribute("value"): b.is_checked()
              for b in page.query_selector_all("#sources input[type=checkbox]")}
    assert ticked == {v: v != left_out for v in values}
    page.close()


def test_the_view_opens_on_the_file_built_at_start_up(
    browser: Any, settings: Settings, store: ox.Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    built: list[object] = []
    real_build = web_graph.build
    with serving(settings, store) as url:  # a fresh app: no earlier test has opened its view
        monkeypatch.setattr(web_graph, "build", lambda *a: built.append(a) or real_build(*a))
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.goto(url + "/graph")
        page.wait_for_function(READY, timeout=20_000)
        assert built == []  # the view's first request was the one built at start-up
        page.close()


def positions(page: Any) -> dict[str, list[float]]:
    return page.evaluate("""() => Object.fromEntries(window.syriakgGraph.cy.nodes().map(
        (n) => [n.id(), [n.position('x'), n.position('y')]]))""")


def test_the_whole_graph_opens_readable_stable_and_clickable(browser: Any, server: str) -> None:
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(server + "/graph")
    page.wait_for_function(READY, timeout=20_000)
    # Every relation is listed with no scroll box of its own.
    box = page.evaluate("""() => { const b = document.getElementById('relations');
        return [b.scrollHeight, b.clientHeight, b.querySelectorAll('input').length]; }""")
    assert box[2] >= 15 and box[0] <= box[1] + 1
    # Labels are at least 11 px on screen at the zoom the view opens with.
    size = page.evaluate("""() => { const cy = window.syriakgGraph.cy;
        return cy.zoom() * parseFloat(cy.nodes()[0].style('font-size')); }""")
    assert size >= 11
    # One name, two things: each node says which.
    labels = page.evaluate("window.syriakgGraph.cy.nodes().map((n) => n.data('label'))")
    assert {"Syria (state)", "Syria (place)"} <= set(labels)
    assert len(labels) == len(set(labels))
    assert "a state and its territory" in page.inner_text("#same-name")
    first = positions(page)
    page.reload()
    page.wait_for_function(READY, timeout=20_000)
    assert positions(page) == first  # the same layout from one load to the next
    # An edge of the whole graph is clicked where it is drawn.
    click_edge(page, "vetoed", "actor:china")
    page.wait_for_selector("#selection .evidence", timeout=5_000)
    assert "vetoed" in page.inner_text("#selection").lower()
    assert errors == []
    page.close()
