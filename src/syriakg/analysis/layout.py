"""Where each node of the actor graph is drawn: seeded, so the same graph is drawn the same way.

The positions are computed here once, on the server, and every drawing uses them: the browser
view (placed as given, no layout in the page), the SVG and the PNG. A spring model
(Fruchterman-Reingold, rustworkx) lays out graphs of up to ``WHOLE`` nodes at once (0.2 s for
1,000 nodes); its cost grows with the square of the nodes, so a larger graph is laid out one
community at a time (the communities the metrics found), each community a disc of its own,
and the discs packed row by row, largest first. Positions are in pixels at zoom 1, with
``SPACING`` pixels between neighbours, so labels of the default size do not run together.
See docs/architecture.md, "The actor graph".
"""

from __future__ import annotations

import math
from collections import defaultdict

import networkx as nx
import rustworkx as rx

SEED = 20111
WHOLE = 1000
SPACING = 170.0  # pixels between two linked nodes, about one label's width
ITERATIONS = 80


def _spring(graph: nx.MultiDiGraph, nodes: list[str]) -> dict[str, tuple[float, float]]:
    """A spring layout of ``nodes`` (sorted, so the result does not depend on insertion order),
    centred on 0 and scaled so that neighbours are about ``SPACING`` apart."""
    if len(nodes) == 1:
        return {nodes[0]: (0.0, 0.0)}
    index = {n: i for i, n in enumerate(nodes)}
    simple = rx.PyGraph()
    simple.add_nodes_from(nodes)
    pairs = sorted({(min(index[u], index[v]), max(index[u], index[v]))
                    for u, v in graph.subgraph(nodes).edges() if u != v})
    simple.add_edges_from_no_data(pairs)
    found = rx.spring_layout(simple, seed=SEED, num_iter=ITERATIONS, scale=1)
    points = [found[i] for i in range(len(nodes))]
    # Scaled to [-1, 1], the model puts neighbours about 2/sqrt(n) apart: make that SPACING.
    factor = SPACING * math.sqrt(len(nodes)) / 2
    cx = sum(p[0] for p in points) / len(points)
    cy = sum(p[1] for p in points) / len(points)
    return {n: ((p[0] - cx) * factor, (p[1] - cy) * factor) for n, p in zip(nodes, points,
                                                                          strict=True)}


def _radius(points: dict[str, tuple[float, float]]) -> float:
    return max((math.hypot(x, y) for x, y in points.values()), default=0.0) + SPACING / 2


def place(graph: nx.MultiDiGraph) -> None:
    """Write ``x`` and ``y`` (pixels) onto every node of ``graph``."""
    nodes = sorted(graph.nodes)
    if not nodes:
        return
    if len(nodes) <= WHOLE:
        found = _spring(graph, nodes)
    else:
        groups: dict[int, list[str]] = defaultdict(list)
        for n in nodes:
            groups[int(graph.nodes[n].get("community", 0))].append(n)
        discs = sorted((_spring(graph, members) for members in groups.values()),
                       key=lambda d: (-len(d), min(d)))
        width = math.sqrt(sum((2 * _radius(d)) ** 2 for d in discs)) * 1.2
        found = {}
        x = y = row = 0.0
        for disc in discs:
            r = _radius(disc)
            if x > 0 and x + 2 * r > width:
                x, y, row = 0.0, y + row, 0.0
            for n, (px, py) in disc.items():
                found[n] = (x + r + px, y + r + py)
            x += 2 * r
            row = max(row, 2 * r)
    for n, (px, py) in found.items():
        graph.nodes[n]["x"] = round(px, 1)
        graph.nodes[n]["y"] = round(py, 1)
