"""The actor graph: statements merged into edges, filtered, as a networkx MultiDiGraph.

One edge per (subject, relation, object): a relation stated by two claims, or by two sources,
is one edge whose ``evidence`` lists both. Filters come in two layers. Evidence filters
(relation, source, time window) drop statements, and an edge with no statement left goes too.
Structural filters (an actor's neighbourhood, the shortest paths between two actors) then cut
the graph down, after the metrics were computed on the evidence-filtered graph, so that a
neighbourhood view shows each actor's standing in the whole network.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import networkx as nx

from syriakg.analysis import layout, metrics, style
from syriakg.analysis.extraction import Extraction, Node, Statement, page_url
from syriakg.analysis.timespan import parse_bound
from syriakg.errors import KGError
from syriakg.namespaces import ID_BASE, compact


class GraphFilterError(KGError):
    """A filter names an unknown actor, relation or source, or a date that does not parse."""


@dataclass(frozen=True)
class GraphFilter:
    """What to show. Empty tuples and ``None`` mean no restriction."""

    relations: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()  # source ids ("d0001", "reference") or named-graph names
    # Sources to leave out, named the same ways: with thousands of documents, "all but one" is
    # one name instead of thousands.
    without_sources: tuple[str, ...] = ()
    start: str | None = None  # YYYY, YYYY-MM or YYYY-MM-DD
    stop: str | None = None
    actor: str | None = None  # an actor key, compact IRI, IRI or label
    depth: int = 1
    between: tuple[str, ...] = ()  # two actors: show the shortest paths between them
    lang: str = "en"
    # Show at most this many actors, the most connected first; the measures stay those of the
    # whole filtered network. A browser cannot lay out thousands of actors.
    top: int | None = None


@dataclass
class ActorGraph:
    """The filtered graph, with its metrics and what was asked for."""

    graph: nx.MultiDiGraph
    extraction: Extraction
    filter: GraphFilter
    stats: dict[str, Any] = field(default_factory=dict)
    paths: list[list[str]] = field(default_factory=list)


def find_node(extraction: Extraction, name: str) -> Node:
    """The node named by a key (``russia``), compact IRI, IRI, or English/Arabic label.

    :raises GraphFilterError: if nothing matches; the message suggests close names.
    """
    wanted = name.strip()
    nodes = extraction.nodes
    for candidate in (wanted, f"{ID_BASE}actor/{wanted}", ID_BASE + wanted.replace(":", "/", 1)):
        if candidate in nodes:
            return nodes[candidate]
    folded = wanted.casefold()
    for node in nodes.values():
        if folded in (node.label_en.casefold(), node.label_ar.casefold(), node.id.casefold()):
            return node
    keys = [n.iri.rsplit("/", 1)[-1] for n in nodes.values()]
    close = difflib.get_close_matches(wanted, keys, n=3)
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    raise GraphFilterError(f"no actor or place called {name!r} in the graph{hint}")


def _check(extraction: Extraction, flt: GraphFilter) -> tuple[date | None, date | None]:
    unknown = [r for r in flt.relations if r not in extraction.relations]
    if unknown:
        known = ", ".join(sorted(extraction.relations))
        raise GraphFilterError(f"unknown relation(s) {', '.join(unknown)}; known: {known}")
    groups = {s.id for s in extraction.sources.values()} | {
        s.graph for s in extraction.sources.values()}
    missing = [s for s in flt.sources + flt.without_sources if s not in groups]
    if missing:
        raise GraphFilterError(
            f"unknown source(s) {', '.join(missing)}; known: {', '.join(sorted(groups))}")
    if flt.lang not in ("en", "ar"):
        raise GraphFilterError(f"lang must be 'en' or 'ar', not {flt.lang!r}")
    if flt.depth < 0:
        raise GraphFilterError("depth must be 0 or more")
    if flt.between and len(flt.between) != 2:
        raise GraphFilterError("shortest paths need exactly two actors")
    if flt.top is not None and flt.top < 1:
        raise GraphFilterError(f"top must be 1 or more, not {flt.top}")
    try:
        return parse_bound(flt.start), parse_bound(flt.stop, end=True)
    except ValueError as exc:
        raise GraphFilterError(str(exc)) from exc


def _keep(st: Statement, flt: GraphFilter, start: date | None, stop: date | None) -> bool:
    if flt.relations and st.relation not in flt.relations:
        return False
    if flt.sources and st.source not in flt.sources and st.graph not in flt.sources:
        return False
    if st.source in flt.without_sources or st.graph in flt.without_sources:
        return False
    if start is None and stop is None:
        return True
    # Reference facts are timeless here; a dated window drops claims that carry no date.
    if st.claim is None:
        return True
    return st.span is not None and st.span.overlaps(start, stop)


def evidence_item(extraction: Extraction, st: Statement) -> dict[str, Any]:
    """What the view shows for one statement: source, quote, translation, time, links."""
    source = extraction.sources.get(st.source)
    item: dict[str, Any] = {
        "source": st.source,
        "source_label_en": source.label_en if source else st.source,
        "source_label_ar": source.label_ar if source else st.source,
        "source_url": source.url if source else "",
        "graph": st.graph,
        "when": st.span.text() if st.span else "",
        "via": compact(st.via) if st.via else "",
    }
    if st.claim is None:
        item.update(kind="reference", note=st.note, cites=st.cites)
        return item
    claim = extraction.claims.get(st.claim)
    item.update(kind="claim", claim=compact(st.claim), claim_iri=st.claim,
                claim_url=page_url(st.claim))
    if claim is not None:
        item.update(
            quote_ar=" … ".join(q.exact for q in claim.quotes),
            span=[[q.start, q.end] for q in claim.quotes],
            translation_en=claim.translation, attitude=claim.attitude,
            claim_label_en=claim.label_en, claim_label_ar=claim.label_ar,
            verdict=claim.verdict, verdict_en=claim.verdict_en, verdict_ar=claim.verdict_ar,
            claimant=compact(claim.claimant) if claim.claimant else "",
        )
    return item


def shown_labels(extraction: Extraction, node: Node) -> tuple[str, str]:
    """The English and Arabic labels a drawing shows for ``node``: its labels, with its kind
    added where another node has the same label. The state Syria (an actor: it votes, it has a
    government) and the territory Syria (a place: where forces intervene) are two resources of
    the model (docs/modelling.md), so two nodes: "Syria (state)" and "Syria (place)"."""
    shared = extraction.shared_labels
    en, ar = node.label_en, node.label_ar
    if ("en", en.casefold()) in shared:
        en = f"{en} ({style.kind_label(node.kind, 'en')})"
    if ("ar", ar) in shared:
        ar = f"{ar} ({style.kind_label(node.kind, 'ar')})"
    return en, ar


def _merge(extraction: Extraction, statements: Iterable[Statement], lang: str) -> nx.MultiDiGraph:
    graph = nx.MultiDiGraph()
    for st in statements:
        for iri in (st.subject, st.object):
            node = extraction.nodes[iri]
            if node.id not in graph:
                label_en, label_ar = shown_labels(extraction, node)
                graph.add_node(
                    node.id, iri=node.iri, url=node.url, kind=node.kind,
                    kind_label=style.kind_label(node.kind, lang),
                    label_en=label_en, label_ar=label_ar,
                    label=label_ar if lang == "ar" else label_en,
                    color=style.kind_colour(node.kind),
                )
        u, v = extraction.nodes[st.subject].id, extraction.nodes[st.object].id
        if not graph.has_edge(u, v, key=st.relation):
            rel = extraction.relations[st.relation]
            graph.add_edge(
                u, v, key=st.relation, relation=st.relation, label_en=rel.label_en,
                label_ar=rel.label_ar, label=rel.label_ar if lang == "ar" else rel.label_en,
                directed=rel.directed, reference=rel.reference,
                color=style.relation_colour(st.relation), evidence=[],
            )
        graph.edges[u, v, st.relation]["evidence"].append(evidence_item(extraction, st))
    for _, _, data in graph.edges(data=True):
        evidence = data["evidence"]
        data["weight"] = len(evidence)
        data["claims"] = sorted({e["claim"] for e in evidence if e.get("claim")})
        data["sources"] = sorted({e["source"] for e in evidence})
        whens = sorted(e["when"] for e in evidence if e["when"])
        data["when"] = "; ".join(dict.fromkeys(whens))
    return graph


def _neighbourhood(graph: nx.MultiDiGraph, centre: str, depth: int) -> set[str]:
    if centre not in graph:
        return set()
    reach = nx.single_source_shortest_path_length(graph.to_undirected(as_view=True), centre,
                                                  cutoff=depth)
    return set(reach)


def _most_connected(graph: nx.MultiDiGraph, top: int, keep: set[str]) -> nx.MultiDiGraph:
    """The ``top`` nodes of highest degree in the network (ties by id), and ``keep`` besides."""
    ranked = sorted(graph.nodes, key=lambda n: (-graph.nodes[n]["degree"], n))
    return graph.subgraph(set(ranked[:top]) | keep).copy()


# Measured networks kept per extraction: the evidence filters and the language name one.
MEASURED_KEPT = 16


def _measured(extraction: Extraction, flt: GraphFilter, start: date | None,
              stop: date | None) -> tuple[nx.MultiDiGraph, dict[str, Any]]:
    """The evidence-filtered network with its metrics, kept on ``extraction``: the structural
    filters (actor, paths, top) then cut a copy, so that focusing on an actor or drawing fewer
    of them measures nothing again (at 1M triples the measures are most of a request's time)."""
    key = (flt.relations, flt.sources, flt.without_sources, flt.start, flt.stop, flt.lang)
    found = extraction.measured.get(key)
    if found is not None:
        return found
    kept = [st for st in extraction.statements if _keep(st, flt, start, stop)]
    # Sorted, so that every export of the same data is the same file.
    kept.sort(key=lambda s: (s.subject, s.relation, s.object, s.claim or "", s.graph,
                             s.via or "", str(s.span), s.note, s.cites))
    graph = _merge(extraction, kept, flt.lang)
    stats = metrics.annotate(graph)
    stats.update(network_nodes=graph.number_of_nodes(), network_edges=graph.number_of_edges())
    while len(extraction.measured) >= MEASURED_KEPT:
        del extraction.measured[next(iter(extraction.measured))]
    extraction.measured[key] = (graph, stats)
    return graph, stats


def build(extraction: Extraction, flt: GraphFilter | None = None) -> ActorGraph:
    """The actor graph for ``flt``: merged edges with evidence, metrics, and any paths asked for.

    :raises GraphFilterError: if a filter names something the graph does not have.
    """
    flt = flt or GraphFilter()
    start, stop = _check(extraction, flt)
    centre = find_node(extraction, flt.actor).id if flt.actor else None
    ends = [find_node(extraction, name).id for name in flt.between]
    network, totals = _measured(extraction, flt, start, stop)
    stats = dict(totals)
    # A copy, so that what is cut and placed below leaves the measured network as it is.
    graph = network.copy()
    paths: list[list[str]] = []
    if centre is not None:
        graph = graph.subgraph(_neighbourhood(graph, centre, flt.depth)).copy()
    if ends:
        paths = metrics.shortest_paths(graph, ends[0], ends[1])
        on_path = {n for path in paths for n in path}
        pairs = {frozenset(p) for path in paths for p in zip(path, path[1:], strict=False)}
        sub = nx.MultiDiGraph()
        sub.add_nodes_from((n, graph.nodes[n]) for n in on_path)
        sub.add_edges_from(
            (u, v, k, d) for u, v, k, d in graph.edges(keys=True, data=True)
            if frozenset((u, v)) in pairs
        )
        graph = sub
    shown_before_top = graph.number_of_nodes()
    if flt.top is not None and shown_before_top > flt.top:
        asked_for = {n for n in (centre, *ends) if n is not None}
        graph = _most_connected(graph, flt.top, asked_for)
    stats.update(nodes=graph.number_of_nodes(), edges=graph.number_of_edges(),
                 hidden=shown_before_top - graph.number_of_nodes())
    layout.place(graph)
    return ActorGraph(graph, extraction, flt, stats, paths)
