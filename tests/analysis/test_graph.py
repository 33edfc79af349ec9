"""The actor graph built from the real store has the actors and relations the article states,
each edge's evidence resolves to claims whose quotes are the source's own words, and the
filters change what is shown as expected."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest

from syriakg.analysis import (
    Extraction,
    ExtractionError,
    GraphFilter,
    GraphFilterError,
    build,
    extract,
    metrics,
)
from syriakg.namespaces import PREFIXES

# (subject, relation, object) the article states, as node ids of the graph.
ARTICLE_EDGES = [
    ("actor:bashar-al-assad", "requested", "actor:russia"),
    ("actor:federation-council", "authorised", "actor:vladimir-putin"),
    # Fighters of Russian and of Iranian nationality, not the states (docs/modelling.md).
    ("actor:government-of-syria", "broughtIn", "actor:d0001-iranian-fighters"),
    ("actor:government-of-syria", "broughtIn", "actor:hezbollah"),
    ("actor:government-of-syria", "broughtIn", "actor:pkk"),
    ("actor:government-of-syria", "broughtIn", "actor:d0001-russian-fighters"),
    ("actor:d0001-russian-fighters", "nationality", "actor:russia"),
    ("actor:d0001-iranian-fighters", "nationality", "actor:iran"),
    ("actor:russia", "agreement", "actor:turkey"),
    ("actor:china", "co-vetoed", "actor:russia"),
    ("actor:china", "vetoed", "draft:d0001-crossborder-extension-draft"),
    ("actor:russia", "vetoed", "draft:d0001-crossborder-extension-draft"),
    ("actor:russian-armed-forces", "intervened-in", "place:syria"),
    ("actor:russia", "supports", "actor:government-of-syria"),
    ("actor:russia", "pressured", "actor:unsc"),
    ("actor:russia", "attacked", "actor:syrian-opposition"),
    ("actor:russian-armed-forces", "attacked", "place:idlib-governorate"),
    ("actor:vladimir-putin", "announced-target", "actor:isil"),
    ("actor:government-of-syria", "controlled", "place:syria"),
]
REFERENCE_EDGES = [
    ("actor:russia", "member-of", "actor:unsc"),
    ("actor:china", "member-of", "actor:unsc"),
    ("actor:federation-council", "unit-of", "actor:russia"),
    ("actor:russian-armed-forces", "part-of", "actor:russia"),
    ("actor:unsc", "unit-of", "actor:united-nations"),
    ("actor:government-of-syria", "government-of", "actor:syria"),
    # Offices held, with their periods from a cited page (data/reference/memberships.csv).
    ("actor:vladimir-putin", "holds-office-in", "actor:russia"),
    ("actor:bashar-al-assad", "holds-office-in", "actor:syria"),
]


@pytest.fixture(scope="module")
def full(extraction: Extraction) -> nx.MultiDiGraph:
    return build(extraction).graph


def _count(store: ox.Store, query: str) -> int:
    rows = store.query(query, prefixes=PREFIXES, use_default_graph_as_union=True)
    assert isinstance(rows, ox.QuerySolutions)
    return int(next(iter(rows))["n"].value)


def _source_texts(store: ox.Store) -> dict[str, str]:
    rows = store.query(
        "PREFIX skg: <https://w3id.org/syria-kg/ontology#> "
        "PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#> "
        "SELECT ?doc ?text WHERE { ?doc skg:hasText/nif:isString ?text }",
        use_default_graph_as_union=True,
    )
    assert isinstance(rows, ox.QuerySolutions)
    return {str(r["doc"].value).rsplit("/", 1)[-1]: str(r["text"].value) for r in rows}


def _graphs(evidence: list[dict[str, object]]) -> set[object]:
    return {e["graph"] for e in evidence}


@pytest.mark.parametrize(("u", "relation", "v"), ARTICLE_EDGES)
def test_article_relation_is_an_edge_with_its_claim(
    full: nx.MultiDiGraph, u: str, relation: str, v: str
) -> None:
    assert full.has_edge(u, v, key=relation), f"missing {u} -{relation}-> {v}"
    evidence = full.edges[u, v, relation]["evidence"]
    assert any(e["kind"] == "claim" and e["source"] == "d0001" for e in evidence)


@pytest.mark.parametrize(("u", "relation", "v"), REFERENCE_EDGES)
def test_reference_layer_relation_is_an_edge(
    full: nx.MultiDiGraph, u: str, relation: str, v: str
) -> None:
    data = full.edges[u, v, relation]
    kinds = [e["kind"] for e in data["evidence"]]
    # One piece of evidence per fact: Putin's two terms as president are two.
    assert data["reference"] and kinds == ["reference"] * (2 if u.endswith("putin") else 1)


def test_node_labels_and_kinds(full: nx.MultiDiGraph) -> None:
    russia = full.nodes["actor:russia"]
    assert (russia["label_en"], russia["label_ar"], russia["kind"]) == ("Russia", "روسيا", "State")
    assert full.nodes["actor:federation-council"]["kind"] == "Legislature"
    assert full.nodes["actor:bashar-al-assad"]["url"] == "/id/actor/bashar-al-assad"
    assert full.nodes["place:syria"]["kind"] == "Country"


def test_every_claim_resolves_to_its_quote_or_its_record(
    full: nx.MultiDiGraph, extraction: Extraction, store: ox.Store
) -> None:
    """An article's claim quotes the stored text at its span; a record claim (no text is
    stored for records) names the page it cites."""
    texts = _source_texts(store)
    quoted = recorded = 0
    for _, _, data in full.edges(data=True):
        for item in data["evidence"]:
            if item["kind"] != "claim":
                continue
            claim = extraction.claims[item["claim_iri"]]
            if claim.quotes:
                for quote in claim.quotes:
                    assert texts[claim.source][quote.start:quote.end] == quote.exact
                    assert quote.exact in item["quote_ar"]
                assert item["translation_en"]
                quoted += 1
            else:
                assert item["source_url"].startswith("http"), item["claim"]
                assert item["claim_label_en"] and item["claim_label_ar"]
                recorded += 1
    assert quoted >= len(ARTICLE_EDGES)


def test_one_edge_per_relation_with_all_its_claims(full: nx.MultiDiGraph) -> None:
    controlled = full.edges["actor:government-of-syria", "place:syria", "controlled"]
    article = [e for e in controlled["evidence"] if e["source"] == "d0001"]
    assert len(article) == 3 and len({e["claim"] for e in article}) == 3
    assert controlled["weight"] == len(controlled["evidence"])


def test_a_relation_stated_by_two_sources_is_one_edge_with_both_evidence(
    full: nx.MultiDiGraph, store: ox.Store
) -> None:
    """The article and the UN records both say China and Russia vetoed together; the article
    and a news record both say the Federation Council authorised Putin."""
    coveto = full.edges["actor:china", "actor:russia", "co-vetoed"]
    records = _count(store, """
        SELECT (COUNT(DISTINCT ?claim) AS ?n) WHERE {
          ?a a skg:Veto ; skg:voter actor:china ; skg:inVoteEvent ?e .
          ?b a skg:Veto ; skg:voter actor:russia ; skg:inVoteEvent ?e .
          GRAPH ?g { ?claim skg:claimedEvent ?e }
          FILTER (?g != <https://w3id.org/syria-kg/graph/d0001>) }""")
    assert records >= 1
    assert "d0001" in coveto["sources"] and len(coveto["sources"]) >= 2
    assert coveto["weight"] == len(coveto["claims"]) == 1 + records
    assert full.number_of_edges("actor:china", "actor:russia") == 1  # one edge, not 1 + records
    authorised = full.edges["actor:federation-council", "actor:vladimir-putin", "authorised"]
    assert _graphs(authorised["evidence"]) >= {"d0001"} and len(authorised["sources"]) >= 2


def test_another_source_adds_evidence_to_the_same_edge(
    full: nx.MultiDiGraph, two_sources: Extraction
) -> None:
    graph = build(two_sources).graph
    before = full.edges["actor:government-of-syria", "actor:hezbollah", "broughtIn"]
    after = graph.edges["actor:government-of-syria", "actor:hezbollah", "broughtIn"]
    assert after["weight"] == before["weight"] + 1
    assert set(after["sources"]) == set(before["sources"]) | {"t9001"}
    coveto = graph.edges["actor:china", "actor:russia", "co-vetoed"]
    assert "t9001" in coveto["sources"]
    assert graph.has_edge("actor:russia", "draft:t9001-s-2020-667", key="vetoed")
    assert graph.nodes["draft:t9001-s-2020-667"]["label"] == "S/2020/667"


def test_source_filter_keeps_one_source(two_sources: Extraction) -> None:
    article = build(two_sources, GraphFilter(sources=("d0001",))).graph
    record = build(two_sources, GraphFilter(sources=("t9001",))).graph
    assert article.edges["actor:china", "actor:russia", "co-vetoed"]["sources"] == ["d0001"]
    assert all(_graphs(d["evidence"]) == {"d0001"} for _, _, d in article.edges(data=True))
    assert sorted(record.edges(keys=True)) == sorted([
        ("actor:china", "actor:russia", "co-vetoed"),
        ("actor:china", "draft:t9001-s-2020-667", "vetoed"),
        ("actor:russia", "draft:t9001-s-2020-667", "vetoed"),
        ("actor:government-of-syria", "actor:hezbollah", "broughtIn"),
    ])
    reference = build(two_sources, GraphFilter(sources=("reference",))).graph
    assert reference.number_of_edges() >= len(REFERENCE_EDGES)
    assert all(d["reference"] for _, _, d in reference.edges(data=True))
    both = build(two_sources, GraphFilter(sources=("d0001", "t9001"))).graph
    assert both.edges["actor:china", "actor:russia", "co-vetoed"]["sources"] == [
        "d0001", "t9001"]


def test_sources_can_be_left_out(
    two_sources: Extraction, full: nx.MultiDiGraph
) -> None:
    # The real store alone is the two sources less the second one, named by id or by graph.
    second_graph = next(s.graph for s in two_sources.sources.values() if s.id == "t9001")
    for name in ("t9001", second_graph):
        without = build(two_sources, GraphFilter(without_sources=(name,))).graph
        assert sorted(without.edges(keys=True)) == sorted(full.edges(keys=True))
        assert all("t9001" not in d["sources"] for _, _, d in without.edges(data=True))
    # Both ways of naming sources together: what is kept, less what is left out.
    only_record = build(two_sources, GraphFilter(sources=("t9001", "reference"),
                                                 without_sources=("reference",))).graph
    assert sorted(only_record.edges(keys=True)) == sorted(
        build(two_sources, GraphFilter(sources=("t9001",))).graph.edges(keys=True))


def test_time_window_keeps_claims_dated_inside_it(
    extraction: Extraction, two_sources: Extraction
) -> None:
    in_2019 = build(extraction, GraphFilter(start="2019", stop="2019")).graph
    controlled = in_2019.edges["actor:government-of-syria", "place:syria", "controlled"]
    assert [e["when"] for e in controlled["evidence"]] == ["2019-01-01/2019-12-31"]
    assert in_2019.has_edge("actor:russia", "actor:government-of-syria", key="supports")
    assert not in_2019.has_edge("actor:federation-council", "actor:vladimir-putin")  # 2015
    assert not in_2019.has_edge("actor:bashar-al-assad", "actor:russia")  # undated
    assert in_2019.has_edge("actor:russia", "actor:unsc", key="member-of")  # reference stays
    in_2015 = build(extraction, GraphFilter(start="2015-09", stop="2015-09")).graph
    assert in_2015.has_edge("actor:federation-council", "actor:vladimir-putin", key="authorised")
    july_2020 = build(two_sources, GraphFilter(start="2020-07-01", stop="2020-07-31")).graph
    coveto = july_2020.edges["actor:china", "actor:russia", "co-vetoed"]
    assert "t9001" in coveto["sources"] and "d0001" not in coveto["sources"]  # article: undated
    assert all(e["when"].startswith("2020-07") for e in coveto["evidence"])


def test_relation_filter(extraction: Extraction, full: nx.MultiDiGraph, store: ox.Store) -> None:
    vetoes = build(extraction, GraphFilter(relations=("vetoed", "co-vetoed"))).graph
    assert {k for _, _, k in vetoes.edges(keys=True)} == {"vetoed", "co-vetoed"}
    vetoed = _count(store, """
        SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?voter ?draft WHERE {
          ?v a skg:Veto ; skg:voter ?voter ; skg:inVoteEvent/skg:onDraft ?draft } }""")
    pairs = _count(store, """
        SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?x ?y WHERE {
          ?a a skg:Veto ; skg:voter ?x ; skg:inVoteEvent ?e .
          ?b a skg:Veto ; skg:voter ?y ; skg:inVoteEvent ?e . FILTER (STR(?x) < STR(?y)) } }""")
    assert vetoes.number_of_edges() == vetoed + pairs
    assert vetoes.number_of_edges() < full.number_of_edges()


def test_neighbourhood(extraction: Extraction, full: nx.MultiDiGraph) -> None:
    china = build(extraction, GraphFilter(actor="china", depth=1)).graph
    expected = {"actor:china", *full.successors("actor:china"), *full.predecessors("actor:china")}
    assert set(china.nodes) == expected
    assert {"actor:russia", "actor:unsc", "draft:d0001-crossborder-extension-draft"} < expected
    assert set(build(extraction, GraphFilter(actor="الصين", depth=0)).graph.nodes) == {
        "actor:china"}
    wider = build(extraction, GraphFilter(actor="actor:china", depth=2)).graph
    assert wider.number_of_nodes() > china.number_of_nodes()


def test_shortest_paths(extraction: Extraction) -> None:
    ag = build(extraction, GraphFilter(between=("bashar-al-assad", "China")))
    assert ag.paths == [["actor:bashar-al-assad", "actor:russia", "actor:china"]]
    assert sorted(ag.graph.edges(keys=True)) == [
        ("actor:bashar-al-assad", "actor:russia", "requested"),
        ("actor:china", "actor:russia", "co-vetoed"),
    ]


def test_metrics_are_on_every_node(full: nx.MultiDiGraph, extraction: Extraction) -> None:
    ag = build(extraction)
    assert ag.stats["eigenvector_converged"] is True
    assert ag.stats["communities"] >= 2
    for _, data in full.nodes(data=True):
        assert {"degree", "betweenness", "eigenvector", "community"} <= set(data)
    for metric in ("degree", "betweenness", "eigenvector"):
        top = max(full.nodes(data=True), key=lambda node: float(node[1][metric]))
        assert top[0] == "actor:russia", metric
    assert ag.stats["approximate"] is False  # a small graph gets the exact measures


def test_top_draws_the_most_connected_and_keeps_the_network_measures(
    extraction: Extraction, full: nx.MultiDiGraph
) -> None:
    ag = build(extraction, GraphFilter(top=3))
    by_degree = sorted(full.nodes, key=lambda n: (-full.degree(n), n))
    assert set(ag.graph.nodes) == set(by_degree[:3])
    assert ag.stats["nodes"] == 3
    assert ag.stats["hidden"] == full.number_of_nodes() - 3
    assert ag.stats["network_nodes"] == full.number_of_nodes()
    for node, data in ag.graph.nodes(data=True):  # measured on the whole network, not the cut
        assert data["degree"] == full.degree(node)
        assert data["betweenness"] == full.nodes[node]["betweenness"]
    assert set(ag.graph.edges(keys=True)) == set(full.subgraph(by_degree[:3]).edges(keys=True))
    # The actor asked for stays, however few its relations.
    around = build(extraction, GraphFilter(actor="federation-council", depth=2, top=1))
    assert set(around.graph.nodes) == {"actor:federation-council", by_degree[0]}
    everyone = build(extraction, GraphFilter(top=full.number_of_nodes()))
    assert everyone.stats["hidden"] == 0
    assert everyone.graph.number_of_nodes() == full.number_of_nodes()


def _hubs(nodes: int) -> nx.MultiDiGraph:
    """Five hubs, each linked to its share of the other nodes, and the hubs in a ring."""
    graph = nx.MultiDiGraph()
    for i in range(5, nodes):
        graph.add_edge(f"hub{i % 5}", f"n{i}", key="vetoed")
    for i in range(5):
        graph.add_edge(f"hub{i}", f"hub{(i + 1) % 5}", key="allied")
    return graph


def test_a_large_graph_gets_estimated_measures_that_say_so() -> None:
    graph, again = _hubs(metrics.LARGE + 500), _hubs(metrics.LARGE + 500)
    stats = metrics.annotate(graph)
    assert stats["approximate"] is True
    assert stats["eigenvector_converged"] is True  # within the fewer rounds of a large graph
    assert stats["communities"] >= 2
    betweenness = {n: d["betweenness"] for n, d in graph.nodes(data=True)}
    assert max(betweenness, key=betweenness.__getitem__).startswith("hub")
    assert all(betweenness[f"n{i}"] == 0.0 for i in range(5, 50))  # leaves lie on no path
    metrics.annotate(again)  # seeded: the same graph, the same numbers
    assert [d for _, d in graph.nodes(data=True)] == [d for _, d in again.nodes(data=True)]


@pytest.mark.parametrize(
    ("flt", "message"),
    [
        (GraphFilter(actor="atlantis"), "no actor or place called 'atlantis'"),
        (GraphFilter(relations=("married",)), "unknown relation(s) married"),
        (GraphFilter(sources=("d9999",)), "unknown source(s) d9999"),
        (GraphFilter(without_sources=("d9998",)), "unknown source(s) d9998"),
        (GraphFilter(start="2019-13"), "'2019-13' is not a date"),
        (GraphFilter(between=("russia",)), "exactly two actors"),
        (GraphFilter(top=0), "top must be 1 or more, not 0"),
    ],
)
def test_bad_filters_say_what_is_wrong(
    extraction: Extraction, flt: GraphFilter, message: str
) -> None:
    with pytest.raises(GraphFilterError, match=message.replace("(", r"\(").replace(")", r"\)")):
        build(extraction, flt)


def test_missing_extraction_queries_are_named(store: ox.Store, tmp_path: Path) -> None:
    with pytest.raises(ExtractionError, match="no extraction queries at"):
        extract(store, tmp_path / "nowhere")
    broken = tmp_path / "broken"
    broken.mkdir()
    for name in ("nodes", "evidence", "times", "sources"):
        (broken / f"{name}.rq").write_text("SELECT * WHERE {", encoding="utf-8")
    with pytest.raises(ExtractionError, match="does not parse"):
        extract(store, broken)
    for name in ("nodes", "evidence", "times", "sources"):
        (broken / f"{name}.rq").write_text("ASK { ?s ?p ?o }", encoding="utf-8")
    with pytest.raises(ExtractionError, match="must be a SELECT"):
        extract(store, broken)
