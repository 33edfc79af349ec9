"""The actor graph as files: GraphML and GEXF (Gephi), Cytoscape JSON, DOT, SVG and PNG.

Every format carries the same nodes and edges. GraphML and GEXF hold only flat values, so an
edge's evidence goes there as its claim ids, sources and Arabic quotes joined by `` | ``; the
JSON keeps the evidence whole (the browser view shows it), together with the legend data and
the metrics. DOT comes from ``render``, SVG and PNG from ``picture``; every format carries the
positions of ``layout`` (``x``, ``y``), so each drawing of one graph looks the same.
"""

from __future__ import annotations

import io
import json
from typing import Any

import networkx as nx

from syriakg.analysis import picture, render, style
from syriakg.analysis.graph import ActorGraph

FORMATS: dict[str, tuple[str, str]] = {
    "graphml": ("application/graphml+xml", "graphml"),
    "gexf": ("application/gexf+xml", "gexf"),
    "json": ("application/json", "json"),
    "dot": ("text/vnd.graphviz; charset=utf-8", "gv"),
    "svg": ("image/svg+xml", "svg"),
    "png": ("image/png", "png"),
}
_NODE_FIELDS = ("label", "label_en", "label_ar", "kind", "iri", "url", "color", "degree",
                "in_degree", "out_degree", "betweenness", "eigenvector", "community", "x", "y")
_SEP = " | "


def _flat_edge(u: str, v: str, data: dict[str, Any]) -> dict[str, Any]:
    evidence = data["evidence"]
    return {
        "id": f"{u} {data['relation']} {v}",
        "relation": data["relation"],
        "label": data["label"],
        "label_en": data["label_en"],
        "label_ar": data["label_ar"],
        "directed": bool(data["directed"]),
        "reference": bool(data["reference"]),
        "weight": int(data["weight"]),
        "claims": _SEP.join(data["claims"]),
        "sources": _SEP.join(data["sources"]),
        "when": data["when"],
        "quotes_ar": _SEP.join(e.get("quote_ar", "") for e in evidence if e.get("quote_ar")),
        "translations_en": _SEP.join(
            e.get("translation_en", "") for e in evidence if e.get("translation_en")),
        "color": data["color"],
    }


def flat_graph(ag: ActorGraph) -> nx.MultiDiGraph:
    """A copy with only strings, numbers and booleans: what GraphML and GEXF can hold."""
    flat = nx.MultiDiGraph(name="syriakg actor graph")
    for node, data in ag.graph.nodes(data=True):
        flat.add_node(node, **{k: data[k] for k in _NODE_FIELDS if data.get(k) is not None})
    for u, v, key, data in ag.graph.edges(keys=True, data=True):
        flat.add_edge(u, v, key=key, **_flat_edge(u, v, data))
    return flat


def _rgb(colour: str) -> dict[str, int]:
    return {"r": int(colour[1:3], 16), "g": int(colour[3:5], 16), "b": int(colour[5:7], 16)}


def to_graphml(ag: ActorGraph) -> bytes:
    """GraphML, readable by ``nx.read_graphml``, Gephi, Cytoscape and yEd."""
    buffer = io.BytesIO()
    flat = flat_graph(ag)
    for _, _, data in flat.edges(data=True):
        del data["id"]  # GraphML keys edges by networkx key already
    nx.write_graphml(flat, buffer, encoding="utf-8", named_key_ids=True)
    return buffer.getvalue()


def to_gexf(ag: ActorGraph, size_by: str = "degree") -> bytes:
    """GEXF 1.2 with Gephi's viz module: colour by kind or relation, size by ``size_by``."""
    flat = flat_graph(ag)
    top = max((float(d.get(size_by, 0)) for _, d in flat.nodes(data=True)), default=0.0) or 1.0
    for _, data in flat.nodes(data=True):
        data["viz"] = {
            "color": {**_rgb(data["color"]), "a": 1.0},
            "size": round(10 + 30 * float(data.get(size_by, 0)) / top, 2),
        }
    for _, _, data in flat.edges(data=True):
        data["viz"] = {"color": {**_rgb(data["color"]), "a": 1.0}}
    buffer = io.BytesIO()
    nx.write_gexf(flat, buffer, encoding="utf-8", version="1.2draft")
    return buffer.getvalue()


