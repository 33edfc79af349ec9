"""Every export reads back with the same nodes and edges: GraphML and GEXF with networkx,
Cytoscape JSON with json and networkx, DOT with pydot, SVG as XML; PNG is a PNG. The CLI writes
the same files, and its filters change the counts."""

from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pydot
import pytest
from click.testing import CliRunner

from syriakg.analysis import ActorGraph, Extraction, GraphFilter, build, export
from syriakg.cli import main
from syriakg.settings import Settings

SVG = "{http://www.w3.org/2000/svg}"
# pydot 4 still calls pyparsing's camelCase names, which pyparsing 3.3 deprecates.
pytestmark = pytest.mark.filterwarnings("ignore:'.*' deprecated - use:DeprecationWarning")


def read_back(fmt: str, data: bytes) -> tuple[int, int]:
    """(nodes, edges) of an exported file, read by a reader that is not ours where one exists."""
    if fmt == "graphml":
        g = nx.read_graphml(io.BytesIO(data))
        return g.number_of_nodes(), g.number_of_edges()
    if fmt == "gexf":
        g = nx.read_gexf(io.BytesIO(data))
        return g.number_of_nodes(), g.number_of_edges()
    if fmt == "json":
        doc = json.loads(data)
        g = nx.cytoscape_graph(doc)
        assert g.number_of_nodes() == len(doc["elements"]["nodes"])
        assert g.number_of_edges() == len(doc["elements"]["edges"])
        return g.number_of_nodes(), g.number_of_edges()
    if fmt == "dot":
        parsed = pydot.graph_from_dot_data(data.decode("utf-8"))
        assert parsed is not None and len(parsed) == 1
        g = nx.nx_pydot.from_pydot(parsed[0])
        return g.number_of_nodes(), g.number_of_edges()
    if fmt == "svg":
        root = ET.fromstring(data)
        groups = [g.get("class") for g in root.iter(f"{SVG}g")]
        return groups.count("node"), groups.count("edge")
    raise AssertionError(fmt)


@pytest.fixture(scope="module")
def full(extraction: Extraction) -> ActorGraph:
    return build(extraction)


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "json", "dot", "svg"])
def test_export_reads_back_with_the_same_counts(full: ActorGraph, fmt: str) -> None:
    counts = (full.graph.number_of_nodes(), full.graph.number_of_edges())
    assert counts[1] > 20
    assert read_back(fmt, export(full, fmt)) == counts


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "json", "dot", "svg"])
def test_filtered_export_reads_back_with_the_filtered_counts(
    extraction: Extraction, fmt: str
) -> None:
    vetoes = build(extraction, GraphFilter(relations=("vetoed", "co-vetoed"), lang="ar"))
    counts = (vetoes.graph.number_of_nodes(), vetoes.graph.number_of_edges())
    assert counts[1] >= 3
    assert read_back(fmt, export(vetoes, fmt)) == counts


def test_graphml_keeps_labels_metrics_and_evidence(full: ActorGraph) -> None:
    g = nx.read_graphml(io.BytesIO(export(full, "graphml")))
    assert g.nodes["actor:russia"]["label_ar"] == "روسيا"
    assert g.nodes["actor:russia"]["degree"] == full.graph.nodes["actor:russia"]["degree"]
    edge = g.edges["actor:bashar-al-assad", "actor:russia", "requested"]
    assert edge["claims"] == "claim:d0001-request"
    assert "بشار الأسد" in edge["quotes_ar"]


def test_gexf_has_gephi_colours_and_sizes(full: ActorGraph) -> None:
    root = ET.fromstring(export(full, "gexf", size_by="betweenness"))
    viz = "{http://www.gexf.net/1.2draft/viz}"
    assert root.find(f".//{viz}color") is not None and root.find(f".//{viz}size") is not None


def test_json_carries_evidence_legend_and_metrics(full: ActorGraph) -> None:
    doc = json.loads(export(full, "json"))
    edge = next(e["data"] for e in doc["elements"]["edges"] if e["data"]["relation"] == "requested")
    (item,) = edge["evidence"]
    assert item["quote_ar"].startswith("وهذا التدخل جاء بناء على طلب")
    assert item["source"] == "d0001" and item["claim_url"] == "/id/claim/d0001-request"
    assert {r["id"] for r in doc["relations"]} >= {"requested", "vetoed", "co-vetoed", "member-of"}
    assert doc["data"]["stats"]["nodes"] == full.graph.number_of_nodes()
    node = next(n["data"] for n in doc["elements"]["nodes"] if n["data"]["id"] == "actor:russia")
    assert {"degree", "betweenness", "eigenvector", "community", "color"} <= set(node)


