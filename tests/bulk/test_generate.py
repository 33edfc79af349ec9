"""bench/generate.py: deterministic, sized as asked, on our ontology, with listed violations."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from tests.bulk.conftest import generate

SKG = "https://w3id.org/syria-kg/ontology#"


def test_the_same_seed_gives_the_same_bytes(tmp_path: Path) -> None:
    a = generate(tmp_path / "a.nq", 5_000).read_bytes()
    b = generate(tmp_path / "b.nq", 5_000).read_bytes()
    c = generate(tmp_path / "c.nq", 5_000, seed=8).read_bytes()
    assert a == b
    assert a != c


def test_size_and_compression(tmp_path: Path) -> None:
    path = generate(tmp_path / "g.nq.gz", 20_000)
    with gzip.open(path, "rb") as fh:
        quads = list(ox.parse(fh, format=ox.RdfFormat.N_QUADS))
    assert 20_000 <= len(quads) < 20_600  # stops after the document that reaches the size
    graphs = {q.graph_name.value for q in quads}
    assert "https://w3id.org/syria-kg/graph/gen-reference" in graphs
    assert len(graphs) > 50  # one graph per generated document


def test_only_terms_of_the_ontology(tmp_path: Path, curated: object) -> None:
    quads = ox.parse(path=str(generate(tmp_path / "g.nq", 5_000)), format=ox.RdfFormat.N_QUADS)
    used = {
        t.value
        for q in quads
        for t in (q.predicate, q.object)
        if isinstance(t, ox.NamedNode) and t.value.startswith(SKG)
    }
    ontology = Graph()
    for path in sorted((Path(__file__).resolve().parents[2] / "ontology").rglob("*.ttl")):
        ontology.parse(path)
    defined = {str(s) for s in ontology.subjects()}
    assert used and used <= defined, sorted(used - defined)


def test_actors_have_arabic_and_english_labels(tmp_path: Path) -> None:
    store = ox.Store()
    store.bulk_load(path=str(generate(tmp_path / "g.nq", 5_000)), format=ox.RdfFormat.N_QUADS)
    rows = store.query(
        """PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
           PREFIX skg: <https://w3id.org/syria-kg/ontology#>
           SELECT ?actor (GROUP_CONCAT(LANG(?label)) AS ?langs) WHERE {
             ?actor a ?cls ; skos:prefLabel ?label .
             VALUES ?cls { skg:State skg:Person skg:ArmedGroup skg:MonitoringOrganisation }
           } GROUP BY ?actor""",
        use_default_graph_as_union=True,
    )
    langs = [sorted(str(r["langs"].value).split()) for r in rows]
    assert len(langs) >= 40
    assert all(ls == ["ar", "en"] for ls in langs)


def test_violations_are_listed(tmp_path: Path) -> None:
    path = generate(tmp_path / "g.nq", 20_000, violations=9)
    expected = json.loads(Path(f"{path}.expected.json").read_text(encoding="utf-8"))
    shapes = {shape.rsplit("#", 1)[1] for _, shape in expected["violations"]}
    assert len(expected["violations"]) == 9
    assert shapes == {
        "ClaimSourceShape",
        "SpanTextShape",
        "TextHashMatchShape",
        "ClaimAttitudeShape",
        "ClaimTranslationShape",
        "VetoPermanentMemberShape",
        "CasualtyOutcomeShape",
        "IntervalOrderShape",
        "FigurePercentShape",
    }
