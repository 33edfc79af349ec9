"""The actor graph as a picture: SVG written here, PNG rasterised from it by resvg.

Nothing outside the Python packages is needed: the positions come from ``layout`` (seeded),
the SVG is written below, and resvg (``resvg-py``, a wheel) turns it into PNG with fonts that
are Python packages too (Noto Sans and Noto Sans Arabic, from ``fontpkg``), so Arabic labels
are shaped and laid out right to left on a machine with no fonts installed. Nodes are coloured
by kind and sized by a centrality measure; edges are coloured by relation, thicker with more
evidence, dashed for reference facts, and undirected relations (agreements, co-vetoes) have no
arrow. Each node links to its page; each node and edge has a tooltip (``<title>``).
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from syriakg.analysis import style
from syriakg.analysis.graph import ActorGraph
from syriakg.analysis.render import caption
from syriakg.errors import KGError

FONT = "Noto Sans, Noto Sans Arabic, DejaVu Sans, sans-serif"
EDGE_LABELS_UP_TO = 4  # edges of one relation that still get a label each
MARGIN = 40.0
LEGEND_ROW = 18.0
PNG_MAX_SIDE = 6000  # pixels; a larger drawing is scaled down to this


class RenderError(KGError):
    """The picture could not be drawn (the PNG rasteriser or its fonts are missing or fail)."""


def _radius(share: float) -> float:
    return 9.0 + 17.0 * share


def _legend(ag: ActorGraph, size_by: str, width: float) -> tuple[list[str], float]:
    """The title, what is shown, and colour keys for relations and kinds; and its height."""
    ar = ag.filter.lang == "ar"
    title = "الفاعلون وعلاقاتهم كما تقولها المصادر" if ar else "Actors and their relations"
    relations = sorted({(d["label"], d["color"]) for _, _, d in ag.graph.edges(data=True)})
    kinds = sorted({(style.kind_label(d["kind"], ag.filter.lang), d["color"])
                    for _, d in ag.graph.nodes(data=True)})
    out = [
        f'<text x="{MARGIN}" y="{MARGIN}" font-size="18">{escape(title)} — syriakg</text>',
        f'<text x="{MARGIN}" y="{MARGIN + 20}" font-size="12" fill="#444">'
        f'{escape(caption(ag, size_by))}</text>',
    ]
    y = MARGIN + 44
    column = max(width / 2, 260.0)
    rows = max(len(relations), len(kinds))
    for i, (text, colour) in enumerate(relations):
        out.append(f'<rect x="{MARGIN}" y="{y + i * LEGEND_ROW - 9}" width="18" height="8" '
                   f'fill="{colour}"/><text x="{MARGIN + 24}" y="{y + i * LEGEND_ROW}" '
                   f'font-size="12">{escape(text)}</text>')
    for i, (text, colour) in enumerate(kinds):
        out.append(f'<rect x="{MARGIN + column}" y="{y + i * LEGEND_ROW - 10}" width="12" '
                   f'height="12" rx="6" fill="{colour}" stroke="#4a4a4a" stroke-width="0.8"/>'
                   f'<text x="{MARGIN + column + 18}" y="{y + i * LEGEND_ROW}" '
                   f'font-size="12">{escape(text)}</text>')
    return out, 44 + rows * LEGEND_ROW + 20


def _markers(colours: set[str]) -> str:
    return "<defs>" + "".join(
        f'<marker id="arrow-{c[1:]}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" '
        f'markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" '
        f'fill="{c}"/></marker>' for c in sorted(colours)) + "</defs>"


def to_svg(ag: ActorGraph, size_by: str = "degree") -> str:
    """The graph as SVG: one ``<g class="node">`` per node and one ``<g class="edge">`` per
    edge, placed where ``layout`` put them (``build`` does)."""
    graph = ag.graph
    top = max((float(d.get(size_by, 0)) for _, d in graph.nodes(data=True)), default=0.0) or 1.0
    radius = {n: _radius(float(d.get(size_by, 0)) / top) for n, d in graph.nodes(data=True)}
    xs = [float(d.get("x", 0.0)) for _, d in graph.nodes(data=True)] or [0.0]
    ys = [float(d.get("y", 0.0)) for _, d in graph.nodes(data=True)] or [0.0]
    drawing_width = max(xs) - min(xs) + 2 * MARGIN + 200
    legend, legend_height = _legend(ag, size_by, drawing_width)
    dx = MARGIN + 100 - min(xs)
    dy = MARGIN + legend_height + 30 - min(ys)
    width = max(drawing_width, 640.0)
    height = max(ys) - min(ys) + legend_height + 2 * MARGIN + 80

    def at(node: str) -> tuple[float, float]:
        data = graph.nodes[node]
        return float(data.get("x", 0.0)) + dx, float(data.get("y", 0.0)) + dy

    per_relation = Counter(key for _, _, key in graph.edges(keys=True))
    between: dict[frozenset[str], int] = defaultdict(int)
    edges: list[str] = []
    for u, v, key, data in graph.edges(keys=True, data=True):
        edges.append(_edge(u, v, data, at, radius, between,
                           label=per_relation[key] <= EDGE_LABELS_UP_TO))
    nodes = [_node(n, d, at(n), radius[n]) for n, d in graph.nodes(data=True)]
    colours = {d["color"] for _, _, d in graph.edges(data=True)}
    return "\n".join([
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height:.0f}" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" font-family="{FONT}">',
        _markers(colours),
        f'<rect width="{width:.0f}" height="{height:.0f}" fill="white"/>',
        *legend, *edges, *nodes, "</svg>", ""])


def _edge(u: str, v: str, data: dict[str, Any], at: Any, radius: dict[str, float],
          between: dict[frozenset[str], int], label: bool) -> str:
    (x1, y1), (x2, y2) = at(u), at(v)
    pair = frozenset((u, v))
    nth = between[pair]
    between[pair] += 1
    tip = (f"{data['label_en']} ({data['weight']} × evidence: {', '.join(data['sources'])})")
    width = 1.2 + 0.8 * (int(data["weight"]) - 1)
    colour = data["color"]
    dash = ' stroke-dasharray="6 4"' if data["reference"] else ""
    arrow = f' marker-end="url(#arrow-{colour[1:]})"' if data["directed"] else ""
    length = math.hypot(x2 - x1, y2 - y1)
    if u == v or length < 1:
        r = radius[u]
        d = (f"M{x1:.1f},{y1 - r:.1f} C{x1 - 3 * r:.1f},{y1 - 4 * r:.1f} "
             f"{x1 + 3 * r:.1f},{y1 - 4 * r:.1f} {x1:.1f},{y1 - r:.1f}")
        mx, my = x1, y1 - 3.2 * r
    else:
        ux, uy = (x2 - x1) / length, (y2 - y1) / length
        # Parallel edges between one pair bend apart: 0, +1, -1, +2, ... times 22 px.
        bend = 22.0 * ((nth + 1) // 2) * (1 if nth % 2 else -1) if nth else 0.0
        cx, cy = (x1 + x2) / 2 - uy * bend, (y1 + y2) / 2 + ux * bend
        sx, sy = x1 + ux * radius[u], y1 + uy * radius[u]
        ex, ey = x2 - ux * radius[v], y2 - uy * radius[v]
        d = f"M{sx:.1f},{sy:.1f} Q{cx:.1f},{cy:.1f} {ex:.1f},{ey:.1f}"
        mx, my = (sx + 2 * cx + ex) / 4, (sy + 2 * cy + ey) / 4
    text = (f'<text x="{mx:.1f}" y="{my - 3:.1f}" font-size="10" fill="{colour}" '
            f'text-anchor="middle" stroke="white" stroke-width="3" paint-order="stroke">'
            f'{escape(data["label"])}</text>') if label else ""
    return (f'<g class="edge" data-relation={quoteattr(data["relation"])}>'
            f'<title>{escape(tip)}</title><path d="{d}" fill="none" stroke="{colour}" '
            f'stroke-width="{width:.1f}"{dash}{arrow}/>{text}</g>')


def _node(node: str, data: dict[str, Any], where: tuple[float, float], r: float) -> str:
    x, y = where
    tip = f"{data['label_en']} · {data['label_ar']} ({data['kind']})"
    if data["kind"] in style.PLACE_KINDS or data["kind"] == "DraftResolution":
        shape = (f'<rect x="{x - r:.1f}" y="{y - r * 0.7:.1f}" width="{2 * r:.1f}" '
                 f'height="{1.4 * r:.1f}" rx="4"')
    else:
        shape = f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}"'
    size = 12 + 4 * (r - 9.0) / 17.0
    return (
        f'<g class="node" id={quoteattr(node)}><a href={quoteattr(data["url"])}>'
        f'<title>{escape(tip)}</title>'
        f'{shape} fill="{data["color"]}" stroke="#4a4a4a" stroke-width="0.8"/>'
        f'<text x="{x:.1f}" y="{y + r + size:.1f}" font-size="{size:.1f}" text-anchor="middle" '
        f'stroke="white" stroke-width="3" paint-order="stroke">{escape(data["label"])}</text>'
        "</a></g>"
    )


def _font_files() -> list[str]:
    import fontpkg_noto_sans
    import fontpkg_noto_sans_arabic

    return sorted(str(p) for pkg in (fontpkg_noto_sans, fontpkg_noto_sans_arabic)
                  for p in pkg.ROOT.glob("files/*.ttf") if "Italic" not in p.name)


def to_png(svg: str) -> bytes:
    """The SVG rasterised by resvg, with the fonts the project installs (no system fonts).

    :raises RenderError: if resvg or the fonts are missing, or resvg fails.
    """
    try:
        import resvg_py

        files = _font_files()
    except ImportError as exc:
        raise RenderError(
            f"PNG needs the Python package {exc.name!r}, installed with the project: "
            "run make install (pip install -e .)") from exc
    head = svg[:600]
    width = float(head.split('width="', 1)[1].split('"', 1)[0])
    height = float(head.split('height="', 1)[1].split('"', 1)[0])
    scale = min(1.0, PNG_MAX_SIDE / max(width, height))
    try:
        return bytes(resvg_py.svg_to_bytes(
            svg_string=svg, skip_system_fonts=True, font_files=files, background="white",
            width=max(1, int(width * scale)), height=max(1, int(height * scale))))
    except Exception as exc:  # noqa: BLE001 - resvg raises plain exceptions with its reason
        raise RenderError(f"the PNG could not be drawn: {exc}") from exc
