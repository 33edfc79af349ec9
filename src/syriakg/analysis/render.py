"""The actor graph as a Graphviz DOT file, for Gephi, Graphviz or any DOT reader.

The file says where each node goes (``pos``, from ``layout``, pinned), so Graphviz, if a user
has it, draws it as the SVG and PNG of ``picture`` do: ``neato -n2 -Tsvg graph.gv``. Nodes are
coloured by kind and sized by a centrality measure; edges are coloured by relation, thicker
with more evidence, and undirected relations (agreements, co-vetoes) have no arrow.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from syriakg.analysis import style
from syriakg.analysis.graph import ActorGraph

FONT = "Noto Sans Arabic,Noto Sans,DejaVu Sans"
LAYOUT = "neato"
EDGE_LABELS_UP_TO = 4  # edges of one relation that still get a label each
_SHAPES = {"DraftResolution": "note"}


def quote(value: Any) -> str:
    """A DOT double-quoted string.

    >>> quote('say "hi"\\nback\\\\slash')
    '"say \\\\"hi\\\\"\\\\nback\\\\\\\\slash"'
    """
    text = str(value).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{text}"'


def _attrs(values: dict[str, Any]) -> str:
    return ", ".join(f"{k}={quote(v)}" for k, v in values.items() if v is not None and v != "")


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace(
        '"', "&quot;")


def caption(ag: ActorGraph, size_by: str) -> str:
    flt = ag.filter
    parts = [f"{ag.stats.get('nodes', 0)} nodes, {ag.stats.get('edges', 0)} edges",
             f"size: {size_by}"]
    if flt.relations:
        parts.append("relations: " + ", ".join(flt.relations))
    if flt.sources:
        parts.append("sources: " + ", ".join(flt.sources))
    if flt.without_sources:
        parts.append("without sources: " + ", ".join(flt.without_sources))
    if flt.start or flt.stop:
        parts.append(f"time: {flt.start or '..'} to {flt.stop or '..'}")
    if flt.actor:
        parts.append(f"around {flt.actor} (depth {flt.depth})")
    if flt.between:
        parts.append("paths: " + " - ".join(flt.between))
    return " · ".join(parts)


def _swatches(entries: list[tuple[str, str]]) -> str:
    if not entries:
        return " "  # Graphviz refuses a TABLE without rows
    cells = "".join(
        f'<TR><TD WIDTH="18" HEIGHT="8" FIXEDSIZE="TRUE" BGCOLOR="{colour}"></TD>'
        f'<TD ALIGN="LEFT">{_html(text)}</TD></TR>'
        for text, colour in entries
    )
    return f'<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="2" CELLPADDING="1">{cells}</TABLE>'


def legend(ag: ActorGraph, size_by: str) -> str:
    """The graph's label: a title, what the view shows, and colour keys for relations and kinds
    (an HTML-like Graphviz label, so the colours are real swatches)."""
    ar = ag.filter.lang == "ar"
    title = "الفاعلون وعلاقاتهم كما تقولها المصادر" if ar else "Actors and their relations"
    relations = sorted({(d["label"], d["color"]) for _, _, d in ag.graph.edges(data=True)})
    kinds = sorted({(style.kind_label(d["kind"], ag.filter.lang), d["color"])
                    for _, d in ag.graph.nodes(data=True)})
    return (
        '<<TABLE BORDER="0" CELLSPACING="4">'
        f'<TR><TD COLSPAN="2"><FONT POINT-SIZE="15">{_html(title)} — syriakg</FONT></TD></TR>'
        f'<TR><TD COLSPAN="2"><FONT POINT-SIZE="10">{_html(caption(ag, size_by))}</FONT></TD></TR>'
        f'<TR><TD VALIGN="TOP">{_swatches(relations)}</TD>'
        f'<TD VALIGN="TOP">{_swatches(kinds)}</TD></TR></TABLE>>'
    )


def to_dot(ag: ActorGraph, size_by: str = "degree") -> str:
    """The graph as Graphviz DOT, with ids, labels, colours, sizes and evidence counts."""
    graph = ag.graph
    top = max((float(d.get(size_by, 0)) for _, d in graph.nodes(data=True)), default=0.0) or 1.0
    # A relation drawn many times is named by the legend's colour, not by a label on each edge.
    per_relation = Counter(key for _, _, key in graph.edges(keys=True))
    lines = [
        "digraph syriakg {",
        "  graph [" + _attrs({
            "layout": LAYOUT, "overlap": "prism", "overlap_scaling": "2", "sep": "+18",
            "splines": "curved", "outputorder": "edgesfirst", "fontname": FONT, "fontsize": 12,
            "labelloc": "t", "labeljust": "l", "bgcolor": "white", "pad": "0.3",
        }) + f", label={legend(ag, size_by)}];",
        "  node [" + _attrs({"fontname": FONT, "style": "filled", "penwidth": "0.8",
                             "color": "#4a4a4a"}) + "];",
        "  edge [" + _attrs({"fontname": FONT, "fontsize": 9, "arrowsize": "0.7"}) + "];",
    ]
    for node, data in graph.nodes(data=True):
        share = float(data.get(size_by, 0)) / top
        lines.append(f"  {quote(node)} [" + _attrs({
            "label": data["label"], "fillcolor": data["color"],
            "shape": "box" if data["kind"] in style.PLACE_KINDS else _SHAPES.get(
                data["kind"], "ellipse"),
            "fontcolor": "white" if data["kind"] in ("StateArmedForces", "NonStateArmedGroup",
                                                     "State", "Government") else "black",
            "width": round(0.9 + 1.6 * share, 2), "height": round(0.45 + 0.7 * share, 2),
            "fontsize": round(10 + 8 * share, 1), "URL": data["iri"],
            "pos": f"{data.get('x', 0.0)},{-data.get('y', 0.0)}!",
            "tooltip": f"{data['label_en']} · {data['label_ar']} ({data['kind']})",
            "kind": data["kind"], "degree": data.get("degree"),
            "betweenness": data.get("betweenness"), "eigenvector": data.get("eigenvector"),
            "community": data.get("community"),
        }) + "];")
    for u, v, key, data in graph.edges(keys=True, data=True):
        lines.append(f"  {quote(u)} -> {quote(v)} [" + _attrs({
            "label": data["label"] if per_relation[key] <= EDGE_LABELS_UP_TO else None,
            "color": data["color"],
            "fontcolor": data["color"],
            "penwidth": round(1.2 + 0.8 * (int(data["weight"]) - 1), 1),
            "dir": None if data["directed"] else "none",
            "style": "dashed" if data["reference"] else None,
            "tooltip": f"{data['label_en']} ({data['weight']} × evidence: "
                       f"{', '.join(data['sources'])})",
            "relation": key, "weight": data["weight"], "claims": " ".join(data["claims"]),
            "sources": " ".join(data["sources"]),
        }) + "];")
    lines.append("}")
    return "\n".join(lines) + "\n"
