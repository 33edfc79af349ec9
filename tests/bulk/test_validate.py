"""The compiled shapes report what pyshacl reports: the same (focus node, source shape) pairs.

Compared on the curated graph, on every shapes fixture at once (shapes/fixtures/*/*.ttl, their
own nodes renamed per file so that they cannot collide) and on generated data with known
violations. pyshacl gets exactly the triples the store holds, so only the validators differ.
"""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox
import pytest
from pyshacl import validate as shacl_validate
from rdflib import RDF, Graph, URIRef
from rdflib.namespace import SH

from syriakg.bulk import rules
from syriakg.bulk.shapes import UnsupportedShape
from syriakg.bulk.validate import validate
from syriakg.pipeline import reference
from syriakg.pipeline.load import load_reference
from syriakg.pipeline.ontology_index import OntologyIndex
from syriakg.settings import Settings
from tests.bulk.conftest import ROOT, Curated, Generated, add_ontology, store_with

ID = "https://w3id.org/syria-kg/id/"
FIXTURES = sorted((ROOT / "shapes" / "fixtures").glob("*/*.ttl"))


def pyshacl_pairs(data: Graph, shapes: Graph) -> set[tuple[str, str]]:
    _, results, _ = shacl_validate(
        data, shacl_graph=shapes, inference="none", advanced=True, allow_warnings=True
    )
    assert isinstance(results, Graph)
    return {
        (str(results.value(r, SH.focusNode)), str(results.value(r, SH.sourceShape)))
        for r in results.subjects(RDF.type, SH.ValidationResult)
    }


def store_pairs(
    store: ox.Store, shapes: Graph, focus_graph: str | None = None
) -> set[tuple[str, str]]:
    # pyshacl names a blank-node shape by its bare id, the report by _:id.
    return {
        (focus, shape.removeprefix("_:"))
        for focus, shape in validate(store, shapes, focus_graph).pairs()
    }


def union(store: ox.Store) -> Graph:
    triples = [ox.Triple(q.subject, q.predicate, q.object) for q in store]
    return Graph().parse(data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES), format="nt")


def test_equal_to_pyshacl_on_the_curated_graph(curated: Curated, shapes: Graph) -> None:
    data = Graph()
    for graph in (curated.asserted, curated.inferred, curated.ontology):
        data += graph
    data = data.skolemize()  # blank nodes keep their names in both validators
    expected = pyshacl_pairs(data, shapes)
    assert store_pairs(store_with({"urn:curated": data}), shapes) == expected


@pytest.fixture(scope="module")
def fixtures_store(settings: Settings) -> ox.Store:
    """Every fixture with the ontology and the reference layer, reasoned, as one store."""
    ontology = Graph()
    for path in sorted((ROOT / "ontology").rglob("*.ttl")):
        ontology.parse(path)
    ref, _ = reference.build(load_reference(settings), OntologyIndex.from_graph(ontology))
    known = set(ref.subjects())
    merged = Graph()
    for i, path in enumerate(FIXTURES):

        def rename(node: object, i: int = i) -> object:
            if isinstance(node, URIRef) and str(node).startswith(ID) and node not in known:
                return URIRef(f"{node}-f{i:02d}")
            return node

        for s, p, o in Graph().parse(path):
            merged.add((rename(s), p, rename(o)))  # type: ignore[arg-type]
    store = store_with({"urn:reference": ref, "urn:fixtures": merged})
    add_ontology(store)
    rules.closure(store)
    return store


def test_equal_to_pyshacl_on_the_fixtures(fixtures_store: ox.Store, shapes: Graph) -> None:
    assert len(FIXTURES) >= 20
    expected = pyshacl_pairs(union(fixtures_store), shapes)
    assert store_pairs(fixtures_store, shapes) == expected


@pytest.mark.parametrize(
    "path", [p for p in FIXTURES if p.parent.name == "invalid"], ids=lambda p: p.stem
)
def test_each_invalid_fixture_is_caught(
    path: Path, fixtures_store: ox.Store, shapes: Graph
) -> None:
    expected = set(re.findall(r"skgsh:(\w+)", path.read_text(encoding="utf-8").split("\n")[0]))
    suffix = f"-f{FIXTURES.index(path):02d}"
    found = {
        shape.rsplit("#", 1)[-1]
        for focus, shape in _pairs(fixtures_store, shapes)
        if focus.endswith(suffix) or not focus.startswith(ID) or "-f" not in focus
    }
    assert expected and expected <= found


_CACHE: dict[int, set[tuple[str, str]]] = {}


def _pairs(store: ox.Store, shapes: Graph) -> set[tuple[str, str]]:
    if id(store) not in _CACHE:
        _CACHE[id(store)] = store_pairs(store, shapes)
    return _CACHE[id(store)]


def test_generated_violations_are_found_exactly(generated: Generated, shapes: Graph) -> None:
    store = ox.Store()
    store.bulk_load(path=str(generated.path), format=ox.RdfFormat.N_QUADS)
    add_ontology(store)
    rules.closure(store)
    assert len(generated.expected) == 18
    assert store_pairs(store, shapes) == generated.expected
    # Per named graph: a broken document's graph alone gives that document's violation.
    focus, shape = sorted(generated.expected)[0]
    graph = "https://w3id.org/syria-kg/graph/" + re.findall(r"/(g\d{7})", focus)[0]
    assert store_pairs(store, shapes, focus_graph=graph) == {(focus, shape)}


def test_messages_are_filled_in(generated: Generated, shapes: Graph) -> None:
    store = ox.Store()
    store.bulk_load(path=str(generated.path), format=ox.RdfFormat.N_QUADS)
    add_ontology(store)
    rules.closure(store)
    span = [r for r in validate(store, shapes).results if r.shape.endswith("#SpanTextShape")]
    assert span and re.search(r"characters \d+ to \d+", span[0].message)
    assert "{?" not in span[0].message


SHAPE = """@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <https://example.org/> .
ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ex:p ; %s ] ."""


@pytest.mark.parametrize(
    "constraint, component",
    [
        ("sh:minCount 1 ; sh:fooBar 3", "sh:fooBar"),
        (
            "sh:qualifiedValueShape [ sh:class ex:D ] ; sh:qualifiedMinCount 1 ; "
            "sh:qualifiedValueShapesDisjoint true",
            "sh:qualifiedValueShapesDisjoint",
        ),
    ],
)
def test_unsupported_components_are_named(constraint: str, component: str) -> None:
    shapes = Graph().parse(data=SHAPE % constraint, format="turtle")
    with pytest.raises(UnsupportedShape, match=f"shape .*{component}"):
        validate(ox.Store(), shapes)