def test_svg_and_png_draw_arabic_labels(extraction: Extraction) -> None:
    arabic = build(extraction, GraphFilter(lang="ar"))
    svg = export(arabic, "svg").decode("utf-8")
    assert "روسيا" in svg and "الحكومة السورية" in svg
    png = export(arabic, "png")
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 20_000


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "json", "dot", "svg", "png"])
def test_cli_writes_every_format(settings: Settings, full: ActorGraph, tmp_path: Path,
                                 fmt: str) -> None:
    out = tmp_path / f"graph.{fmt}"
    result = CliRunner().invoke(
        main, ["graph", "--store", str(settings.store_path), "--format", fmt, "-o", str(out)])
    assert result.exit_code == 0, result.output
    counts = (full.graph.number_of_nodes(), full.graph.number_of_edges())
    if fmt == "png":
        assert out.read_bytes()[:4] == b"\x89PNG"
    else:
        assert read_back(fmt, out.read_bytes()) == counts


def test_cli_filters_change_the_counts(
    settings: Settings, extraction: Extraction, full: ActorGraph, tmp_path: Path
) -> None:
    china = build(extraction, GraphFilter(actor="china", depth=1)).graph
    assert china.number_of_edges() < full.graph.number_of_edges()
    out = tmp_path / "around-china.graphml"
    result = CliRunner().invoke(main, [
        "graph", "--store", str(settings.store_path), "--format", "graphml", "--actor", "china",
        "--depth", "1", "--lang", "ar", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert read_back("graphml", out.read_bytes()) == (
        china.number_of_nodes(), china.number_of_edges())
    result = CliRunner().invoke(main, [
        "graph", "--store", str(settings.store_path), "--format", "table",
        "--from", "2019", "--to", "2020", "--relation", "supports", "--relation", "controlled"])
    assert result.exit_code == 0, result.output
    assert "actor:government-of-syria" in result.output
    assert "shown: 3 nodes, 2 edges" in result.output
    no_reference = build(extraction, GraphFilter(without_sources=("reference",))).graph
    result = CliRunner().invoke(main, [
        "graph", "--store", str(settings.store_path), "--format", "graphml",
        "--not-source", "reference", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert read_back("graphml", out.read_bytes()) == (
        no_reference.number_of_nodes(), no_reference.number_of_edges())
    assert no_reference.number_of_edges() < full.graph.number_of_edges()


def test_cli_says_what_is_wrong(settings: Settings) -> None:
    result = CliRunner().invoke(
        main, ["graph", "--store", str(settings.store_path), "--actor", "atlantis"])
    assert result.exit_code == 2
    assert "no actor or place called 'atlantis'" in result.output


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "json", "dot", "svg", "png"])
def test_a_graph_without_edges_still_exports(extraction: Extraction, fmt: str) -> None:
    lonely = build(extraction, GraphFilter(actor="china", depth=0))
    data = export(lonely, fmt)
    if fmt != "png":
        assert read_back(fmt, data) == (1, 0)


def test_pictures_need_no_graphviz(extraction: Extraction, monkeypatch: pytest.MonkeyPatch) -> None:
    # With no program on the PATH at all, SVG and PNG are still drawn, in Python.
    monkeypatch.setenv("PATH", "")
    ag = build(extraction)
    svg = export(ag, "svg")
    assert read_back("svg", svg) == (ag.graph.number_of_nodes(), ag.graph.number_of_edges())
    assert export(ag, "png")[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_layout_is_the_same_from_one_build_to_the_next(extraction: Extraction) -> None:
    first, second = build(extraction), build(extraction)
    where = {n: (d["x"], d["y"]) for n, d in first.graph.nodes(data=True)}
    assert where == {n: (d["x"], d["y"]) for n, d in second.graph.nodes(data=True)}
    assert len(set(where.values())) == len(where)  # no two nodes on one spot
    assert export(first, "svg") == export(second, "svg")


def test_the_state_and_the_territory_of_one_name_are_told_apart(full: ActorGraph) -> None:
    nodes = full.graph.nodes
    assert nodes["actor:syria"]["label_en"] == "Syria (state)"
    assert nodes["place:syria"]["label_en"] == "Syria (place)"
    assert nodes["place:syria"]["label_ar"] == "سوريا (مكان)"
    labels = [d["label_en"] for _, d in full.graph.nodes(data=True)]
    assert len(labels) == len(set(labels))
    assert nodes["actor:russia"]["label_en"] == "Russia"