def to_cytoscape(ag: ActorGraph) -> dict[str, Any]:
    """Cytoscape.js JSON (``elements``; ``nx.cytoscape_graph`` reads it back), plus the legend,
    filters, metrics and paths the browser view needs."""
    lang = ag.filter.lang
    nodes = [
        {"data": {"id": n, "value": n, "name": d["label"],
                  **{k: d[k] for k in _NODE_FIELDS if k in d}, "kind_label": d["kind_label"]}}
        for n, d in ag.graph.nodes(data=True)
    ]
    edges = [
        {"data": {**_flat_edge(u, v, d), "source": u, "target": v, "key": k,
                  "claims": d["claims"], "sources": d["sources"], "evidence": d["evidence"]}}
        for u, v, k, d in ag.graph.edges(keys=True, data=True)
    ]
    counts: dict[str, int] = {}
    for _, _, key in ag.graph.edges(keys=True):
        counts[key] = counts.get(key, 0) + 1
    ex = ag.extraction
    relations = [
        {"id": r.id, "label_en": r.label_en, "label_ar": r.label_ar, "directed": r.directed,
         "reference": r.reference, "color": style.relation_colour(r.id),
         "edges": counts.get(r.id, 0)}
        for r in sorted(ex.relations.values(), key=lambda r: (r.reference, r.label_en))
    ]
    # One legend entry per colour: the place kinds (country, region, ...) share one.
    kinds = sorted({style.kind_label(d["kind"], "en"): d["kind"]
                    for _, d in ag.graph.nodes(data=True)}.values())
    flt = ag.filter
    return {
        "data": {
            "name": "syriakg actor graph",
            "lang": lang,
            "filter": {"relation": list(flt.relations), "source": list(flt.sources),
                       "not_source": list(flt.without_sources),
                       "from": flt.start, "to": flt.stop, "actor": flt.actor,
                       "depth": flt.depth, "between": list(flt.between), "top": flt.top},
            "stats": ag.stats,
            "paths": ag.paths,
        },
        "directed": True,
        "multigraph": True,
        "elements": {"nodes": nodes, "edges": edges},
        "relations": relations,
        "sources": [vars(s) for s in ex.sources.values()],
        "kinds": [{"id": k, "label": style.kind_label(k, lang),
                   "label_en": style.kind_label(k, "en"), "label_ar": style.kind_label(k, "ar"),
                   "color": style.kind_colour(k)} for k in kinds],
        "actors": sorted(
            ({"id": n.id, "label_en": n.label_en, "label_ar": n.label_ar, "kind": n.kind}
             for n in ex.nodes.values()),
            key=lambda a: a["label_en"].casefold()),
    }


def export(ag: ActorGraph, fmt: str, size_by: str = "degree") -> bytes:
    """The graph in ``fmt`` (a key of ``FORMATS``).

    :raises syriakg.analysis.picture.RenderError: if PNG is asked for and cannot be drawn.
    """
    if fmt == "graphml":
        return to_graphml(ag)
    if fmt == "gexf":
        return to_gexf(ag, size_by)
    if fmt == "json":
        body = json.dumps(to_cytoscape(ag), ensure_ascii=False, separators=(",", ":"))
        return body.encode("utf-8")
    if fmt == "dot":
        return render.to_dot(ag, size_by).encode("utf-8")
    if fmt == "svg":
        return picture.to_svg(ag, size_by).encode("utf-8")
    if fmt == "png":
        return picture.to_png(picture.to_svg(ag, size_by))
    raise ValueError(f"unknown format {fmt!r}; known: {', '.join(FORMATS)}")
